// Package cmd holds the cobra commands of nexusd.
package cmd

import (
	"os"

	"github.com/spf13/cobra"

	"cosmossdk.io/log/v2"
	dbm "github.com/cosmos/cosmos-db"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/config"
	"github.com/cosmos/cosmos-sdk/server"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	"github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtxconfig "github.com/cosmos/cosmos-sdk/x/auth/tx/config"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/azora-os/nexus/app"
)

// NewRootCmd returns the nexusd root command with every subcommand attached.
func NewRootCmd() *cobra.Command {
	// A throw-away app gives the module manager and autocli options; it opens
	// nothing on disk.
	tempDir, err := os.MkdirTemp("", "nexusd-cli-")
	if err != nil {
		panic(err)
	}
	defer func() { _ = os.RemoveAll(tempDir) }()
	tempApp := app.New(log.NewNopLogger(), dbm.NewMemDB(), nil, true, simtestutil.NewAppOptionsWithFlagHome(tempDir))

	initClientCtx := client.Context{}.
		WithCodec(tempApp.AppCodec()).
		WithInterfaceRegistry(tempApp.InterfaceRegistry()).
		WithTxConfig(tempApp.TxConfig()).
		WithLegacyAmino(tempApp.LegacyAmino()).
		WithInput(os.Stdin).
		WithAccountRetriever(authtypes.AccountRetriever{}).
		WithHomeDir(app.DefaultNodeHome).
		WithViper("NEXUSD")

	rootCmd := &cobra.Command{
		Use:           "nexusd",
		Short:         "Nexus Value Exchange node and CLI",
		Long:          "nexusd runs a Nexus Value Exchange node (the value layer of Azora OS) and is its command-line wallet.",
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(cmd.OutOrStdout())
			cmd.SetErr(cmd.ErrOrStderr())
			// Arguments are valid by now: a failure from here on is the
			// command's error, not a usage mistake, so do not print usage.
			cmd.SilenceUsage = true

			if err := reconcileTxFlags(cmd); err != nil {
				return err
			}

			clientCtx, err := client.ReadPersistentCommandFlags(initClientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			clientCtx, err = config.ReadFromClientConfig(clientCtx)
			if err != nil {
				return err
			}

			// Sign mode textual needs the bank metadata query; enable it only
			// when the command talks to a node.
			if !clientCtx.Offline {
				enabledSignModes := append(tx.DefaultSignModes, signingTextual) //nolint:gocritic
				txConfigOpts := tx.ConfigOptions{
					EnabledSignModes:           enabledSignModes,
					TextualCoinMetadataQueryFn: authtxconfig.NewGRPCCoinMetadataQueryFn(clientCtx),
				}
				txConfig, err := tx.NewTxConfigWithOptions(clientCtx.Codec, txConfigOpts)
				if err != nil {
					return err
				}
				clientCtx = clientCtx.WithTxConfig(txConfig)
			}

			if err := client.SetCmdClientContextHandler(clientCtx, cmd); err != nil {
				return err
			}

			appTemplate, appConfig := initAppConfig()
			return server.InterceptConfigsPreRunHandler(cmd, appTemplate, appConfig, initCometBFTConfig())
		},
	}

	initRootCmd(rootCmd, tempApp)

	autoCliOpts := tempApp.AutoCliOpts()
	initClientCtx, _ = config.ReadDefaultValuesFromDefaultClientConfig(initClientCtx)
	autoCliOpts.ClientCtx = initClientCtx
	if err := autoCliOpts.EnhanceRootCommand(rootCmd); err != nil {
		panic(err)
	}
	applyTxDefaults(rootCmd)
	addMetabolismCommand(rootCmd)

	return rootCmd
}
