// Package cli holds the mesh commands autocli cannot express.
package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/azora-os/nexus/x/mesh/types"
)

// FlagWait is how long node-proof waits for the next block's header.
const FlagWait = "wait"

// GetQueryCmd returns the `mesh` query command with the hand-written
// node-proof; autocli adds the generated queries to it.
func GetQueryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Querying commands for the mesh module",
		DisableFlagParsing:         false,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(NodeProofCmd())
	return cmd
}

// NodeProofCmd returns `node-proof [id]`: the node's state with a Merkle
// proof against the app hash, checked against the next block's signed
// header. autocli cannot build it: it is an ABCI store query with
// prove=true plus CometBFT header and commit checks, not a gRPC query.
func NodeProofCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "node-proof [id]",
		Short: "Show a node's state with a Merkle proof, verified against the app hash signed in the next block",
		Long: `Proves a node's state the way an outside verifier would (this stands for the seed's signState):

  1. query    ABCI query /store/mesh/key of the node's store key at height H with prove=true:
              the stored node bytes and two proof ops (ics23:iavl, ics23:simple).
  2. header   fetch the signed header of block H+1: its app hash commits to the state after block H.
  3. commit   check the header's commit: validators holding more than 2/3 of the voting power
              signed it (every signature checked, validator set matched to the header's hash).
  4. proof    run the proof: the IAVL op computes the mesh store root from the node bytes, the
              simple-Merkle op computes the app hash from that root; it must equal the header's.
  5. node     decode the verified bytes as the node.

H is the latest height unless --height is given. A node that does not exist gets its absence
proven and the command fails.`,
		Example: "nexusd q mesh node-proof cor-lagos-accra\nnexusd q mesh node-proof cor-lagos-accra --height 120 -o json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
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
			res, proveErr := ProveNode(cmd.Context(), node, clientCtx.Codec, clientCtx.ChainID, args[0], clientCtx.Height, wait)
			if res == nil {
				return proveErr
			}
			if err := printNodeProof(cmd.OutOrStdout(), clientCtx.OutputFormat, res); err != nil {
				return err
			}
			return proveErr
		},
	}
	flags.AddQueryFlagsToCmd(cmd)
	cmd.Flags().Duration(FlagWait, 30*time.Second, "how long to wait for the next block's header")
	return cmd
}

// ProofClient is the part of the CometBFT RPC client node-proof uses.
type ProofClient interface {
	ABCIQueryWithOptions(ctx context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error)
	Status(ctx context.Context) (*coretypes.ResultStatus, error)
	Commit(ctx context.Context, height *int64) (*coretypes.ResultCommit, error)
	Validators(ctx context.Context, height *int64, page, perPage *int) (*coretypes.ResultValidators, error)
}

// ProofOp is one proof op as printed.
type ProofOp struct {
	Type string `json:"type"`
	Key  string `json:"key"`  // hex
	Data string `json:"data"` // base64, the op's ICS-23 commitment proof
}

// NodeProof is what node-proof prints: the node, the raw value and proof,
// the header and commit it was checked against, and each step.
type NodeProof struct {
	NodeID       string          `json:"node_id"`
	Node         json.RawMessage `json:"node,omitempty"`
	Exists       bool            `json:"exists"`
	StoreKey     string          `json:"store_key"` // hex
	Value        string          `json:"value"`     // base64 of the stored bytes
	QueryHeight  int64           `json:"query_height"`
	ProofOps     []ProofOp       `json:"proof_ops"`
	HeaderHeight int64           `json:"header_height"`
	ChainID      string          `json:"chain_id"`
	AppHash      string          `json:"app_hash"`   // hex
	BlockHash    string          `json:"block_hash"` // hex
	SignedPower  int64           `json:"signed_power"`
	TotalPower   int64           `json:"total_power"`
	StoreRoot    string          `json:"store_root"`    // hex, computed by the IAVL op
	ComputedRoot string          `json:"computed_root"` // hex, computed by the last op
	Verified     bool            `json:"verified"`
	Steps        []string        `json:"steps"`
}

// ProveNode runs the five steps of node-proof against rpc and returns what
// it found. It returns the result and an error together when the node does
// not exist (absence proven); any failed check returns only an error.
func ProveNode(
	ctx context.Context, rpc ProofClient, cdc codec.Codec, chainID, id string, height int64, wait time.Duration,
) (*NodeProof, error) {
	if err := types.ValidateNodeID(id); err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if height == 0 {
		st, err := rpc.Status(ctx)
		if err != nil {
			return nil, fmt.Errorf("status: %w", err)
		}
		height = st.SyncInfo.LatestBlockHeight
	}
	if height < 2 {
		return nil, fmt.Errorf("height %d: proofs need height 2 or more; wait for the next block", height)
	}
	out := &NodeProof{NodeID: id, QueryHeight: height}

	// 1. query
	key := types.NodeStoreKey(id)
	out.StoreKey = hex.EncodeToString(key)
	q, err := rpc.ABCIQueryWithOptions(ctx, types.NodeStoreQueryPath, key, rpcclient.ABCIQueryOptions{Height: height, Prove: true})
	if err != nil {
		return nil, fmt.Errorf("abci query: %w", err)
	}
	if !q.Response.IsOK() {
		return nil, fmt.Errorf("abci query: code %d (%s): %s", q.Response.Code, q.Response.Codespace, q.Response.Log)
	}
	if q.Response.ProofOps == nil || len(q.Response.ProofOps.Ops) == 0 {
		return nil, errors.New("abci query returned no proof (is the height pruned?)")
	}
	var value []byte
	if len(q.Response.Value) > 0 {
		value = q.Response.Value
	}
	out.Exists = value != nil
	out.Value = base64.StdEncoding.EncodeToString(value)
	opTypes := make([]string, 0, len(q.Response.ProofOps.Ops))
	for _, op := range q.Response.ProofOps.Ops {
		out.ProofOps = append(out.ProofOps, ProofOp{Type: op.Type, Key: hex.EncodeToString(op.Key), Data: base64.StdEncoding.EncodeToString(op.Data)})
		opTypes = append(opTypes, op.Type)
	}
	what := fmt.Sprintf("%d-byte value", len(value))
	if value == nil {
		what = "no value (the key is absent)"
	}
	out.Steps = append(out.Steps, fmt.Sprintf("query: ABCI %s key %s (node %q) at height %d with prove=true -> %s and %d proof ops (%s)",
		types.NodeStoreQueryPath, out.StoreKey, id, height, what, len(opTypes), strings.Join(opTypes, ", ")))

	// 2. header of the next block
	next := height + 1
	commit, err := waitCommit(ctx, rpc, next, wait)
	if err != nil {
		return nil, err
	}
	sh := commit.SignedHeader
	if sh.Header == nil || sh.Commit == nil {
		return nil, fmt.Errorf("block %d: incomplete signed header", next)
	}
	if chainID != "" && sh.Header.ChainID != chainID {
		return nil, fmt.Errorf("block %d is from chain %q, not %q", next, sh.Header.ChainID, chainID)
	}
	out.ChainID = sh.Header.ChainID
	if err := sh.ValidateBasic(out.ChainID); err != nil {
		return nil, fmt.Errorf("block %d signed header: %w", next, err)
	}
	out.HeaderHeight = next
	out.AppHash = hex.EncodeToString(sh.Header.AppHash)
	out.BlockHash = hex.EncodeToString(sh.Commit.BlockID.Hash)
	out.Steps = append(out.Steps, fmt.Sprintf("header: block %d (hash %s) carries app hash %s, the state after block %d",
		next, out.BlockHash, out.AppHash, height))

	// 3. the header's commit is signed by > 2/3 of the validator set
	vals, err := allValidators(ctx, rpc, next)
	if err != nil {
		return nil, err
	}
	valSet := cmttypes.NewValidatorSet(vals)
	if !bytes.Equal(valSet.Hash(), sh.Header.ValidatorsHash) {
		return nil, fmt.Errorf("block %d: validator set hash %X differs from the header's %X", next, valSet.Hash(), sh.Header.ValidatorsHash)
	}
	if err := valSet.VerifyCommitLightAllSignatures(out.ChainID, sh.Commit.BlockID, next, sh.Commit); err != nil {
		return nil, fmt.Errorf("block %d commit: %w", next, err)
	}
	out.TotalPower = valSet.TotalVotingPower()
	for _, sig := range sh.Commit.Signatures {
		if sig.BlockIDFlag != cmttypes.BlockIDFlagCommit {
			continue
		}
		if _, v := valSet.GetByAddress(sig.ValidatorAddress); v != nil {
			out.SignedPower += v.VotingPower
		}
	}
	out.Steps = append(out.Steps, fmt.Sprintf("commit: block %d is signed by validators with %d of %d voting power (more than 2/3; every signature verified, validator set hash matches the header)",
		next, out.SignedPower, out.TotalPower))

	// 4. the proof links the value to the app hash
	steps, err := types.NodeProofSteps(q.Response.ProofOps, value)
	if err != nil {
		return nil, err
	}
	links := make([]string, 0, len(steps))
	for i, s := range steps {
		keyDesc := hex.EncodeToString(s.Key)
		if i == len(steps)-1 {
			keyDesc = fmt.Sprintf("store %q", s.Key)
		}
		links = append(links, fmt.Sprintf("%s over %s -> root %X", s.Type, keyDesc, s.Root))
	}
	out.StoreRoot = hex.EncodeToString(steps[0].Root)
	out.ComputedRoot = hex.EncodeToString(steps[len(steps)-1].Root)
	if err := types.VerifyNodeProof(q.Response.ProofOps, sh.Header.AppHash, id, value); err != nil {
		return nil, fmt.Errorf("proof does not verify against the app hash of block %d: %w", next, err)
	}
	out.Verified = true
	kind := "existence"
	if value == nil {
		kind = "absence"
	}
	out.Steps = append(out.Steps, fmt.Sprintf("proof: %s; the computed root equals the app hash of block %d: %s proof verified",
		strings.Join(links, "; "), next, kind))

	// 5. decode
	if value == nil {
		out.Steps = append(out.Steps, fmt.Sprintf("node: %q does not exist at height %d", id, height))
		return out, types.ErrNodeNotFound.Wrapf("%q at height %d (absence proven against the app hash of block %d)", id, height, next)
	}
	var n types.Node
	if err := cdc.Unmarshal(value, &n); err != nil {
		return nil, fmt.Errorf("decode node: %w", err)
	}
	if n.Id != id {
		return nil, fmt.Errorf("stored node has id %q, want %q", n.Id, id)
	}
	js, err := cdc.MarshalJSON(&n)
	if err != nil {
		return nil, err
	}
	out.Node = js
	out.Steps = append(out.Steps, fmt.Sprintf("node: %q (%s) owned by %s, reputation %d, %d models, consent data_sharing=%t model_training=%t federated_analysis=%t",
		n.Id, n.Type, n.Owner, n.Reputation, len(n.Models), n.Consent.DataSharing, n.Consent.ModelTraining, n.Consent.FederatedAnalysis))
	return out, nil
}

// waitCommit polls for the signed header of block h until wait elapses.
func waitCommit(ctx context.Context, rpc ProofClient, h int64, wait time.Duration) (*coretypes.ResultCommit, error) {
	deadline := time.Now().Add(wait) // nolint:nondeterminism // CLI code, not state machine
	for {
		c, err := rpc.Commit(ctx, &h)
		if err == nil {
			return c, nil
		}
		if time.Now().After(deadline) { // nolint:nondeterminism // CLI code, not state machine
			return nil, fmt.Errorf("block %d: no signed header within %s: %w", h, wait, err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// allValidators returns the validator set at height h, page by page.
func allValidators(ctx context.Context, rpc ProofClient, h int64) ([]*cmttypes.Validator, error) {
	var vals []*cmttypes.Validator
	perPage := 100
	for page := 1; ; page++ {
		p := page
		res, err := rpc.Validators(ctx, &h, &p, &perPage)
		if err != nil {
			return nil, fmt.Errorf("validators at %d: %w", h, err)
		}
		vals = append(vals, res.Validators...)
		if len(vals) >= res.Total || len(res.Validators) == 0 {
			return vals, nil
		}
	}
}

func printNodeProof(w io.Writer, format string, p *NodeProof) error {
	if format == flags.OutputFormatJSON {
		bz, err := json.Marshal(p)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(w, string(bz))
		return err
	}
	var b strings.Builder
	for i, s := range p.Steps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, s)
	}
	if p.Verified {
		fmt.Fprintf(&b, "verified: what node %q is at height %d is committed by app hash %s, signed in block %d\n", p.NodeID, p.QueryHeight, p.AppHash, p.HeaderHeight)
	}
	if p.Node != nil {
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, p.Node, "", "  "); err != nil {
			return err
		}
		fmt.Fprintf(&b, "node:\n%s\n", pretty.String())
	}
	_, err := io.WriteString(w, b.String())
	return err
}
