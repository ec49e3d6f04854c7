package keeper

import (
	"context"

	"github.com/azora-os/nexus/x/mint/types"
)

// GetParams returns the module parameters.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}

// updateParams is the one params flow: Validate (params.max_supply may not
// be below the current uazr supply), Set, then emit the params as stored
// (and the cap change, if any). The msg server has checked the authority.
func (k Keeper) updateParams(ctx context.Context, params types.Params) error {
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
	stored, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := emit(ctx, types.NewEventParamsUpdated(stored)); err != nil {
		return err
	}
	if !old.MaxSupply.Equal(stored.MaxSupply) {
		return emit(ctx, types.NewEventMaxSupplyChanged(types.NativeDenom, old.MaxSupply, stored.MaxSupply))
	}
	return nil
}
