package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

func roleKey(role types.Role, addr sdk.AccAddress) collections.Pair[int32, sdk.AccAddress] {
	return collections.Join(int32(role), addr)
}

// HasRole reports whether addr holds role.
func (k Keeper) HasRole(ctx context.Context, role types.Role, addr sdk.AccAddress) (bool, error) {
	return k.Roles.Has(ctx, roleKey(role, addr))
}

// GrantRole grants role to address (authority checked by the caller).
func (k Keeper) GrantRole(ctx context.Context, role types.Role, address string) error {
	if err := role.Validate(); err != nil {
		return err
	}
	addr, address, err := k.canonical("address", address)
	if err != nil {
		return err
	}
	has, err := k.HasRole(ctx, role, addr)
	if err != nil {
		return err
	}
	if has {
		return types.ErrRoleAlreadyHeld.Wrapf("%s already holds %s", address, role)
	}
	if err := k.Roles.Set(ctx, roleKey(role, addr)); err != nil {
		return err
	}
	return emit(ctx, &types.EventRoleGranted{Role: role, Address: address})
}

// RevokeRole revokes role from address (authority checked by the caller).
// Assets that name a revoked custodian keep it; their orders can still be
// settled by an arbiter.
func (k Keeper) RevokeRole(ctx context.Context, role types.Role, address string) error {
	if err := role.Validate(); err != nil {
		return err
	}
	addr, address, err := k.canonical("address", address)
	if err != nil {
		return err
	}
	has, err := k.HasRole(ctx, role, addr)
	if err != nil {
		return err
	}
	if !has {
		return types.ErrRoleNotHeld.Wrapf("%s does not hold %s", address, role)
	}
	if err := k.Roles.Remove(ctx, roleKey(role, addr)); err != nil {
		return err
	}
	return emit(ctx, &types.EventRoleRevoked{Role: role, Address: address})
}

// checkNotFrozen fails with ErrPartyFrozen if x/aegis has frozen addr.
func (k Keeper) checkNotFrozen(ctx context.Context, who string, addr sdk.AccAddress) error {
	frozen, err := k.aegis.IsFrozen(ctx, addr)
	if err != nil {
		return err
	}
	if frozen {
		return types.ErrPartyFrozen.Wrapf("%s %s is frozen", who, addr)
	}
	return nil
}
