// Package upgrades describes a software upgrade of the Nexus chain.
package upgrades

import (
	"context"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"
)

// Upgrade is one named software upgrade: the on-chain plan name, the stores it
// adds, renames or deletes, and the migration handler.
type Upgrade struct {
	// Name is the plan name used in the software-upgrade proposal.
	Name string
	// CreateUpgradeHandler returns the migration run at the upgrade height.
	CreateUpgradeHandler func(*module.Manager, module.Configurator) upgradetypes.UpgradeHandler
	// StoreUpgrades are the store additions, renames and deletions.
	StoreUpgrades storetypes.StoreUpgrades
}

// RunMigrations is the default handler body: run every module's migrations.
func RunMigrations(mm *module.Manager, cfg module.Configurator) upgradetypes.UpgradeHandler {
	return func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
		return mm.RunMigrations(ctx, cfg, fromVM)
	}
}
