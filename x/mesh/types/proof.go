package types

import (
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"

	"github.com/azora-os/nexus/client/storeproof"
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
	return storeproof.KeyPath(StoreKey, NodeStoreKey(id))
}

// VerifyNodeProof checks proof (the ProofOps of an ABCI store query with
// prove=true at height h) against appHash (the app hash in the header of
// block h+1, which commits to the state after block h): value is the stored
// node under NodeStoreKey(id), or nil to prove that no such node exists.
//
// The proof has two links: an ICS-23 IAVL proof of the key in the mesh
// store, whose root is the mesh store's hash, and an ICS-23 simple-Merkle
// proof of that hash in the multistore, whose root is the app hash. The
// check is client/storeproof's, shared with x/ledger's checkpoint proofs.
func VerifyNodeProof(proof *cmtcrypto.ProofOps, appHash []byte, id string, value []byte) error {
	return storeproof.Verify(proof, appHash, StoreKey, NodeStoreKey(id), value)
}

// ProofStep is one link of a node proof: the op's type, the key it proves
// and the root it computes.
type ProofStep = storeproof.Step

// NodeProofSteps runs each op of proof from the value (nil for absence)
// and returns the root each computes: the mesh store's root, then the app
// hash. It shows the path; VerifyNodeProof is the check.
func NodeProofSteps(proof *cmtcrypto.ProofOps, value []byte) ([]ProofStep, error) {
	return storeproof.Steps(proof, value)
}
