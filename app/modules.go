package app

import (
	"github.com/cosmos/cosmos-sdk/client"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authsims "github.com/cosmos/cosmos-sdk/x/auth/simulation"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	authzmodule "github.com/cosmos/cosmos-sdk/x/authz/module"
	"github.com/cosmos/cosmos-sdk/x/bank"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/consensus"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distr "github.com/cosmos/cosmos-sdk/x/distribution"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	"github.com/cosmos/cosmos-sdk/x/evidence"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantmodule "github.com/cosmos/cosmos-sdk/x/feegrant/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	"github.com/cosmos/cosmos-sdk/x/gov"
	govclient "github.com/cosmos/cosmos-sdk/x/gov/client"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	"github.com/cosmos/cosmos-sdk/x/slashing"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	"github.com/cosmos/cosmos-sdk/x/upgrade"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	// x/forge: asset registry and escrowed marketplace.
	"github.com/azora-os/nexus/x/forge"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	"github.com/azora-os/nexus/x/mesh"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	// x/mint: AZR issuance and a-Tokens.
	"github.com/azora-os/nexus/x/aegis"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	"github.com/azora-os/nexus/x/mint"
	minttypes "github.com/azora-os/nexus/x/mint/types"
	"github.com/azora-os/nexus/x/pivc"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
	// x/ledger: payments, journal, checkpoints, reconciliation.
	"github.com/azora-os/nexus/x/ledger"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
)

// maccPerms are the module accounts and what each may do with coins.
//
// Not wired on purpose (DESIGN.md §2): the SDK's x/mint (no inflation),
// vesting messages (a compliance-bypass path), x/crisis and x/circuit.
var maccPerms = map[string][]string{
	authtypes.FeeCollectorName:     nil,
	distrtypes.ModuleName:          nil,
	stakingtypes.BondedPoolName:    {authtypes.Burner, authtypes.Staking},
	stakingtypes.NotBondedPoolName: {authtypes.Burner, authtypes.Staking},
	govtypes.ModuleName:            {authtypes.Burner},
	minttypes.ModuleName:           {authtypes.Minter, authtypes.Burner}, // x/mint (ours, not the SDK's)
	// x/pivc pools: fees are moved in, payouts moved out; no mint or burn.
	pivctypes.GrowthPoolName: nil,
	pivctypes.UBOPoolName:    nil,
	// x/aegis mints and burns ustake (validator power) for the authority.
	aegistypes.ModuleName: {authtypes.Minter, authtypes.Burner},
	// x/forge escrow: buyers' payments are held here until settlement or
	// refund; no mint or burn.
	forgetypes.ModuleName: nil,
}

// appModules lists every module of the app. The order here is only the
// registration order; block orders are set in setBlockOrders.
//
//nolint:staticcheck // SA1019: module.NewManager still takes module.AppModule in SDK v0.54, as in its own simapp.
func (app *App) appModules(txConfig client.TxConfig) []module.AppModule {
	cdc := app.appCodec
	return []module.AppModule{
		genutil.NewAppModule(app.AccountKeeper, app.StakingKeeper, app, txConfig),
		auth.NewAppModule(cdc, app.AccountKeeper, authsims.RandomGenesisAccounts, nil),
		bank.NewAppModule(cdc, app.BankKeeper, app.AccountKeeper, nil),
		feegrantmodule.NewAppModule(cdc, app.AccountKeeper, app.BankKeeper, app.FeeGrantKeeper, app.interfaceRegistry),
		gov.NewAppModule(cdc, app.GovKeeper, app.AccountKeeper, app.BankKeeper, nil),
		slashing.NewAppModule(cdc, app.SlashingKeeper, app.AccountKeeper, app.BankKeeper, app.StakingKeeper, nil, app.interfaceRegistry),
		distr.NewAppModule(cdc, app.DistrKeeper, app.AccountKeeper, app.BankKeeper, app.StakingKeeper, nil),
		staking.NewAppModule(cdc, app.StakingKeeper, app.AccountKeeper, app.BankKeeper, nil),
		upgrade.NewAppModule(app.UpgradeKeeper, app.AccountKeeper.AddressCodec()),
		evidence.NewAppModule(app.EvidenceKeeper),
		authzmodule.NewAppModule(cdc, app.AuthzKeeper, app.AccountKeeper, app.BankKeeper, app.interfaceRegistry),
		consensus.NewAppModule(cdc, app.ConsensusParamsKeeper),
		mesh.NewAppModule(app.MeshKeeper),      // x/mesh
		mint.NewAppModule(cdc, app.MintKeeper), // x/mint
		aegis.NewAppModule(cdc, app.AegisKeeper),
		pivc.NewAppModule(app.PivcKeeper),
		ledger.NewAppModule(app.LedgerKeeper),    // x/ledger
		forge.NewAppModule(cdc, app.ForgeKeeper), // x/forge
	}
}

// newBasicManager builds the basic manager from the module manager, with the
// gov proposal handlers and the genutil message validator set explicitly.
//
// bank, staking and gov get wrappers whose DefaultGenesis carries the Nexus
// choices (see genesis.go), so `nexusd init`, tests and the app agree on one
// default genesis.
func newBasicManager(mm *module.Manager) module.BasicManager {
	return module.NewBasicManagerFromManager(mm, map[string]module.AppModuleBasic{
		genutiltypes.ModuleName: genutil.NewAppModuleBasic(genutiltypes.DefaultMessageValidator),
		govtypes.ModuleName:     govBasic{gov.NewAppModuleBasic([]govclient.ProposalHandler{})},
		banktypes.ModuleName:    bankBasic{mm.Modules[banktypes.ModuleName].(bank.AppModule).AppModuleBasic},
		stakingtypes.ModuleName: stakingBasic{mm.Modules[stakingtypes.ModuleName].(staking.AppModule).AppModuleBasic},
	})
}

// setBlockOrders fixes the order in which modules run in each phase.
func setBlockOrders(mm *module.Manager) {
	mm.SetOrderPreBlockers(upgradetypes.ModuleName, authtypes.ModuleName)

	// distribution must run before slashing (fees are paid out before a
	// validator is slashed) and evidence after staking updates.
	mm.SetOrderBeginBlockers(
		distrtypes.ModuleName,
		slashingtypes.ModuleName,
		evidencetypes.ModuleName,
		stakingtypes.ModuleName,
		authz.ModuleName,
		genutiltypes.ModuleName,
		meshtypes.ModuleName, // x/mesh
		minttypes.ModuleName, // x/mint (no BeginBlock work)
		aegistypes.ModuleName,
		pivctypes.ModuleName,
		ledgertypes.ModuleName, // x/ledger (no BeginBlock work)
		forgetypes.ModuleName,  // x/forge (no BeginBlock work)
	)

	// bank must be first (SDK v0.54): it folds the per-block virtual-account
	// credits before any other module reads balances.
	mm.SetOrderEndBlockers(
		banktypes.ModuleName,
		govtypes.ModuleName,
		stakingtypes.ModuleName,
		feegrant.ModuleName,
		authz.ModuleName,
		genutiltypes.ModuleName,
		meshtypes.ModuleName, // x/mesh
		minttypes.ModuleName, // x/mint (no EndBlock work)
		aegistypes.ModuleName,
		// x/forge: folds the block's escrow totals and refunds expired
		// orders (bounded per block); before pivc and ledger, which stay last.
		forgetypes.ModuleName,
		// pivc after bank (the pool balances then include this block's
		// virtual fee credits) and last: it folds the fee totals of the
		// block and allocates UBO at epoch ends.
		pivctypes.ModuleName,
		// x/ledger must stay LAST: it numbers and persists every movement
		// of the block, including those other EndBlockers make (gov
		// proposals, escrow expiries), and reads pivc's folded totals and
		// the pool balances bank credited. A movement made by an EndBlocker
		// after it would be lost at commit.
		ledgertypes.ModuleName,
	)

	// genutil must run after staking so gentxs see the staking params, and
	// after auth and bank so accounts and balances exist.
	genesisOrder := []string{
		consensustypes.ModuleName,
		authtypes.ModuleName,
		banktypes.ModuleName,
		// pivc after auth and bank (it creates its pool accounts and checks
		// the UBO pool balance), before genutil (gentxs move value) and
		// before aegis: aegis's InitGenesis calls pivc's eligibility hooks,
		// which need pivc's state loaded.
		pivctypes.ModuleName,
		aegistypes.ModuleName, // after auth (module accounts), before genutil (gentxs pass the constitution)
		distrtypes.ModuleName,
		stakingtypes.ModuleName,
		slashingtypes.ModuleName,
		govtypes.ModuleName,
		// x/ledger after bank and pivc (its reconciliation baseline reads
		// balances, supply and pivc totals) and before genutil (gentx
		// movements are the first journal entries).
		ledgertypes.ModuleName,
		genutiltypes.ModuleName,
		evidencetypes.ModuleName,
		authz.ModuleName,
		feegrant.ModuleName,
		upgradetypes.ModuleName,
		meshtypes.ModuleName, // x/mesh
		minttypes.ModuleName, // x/mint: after bank, to check supplies against caps
		// x/forge: after auth and bank (escrow account and balance).
		forgetypes.ModuleName,
	}
	mm.SetOrderInitGenesis(genesisOrder...)
	mm.SetOrderExportGenesis(genesisOrder...)
}

// blockSTMStores lists every KV and object store for the BlockSTM executor
// (blockexec.Apply sorts them by name, so map iteration does not matter).
func blockSTMStores(keys map[string]*storetypes.KVStoreKey, oKeys map[string]*storetypes.ObjectStoreKey) []storetypes.StoreKey {
	stores := make([]storetypes.StoreKey, 0, len(keys)+len(oKeys))
	for _, k := range keys {
		stores = append(stores, k)
	}
	for _, k := range oKeys {
		stores = append(stores, k)
	}
	return stores
}

// sendRestriction is one bank send restriction of the value pipeline and
// the module it belongs to.
type sendRestriction struct {
	module string
	fn     banktypes.SendRestrictionFn
}

// sendRestrictions is the chain every movement of value crosses (DESIGN.md
// §4), in order:
//  1. aegis  — standing, stake and gov-fund rules, rolling velocity limits;
//     first, so nothing is charged or journalled for a refused movement;
//  2. pivc   — captures the 5% fee (its nested fee moves are marked
//     movement.WithFeeCapture, which aegis and pivc skip);
//  3. ledger — journals the movement with its fee; last, so it sees the
//     final recipient and only movements the others allowed.
//
// TestSendRestrictionOrder pins this order.
func (app *App) sendRestrictions() []sendRestriction {
	return []sendRestriction{
		{aegistypes.ModuleName, app.AegisKeeper.SendRestriction},
		{pivctypes.ModuleName, app.PivcKeeper.SendRestriction},
		{ledgertypes.ModuleName, app.LedgerKeeper.SendRestriction},
	}
}

// SendRestrictionOrder returns the modules of the send restriction chain in
// the order bank runs them.
func (app *App) SendRestrictionOrder() []string {
	rs := app.sendRestrictions()
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.module
	}
	return out
}

// installSendRestrictions installs the whole chain in bank with one call,
// composed by the SDK's banktypes.ComposeSendRestrictions (each restriction
// gets the recipient the previous one returned; the first error stops the
// movement). It is the only place that installs a send restriction.
func (app *App) installSendRestrictions() {
	rs := app.sendRestrictions()
	fns := make([]banktypes.SendRestrictionFn, len(rs))
	for i, r := range rs {
		fns[i] = r.fn
	}
	app.BankKeeper.AppendSendRestriction(banktypes.ComposeSendRestrictions(fns...))
}
