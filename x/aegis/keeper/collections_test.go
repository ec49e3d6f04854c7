package keeper_test

import (
	"encoding/binary"

	sdkmath "cosmossdk.io/math"

	"github.com/azora-os/nexus/x/aegis/types"
)

// TestStateLayout pins each collection's prefix and key encoding, so that a
// change that would break existing chain state fails here. The role grants
// moved to the shared registry (types/roles) in issue 17 and kept their
// bytes: (int32 role, address) → no value.
func (s *KeeperSuite) TestStateLayout() {
	hour := types.HourOf(s.ctx.BlockTime())
	s.verify(1, types.TierStandard)
	gs := s.snapshot()
	gs.Usage = []types.AccountUsage{{Address: acc(1), Denom: "uazr", Buckets: []types.UsageBucket{{Hour: hour, Amount: sdkmath.NewInt(3)}}}}
	gs.AdmittedValidators = []types.AdmittedValidator{{Operator: valAddr(3).String(), MaxPower: 10}}
	s.Require().NoError(s.k.InitGenesis(s.ctx, gs))

	store := s.ctx.KVStore(s.key)
	be64 := func(v uint64) []byte { b := make([]byte, 8); binary.BigEndian.PutUint64(b, v); return b }
	role := func(r types.Role) []byte {
		b := make([]byte, 4)
		binary.BigEndian.PutUint32(b, uint32(r))
		b[0] ^= 0x80
		return b
	}
	lp := func(b []byte) []byte { return append([]byte{byte(len(b))}, b...) }
	cat := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	for name, key := range map[string][]byte{
		"params":                      {0x00},
		"article by id":               cat([]byte{0x01}, be64(types.ArticleStanding)),
		"next article id":             {0x02},
		"standing by address":         cat([]byte{0x03}, accAddr(1)),
		"role (role, address)":        cat([]byte{0x04}, role(types.Role_ROLE_ATTESTER), accAddr(200)),
		"usage (address, denom)":      cat([]byte{0x05}, lp(accAddr(1)), []byte("uazr")),
		"policy":                      {0x06},
		"tier limit (tier, denom)":    cat([]byte{0x07}, []byte(types.TierBasic), []byte{0}, []byte(types.DefaultLimitDenom)),
		"admitted validator by owner": cat([]byte{0x0a}, valAddr(3)),
	} {
		s.Require().True(store.Has(key), "%s: %x", name, key)
	}
	// A role grant carries no value.
	s.Require().Empty(store.Get(cat([]byte{0x04}, role(types.Role_ROLE_OFFICER), accAddr(201))))
	s.Require().True(store.Has(cat([]byte{0x04}, role(types.Role_ROLE_OFFICER), accAddr(201))))
}
