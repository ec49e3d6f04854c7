// Command nexus-bench measures how many transactions a Nexus chain commits
// per second, side by side with a stock Cosmos SDK v0.54.4 chain under the
// same load (docs/performance.md).
//
//	nexus-bench compare                 stock and Nexus, alternating, medians and ratio
//	nexus-bench run --chain nexus       one chain
//	nexus-bench profile FILE --txs N    where a CPU profile's time went, per tx
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := &cobra.Command{
		Use:   "nexus-bench",
		Short: "Load generator and side-by-side benchmark of Nexus against a stock Cosmos SDK chain",
		Long: `nexus-bench creates a chain with many funded accounts (aegis-verified on Nexus),
signs transactions offline, offers them over CometBFT RPC from several
connections and counts what the chain commits. See docs/performance.md.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(compareCmd(), runCmd(), profileCmd())
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "nexus-bench:", err)
		os.Exit(1)
	}
}

// flags are the options every measuring command takes.
type flags struct {
	opts     bench.Options
	gasPrice string
	config   []string
	app      []string
	out      string
	quiet    bool
}

func (f *flags) register(cmd *cobra.Command) {
	o := &f.opts
	*o = bench.DefaultOptions()
	fs := cmd.Flags()
	fs.StringVar(&o.Nexusd, "nexusd", o.Nexusd, "the nexusd binary")
	fs.StringVar(&o.Stockd, "stockd", o.Stockd, "the stock chain's binary (bench/stockd)")
	fs.StringVar(&o.Scenario, "scenario", o.Scenario, "load: "+strings.Join(bench.Scenarios, ", "))
	fs.IntVar(&o.Accounts, "accounts", o.Accounts, "funded accounts in genesis (verified standard on Nexus)")
	fs.IntVar(&o.Senders, "senders", 0, "how many of the accounts send (0: all); the rest only receive")
	fs.IntVar(&o.Validators, "validators", o.Validators, "validators (one node each, on loopback)")
	fs.IntVar(&o.Connections, "connections", o.Connections, "RPC connections the load is offered from (spread over the nodes)")
	fs.Float64Var(&o.Rate, "rate", 0, "offered load in tx/s; 0 offers as fast as the node accepts")
	fs.DurationVar(&o.Warmup, "warmup", o.Warmup, "load before the measurement window")
	fs.DurationVar(&o.Duration, "duration", o.Duration, "the measurement window")
	fs.IntVar(&o.Txs, "txs", 0, "transactions to sign in advance (0: enough for the run at --rate, or at --max-rate-hint)")
	fs.Float64Var(&o.MaxRateHint, "max-rate-hint", o.MaxRateHint, "with --rate 0, sign enough transactions for this rate")
	fs.Int64Var(&o.Amount, "amount", o.Amount, "uazr per transfer, mint and forge order")
	fs.Uint64Var(&o.Fees.GasLimit, "gas-limit", 0, "gas limit of every transaction (0: a default per kind of transaction)")
	fs.StringVar(&f.gasPrice, "gas-price", bench.FormatDecCoin(o.Fees.GasPrice), "gas price; the fee is ⌈gas limit × price⌉")
	fs.StringVar(&o.ChainID, "chain-id", o.ChainID, "chain id of both chains")
	fs.StringVar(&o.Seed, "seed", o.Seed, "seed the account keys are derived from")
	fs.StringArrayVar(&f.config, "config", nil, "config.toml setting for every node of every chain, key=value (repeatable), e.g. consensus.timeout_commit=500ms")
	fs.StringArrayVar(&f.app, "app", nil, "app.toml setting for every node of every chain, key=value (repeatable), e.g. iavl-cache-size=1000000")
	fs.StringArrayVar(&o.Env, "env", nil, "environment variable of every node process, KEY=VALUE (repeatable), e.g. GOGC=200")
	fs.StringVar(&o.ProfileDir, "profile", "", "write a CPU profile of node 0 over each measurement window into this directory and summarise it")
	fs.StringVar(&o.WorkDir, "workdir", "", "where the node homes go (default: a temporary directory, removed afterwards)")
	fs.BoolVar(&o.Keep, "keep", false, "keep the node homes and logs")
	fs.DurationVar(&o.StartTimeout, "start-timeout", o.StartTimeout, "how long a chain may take to produce its first block")
	fs.DurationVar(&o.DrainTimeout, "drain-timeout", o.DrainTimeout, "how long to wait for the mempool to empty after the load")
	fs.StringVar(&f.out, "out", "", "write the JSON report to this file")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress lines")
}

func (f *flags) finish() error {
	o := &f.opts
	price, err := sdk.ParseDecCoin(f.gasPrice)
	if err != nil {
		return fmt.Errorf("--gas-price %q: %w", f.gasPrice, err)
	}
	o.Fees.GasPrice = price
	for _, s := range f.config {
		set, err := bench.ParseSetting(s)
		if err != nil {
			return fmt.Errorf("--config: %w", err)
		}
		o.ConfigSet = append(o.ConfigSet, set)
	}
	for _, s := range f.app {
		set, err := bench.ParseSetting(s)
		if err != nil {
			return fmt.Errorf("--app: %w", err)
		}
		o.AppSet = append(o.AppSet, set)
	}
	for _, e := range o.Env {
		if k, _, ok := strings.Cut(e, "="); !ok || k == "" {
			return fmt.Errorf("--env %q: want KEY=VALUE", e)
		}
	}
	if !f.quiet {
		o.Log = os.Stderr
	}
	return nil
}

func writeJSON(path string, v any) error {
	if path == "" {
		return nil
	}
	bz, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(bz, '\n'), 0o644)
}

func compareCmd() *cobra.Command {
	var f flags
	var rounds int
	cmd := &cobra.Command{
		Use:   "compare",
		Short: "Run the stock chain and Nexus alternately, and print the medians and the ratio",
		Long: `compare prepares both chains with the same accounts, node settings and signed
load, then runs --rounds rounds of each, alternating which goes first
(stock, Nexus; Nexus, stock; ...), and prints every round, the medians of each
chain and the ratio Nexus / stock. On the stock chain, messages it does not
have (x/ledger, x/mint, x/forge, x/mesh) are replaced by bank sends between
the same accounts.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.finish(); err != nil {
				return err
			}
			start := time.Now()
			b, err := bench.Prepare(cmd.Context(), f.opts, bench.Stock, bench.Nexus)
			if err != nil {
				return err
			}
			defer b.Close()
			c, err := b.Compare(cmd.Context(), rounds, cmd.OutOrStdout())
			if c != nil && len(c.Reports) > 0 {
				if werr := writeJSON(f.out, c); werr != nil {
					return errors.Join(err, werr)
				}
			}
			if err != nil {
				return err
			}
			if err := bench.WriteComparison(cmd.OutOrStdout(), c); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "  (%s in all)\n", time.Since(start).Round(time.Second))
			return err
		},
	}
	f.register(cmd)
	cmd.Flags().IntVar(&rounds, "rounds", 3, "rounds of each chain")
	return cmd
}

func runCmd() *cobra.Command {
	var f flags
	var chain string
	var rounds int
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Measure one chain",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.finish(); err != nil {
				return err
			}
			kind := bench.ChainKind(strings.ToLower(chain))
			if kind != bench.Nexus && kind != bench.Stock {
				return fmt.Errorf("--chain %q: want nexus or stock", chain)
			}
			b, err := bench.Prepare(cmd.Context(), f.opts, kind)
			if err != nil {
				return err
			}
			defer b.Close()
			var reports []*bench.Report
			for round := 1; round <= rounds; round++ {
				r, err := b.Round(cmd.Context(), kind, round)
				if err != nil {
					return err
				}
				if err := bench.WriteSummary(cmd.OutOrStdout(), r); err != nil {
					return err
				}
				if r.Profile != nil {
					if err := bench.WriteProfileSummary(cmd.OutOrStdout(), r.Profile); err != nil {
						return err
					}
				}
				reports = append(reports, r)
			}
			if len(reports) == 1 {
				return writeJSON(f.out, reports[0])
			}
			return writeJSON(f.out, reports)
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&chain, "chain", string(bench.Nexus), "nexus or stock")
	cmd.Flags().IntVar(&rounds, "rounds", 1, "rounds (a fresh chain each)")
	return cmd
}

func profileCmd() *cobra.Command {
	var txs, top int
	cmd := &cobra.Command{
		Use:   "profile FILE",
		Short: "Say where a node's CPU profile spent its time, per committed transaction",
		Long: `profile reads a CPU profile (from --profile, or any pprof CPU profile of a
node) and splits its time into CheckTx, FinalizeBlock (with the ante handler,
signature checks, messages and the Nexus modules), Commit, RPC, mempool,
consensus and garbage collection, per transaction committed while it was
recorded (--txs, from the report's window.txs).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if txs < 1 {
				return errors.New("--txs: the number of transactions committed while the profile was recorded is required")
			}
			s, err := bench.SummarizeProfile(args[0], txs, top)
			if err != nil {
				return err
			}
			return bench.WriteProfileSummary(cmd.OutOrStdout(), s)
		},
	}
	cmd.Flags().IntVar(&txs, "txs", 0, "transactions committed while the profile was recorded")
	cmd.Flags().IntVar(&top, "top", 25, "functions to list")
	return cmd
}
