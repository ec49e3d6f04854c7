package keeper

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/mint/types"
)

type queryServer struct {
	k Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/mint Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

// Params implements types.QueryServer.
func (qs queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	params, err := qs.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: params}, nil
}

// AToken implements types.QueryServer.
func (qs queryServer) AToken(ctx context.Context, req *types.QueryATokenRequest) (*types.QueryATokenResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	symbol, err := types.SymbolFromQuery(req.Symbol)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	token, err := qs.k.GetAToken(ctx, symbol)
	if err != nil {
		return nil, queryError(err)
	}
	return &types.QueryATokenResponse{
		AToken: token,
		Denom:  token.Denom(),
		Supply: qs.k.bk.GetSupply(ctx, token.Denom()),
	}, nil
}

// ATokens implements types.QueryServer.
func (qs queryServer) ATokens(ctx context.Context, req *types.QueryATokensRequest) (*types.QueryATokensResponse, error) {
	if req == nil {
		req = &types.QueryATokensRequest{}
	}
	tokens, page, err := query.CollectionPaginate(ctx, qs.k.ATokens, req.Pagination,
		func(_ string, t types.AToken) (types.AToken, error) { return t, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryATokensResponse{ATokens: tokens, Pagination: page}, nil
}

// Supply implements types.QueryServer.
func (qs queryServer) Supply(ctx context.Context, req *types.QuerySupplyRequest) (*types.QuerySupplyResponse, error) {
	if req == nil || req.Denom == "" {
		return nil, status.Error(codes.InvalidArgument, "denom is required (uazr or a/<symbol>)")
	}
	info, err := qs.k.GetSupplyInfo(ctx, req.Denom)
	if err != nil {
		return nil, queryError(err)
	}
	return &types.QuerySupplyResponse{
		Supply:        info.Supply,
		MaxSupply:     info.MaxSupply,
		Headroom:      info.Headroom,
		MintingPaused: info.MintingPaused,
	}, nil
}

// Treasurer implements types.QueryServer.
func (qs queryServer) Treasurer(ctx context.Context, req *types.QueryTreasurerRequest) (*types.QueryTreasurerResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := qs.k.addressCodec.StringToBytes(req.Address)
	if err != nil || len(addr) == 0 {
		return nil, status.Errorf(codes.InvalidArgument, "invalid address %q", req.Address)
	}
	allowance, err := qs.k.GetTreasurerAllowance(ctx, addr)
	if err != nil {
		return nil, queryError(err)
	}
	return &types.QueryTreasurerResponse{Treasurer: types.Treasurer{Address: qs.k.addrString(addr), Allowance: allowance}}, nil
}

// Treasurers implements types.QueryServer.
func (qs queryServer) Treasurers(ctx context.Context, req *types.QueryTreasurersRequest) (*types.QueryTreasurersResponse, error) {
	if req == nil {
		req = &types.QueryTreasurersRequest{}
	}
	list, page, err := query.CollectionPaginate(ctx, qs.k.Treasurers, req.Pagination,
		func(addr sdk.AccAddress, allowance math.Int) (types.Treasurer, error) {
			return types.Treasurer{Address: qs.k.addrString(addr), Allowance: allowance}, nil
		})
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryTreasurersResponse{Treasurers: list, Pagination: page}, nil
}

// queryError maps the module's errors to gRPC status codes.
func queryError(err error) error {
	switch {
	case errors.Is(err, types.ErrUnknownAToken), errors.Is(err, types.ErrNotTreasurer):
		return status.Error(codes.NotFound, err.Error())
	case errors.Is(err, types.ErrUnsupportedDenom), errors.Is(err, types.ErrInvalidSymbol):
		return status.Error(codes.InvalidArgument, err.Error())
	default:
		return status.Error(codes.Internal, err.Error())
	}
}
