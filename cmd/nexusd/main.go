// Command nexusd is the Nexus Value Exchange node and CLI.
package main

import (
	"fmt"
	"os"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/cmd/nexusd/cmd"
)

func main() {
	setGCPercent()
	rootCmd := cmd.NewRootCmd()
	if err := svrcmd.Execute(rootCmd, "NEXUSD", app.DefaultNodeHome); err != nil {
		_, _ = fmt.Fprintln(rootCmd.ErrOrStderr(), err)
		os.Exit(1)
	}
}
