package keeper_test

import (
	"encoding/binary"
	"time"

	"github.com/azora-os/nexus/x/ledger/types"
)

func be64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// at is collections' Int64Key encoding of a time in Unix nanoseconds
// (big-endian, sign bit flipped).
func at(t time.Time) []byte {
	b := be64(uint64(t.UnixNano())) //nolint:gosec // test encoding
	b[0] ^= 0x80
	return b
}

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// TestStateLayout pins each collection's prefix and key encoding, so that a
// change that would break existing chain state fails here. Prefixes 0x09
// and 0x0a came with payment deadlines (issue 14); none moved.
func (s *KeeperTestSuite) TestStateLayout() {
	_, err := s.transfer(s.alice, s.bob, uazr(10), "LAYOUT-1")
	s.Require().NoError(err)
	s.e.endBlocksUntil(s.T(), 5) // a checkpoint at 5
	h := s.e.head(s.T())

	store := s.e.ctx.KVStore(s.e.key)
	lenPrefixed := func(b []byte) []byte { return append([]byte{byte(len(b))}, b...) }
	ref := types.ReferenceKey(s.alice, "LAYOUT-1")
	for name, key := range map[string][]byte{
		"params":                                   {0x01},
		"head":                                     {0x02},
		"entry by sequence":                        cat([]byte{0x03}, be64(h.LastSequence)),
		"account index (account, seq)":             cat([]byte{0x04}, lenPrefixed(s.alice), be64(h.LastSequence)),
		"reference index (key, seq)":               cat([]byte{0x05}, lenPrefixed(ref), be64(h.LastSequence)),
		"used reference (sender, ref)":             cat([]byte{0x06}, lenPrefixed(s.alice), []byte("LAYOUT-1")),
		"checkpoint by height":                     types.CheckpointStoreKey(5),
		"reconciliation state":                     {0x08},
		"reference deadline (sender, ref)":         cat([]byte{0x09}, lenPrefixed(s.alice), []byte("LAYOUT-1")),
		"reference expiry (deadline, sender, ref)": cat([]byte{0x0a}, at(testDeadline), lenPrefixed(s.alice), []byte("LAYOUT-1")),
	} {
		s.Require().True(store.Has(key), "%s: %x", name, key)
	}
	// The deadline value is Int64Value's encoding of Unix nanoseconds (as
	// the key: big-endian, sign bit flipped).
	s.Require().Equal(at(testDeadline), store.Get(cat([]byte{0x09}, lenPrefixed(s.alice), []byte("LAYOUT-1"))))
}
