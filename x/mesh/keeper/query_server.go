package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/mesh/types"
)

type queryServer struct {
	k Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the mesh Query service. Every list is
// paginated; nothing iterates unbounded.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{k: k}
}

// Params implements types.QueryServer.
func (qs queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	p, err := qs.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: p}, nil
}

// Node implements types.QueryServer.
func (qs queryServer) Node(ctx context.Context, req *types.QueryNodeRequest) (*types.QueryNodeResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	if err := types.ValidateNodeID(req.Id); err != nil {
		return nil, err
	}
	n, err := qs.k.GetNode(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return &types.QueryNodeResponse{Node: n}, nil
}

// Nodes implements types.QueryServer.
func (qs queryServer) Nodes(ctx context.Context, req *types.QueryNodesRequest) (*types.QueryNodesResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	nodes, page, err := query.CollectionPaginate(ctx, qs.k.Nodes, req.Pagination,
		func(_ string, n types.Node) (types.Node, error) { return n, nil })
	if err != nil {
		return nil, err
	}
	return &types.QueryNodesResponse{Nodes: nodes, Pagination: page}, nil
}

// NodesByOwner implements types.QueryServer.
func (qs queryServer) NodesByOwner(ctx context.Context, req *types.QueryNodesByOwnerRequest) (*types.QueryNodesByOwnerResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	owner, err := qs.owner(req.Owner)
	if err != nil {
		return nil, err
	}
	nodes, page, err := query.CollectionPaginate(ctx, qs.k.Nodes.Indexes.Owner, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, string], _ bool) (types.Node, error) {
			return qs.k.Nodes.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, string](owner))
	if err != nil {
		return nil, err
	}
	return &types.QueryNodesByOwnerResponse{Nodes: nodes, Pagination: page}, nil
}

// NodesByType implements types.QueryServer.
func (qs queryServer) NodesByType(ctx context.Context, req *types.QueryNodesByTypeRequest) (*types.QueryNodesByTypeResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	if err := types.ValidateNodeType(req.Type); err != nil {
		return nil, err
	}
	nodes, page, err := query.CollectionPaginate(ctx, qs.k.Nodes.Indexes.Type, req.Pagination,
		func(key collections.Pair[int32, string], _ bool) (types.Node, error) {
			return qs.k.Nodes.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[int32, string](int32(req.Type)))
	if err != nil {
		return nil, err
	}
	return &types.QueryNodesByTypeResponse{Nodes: nodes, Pagination: page}, nil
}

// AuditLog implements types.QueryServer.
func (qs queryServer) AuditLog(ctx context.Context, req *types.QueryAuditLogRequest) (*types.QueryAuditLogResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	if err := types.ValidateNodeID(req.NodeId); err != nil {
		return nil, err
	}
	cur, found, err := qs.k.getCursor(ctx, req.NodeId)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, types.ErrNodeNotFound.Wrapf("%q was never registered", req.NodeId)
	}
	entries, page, err := query.CollectionPaginate(ctx, qs.k.AuditLog, req.Pagination,
		func(_ collections.Pair[string, uint64], e types.AuditEntry) (types.AuditEntry, error) { return e, nil },
		query.WithCollectionPaginationPairPrefix[string, uint64](req.NodeId))
	if err != nil {
		return nil, err
	}
	return &types.QueryAuditLogResponse{Entries: entries, Cursor: cur, Pagination: page}, nil
}

// FederatedAnalysis implements types.QueryServer.
func (qs queryServer) FederatedAnalysis(ctx context.Context, req *types.QueryFederatedAnalysisRequest) (*types.QueryFederatedAnalysisResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	return qs.k.FederatedAnalysis(ctx, req.EmployeeId, req.DeviceId, req.CorridorId)
}

// ReputationByOwner implements types.QueryServer.
func (qs queryServer) ReputationByOwner(ctx context.Context, req *types.QueryReputationByOwnerRequest) (*types.QueryReputationByOwnerResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	owner, err := qs.owner(req.Owner)
	if err != nil {
		return nil, err
	}
	stats, err := qs.k.OwnerReputation(ctx, owner)
	if err != nil {
		return nil, err
	}
	reps, page, err := query.CollectionPaginate(ctx, qs.k.Nodes.Indexes.Owner, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, string], _ bool) (types.NodeReputation, error) {
			n, err := qs.k.Nodes.Get(ctx, key.K2())
			if err != nil {
				return types.NodeReputation{}, err
			}
			return types.NodeReputation{NodeId: n.Id, Type: n.Type, Reputation: n.Reputation}, nil
		},
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, string](owner))
	if err != nil {
		return nil, err
	}
	return &types.QueryReputationByOwnerResponse{
		Owner:          req.Owner,
		NodeCount:      stats.NodeCount,
		MeanReputation: stats.Mean(),
		Nodes:          reps,
		Pagination:     page,
	}, nil
}

// Roles implements types.QueryServer.
func (qs queryServer) Roles(ctx context.Context, req *types.QueryRolesRequest) (*types.QueryRolesResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	grants, page, err := qs.k.roles.Paginate(ctx, req.Role, req.Pagination)
	if err != nil {
		return nil, err
	}
	out := make([]types.RoleGrant, len(grants))
	for i, g := range grants {
		addr, err := qs.k.addressCodec.BytesToString(g.Address)
		if err != nil {
			return nil, err
		}
		out[i] = types.RoleGrant{Role: g.Role, Address: addr}
	}
	return &types.QueryRolesResponse{Roles: out, Pagination: page}, nil
}

// FeedbackAction implements types.QueryServer.
func (qs queryServer) FeedbackAction(ctx context.Context, req *types.QueryFeedbackActionRequest) (*types.QueryFeedbackActionResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	reporter, err := qs.k.addressCodec.StringToBytes(req.Reporter)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("reporter %q: %s", req.Reporter, err)
	}
	if err := types.ValidateActionID(req.ActionId); err != nil {
		return nil, err
	}
	h, used, err := qs.k.ActionHeight(ctx, reporter, req.ActionId)
	if err != nil {
		return nil, err
	}
	return &types.QueryFeedbackActionResponse{Used: used, Height: h}, nil
}

// ModelRecords implements types.QueryServer.
func (qs queryServer) ModelRecords(ctx context.Context, req *types.QueryModelRecordsRequest) (*types.QueryModelRecordsResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	if err := types.ValidateNodeID(req.NodeId); err != nil {
		return nil, err
	}
	if _, found, err := qs.k.getCursor(ctx, req.NodeId); err != nil {
		return nil, err
	} else if !found {
		return nil, types.ErrNodeNotFound.Wrapf("%q was never registered", req.NodeId)
	}
	type key = collections.Triple[string, string, uint64]
	var opt func(*query.CollectionsPaginateOptions[key])
	if req.Model != "" {
		if err := types.ValidateModelName(req.Model); err != nil {
			return nil, err
		}
		opt = func(o *query.CollectionsPaginateOptions[key]) {
			p := collections.TripleSuperPrefix[string, string, uint64](req.NodeId, req.Model)
			o.Prefix = &p
		}
	} else {
		opt = func(o *query.CollectionsPaginateOptions[key]) {
			p := collections.TriplePrefix[string, string, uint64](req.NodeId)
			o.Prefix = &p
		}
	}
	recs, page, err := query.CollectionPaginate(ctx, qs.k.ModelRecords, req.Pagination,
		func(_ key, r types.ModelRecord) (types.ModelRecord, error) { return r, nil }, opt)
	if err != nil {
		return nil, err
	}
	return &types.QueryModelRecordsResponse{Records: recs, Pagination: page}, nil
}

// ModelRecord implements types.QueryServer.
func (qs queryServer) ModelRecord(ctx context.Context, req *types.QueryModelRecordRequest) (*types.QueryModelRecordResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	if err := types.ValidateNodeID(req.NodeId); err != nil {
		return nil, err
	}
	if err := types.ValidateModelName(req.Model); err != nil {
		return nil, err
	}
	r, err := qs.k.GetModelRecord(ctx, req.NodeId, req.Model, req.Version)
	if err != nil {
		return nil, err
	}
	return &types.QueryModelRecordResponse{Record: r}, nil
}

// ReporterScores implements types.QueryServer.
func (qs queryServer) ReporterScores(ctx context.Context, req *types.QueryReporterScoresRequest) (*types.QueryReporterScoresResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	if err := types.ValidateNodeID(req.NodeId); err != nil {
		return nil, err
	}
	n, err := qs.k.GetNode(ctx, req.NodeId)
	if err != nil {
		return nil, err
	}
	scores, page, err := query.CollectionPaginate(ctx, qs.k.ReporterScores, req.Pagination,
		func(_ collections.Pair[string, sdk.AccAddress], s types.ReporterScore) (types.ReporterScore, error) {
			return s, nil
		},
		query.WithCollectionPaginationPairPrefix[string, sdk.AccAddress](req.NodeId))
	if err != nil {
		return nil, err
	}
	return &types.QueryReporterScoresResponse{Reputation: n.Reputation, Scores: scores, Pagination: page}, nil
}

// AccountReputation implements types.QueryServer.
func (qs queryServer) AccountReputation(ctx context.Context, req *types.QueryAccountReputationRequest) (*types.QueryAccountReputationResponse, error) {
	if req == nil {
		return nil, sdkerrors.ErrInvalidRequest.Wrap("empty request")
	}
	addr, err := qs.k.addressCodec.StringToBytes(req.Address)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("address %q: %s", req.Address, err)
	}
	rep, n, err := qs.k.AccountReputation(ctx, addr)
	if err != nil {
		return nil, err
	}
	return &types.QueryAccountReputationResponse{
		Address:    req.Address,
		Reputation: types.AccountReputation{Reputation: rep, EmployeeNodes: n},
	}, nil
}

func (qs queryServer) owner(s string) (sdk.AccAddress, error) {
	bz, err := qs.k.addressCodec.StringToBytes(s)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("owner %q: %s", s, err)
	}
	return bz, nil
}
