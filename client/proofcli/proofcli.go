// Package proofcli holds the command-line side of client/lightproof: the
// trust-root flags every proof command shares, `nexusd verify-proof` (the
// offline verifier), and Run, which the online proof commands of x/ledger
// and x/mesh (`checkpoint-proof`, `verify-checkpoint`, `entry-proof`,
// `export-journal`, `node-proof`) are built on.
package proofcli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/azora-os/nexus/client/lightproof"
)

// Flags of the proof commands.
const (
	FlagTrustGenesis   = "trust-genesis"
	FlagTrustedHeight  = "trusted-height"
	FlagTrustedHash    = "trusted-hash"
	FlagTrustingPeriod = "trusting-period"
	FlagOutputDocument = "output-document"
	FlagWait           = "wait"
)

// AddTrustFlags adds the trust-root flags and the trusting period.
func AddTrustFlags(cmd *cobra.Command) {
	cmd.Flags().String(FlagTrustGenesis, "", "trust root: the chain's genesis file (its chain id, first block and genesis validators)")
	cmd.Flags().Int64(FlagTrustedHeight, 0, "trust root: a block height you trust, with --trusted-hash")
	cmd.Flags().String(FlagTrustedHash, "", "trust root: the hash (hex) of the block at --trusted-height")
	cmd.Flags().Duration(FlagTrustingPeriod, lightproof.DefaultTrustingPeriod,
		"how old a trusted block may be when it vouches for a later one (e.g. 504h); 0: no bound (history audits; stated among the assumptions)")
}

// TrustRoot reads the trust root from the flags. With neither
// --trust-genesis nor --trusted-height/--trusted-hash it takes
// <home>/config/genesis.json when homeGenesis is true and that file exists
// (a node operator's own copy of the genesis, never anything a node
// serves), and otherwise returns nil.
func TrustRoot(cmd *cobra.Command, home string, homeGenesis bool) (*lightproof.TrustRoot, string, error) {
	genesisPath, err := cmd.Flags().GetString(FlagTrustGenesis)
	if err != nil {
		return nil, "", err
	}
	height, err := cmd.Flags().GetInt64(FlagTrustedHeight)
	if err != nil {
		return nil, "", err
	}
	hashHex, err := cmd.Flags().GetString(FlagTrustedHash)
	if err != nil {
		return nil, "", err
	}
	if genesisPath != "" && (height != 0 || hashHex != "") {
		return nil, "", fmt.Errorf("--%s and --%s/--%s are two different trust roots: pass one", FlagTrustGenesis, FlagTrustedHeight, FlagTrustedHash)
	}
	if (height != 0) != (hashHex != "") {
		return nil, "", fmt.Errorf("--%s and --%s go together", FlagTrustedHeight, FlagTrustedHash)
	}
	if height != 0 {
		hash, err := lightproof.ParseHash(hashHex)
		if err != nil {
			return nil, "", fmt.Errorf("--%s: %w", FlagTrustedHash, err)
		}
		root, err := lightproof.TrustBlock(height, hash)
		if err != nil {
			return nil, "", err
		}
		return &root, fmt.Sprintf("block %d", height), nil
	}
	if genesisPath == "" && homeGenesis && home != "" {
		p := filepath.Join(home, "config", "genesis.json")
		if _, err := os.Stat(p); err == nil {
			genesisPath = p
		}
	}
	if genesisPath == "" {
		return nil, "", nil
	}
	bz, err := os.ReadFile(genesisPath)
	if err != nil {
		return nil, "", fmt.Errorf("trust root: %w", err)
	}
	root, err := lightproof.TrustGenesis(bz)
	if err != nil {
		return nil, "", fmt.Errorf("trust root %s: %w", genesisPath, err)
	}
	return &root, genesisPath, nil
}

// VerifyOptions reads --trusting-period.
func VerifyOptions(cmd *cobra.Command) (lightproof.Options, error) {
	period, err := cmd.Flags().GetDuration(FlagTrustingPeriod)
	if err != nil {
		return lightproof.Options{}, err
	}
	if period < 0 {
		return lightproof.Options{}, fmt.Errorf("--%s %s: must not be negative", FlagTrustingPeriod, period)
	}
	return lightproof.Options{TrustingPeriod: period}, nil
}

// errNoRoot says how to give a trust root.
var errNoRoot = fmt.Errorf("no trust root: pass --%s <genesis.json> or --%s <height> --%s <hash> (a proof is checked against what you trust, never against what the node says)",
	FlagTrustGenesis, FlagTrustedHeight, FlagTrustedHash)

// VerifyProofCmd returns `verify-proof [file]`, the offline verifier.
func VerifyProofCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify-proof [file]",
		Short: "Verify a proof document offline, from a trust root you choose",
		Long: `Verifies a proof document written by 'nexusd q ledger checkpoint-proof', 'q ledger entry-proof',
'q ledger export-journal' or 'q mesh node-proof --output-document', with no network access at all:

  1. document    the file is exactly a well-formed proof document (any changed byte fails here or below)
  2. root        its first block is your trust root: with --trust-genesis, the genesis's first block
                 (chain id, genesis time, the genesis validators' set hash), signed by more than 2/3 of
                 their power; with --trusted-height/--trusted-hash, the block with that hash
  3. light       each next block is verified from the previous one with CometBFT's light client
                 (light.VerifyAdjacent for the next height, light.VerifyNonAdjacent with trust level
                 1/3 for a skip), and every signature of every commit is checked
  4. store       the ICS-23 proof computes the last block's app hash from the value
  5. checkpoint | entry | node | journal
                 the value is what the document says it is; for a journal, the entries recompute the
                 hash chains of the checkpoints, which link by hash to the proven one

It prints each step, the verdict, the proven value and the trust assumptions, and exits non-zero
naming the step that failed. A document proving that something is absent verifies and exits 1.`,
		Example: `nexusd verify-proof checkpoint-20.json --trust-genesis genesis.json
nexusd verify-proof checkpoint-20.json --trusted-height 1 --trusted-hash 5D1C...E9 -o json
nexusd verify-proof journal.json --trust-genesis genesis.json --trusting-period 504h`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			bz, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			root, _, err := TrustRoot(cmd, "", false)
			if err != nil {
				return err
			}
			if root == nil {
				return errNoRoot
			}
			opts, err := VerifyOptions(cmd)
			if err != nil {
				return err
			}
			asJSON, err := jsonOutput(cmd)
			if err != nil {
				return err
			}
			res, err := lightproof.VerifyFile(bz, *root, opts)
			if res == nil {
				return err
			}
			if perr := res.Print(cmd.OutOrStdout(), asJSON); perr != nil {
				return perr
			}
			return err
		},
	}
	AddTrustFlags(cmd)
	cmd.Flags().StringP(flags.FlagOutput, "o", flags.OutputFormatText, "output format (text|json)")
	return cmd
}

func jsonOutput(cmd *cobra.Command) (bool, error) {
	out, err := cmd.Flags().GetString(flags.FlagOutput)
	if err != nil {
		return false, err
	}
	switch out {
	case flags.OutputFormatJSON:
		return true, nil
	case flags.OutputFormatText:
		return false, nil
	}
	return false, fmt.Errorf("--output %q: text or json", out)
}

// Mode is what an online proof command does with the document it fetched.
type Mode int

const (
	// Write writes the document (to --output-document or stdout), after
	// verifying it when a trust root is at hand, and prints a summary.
	Write Mode = iota
	// Check verifies the document (a trust root is required unless
	// --output-document is given) and prints the verification; with
	// --output-document it also writes the document.
	Check
)

// AddFlags adds the flags of an online proof command: the query flags, the
// trust-root flags, --output-document and --wait.
func AddFlags(cmd *cobra.Command) {
	flags.AddQueryFlagsToCmd(cmd)
	AddTrustFlags(cmd)
	cmd.Flags().String(FlagOutputDocument, "", "write the proof document to this file (verify it later, offline, with nexusd verify-proof)")
	cmd.Flags().Duration(FlagWait, 30*time.Second, "how long to wait for the block after the proven state")
}

// Fetch builds a document from the node.
type Fetch func(cmd *cobra.Command, src lightproof.Source, opts lightproof.BuildOptions) (*lightproof.Document, error)

// Run runs an online proof command: it fetches the document from the node
// (the light path starting at the trust root's height, or at the node's
// earliest block without one), verifies it with the same verifier as
// verify-proof, and writes or prints it as mode says.
func Run(cmd *cobra.Command, mode Mode, fetch Fetch) error {
	clientCtx, err := client.GetClientQueryContext(cmd)
	if err != nil {
		return err
	}
	node, err := clientCtx.GetNode()
	if err != nil {
		return err
	}
	root, rootName, err := TrustRoot(cmd, clientCtx.HomeDir, true)
	if err != nil {
		return err
	}
	outFile, err := cmd.Flags().GetString(FlagOutputDocument)
	if err != nil {
		return err
	}
	if mode == Check && root == nil && outFile == "" {
		return errNoRoot
	}
	opts, err := VerifyOptions(cmd)
	if err != nil {
		return err
	}
	wait, err := cmd.Flags().GetDuration(FlagWait)
	if err != nil {
		return err
	}
	build := lightproof.BuildOptions{Wait: wait}
	if root != nil {
		build.From = root.Height
	}
	doc, err := fetch(cmd, node, build)
	if err != nil {
		return err
	}
	if clientCtx.ChainID != "" && doc.ChainID != clientCtx.ChainID {
		return fmt.Errorf("the node is on chain %q, not %q (--chain-id)", doc.ChainID, clientCtx.ChainID)
	}

	var res *lightproof.Result
	var absent error
	if root != nil {
		res, err = lightproof.Verify(doc, *root, opts)
		if res == nil {
			return err
		}
		absent = err
	}
	if mode == Check && res != nil {
		if err := res.Print(cmd.OutOrStdout(), clientCtx.OutputFormat == flags.OutputFormatJSON); err != nil {
			return err
		}
	}
	if mode == Write || outFile != "" {
		// A proof file always proves that its subject exists.
		if !doc.StoreProof.Exists {
			if absent != nil {
				return fmt.Errorf("nothing written: %w", absent)
			}
			return fmt.Errorf("nothing written: %s is not in the node's state at height %d", doc.Subject.Describe(), doc.StoreProof.Height)
		}
		if err := writeDocument(cmd, doc, outFile, res, rootName); err != nil {
			return err
		}
	}
	return absent
}

func writeDocument(cmd *cobra.Command, doc *lightproof.Document, outFile string, res *lightproof.Result, rootName string) error {
	bz, err := doc.Encode()
	if err != nil {
		return err
	}
	where := "stdout"
	if outFile != "" {
		if err := os.WriteFile(outFile, bz, 0o600); err != nil {
			return err
		}
		where = outFile
	} else if _, err := cmd.OutOrStdout().Write(bz); err != nil {
		return err
	}
	var heights []string
	for _, lb := range doc.LightBlocks {
		heights = append(heights, fmt.Sprint(lb.SignedHeader.Height))
	}
	status := fmt.Sprintf("not verified here (no trust root): verify it with nexusd verify-proof %s --trust-genesis <genesis.json>", displayName(outFile))
	if res != nil {
		status = fmt.Sprintf("verified from %s", rootName)
	}
	_, err = fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s to %s: chain %s, light blocks %s, store proof at height %d; %s\n",
		doc.Subject.Describe(), where, doc.ChainID, strings.Join(heights, ", "), doc.StoreProof.Height, status)
	return err
}

func displayName(outFile string) string {
	if outFile == "" {
		return "<file>"
	}
	return outFile
}
