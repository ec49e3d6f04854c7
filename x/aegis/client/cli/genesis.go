// Package cli holds the x/aegis commands autocli cannot express: the
// genesis commands of the permissioned validator set.
package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/server"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/azora-os/nexus/x/aegis"
	"github.com/azora-os/nexus/x/aegis/types"
)

// AdmitValidatorGenesisCmd returns `genesis admit-validator`: it puts a
// validator operator on the x/aegis admission list of genesis.json, so its
// gentx (or staking genesis entry) passes the genesis check.
func AdmitValidatorGenesisCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "admit-validator [key_name_or_address] [max-power]",
		Short: "Admit a validator operator in genesis.json (x/aegis admission list) with a max power",
		Long: `Admit a validator operator in genesis.json: put it on the x/aegis admission
list with a max power (consensus power; 1 power = 1,000,000 ustake). Every genesis
validator, whether it comes from a gentx or from the staking genesis, must be
admitted, and its self-bond must fit under its max power, or
'genesis validate-genesis' and the chain's start refuse the genesis.

The operator is a key name (looked up in the keyring, like add-genesis-account),
an account address (azora1...) or an operator address (azoravaloper...). Run it
again to change the max power.

  nexusd genesis add-genesis-account val0 1000000000000uazr,100000000ustake
  nexusd genesis admit-validator val0 100 --keyring-backend test
  nexusd genesis gentx val0 100000000ustake --chain-id nexus-devnet-1`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			config := server.GetServerContextFromCmd(cmd).Config
			config.SetRoot(clientCtx.HomeDir)

			op, err := operatorFromArg(cmd, clientCtx, args[0])
			if err != nil {
				return err
			}
			maxPower, err := strconv.ParseUint(args[1], 10, 64)
			if err != nil {
				return fmt.Errorf("max power %q: %w", args[1], err)
			}
			if err := types.ValidateMaxPower(maxPower); err != nil {
				return err
			}

			genFile := config.GenesisFile()
			appState, appGenesis, err := genutiltypes.GenesisStateFromGenFile(genFile)
			if err != nil {
				return fmt.Errorf("read %s: %w", genFile, err)
			}
			gs := types.DefaultGenesis()
			if raw := appState[types.ModuleName]; raw != nil {
				gs = &types.GenesisState{}
				if err := clientCtx.Codec.UnmarshalJSON(raw, gs); err != nil {
					return fmt.Errorf("decode %s genesis: %w", types.ModuleName, err)
				}
			}
			*gs = types.AdmittedGenesis(*gs, maxPower, op.String())
			if err := gs.Validate(); err != nil {
				return err
			}
			if appState[types.ModuleName], err = clientCtx.Codec.MarshalJSON(gs); err != nil {
				return err
			}
			if appGenesis.AppState, err = json.Marshal(appState); err != nil {
				return err
			}
			if err := genutil.ExportGenesisFile(appGenesis, genFile); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "admitted %s (account %s) with max power %d\n", op, sdk.AccAddress(op), maxPower)
			return err
		},
	}
	cmd.Flags().String(flags.FlagHome, defaultNodeHome, "The application home directory")
	cmd.Flags().String(flags.FlagKeyringBackend, flags.DefaultKeyringBackend, "Select keyring's backend (os|file|kwallet|pass|test)")
	return cmd
}

// operatorFromArg reads an operator from a valoper address, an account
// address or a key name.
func operatorFromArg(cmd *cobra.Command, clientCtx client.Context, arg string) (sdk.ValAddress, error) {
	if op, err := sdk.ValAddressFromBech32(arg); err == nil {
		return op, nil
	}
	if acc, err := sdk.AccAddressFromBech32(arg); err == nil {
		return sdk.ValAddress(acc), nil
	}
	kr := clientCtx.Keyring
	if backend, _ := cmd.Flags().GetString(flags.FlagKeyringBackend); backend != "" && kr == nil {
		var err error
		kr, err = keyring.New(sdk.KeyringServiceName(), backend, clientCtx.HomeDir, bufio.NewReader(cmd.InOrStdin()), clientCtx.Codec)
		if err != nil {
			return nil, err
		}
	}
	if kr == nil {
		return nil, fmt.Errorf("%q is neither an address nor, without a keyring, a key name", arg)
	}
	k, err := kr.Key(arg)
	if err != nil {
		return nil, fmt.Errorf("%q is neither an address nor a key of the keyring: %w", arg, err)
	}
	addr, err := k.GetAddress()
	if err != nil {
		return nil, err
	}
	return sdk.ValAddress(addr), nil
}

// ValidateGenesisCmd returns `genesis validate-genesis`: genutil's checks
// (the file, every module's ValidateGenesis) and then the app-level
// permissioned-validator check (aegis.ValidateGenesisValidators), which
// names any genesis validator that is not admitted.
func ValidateGenesisCmd(mbm module.BasicManager, bondDenom string) *cobra.Command {
	return &cobra.Command{
		Use:     "validate [file]",
		Aliases: []string{"validate-genesis"},
		Args:    cobra.RangeArgs(0, 1),
		Short:   "Validate the genesis file at the default location or at the given path (every module, then validator admission)",
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			genFile := server.GetServerContextFromCmd(cmd).Config.GenesisFile()
			if len(args) == 1 {
				genFile = args[0]
			}
			appGenesis, err := genutiltypes.AppGenesisFromFile(genFile)
			if err != nil {
				return err
			}
			if err := appGenesis.ValidateAndComplete(); err != nil {
				return fmt.Errorf("genesis file %s: %w", genFile, err)
			}
			var appState map[string]json.RawMessage
			if err := json.Unmarshal(appGenesis.AppState, &appState); err != nil {
				return fmt.Errorf("decode app_state of %s: %w", genFile, err)
			}
			if err := mbm.ValidateGenesis(clientCtx.Codec, clientCtx.TxConfig, appState); err != nil {
				msg := err.Error()
				if errors.Is(err, io.EOF) {
					msg += ": section is missing in the app_state"
				}
				return fmt.Errorf("error validating genesis file %s: %s", genFile, msg)
			}
			if err := aegis.ValidateGenesisValidators(clientCtx.Codec, clientCtx.TxConfig.TxJSONDecoder(), appState, bondDenom); err != nil {
				return fmt.Errorf("error validating genesis file %s: validator admission: %w", genFile, err)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "File at %s is a valid genesis file\n", genFile)
			return err
		},
	}
}

// ReplaceGenesisCommands swaps genutil's validate-genesis for
// ValidateGenesisCmd and adds admit-validator to the genesis command.
func ReplaceGenesisCommands(genesisCmd *cobra.Command, mbm module.BasicManager, bondDenom, defaultNodeHome string) {
	for _, c := range genesisCmd.Commands() {
		if strings.HasPrefix(c.Use, "validate ") || c.Use == "validate" {
			genesisCmd.RemoveCommand(c)
		}
	}
	genesisCmd.AddCommand(ValidateGenesisCmd(mbm, bondDenom), AdmitValidatorGenesisCmd(defaultNodeHome))
}
