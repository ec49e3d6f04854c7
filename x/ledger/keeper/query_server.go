package keeper

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/ledger/types"
)

type queryServer struct{ k Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/ledger Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

// Params returns the parameters.
func (qs queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	p, err := qs.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: p}, nil
}

// Entry returns one entry by sequence.
func (qs queryServer) Entry(ctx context.Context, req *types.QueryEntryRequest) (*types.QueryEntryResponse, error) {
	if req == nil || req.Sequence == 0 {
		return nil, status.Error(codes.InvalidArgument, "sequence is required (1 or more)")
	}
	e, err := qs.k.Entries.Get(ctx, req.Sequence)
	switch {
	case isNotFound(err):
		return nil, status.Errorf(codes.NotFound, "journal entry %d not found (never written, or pruned)", req.Sequence)
	case err != nil:
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryEntryResponse{Entry: e}, nil
}

// Statement returns an account's entries, newest first unless
// pagination.reverse is set.
func (qs queryServer) Statement(ctx context.Context, req *types.QueryStatementRequest) (*types.QueryStatementResponse, error) {
	if req == nil || req.Address == "" {
		return nil, status.Error(codes.InvalidArgument, "address is required")
	}
	addr, err := qs.k.ak.AddressCodec().StringToBytes(req.Address)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "address %q: %s", req.Address, err)
	}
	page := &query.PageRequest{}
	if req.Pagination != nil {
		cp := *req.Pagination
		page = &cp
	}
	page.Reverse = !page.Reverse // newest first by default
	lines, res, err := query.CollectionPaginate(ctx, qs.k.AccountIndex, page,
		func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.StatementLine, error) {
			e, err := qs.k.Entries.Get(ctx, key.K2())
			if err != nil {
				return types.StatementLine{}, err
			}
			return types.NewStatementLine(req.Address, e), nil
		},
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](addr))
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryStatementResponse{Address: req.Address, Lines: lines, Pagination: res}, nil
}

// EntriesByReference returns a sender's entries under a reference and
// whether a payment reserved the reference.
func (qs queryServer) EntriesByReference(ctx context.Context, req *types.QueryEntriesByReferenceRequest) (*types.QueryEntriesByReferenceResponse, error) {
	if req == nil || req.Sender == "" {
		return nil, status.Error(codes.InvalidArgument, "sender is required")
	}
	sender, err := qs.k.ak.AddressCodec().StringToBytes(req.Sender)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "sender %q: %s", req.Sender, err)
	}
	if err := types.ValidateReference(req.Reference); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	entries, res, err := query.CollectionPaginate(ctx, qs.k.ReferenceIndex, req.Pagination,
		func(key collections.Pair[[]byte, uint64], _ collections.NoValue) (types.JournalEntry, error) {
			return qs.k.Entries.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[[]byte, uint64](types.ReferenceKey(sender, req.Reference)))
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	out := &types.QueryEntriesByReferenceResponse{Entries: entries, Pagination: res}
	h, err := qs.k.UsedReferences.Get(ctx, collections.Join(sdk.AccAddress(sender), req.Reference))
	switch {
	case err == nil:
		out.Used, out.UsedHeight = true, h
	case !isNotFound(err):
		return nil, status.Error(codes.Internal, err.Error())
	}
	return out, nil
}

// Head returns the end of the journal and the latest checkpoint.
func (qs queryServer) Head(ctx context.Context, _ *types.QueryHeadRequest) (*types.QueryHeadResponse, error) {
	head, err := qs.k.Head.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	latest, err := qs.k.latestCheckpoint(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	params, err := qs.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	// A query sees the state after the latest block's EndBlock, so a
	// checkpoint at that height has already been recorded.
	h := uint64(max(sdk.UnwrapSDKContext(ctx).BlockHeight(), 0))
	next := (h/params.CheckpointInterval + 1) * params.CheckpointInterval
	return &types.QueryHeadResponse{Head: head, LatestCheckpoint: latest, NextCheckpointHeight: int64(next)}, nil //nolint:gosec // bounded by the height
}

// Checkpoint returns the checkpoint at a height.
func (qs queryServer) Checkpoint(ctx context.Context, req *types.QueryCheckpointRequest) (*types.QueryCheckpointResponse, error) {
	if req == nil || req.Height <= 0 {
		return nil, status.Error(codes.InvalidArgument, "height is required (1 or more)")
	}
	c, err := qs.k.Checkpoints.Get(ctx, req.Height)
	switch {
	case isNotFound(err):
		return nil, status.Errorf(codes.NotFound, "no checkpoint at height %d (not a multiple of checkpoint_interval, not reached, or pruned)", req.Height)
	case err != nil:
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryCheckpointResponse{Checkpoint: c}, nil
}

// Checkpoints returns the kept checkpoints, oldest first.
func (qs queryServer) Checkpoints(ctx context.Context, req *types.QueryCheckpointsRequest) (*types.QueryCheckpointsResponse, error) {
	var page *query.PageRequest
	if req != nil {
		page = req.Pagination
	}
	cps, res, err := query.CollectionPaginate(ctx, qs.k.Checkpoints, page,
		func(_ int64, c types.Checkpoint) (types.Checkpoint, error) { return c, nil })
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryCheckpointsResponse{Checkpoints: cps, Pagination: res}, nil
}

// Reconciliation returns the reconciliation state and the reconciled
// accounts.
func (qs queryServer) Reconciliation(ctx context.Context, _ *types.QueryReconciliationRequest) (*types.QueryReconciliationResponse, error) {
	s, err := qs.k.Recon.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryReconciliationResponse{State: s, ReconciledAccounts: qs.k.ReconciledAccounts()}, nil
}
