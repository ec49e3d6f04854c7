package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/addresses"
	"github.com/azora-os/nexus/x/mint/types"
)

// GetTreasurerAllowance returns the remaining uazr allowance of a treasurer,
// or ErrNotTreasurer.
func (k Keeper) GetTreasurerAllowance(ctx context.Context, addr sdk.AccAddress) (math.Int, error) {
	allowance, err := k.Treasurers.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return math.Int{}, types.ErrNotTreasurer.Wrapf("%s", k.addrString(addr))
	}
	return allowance, err
}

// SetTreasurer grants the treasurer role with allowance, or replaces the
// allowance of an existing treasurer.
func (k Keeper) SetTreasurer(ctx context.Context, addr sdk.AccAddress, allowance math.Int) error {
	if allowance.IsNil() || allowance.IsNegative() {
		return types.ErrInvalidAmount.Wrap("allowance must not be negative")
	}
	previous, err := k.Treasurers.Get(ctx, addr)
	existed := err == nil
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if err := k.Treasurers.Set(ctx, addr, allowance); err != nil {
		return err
	}
	if existed {
		return emit(ctx, types.NewEventTreasurerAllowanceChanged(k.addrString(addr), previous, allowance))
	}
	return emit(ctx, types.NewEventTreasurerGranted(k.addrString(addr), allowance))
}

// RevokeTreasurer removes the treasurer role and its remaining allowance.
func (k Keeper) RevokeTreasurer(ctx context.Context, addr sdk.AccAddress) error {
	unused, err := k.GetTreasurerAllowance(ctx, addr)
	if err != nil {
		return err
	}
	if err := k.Treasurers.Remove(ctx, addr); err != nil {
		return err
	}
	return emit(ctx, types.NewEventTreasurerRevoked(k.addrString(addr), unused))
}

// addrString prints an address with the chain's codec (the raw bytes in hex
// if that fails, which only a corrupt address can cause).
func (k Keeper) addrString(addr sdk.AccAddress) string {
	return addresses.String(k.addressCodec, addr)
}
