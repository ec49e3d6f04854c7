// Package cli holds the mesh commands autocli cannot express.
package cli

import (
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"

	"github.com/azora-os/nexus/client/lightproof"
	"github.com/azora-os/nexus/client/proofcli"
	"github.com/azora-os/nexus/x/mesh/types"
)

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

// NodeProofCmd returns `node-proof [id]`: the node's state proven from a
// trust root against the validators' signatures (client/lightproof).
// autocli cannot build it: it is an ABCI store query with prove=true plus
// signed headers and validator sets, not a gRPC query.
func NodeProofCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "node-proof [id]",
		Short: "Prove a node's state from a trust root against the validators' signatures (or write the proof to verify offline)",
		Long: `Proves a node's state the way an outside verifier would (this stands for the seed's signState): it
fetches the node's bytes at height H (the node's last committed height, or --height) with their ICS-23
proof up to the app hash of block H+1, and the signed headers, commits and validator sets from the
trust root to block H+1, then verifies them with the same verifier as 'nexusd verify-proof':

  1. document  the proof is well formed
  2. root      its first block is the trust root's (genesis: the first block, its time and the genesis
               validators' set, signed by more than 2/3 of their power; or the trusted block's hash)
  3. light     each next block up to H+1 is verified with CometBFT's light client from the previous one
  4. store     the ICS-23 proof computes block H+1's app hash from the node's bytes
  5. node      the bytes decode to the node with that id

With --output-document it also writes the proof document, to verify later, offline, with
'nexusd verify-proof FILE --trust-genesis genesis.json' (without a trust root it then only writes).
A node that does not exist gets its absence proven and the command fails.

Trust root: --trust-genesis FILE, or --trusted-height H --trusted-hash HASH; without either, the
genesis in the home directory (<home>/config/genesis.json) if there is one. Nothing the node says is
trusted.`,
		Example: "nexusd q mesh node-proof cor-lagos-accra\nnexusd q mesh node-proof cor-lagos-accra --height 120 -o json\nnexusd q mesh node-proof cor-lagos-accra --output-document node.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			if err := types.ValidateNodeID(id); err != nil {
				return err
			}
			return proofcli.Run(cmd, proofcli.Check, func(cmd *cobra.Command, src lightproof.Source, opts lightproof.BuildOptions) (*lightproof.Document, error) {
				clientCtx, err := client.GetClientQueryContext(cmd)
				if err != nil {
					return nil, err
				}
				return lightproof.ProveNode(cmd.Context(), src, id, clientCtx.Height, opts)
			})
		},
	}
	proofcli.AddFlags(cmd)
	return cmd
}
