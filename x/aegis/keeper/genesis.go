package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/roles"
	"github.com/azora-os/nexus/x/aegis/types"
)

// InitGenesis loads the genesis state (validated first) and derives the
// policy. The eligibility hooks are told about every eligible account.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, a := range gs.Articles {
		if err := k.Articles.Set(ctx, a.Id, a); err != nil {
			return err
		}
	}
	next := gs.NextArticleId
	if next == 0 {
		next = 1
	}
	if err := k.NextArticleID.Set(ctx, next); err != nil {
		return err
	}
	if err := k.rebuildPolicy(ctx); err != nil {
		return err
	}
	for _, s := range gs.Standings {
		addr, err := k.ac.StringToBytes(s.Address)
		if err != nil {
			return err
		}
		if k.isModuleAccount(ctx, addr) {
			return types.ErrInvalidStanding.Wrapf("%s is a module account; it cannot have a standing", s.Address)
		}
		eligible := s.Eligible()
		s.Address = "" // the key holds it
		if err := k.Standings.Set(ctx, addr, s); err != nil {
			return err
		}
		if eligible && k.hooks != nil {
			if err := k.hooks.AfterEligibilityChanged(ctx, addr, true); err != nil {
				return err
			}
		}
	}
	grants := make([]roles.Grant[types.Role], 0, len(gs.Roles))
	for _, g := range gs.Roles {
		addr, err := k.ac.StringToBytes(g.Address)
		if err != nil {
			return err
		}
		grants = append(grants, roles.Grant[types.Role]{Role: g.Role, Address: addr})
	}
	if err := k.roles.Import(ctx, grants); err != nil {
		return err
	}
	for _, u := range gs.Usage {
		addr, err := k.ac.StringToBytes(u.Address)
		if err != nil {
			return err
		}
		if err := k.Usage.Set(ctx, collections.Join(sdk.AccAddress(addr), u.Denom), types.WindowUsage{Buckets: u.Buckets}); err != nil {
			return err
		}
	}
	for _, v := range gs.AdmittedValidators {
		op, err := types.ValidateOperator(v.Operator)
		if err != nil {
			return err
		}
		if k.isModuleAccount(ctx, sdk.AccAddress(op)) {
			return types.ErrInvalidAdmission.Wrapf("%s is a module account; it cannot be admitted", v.Operator)
		}
		v.Operator = "" // the key holds it
		if err := k.AdmittedValidators.Set(ctx, op, v); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis exports the state, walking every collection in key order.
// Usage buckets that have left the window are dropped.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{Standings: []types.AccountStanding{}, Roles: []types.RoleGrant{}, Usage: []types.AccountUsage{}}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if gs.Articles, err = k.allArticles(ctx); err != nil {
		return nil, err
	}
	if gs.NextArticleId, err = k.NextArticleID.Peek(ctx); err != nil {
		return nil, err
	}
	err = k.Standings.Walk(ctx, nil, func(addr sdk.AccAddress, s types.AccountStanding) (bool, error) {
		s.Address, err = k.ac.BytesToString(addr)
		gs.Standings = append(gs.Standings, s)
		return false, err
	})
	if err != nil {
		return nil, err
	}
	grants, err := k.roles.Export(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range grants {
		addr, err := k.ac.BytesToString(g.Address)
		if err != nil {
			return nil, err
		}
		gs.Roles = append(gs.Roles, types.RoleGrant{Role: g.Role, Address: addr})
	}
	now := types.HourOf(sdk.UnwrapSDKContext(ctx).BlockTime())
	err = k.Usage.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, string], u types.WindowUsage) (bool, error) {
		u = u.Prune(now)
		if len(u.Buckets) == 0 {
			return false, nil
		}
		addr, err := k.ac.BytesToString(key.K1())
		gs.Usage = append(gs.Usage, types.AccountUsage{Address: addr, Denom: key.K2(), Buckets: u.Buckets})
		return false, err
	})
	if err != nil {
		return nil, err
	}
	gs.AdmittedValidators = []types.AdmittedValidator{}
	err = k.AdmittedValidators.Walk(ctx, nil, func(op sdk.ValAddress, v types.AdmittedValidator) (bool, error) {
		v.Operator = op.String()
		gs.AdmittedValidators = append(gs.AdmittedValidators, v)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return gs, nil
}
