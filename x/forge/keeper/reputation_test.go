package keeper_test

import (
	"context"
	"errors"

	"go.uber.org/mock/gomock"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/keeper"
	forgetestutil "github.com/azora-os/nexus/x/forge/testutil"
	"github.com/azora-os/nexus/x/forge/types"
)

// withReputation wires a mock x/mesh reputation: reps maps an account to
// (reputation, employee nodes); others are unrated.
func (s *KeeperTestSuite) withReputation(reps map[string][2]uint64) {
	rk := forgetestutil.NewMockReputationKeeper(gomock.NewController(s.T()))
	rk.EXPECT().AccountReputation(gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, addr sdk.AccAddress) (uint64, uint64, error) {
			r := reps[string(addr)]
			return r[0], r[1], nil
		}).AnyTimes()
	s.k.SetReputationKeeper(rk)
	s.ms = keeper.NewMsgServerImpl(s.k)
	s.qs = keeper.NewQueryServerImpl(s.k)
}

// TestMinBuyerReputation: a listing may require a minimum buyer reputation;
// PlaceOrder refuses a buyer below it or unrated, with no state change, and
// accepts one at or above it.
func (s *KeeperTestSuite) TestMinBuyerReputation() {
	s.withReputation(map[string][2]uint64{
		string(s.bob):   {700_000, 1},
		string(s.carol): {699_999, 2},
	})
	res, ev := s.ok(&types.MsgCreateListing{Seller: s.aliceS, Kind: types.ListingKindLabour, Title: "audit", Price: uazr(1_000), Quantity: 5, MinBuyerReputation: 700_000})
	id := res.(*types.MsgCreateListingResponse).ListingId
	s.Require().Contains(eventTypes(ev), "azora.forge.v1.EventListingCreated")
	l, err := s.k.GetListing(s.ctx, id)
	s.Require().NoError(err)
	s.Require().Equal(uint64(700_000), l.MinBuyerReputation)

	// carol is one below; an account with no employee node is unrated.
	s.fails(types.ErrReputationTooLow, &types.MsgPlaceOrder{Buyer: s.carolS, ListingId: id, Quantity: 1, UnitPrice: uazr(1_000)})
	_, _, err = s.exec(&types.MsgPlaceOrder{Buyer: s.carolS, ListingId: id, Quantity: 1, UnitPrice: uazr(1_000)})
	s.Require().ErrorContains(err, "has 699999")
	s.balances[string(s.custodian)] = sdk.NewCoins(uazr(1_000_000))
	s.fails(types.ErrReputationTooLow, &types.MsgPlaceOrder{Buyer: s.custodianS, ListingId: id, Quantity: 1, UnitPrice: uazr(1_000)})
	_, _, err = s.exec(&types.MsgPlaceOrder{Buyer: s.custodianS, ListingId: id, Quantity: 1, UnitPrice: uazr(1_000)})
	s.Require().ErrorContains(err, "is unrated")

	// bob meets it exactly.
	orderID := s.order(s.bobS, id, 1, uazr(1_000))
	s.Require().Equal(types.OrderStatusPlaced, s.getOrder(orderID).Status)

	// A listing without a minimum takes anyone, rated or not.
	open := s.list(types.ListingKindGoods, uazr(10), 10)
	s.order(s.custodianS, open, 1, uazr(10))
	s.invariant()

	// Out of scale is refused at creation.
	s.fails(types.ErrInvalidListing, &types.MsgCreateListing{Seller: s.aliceS, Kind: types.ListingKindLabour, Title: "x", Price: uazr(1), Quantity: 1, MinBuyerReputation: 1_000_001})
}

// TestMinBuyerReputationWithoutMesh: a chain that does not wire x/mesh
// refuses a positive minimum (it could never be met) and shows everyone as
// unrated.
func (s *KeeperTestSuite) TestMinBuyerReputationWithoutMesh() {
	s.fails(types.ErrInvalidListing, &types.MsgCreateListing{Seller: s.aliceS, Kind: types.ListingKindLabour, Title: "x", Price: uazr(1), Quantity: 1, MinBuyerReputation: 1})
	id := s.list(types.ListingKindGoods, uazr(10), 1)
	res, err := s.qs.Listing(s.ctx, &types.QueryListingRequest{Id: id})
	s.Require().NoError(err)
	s.Require().Equal(types.PartyReputation{Address: s.aliceS}, res.SellerReputation)
}

// TestReputationInQueries: listing queries carry the seller's reputation,
// order queries the counterparties'.
func (s *KeeperTestSuite) TestReputationInQueries() {
	s.withReputation(map[string][2]uint64{
		string(s.alice): {810_000, 1},
		string(s.bob):   {420_000, 3},
	})
	aliceRep := types.PartyReputation{Address: s.aliceS, Reputation: 810_000, Rated: true, EmployeeNodes: 1}
	bobRep := types.PartyReputation{Address: s.bobS, Reputation: 420_000, Rated: true, EmployeeNodes: 3}
	carolRep := types.PartyReputation{Address: s.carolS}

	id := s.list(types.ListingKindService, uazr(500), 3)
	l, err := s.qs.Listing(s.ctx, &types.QueryListingRequest{Id: id})
	s.Require().NoError(err)
	s.Require().Equal(aliceRep, l.SellerReputation)
	ls, err := s.qs.Listings(s.ctx, &types.QueryListingsRequest{})
	s.Require().NoError(err)
	s.Require().Equal([]types.PartyReputation{aliceRep}, ls.SellerReputations)

	o1 := s.order(s.bobS, id, 1, uazr(500))
	o2 := s.order(s.carolS, id, 1, uazr(500))
	o, err := s.qs.Order(s.ctx, &types.QueryOrderRequest{OrderId: o1})
	s.Require().NoError(err)
	s.Require().Equal(bobRep, o.BuyerReputation)
	s.Require().Equal(aliceRep, o.SellerReputation)

	bySeller, err := s.qs.OrdersBySeller(s.ctx, &types.QueryOrdersBySellerRequest{Seller: s.aliceS})
	s.Require().NoError(err)
	s.Require().Len(bySeller.Orders, 2)
	s.Require().Equal([]types.PartyReputation{bobRep, carolRep}, bySeller.CounterpartyReputations, "the buyers of %s and %s", o1, o2)
	byBuyer, err := s.qs.OrdersByBuyer(s.ctx, &types.QueryOrdersByBuyerRequest{Buyer: s.carolS})
	s.Require().NoError(err)
	s.Require().Equal([]types.PartyReputation{aliceRep}, byBuyer.CounterpartyReputations)
}

// TestReputationReadError: a failing reputation read fails the query and
// the order, never half-applies.
func (s *KeeperTestSuite) TestReputationReadError() {
	rk := forgetestutil.NewMockReputationKeeper(gomock.NewController(s.T()))
	boom := errors.New("store unavailable")
	rk.EXPECT().AccountReputation(gomock.Any(), gomock.Any()).Return(uint64(0), uint64(0), boom).AnyTimes()
	s.k.SetReputationKeeper(rk)
	s.ms, s.qs = keeper.NewMsgServerImpl(s.k), keeper.NewQueryServerImpl(s.k)
	res, _ := s.ok(&types.MsgCreateListing{Seller: s.aliceS, Kind: types.ListingKindLabour, Title: "x", Price: uazr(10), Quantity: 2, MinBuyerReputation: 1})
	id := res.(*types.MsgCreateListingResponse).ListingId
	before := s.snap()
	_, _, err := s.exec(&types.MsgPlaceOrder{Buyer: s.bobS, ListingId: id, Quantity: 1, UnitPrice: uazr(10)})
	s.Require().ErrorIs(err, boom)
	s.Require().Equal(before, s.snap())
	_, err = s.qs.Listing(s.ctx, &types.QueryListingRequest{Id: id})
	s.Require().ErrorIs(err, boom)
}
