package cmd

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/azora-os/nexus/app"
)

// Defaults of every `nexusd tx` command. Gas is estimated by simulating the
// tx first, so a tx that would fail (insufficient funds, a compliance
// rejection, a bad denom) is refused by the CLI with the chain's error and a
// non-zero exit instead of being broadcast and charged. The fee is the gas
// times the minimum gas price that `nexusd init` writes.
const (
	defaultTxGas           = flags.GasFlagAuto
	defaultTxGasAdjustment = "1.5"
	defaultTxGasPrices     = app.DefaultMinGasPrice
)

// applyTxDefaults changes the defaults of the gas flags on every command under
// `tx`. Explicit flags always win.
func applyTxDefaults(root *cobra.Command) {
	for _, c := range root.Commands() {
		if c.Name() == "tx" {
			walk(c, func(cmd *cobra.Command) {
				setDefault(cmd.Flags(), flags.FlagGas, defaultTxGas)
				setDefault(cmd.Flags(), flags.FlagGasAdjustment, defaultTxGasAdjustment)
				setDefault(cmd.Flags(), flags.FlagGasPrices, defaultTxGasPrices)
			})
		}
	}
}

// reconcileTxFlags runs before a tx command: an explicit --fees replaces the
// default gas price, and offline or generate-only txs cannot be simulated, so
// they fall back to the SDK's fixed gas limit.
func reconcileTxFlags(cmd *cobra.Command) error {
	fs := cmd.Flags()
	if fs.Lookup(flags.FlagGas) == nil {
		return nil
	}
	if changed(fs, flags.FlagFees) && !changed(fs, flags.FlagGasPrices) {
		if err := fs.Set(flags.FlagGasPrices, ""); err != nil {
			return err
		}
	}
	offline := isTrue(fs, flags.FlagOffline) || isTrue(fs, flags.FlagGenerateOnly)
	if offline && !changed(fs, flags.FlagGas) {
		if err := fs.Set(flags.FlagGas, ""); err != nil {
			return err
		}
	}
	return nil
}

func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walk(sub, fn)
	}
}

func setDefault(fs *pflag.FlagSet, name, value string) {
	f := fs.Lookup(name)
	if f == nil {
		return
	}
	f.DefValue = value
	_ = f.Value.Set(value)
}

func changed(fs *pflag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Changed
}

func isTrue(fs *pflag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Value.String() == "true"
}
