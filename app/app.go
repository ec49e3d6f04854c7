// Package app wires the Nexus Value Exchange application: store keys, keepers,
// the module manager, the ante chain and the bank send restrictions.
//
// The wiring is explicit (no depinject), as in the SDK v0.54 default app.
package app

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cast"

	reflectionv1 "cosmossdk.io/api/cosmos/reflection/v1"
	"cosmossdk.io/client/v2/autocli"
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/log/v2"
	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/baseapp/blockexec"
	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"
	nodeservice "github.com/cosmos/cosmos-sdk/client/grpc/node"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	runtimeservices "github.com/cosmos/cosmos-sdk/runtime/services"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/server/api"
	"github.com/cosmos/cosmos-sdk/server/config"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
	"github.com/cosmos/cosmos-sdk/version"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	consensuskeeper "github.com/cosmos/cosmos-sdk/x/consensus/keeper"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distrkeeper "github.com/cosmos/cosmos-sdk/x/distribution/keeper"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	evidencekeeper "github.com/cosmos/cosmos-sdk/x/evidence/keeper"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantkeeper "github.com/cosmos/cosmos-sdk/x/feegrant/keeper"
	govkeeper "github.com/cosmos/cosmos-sdk/x/gov/keeper"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	slashingkeeper "github.com/cosmos/cosmos-sdk/x/slashing/keeper"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	upgradekeeper "github.com/cosmos/cosmos-sdk/x/upgrade/keeper"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/azora-os/nexus/app/metabolism"
	"github.com/azora-os/nexus/app/sigcache"
	"github.com/azora-os/nexus/docs/openapi"
	// x/forge: asset registry and escrowed marketplace.
	forgekeeper "github.com/azora-os/nexus/x/forge/keeper"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	meshkeeper "github.com/azora-os/nexus/x/mesh/keeper"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	// x/mint: AZR issuance and a-Tokens.
	"github.com/azora-os/nexus/x/aegis"
	aegiskeeper "github.com/azora-os/nexus/x/aegis/keeper"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	mintkeeper "github.com/azora-os/nexus/x/mint/keeper"
	minttypes "github.com/azora-os/nexus/x/mint/types"
	// x/ledger: payments, journal, checkpoints, reconciliation.
	ledgerkeeper "github.com/azora-os/nexus/x/ledger/keeper"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	pivckeeper "github.com/azora-os/nexus/x/pivc/keeper"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

var _ servertypes.Application = (*App)(nil)

// App is the Nexus application.
type App struct {
	*baseapp.BaseApp

	legacyAmino       *codec.LegacyAmino
	appCodec          codec.Codec
	txConfig          client.TxConfig
	interfaceRegistry types.InterfaceRegistry

	keys  map[string]*storetypes.KVStoreKey
	oKeys map[string]*storetypes.ObjectStoreKey

	// SDK keepers
	AccountKeeper         authkeeper.AccountKeeper
	BankKeeper            bankkeeper.BaseKeeper
	StakingKeeper         *stakingkeeper.Keeper
	SlashingKeeper        slashingkeeper.Keeper
	DistrKeeper           distrkeeper.Keeper
	GovKeeper             *govkeeper.Keeper
	ConsensusParamsKeeper consensuskeeper.Keeper
	UpgradeKeeper         *upgradekeeper.Keeper
	EvidenceKeeper        evidencekeeper.Keeper
	AuthzKeeper           authzkeeper.Keeper
	FeeGrantKeeper        feegrantkeeper.Keeper

	// Nexus keepers
	MintKeeper  mintkeeper.Keeper   // x/mint: AZR issuance and a-Tokens
	MeshKeeper  meshkeeper.Keeper   // x/mesh: node registry, consent, reputation, audit log
	AegisKeeper *aegiskeeper.Keeper // x/aegis: the constitution
	PivcKeeper  pivckeeper.Keeper   // x/pivc: value capture, growth and UBO pools
	// x/ledger: payments, journal, checkpoints, reconciliation.
	LedgerKeeper ledgerkeeper.Keeper
	ForgeKeeper  forgekeeper.Keeper // x/forge: asset registry and escrowed marketplace

	ModuleManager      *module.Manager
	BasicModuleManager module.BasicManager
	configurator       module.Configurator

	// metabolism exports the economy's metrics from committed blocks (nil
	// when app.toml turns it off); see app/metabolism.
	metabolism *metabolism.Exporter

	// sigCache remembers the signatures this node verified in CheckTx
	// (app/sigcache).
	sigCache *sigcache.Cache
}

// SigCache returns the node's signature-verification cache.
func (app *App) SigCache() *sigcache.Cache { return app.sigCache }

// New returns the Nexus application, loaded at the latest height when
// loadLatest is true.
func New(
	logger log.Logger,
	db dbm.DB,
	traceStore io.Writer,
	loadLatest bool,
	appOpts servertypes.AppOptions,
	baseAppOptions ...func(*baseapp.BaseApp),
) *App {
	enc := MakeEncodingConfig()
	appCodec, legacyAmino, interfaceRegistry, txConfig := enc.Codec, enc.Amino, enc.InterfaceRegistry, enc.TxConfig

	bApp := baseapp.NewBaseApp(AppName, logger, db, txConfig.TxDecoder(), baseAppOptions...)
	_ = traceStore // commit-store tracing was removed from the SDK store in v0.54
	bApp.SetVersion(version.Version)
	bApp.SetInterfaceRegistry(interfaceRegistry)
	bApp.SetTxEncoder(txConfig.TxEncoder())

	keys := storetypes.NewKVStoreKeys(
		authtypes.StoreKey, banktypes.StoreKey, stakingtypes.StoreKey,
		distrtypes.StoreKey, slashingtypes.StoreKey, govtypes.StoreKey,
		consensustypes.StoreKey, upgradetypes.StoreKey, evidencetypes.StoreKey,
		authzkeeper.StoreKey, feegrant.StoreKey,
		pivctypes.StoreKey,
	)
	// x/mesh store.
	keys[meshtypes.StoreKey] = storetypes.NewKVStoreKey(meshtypes.StoreKey)
	// x/mint: AZR issuance and a-Tokens.
	keys[minttypes.StoreKey] = storetypes.NewKVStoreKey(minttypes.StoreKey)
	// x/aegis — the constitution.
	keys[aegistypes.StoreKey] = storetypes.NewKVStoreKey(aegistypes.StoreKey)
	// x/forge: asset registry and escrowed marketplace.
	keys[forgetypes.StoreKey] = storetypes.NewKVStoreKey(forgetypes.StoreKey)
	// bank's object store lets transfers credit module accounts without a
	// write to one hot key per transfer (virtual accounts, folded in bank's
	// EndBlock).
	oKeys := storetypes.NewObjectStoreKeys(banktypes.ObjectStoreKey)
	// x/pivc accumulates each tx's fee totals in its own object store (keyed
	// by tx index) and folds them in its EndBlock.
	oKeys[pivctypes.ObjectStoreKey] = storetypes.NewObjectStoreKey(pivctypes.ObjectStoreKey)
	// x/ledger: its KV store (journal, checkpoints) and the object store in
	// which each tx's journal entries wait (keyed by tx index) until its
	// EndBlock numbers them.
	keys[ledgertypes.StoreKey] = storetypes.NewKVStoreKey(ledgertypes.StoreKey)
	oKeys[ledgertypes.ObjectStoreKey] = storetypes.NewObjectStoreKey(ledgertypes.ObjectStoreKey)
	// x/forge accumulates each tx's change to the escrow totals in its own
	// object store (keyed by tx index) and folds it in its EndBlock.
	oKeys[forgetypes.ObjectStoreKey] = storetypes.NewObjectStoreKey(forgetypes.ObjectStoreKey)

	// The block executor (app.toml block-executor, block-stm-workers,
	// block-stm-pre-estimate) through the SDK's own set-up: sequential by
	// default; BlockSTM over every KV and object store, in name order, with
	// gas fees in BaseDenom.
	blockexec.Apply(bApp, appOpts, blockSTMStores(keys, oKeys), txConfig.TxDecoder(),
		func(storetypes.MultiStore) string { return BaseDenom })

	if err := bApp.RegisterStreamingServices(appOpts, keys); err != nil {
		panic(fmt.Errorf("register streaming services: %w", err))
	}

	app := &App{
		BaseApp:           bApp,
		legacyAmino:       legacyAmino,
		appCodec:          appCodec,
		txConfig:          txConfig,
		interfaceRegistry: interfaceRegistry,
		keys:              keys,
		oKeys:             oKeys,
	}

	// Every module's authority is the x/gov module account (DESIGN.md §3).
	authority := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	accCodec := address.NewBech32Codec(Bech32Prefix)
	valCodec := address.NewBech32Codec(Bech32PrefixValAddr)
	consCodec := address.NewBech32Codec(Bech32PrefixConsAddr)

	app.ConsensusParamsKeeper = consensuskeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[consensustypes.StoreKey]), authority, runtime.EventService{},
	)
	bApp.SetParamStore(app.ConsensusParamsKeeper.ParamsStore)

	app.AccountKeeper = authkeeper.NewAccountKeeper(
		appCodec, runtime.NewKVStoreService(keys[authtypes.StoreKey]),
		authtypes.ProtoBaseAccount, maccPerms, accCodec, Bech32Prefix, authority,
	)

	app.BankKeeper = bankkeeper.NewBaseKeeper(
		appCodec, runtime.NewKVStoreService(keys[banktypes.StoreKey]),
		app.AccountKeeper, BlockedAddresses(), authority, logger,
	).WithObjStoreKey(oKeys[banktypes.ObjectStoreKey])

	// Bank send restrictions run on every SendCoins and per output of
	// InputOutputCoins: aegis → pivc → ledger, installed in one call by
	// installSendRestrictions (app/modules.go) once the three keepers exist.

	// 1. x/aegis — the constitution. Its keeper needs only auth, so it is
	// built first, and its restriction is the first of the chain. It is also the router
	// guard (baseapp circuit breaker): a disallowed or paused message type is
	// refused wherever it executes (top level, authz, gov, any module).
	app.AegisKeeper = aegiskeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[aegistypes.StoreKey]),
		app.AccountKeeper, app.MsgServiceRouter(), authority,
	)
	app.SetCircuitBreaker(app.AegisKeeper.RouterGuard())

	// x/mint: AZR issuance by treasurers and chartered a-Tokens. Minted
	// coins leave the mint module account through bank's module-to-account
	// send, so the send restrictions above apply to every recipient.
	app.MintKeeper = mintkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[minttypes.StoreKey]),
		app.AccountKeeper, app.BankKeeper, authority,
	)
	// 2. x/pivc — the 5% capture, after aegis has cleared the movement.
	// UBO eligibility is aegis's (verified and not frozen): pivc asks aegis,
	// and aegis tells pivc through the eligibility hooks whenever a standing
	// changes (and at aegis's InitGenesis, which runs after pivc's).
	app.PivcKeeper = pivckeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[pivctypes.StoreKey]), oKeys[pivctypes.ObjectStoreKey],
		app.AccountKeeper, app.BankKeeper, app.AegisKeeper, authority,
	)
	app.AegisKeeper.SetEligibilityHooks(app.PivcKeeper.Hooks())

	// 3. x/ledger — journals every movement the restrictions above let
	// through (last, so it sees the final recipient), with the PIVC fee on
	// the transfer's entry. Reconciliation checks the PIVC pools, every
	// account that mints or burns, and the escrow modules named here
	// (x/forge's escrow account); the bond denom moves
	// through bank's DelegateCoins, which bypasses send restrictions, so
	// the supply check leaves it out.
	app.LedgerKeeper = ledgerkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[ledgertypes.StoreKey]), oKeys[ledgertypes.ObjectStoreKey],
		app.AccountKeeper, app.BankKeeper, app.PivcKeeper, pivckeeper.NewQueryServerImpl(app.PivcKeeper), authority,
		ledgerkeeper.Config{UntrackedDenoms: []string{BondDenom}, EscrowModules: []string{forgetypes.ModuleName}},
	)
	// x/forge: the escrow is the forge module account. Deposits and payouts
	// go through bank, so the restrictions above see each of them; forge
	// charges the PIVC it holds in escrow with pivc's CaptureFromModule at
	// settlement and asks aegis whether a party is frozen before paying it.
	// A listing is priced only in uazr or a chartered a-Token (x/mint).
	app.ForgeKeeper = forgekeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[forgetypes.StoreKey]), oKeys[forgetypes.ObjectStoreKey],
		app.AccountKeeper, app.BankKeeper, app.PivcKeeper, app.AegisKeeper, app.MintKeeper, authority,
	)
	// The value pipeline, in one call: aegis → pivc → ledger.
	app.installSendRestrictions()

	app.StakingKeeper = stakingkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[stakingtypes.StoreKey]),
		app.AccountKeeper, app.BankKeeper, authority, valCodec, consCodec,
	)

	// x/aegis — the permissioned validator set (issue 9): admission, power
	// caps and removal read and jail through staking; ustake is minted and
	// burned through bank and is non-transferable (aegis's restriction).
	app.AegisKeeper.SetValidatorKeepers(app.StakingKeeper, app.BankKeeper, BondDenom)

	app.DistrKeeper = distrkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[distrtypes.StoreKey]),
		app.AccountKeeper, app.BankKeeper, app.StakingKeeper, authtypes.FeeCollectorName, authority,
	)

	app.SlashingKeeper = slashingkeeper.NewKeeper(
		appCodec, legacyAmino, runtime.NewKVStoreService(keys[slashingtypes.StoreKey]),
		app.StakingKeeper, authority,
	)

	app.FeeGrantKeeper = feegrantkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[feegrant.StoreKey]), app.AccountKeeper,
	)

	// Staking hooks must be set before the staking keeper is used.
	app.StakingKeeper.SetHooks(stakingtypes.NewMultiStakingHooks(
		app.DistrKeeper.Hooks(),
		app.SlashingKeeper.Hooks(),
	))

	app.AuthzKeeper = authzkeeper.NewKeeper(
		runtime.NewKVStoreService(keys[authzkeeper.StoreKey]), appCodec, app.MsgServiceRouter(), app.AccountKeeper,
	)

	skipUpgradeHeights := map[int64]bool{}
	for _, h := range cast.ToIntSlice(appOpts.Get(server.FlagUnsafeSkipUpgrades)) {
		skipUpgradeHeights[int64(h)] = true
	}
	homePath := cast.ToString(appOpts.Get(flags.FlagHome))
	app.UpgradeKeeper = upgradekeeper.NewKeeper(
		skipUpgradeHeights, runtime.NewKVStoreService(keys[upgradetypes.StoreKey]),
		appCodec, homePath, app.BaseApp, authority,
	)

	// x/gov in v0.54 takes the vote-tally function instead of the staking
	// keeper. x/aegis's: one admitted bonded validator, one vote (x/aegis
	// README, "Governance"), so nobody can buy voting power.
	govConfig := govtypes.DefaultConfig()
	// x/aegis: gov executes passed proposals through a router that marks the
	// context, so a proposal paying a frozen account is refused like any
	// payout inside a transaction.
	govRouter := aegiskeeper.NewMsgExecutionRouter(app.MsgServiceRouter())
	app.GovKeeper = govkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[govtypes.StoreKey]),
		app.AccountKeeper, app.BankKeeper, app.DistrKeeper, govRouter,
		govConfig, authority, app.AegisKeeper.GovTally(),
	)
	app.GovKeeper.SetHooks(govtypes.NewMultiGovHooks())

	evidenceKeeper := evidencekeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[evidencetypes.StoreKey]),
		app.StakingKeeper, app.SlashingKeeper, accCodec, runtime.ProvideCometInfoService(),
	)
	app.EvidenceKeeper = *evidenceKeeper

	// x/mesh: node registry, consent, reputation, audit log (DESIGN.md §5).
	// Other modules read reputation through app.MeshKeeper, which implements
	// meshtypes.ReputationKeeper.
	app.MeshKeeper = meshkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[meshtypes.StoreKey]), accCodec, authority,
	)
	// x/forge reads reputation from x/mesh (an account's employee nodes):
	// listing and order queries show it, and a listing's minimum buyer
	// reputation is checked at order placement.
	app.ForgeKeeper.SetReputationKeeper(app.MeshKeeper)

	app.ModuleManager = module.NewManager(app.appModules(txConfig)...)
	app.BasicModuleManager = newBasicManager(app.ModuleManager)
	app.BasicModuleManager.RegisterLegacyAminoCodec(legacyAmino)
	app.BasicModuleManager.RegisterInterfaces(interfaceRegistry)

	setBlockOrders(app.ModuleManager)

	app.configurator = module.NewConfigurator(app.appCodec, app.MsgServiceRouter(), app.GRPCQueryRouter())
	// x/aegis: the staking guard wraps the x/staking and x/slashing Msg
	// servers, so validator admission holds for every path that executes a
	// staking message (top level, authz, gov, any module).
	guarded := app.AegisKeeper.GuardConfigurator(app.configurator)
	if err := app.ModuleManager.RegisterServices(guarded); err != nil {
		panic(err)
	}
	if err := guarded.Check(); err != nil {
		panic(err)
	}

	app.registerUpgradeHandlers()

	// Every Msg must have a cosmos.msg.v1.signer annotation.
	protoFiles, err := proto.MergedRegistry()
	if err != nil {
		panic(err)
	}
	if err := msgservice.ValidateProtoAnnotations(protoFiles); err != nil {
		// Upstream modules are not all annotated; report without failing.
		logger.Debug("proto annotation check", "err", err)
	}

	reflectionSvc, err := runtimeservices.NewReflectionService()
	if err != nil {
		panic(err)
	}
	reflectionv1.RegisterReflectionServiceServer(app.GRPCQueryRouter(), reflectionSvc)

	app.MountKVStores(keys)
	app.MountObjectStores(oKeys)

	app.SetInitChainer(app.InitChainer)
	app.SetPreBlocker(app.PreBlocker)
	app.SetBeginBlocker(app.BeginBlocker)
	app.SetEndBlocker(app.EndBlocker)

	app.sigCache = sigcache.New(sigcache.DefaultCapacity)
	anteHandler, err := NewAnteHandler(HandlerOptions{
		AccountKeeper:   app.AccountKeeper,
		BankKeeper:      app.BankKeeper,
		FeegrantKeeper:  app.FeeGrantKeeper,
		SignModeHandler: txConfig.SignModeHandler(),
		SigGasConsumer:  defaultSigGasConsumer,
		LastBlockHeight: app.LastBlockHeight,
		SigCache:        app.sigCache,
		// x/aegis: the constitution, checked before any fee is taken.
		Compliance: aegiskeeper.NewComplianceDecorator(app.AegisKeeper),
		// x/pivc: an authz SendAuthorization must cover amount + PIVC.
		SendAuthorizationLimit: pivckeeper.NewSendAuthorizationDecorator(app.PivcKeeper, app.AuthzKeeper),
		// x/ledger: names the message behind each journal entry.
		Journal: ledgerkeeper.MsgTypesDecorator{},
	})
	if err != nil {
		panic(err)
	}
	app.SetAnteHandler(anteHandler)

	// x/pivc: after the messages succeeded, take the PIVC of authz-executed
	// sends off the SendAuthorization spend limit (x/pivc README, ADR).
	app.SetPostHandler(app.newPostHandler())

	// The metabolism exporter (app.toml [metabolism]): an observer of
	// committed blocks, not part of the state machine.
	app.setupMetabolism(appOpts, logger)

	if loadLatest {
		if err := app.LoadLatestVersion(); err != nil {
			panic(fmt.Errorf("load latest version: %w", err))
		}
	}

	return app
}

// newPostHandler builds the post-handler chain (the app simulation's dry
// run uses the same chain).
func (app *App) newPostHandler() sdk.PostHandler {
	return sdk.ChainPostDecorators(
		pivckeeper.NewSendAuthorizationPostDecorator(app.PivcKeeper, app.AuthzKeeper),
	)
}

// Name returns the app name.
func (app *App) Name() string { return app.BaseApp.Name() }

// PreBlocker runs the module pre-blockers (x/upgrade).
func (app *App) PreBlocker(ctx sdk.Context, _ *abci.RequestFinalizeBlock) (*sdk.ResponsePreBlock, error) {
	return app.ModuleManager.PreBlock(ctx)
}

// BeginBlocker runs the module begin-blockers.
func (app *App) BeginBlocker(ctx sdk.Context) (sdk.BeginBlock, error) {
	return app.ModuleManager.BeginBlock(ctx)
}

// EndBlocker runs the module end-blockers.
func (app *App) EndBlocker(ctx sdk.Context) (sdk.EndBlock, error) {
	return app.ModuleManager.EndBlock(ctx)
}

// InitChainer initialises every module from the genesis file.
func (app *App) InitChainer(ctx sdk.Context, req *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
	var genesisState GenesisState
	if err := json.Unmarshal(req.AppStateBytes, &genesisState); err != nil {
		return nil, fmt.Errorf("decode genesis app state: %w", err)
	}
	// x/aegis: every genesis validator must be admitted (and bond ustake).
	if err := aegis.ValidateGenesisValidators(app.appCodec, app.txConfig.TxJSONDecoder(), genesisState, BondDenom); err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	if err := app.UpgradeKeeper.SetModuleVersionMap(ctx, app.ModuleManager.GetVersionMap()); err != nil {
		return nil, err
	}
	return app.ModuleManager.InitGenesis(ctx, app.appCodec, genesisState)
}

// LoadHeight loads the app at a given height.
func (app *App) LoadHeight(height int64) error { return app.LoadVersion(height) }

// LegacyAmino returns the app's amino codec.
func (app *App) LegacyAmino() *codec.LegacyAmino { return app.legacyAmino }

// AppCodec returns the app's proto codec.
func (app *App) AppCodec() codec.Codec { return app.appCodec }

// InterfaceRegistry returns the app's interface registry.
func (app *App) InterfaceRegistry() types.InterfaceRegistry { return app.interfaceRegistry }

// TxConfig returns the app's tx config.
func (app *App) TxConfig() client.TxConfig { return app.txConfig }

// GetKey returns the KV store key of a module, for tests.
func (app *App) GetKey(storeKey string) *storetypes.KVStoreKey { return app.keys[storeKey] }

// DefaultGenesis returns the Nexus default genesis state.
func (app *App) DefaultGenesis() GenesisState {
	return NewDefaultGenesisState(app.appCodec, app.BasicModuleManager)
}

// AutoCliOpts returns the autocli options for the module commands.
func (app *App) AutoCliOpts() autocli.AppOptions {
	modules := make(map[string]appmodule.AppModule)
	anyModules := make(map[string]any, len(app.ModuleManager.Modules))
	for name, m := range app.ModuleManager.Modules {
		anyModules[name] = m
		if moduleWithName, ok := m.(module.HasName); ok {
			if appModule, ok := moduleWithName.(appmodule.AppModule); ok {
				modules[moduleWithName.Name()] = appModule
			}
		}
	}
	return autocli.AppOptions{
		Modules:               modules,
		ModuleOptions:         runtimeservices.ExtractAutoCLIOptions(anyModules),
		AddressCodec:          address.NewBech32Codec(Bech32Prefix),
		ValidatorAddressCodec: address.NewBech32Codec(Bech32PrefixValAddr),
		ConsensusAddressCodec: address.NewBech32Codec(Bech32PrefixConsAddr),
	}
}

// RegisterAPIRoutes registers the gRPC-gateway (REST) routes and the OpenAPI
// document on the API server.
func (app *App) RegisterAPIRoutes(apiSvr *api.Server, apiConfig config.APIConfig) {
	clientCtx := apiSvr.ClientCtx
	authtx.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	cmtservice.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	nodeservice.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	app.BasicModuleManager.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	// One OpenAPI document for every route registered above (the Nexus and
	// SDK query services), generated from the protos by `make proto-gen`,
	// and a Swagger UI for it at /swagger/ from embedded assets. It replaces
	// server.RegisterSwaggerAPI, whose stock document lists routes of modules
	// this chain does not run (they answer 501) and none of Nexus's.
	apiSvr.Router.Handle(openapi.Path, openapi.Handler()).Methods("GET")
	if apiConfig.Swagger {
		apiSvr.Router.Handle(strings.TrimSuffix(openapi.UIPath, "/"), http.RedirectHandler(openapi.UIPath, http.StatusMovedPermanently)).Methods("GET")
		apiSvr.Router.PathPrefix(openapi.UIPath).Handler(openapi.SwaggerUI()).Methods("GET")
	}
}

// RegisterTxService registers the tx gRPC service (simulate, get/broadcast).
func (app *App) RegisterTxService(clientCtx client.Context) {
	authtx.RegisterTxService(app.GRPCQueryRouter(), clientCtx, app.Simulate, app.interfaceRegistry)
}

// RegisterTendermintService registers the CometBFT gRPC query service.
func (app *App) RegisterTendermintService(clientCtx client.Context) {
	cmtApp := server.NewCometABCIWrapper(app)
	cmtservice.RegisterTendermintService(clientCtx, app.GRPCQueryRouter(), app.interfaceRegistry, cmtApp.Query)
}

// RegisterNodeService registers the node gRPC service.
func (app *App) RegisterNodeService(clientCtx client.Context, cfg config.Config) {
	nodeservice.RegisterNodeService(clientCtx, app.GRPCQueryRouter(), cfg, func() int64 {
		return app.CommitMultiStore().EarliestVersion()
	})
}

// BlockedAddresses returns the module accounts that may not receive funds
// through ordinary sends (bank MsgSend and MsgMultiSend outputs, module
// payouts): every module account, the gov account included. The SDK's
// example apps leave gov out, but gov's balance must be exactly the
// deposits of open proposals (it refunds or burns them in its EndBlock),
// and money sent there could only leave through a proposal spending it,
// which x/aegis refuses (issue 14). Deposits still reach gov through
// MsgSubmitProposal and MsgDeposit, which bank does not check.
func BlockedAddresses() map[string]bool {
	blocked := make(map[string]bool)
	for acc := range maccPerms {
		blocked[authtypes.NewModuleAddress(acc).String()] = true
	}
	return blocked
}

// GetMaccPerms returns a copy of the module account permissions.
func GetMaccPerms() map[string][]string {
	dup := make(map[string][]string, len(maccPerms))
	for k, v := range maccPerms {
		dup[k] = append([]string(nil), v...)
	}
	return dup
}
