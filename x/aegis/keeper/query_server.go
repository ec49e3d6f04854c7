package keeper

import (
	"context"

	"cosmossdk.io/collections"
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
	a, err := qs.k.GetArticle(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return &types.QueryArticleResponse{Article: a}, nil
}

func (qs queryServer) address(address string) (sdk.AccAddress, string, error) {
	if address == "" {
		return nil, "", status.Error(codes.InvalidArgument, "address is required")
	}
	addr, canon, err := qs.k.canonical(address)
	if err != nil {
		return nil, "", status.Errorf(codes.InvalidArgument, "invalid address %q: %s", address, err)
	}
	return addr, canon, nil
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
	transform := func(key collections.Pair[int32, sdk.AccAddress], _ collections.NoValue) (types.RoleGrant, error) {
		return types.RoleGrant{Role: types.Role(key.K1()), Address: key.K2().String()}, nil
	}
	var opts []func(*query.CollectionsPaginateOptions[collections.Pair[int32, sdk.AccAddress]])
	if req.Role != types.Role_ROLE_UNSPECIFIED {
		if err := types.ValidateRole(req.Role); err != nil {
			return nil, status.Error(codes.InvalidArgument, err.Error())
		}
		opts = append(opts, query.WithCollectionPaginationPairPrefix[int32, sdk.AccAddress](int32(req.Role)))
	}
	grants, page, err := query.CollectionPaginate(ctx, qs.k.Roles, req.Pagination, transform, opts...)
	if err != nil {
		return nil, err
	}
	return &types.QueryRolesResponse{Grants: grants, Pagination: page}, nil
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
	roles := []types.Role{}
	for _, r := range []types.Role{types.Role_ROLE_ATTESTER, types.Role_ROLE_OFFICER} {
		ok, err := qs.k.HasRole(ctx, r, addr)
		if err != nil {
			return nil, err
		}
		if ok {
			roles = append(roles, r)
		}
	}
	return &types.QueryAccountRolesResponse{Roles: roles}, nil
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
	used, err := qs.k.UsedToday(ctx, addr, req.Denom)
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
	v, err := qs.k.Evaluate(ctx, TxFacts{
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

// AdmittedValidators implements types.QueryServer.
func (qs queryServer) AdmittedValidators(ctx context.Context, req *types.QueryAdmittedValidatorsRequest) (*types.QueryAdmittedValidatorsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	vals, page, err := query.CollectionPaginate(ctx, qs.k.AdmittedValidators, req.Pagination,
		func(op sdk.ValAddress, v types.AdmittedValidator) (types.AdmittedValidator, error) {
			v.Operator = op.String()
			return v, nil
		})
	if err != nil {
		return nil, err
	}
	id, err := qs.k.AdmissionArticle(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryAdmittedValidatorsResponse{Validators: vals, ArticleId: id, Pagination: page}, nil
}

// PowerCap implements types.QueryServer.
func (qs queryServer) PowerCap(ctx context.Context, req *types.QueryPowerCapRequest) (*types.QueryPowerCapResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	op, _, err := parseOperator(req.Operator)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "%s", err)
	}
	adm, admitted, err := qs.k.GetAdmission(ctx, op)
	if err != nil {
		return nil, err
	}
	stake, err := qs.k.StakeOf(ctx, op)
	if err != nil {
		return nil, err
	}
	res := &types.QueryPowerCapResponse{
		Admitted: admitted, MaxPower: adm.MaxPower, MaxStake: math.ZeroInt(),
		Bonded: stake.Bonded, Unbonding: stake.Unbonding, Liquid: stake.Liquid,
		Mintable: math.ZeroInt(), Bondable: math.ZeroInt(),
	}
	if admitted {
		res.MaxStake = qs.k.maxStake(ctx, adm.MaxPower)
		res.Mintable = math.MaxInt(res.MaxStake.Sub(stake.Held()), math.ZeroInt())
		res.Bondable = math.MaxInt(res.MaxStake.Sub(stake.Bonded), math.ZeroInt())
	}
	if stake.Validator != nil {
		res.Jailed = stake.Validator.IsJailed()
		res.BondedStatus = stake.Validator.GetStatus().String()
	}
	return res, nil
}
