package keeper_test

import (
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/mint/types"
)

func (s *KeeperTestSuite) requireCode(err error, code codes.Code) {
	s.T().Helper()
	s.Require().Error(err)
	st, ok := status.FromError(err)
	s.Require().True(ok, "a gRPC status error: %v", err)
	s.Require().Equal(code, st.Code(), err.Error())
}

func (s *KeeperTestSuite) TestQueryParams() {
	res, err := s.qs.Params(s.ctx, &types.QueryParamsRequest{})
	s.Require().NoError(err)
	s.Require().Equal(types.DefaultParams(), res.Params)
}

func (s *KeeperTestSuite) TestQueryAToken() {
	s.charter("kasi", s.issuer, 1_000)
	_, err := s.mint(s.issuer, s.alice, sdk.NewInt64Coin("a/kasi", 250))
	s.Require().NoError(err)

	for _, q := range []string{"kasi", "a/kasi"} {
		res, err := s.qs.AToken(s.ctx, &types.QueryATokenRequest{Symbol: q})
		s.Require().NoError(err)
		s.Require().Equal("kasi", res.AToken.Symbol)
		s.Require().Equal("a/kasi", res.Denom)
		s.Require().Equal(sdk.NewInt64Coin("a/kasi", 250), res.Supply)
	}

	_, err = s.qs.AToken(s.ctx, &types.QueryATokenRequest{Symbol: "nope"})
	s.requireCode(err, codes.NotFound)
	_, err = s.qs.AToken(s.ctx, &types.QueryATokenRequest{Symbol: "NOPE"})
	s.requireCode(err, codes.InvalidArgument)
	_, err = s.qs.AToken(s.ctx, nil)
	s.requireCode(err, codes.InvalidArgument)
}

func (s *KeeperTestSuite) TestQueryATokensPaginated() {
	for _, sym := range []string{"ccc", "aaa", "bbb"} {
		s.charter(sym, s.issuer, 10)
	}
	res, err := s.qs.ATokens(s.ctx, &types.QueryATokensRequest{Pagination: &query.PageRequest{Limit: 2, CountTotal: true}})
	s.Require().NoError(err)
	s.Require().Len(res.ATokens, 2)
	s.Require().Equal("aaa", res.ATokens[0].Symbol, "symbol order")
	s.Require().Equal("bbb", res.ATokens[1].Symbol)
	s.Require().Equal(uint64(3), res.Pagination.Total)
	s.Require().NotEmpty(res.Pagination.NextKey)

	res, err = s.qs.ATokens(s.ctx, &types.QueryATokensRequest{Pagination: &query.PageRequest{Key: res.Pagination.NextKey}})
	s.Require().NoError(err)
	s.Require().Len(res.ATokens, 1)
	s.Require().Equal("ccc", res.ATokens[0].Symbol)
	s.Require().Empty(res.Pagination.NextKey)

	res, err = s.qs.ATokens(s.ctx, nil)
	s.Require().NoError(err)
	s.Require().Len(res.ATokens, 3)
}

func (s *KeeperTestSuite) TestQuerySupply() {
	s.charter("kasi", s.issuer, 1_000)
	_, err := s.mint(s.issuer, s.alice, sdk.NewInt64Coin("a/kasi", 250))
	s.Require().NoError(err)

	res, err := s.qs.Supply(s.ctx, &types.QuerySupplyRequest{Denom: "a/kasi"})
	s.Require().NoError(err)
	s.Require().Equal(sdk.NewInt64Coin("a/kasi", 250), res.Supply)
	s.Require().Equal(math.NewInt(1_000), res.MaxSupply)
	s.Require().Equal(math.NewInt(750), res.Headroom)
	s.Require().False(res.MintingPaused)

	_, err = s.ms.PauseAToken(s.ctx, &types.MsgPauseAToken{Authority: s.authority, Symbol: "kasi"})
	s.Require().NoError(err)
	res, err = s.qs.Supply(s.ctx, &types.QuerySupplyRequest{Denom: "a/kasi"})
	s.Require().NoError(err)
	s.Require().True(res.MintingPaused)

	res, err = s.qs.Supply(s.ctx, &types.QuerySupplyRequest{Denom: types.NativeDenom})
	s.Require().NoError(err)
	s.Require().Equal(sdk.NewInt64Coin(types.NativeDenom, 1_000), res.Supply)
	s.Require().Equal(types.DefaultMaxSupply, res.MaxSupply)
	s.Require().Equal(types.DefaultMaxSupply.SubRaw(1_000), res.Headroom)

	_, err = s.qs.Supply(s.ctx, &types.QuerySupplyRequest{Denom: "a/nope"})
	s.requireCode(err, codes.NotFound)
	_, err = s.qs.Supply(s.ctx, &types.QuerySupplyRequest{Denom: types.StakeDenom})
	s.requireCode(err, codes.InvalidArgument)
	_, err = s.qs.Supply(s.ctx, &types.QuerySupplyRequest{})
	s.requireCode(err, codes.InvalidArgument)
}

func (s *KeeperTestSuite) TestQueryTreasurers() {
	s.grantTreasurer(s.treasurer, 500)
	s.grantTreasurer(s.alice, 7)

	res, err := s.qs.Treasurer(s.ctx, &types.QueryTreasurerRequest{Address: s.str(s.treasurer)})
	s.Require().NoError(err)
	s.Require().Equal(types.Treasurer{Address: s.str(s.treasurer), Allowance: math.NewInt(500)}, res.Treasurer)

	_, err = s.qs.Treasurer(s.ctx, &types.QueryTreasurerRequest{Address: s.str(s.bob)})
	s.requireCode(err, codes.NotFound)
	_, err = s.qs.Treasurer(s.ctx, &types.QueryTreasurerRequest{Address: "azora1bad"})
	s.requireCode(err, codes.InvalidArgument)

	list, err := s.qs.Treasurers(s.ctx, &types.QueryTreasurersRequest{Pagination: &query.PageRequest{Limit: 1}})
	s.Require().NoError(err)
	s.Require().Len(list.Treasurers, 1)
	s.Require().NotEmpty(list.Pagination.NextKey)
	all, err := s.qs.Treasurers(s.ctx, &types.QueryTreasurersRequest{})
	s.Require().NoError(err)
	s.Require().Len(all.Treasurers, 2)
	// Address (byte) order: "alice_..." < "treasurer_...".
	s.Require().Equal(s.str(s.alice), all.Treasurers[0].Address)
}
