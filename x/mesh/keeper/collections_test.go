package keeper_test

import (
	"encoding/binary"

	"github.com/azora-os/nexus/x/mesh/types"
)

// TestStateLayout pins the bytes of one key of every collection, so that a
// change that would break existing chain state fails here (the prefixes and
// the node key are also pinned by TestStateCompatibility). The role grants
// moved to the shared registry (types/roles, NewMarked) in issue 17 and
// kept their bytes: (int32 role, address) → true (0x01), no empty value.
func (s *KeeperTestSuite) TestStateLayout() {
	s.buildState()
	store := s.ctx.KVStore(s.storeKey)

	be64 := func(v uint64) []byte { b := make([]byte, 8); binary.BigEndian.PutUint64(b, v); return b }
	i32 := func(v int32) []byte { // int32: big-endian, sign bit flipped
		b := make([]byte, 4)
		binary.BigEndian.PutUint32(b, uint32(v))
		b[0] ^= 0x80
		return b
	}
	lp := func(b []byte) []byte { return append([]byte{byte(len(b))}, b...) }
	nt := func(s string) []byte { return append([]byte(s), 0) } // a non-terminal string
	cat := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	for name, key := range map[string][]byte{
		"params":                        {0x00},
		"role (role, address)":          cat([]byte{0x01}, i32(int32(types.RoleRegistrar)), s.registrar),
		"role granted by message":       cat([]byte{0x01}, i32(int32(types.RoleReporter)), s.carol),
		"node by id":                    cat([]byte{0x02}, []byte("cor-1")),
		"node by owner (owner, id)":     cat([]byte{0x03}, lp(s.alice), []byte("cor-1")),
		"node by type (type, id)":       cat([]byte{0x04}, i32(int32(types.NodeTypeCorridor)), []byte("cor-1")),
		"audit entry (id, seq)":         cat([]byte{0x05}, nt("cor-1"), be64(8)),
		"audit cursor by id":            cat([]byte{0x06}, []byte("emp-gone")),
		"owner stats by owner":          cat([]byte{0x07}, s.alice),
		"used action (reporter, id)":    cat([]byte{0x08}, lp(s.reporter), []byte("fb-1")),
		"owner type stats (owner, typ)": cat([]byte{0x09}, lp(s.bob), i32(int32(types.NodeTypeEmployee))),
		"model record (id, model, v)":   cat([]byte{0x0a}, nt("cor-1"), nt("flow"), be64(3)),
		"reporter score (id, reporter)": cat([]byte{0x0b}, nt("cor-1"), s.carol),
	} {
		s.Require().True(store.Has(key), "%s: %x", name, key)
	}
	// A role grant's value is true (one byte), from genesis or a message.
	s.Require().Equal([]byte{1}, store.Get(cat([]byte{0x01}, i32(int32(types.RoleRegistrar)), s.registrar)))
	s.Require().Equal([]byte{1}, store.Get(cat([]byte{0x01}, i32(int32(types.RoleReporter)), s.carol)))
	// The index entries carry true too (provableMulti), never an empty value.
	s.Require().Equal([]byte{1}, store.Get(cat([]byte{0x03}, lp(s.alice), []byte("cor-1"))))
}
