package keeper_test

import (
	"encoding/binary"
	"time"

	"cosmossdk.io/math"

	"github.com/azora-os/nexus/x/forge/types"
)

func be64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
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
// change that would break existing chain state fails here. The role grants
// moved to the shared registry (types/roles) in issue 17 and kept their
// bytes: (int32 role, address) → no value.
func (s *KeeperTestSuite) TestStateLayout() {
	assetID := s.registerAsset()
	lid := s.list(types.ListingKindGoods, uazr(100), 5)
	s.order(s.bobS, lid, 1, uazr(100))

	store := s.ctx.KVStore(s.key)
	lenPrefixed := func(b []byte) []byte { return append([]byte{byte(len(b))}, b...) }
	role := func(r types.Role) []byte { // int32, sign bit flipped
		b := make([]byte, 4)
		binary.BigEndian.PutUint32(b, uint32(r))
		b[0] ^= 0x80
		return b
	}
	for name, key := range map[string][]byte{
		"params":                         {0x01},
		"custodian role (role, address)": cat([]byte{0x02}, role(types.RoleCustodian), s.custodian),
		"asset id sequence":              {0x03},
		"asset by id":                    cat([]byte{0x04}, be64(assetID)),
		"asset by owner":                 cat([]byte{0x05}, lenPrefixed(s.alice), be64(assetID)),
		"listing id sequence":            {0x06},
		"listing by id":                  cat([]byte{0x07}, be64(lid)),
		"listing by seller":              cat([]byte{0x08}, lenPrefixed(s.alice), be64(lid)),
		"listing by kind":                cat([]byte{0x09}, role(types.Role(types.ListingKindGoods)), be64(lid)),
		"order (listing, seq)":           cat([]byte{0x0a}, be64(lid), be64(1)),
		"order by buyer":                 cat([]byte{0x0b}, lenPrefixed(s.bob), be64(lid), be64(1)),
		"order by seller":                cat([]byte{0x0c}, lenPrefixed(s.alice), be64(lid), be64(1)),
		"escrow (listing, seq)":          cat([]byte{0x0d}, be64(lid), be64(1)),
		"escrow held per denom":          cat([]byte{0x11}, []byte("uazr")),
		"open orders":                    {0x12},
	} {
		s.Require().True(store.Has(key), "%s: %x", name, key)
	}
	// A role grant carries no value, and a grant through the registry
	// writes the same bytes as one from genesis.
	s.Require().Empty(store.Get(cat([]byte{0x02}, role(types.RoleCustodian), s.custodian)))
	s.ok(&types.MsgGrantRole{Authority: s.authority, Role: types.RoleArbiter, Address: s.carolS})
	s.Require().True(store.Has(cat([]byte{0x02}, role(types.RoleArbiter), s.carol)), "arbiter role (role, address)")
	s.Require().Empty(store.Get(cat([]byte{0x02}, role(types.RoleArbiter), s.carol)))
	// The queues are keyed by time as int64 Unix nanoseconds (big-endian,
	// sign bit flipped), then the ids.
	at := func(t time.Time) []byte {
		b := be64(uint64(t.UnixNano()))
		b[0] ^= 0x80
		return b
	}
	o := s.getOrder("1-1")
	l, err := s.k.GetListing(s.ctx, lid)
	s.Require().NoError(err)
	s.Require().True(store.Has(cat([]byte{0x0e}, at(o.Expiry), be64(lid), be64(1))), "order expiry queue")
	s.Require().True(store.Has(cat([]byte{0x0f}, at(l.Expiry), be64(lid))), "listing expiry queue")
	s.ok(&types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: "1-1"})
	s.Require().True(store.Has(cat([]byte{0x10}, at(genesisTime.Add(types.DefaultClosedOrderRetention)), be64(lid), be64(1))), "prune queue")
	// The dispute queue (issue 14), keyed like the other queues.
	disputed := s.order(s.bobS, lid, 1, uazr(100))
	s.ok(&types.MsgOpenDispute{Signer: s.bobS, OrderId: disputed, Reason: "late"})
	_, seq, err := types.ParseOrderID(disputed)
	s.Require().NoError(err)
	s.Require().True(store.Has(cat([]byte{0x13}, at(genesisTime.Add(types.DefaultDisputeTTL)), be64(lid), be64(seq))), "dispute queue")

	// Values: the escrow totals use math.Int's own encoding (the disputed
	// order and this one).
	s.order(s.bobS, lid, 1, uazr(100))
	var held math.Int
	s.Require().NoError(held.Unmarshal(store.Get(cat([]byte{0x11}, []byte("uazr")))))
	s.Require().Equal(math.NewInt(210), held)

	for want, p := range map[byte][]byte{
		0x01: types.ParamsKey, 0x02: types.RolesPrefix, 0x03: types.NextAssetIDKey, 0x04: types.AssetsPrefix,
		0x05: types.AssetsByOwnerPrefix, 0x06: types.NextListingIDKey, 0x07: types.ListingsPrefix,
		0x08: types.ListingsBySellerPrefix, 0x09: types.ListingsByKindPrefix, 0x0a: types.OrdersPrefix,
		0x0b: types.OrdersByBuyerPrefix, 0x0c: types.OrdersBySellerPrefix, 0x0d: types.EscrowsPrefix,
		0x0e: types.OrderExpiryQueuePrefix, 0x0f: types.ListingExpiryQueuePrefix, 0x10: types.PruneQueuePrefix,
		0x11: types.EscrowHeldPrefix, 0x12: types.OpenOrdersKey, 0x13: types.DisputeQueuePrefix,
	} {
		s.Require().Equal([]byte{want}, p)
	}
}
