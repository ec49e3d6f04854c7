package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	v2 "github.com/azora-os/nexus/x/mint/migrations/v2"
)

// Migrator runs the store migrations of x/mint (registered in module.go
// RegisterServices).
type Migrator struct {
	k Keeper
}

// NewMigrator returns the migrator of k.
func NewMigrator(k Keeper) Migrator { return Migrator{k: k} }

// Migrate1to2 migrates from consensus version 1 to 2: caps bounded by
// 10^36 (migrations/v2).
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	return v2.Migrate(ctx, m.k.storeService, m.k.cdc)
}
