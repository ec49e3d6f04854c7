// Package cli holds the ledger commands autocli cannot express: a readable
// statement, and the proofs (checkpoint-proof, verify-checkpoint,
// entry-proof, export-journal), built on client/lightproof.
package cli

import (
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/ledger/types"
)

// GetQueryCmd returns the `ledger` query command with the hand-written
// statement and proof commands; autocli adds the generated queries.
func GetQueryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Querying commands for the ledger module",
		DisableFlagParsing:         false,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(StatementCmd(), CheckpointProofCmd(), VerifyCheckpointCmd(), EntryProofCmd(), ExportJournalCmd())
	return cmd
}

// StatementCmd returns `statement [address]`: the account's journal entries,
// newest first, as a table (or the query response with -o json).
func StatementCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "statement [address]",
		Short: "Show an account's statement: every value movement in and out, newest first",
		Long: `Shows the journal entries of an account, sent and received, newest first (--reverse: oldest
first), one line each: sequence, height, block time, direction (in/out/self), counterparty,
the change to the account's balance (out: amount + PIVC fee), the amount, the fee, the
payment reference and the message that caused it. -o json prints the query response.`,
		Example: "nexusd q ledger statement azora1...\nnexusd q ledger statement azora1... --limit 5 -o json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			page, err := client.ReadPageRequest(cmd.Flags())
			if err != nil {
				return err
			}
			res, err := types.NewQueryClient(clientCtx).Statement(cmd.Context(), &types.QueryStatementRequest{Address: args[0], Pagination: page})
			if err != nil {
				return err
			}
			if clientCtx.OutputFormat == flags.OutputFormatJSON {
				return clientCtx.PrintProto(res)
			}
			return PrintStatement(cmd.OutOrStdout(), res, page.Reverse)
		},
	}
	flags.AddQueryFlagsToCmd(cmd)
	flags.AddPaginationFlagsToCmd(cmd, "statement")
	return cmd
}

// PrintStatement writes a statement as a table.
func PrintStatement(w io.Writer, res *types.QueryStatementResponse, oldestFirst bool) error {
	order := "newest first"
	if oldestFirst {
		order = "oldest first"
	}
	if _, err := fmt.Fprintf(w, "Statement of %s (%d entries shown, %s)\n", res.Address, len(res.Lines), order); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	// The tabwriter buffers; write errors surface from Flush below.
	_, _ = fmt.Fprintln(tw, "SEQ\tHEIGHT\tTIME (UTC)\tDIR\tCOUNTERPARTY\tCHANGE\tAMOUNT\tFEE\tREFERENCE\tMESSAGE")
	for _, l := range res.Lines {
		e := l.Entry
		_, _ = fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			e.Sequence, e.Height, e.Time.UTC().Format(time.DateTime), l.Direction, l.Counterparty,
			change(l), orDash(e.Coins), orDash(e.Fee), dashIfEmpty(e.Reference), dashIfEmpty(e.MsgType))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if res.Pagination != nil && len(res.Pagination.NextKey) > 0 {
		_, err := fmt.Fprintf(w, "more: --page-key %s\n", base64.StdEncoding.EncodeToString(res.Pagination.NextKey))
		return err
	}
	return nil
}

// change is the entry's effect on the account's balance.
func change(l types.StatementLine) string {
	e := l.Entry
	var c sdk.Coins
	sign := "+"
	switch l.Direction {
	case types.DirectionOut:
		c, sign = e.Coins.Add(e.Fee...), "-"
	case types.DirectionIn:
		c = e.Coins
	default: // self: only the fee leaves (none is charged to oneself)
		c, sign = e.Fee, "-"
	}
	if c.IsZero() {
		return "0"
	}
	parts := make([]string, 0, len(c))
	for _, x := range c {
		parts = append(parts, sign+x.String())
	}
	return strings.Join(parts, ",")
}

func orDash(c sdk.Coins) string {
	if c.IsZero() {
		return "-"
	}
	return c.String()
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
