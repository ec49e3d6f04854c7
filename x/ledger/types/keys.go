package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module name; it is also the store key and the
	// error codespace.
	ModuleName = "ledger"

	// StoreKey is the KV store key.
	StoreKey = ModuleName

	// ObjectStoreKey is the per-block object store in which each tx's
	// journal entries wait, keyed by (slot, n), until EndBlock numbers and
	// persists them.
	ObjectStoreKey = "object:" + ModuleName
)

// Collection prefixes. Never renumber or reuse one.
var (
	// ParamsKey holds the Params.
	ParamsKey = collections.NewPrefix(1)
	// HeadKey holds the JournalHead.
	HeadKey = collections.NewPrefix(2)
	// EntriesKey holds the entries by sequence.
	EntriesKey = collections.NewPrefix(3)
	// AccountIndexKey indexes entries by (account, sequence), both sides.
	AccountIndexKey = collections.NewPrefix(4)
	// ReferenceIndexKey indexes entries by (sender, reference, sequence).
	ReferenceIndexKey = collections.NewPrefix(5)
	// UsedReferencesKey holds the references reserved by MsgTransfer and
	// MsgBatchTransfer, by (sender, reference) → height.
	UsedReferencesKey = collections.NewPrefix(6)
	// CheckpointsKey holds the checkpoints by height.
	CheckpointsKey = collections.NewPrefix(7)
	// ReconStateKey holds the ReconState.
	ReconStateKey = collections.NewPrefix(8)
	// ReferenceDeadlinesKey holds the deadline of each reserved reference,
	// by (sender, reference) → Unix nanoseconds.
	ReferenceDeadlinesKey = collections.NewPrefix(9)
	// ReferenceExpiryKey queues the reserved references by (deadline in
	// Unix nanoseconds, sender, reference), for EndBlock to release them
	// once the deadline has passed.
	ReferenceExpiryKey = collections.NewPrefix(10)
)

// CheckpointStoreQueryPath is the ABCI query path that returns a raw value
// of the ledger store, with a Merkle proof when asked with prove=true.
const CheckpointStoreQueryPath = "/store/" + StoreKey + "/key"

// CheckpointStoreKey is the raw key of the checkpoint at height in the
// ledger store: the Checkpoints prefix followed by collections' Int64Key
// encoding of the height (big-endian with the sign bit flipped). A
// state-compatibility test pins it to the collection.
func CheckpointStoreKey(height int64) []byte {
	key := make([]byte, 0, len(CheckpointsKey)+8)
	key = append(key, CheckpointsKey...)
	u := uint64(height) ^ (1 << 63) //nolint:gosec // the sign-flip encoding of collections.Int64Key
	return append(key, byte(u>>56), byte(u>>48), byte(u>>40), byte(u>>32), byte(u>>24), byte(u>>16), byte(u>>8), byte(u))
}

// EntryStoreKey is the raw key of journal entry sequence in the ledger
// store: the Entries prefix followed by collections' Uint64Key encoding of
// the sequence (big-endian). A proof test pins it to the collection.
func EntryStoreKey(sequence uint64) []byte {
	key := make([]byte, 0, len(EntriesKey)+8)
	key = append(key, EntriesKey...)
	s := sequence
	return append(key, byte(s>>56), byte(s>>48), byte(s>>40), byte(s>>32), byte(s>>24), byte(s>>16), byte(s>>8), byte(s))
}
