package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/pivc/types"
)

type queryServer struct{ k Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/pivc Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

// Params returns the parameters.
func (qs queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	p, err := qs.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: p}, nil
}

// Totals returns the running totals, paginated by denom.
func (qs queryServer) Totals(ctx context.Context, req *types.QueryTotalsRequest) (*types.QueryTotalsResponse, error) {
	if req == nil {
		req = &types.QueryTotalsRequest{}
	}
	totals, page, err := query.CollectionPaginate(ctx, qs.k.Totals, req.Pagination,
		func(_ string, t types.DenomTotals) (types.DenomTotals, error) { return t, nil })
	if err != nil {
		return nil, err
	}
	return &types.QueryTotalsResponse{Totals: totals, Pagination: page}, nil
}

// Quote returns the PIVC of a transfer of amount; with sender and recipient
// it applies the same exemptions as the transfer.
func (qs queryServer) Quote(ctx context.Context, req *types.QueryQuoteRequest) (*types.QueryQuoteResponse, error) {
	if req == nil || req.Amount == "" {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("amount is required, e.g. 1000uazr")
	}
	amount, err := sdk.ParseCoinsNormalized(req.Amount)
	if err != nil {
		return nil, types.ErrInvalidAmount.Wrapf("%q: %s", req.Amount, err)
	}
	if amount.IsZero() {
		return nil, types.ErrInvalidAmount.Wrapf("%q: amount must be positive", req.Amount)
	}
	params, err := qs.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	var fee sdk.Coins
	switch {
	case req.Sender == "" && req.Recipient == "":
		fee, err = qs.k.Quote(ctx, amount)
	case req.Sender != "" && req.Recipient != "":
		var from, to sdk.AccAddress
		if from, err = qs.k.ak.AddressCodec().StringToBytes(req.Sender); err != nil {
			return nil, sdkerrors.ErrInvalidAddress.Wrapf("sender %q: %s", req.Sender, err)
		}
		if to, err = qs.k.ak.AddressCodec().StringToBytes(req.Recipient); err != nil {
			return nil, sdkerrors.ErrInvalidAddress.Wrapf("recipient %q: %s", req.Recipient, err)
		}
		fee, err = qs.k.FeeFor(ctx, from, to, amount)
	default:
		return nil, sdkerrors.ErrInvalidRequest.Wrap("give both sender and recipient, or neither")
	}
	if err != nil {
		return nil, err
	}
	growth, ubo, err := types.SplitFee(fee, params.GrowthShareBps)
	if err != nil {
		return nil, err
	}
	return &types.QueryQuoteResponse{
		Amount:   amount,
		Fee:      fee,
		Total:    amount.Add(fee...),
		ToGrowth: growth,
		ToUbo:    ubo,
		RateBps:  params.RateBps,
	}, nil
}

// PendingUBO returns what an account can claim now.
func (qs queryServer) PendingUBO(ctx context.Context, req *types.QueryPendingUBORequest) (*types.QueryPendingUBOResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	addr, err := qs.k.ak.AddressCodec().StringToBytes(req.Address)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("address %q: %s", req.Address, err)
	}
	pending, eligible, err := qs.k.PendingUBO(ctx, addr)
	if err != nil {
		return nil, err
	}
	return &types.QueryPendingUBOResponse{Pending: pending, Eligible: eligible}, nil
}

// Pools returns the pools and the UBO allocation state.
func (qs queryServer) Pools(ctx context.Context, _ *types.QueryPoolsRequest) (*types.QueryPoolsResponse, error) {
	k := qs.k
	outstanding, err := k.Outstanding(ctx)
	if err != nil {
		return nil, err
	}
	index, err := k.CurrentIndex(ctx)
	if err != nil {
		return nil, err
	}
	count, err := k.eligibleCount(ctx)
	if err != nil {
		return nil, err
	}
	next, err := k.NextAllocationHeight(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryPoolsResponse{
		GrowthAddress:        k.growthAddr.String(),
		GrowthBalance:        k.bk.GetAllBalances(ctx, k.growthAddr),
		UboAddress:           k.uboAddr.String(),
		UboBalance:           k.bk.GetAllBalances(ctx, k.uboAddr),
		UboOutstanding:       outstanding,
		UboIndex:             index,
		EligibleCount:        count,
		NextAllocationHeight: next,
	}, nil
}
