package keeper_test

import (
	"math/big"
	"strings"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

func (s *KeeperTestSuite) TestPlaceOrderRejections() {
	id := s.list(types.ListingKindGoods, uazr(1_000), 5)
	big2 := math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), 240))
	bigID := s.list(types.ListingKindGoods, sdk.NewCoin("uazr", big2), 1)
	place := func(mut func(m *types.MsgPlaceOrder)) *types.MsgPlaceOrder {
		m := &types.MsgPlaceOrder{Buyer: s.bobS, ListingId: id, Quantity: 2, UnitPrice: uazr(1_000)}
		if mut != nil {
			mut(m)
		}
		return m
	}
	for _, tc := range []struct {
		name string
		msg  *types.MsgPlaceOrder
		pre  func()
		want *errorsmod.Error
	}{
		{"own listing", place(func(m *types.MsgPlaceOrder) { m.Buyer = s.aliceS }), nil, types.ErrSelfTrade},
		{"zero quantity", place(func(m *types.MsgPlaceOrder) { m.Quantity = 0 }), nil, types.ErrInvalidQuantity},
		{"quantity above the maximum", place(func(m *types.MsgPlaceOrder) { m.Quantity = types.MaxQuantity + 1 }), nil, types.ErrInvalidQuantity},
		{"quantity above stock", place(func(m *types.MsgPlaceOrder) { m.Quantity = 6 }), nil, types.ErrInsufficientStock},
		{"zero price", place(func(m *types.MsgPlaceOrder) { m.UnitPrice = uazr(0) }), nil, types.ErrInvalidPrice},
		{"negative price", place(func(m *types.MsgPlaceOrder) { m.UnitPrice = sdk.Coin{Denom: "uazr", Amount: math.NewInt(-5)} }), nil, types.ErrInvalidPrice},
		{"overflowing total", place(func(m *types.MsgPlaceOrder) {
			m.ListingId = bigID
			m.UnitPrice = sdk.NewCoin("uazr", big2)
			m.Quantity = 1 << 20
		}), nil, types.ErrOverflow},
		{"lower price", place(func(m *types.MsgPlaceOrder) { m.UnitPrice = uazr(999) }), nil, types.ErrPriceMismatch},
		{"other denom", place(func(m *types.MsgPlaceOrder) { m.UnitPrice = sdk.NewInt64Coin("a/kasi", 1_000) }), nil, types.ErrPriceMismatch},
		{"unknown listing", place(func(m *types.MsgPlaceOrder) { m.ListingId = 77 }), nil, types.ErrListingNotFound},
		{"listing 0", place(func(m *types.MsgPlaceOrder) { m.ListingId = 0 }), nil, types.ErrListingNotFound},
		{"bad buyer", place(func(m *types.MsgPlaceOrder) { m.Buyer = "azora1xyz" }), nil, sdkErrInvalidAddress},
		{"frozen buyer", place(nil), func() { s.frozen[string(s.bob)] = true }, types.ErrPartyFrozen},
		{"frozen seller", place(nil), func() { s.frozen[string(s.alice)] = true }, types.ErrPartyFrozen},
		{"short of amount + PIVC", place(nil), func() {
			s.balances[string(s.bob)] = sdk.NewCoins(uazr(2_099)) // needs 2,000 + 100
		}, types.ErrInsufficientFunds},
	} {
		s.Run(tc.name, func() {
			saved := s.balances[string(s.bob)]
			if tc.pre != nil {
				tc.pre()
			}
			s.fails(tc.want, tc.msg)
			s.frozen = map[string]bool{}
			s.balances[string(s.bob)] = saved
		})
	}
	// Exactly amount + PIVC is enough.
	s.balances[string(s.bob)] = sdk.NewCoins(uazr(2_100))
	s.order(s.bobS, id, 2, uazr(1_000))
	s.Require().Zero(s.bal(s.bob, "uazr"))
	s.invariant()
}

// TestOrderMovements checks every movement of a trade: its amount, its
// reference ("forge/order/<id>", for x/ledger) and whether it is marked as
// a PIVC fee move.
func (s *KeeperTestSuite) TestOrderMovements() {
	id := s.list(types.ListingKindGoods, uazr(10_000), 5)
	res, ev := s.ok(&types.MsgPlaceOrder{Buyer: s.bobS, ListingId: id, Quantity: 3, UnitPrice: uazr(10_000)})
	placed := res.(*types.MsgPlaceOrderResponse)
	s.Require().Equal("1-1", placed.OrderId)
	s.Require().Equal(uazr(30_000), placed.Amount)
	s.Require().Equal(uazr(1_500), placed.Fee)
	s.Require().Equal([]string{"azora.forge.v1.EventOrderPlaced"}, eventTypes(ev))
	ref := types.OrderReference("1-1")
	s.Require().Equal("forge/order/1-1", ref)
	// The PIVC is held in escrow, not captured, until settlement.
	s.Require().Equal([]move{
		{from: s.bob, to: s.escrow, amt: sdk.NewCoins(uazr(30_000)), reference: ref},
		{from: s.bob, to: s.escrow, amt: sdk.NewCoins(uazr(1_500)), reference: ref, heldFee: true},
	}, s.moves)
	o := s.getOrder("1-1")
	s.Require().Equal(types.OrderStatusPlaced, o.Status)
	s.Require().Equal(genesisTime.Add(types.DefaultOrderTTL), o.Expiry)
	s.Require().Equal(int64(31_500), s.bal(s.escrow, "uazr"))
	s.invariant()

	s.moves = nil
	_, ev = s.ok(&types.MsgAcceptOrder{Seller: s.aliceS, OrderId: "1-1"})
	s.Require().Equal([]string{"azora.forge.v1.EventOrderAccepted"}, eventTypes(ev))
	res, ev = s.ok(&types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: "1-1"})
	s.Require().False(res.(*types.MsgConfirmDeliveryResponse).Held)
	s.Require().Equal([]string{"azora.forge.v1.EventOrderSettled"}, eventTypes(ev))
	s.Require().Equal([]move{
		{from: s.escrow, to: s.alice, amt: sdk.NewCoins(uazr(30_000)), reference: ref},
		{from: s.escrow, to: s.pivcPool, amt: sdk.NewCoins(uazr(1_500)), reference: ref, feeCapture: true},
	}, s.moves)
	s.Require().Equal([]sdk.Coins{sdk.NewCoins(uazr(1_500))}, s.captures)
	s.Require().Zero(s.bal(s.escrow, "uazr"))
	o = s.getOrder("1-1")
	s.Require().Equal(types.OrderStatusSettled, o.Status)
	s.Require().Equal(genesisTime, *o.ClosedAt)
	s.invariant()

	// A refund returns amount and PIVC in one movement, with the reference.
	oid := s.order(s.bobS, id, 1, uazr(10_000))
	s.moves = nil
	res, ev = s.ok(&types.MsgCancelOrder{Signer: s.bobS, OrderId: oid})
	s.Require().False(res.(*types.MsgCancelOrderResponse).Held)
	s.Require().Equal([]string{"azora.forge.v1.EventOrderRefunded"}, eventTypes(ev))
	s.Require().Equal([]move{{from: s.escrow, to: s.bob, amt: sdk.NewCoins(uazr(10_500)), reference: types.OrderReference(oid)}}, s.moves)
	s.invariant()
}

// TestOrdersInOtherDenoms: a listing priced in an a-Token escrows and
// settles in that denom, PIVC included.
func (s *KeeperTestSuite) TestOrdersInOtherDenoms() {
	kasi := sdk.NewInt64Coin("a/kasi", 2_000)
	id := s.list(types.ListingKindService, kasi, 3)
	s.order(s.bobS, id, 1, kasi)
	s.Require().Equal(int64(2_100), s.bal(s.escrow, "a/kasi"))
	s.ok(&types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: "1-1"})
	s.Require().Equal(int64(1_002_000), s.bal(s.alice, "a/kasi"))
	s.Require().Equal(int64(100), s.bal(s.pivcPool, "a/kasi"))
	s.invariant()
}

// TestExemptTradeCarriesNoFee: when x/pivc charges nothing (an exempt
// party), nothing is escrowed or captured for the fee.
func (s *KeeperTestSuite) TestExemptTradeCarriesNoFee() {
	s.exempt[string(s.alice)] = true
	id := s.list(types.ListingKindGoods, uazr(1_000), 3)
	res, _ := s.ok(&types.MsgPlaceOrder{Buyer: s.bobS, ListingId: id, Quantity: 1, UnitPrice: uazr(1_000)})
	s.Require().True(res.(*types.MsgPlaceOrderResponse).Fee.IsZero())
	s.Require().Len(s.moves, 1)
	s.ok(&types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: "1-1"})
	s.Require().Empty(s.captures)
	s.Require().Zero(s.bal(s.escrow, "uazr"))
	s.invariant()
}

// TestThirdParties: nobody but the parties (and for handovers the
// custodian, for resolutions an arbiter) acts on an order.
func (s *KeeperTestSuite) TestThirdParties() {
	id := s.list(types.ListingKindGoods, uazr(1_000), 5)
	oid := s.order(s.bobS, id, 1, uazr(1_000))
	s.fails(types.ErrNotSeller, &types.MsgAcceptOrder{Seller: s.carolS, OrderId: oid})
	s.fails(types.ErrNotSeller, &types.MsgAcceptOrder{Seller: s.bobS, OrderId: oid})
	s.fails(types.ErrNotParty, &types.MsgConfirmDelivery{Buyer: s.carolS, OrderId: oid})
	s.fails(types.ErrNotParty, &types.MsgConfirmDelivery{Buyer: s.aliceS, OrderId: oid})
	s.fails(types.ErrNotParty, &types.MsgCancelOrder{Signer: s.carolS, OrderId: oid})
	s.fails(types.ErrNotParty, &types.MsgOpenDispute{Signer: s.carolS, OrderId: oid, Reason: "?"})
	s.fails(types.ErrNotAssetOrder, &types.MsgRecordHandover{Custodian: s.custodianS, OrderId: oid, Reference: "r"})
	s.ok(&types.MsgOpenDispute{Signer: s.bobS, OrderId: oid, Reason: "late"})
	s.fails(types.ErrNotArbiter, &types.MsgResolveDispute{Arbiter: s.carolS, OrderId: oid, Resolution: types.ResolutionRefund, Reason: "r"})
	// An arbiter who is a party does not decide.
	s.ok(&types.MsgGrantRole{Authority: s.authority, Role: types.RoleArbiter, Address: s.bobS})
	s.fails(types.ErrNotArbiter, &types.MsgResolveDispute{Arbiter: s.bobS, OrderId: oid, Resolution: types.ResolutionRefund, Reason: "mine"})
	s.fails(types.ErrInvalidResolution, &types.MsgResolveDispute{Arbiter: s.arbiterS, OrderId: oid, Resolution: types.ResolutionUnspecified, Reason: "r"})
	s.fails(types.ErrInvalidReason, &types.MsgResolveDispute{Arbiter: s.arbiterS, OrderId: oid, Resolution: types.ResolutionRefund, Reason: ""})
	s.ok(&types.MsgResolveDispute{Arbiter: s.arbiterS, OrderId: oid, Resolution: types.ResolutionRefund, Reason: "late delivery"})
	s.invariant()
}

func (s *KeeperTestSuite) TestOrderIDs() {
	for _, id := range []string{"", "1", "a-1", "0-1", "1-0", "01-1", "1-01", "+1-1", "1--1", "1-1-1", "18446744073709551616-1"} {
		s.fails(types.ErrInvalidOrderID, &types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: id})
		_, err := s.qs.Order(s.ctx, &types.QueryOrderRequest{OrderId: id})
		s.Require().Error(err, id)
	}
	s.fails(types.ErrOrderNotFound, &types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: "9-9"})
}

func (s *KeeperTestSuite) TestOrderStateRules() {
	id := s.list(types.ListingKindGoods, uazr(1_000), 10)
	oid := s.order(s.bobS, id, 1, uazr(1_000))
	s.ok(&types.MsgAcceptOrder{Seller: s.aliceS, OrderId: oid})
	s.fails(types.ErrInvalidOrderStatus, &types.MsgAcceptOrder{Seller: s.aliceS, OrderId: oid})
	// Arbiters decide disputed and held orders only.
	s.fails(types.ErrInvalidOrderStatus, &types.MsgResolveDispute{Arbiter: s.arbiterS, OrderId: oid, Resolution: types.ResolutionRelease, Reason: "r"})
	s.fails(types.ErrInvalidReason, &types.MsgOpenDispute{Signer: s.bobS, OrderId: oid, Reason: ""})
	s.fails(types.ErrInvalidReason, &types.MsgOpenDispute{Signer: s.bobS, OrderId: oid, Reason: string(make([]byte, types.MaxReasonLength+1))})

	// After expiry: no acceptance and no dispute; cancellation by the buyer
	// is allowed.
	oid2 := s.order(s.bobS, id, 1, uazr(1_000))
	s.ctx = s.ctx.WithBlockTime(genesisTime.Add(types.DefaultOrderTTL))
	s.fails(types.ErrOrderExpired, &types.MsgAcceptOrder{Seller: s.aliceS, OrderId: oid2})
	s.fails(types.ErrOrderExpired, &types.MsgOpenDispute{Signer: s.bobS, OrderId: oid, Reason: "too late"})
	s.ok(&types.MsgCancelOrder{Signer: s.bobS, OrderId: oid})
	s.ok(&types.MsgCancelOrder{Signer: s.bobS, OrderId: oid2})
	s.invariant()
}

func (s *KeeperTestSuite) TestHandoverRules() {
	assetID := s.registerAsset()
	res, _ := s.ok(&types.MsgCreateListing{Seller: s.aliceS, Kind: types.ListingKindAsset, Title: "Gold bar", Price: uazr(80_000), Quantity: 1, AssetId: assetID})
	lid := res.(*types.MsgCreateListingResponse).ListingId
	oid := s.order(s.bobS, lid, 1, uazr(80_000))
	s.fails(types.ErrHandoverMissing, &types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: oid})
	s.fails(types.ErrInvalidReason, &types.MsgRecordHandover{Custodian: s.custodianS, OrderId: oid, Reference: ""})
	// Another custodian is not this asset's custodian.
	s.ok(&types.MsgGrantRole{Authority: s.authority, Role: types.RoleCustodian, Address: s.carolS})
	s.fails(types.ErrNotCustodian, &types.MsgRecordHandover{Custodian: s.carolS, OrderId: oid, Reference: "r"})
	// A custodian whose role was revoked records nothing.
	s.ok(&types.MsgRevokeRole{Authority: s.authority, Role: types.RoleCustodian, Address: s.custodianS})
	s.fails(types.ErrNotCustodian, &types.MsgRecordHandover{Custodian: s.custodianS, OrderId: oid, Reference: "r"})
	s.ok(&types.MsgGrantRole{Authority: s.authority, Role: types.RoleCustodian, Address: s.custodianS})
	_, ev := s.ok(&types.MsgRecordHandover{Custodian: s.custodianS, OrderId: oid, Reference: "vault slip 7"})
	s.Require().Equal([]string{"azora.forge.v1.EventHandoverRecorded"}, eventTypes(ev))
	o := s.getOrder(oid)
	s.Require().Equal("vault slip 7", o.Handover.Reference)

	_, ev = s.ok(&types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: oid})
	s.Require().Equal([]string{
		"azora.forge.v1.EventListingClosed",
		"azora.forge.v1.EventAssetTransferred",
		"azora.forge.v1.EventOrderSettled",
	}, eventTypes(ev))
	s.fails(types.ErrOrderClosed, &types.MsgRecordHandover{Custodian: s.custodianS, OrderId: oid, Reference: "late"})
	a, err := s.k.GetAsset(s.ctx, assetID)
	s.Require().NoError(err)
	s.Require().Equal(s.bobS, a.Owner)
	s.invariant()
}

// TestHeldPayouts: a payout to a party frozen after the order opened is held
// for an arbiter, by confirmation, by the seller's cancellation and by
// expiry.
func (s *KeeperTestSuite) TestHeldPayouts() {
	id := s.list(types.ListingKindGoods, uazr(1_000), 10)
	o1 := s.order(s.bobS, id, 1, uazr(1_000))
	o2 := s.order(s.bobS, id, 1, uazr(1_000))
	o3 := s.order(s.carolS, id, 1, uazr(1_000))

	s.frozen[string(s.alice)] = true
	res, ev := s.ok(&types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: o1})
	s.Require().True(res.(*types.MsgConfirmDeliveryResponse).Held)
	s.Require().Equal([]string{"azora.forge.v1.EventOrderHeld"}, eventTypes(ev))
	s.Require().Equal(types.OrderStatusHeld, s.getOrder(o1).Status)
	s.Require().Equal("seller frozen at settlement", s.getOrder(o1).HoldReason)
	s.frozen[string(s.alice)] = false

	s.frozen[string(s.bob)] = true
	res, _ = s.ok(&types.MsgCancelOrder{Signer: s.aliceS, OrderId: o2})
	s.Require().True(res.(*types.MsgCancelOrderResponse).Held)
	s.Require().Equal(types.OrderStatusHeld, s.getOrder(o2).Status)
	s.fails(types.ErrPartyFrozen, &types.MsgResolveDispute{Arbiter: s.arbiterS, OrderId: o2, Resolution: types.ResolutionRefund, Reason: "r"})
	s.ok(&types.MsgResolveDispute{Arbiter: s.arbiterS, OrderId: o2, Resolution: types.ResolutionRelease, Reason: "delivered"})
	s.frozen[string(s.bob)] = false

	s.frozen[string(s.carol)] = true
	ev = s.endBlock(genesisTime.Add(types.DefaultOrderTTL))
	s.Require().Equal(1, count(ev, "azora.forge.v1.EventOrderHeld"))
	s.Require().Equal(types.OrderStatusHeld, s.getOrder(o3).Status)
	// Held orders are out of the expiry queue.
	ev = s.endBlock(genesisTime.Add(2 * types.DefaultOrderTTL))
	s.Require().Zero(count(ev, "azora.forge.v1.EventOrderHeld"))
	s.frozen[string(s.carol)] = false
	s.ok(&types.MsgResolveDispute{Arbiter: s.arbiterS, OrderId: o3, Resolution: types.ResolutionRefund, Reason: "unfrozen"})
	s.ok(&types.MsgResolveDispute{Arbiter: s.arbiterS, OrderId: o1, Resolution: types.ResolutionRelease, Reason: "delivered"})
	s.Require().Zero(s.bal(s.escrow, "uazr"))
	s.invariant()
}

// TestExpiryQueueBound: 3,000 orders due in one block are refunded at most
// max_expiries_per_block per EndBlock, in expiry order; the rest rolls on.
func (s *KeeperTestSuite) TestExpiryQueueBound() {
	p := types.DefaultParams()
	p.MaxExpiriesPerBlock = 250
	p.OrderTtl = time.Hour
	s.ok(&types.MsgUpdateParams{Authority: s.authority, Params: p})
	s.balances[string(s.bob)] = sdk.NewCoins(uazr(1_000_000_000_000))
	id := s.list(types.ListingKindGoods, uazr(10), types.MaxQuantity)
	const n = 3000
	for i := 0; i < n; i++ {
		if i%500 == 0 {
			s.ctx = s.ctx.WithBlockTime(genesisTime.Add(time.Duration(i) * time.Millisecond))
		}
		s.order(s.bobS, id, 1, uazr(10))
	}
	s.invariant()
	at := genesisTime.Add(2 * time.Hour)
	left := n
	for left > 0 {
		ev := s.endBlock(at)
		want := min(left, int(p.MaxExpiriesPerBlock))
		s.Require().Equal(want, count(ev, "azora.forge.v1.EventOrderRefunded"))
		left -= want
		_, open, err := s.k.EscrowTotals(s.ctx)
		s.Require().NoError(err)
		s.Require().Equal(uint64(left), open)
		s.invariant()
		at = at.Add(time.Second)
	}
	// Expiry order: the first orders went first.
	s.Require().Equal(types.CloseReasonExpired, s.getOrder("1-1").CloseReason)
	// The listing got all its stock back.
	l, err := s.k.GetListing(s.ctx, id)
	s.Require().NoError(err)
	s.Require().Equal(uint64(types.MaxQuantity), l.Quantity)
}

// TestEndBlockRefundFailureHolds: an expiry refund that bank refuses does
// not halt the chain: the order is held for an arbiter and the rest of the
// queue goes on.
func (s *KeeperTestSuite) TestEndBlockRefundFailureHolds() {
	id := s.list(types.ListingKindGoods, uazr(1_000), 10)
	o1 := s.order(s.bobS, id, 1, uazr(1_000))
	o2 := s.order(s.carolS, id, 1, uazr(1_000))
	s.refuse[string(s.bob)] = errorsmod.Wrap(sdkErrInvalidAddress, "refused by a send restriction")
	ev := s.endBlock(genesisTime.Add(types.DefaultOrderTTL))
	s.Require().Equal(1, count(ev, "azora.forge.v1.EventOrderHeld"))
	s.Require().Equal(1, count(ev, "azora.forge.v1.EventOrderRefunded"))
	s.Require().Equal(types.OrderStatusHeld, s.getOrder(o1).Status)
	s.Require().Contains(s.getOrder(o1).HoldReason, "expiry refund failed")
	s.Require().Equal(types.OrderStatusRefunded, s.getOrder(o2).Status)
	s.invariant()
}

// TestPruning: closed orders stay queryable for closed_order_retention,
// then EndBlock removes them with their index entries.
func (s *KeeperTestSuite) TestPruning() {
	id := s.list(types.ListingKindGoods, uazr(1_000), 10)
	oid := s.order(s.bobS, id, 1, uazr(1_000))
	s.ok(&types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: oid})
	s.endBlock(genesisTime.Add(types.DefaultClosedOrderRetention - time.Second))
	s.Require().Equal(types.OrderStatusSettled, s.getOrder(oid).Status)
	ev := s.endBlock(genesisTime.Add(types.DefaultClosedOrderRetention))
	s.Require().Equal(1, count(ev, "azora.forge.v1.EventOrderPruned"))
	_, err := s.k.GetOrder(s.ctx, oid)
	s.Require().ErrorIs(err, types.ErrOrderNotFound)
	res, err := s.qs.OrdersByBuyer(s.ctx, &types.QueryOrdersByBuyerRequest{Buyer: s.bobS})
	s.Require().NoError(err)
	s.Require().Empty(res.Orders)
	// The sequence goes on: the next order on the listing is not 1-1 again.
	s.Require().Equal("1-2", s.order(s.bobS, id, 1, uazr(1_000)))
}

// TestCanonicalAddresses: a party is recognised however its client spelled
// the address (bech32 allows all upper case); the keeper stores the
// canonical lower-case form.
func (s *KeeperTestSuite) TestCanonicalAddresses() {
	upper := func(a string) string { return strings.ToUpper(a) }
	res, _ := s.ok(&types.MsgCreateListing{Seller: upper(s.aliceS), Kind: types.ListingKindGoods, Title: "Eggs", Price: uazr(100), Quantity: 3})
	id := res.(*types.MsgCreateListingResponse).ListingId
	l, err := s.k.GetListing(s.ctx, id)
	s.Require().NoError(err)
	s.Require().Equal(s.aliceS, l.Seller)
	s.fails(types.ErrSelfTrade, &types.MsgPlaceOrder{Buyer: upper(s.aliceS), ListingId: id, Quantity: 1, UnitPrice: uazr(100)})
	oid := s.order(upper(s.bobS), id, 1, uazr(100))
	s.Require().Equal(s.bobS, s.getOrder(oid).Buyer)
	s.ok(&types.MsgAcceptOrder{Seller: upper(s.aliceS), OrderId: oid})
	s.ok(&types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: oid})
	s.invariant()
}
