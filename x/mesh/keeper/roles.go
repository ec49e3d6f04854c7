package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

// HasRole reports whether addr holds role. The msg server grants and
// revokes roles through the registry (types/roles) after checking the
// authority.
func (k Keeper) HasRole(ctx context.Context, role types.Role, addr sdk.AccAddress) (bool, error) {
	return k.roles.Has(ctx, role, addr)
}
