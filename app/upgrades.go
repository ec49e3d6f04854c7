package app

import (
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/azora-os/nexus/app/upgrades"
	v2 "github.com/azora-os/nexus/app/upgrades/v2"
)

// Upgrades lists every software upgrade this binary knows how to apply, in
// the order they were released. Each lives in app/upgrades/<name>/.
var Upgrades = []upgrades.Upgrade{
	v2.Upgrade,
}

// registerUpgradeHandlers installs the handler of every known upgrade and, if
// the node is restarting at an upgrade height, the store loader that adds or
// removes the stores that upgrade names.
func (app *App) registerUpgradeHandlers() {
	for _, u := range Upgrades {
		app.UpgradeKeeper.SetUpgradeHandler(u.Name, u.CreateUpgradeHandler(app.ModuleManager, app.configurator))
	}

	info, err := app.UpgradeKeeper.ReadUpgradeInfoFromDisk()
	if err != nil {
		panic(err)
	}
	if info.Name == "" || app.UpgradeKeeper.IsSkipHeight(info.Height) {
		return
	}
	for _, u := range Upgrades {
		if u.Name == info.Name {
			added := u.StoreUpgrades
			app.SetStoreLoader(upgradetypes.UpgradeStoreLoader(info.Height, &added))
		}
	}
}
