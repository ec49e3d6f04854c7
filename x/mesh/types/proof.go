package types

// NodeStoreKey is the raw key of node id in the mesh KV store: the Nodes
// prefix followed by the id's bytes (collections' StringKey encoding for a
// whole key). A state-compatibility test pins it to the collection; proofs
// of a node's state (client/lightproof) prove this key.
func NodeStoreKey(id string) []byte {
	key := make([]byte, 0, len(NodesPrefix)+len(id))
	key = append(key, NodesPrefix...)
	return append(key, id...)
}

// NodeStoreQueryPath is the ABCI query path that returns a raw store value
// with a Merkle proof when asked with prove=true.
const NodeStoreQueryPath = "/store/" + StoreKey + "/key"
