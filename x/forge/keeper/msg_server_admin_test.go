package keeper_test

import (
	"math/big"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/x/forge/types"
)

func (s *KeeperTestSuite) TestGrantAndRevokeRoles() {
	// Only the authority.
	s.fails(govtypes.ErrInvalidSigner, &types.MsgGrantRole{Authority: s.aliceS, Role: types.RoleArbiter, Address: s.bobS})
	s.fails(govtypes.ErrInvalidSigner, &types.MsgRevokeRole{Authority: s.aliceS, Role: types.RoleArbiter, Address: s.arbiterS})
	// Bad input.
	s.fails(types.ErrInvalidRole, &types.MsgGrantRole{Authority: s.authority, Role: types.RoleUnspecified, Address: s.bobS})
	s.fails(types.ErrInvalidRole, &types.MsgGrantRole{Authority: s.authority, Role: types.Role(9), Address: s.bobS})
	s.fails(sdkErrInvalidAddress, &types.MsgGrantRole{Authority: s.authority, Role: types.RoleArbiter, Address: "azora1nope"})
	s.fails(types.ErrRoleAlreadyHeld, &types.MsgGrantRole{Authority: s.authority, Role: types.RoleArbiter, Address: s.arbiterS})
	s.fails(types.ErrRoleNotHeld, &types.MsgRevokeRole{Authority: s.authority, Role: types.RoleArbiter, Address: s.bobS})

	_, ev := s.ok(&types.MsgGrantRole{Authority: s.authority, Role: types.RoleArbiter, Address: s.bobS})
	s.Require().Equal([]string{"azora.forge.v1.EventRoleGranted"}, eventTypes(ev))
	ok, err := s.k.HasRole(s.ctx, types.RoleArbiter, s.bob)
	s.Require().NoError(err)
	s.Require().True(ok)

	_, ev = s.ok(&types.MsgRevokeRole{Authority: s.authority, Role: types.RoleArbiter, Address: s.bobS})
	s.Require().Equal([]string{"azora.forge.v1.EventRoleRevoked"}, eventTypes(ev))
	ok, err = s.k.HasRole(s.ctx, types.RoleArbiter, s.bob)
	s.Require().NoError(err)
	s.Require().False(ok)
}

func (s *KeeperTestSuite) TestUpdateParams() {
	p := types.DefaultParams()
	p.MaxExpiriesPerBlock = 7
	s.fails(govtypes.ErrInvalidSigner, &types.MsgUpdateParams{Authority: s.aliceS, Params: p})
	bad := p
	bad.MaxExpiriesPerBlock = 0
	s.fails(types.ErrInvalidParams, &types.MsgUpdateParams{Authority: s.authority, Params: bad})
	bad = p
	bad.OrderTtl = 0
	s.fails(types.ErrInvalidParams, &types.MsgUpdateParams{Authority: s.authority, Params: bad})
	bad = p
	bad.DisputeTtl = 0
	s.fails(types.ErrInvalidParams, &types.MsgUpdateParams{Authority: s.authority, Params: bad})
	bad.DisputeTtl = types.MaxDuration + 1
	s.fails(types.ErrInvalidParams, &types.MsgUpdateParams{Authority: s.authority, Params: bad})

	_, ev := s.ok(&types.MsgUpdateParams{Authority: s.authority, Params: p})
	s.Require().Equal([]string{"azora.forge.v1.EventParamsUpdated"}, eventTypes(ev))
	got, err := s.k.GetParams(s.ctx)
	s.Require().NoError(err)
	s.Require().Equal(p, got)
}

func (s *KeeperTestSuite) TestAssetRegistry() {
	reg := func(mut func(m *types.MsgRegisterAsset)) *types.MsgRegisterAsset {
		m := &types.MsgRegisterAsset{
			Owner: s.aliceS, Kind: "vehicle", Title: "Tractor", MetadataUri: "https://example.org/tractor.json",
			MetadataHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Custodian: s.custodianS,
		}
		if mut != nil {
			mut(m)
		}
		return m
	}
	// Bad input: each a registered error, nothing stored.
	s.fails(types.ErrInvalidAsset, reg(func(m *types.MsgRegisterAsset) { m.Kind = "" }))
	s.fails(types.ErrInvalidAsset, reg(func(m *types.MsgRegisterAsset) { m.Kind = "Vehicle" }))
	s.fails(types.ErrInvalidAsset, reg(func(m *types.MsgRegisterAsset) { m.Title = "" }))
	s.fails(types.ErrInvalidAsset, reg(func(m *types.MsgRegisterAsset) { m.MetadataHash = "abc" }))
	s.fails(types.ErrInvalidAsset, reg(func(m *types.MsgRegisterAsset) { m.MetadataUri = "has space" }))
	s.fails(sdkErrInvalidAddress, reg(func(m *types.MsgRegisterAsset) { m.Owner = "bad" }))
	s.fails(sdkErrInvalidAddress, reg(func(m *types.MsgRegisterAsset) { m.Custodian = "" }))
	s.fails(types.ErrNotCustodian, reg(func(m *types.MsgRegisterAsset) { m.Custodian = s.carolS }))
	s.frozen[string(s.alice)] = true
	s.fails(types.ErrPartyFrozen, reg(nil))
	s.frozen[string(s.alice)] = false

	res, ev := s.ok(reg(nil))
	s.Require().Equal(uint64(1), res.(*types.MsgRegisterAssetResponse).AssetId)
	s.Require().Equal([]string{"azora.forge.v1.EventAssetRegistered"}, eventTypes(ev))
	res, _ = s.ok(reg(nil))
	s.Require().Equal(uint64(2), res.(*types.MsgRegisterAssetResponse).AssetId)
	a, err := s.k.GetAsset(s.ctx, 1)
	s.Require().NoError(err)
	s.Require().Equal(s.aliceS, a.Owner)
	s.Require().Equal(genesisTime, a.RegisteredAt)

	// Transfers: owner only, not to a module account, a frozen account or oneself.
	s.fails(types.ErrAssetNotFound, &types.MsgTransferAsset{Owner: s.aliceS, AssetId: 99, Recipient: s.bobS})
	s.fails(types.ErrAssetNotFound, &types.MsgTransferAsset{Owner: s.aliceS, AssetId: 0, Recipient: s.bobS})
	s.fails(types.ErrNotAssetOwner, &types.MsgTransferAsset{Owner: s.bobS, AssetId: 1, Recipient: s.carolS})
	s.fails(types.ErrInvalidRecipient, &types.MsgTransferAsset{Owner: s.aliceS, AssetId: 1, Recipient: s.aliceS})
	s.fails(types.ErrInvalidRecipient, &types.MsgTransferAsset{Owner: s.aliceS, AssetId: 1, Recipient: s.str(s.escrow)})
	s.frozen[string(s.bob)] = true
	s.fails(types.ErrPartyFrozen, &types.MsgTransferAsset{Owner: s.aliceS, AssetId: 1, Recipient: s.bobS})
	s.frozen[string(s.bob)] = false

	_, ev = s.ok(&types.MsgTransferAsset{Owner: s.aliceS, AssetId: 1, Recipient: s.bobS})
	s.Require().Equal([]string{"azora.forge.v1.EventAssetTransferred"}, eventTypes(ev))
	a, err = s.k.GetAsset(s.ctx, 1)
	s.Require().NoError(err)
	s.Require().Equal(s.bobS, a.Owner)
	// The owner index moved with it.
	resp, err := s.qs.AssetsByOwner(s.ctx, &types.QueryAssetsByOwnerRequest{Owner: s.bobS})
	s.Require().NoError(err)
	s.Require().Len(resp.Assets, 1)
	resp, err = s.qs.AssetsByOwner(s.ctx, &types.QueryAssetsByOwnerRequest{Owner: s.aliceS})
	s.Require().NoError(err)
	s.Require().Len(resp.Assets, 1)
	s.Require().Equal(uint64(2), resp.Assets[0].Id)
}

func (s *KeeperTestSuite) TestListingRules() {
	create := func(mut func(m *types.MsgCreateListing)) *types.MsgCreateListing {
		m := &types.MsgCreateListing{Seller: s.aliceS, Kind: types.ListingKindGoods, Title: "Sorghum", Price: uazr(1000), Quantity: 5}
		if mut != nil {
			mut(m)
		}
		return m
	}
	past := genesisTime.Add(-time.Second)
	tooFar := genesisTime.Add(types.DefaultMaxListingDuration + time.Second)
	huge := math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), types.MaxAmountBits)) // one bit too many
	s.fails(types.ErrInvalidListing, create(func(m *types.MsgCreateListing) { m.Kind = types.ListingKindUnspecified }))
	s.fails(types.ErrInvalidListing, create(func(m *types.MsgCreateListing) { m.Title = "   " }))
	s.fails(types.ErrInvalidPrice, create(func(m *types.MsgCreateListing) { m.Price = uazr(0) }))
	s.fails(types.ErrInvalidPrice, create(func(m *types.MsgCreateListing) { m.Price.Denom = "" }))
	// Only money on Nexus (issue 14): uazr or a chartered a-Token.
	for _, d := range []string{"ustake", "a/unchartered", "foo", "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"} {
		s.fails(types.ErrInvalidPrice, create(func(m *types.MsgCreateListing) { m.Price.Denom = d }))
	}
	s.fails(types.ErrOverflow, create(func(m *types.MsgCreateListing) { m.Price.Amount = huge }))
	s.fails(types.ErrOverflow, create(func(m *types.MsgCreateListing) {
		m.Price.Amount = huge.QuoRaw(1 << 20)
		m.Quantity = types.MaxQuantity
	}))
	s.fails(types.ErrInvalidQuantity, create(func(m *types.MsgCreateListing) { m.Quantity = 0 }))
	s.fails(types.ErrInvalidQuantity, create(func(m *types.MsgCreateListing) { m.Quantity = types.MaxQuantity + 1 }))
	s.fails(types.ErrInvalidListing, create(func(m *types.MsgCreateListing) { m.AssetId = 1 }))
	s.fails(types.ErrInvalidListing, create(func(m *types.MsgCreateListing) { m.Kind = types.ListingKindAsset; m.Quantity = 1 }))
	s.fails(types.ErrInvalidQuantity, create(func(m *types.MsgCreateListing) { m.Kind = types.ListingKindAsset; m.AssetId = 1 }))
	s.fails(types.ErrInvalidExpiry, create(func(m *types.MsgCreateListing) { m.Expiry = &past }))
	s.fails(types.ErrInvalidExpiry, create(func(m *types.MsgCreateListing) { m.Expiry = &tooFar }))
	s.fails(sdkErrInvalidAddress, create(func(m *types.MsgCreateListing) { m.Seller = "x" }))
	s.fails(types.ErrAssetNotFound, create(func(m *types.MsgCreateListing) { m.Kind = types.ListingKindAsset; m.Quantity = 1; m.AssetId = 5 }))
	s.frozen[string(s.alice)] = true
	s.fails(types.ErrPartyFrozen, create(nil))
	s.frozen[string(s.alice)] = false

	// Without an expiry a listing lasts max_listing_duration.
	res, ev := s.ok(create(nil))
	id := res.(*types.MsgCreateListingResponse).ListingId
	s.Require().Equal([]string{"azora.forge.v1.EventListingCreated"}, eventTypes(ev))
	l, err := s.k.GetListing(s.ctx, id)
	s.Require().NoError(err)
	s.Require().Equal(genesisTime.Add(types.DefaultMaxListingDuration), l.Expiry)

	// Update: seller only, valid price, positive stock or 0 to pause.
	s.fails(types.ErrNotSeller, &types.MsgUpdateListing{Seller: s.bobS, ListingId: id, Price: uazr(900), Quantity: 3})
	s.fails(types.ErrListingNotFound, &types.MsgUpdateListing{Seller: s.aliceS, ListingId: 42, Price: uazr(900), Quantity: 3})
	s.fails(types.ErrInvalidPrice, &types.MsgUpdateListing{Seller: s.aliceS, ListingId: id, Price: uazr(0), Quantity: 3})
	s.fails(types.ErrInvalidPrice, &types.MsgUpdateListing{Seller: s.aliceS, ListingId: id, Price: sdk.NewInt64Coin("ustake", 5), Quantity: 3})
	s.ok(&types.MsgUpdateListing{Seller: s.aliceS, ListingId: id, Price: sdk.NewInt64Coin("a/kasi", 5), Quantity: 3})
	s.fails(types.ErrInvalidQuantity, &types.MsgUpdateListing{Seller: s.aliceS, ListingId: id, Price: uazr(900), Quantity: types.MaxQuantity + 1})
	_, ev = s.ok(&types.MsgUpdateListing{Seller: s.aliceS, ListingId: id, Price: uazr(900), Quantity: 0})
	s.Require().Equal([]string{"azora.forge.v1.EventListingUpdated"}, eventTypes(ev))
	// Out of stock: orders are refused until restocked.
	s.fails(types.ErrInsufficientStock, &types.MsgPlaceOrder{Buyer: s.bobS, ListingId: id, Quantity: 1, UnitPrice: uazr(900)})
	s.ok(&types.MsgUpdateListing{Seller: s.aliceS, ListingId: id, Price: uazr(900), Quantity: 2})
	orderID := s.order(s.bobS, id, 1, uazr(900))

	// Withdraw: seller only; open orders go on.
	s.fails(types.ErrNotSeller, &types.MsgWithdrawListing{Seller: s.bobS, ListingId: id})
	_, ev = s.ok(&types.MsgWithdrawListing{Seller: s.aliceS, ListingId: id})
	s.Require().Equal([]string{"azora.forge.v1.EventListingClosed"}, eventTypes(ev))
	s.fails(types.ErrListingNotFound, &types.MsgWithdrawListing{Seller: s.aliceS, ListingId: id})
	s.fails(types.ErrListingNotFound, &types.MsgPlaceOrder{Buyer: s.bobS, ListingId: id, Quantity: 1, UnitPrice: uazr(900)})
	_, _ = s.ok(&types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: orderID})
	s.invariant()
}

func (s *KeeperTestSuite) TestAssetListingRules() {
	assetID := s.registerAsset()
	listAsset := &types.MsgCreateListing{Seller: s.aliceS, Kind: types.ListingKindAsset, Title: "Gold bar", Price: uazr(50_000), Quantity: 1, AssetId: assetID}
	// Not the owner.
	bobs := *listAsset
	bobs.Seller = s.bobS
	s.fails(types.ErrNotAssetOwner, &bobs)
	res, _ := s.ok(listAsset)
	lid := res.(*types.MsgCreateListingResponse).ListingId
	a, err := s.k.GetAsset(s.ctx, assetID)
	s.Require().NoError(err)
	s.Require().Equal(lid, a.ListingId)
	// An asset backs one open listing at a time.
	s.fails(types.ErrAssetLocked, listAsset)
	// An asset listing's stock stays 1.
	s.fails(types.ErrInvalidQuantity, &types.MsgUpdateListing{Seller: s.aliceS, ListingId: lid, Price: uazr(60_000), Quantity: 2})
	s.ok(&types.MsgUpdateListing{Seller: s.aliceS, ListingId: lid, Price: uazr(60_000), Quantity: 1})

	oid := s.order(s.bobS, lid, 1, uazr(60_000))
	a, err = s.k.GetAsset(s.ctx, assetID)
	s.Require().NoError(err)
	s.Require().Equal(oid, a.OrderId)
	// Under order: no update, no transfer, no second listing (even once the
	// listing is withdrawn).
	s.fails(types.ErrAssetLocked, &types.MsgUpdateListing{Seller: s.aliceS, ListingId: lid, Price: uazr(70_000), Quantity: 1})
	s.ok(&types.MsgWithdrawListing{Seller: s.aliceS, ListingId: lid})
	s.fails(types.ErrAssetLocked, listAsset)
	s.fails(types.ErrAssetLocked, &types.MsgTransferAsset{Owner: s.aliceS, AssetId: assetID, Recipient: s.carolS})

	// The refund frees the asset; it can be listed again.
	s.ok(&types.MsgCancelOrder{Signer: s.bobS, OrderId: oid})
	a, err = s.k.GetAsset(s.ctx, assetID)
	s.Require().NoError(err)
	s.Require().Empty(a.OrderId)
	s.Require().Zero(a.ListingId)
	s.ok(listAsset)
	s.invariant()
}

func (s *KeeperTestSuite) TestListingExpiry() {
	exp := genesisTime.Add(time.Hour)
	res, _ := s.ok(&types.MsgCreateListing{Seller: s.aliceS, Kind: types.ListingKindLabour, Title: "Harvest help, per day", Price: uazr(100), Quantity: 10, Expiry: &exp})
	id := res.(*types.MsgCreateListingResponse).ListingId
	s.ctx = s.ctx.WithBlockTime(exp)
	s.fails(types.ErrListingExpired, &types.MsgPlaceOrder{Buyer: s.bobS, ListingId: id, Quantity: 1, UnitPrice: uazr(100)})
	s.fails(types.ErrListingExpired, &types.MsgUpdateListing{Seller: s.aliceS, ListingId: id, Price: uazr(100), Quantity: 1})
	q, err := s.qs.Listing(s.ctx, &types.QueryListingRequest{Id: id})
	s.Require().NoError(err)
	s.Require().False(q.Active)
	ev := s.endBlock(exp)
	s.Require().Equal(1, count(ev, "azora.forge.v1.EventListingClosed"))
	_, err = s.k.GetListing(s.ctx, id)
	s.Require().ErrorIs(err, types.ErrListingNotFound)
}
