// Package v2 is the first software upgrade of Nexus: from release 28bc9f4
// (the binary operators and the public testnet run; scripts/build-previous.sh
// builds it) to this tree.
//
// It adds, renames and deletes no store. Its handler runs the modules'
// migrations from the version map stored at the upgrade height; five Nexus
// modules go from consensus version 1 to 2 (docs/upgrades.md lists what
// each migration does):
//
//   - x/aegis (migrations/v2): the fee-rule params at their defaults;
//   - x/ledger: max_payment_deadline at its default;
//   - x/forge: dispute_ttl at its default; every open dispute gets the
//     deadline upgrade time + dispute_ttl and is queued;
//   - x/mesh: four new params; model entries' feedback counts; one reporter
//     score per rated node carrying its reputation; owner_type_stats;
//   - x/mint: caps above 10^36 lowered to 10^36.
//
// x/pivc's state did not change (consensus version 1).
package v2

import (
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/azora-os/nexus/app/upgrades"
)

// UpgradeName is the plan name of the software-upgrade proposal, and the
// directory cosmovisor looks for: upgrades/v2/bin/nexusd.
const UpgradeName = "v2"

// Upgrade is the v2 upgrade.
var Upgrade = upgrades.Upgrade{
	Name:                 UpgradeName,
	CreateUpgradeHandler: upgrades.RunMigrations,
	StoreUpgrades:        storetypes.StoreUpgrades{},
}
