// Package cli holds the ledger commands autocli cannot express: a readable
// statement and the checkpoint proof.
package cli

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/client/storeproof"
	"github.com/azora-os/nexus/x/ledger/types"
)

// FlagWait is how long verify-checkpoint waits for the next block's header.
const FlagWait = "wait"

// GetQueryCmd returns the `ledger` query command with the hand-written
// statement and verify-checkpoint; autocli adds the generated queries.
func GetQueryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Querying commands for the ledger module",
		DisableFlagParsing:         false,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(StatementCmd(), VerifyCheckpointCmd())
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

// VerifyCheckpointCmd returns `verify-checkpoint [height]`.
func VerifyCheckpointCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify-checkpoint [height]",
		Short: "Prove a ledger checkpoint against the app hash the validators signed in the next block",
		Long: `Proves the checkpoint recorded at the end of block H the way an outside verifier would,
trusting only the validators' signatures:

  1. query       ABCI query /store/ledger/key of the checkpoint's store key at height H with
                 prove=true: the stored checkpoint bytes and two proof ops (ics23:iavl, ics23:simple).
  2. header      fetch the signed header of block H+1: its app hash commits to the state after block H.
  3. commit      check the header's commit: validators holding more than 2/3 of the voting power
                 signed it (every signature checked, validator set matched to the header's hash).
  4. proof       run the proof: the IAVL op computes the ledger store root from the checkpoint bytes,
                 the simple-Merkle op computes the app hash from that root; it must equal the header's.
  5. checkpoint  decode the verified bytes; the checkpoint must be for height H and its own hash must
                 recompute (sha256 of the checkpoint without its hash), which also covers the journal
                 hash chain, the supply and the previous checkpoint's hash it carries.

It fails (non-zero exit) if any step fails or no checkpoint exists at H (its absence is proven).
To check the journal itself, recompute entries_hash from start_hash and the entries
first_sequence..last_sequence (nexusd q ledger entry N): see the module README.`,
		Example: "nexusd q ledger verify-checkpoint 100\nnexusd q ledger verify-checkpoint 100 -o json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			height, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || height <= 0 {
				return fmt.Errorf("height %q: a positive block height", args[0])
			}
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			node, err := clientCtx.GetNode()
			if err != nil {
				return err
			}
			wait, err := cmd.Flags().GetDuration(FlagWait)
			if err != nil {
				return err
			}
			res, proveErr := ProveCheckpoint(cmd.Context(), node, clientCtx.Codec, clientCtx.ChainID, height, wait)
			if res == nil {
				return proveErr
			}
			if err := printCheckpointProof(cmd.OutOrStdout(), clientCtx.OutputFormat, res); err != nil {
				return err
			}
			return proveErr
		},
	}
	flags.AddQueryFlagsToCmd(cmd)
	cmd.Flags().Duration(FlagWait, 30*time.Second, "how long to wait for the next block's header")
	return cmd
}

// CheckpointProof is what verify-checkpoint prints.
type CheckpointProof struct {
	Height     int64           `json:"height"`
	Checkpoint json.RawMessage `json:"checkpoint,omitempty"`
	storeproof.Report
	Hash     string   `json:"hash"` // hex, the checkpoint's own hash
	Verified bool     `json:"verified"`
	Steps    []string `json:"steps"`
}

// ProveCheckpoint runs the five steps of verify-checkpoint against rpc:
// steps 1 to 4 are client/storeproof's, CheckCheckpoint is step 5 (and
// repeats step 4 on what it is given). An absent checkpoint returns the
// result (absence proven) together with ErrCheckpointNotFound.
func ProveCheckpoint(ctx context.Context, rpc storeproof.Client, cdc codec.Codec, chainID string, height int64, wait time.Duration) (*CheckpointProof, error) {
	res, err := storeproof.Prove(ctx, rpc, storeproof.Request{
		StoreName: types.StoreKey,
		Key:       types.CheckpointStoreKey(height),
		Describe:  fmt.Sprintf("checkpoint at height %d", height),
		Height:    height,
		ChainID:   chainID,
		Wait:      wait,
	})
	if err != nil {
		return nil, err
	}
	out := &CheckpointProof{
		Height: height,
		Report: res.Report(),
		Steps:  res.Steps,
	}
	if !res.Exists {
		out.Steps = append(out.Steps, fmt.Sprintf("checkpoint: none at height %d (absence proven)", height))
		return out, types.ErrCheckpointNotFound.Wrapf("at height %d (absence proven against the app hash of block %d)", height, res.HeaderHeight)
	}
	c, step, err := CheckCheckpoint(res, height)
	if err != nil {
		return nil, err
	}
	js, err := cdc.MarshalJSON(&c)
	if err != nil {
		return nil, err
	}
	out.Checkpoint, out.Hash, out.Verified = js, hex.EncodeToString(c.Hash), true
	out.Steps = append(out.Steps, step)
	return out, nil
}

// CheckCheckpoint checks a proven checkpoint value: the proof of res.Value
// against res.AppHash (the app hash of block res.HeaderHeight, which must be
// height + 1), the decoded checkpoint's height and its own hash. It returns
// the checkpoint and step 5 in words. Any alteration of the value, the
// proof, the app hash or the height fails.
func CheckCheckpoint(res *storeproof.Result, height int64) (types.Checkpoint, string, error) {
	var c types.Checkpoint
	if res == nil || res.Value == nil {
		return c, "", types.ErrCheckpointNotFound.Wrapf("at height %d", height)
	}
	if res.HeaderHeight != height+1 {
		return c, "", types.ErrCheckpointMismatch.Wrapf("checkpoint %d must be proven against block %d's app hash, not block %d's", height, height+1, res.HeaderHeight)
	}
	if _, err := storeproof.VerifyAgainst(res.Proof, res.AppHash, res.HeaderHeight, types.StoreKey, types.CheckpointStoreKey(height), res.Value); err != nil {
		return c, "", err
	}
	if err := c.Unmarshal(res.Value); err != nil {
		return c, "", types.ErrCheckpointMismatch.Wrapf("decode: %s", err)
	}
	if c.Height != height {
		return c, "", types.ErrCheckpointMismatch.Wrapf("stored checkpoint is for height %d, want %d", c.Height, height)
	}
	if err := c.VerifyCheckpoint(nil); err != nil {
		return c, "", err
	}
	prev := "none (first checkpoint)"
	if len(c.PreviousHash) > 0 {
		prev = hex.EncodeToString(c.PreviousHash)
	}
	recon := "reconciled"
	if !c.Reconciled {
		recon = fmt.Sprintf("NOT reconciled (%d mismatches)", c.Mismatches)
	}
	return c, fmt.Sprintf("checkpoint: height %d, entries %d..%d (%d), entries hash %s from %s, supply %s, previous checkpoint %s, %s; its hash %s recomputes",
		c.Height, c.FirstSequence, c.LastSequence, c.EntryCount, hex.EncodeToString(c.EntriesHash), hex.EncodeToString(c.StartHash),
		c.Supply, prev, recon, hex.EncodeToString(c.Hash)), nil
}

func printCheckpointProof(w io.Writer, format string, p *CheckpointProof) error {
	verdict := ""
	if p.Verified {
		verdict = fmt.Sprintf("verified: checkpoint %d (hash %s) is committed by app hash %s, signed in block %d", p.Height, p.Hash, p.AppHash, p.HeaderHeight)
	}
	return storeproof.Print(w, format, p, p.Steps, verdict, "checkpoint", p.Checkpoint)
}
