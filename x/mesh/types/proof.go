package types

import (
	"github.com/cometbft/cometbft/crypto/merkle"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
)

// NodeStoreKey is the raw key of node id in the mesh KV store: the Nodes
// prefix followed by the id's bytes (collections' StringKey encoding for a
// whole key). A state-compatibility test pins it to the collection.
func NodeStoreKey(id string) []byte {
	key := make([]byte, 0, len(NodesPrefix)+len(id))
	key = append(key, NodesPrefix...)
	return append(key, id...)
}

// NodeStoreQueryPath is the ABCI query path that returns a raw store value
// with a Merkle proof when asked with prove=true.
const NodeStoreQueryPath = "/store/" + StoreKey + "/key"

// NodeProofKeyPath is the Merkle key path of node id, from the app hash
// down: the store name, then the key in the store.
func NodeProofKeyPath(id string) string {
	return merkle.KeyPath{}.
		AppendKey([]byte(StoreKey), merkle.KeyEncodingURL).
		AppendKey(NodeStoreKey(id), merkle.KeyEncodingHex).
		String()
}

// VerifyNodeProof checks proof (the ProofOps of an ABCI store query with
// prove=true at height h) against appHash (the app hash in the header of
// block h+1, which commits to the state after block h): value is the stored
// node under NodeStoreKey(id), or nil to prove that no such node exists.
//
// The proof has two links: an ICS-23 IAVL proof of the key in the mesh
// store, whose root is the mesh store's hash, and an ICS-23 simple-Merkle
// proof of that hash in the multistore, whose root is the app hash.
func VerifyNodeProof(proof *cmtcrypto.ProofOps, appHash []byte, id string, value []byte) error {
	if proof == nil || len(proof.Ops) == 0 {
		return storetypes.ErrInvalidProof.Wrap("empty proof")
	}
	prt := proofRuntime()
	if value == nil {
		return prt.VerifyAbsence(proof, appHash, NodeProofKeyPath(id))
	}
	return prt.VerifyValue(proof, appHash, NodeProofKeyPath(id), value)
}

// ProofStep is one link of a node proof: the op's type, the key it proves
// and the root it computes.
type ProofStep struct {
	// Type is the proof op type, e.g. "ics23:iavl" or "ics23:simple".
	Type string
	// Key is the key the op proves (the store key, then the store name).
	Key []byte
	// Root is the root the op computes from the value or the previous root.
	Root []byte
}

// NodeProofSteps runs each op of proof from the value (nil for absence)
// and returns the root each computes: the mesh store's root, then the app
// hash. It shows the path; VerifyNodeProof is the check.
func NodeProofSteps(proof *cmtcrypto.ProofOps, value []byte) ([]ProofStep, error) {
	if proof == nil || len(proof.Ops) == 0 {
		return nil, storetypes.ErrInvalidProof.Wrap("empty proof")
	}
	ops, err := proofRuntime().DecodeProof(proof)
	if err != nil {
		return nil, err
	}
	var args [][]byte
	if value != nil {
		args = [][]byte{value}
	}
	steps := make([]ProofStep, 0, len(ops))
	for i, op := range ops {
		args, err = op.Run(args)
		if err != nil {
			return nil, storetypes.ErrInvalidProof.Wrapf("op %d (%s): %s", i, proof.Ops[i].Type, err)
		}
		if len(args) != 1 {
			return nil, storetypes.ErrInvalidProof.Wrapf("op %d (%s) returned %d roots", i, proof.Ops[i].Type, len(args))
		}
		steps = append(steps, ProofStep{Type: proof.Ops[i].Type, Key: op.GetKey(), Root: args[0]})
	}
	return steps, nil
}

func proofRuntime() *merkle.ProofRuntime {
	prt := merkle.NewProofRuntime()
	prt.RegisterOpDecoder(storetypes.ProofOpIAVLCommitment, storetypes.CommitmentOpDecoder)
	prt.RegisterOpDecoder(storetypes.ProofOpSimpleMerkleCommitment, storetypes.CommitmentOpDecoder)
	return prt
}
