package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/pivc/types"
)

// InitGenesis loads the genesis state. It runs after x/auth and x/bank (it
// creates the pool module accounts and checks the UBO pool balance) and
// before x/aegis, whose InitGenesis calls the eligibility hooks.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	// Create the pool module accounts so they exist (and are listed) from
	// genesis on.
	k.ak.GetModuleAccount(ctx, types.GrowthPoolName)
	k.ak.GetModuleAccount(ctx, types.UBOPoolName)

	if err := k.SetParams(ctx, gs.Params); err != nil {
		return err
	}
	for _, t := range gs.Totals {
		if err := k.Totals.Set(ctx, t.Denom, t); err != nil {
			return err
		}
	}
	for _, c := range gs.UboIndex {
		if err := k.UBOIndex.Set(ctx, c.Denom, c.Amount); err != nil {
			return err
		}
	}
	for _, c := range gs.UboOutstanding {
		if err := k.UBOOutstanding.Set(ctx, c.Denom, c.Amount); err != nil {
			return err
		}
	}
	var count uint64
	for _, m := range gs.UboMembers {
		addr, err := k.ak.AddressCodec().StringToBytes(m.Address)
		if err != nil {
			return err
		}
		if m.Eligible {
			count++
		}
		if err := k.UBOMembers.Set(ctx, addr, m); err != nil {
			return err
		}
	}
	if err := k.EligibleCount.Set(ctx, count); err != nil {
		return err
	}

	// The pool must cover every claim.
	pool := k.bk.GetAllBalances(ctx, k.uboAddr)
	if !pool.IsAllGTE(gs.UboOutstanding) {
		return types.ErrPoolInvariantBroken.Wrapf("UBO pool balance %s is below the outstanding allocations %s", pool, gs.UboOutstanding)
	}
	return nil
}

// ExportGenesis exports the state, walking every collection in key order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	gs := types.DefaultGenesis()
	gs.Params = params
	if err := k.Totals.Walk(ctx, nil, func(_ string, t types.DenomTotals) (bool, error) {
		gs.Totals = append(gs.Totals, t)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if gs.UboIndex, err = k.CurrentIndex(ctx); err != nil {
		return nil, err
	}
	if gs.UboOutstanding, err = k.Outstanding(ctx); err != nil {
		return nil, err
	}
	if err := k.UBOMembers.Walk(ctx, nil, func(_ sdk.AccAddress, m types.UBOMember) (bool, error) {
		gs.UboMembers = append(gs.UboMembers, m)
		return false, nil
	}); err != nil {
		return nil, err
	}
	return gs, nil
}
