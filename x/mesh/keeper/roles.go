package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

// HasRole reports whether addr holds role.
func (k Keeper) HasRole(ctx context.Context, role types.Role, addr sdk.AccAddress) (bool, error) {
	return k.Roles.Has(ctx, collections.Join(int32(role), addr))
}

// GrantRole grants role to addr. The caller has checked the authority.
func (k Keeper) GrantRole(ctx context.Context, authority string, role types.Role, addr sdk.AccAddress) error {
	if err := types.ValidateRole(role); err != nil {
		return err
	}
	key := collections.Join(int32(role), addr)
	has, err := k.Roles.Has(ctx, key)
	if err != nil {
		return err
	}
	if has {
		return types.ErrRoleAlreadyHeld.Wrapf("%s already holds %s", addr, role)
	}
	addrStr, err := k.addressCodec.BytesToString(addr)
	if err != nil {
		return err
	}
	if err := k.Roles.Set(ctx, key, true); err != nil {
		return err
	}
	return emit(ctx, types.NewEventRoleGranted(role, addrStr, authority))
}

// RevokeRole revokes role from addr. The caller has checked the authority.
func (k Keeper) RevokeRole(ctx context.Context, authority string, role types.Role, addr sdk.AccAddress) error {
	if err := types.ValidateRole(role); err != nil {
		return err
	}
	key := collections.Join(int32(role), addr)
	has, err := k.Roles.Has(ctx, key)
	if err != nil {
		return err
	}
	if !has {
		return types.ErrRoleNotHeld.Wrapf("%s does not hold %s", addr, role)
	}
	addrStr, err := k.addressCodec.BytesToString(addr)
	if err != nil {
		return err
	}
	if err := k.Roles.Remove(ctx, key); err != nil {
		return err
	}
	return emit(ctx, types.NewEventRoleRevoked(role, addrStr, authority))
}
