package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

// HasRole reports whether addr holds role. The msg server grants and
// revokes roles through the registry (types/roles) after checking the
// authority. Assets that name a revoked custodian keep it; their orders can
// still be settled by an arbiter.
func (k Keeper) HasRole(ctx context.Context, role types.Role, addr sdk.AccAddress) (bool, error) {
	return k.roles.Has(ctx, role, addr)
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
