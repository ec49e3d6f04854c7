package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

func roleKey(role types.Role, addr sdk.AccAddress) collections.Pair[int32, sdk.AccAddress] {
	return collections.Join(int32(role), addr)
}

// HasRole reports whether addr holds role.
func (k *Keeper) HasRole(ctx context.Context, role types.Role, addr sdk.AccAddress) (bool, error) {
	return k.Roles.Has(ctx, roleKey(role, addr))
}

// GrantRole grants role to address on behalf of the authority.
func (k *Keeper) GrantRole(ctx context.Context, authority string, role types.Role, address string) error {
	if err := k.checkAuthority(ctx, authority); err != nil {
		return err
	}
	if err := types.ValidateRole(role); err != nil {
		return err
	}
	addr, canon, err := k.canonical(address)
	if err != nil {
		return types.ErrInvalidRole.Wrapf("invalid address %q: %s", address, err)
	}
	address = canon
	held, err := k.HasRole(ctx, role, addr)
	if err != nil {
		return err
	}
	if held {
		return types.ErrRoleAlreadyHeld.Wrapf("%s is already an %s", address, types.RoleName(role))
	}
	if err := k.Roles.Set(ctx, roleKey(role, addr), collections.NoValue{}); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventRoleGranted{Role: role, Address: address})
}

// RevokeRole revokes role from address on behalf of the authority.
func (k *Keeper) RevokeRole(ctx context.Context, authority string, role types.Role, address string) error {
	if err := k.checkAuthority(ctx, authority); err != nil {
		return err
	}
	if err := types.ValidateRole(role); err != nil {
		return err
	}
	addr, canon, err := k.canonical(address)
	if err != nil {
		return types.ErrInvalidRole.Wrapf("invalid address %q: %s", address, err)
	}
	address = canon
	held, err := k.HasRole(ctx, role, addr)
	if err != nil {
		return err
	}
	if !held {
		return types.ErrRoleNotHeld.Wrapf("%s is not an %s", address, types.RoleName(role))
	}
	if err := k.Roles.Remove(ctx, roleKey(role, addr)); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventRoleRevoked{Role: role, Address: address})
}
