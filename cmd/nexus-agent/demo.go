package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/azora-os/nexus/agent/demo"
)

func demoTrafficCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "demo-traffic",
		Short: "Generate devnet traffic for the models: demo accounts, mesh nodes with consent, seasonal transfers and injected structuring",
		Long: `Makes traffic on a devnet so the agent has something to learn from and its dashboard
something to show. Demo accounts (derived from --seed, so a rerun reuses them) are funded by
--funder; the registrar registers an employee node per account, devices for two of them and
two corridors (denom-uazr: every AZR transfer; cor-demo-market: what half of the
consumers), and every owner consents to data sharing, model training and federated analysis.
Then, for --duration, consumers pay merchants small amounts at a rate that follows a seasonal
profile of length --period, and --structurers accounts inject structuring: five payments each
at 90-99.5% of their x/aegis tier's per-transaction limit.

The chain id, the endpoint and the keyring come from the agent's configuration (--home,
NEXUS_AGENT_* variables, or the flags below); the funder and registrar keys must be in that
keyring (the devnet's test keyring holds both). -o json prints the report, with the
structuring accounts' addresses.`,
		Example: `nexus-agent demo-traffic --home .devnet/agent --duration 3m`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			dc := demo.DefaultConfig()
			dc.ChainID, dc.Nodes = cfg.ChainID, cfg.Nodes
			dc.KeyringBackend, dc.KeyringDir = cfg.Keyring.Backend, cfg.Path(cfg.Keyring.Dir)
			dc.GasPrice = cfg.Act.GasPrice
			f := cmd.Flags()
			dc.Funder, _ = f.GetString("funder")
			dc.Registrar, _ = f.GetString("registrar")
			dc.Accounts, _ = f.GetInt("accounts")
			dc.Structurers, _ = f.GetInt("structurers")
			dc.Duration, _ = f.GetDuration("duration")
			dc.Rate, _ = f.GetFloat64("rate")
			dc.Period, _ = f.GetDuration("period")
			dc.Seed, _ = f.GetUint64("seed")
			dc.Log = newLogger(cfg, cmd.ErrOrStderr())
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			start := time.Now()
			rep, err := demo.Run(ctx, dc)
			if err != nil {
				return err
			}
			if out, _ := f.GetString("output"); out == "json" {
				return printJSON(cmd.OutOrStdout(), rep)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "demo traffic: %d transfers sent (%d near the per-tx limit of %s), %d refused, heights %d..%d, %s\n",
				rep.Sent, rep.NearLimit, rep.PerTxLimit, rep.Refused, rep.FirstHeight, rep.LastHeight, time.Since(start).Round(time.Second))
			fmt.Fprintf(&b, "corridors: %s\n", strings.Join(rep.Corridors, ", "))
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			_, _ = fmt.Fprintln(tw, "ACCOUNT\tADDRESS\tROLE\tEMPLOYEE NODE\tDEVICE NODE")
			for _, a := range rep.Accounts {
				_, _ = fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Name, a.Address, a.Role, a.Employee, a.Device)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err = fmt.Fprint(cmd.OutOrStdout(), b.String())
			return err
		},
	}
	addKeyFlags(cmd.Flags())
	d := demo.DefaultConfig()
	cmd.Flags().String("funder", d.Funder, "key that funds the demo accounts (needs a tier that allows it, e.g. the devnet's validator)")
	cmd.Flags().String("registrar", d.Registrar, "key holding x/mesh's registrar role")
	cmd.Flags().Int("accounts", d.Accounts, "demo accounts")
	cmd.Flags().Int("structurers", d.Structurers, "demo accounts that inject structuring (at most half)")
	cmd.Flags().Duration("duration", d.Duration, "how long transfers flow")
	cmd.Flags().Float64("rate", d.Rate, "mean transfers per second")
	cmd.Flags().Duration("period", d.Period, "length of the seasonal profile of the rate")
	cmd.Flags().Uint64("seed", d.Seed, "seed of the accounts and the random choices")
	cmd.Flags().StringP("output", "o", "text", "text or json")
	return cmd
}
