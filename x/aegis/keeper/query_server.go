package keeper

import (
	"context"

	"cosmossdk.io/math"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/aegis/types"
)

type queryServer struct {
	k *Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the Query service of x/aegis.
func NewQueryServerImpl(k *Keeper) types.QueryServer { return queryServer{k: k} }

// Params implements types.QueryServer.
func (qs queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	p, err := qs.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: p}, nil
}

// Articles implements types.QueryServer.
func (qs queryServer) Articles(ctx context.Context, req *types.QueryArticlesRequest) (*types.QueryArticlesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	articles, page, err := query.CollectionPaginate(ctx, qs.k.Articles, req.Pagination,
		func(_ uint64, a types.Article) (types.Article, error) { return a, nil })
	if err != nil {
		return nil, err
	}
	return &types.QueryArticlesResponse{Articles: articles, Pagination: page}, nil
}

// Article implements types.QueryServer.
func (qs queryServer) Article(ctx context.Context, req *types.QueryArticleRequest) (*types.QueryArticleResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	a, err := qs.k.getArticle(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return &types.QueryArticleResponse{Article: a}, nil
}

func (qs queryServer) address(address string) (sdk.AccAddress, string, error) {
	if address == "" {
		return nil, "", status.Error(codes.InvalidArgument, "address is required")
	}
	addr, err := qs.k.ac.StringToBytes(address)
	if err != nil || len(addr) == 0 {
		return nil, "", status.Errorf(codes.InvalidArgument, "invalid address %q: %s", address, err)
	}
	return addr, qs.k.str(addr), nil
}

// Standing implements types.QueryServer.
func (qs queryServer) Standing(ctx context.Context, req *types.QueryStandingRequest) (*types.QueryStandingResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, _, err := qs.address(req.Address)
	if err != nil {
		return nil, err
	}
	s, err := qs.k.GetStanding(ctx, addr)
	if err != nil {
		return nil, err
	}
	policy, err := qs.k.getPolicy(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryStandingResponse{
		Standing:      s.Status(),
		Record:        s,
		EffectiveTier: policy.EffectiveTier(s.Tier),
		Eligible:      s.Eligible(),
	}, nil
}

// Standings implements types.QueryServer.
func (qs queryServer) Standings(ctx context.Context, req *types.QueryStandingsRequest) (*types.QueryStandingsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	out, page, err := query.CollectionPaginate(ctx, qs.k.Standings, req.Pagination,
		func(addr sdk.AccAddress, s types.AccountStanding) (types.AccountStanding, error) {
			s.Address = addr.String()
			return s, nil
		})
	if err != nil {
		return nil, err
	}
	return &types.QueryStandingsResponse{Standings: out, Pagination: page}, nil
}

// Roles implements types.QueryServer.
func (qs queryServer) Roles(ctx context.Context, req *types.QueryRolesRequest) (*types.QueryRolesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if req.Role != types.Role_ROLE_UNSPECIFIED {
		if err := types.ValidateRole(req.Role); err != nil {
			return nil, status.Error(codes.InvalidArgument, err.Error())
		}
	}
	grants, page, err := qs.k.roles.Paginate(ctx, req.Role, req.Pagination)
	if err != nil {
		return nil, err
	}
	out := make([]types.RoleGrant, len(grants))
	for i, g := range grants {
		out[i] = types.RoleGrant{Role: g.Role, Address: g.Address.String()}
	}
	return &types.QueryRolesResponse{Grants: out, Pagination: page}, nil
}

// AccountRoles implements types.QueryServer.
func (qs queryServer) AccountRoles(ctx context.Context, req *types.QueryAccountRolesRequest) (*types.QueryAccountRolesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, _, err := qs.address(req.Address)
	if err != nil {
		return nil, err
	}
	held, err := qs.k.roles.Of(ctx, addr)
	if err != nil {
		return nil, err
	}
	return &types.QueryAccountRolesResponse{Roles: held}, nil
}

// RemainingAllowance implements types.QueryServer.
func (qs queryServer) RemainingAllowance(ctx context.Context, req *types.QueryRemainingAllowanceRequest) (*types.QueryRemainingAllowanceResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, _, err := qs.address(req.Address)
	if err != nil {
		return nil, err
	}
	if err := sdk.ValidateDenom(req.Denom); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "invalid denom %q: %s", req.Denom, err)
	}
	s, err := qs.k.GetStanding(ctx, addr)
	if err != nil {
		return nil, err
	}
	policy, err := qs.k.getPolicy(ctx)
	if err != nil {
		return nil, err
	}
	tier := policy.EffectiveTier(s.Tier)
	res := &types.QueryRemainingAllowanceResponse{
		Standing: s.Status(), Tier: tier, ArticleId: policy.VelocityArticleId,
		PerTx: math.ZeroInt(), PerDay: math.ZeroInt(), Used: math.ZeroInt(), Remaining: math.ZeroInt(), MaxNextTx: math.ZeroInt(),
	}
	used, err := qs.k.usedToday(ctx, addr, req.Denom)
	if err != nil {
		return nil, err
	}
	res.Used = used
	limit, ok, err := qs.k.limitFor(ctx, tier, req.Denom)
	if err != nil {
		return nil, err
	}
	if !ok || policy.VelocityArticleId == 0 {
		return res, nil
	}
	res.Limited = true
	res.PerTx, res.PerDay = limit.PerTx, limit.PerDay
	if !s.Frozen && used.LT(limit.PerDay) {
		res.Remaining = limit.PerDay.Sub(used)
		res.MaxNextTx = math.MinInt(limit.PerTx, res.Remaining)
	}
	return res, nil
}

// ComplianceCheck implements types.QueryServer. It runs the same checks as
// the ante decorator on a transaction made of req.Msgs, signed and paid by
// req.Signer (and req.FeeGranter if set), without executing anything.
func (qs queryServer) ComplianceCheck(ctx context.Context, req *types.QueryComplianceCheckRequest) (*types.QueryComplianceCheckResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if len(req.Msgs) == 0 {
		return nil, status.Error(codes.InvalidArgument, "no messages")
	}
	signer, _, err := qs.address(req.Signer)
	if err != nil {
		return nil, err
	}
	var granter sdk.AccAddress
	if req.FeeGranter != "" {
		if granter, _, err = qs.address(req.FeeGranter); err != nil {
			return nil, err
		}
	}
	if err := req.UnpackInterfaces(qs.k.cdc.InterfaceRegistry()); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "decode messages: %s", err)
	}
	msgs := make([]sdk.Msg, len(req.Msgs))
	for i, a := range req.Msgs {
		m, ok := a.GetCachedValue().(sdk.Msg)
		if !ok || m == nil {
			return nil, status.Errorf(codes.InvalidArgument, "message %d (%s) is not a registered message", i, a.TypeUrl)
		}
		if qs.k.router.HandlerByTypeURL(a.TypeUrl) == nil {
			return nil, status.Errorf(codes.InvalidArgument, "message %d (%s) has no handler on this chain", i, a.TypeUrl)
		}
		msgs[i] = m
	}
	if !req.Fee.IsValid() {
		return nil, status.Errorf(codes.InvalidArgument, "invalid fee %q", req.Fee.String())
	}
	v, err := qs.k.complianceCheck(ctx, TxFacts{
		Msgs: msgs, Signers: [][]byte{signer}, FeePayer: signer, FeeGranter: granter,
		Fee: req.Fee, GasLimit: req.GasLimit, Simulate: req.GasLimit == 0,
	})
	if err != nil {
		return nil, err
	}
	if v == nil {
		return &types.QueryComplianceCheckResponse{Allowed: true}, nil
	}
	codespace, code, log := errorsABCIInfo(v.Err)
	return &types.QueryComplianceCheckResponse{
		ArticleId: v.ArticleID, Rule: v.Rule, Codespace: codespace, Code: code, Reason: log,
	}, nil
}
