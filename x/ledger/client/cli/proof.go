package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"

	"github.com/azora-os/nexus/client/lightproof"
	"github.com/azora-os/nexus/client/proofcli"
)

// Flags of export-journal.
const (
	FlagFromHeight = "from"
	FlagToHeight   = "to"
)

const trustHelp = `Trust root: --trust-genesis FILE, or --trusted-height H --trusted-hash HASH; without either, the
genesis in the home directory (<home>/config/genesis.json) if there is one. Nothing the node says is
trusted: the light path starts at the root's height (or, with no root, at the node's earliest block,
the chain's first unless it pruned blocks) and is verified from the root.`

// CheckpointProofCmd returns `checkpoint-proof [height]`.
func CheckpointProofCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "checkpoint-proof [height]",
		Short: "Write a self-contained proof of the ledger checkpoint at a height, to verify offline",
		Long: `Fetches from the node a proof document of the checkpoint recorded at the end of block H: the
checkpoint's bytes, their ICS-23 proof up to the app hash of block H+1 (the state after block H, or
after block --height if given), and the signed headers, commits and validator sets from the trust root
to block H+1. It writes the document to --output-document (or stdout); 'nexusd verify-proof FILE
--trust-genesis genesis.json' verifies it with no network. When a trust root is at hand the command
verifies the document before writing it.

` + trustHelp,
		Example: "nexusd q ledger checkpoint-proof 20 --output-document checkpoint-20.json\nnexusd verify-proof checkpoint-20.json --trust-genesis genesis.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			height, err := positiveHeight(args[0])
			if err != nil {
				return err
			}
			return proofcli.Run(cmd, proofcli.Write, checkpointFetch(height))
		},
	}
	proofcli.AddFlags(cmd)
	return cmd
}

// VerifyCheckpointCmd returns `verify-checkpoint [height]`.
func VerifyCheckpointCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify-checkpoint [height]",
		Short: "Prove the ledger checkpoint at a height from a trust root, against the validators' signatures",
		Long: `Fetches the proof of the checkpoint recorded at the end of block H (as checkpoint-proof does) and
verifies it with the same verifier as 'nexusd verify-proof':

  1. document    the proof is well formed
  2. root        its first block is the trust root's (genesis: the first block, its time and the genesis
                 validators' set, signed by more than 2/3 of their power; or the trusted block's hash)
  3. light       each next block up to H+1 is verified with CometBFT's light client from the previous one
  4. store       the ICS-23 proof computes block H+1's app hash from the checkpoint's bytes
  5. checkpoint  the bytes are a checkpoint for height H whose own hash recomputes (covering the journal's
                 hash chain, the supply and the previous checkpoint's hash it carries)

It fails (non-zero exit) naming the step that failed, or if no checkpoint exists at H (its absence is
proven). To check the journal entries too, use export-journal and verify-proof.

` + trustHelp,
		Example: "nexusd q ledger verify-checkpoint 20\nnexusd q ledger verify-checkpoint 20 --trust-genesis genesis.json -o json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			height, err := positiveHeight(args[0])
			if err != nil {
				return err
			}
			return proofcli.Run(cmd, proofcli.Check, checkpointFetch(height))
		},
	}
	proofcli.AddFlags(cmd)
	return cmd
}

func checkpointFetch(height int64) proofcli.Fetch {
	return func(cmd *cobra.Command, src lightproof.Source, opts lightproof.BuildOptions) (*lightproof.Document, error) {
		clientCtx, err := client.GetClientQueryContext(cmd)
		if err != nil {
			return nil, err
		}
		return lightproof.ProveCheckpoint(cmd.Context(), src, height, clientCtx.Height, opts)
	}
}

// EntryProofCmd returns `entry-proof [sequence]`.
func EntryProofCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "entry-proof [sequence]",
		Short: "Write a self-contained proof of one journal entry, to verify offline",
		Long: `Fetches from the node a proof document of journal entry N as stored at the node's latest height
(or --height): the entry's bytes, their ICS-23 proof up to the app hash of the next block, and the
signed headers, commits and validator sets from the trust root. It writes the document to
--output-document (or stdout); 'nexusd verify-proof FILE --trust-genesis genesis.json' verifies it
offline. When a trust root is at hand the command verifies the document before writing it.

` + trustHelp,
		Example: "nexusd q ledger entry-proof 5 --output-document entry-5.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			seq, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || seq == 0 {
				return fmt.Errorf("sequence %q: a positive entry number", args[0])
			}
			return proofcli.Run(cmd, proofcli.Write, func(cmd *cobra.Command, src lightproof.Source, opts lightproof.BuildOptions) (*lightproof.Document, error) {
				clientCtx, err := client.GetClientQueryContext(cmd)
				if err != nil {
					return nil, err
				}
				return lightproof.ProveEntry(cmd.Context(), src, seq, clientCtx.Height, opts)
			})
		},
	}
	proofcli.AddFlags(cmd)
	return cmd
}

// ExportJournalCmd returns `export-journal --from H1 --to H2`.
func ExportJournalCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export-journal --from H1 --to H2",
		Short: "Write the journal entries of a range of heights with the checkpoints that prove them, to verify offline",
		Long: `Writes a proof document holding every journal entry of the checkpoint periods that contain heights
H1..H2 (whole periods: a checkpoint vouches for all the entries since the previous one), those
checkpoints, the checkpoint before them (the anchor showing that the first period starts before H1),
and a proof of the last checkpoint against the validators' signatures, from the trust root.
'nexusd verify-proof FILE --trust-genesis genesis.json' checks offline that each checkpoint's hash
recomputes and names the previous one, up to the proven one, and that the entries recompute each
checkpoint's hash chain with no gap; it then prints them. Keep the file: it outlives the chain's
retention_blocks.

Every height up to H2 must already be covered by a checkpoint (nexusd q ledger head shows the next
one), and the entries must still be kept by the node.

` + trustHelp,
		Example: "nexusd q ledger export-journal --from 1 --to 20 --output-document journal-1-20.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			from, err := cmd.Flags().GetInt64(FlagFromHeight)
			if err != nil {
				return err
			}
			to, err := cmd.Flags().GetInt64(FlagToHeight)
			if err != nil {
				return err
			}
			if from <= 0 || to < from {
				return fmt.Errorf("--%s %d --%s %d: want 1 <= from <= to", FlagFromHeight, from, FlagToHeight, to)
			}
			return proofcli.Run(cmd, proofcli.Write, func(cmd *cobra.Command, src lightproof.Source, opts lightproof.BuildOptions) (*lightproof.Document, error) {
				clientCtx, err := client.GetClientQueryContext(cmd)
				if err != nil {
					return nil, err
				}
				if clientCtx.Height != 0 {
					return nil, fmt.Errorf("--height: export-journal reads the node's latest state")
				}
				return lightproof.ExportJournal(cmd.Context(), src, from, to, opts)
			})
		},
	}
	proofcli.AddFlags(cmd)
	cmd.Flags().Int64(FlagFromHeight, 0, "first height whose entries to export")
	cmd.Flags().Int64(FlagToHeight, 0, "last height whose entries to export")
	return cmd
}

func positiveHeight(s string) (int64, error) {
	height, err := strconv.ParseInt(s, 10, 64)
	if err != nil || height <= 0 {
		return 0, fmt.Errorf("height %q: a positive block height", s)
	}
	return height, nil
}
