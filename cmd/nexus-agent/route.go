package main

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/azora-os/nexus/agent/api"
)

func routeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "route [payer] [payee] [amount]",
		Short: "Advise how payer should pay payee an amount: method, PIVC, expected confirmation time and the reasons",
		Long: `Asks the running agent (GET /v1/route) how to pay: a bank send, an x/ledger transfer, a
ledger batch, or through x/forge escrow when the payee's x/mesh reputation is low or
unknown or the amount is large — with the exact PIVC, the expected confirmation time
from recent blocks, and why. The advice never suggests splitting a payment to stay under
a limit. The amount is one coin, e.g. 25000000uazr.`,
		Example: `nexus-agent route azora1payer... azora1payee... 25000000uazr --home .devnet/agent`,
		Args:    cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			base, err := apiURL(cmd)
			if err != nil {
				return err
			}
			pending, _ := cmd.Flags().GetInt("pending")
			q := url.Values{"payer": {args[0]}, "payee": {args[1]}, "amount": {args[2]}, "pending": {fmt.Sprint(pending)}}
			var adv api.RouteAdvice
			if err := getJSON(base+"/v1/route?"+q.Encode(), &adv); err != nil {
				return err
			}
			if out, _ := cmd.Flags().GetString("output"); out == "json" {
				return printJSON(cmd.OutOrStdout(), adv)
			}
			var b strings.Builder
			feasible := ""
			if !adv.Feasible {
				feasible = " (not feasible: the chain would refuse it)"
			}
			rated := "unrated (no employee node in x/mesh)"
			if adv.PayeeRated {
				rated = fmt.Sprintf("%d", adv.PayeeReputation)
			}
			fmt.Fprintf(&b, "method:        %s%s\n", adv.Method, feasible)
			fmt.Fprintf(&b, "amount:        %s + PIVC %s = %s (rate %d bps)\n", adv.Amount, adv.Fee, adv.Debit, adv.RateBps)
			if adv.ConfirmationKnown {
				fmt.Fprintf(&b, "confirmation:  %s expected, %s at the 90th percentile\n", adv.ExpectedConfirmation, adv.P90Confirmation)
			} else {
				fmt.Fprintf(&b, "confirmation:  unknown (no recent blocks)\n")
			}
			fmt.Fprintf(&b, "payee:         reputation %s\n", rated)
			for _, r := range adv.Reasons {
				fmt.Fprintf(&b, "  - %s\n", r)
			}
			_, err = io.WriteString(cmd.OutOrStdout(), b.String())
			return err
		},
	}
	clientFlags(cmd)
	cmd.Flags().Int("pending", 0, "other payments the payer has queued (a batch may be advised)")
	return cmd
}
