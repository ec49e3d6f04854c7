package types_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

var ac = address.NewBech32Codec("azora")

func addr(t *testing.T, seed string) string {
	t.Helper()
	s, err := ac.BytesToString([]byte((seed + "____________________")[:20]))
	require.NoError(t, err)
	return s
}

// validGenesis has one of everything: an asset listed and under an open
// order, a goods listing, a settled order, an open order on a withdrawn
// listing, and their escrows.
func validGenesis(t *testing.T) types.GenesisState {
	t.Helper()
	alice, bob, cust, arb := addr(t, "alice"), addr(t, "bob"), addr(t, "custodian"), addr(t, "arbiter")
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	closed := at.Add(time.Hour)
	uazr := func(n int64) sdk.Coin { return sdk.NewInt64Coin("uazr", n) }
	return types.GenesisState{
		Params:        types.DefaultParams(),
		Roles:         []types.RoleGrant{{Role: types.RoleCustodian, Address: cust}, {Role: types.RoleArbiter, Address: arb}},
		NextAssetId:   2,
		NextListingId: 4,
		Assets: []types.Asset{{
			Id: 1, Owner: alice, Kind: "vehicle", Title: "Hilux", Custodian: cust, ListingId: 1, OrderId: "1-1", RegisteredAt: at,
		}},
		Listings: []types.Listing{
			{Id: 1, Seller: alice, Kind: types.ListingKindAsset, Title: "Hilux", Price: uazr(1000), Quantity: 0, Expiry: at.Add(time.Hour), AssetId: 1, CreatedAt: at, LastOrderSeq: 1},
			{Id: 2, Seller: alice, Kind: types.ListingKindGoods, Title: "Maize", Price: uazr(10), Quantity: 7, Expiry: at.Add(time.Hour), CreatedAt: at, LastOrderSeq: 1},
		},
		Orders: []types.Order{
			{Id: "1-1", ListingId: 1, Seq: 1, Buyer: bob, Seller: alice, Kind: types.ListingKindAsset, AssetId: 1, Quantity: 1,
				UnitPrice: uazr(1000), Amount: uazr(1000), Fee: uazr(50), Status: types.OrderStatusPlaced, CreatedAt: at, Expiry: at.Add(time.Hour)},
			{Id: "2-1", ListingId: 2, Seq: 1, Buyer: bob, Seller: alice, Kind: types.ListingKindGoods, Quantity: 3,
				UnitPrice: uazr(10), Amount: uazr(30), Fee: uazr(2), Status: types.OrderStatusSettled, CloseReason: types.CloseReasonConfirmed,
				CreatedAt: at, Expiry: at.Add(time.Hour), ClosedAt: &closed},
			{Id: "3-4", ListingId: 3, Seq: 4, Buyer: alice, Seller: bob, Kind: types.ListingKindLabour, Quantity: 2,
				UnitPrice: uazr(10), Amount: uazr(20), Fee: uazr(1), Status: types.OrderStatusDisputed, CreatedAt: at, Expiry: at.Add(time.Hour),
				Dispute: &types.Dispute{OpenedBy: alice, Reason: "no show", OpenedAt: at, Deadline: at.Add(types.DefaultDisputeTTL)}},
		},
		Escrows: []types.EscrowEntry{
			{OrderId: "1-1", Escrow: types.Escrow{Amount: uazr(1000), Fee: uazr(50)}},
			{OrderId: "3-4", Escrow: types.Escrow{Amount: uazr(20), Fee: uazr(1)}},
		},
	}
}

func TestGenesisValidate(t *testing.T) {
	require.NoError(t, types.DefaultGenesis().Validate(ac))
	require.NoError(t, validGenesis(t).Validate(ac))

	for _, tc := range []struct {
		name      string
		mut       func(gs *types.GenesisState)
		expErrMsg string
	}{
		{"bad params", func(gs *types.GenesisState) { gs.Params.MaxExpiriesPerBlock = 0 }, "max_expiries_per_block"},
		{"bad role", func(gs *types.GenesisState) { gs.Roles[0].Role = 0 }, "role"},
		{"bad role address", func(gs *types.GenesisState) { gs.Roles[0].Address = "x" }, "role holder"},
		{"duplicate role", func(gs *types.GenesisState) { gs.Roles = append(gs.Roles, gs.Roles[0]) }, "duplicate role"},
		{"zero sequences", func(gs *types.GenesisState) { gs.NextAssetId = 0 }, "at least 1"},
		{"asset id at the sequence", func(gs *types.GenesisState) { gs.NextAssetId = 1 }, "next_asset_id"},
		{"duplicate asset", func(gs *types.GenesisState) { gs.NextAssetId = 3; gs.Assets = append(gs.Assets, gs.Assets[0]) }, "duplicate asset"},
		{"bad asset owner", func(gs *types.GenesisState) { gs.Assets[0].Owner = "" }, "asset owner"},
		{"bad asset kind", func(gs *types.GenesisState) { gs.Assets[0].Kind = "A" }, "kind"},
		{"bad asset order id", func(gs *types.GenesisState) { gs.Assets[0].OrderId = "x" }, "invalid order id"},
		{"listing id at the sequence", func(gs *types.GenesisState) { gs.NextListingId = 2 }, "next_listing_id"},
		{"duplicate listing", func(gs *types.GenesisState) { gs.Listings = append(gs.Listings, gs.Listings[1]) }, "duplicate listing"},
		{"listing kind", func(gs *types.GenesisState) { gs.Listings[1].Kind = 0 }, "listing kind"},
		{"listing price", func(gs *types.GenesisState) { gs.Listings[1].Price.Amount = gs.Listings[1].Price.Amount.SubRaw(10) }, "price"},
		{"listing stock", func(gs *types.GenesisState) { gs.Listings[1].Quantity = types.MaxQuantity + 1 }, "quantity"},
		{"goods listing with asset", func(gs *types.GenesisState) { gs.Listings[1].AssetId = 1 }, "only for asset listings"},
		{"asset listing of a missing asset", func(gs *types.GenesisState) { gs.Listings[0].AssetId = 9 }, "not found"},
		{"asset listing by another seller", func(gs *types.GenesisState) { gs.Assets[0].Owner = gs.Orders[0].Buyer }, "does not own"},
		{"asset listing with stock while ordered", func(gs *types.GenesisState) { gs.Listings[0].Quantity = 1 }, "stock"},
		{"asset marked listed elsewhere", func(gs *types.GenesisState) { gs.Assets[0].ListingId = 2 }, "marked as listed"},
		{"order id mismatch", func(gs *types.GenesisState) { gs.Orders[1].Id = "2-2" }, "does not match"},
		{"order of a future listing", func(gs *types.GenesisState) { gs.NextListingId = 3 }, "next_listing_id"},
		{"duplicate order", func(gs *types.GenesisState) { gs.Orders = append(gs.Orders, gs.Orders[1]) }, "duplicate order"},
		{"order beyond the listing's sequence", func(gs *types.GenesisState) {
			gs.Orders[1].Id, gs.Orders[1].Seq = "2-2", 2
		}, "does not match listing"},
		{"self trade", func(gs *types.GenesisState) { gs.Orders[1].Buyer = gs.Orders[1].Seller }, "cannot buy your own listing"},
		{"amount is not price × quantity", func(gs *types.GenesisState) { gs.Orders[1].Amount.Amount = gs.Orders[1].Amount.Amount.AddRaw(1) }, "unit_price × quantity"},
		{"fee in another denom", func(gs *types.GenesisState) { gs.Orders[1].Fee.Denom = "a/kasi" }, "fee"},
		{"status unspecified", func(gs *types.GenesisState) { gs.Orders[1].Status = 0 }, "unknown status"},
		{"settled without reason", func(gs *types.GenesisState) { gs.Orders[1].CloseReason = 0 }, "settled with close reason"},
		{"closed without time", func(gs *types.GenesisState) { gs.Orders[1].ClosedAt = nil }, "closed_at"},
		{"open with close reason", func(gs *types.GenesisState) { gs.Orders[0].CloseReason = types.CloseReasonExpired }, "open order"},
		{"disputed without dispute", func(gs *types.GenesisState) { gs.Orders[2].Dispute = nil }, "without a dispute"},
		{"dispute without a deadline", func(gs *types.GenesisState) { gs.Orders[2].Dispute.Deadline = time.Time{} }, "dispute deadline"},
		{"dispute deadline at its opening", func(gs *types.GenesisState) { gs.Orders[2].Dispute.Deadline = gs.Orders[2].Dispute.OpenedAt }, "dispute deadline"},
		{"bad dispute_ttl", func(gs *types.GenesisState) { gs.Params.DisputeTtl = 0 }, "dispute_ttl"},
		{"dispute by a third party", func(gs *types.GenesisState) { gs.Orders[2].Dispute.OpenedBy = gs.Roles[1].Address }, "not a party"},
		{"held without reason", func(gs *types.GenesisState) { gs.Orders[2].Status = types.OrderStatusHeld }, "hold_reason"},
		{"handover on goods", func(gs *types.GenesisState) {
			gs.Orders[1].Handover = &types.Handover{Custodian: gs.Roles[0].Address, Reference: "r"}
		}, "handover"},
		{"asset order not held by the asset", func(gs *types.GenesisState) { gs.Assets[0].OrderId = ""; gs.Listings[0].Quantity = 1 }, "not held for it"},
		{"asset pointing at a closed order", func(gs *types.GenesisState) { gs.Assets[0].OrderId = "2-1" }, "not held for it"},
		{"escrow of an unknown order", func(gs *types.GenesisState) { gs.Escrows[0].OrderId = "9-9" }, "unknown order"},
		{"duplicate escrow", func(gs *types.GenesisState) { gs.Escrows = append(gs.Escrows, gs.Escrows[0]) }, "duplicate escrow"},
		{"escrow of a closed order", func(gs *types.GenesisState) {
			gs.Escrows = append(gs.Escrows, types.EscrowEntry{OrderId: "2-1", Escrow: types.Escrow{Amount: gs.Orders[1].Amount, Fee: gs.Orders[1].Fee}})
		}, "closed order"},
		{"escrow differs from the order", func(gs *types.GenesisState) {
			gs.Escrows[0].Escrow.Fee.Amount = gs.Escrows[0].Escrow.Fee.Amount.AddRaw(1)
		}, "differs"},
		{"listing expiry beyond 2262", func(gs *types.GenesisState) { gs.Listings[1].Expiry = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC) }, "out of range"},
		{"order expiry beyond 2262", func(gs *types.GenesisState) { gs.Orders[0].Expiry = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC) }, "out of range"},
		{"open order without escrow", func(gs *types.GenesisState) { gs.Escrows = gs.Escrows[:1] }, "has no escrow"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gs := validGenesis(t)
			tc.mut(&gs)
			err := gs.Validate(ac)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.expErrMsg)
		})
	}
}
