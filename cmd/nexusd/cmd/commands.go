package cmd

import (
	"errors"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"cosmossdk.io/log/v2"
	dbm "github.com/cosmos/cosmos-db"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/debug"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/keys"
	"github.com/cosmos/cosmos-sdk/client/pruning"
	"github.com/cosmos/cosmos-sdk/client/rpc"
	"github.com/cosmos/cosmos-sdk/client/snapshot"
	"github.com/cosmos/cosmos-sdk/server"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	signingtypes "github.com/cosmos/cosmos-sdk/types/tx/signing"
	authcmd "github.com/cosmos/cosmos-sdk/x/auth/client/cli"
	genutilcli "github.com/cosmos/cosmos-sdk/x/genutil/client/cli"

	"github.com/azora-os/nexus/app"
	metabolismcli "github.com/azora-os/nexus/client/metabolism"
	"github.com/azora-os/nexus/client/proofcli"
	aegiscli "github.com/azora-os/nexus/x/aegis/client/cli"
)

const signingTextual = signingtypes.SignMode_SIGN_MODE_TEXTUAL

// initRootCmd attaches the operator commands an operator of gaia or noble
// expects: init, genesis, keys, tx, query, status, start, comet, export,
// rollback, snapshots, prune, config, version and debug; and verify-proof,
// the offline verifier of proof documents (client/lightproof).
func initRootCmd(rootCmd *cobra.Command, a *app.App) {
	rootCmd.AddCommand(
		initCmd(a),
		debug.Cmd(),
		configCommand(),
		pruning.Cmd(newApp, app.DefaultNodeHome),
		snapshot.Cmd(newApp),
	)

	// start opens the application database with Nexus's goleveldb options
	// (appdb.go); every other command opens it as the SDK does.
	server.AddCommandsWithStartCmdOptions(rootCmd, app.DefaultNodeHome, newApp, appExport,
		server.StartCmdOptions{DBOpener: openAppDB})

	rootCmd.AddCommand(
		server.StatusCommand(),
		genesisCommand(a),
		queryCommand(),
		txCommand(),
		keys.Commands(),
		proofcli.VerifyProofCmd(),
	)
}

// genesisCommand is genutil's genesis command with x/aegis's validate-genesis
// (which also checks that every genesis validator is admitted) and
// admit-validator.
func genesisCommand(a *app.App) *cobra.Command {
	cmd := genutilcli.Commands(a.TxConfig(), a.BasicModuleManager, app.DefaultNodeHome)
	aegiscli.ReplaceGenesisCommands(cmd, a.BasicModuleManager, app.BondDenom, app.DefaultNodeHome)
	return cmd
}

// initCmd is genutil's init. The SDK turns an unset pprof address into
// localhost:6060 when it first writes config.toml; a fixed port shared by
// every node on the machine stops a second node from starting, so init writes
// pprof off (see config.toml.example).
func initCmd(a *app.App) *cobra.Command {
	cmd := genutilcli.InitCmd(a.BasicModuleManager, app.DefaultNodeHome)
	inner := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		server.GetServerContextFromCmd(cmd).Config.RPC.PprofListenAddress = ""
		return inner(cmd, args)
	}
	return cmd
}

func queryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        "query",
		Aliases:                    []string{"q"},
		Short:                      "Querying subcommands",
		DisableFlagParsing:         false,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(
		rpc.WaitTxCmd(),
		server.QueryBlockCmd(),
		server.QueryBlocksCmd(),
		server.QueryBlockResultsCmd(),
		authcmd.QueryTxsByEventsCmd(),
		authcmd.QueryTxCmd(),
	)
	return cmd
}

func txCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        "tx",
		Short:                      "Transactions subcommands",
		DisableFlagParsing:         false,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(
		authcmd.GetSignCommand(),
		authcmd.GetSignBatchCommand(),
		authcmd.GetMultiSignCommand(),
		authcmd.GetMultiSignBatchCmd(),
		authcmd.GetValidateSignaturesCommand(),
		authcmd.GetBroadcastCommand(),
		authcmd.GetEncodeCommand(),
		authcmd.GetDecodeCommand(),
		authcmd.GetSimulateCmd(),
	)
	return cmd
}

// addMetabolismCommand mounts `query ledger metabolism`. It lives outside
// x/ledger because it reads every module's events (client/metabolism) and
// classifies the app's module accounts.
func addMetabolismCommand(rootCmd *cobra.Command) {
	ledgerCmd, _, err := rootCmd.Find([]string{"query", "ledger"})
	if err != nil || ledgerCmd.Name() != "ledger" {
		panic("nexusd: no `query ledger` command to add metabolism to")
	}
	ledgerCmd.AddCommand(metabolismcli.Cmd(app.MetabolismAccounts()))
}

// newApp creates the app for `start` and the other server commands.
func newApp(logger log.Logger, db dbm.DB, appOpts servertypes.AppOptions) servertypes.Application {
	return app.New(logger, db, nil, true, appOpts, server.DefaultBaseappOptions(appOpts)...)
}

// appExport exports the app state, optionally at a given height.
func appExport(
	logger log.Logger, db dbm.DB, height int64, forZeroHeight bool, jailAllowedAddrs []string,
	appOpts servertypes.AppOptions, modulesToExport []string,
) (servertypes.ExportedApp, error) {
	viperAppOpts, ok := appOpts.(*viper.Viper)
	if !ok {
		return servertypes.ExportedApp{}, errors.New("appOpts is not viper.Viper")
	}
	homePath, ok := viperAppOpts.Get(flags.FlagHome).(string)
	if !ok || homePath == "" {
		return servertypes.ExportedApp{}, errors.New("application home not set")
	}

	var nexusApp *app.App
	if height != -1 {
		nexusApp = app.New(logger, db, nil, false, viperAppOpts)
		if err := nexusApp.LoadHeight(height); err != nil {
			return servertypes.ExportedApp{}, err
		}
	} else {
		nexusApp = app.New(logger, db, nil, true, viperAppOpts)
	}
	return nexusApp.ExportAppStateAndValidators(forZeroHeight, jailAllowedAddrs, modulesToExport)
}
