package keeper_test

import (
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/forge/types"
)

func (s *KeeperTestSuite) TestQueries() {
	p, err := s.qs.Params(s.ctx, &types.QueryParamsRequest{})
	s.Require().NoError(err)
	s.Require().Equal(types.DefaultParams(), p.Params)

	roles, err := s.qs.Roles(s.ctx, &types.QueryRolesRequest{})
	s.Require().NoError(err)
	s.Require().Len(roles.Roles, 2)
	roles, err = s.qs.Roles(s.ctx, &types.QueryRolesRequest{Role: types.RoleCustodian})
	s.Require().NoError(err)
	s.Require().Equal([]types.RoleGrant{{Role: types.RoleCustodian, Address: s.custodianS}}, roles.Roles)

	// alice: goods 1, labour 2, goods 3; bob: service 4.
	s.list(types.ListingKindGoods, uazr(10), 5)
	s.list(types.ListingKindLabour, uazr(20), 5)
	s.list(types.ListingKindGoods, uazr(30), 5)
	s.ok(&types.MsgCreateListing{Seller: s.bobS, Kind: types.ListingKindService, Title: "Tutoring", Price: uazr(40), Quantity: 5})

	ids := func(ls []types.Listing) []uint64 {
		out := make([]uint64, 0, len(ls))
		for _, l := range ls {
			out = append(out, l.Id)
		}
		return out
	}
	all, err := s.qs.Listings(s.ctx, &types.QueryListingsRequest{})
	s.Require().NoError(err)
	s.Require().Equal([]uint64{1, 2, 3, 4}, ids(all.Listings))
	goods, err := s.qs.Listings(s.ctx, &types.QueryListingsRequest{Kind: types.ListingKindGoods})
	s.Require().NoError(err)
	s.Require().Equal([]uint64{1, 3}, ids(goods.Listings))
	alices, err := s.qs.Listings(s.ctx, &types.QueryListingsRequest{Seller: s.aliceS})
	s.Require().NoError(err)
	s.Require().Equal([]uint64{1, 2, 3}, ids(alices.Listings))
	aliceLabour, err := s.qs.Listings(s.ctx, &types.QueryListingsRequest{Seller: s.aliceS, Kind: types.ListingKindLabour})
	s.Require().NoError(err)
	s.Require().Equal([]uint64{2}, ids(aliceLabour.Listings))
	// Pagination: two pages of two.
	page1, err := s.qs.Listings(s.ctx, &types.QueryListingsRequest{Pagination: &query.PageRequest{Limit: 2, CountTotal: true}})
	s.Require().NoError(err)
	s.Require().Equal([]uint64{1, 2}, ids(page1.Listings))
	s.Require().Equal(uint64(4), page1.Pagination.Total)
	page2, err := s.qs.Listings(s.ctx, &types.QueryListingsRequest{Pagination: &query.PageRequest{Key: page1.Pagination.NextKey, Limit: 2}})
	s.Require().NoError(err)
	s.Require().Equal([]uint64{3, 4}, ids(page2.Listings))
	sellerPage, err := s.qs.Listings(s.ctx, &types.QueryListingsRequest{Seller: s.aliceS, Pagination: &query.PageRequest{Limit: 2}})
	s.Require().NoError(err)
	s.Require().Equal([]uint64{1, 2}, ids(sellerPage.Listings))
	sellerPage, err = s.qs.Listings(s.ctx, &types.QueryListingsRequest{Seller: s.aliceS, Pagination: &query.PageRequest{Key: sellerPage.Pagination.NextKey}})
	s.Require().NoError(err)
	s.Require().Equal([]uint64{3}, ids(sellerPage.Listings))

	l, err := s.qs.Listing(s.ctx, &types.QueryListingRequest{Id: 2})
	s.Require().NoError(err)
	s.Require().True(l.Active)
	s.Require().Equal(types.ListingKindLabour, l.Listing.Kind)

	// Orders by buyer and seller, with the escrow while open.
	s.order(s.bobS, 1, 1, uazr(10))
	s.order(s.carolS, 2, 2, uazr(20))
	s.ok(&types.MsgPlaceOrder{Buyer: s.aliceS, ListingId: 4, Quantity: 1, UnitPrice: uazr(40)})
	o, err := s.qs.Order(s.ctx, &types.QueryOrderRequest{OrderId: "2-1"})
	s.Require().NoError(err)
	s.Require().Equal(s.carolS, o.Order.Buyer)
	s.Require().NotNil(o.Escrow)
	s.Require().Equal(uazr(40), o.Escrow.Amount)
	s.Require().Equal(uazr(2), o.Escrow.Fee)
	s.ok(&types.MsgConfirmDelivery{Buyer: s.carolS, OrderId: "2-1"})
	o, err = s.qs.Order(s.ctx, &types.QueryOrderRequest{OrderId: "2-1"})
	s.Require().NoError(err)
	s.Require().Nil(o.Escrow)

	bySeller, err := s.qs.OrdersBySeller(s.ctx, &types.QueryOrdersBySellerRequest{Seller: s.aliceS})
	s.Require().NoError(err)
	s.Require().Len(bySeller.Orders, 2)
	s.Require().Equal("1-1", bySeller.Orders[0].Id)
	s.Require().Equal("2-1", bySeller.Orders[1].Id)
	byBuyer, err := s.qs.OrdersByBuyer(s.ctx, &types.QueryOrdersByBuyerRequest{Buyer: s.aliceS})
	s.Require().NoError(err)
	s.Require().Len(byBuyer.Orders, 1)
	s.Require().Equal("4-1", byBuyer.Orders[0].Id)

	// Escrow totals: 1-1 (10 + 1) and 4-1 (40 + 2) are open.
	et, err := s.qs.EscrowTotals(s.ctx, &types.QueryEscrowTotalsRequest{})
	s.Require().NoError(err)
	s.Require().Equal(s.str(s.escrow), et.Address)
	s.Require().Equal("53uazr", et.Held.String())
	s.Require().Equal("53uazr", et.Balance.String())
	s.Require().Equal(uint64(2), et.OpenOrders)

	// Assets.
	id := s.registerAsset()
	a, err := s.qs.Asset(s.ctx, &types.QueryAssetRequest{Id: id})
	s.Require().NoError(err)
	s.Require().Equal("gold-bar", a.Asset.Kind)

	// Not found is NotFound; bad input is InvalidArgument.
	for _, err := range []error{
		func() error { _, err := s.qs.Asset(s.ctx, &types.QueryAssetRequest{Id: 99}); return err }(),
		func() error { _, err := s.qs.Listing(s.ctx, &types.QueryListingRequest{Id: 99}); return err }(),
		func() error { _, err := s.qs.Order(s.ctx, &types.QueryOrderRequest{OrderId: "9-9"}); return err }(),
	} {
		s.Require().Equal(codes.NotFound, status.Code(err), "%v", err)
	}
	for _, err := range []error{
		func() error { _, err := s.qs.Order(s.ctx, &types.QueryOrderRequest{OrderId: "x"}); return err }(),
		func() error {
			_, err := s.qs.OrdersByBuyer(s.ctx, &types.QueryOrdersByBuyerRequest{Buyer: "x"})
			return err
		}(),
		func() error { _, err := s.qs.AssetsByOwner(s.ctx, &types.QueryAssetsByOwnerRequest{}); return err }(),
		func() error { _, err := s.qs.Listings(s.ctx, &types.QueryListingsRequest{Kind: 9}); return err }(),
		func() error { _, err := s.qs.Listings(s.ctx, &types.QueryListingsRequest{Seller: "x"}); return err }(),
		func() error { _, err := s.qs.Roles(s.ctx, &types.QueryRolesRequest{Role: 9}); return err }(),
		func() error { _, err := s.qs.Roles(s.ctx, nil); return err }(),
	} {
		s.Require().Equal(codes.InvalidArgument, status.Code(err), "%v", err)
	}
}
