package keeper

import (
	"context"

	"github.com/azora-os/nexus/x/mint/types"
)

// GetParams returns the module parameters.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}

// UpdateParams validates and stores new parameters. params.max_supply may
// not be set below the current uazr supply.
func (k Keeper) UpdateParams(ctx context.Context, params types.Params) error {
	if err := params.Validate(); err != nil {
		return err
	}
	old, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	supply := k.bk.GetSupply(ctx, types.NativeDenom).Amount
	if params.MaxSupply.LT(supply) {
		return types.ErrMaxSupplyBelowSupply.Wrapf("max_supply %s%s is below the current supply %s%s",
			params.MaxSupply, types.NativeDenom, supply, types.NativeDenom)
	}
	if err := k.Params.Set(ctx, params); err != nil {
		return err
	}
	if err := emit(ctx, &types.EventParamsUpdated{Params: params}); err != nil {
		return err
	}
	if !old.MaxSupply.Equal(params.MaxSupply) {
		return emit(ctx, &types.EventMaxSupplyChanged{
			Denom: types.NativeDenom, PreviousMaxSupply: old.MaxSupply, MaxSupply: params.MaxSupply,
		})
	}
	return nil
}
