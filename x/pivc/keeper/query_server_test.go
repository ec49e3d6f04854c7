package keeper_test

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/pivc/types"
)

func (s *KeeperTestSuite) TestQueryParams() {
	res, err := s.queryServer.Params(s.e.ctx, &types.QueryParamsRequest{})
	s.Require().NoError(err)
	s.Require().Equal(types.DefaultParams(), res.Params)
}

func (s *KeeperTestSuite) TestQueryQuote() {
	s.e.setParams(s.T(), func(p *types.Params) { p.ExemptAddresses = []string{s.dave.String()} })

	res, err := s.queryServer.Quote(s.e.ctx, &types.QueryQuoteRequest{Amount: "1000uazr"})
	s.Require().NoError(err)
	s.Require().Equal(&types.QueryQuoteResponse{
		Amount: coins(1000), Fee: coins(50), Total: coins(1050),
		ToGrowth: coins(30), ToUbo: coins(20), RateBps: 500,
	}, res)

	// Several denoms, each paying in its own.
	res, err = s.queryServer.Quote(s.e.ctx, &types.QueryQuoteRequest{Amount: "1uazr,21a/kaya"})
	s.Require().NoError(err)
	s.Require().Equal("2a/kaya,1uazr", res.Fee.String())

	// With sender and recipient the exemptions apply.
	res, err = s.queryServer.Quote(s.e.ctx, &types.QueryQuoteRequest{Amount: "1000uazr", Sender: s.alice.String(), Recipient: s.dave.String()})
	s.Require().NoError(err)
	s.Require().True(res.Fee.IsZero())
	s.Require().Equal(coins(1000), res.Total)

	bad := []struct {
		name   string
		req    *types.QueryQuoteRequest
		expErr error
	}{
		{"nil request", nil, sdkerrors.ErrInvalidRequest},
		{"no amount", &types.QueryQuoteRequest{}, sdkerrors.ErrInvalidRequest},
		{"not coins", &types.QueryQuoteRequest{Amount: "lots"}, types.ErrInvalidAmount},
		{"zero", &types.QueryQuoteRequest{Amount: "0uazr"}, types.ErrInvalidAmount},
		{"only a sender", &types.QueryQuoteRequest{Amount: "1uazr", Sender: s.alice.String()}, sdkerrors.ErrInvalidRequest},
		{"bad sender", &types.QueryQuoteRequest{Amount: "1uazr", Sender: "x", Recipient: s.bob.String()}, sdkerrors.ErrInvalidAddress},
		{"bad recipient", &types.QueryQuoteRequest{Amount: "1uazr", Sender: s.bob.String(), Recipient: "x"}, sdkerrors.ErrInvalidAddress},
		{"overflow", &types.QueryQuoteRequest{Amount: "115792089237316195423570985008687907853269984665640564039457584007913129639935uazr"}, types.ErrOverflow},
	}
	for _, tc := range bad {
		s.Run(tc.name, func() {
			_, err := s.queryServer.Quote(s.e.ctx, tc.req)
			s.Require().ErrorIs(err, tc.expErr)
		})
	}
}

func (s *KeeperTestSuite) TestQueryTotalsPoolsAndPending() {
	payer, shop := s.uboSetup()
	s.pay(payer, shop)
	s.nextEpoch()

	tot, err := s.queryServer.Totals(s.e.ctx, &types.QueryTotalsRequest{})
	s.Require().NoError(err)
	s.Require().Len(tot.Totals, 1)
	s.Require().Equal(denom, tot.Totals[0].Denom)
	s.Require().Equal(int64(500), tot.Totals[0].Captured.Int64())
	s.Require().Equal(int64(300), tot.Totals[0].ToGrowth.Int64())
	s.Require().Equal(int64(200), tot.Totals[0].ToUbo.Int64())

	// Paginated by denom.
	s.e.fund(s.T(), payer, sdk.NewCoins(sdk.NewInt64Coin("a/kaya", 1000)))
	_, err = s.e.send(payer, shop, sdk.NewCoins(sdk.NewInt64Coin("a/kaya", 100)))
	s.Require().NoError(err)
	s.Require().NoError(s.e.endBlock())
	page, err := s.queryServer.Totals(s.e.ctx, &types.QueryTotalsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	s.Require().NoError(err)
	s.Require().Len(page.Totals, 1)
	s.Require().Equal("a/kaya", page.Totals[0].Denom)
	s.Require().Equal(uint64(2), page.Pagination.Total)

	pools, err := s.queryServer.Pools(s.e.ctx, &types.QueryPoolsRequest{})
	s.Require().NoError(err)
	s.Require().Equal(s.growth.String(), pools.GrowthAddress)
	s.Require().Equal(s.ubo.String(), pools.UboAddress)
	s.Require().Equal(int64(300), pools.GrowthBalance.AmountOf(denom).Int64())
	s.Require().Equal(int64(200), pools.UboBalance.AmountOf(denom).Int64())
	s.Require().Equal(coins(198), pools.UboOutstanding)
	s.Require().Equal(coins(66), pools.UboIndex)
	s.Require().Equal(uint64(3), pools.EligibleCount)
	h := s.e.ctx.BlockHeight()
	s.Require().Equal((h/epoch+1)*epoch, pools.NextAllocationHeight)

	p, err := s.queryServer.PendingUBO(s.e.ctx, &types.QueryPendingUBORequest{Address: s.alice.String()})
	s.Require().NoError(err)
	s.Require().Equal(coins(66), p.Pending)
	s.Require().True(p.Eligible)
	p, err = s.queryServer.PendingUBO(s.e.ctx, &types.QueryPendingUBORequest{Address: s.dave.String()})
	s.Require().NoError(err)
	s.Require().True(p.Pending.IsZero())
	s.Require().False(p.Eligible)

	_, err = s.queryServer.PendingUBO(s.e.ctx, &types.QueryPendingUBORequest{Address: "x"})
	s.Require().ErrorIs(err, sdkerrors.ErrInvalidAddress)
	_, err = s.queryServer.PendingUBO(s.e.ctx, nil)
	s.Require().ErrorIs(err, sdkerrors.ErrInvalidRequest)
}
