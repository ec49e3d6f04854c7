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

// The queries of the validator-admission part (admission.go).

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
	id, err := qs.k.admission.article(ctx)
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
	op, err := types.ValidateOperator(req.Operator)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "%s", err)
	}
	adm, admitted, err := qs.k.admission.get(ctx, op)
	if err != nil {
		return nil, err
	}
	stake, err := qs.k.admission.stakeOf(ctx, op)
	if err != nil {
		return nil, err
	}
	res := &types.QueryPowerCapResponse{
		Admitted: admitted, MaxPower: adm.MaxPower, MaxStake: math.ZeroInt(),
		Bonded: stake.Bonded, Unbonding: stake.Unbonding, Liquid: stake.Liquid,
		Mintable: math.ZeroInt(), Bondable: math.ZeroInt(),
	}
	if admitted {
		res.MaxStake = qs.k.admission.maxStake(ctx, adm.MaxPower)
		res.Mintable = math.MaxInt(res.MaxStake.Sub(stake.Held()), math.ZeroInt())
		res.Bondable = math.MaxInt(res.MaxStake.Sub(stake.Bonded), math.ZeroInt())
	}
	if stake.Validator != nil {
		res.Jailed = stake.Validator.IsJailed()
		res.BondedStatus = stake.Validator.GetStatus().String()
	}
	return res, nil
}
