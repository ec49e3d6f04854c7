package types

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
)

// HashSize is the size of every journal and checkpoint hash (SHA-256).
const HashSize = sha256.Size

// GenesisHash is the hash chain before the first entry: 32 zero bytes.
func GenesisHash() []byte { return make([]byte, HashSize) }

// EntryHash returns the hash chain after e, given the chain before it:
// sha256(prev || e encoded with Hash empty). The encoding is the entry's
// protobuf encoding (gogoproto's Marshal is deterministic: fields in number
// order, no maps).
func EntryHash(prev []byte, e JournalEntry) ([]byte, error) {
	e.Hash = nil
	bz, err := e.Marshal()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write(prev)
	h.Write(bz)
	return h.Sum(nil), nil
}

// CheckpointHash returns sha256 of c encoded with Hash empty.
func CheckpointHash(c Checkpoint) ([]byte, error) {
	c.Hash = nil
	bz, err := c.Marshal()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(bz)
	return sum[:], nil
}

// VerifyChain recomputes the hash chain from start over entries (which must
// be consecutive) and checks each entry's stored hash; it returns the chain
// after the last entry.
func VerifyChain(start []byte, entries []JournalEntry) ([]byte, error) {
	cur := start
	for i, e := range entries {
		if i > 0 && e.Sequence != entries[i-1].Sequence+1 {
			return nil, ErrJournalInconsistent.Wrapf("entry %d follows entry %d", e.Sequence, entries[i-1].Sequence)
		}
		h, err := EntryHash(cur, e)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(h, e.Hash) {
			return nil, ErrJournalInconsistent.Wrapf("entry %d: hash %s, recomputed %s", e.Sequence, hex.EncodeToString(e.Hash), hex.EncodeToString(h))
		}
		cur = h
	}
	return cur, nil
}

// VerifyCheckpoint checks a checkpoint on its own: its hash recomputes, its
// sequence range and count agree, and its hashes have the right size. With
// entries (first_sequence to last_sequence) it also recomputes entries_hash
// from start_hash.
func (c Checkpoint) VerifyCheckpoint(entries []JournalEntry) error {
	h, err := CheckpointHash(c)
	if err != nil {
		return err
	}
	if !bytes.Equal(h, c.Hash) {
		return ErrCheckpointMismatch.Wrapf("checkpoint %d: stored hash %s, recomputed %s", c.Height, hex.EncodeToString(c.Hash), hex.EncodeToString(h))
	}
	if c.LastSequence+1 < c.FirstSequence || c.EntryCount != c.LastSequence+1-c.FirstSequence {
		return ErrCheckpointMismatch.Wrapf("checkpoint %d: sequences %d..%d with %d entries", c.Height, c.FirstSequence, c.LastSequence, c.EntryCount)
	}
	if len(c.StartHash) != HashSize || len(c.EntriesHash) != HashSize {
		return ErrCheckpointMismatch.Wrapf("checkpoint %d: hashes must be %d bytes", c.Height, HashSize)
	}
	if c.EntryCount == 0 && !bytes.Equal(c.StartHash, c.EntriesHash) {
		return ErrCheckpointMismatch.Wrapf("checkpoint %d: no entries but the chain moved", c.Height)
	}
	if entries == nil {
		return nil
	}
	if uint64(len(entries)) != c.EntryCount {
		return ErrCheckpointMismatch.Wrapf("checkpoint %d covers %d entries, got %d", c.Height, c.EntryCount, len(entries))
	}
	if len(entries) > 0 && entries[0].Sequence != c.FirstSequence {
		return ErrCheckpointMismatch.Wrapf("checkpoint %d starts at entry %d, got %d", c.Height, c.FirstSequence, entries[0].Sequence)
	}
	end, err := VerifyChain(c.StartHash, entries)
	if err != nil {
		return err
	}
	if !bytes.Equal(end, c.EntriesHash) {
		return ErrCheckpointMismatch.Wrapf("checkpoint %d: entries hash %s, recomputed %s", c.Height, hex.EncodeToString(c.EntriesHash), hex.EncodeToString(end))
	}
	return nil
}
