// Package cli holds the mesh commands autocli cannot express.
package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/azora-os/nexus/client/storeproof"
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

H is the node's last committed height unless --height is given. A node that does not exist gets its absence
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
type ProofClient = storeproof.Client

// ProofOp is one proof op as printed.
type ProofOp = storeproof.ProofOp

// NodeProof is what node-proof prints: the node, the raw value and proof,
// the header and commit it was checked against, and each step.
type NodeProof struct {
	NodeID string          `json:"node_id"`
	Node   json.RawMessage `json:"node,omitempty"`
	storeproof.Report
	Verified bool     `json:"verified"`
	Steps    []string `json:"steps"`
}

// ProveNode runs the five steps of node-proof against rpc and returns what
// it found. Steps 1 to 4 (query, header, commit, proof) are
// client/storeproof's; step 5 decodes the node. It returns the result and an
// error together when the node does not exist (absence proven); any failed
// check returns only an error.
func ProveNode(
	ctx context.Context, rpc ProofClient, cdc codec.Codec, chainID, id string, height int64, wait time.Duration,
) (*NodeProof, error) {
	if err := types.ValidateNodeID(id); err != nil {
		return nil, err
	}
	res, err := storeproof.Prove(ctx, rpc, storeproof.Request{
		StoreName: types.StoreKey,
		Key:       types.NodeStoreKey(id),
		Describe:  fmt.Sprintf("node %q", id),
		Height:    height,
		ChainID:   chainID,
		Wait:      wait,
	})
	if err != nil {
		return nil, err
	}
	value := res.Value
	out := &NodeProof{
		NodeID:   id,
		Report:   res.Report(),
		Verified: res.Verified,
		Steps:    res.Steps,
	}

	// 5. decode
	if value == nil {
		out.Steps = append(out.Steps, fmt.Sprintf("node: %q does not exist at height %d", id, out.QueryHeight))
		return out, types.ErrNodeNotFound.Wrapf("%q at height %d (absence proven against the app hash of block %d)", id, out.QueryHeight, out.HeaderHeight)
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

func printNodeProof(w io.Writer, format string, p *NodeProof) error {
	verdict := ""
	if p.Verified {
		verdict = fmt.Sprintf("verified: what node %q is at height %d is committed by app hash %s, signed in block %d", p.NodeID, p.QueryHeight, p.AppHash, p.HeaderHeight)
	}
	return storeproof.Print(w, format, p, p.Steps, verdict, "node", p.Node)
}
