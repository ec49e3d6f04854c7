// Command stockd runs the stock Cosmos SDK v0.54.4 chain that nexus-bench
// compares Nexus with (see bench/stockd/README.md). It has the operator
// commands a stock SDK node has: init, genesis, keys, start, comet, config,
// export, rollback, status and version.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"cosmossdk.io/log/v2"
	confixcmd "cosmossdk.io/tools/confix/cmd"
	cmtcfg "github.com/cometbft/cometbft/config"
	dbm "github.com/cosmos/cosmos-db"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/config"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/keys"
	"github.com/cosmos/cosmos-sdk/server"
	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"
	serverconfig "github.com/cosmos/cosmos-sdk/server/config"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	genutilcli "github.com/cosmos/cosmos-sdk/x/genutil/client/cli"

	stock "github.com/azora-os/nexus/bench/stockd/app"
)

func main() {
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	defaultHome := filepath.Join(home, stock.DefaultNodeHome)
	rootCmd := newRootCmd(defaultHome)
	if err := svrcmd.Execute(rootCmd, "STOCKD", defaultHome); err != nil {
		_, _ = fmt.Fprintln(rootCmd.ErrOrStderr(), err)
		os.Exit(1)
	}
}

func newRootCmd(defaultHome string) *cobra.Command {
	stock.SetAddressConfig()
	tempDir, err := os.MkdirTemp("", "stockd-cli-")
	if err != nil {
		panic(err)
	}
	defer func() { _ = os.RemoveAll(tempDir) }()
	tempApp := stock.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(tempDir))

	initClientCtx := client.Context{}.
		WithCodec(tempApp.AppCodec()).
		WithInterfaceRegistry(tempApp.InterfaceRegistry()).
		WithTxConfig(tempApp.TxConfig()).
		WithLegacyAmino(tempApp.LegacyAmino()).
		WithInput(os.Stdin).
		WithAccountRetriever(authtypes.AccountRetriever{}).
		WithHomeDir(defaultHome).
		WithViper("STOCKD")

	rootCmd := &cobra.Command{
		Use:           "stockd",
		Short:         "Stock Cosmos SDK v0.54.4 chain (auth, bank, staking, distribution, consensus, genutil) for nexus-bench",
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(cmd.OutOrStdout())
			cmd.SetErr(cmd.ErrOrStderr())
			cmd.SilenceUsage = true
			clientCtx, err := client.ReadPersistentCommandFlags(initClientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			if clientCtx, err = config.ReadFromClientConfig(clientCtx); err != nil {
				return err
			}
			if err := client.SetCmdClientContextHandler(clientCtx, cmd); err != nil {
				return err
			}
			srv := serverconfig.DefaultConfig()
			srv.MinGasPrices = "0.001" + stock.FeeDenom
			return server.InterceptConfigsPreRunHandler(cmd, serverconfig.DefaultConfigTemplate, *srv, cmtcfg.DefaultConfig())
		},
	}

	newApp := func(logger log.Logger, db dbm.DB, appOpts servertypes.AppOptions) servertypes.Application {
		return stock.New(logger, db, nil, true, appOpts, server.DefaultBaseappOptions(appOpts)...)
	}
	rootCmd.AddCommand(
		genutilcli.InitCmd(tempApp.BasicModuleManager, defaultHome),
		confixcmd.ConfigCommand(),
	)
	server.AddCommands(rootCmd, defaultHome, newApp, exporter(), func(*cobra.Command) {})
	rootCmd.AddCommand(
		server.StatusCommand(),
		genutilcli.Commands(tempApp.TxConfig(), tempApp.BasicModuleManager, defaultHome),
		keys.Commands(),
	)
	return rootCmd
}

func exporter() servertypes.AppExporter {
	return func(logger log.Logger, db dbm.DB, height int64, forZeroHeight bool, jailAllowedAddrs []string,
		appOpts servertypes.AppOptions, modulesToExport []string,
	) (servertypes.ExportedApp, error) {
		v, ok := appOpts.(*viper.Viper)
		if !ok {
			return servertypes.ExportedApp{}, errors.New("appOpts is not viper.Viper")
		}
		if h, _ := v.Get(flags.FlagHome).(string); h == "" {
			return servertypes.ExportedApp{}, errors.New("application home not set")
		}
		a := stock.New(logger, db, nil, height == -1, v)
		if height != -1 {
			if err := a.LoadVersion(height); err != nil {
				return servertypes.ExportedApp{}, err
			}
		}
		return a.ExportAppStateAndValidators(forZeroHeight, jailAllowedAddrs, modulesToExport)
	}
}
