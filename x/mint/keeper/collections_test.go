package keeper_test

import (
	"cosmossdk.io/math"

	"github.com/azora-os/nexus/x/mint/types"
)

// TestStateLayout pins each collection's prefix and key encoding, so that a
// change that would break existing chain state fails here.
func (s *KeeperTestSuite) TestStateLayout() {
	s.charter("kasi", s.issuer, 10)
	s.grantTreasurer(s.treasurer, 5)

	store := s.ctx.KVStore(s.key)
	s.Require().True(store.Has([]byte{0x01}), "params at prefix 1")
	s.Require().True(store.Has(append([]byte{0x02}, "kasi"...)), "a-Tokens at prefix 2, keyed by symbol")
	s.Require().True(store.Has(append([]byte{0x03}, s.treasurer...)), "treasurers at prefix 3, keyed by address bytes")

	// The allowance is stored with math.Int's own encoding (sdk.IntValue).
	raw := store.Get(append([]byte{0x03}, s.treasurer...))
	var v math.Int
	s.Require().NoError(v.Unmarshal(raw))
	s.Require().Equal(math.NewInt(5), v)

	s.Require().Equal([]byte{0x01}, types.ParamsKey.Bytes())
	s.Require().Equal([]byte{0x02}, types.ATokensPrefix.Bytes())
	s.Require().Equal([]byte{0x03}, types.TreasurersPrefix.Bytes())
}
