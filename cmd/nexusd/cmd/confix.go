package cmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	confixcmd "cosmossdk.io/tools/confix/cmd"
	cmtcfg "github.com/cometbft/cometbft/config"

	"github.com/cosmos/cosmos-sdk/client"
)

// configCommand is confix's `config` command, with `config set config ...`
// made to work: confix validates app.toml and client.toml after a change
// but refuses config.toml ("cometbft config is not supported") unless told
// to skip validation. nexusd validates config.toml itself with CometBFT's
// own rules (the file must decode and pass ValidateBasic) and puts the old
// file back when the change makes it invalid.
func configCommand() *cobra.Command {
	cmd := confixcmd.ConfigCommand()
	set, _, err := cmd.Find([]string{"set"})
	if err != nil || set.Name() != "set" || set.RunE == nil {
		panic("nexusd: confix has no `config set` command")
	}
	inner := set.RunE
	set.RunE = func(cmd *cobra.Command, args []string) error {
		// The arguments parsed: an error from here on is not a usage mistake.
		cmd.SilenceUsage = true
		if len(args) != 3 || args[0] != "config" {
			return inner(cmd, args)
		}
		if skip, _ := cmd.Flags().GetBool("skip-validate"); skip {
			return inner(cmd, args)
		}
		if stdout, _ := cmd.Flags().GetBool("stdout"); stdout {
			return inner(cmd, args)
		}
		home := client.GetClientContextFromCmd(cmd).HomeDir
		path := filepath.Join(home, "config", "config.toml")
		before, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := cmd.Flags().Set("skip-validate", "true"); err != nil {
			return err
		}
		defer func() { _ = cmd.Flags().Set("skip-validate", "false") }()
		if err := inner(cmd, args); err != nil {
			return err
		}
		if err := validateCometConfig(path); err != nil {
			if restoreErr := os.WriteFile(path, before, 0o600); restoreErr != nil {
				return errors.Join(err, restoreErr)
			}
			return fmt.Errorf("%s unchanged: %w", path, err)
		}
		return nil
	}
	return cmd
}

// validateCometConfig decodes a config.toml as CometBFT does and runs its
// checks.
func validateCometConfig(path string) error {
	v := viper.New()
	v.SetConfigFile(path)
	v.SetConfigType("toml")
	if err := v.ReadInConfig(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	cfg := cmtcfg.DefaultConfig()
	if err := v.Unmarshal(cfg); err != nil {
		return fmt.Errorf("decode %s: %w", path, err)
	}
	if err := cfg.ValidateBasic(); err != nil {
		return fmt.Errorf("invalid CometBFT config: %w", err)
	}
	return nil
}
