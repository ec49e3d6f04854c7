package cmd

import (
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/azora-os/nexus/app"
)

// DefaultPaymentDeadline is how far ahead `tx ledger transfer` and `tx
// ledger batch-transfer` set a payment's deadline when --deadline is not
// given: the payment is valid until then (x/ledger README, "Payments,
// references and deadlines").
const DefaultPaymentDeadline = time.Hour

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
	// x/ledger payments carry a deadline: by default an hour from now, on
	// the signer's clock (the chain compares it with the block time).
	if cmd.Parent() != nil && cmd.Parent().Name() == "ledger" && fs.Lookup(flagDeadline) != nil && !changed(fs, flagDeadline) {
		deadline := time.Now().UTC().Add(DefaultPaymentDeadline).Truncate(time.Second).Format(time.RFC3339)
		if err := fs.Set(flagDeadline, deadline); err != nil {
			return err
		}
	}
	return nil
}

// flagDeadline is autocli's flag for the deadline field of x/ledger's
// MsgTransfer and MsgBatchTransfer.
const flagDeadline = "deadline"

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
