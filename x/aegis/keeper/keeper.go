// Package keeper holds the state and the rules of x/aegis: the constitution,
// account standing, roles, rolling velocity windows, and the three
// enforcement layers (ante decorator, router guard, bank send restriction).
package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/azora-os/nexus/types/authority"
	"github.com/azora-os/nexus/x/aegis/types"
)

// Keeper of x/aegis. Use a pointer: the eligibility hooks are set after
// construction.
type Keeper struct {
	cdc          codec.Codec
	storeService store.KVStoreService
	ak           types.AccountKeeper
	router       types.MsgRouter
	signers      types.SignerReader

	authority    string
	feeCollector sdk.AccAddress
	// govAddr is the x/gov module account, which holds the deposits of
	// open proposals: nothing but x/gov itself may move its funds.
	govAddr sdk.AccAddress

	hooks      types.EligibilityHooks
	extractors map[string]types.TransferExtractor

	// Permissioned validators (SetValidatorKeepers).
	staking    types.StakingKeeper
	bank       types.BankKeeper
	bondDenom  string
	moduleAddr sdk.AccAddress
	stakePools [2]sdk.AccAddress

	Schema collections.Schema
	// Params are the protocol params.
	Params collections.Item[types.Params]
	// Articles is the constitution, by id.
	Articles collections.Map[uint64, types.Article]
	// NextArticleID hands out article ids; never reused.
	NextArticleID collections.Sequence
	// Standings holds accounts that are verified or frozen (no record:
	// unverified). Values are stored without the address (it is the key).
	Standings collections.Map[sdk.AccAddress, types.AccountStanding]
	// Roles is the set of (role, address) grants (a key set; a Map with no
	// value so it can be paginated).
	Roles collections.Map[collections.Pair[int32, sdk.AccAddress], collections.NoValue]
	// Usage is the rolling-window usage per (account, denom): one key per
	// sender and denom, never a global key per transfer.
	Usage collections.Map[collections.Pair[sdk.AccAddress, string], types.WindowUsage]

	// Derived from the enabled articles on every change of the
	// constitution; read by every check.
	Policy          collections.Item[types.Policy]
	TierLimits      collections.Map[collections.Pair[string, string], types.DenomLimit]
	DisallowedTypes collections.Map[string, uint64]
	PausedModules   collections.Map[string, uint64]

	// AdmittedValidators is the validator admission list, by operator.
	// Values are stored without the operator (the key holds it).
	AdmittedValidators collections.Map[sdk.ValAddress, types.AdmittedValidator]
}

// NewKeeper returns the x/aegis keeper. cdc must be the app codec (it reads
// the signers of nested messages); router tells executable messages apart
// from other nested values; authority is the x/gov module account.
func NewKeeper(
	cdc codec.Codec,
	storeService store.KVStoreService,
	ak types.AccountKeeper,
	router types.MsgRouter,
	authority string,
) *Keeper {
	if _, err := ak.AddressCodec().StringToBytes(authority); err != nil {
		panic(fmt.Sprintf("aegis: invalid authority address %q: %v", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := &Keeper{
		cdc:          cdc,
		storeService: storeService,
		ak:           ak,
		router:       router,
		signers:      cdc,
		authority:    authority,
		feeCollector: ak.GetModuleAddress(authtypes.FeeCollectorName),
		govAddr:      ak.GetModuleAddress(govtypes.ModuleName),
		extractors:   map[string]types.TransferExtractor{},

		Params:        collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Articles:      collections.NewMap(sb, types.ArticlesKey, "articles", collections.Uint64Key, codec.CollValue[types.Article](cdc)),
		NextArticleID: collections.NewSequence(sb, types.NextArticleIDKey, "next_article_id"),
		Standings:     collections.NewMap(sb, types.StandingsKey, "standings", sdk.AccAddressKey, codec.CollValue[types.AccountStanding](cdc)),
		Roles: collections.NewMap(sb, types.RolesKey, "roles",
			collections.PairKeyCodec(collections.Int32Key, sdk.AccAddressKey), collections.NoValue{}),
		Usage: collections.NewMap(sb, types.UsageKey, "usage",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey), codec.CollValue[types.WindowUsage](cdc)),
		Policy: collections.NewItem(sb, types.PolicyKey, "policy", codec.CollValue[types.Policy](cdc)),
		TierLimits: collections.NewMap(sb, types.TierLimitsKey, "tier_limits",
			collections.PairKeyCodec(collections.StringKey, collections.StringKey), codec.CollValue[types.DenomLimit](cdc)),
		DisallowedTypes: collections.NewMap(sb, types.DisallowedTypesKey, "disallowed_types", collections.StringKey, collections.Uint64Value),
		PausedModules:   collections.NewMap(sb, types.PausedModulesKey, "paused_modules", collections.StringKey, collections.Uint64Value),
		AdmittedValidators: collections.NewMap(sb, types.AdmittedValidatorsKey, "admitted_validators",
			sdk.ValAddressKey, codec.CollValue[types.AdmittedValidator](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(fmt.Sprintf("aegis: build schema: %v", err))
	}
	k.Schema = schema
	k.registerDefaultExtractors()
	return k
}

// Authority returns the module authority (the x/gov module account).
func (k *Keeper) Authority() string { return k.authority }

// SetEligibilityHooks sets the hooks told about UBO eligibility changes.
// It panics if called twice, like the staking keeper's SetHooks.
func (k *Keeper) SetEligibilityHooks(h types.EligibilityHooks) {
	if k.hooks != nil {
		panic("aegis: eligibility hooks already set")
	}
	k.hooks = h
}

// SetValidatorKeepers gives the keeper what the permissioned validator set
// needs: x/staking (validators, jailing, the bonded set), x/bank (minting
// and burning ustake through the x/aegis module account) and the staking
// bond denom, which can be sent only by bonding, unbonding and the
// authority's mint and burn. The staking keeper is built after x/aegis, so
// app.go calls this once it exists. It panics if called twice.
func (k *Keeper) SetValidatorKeepers(sk types.StakingKeeper, bk types.BankKeeper, bondDenom string) {
	if k.staking != nil {
		panic("aegis: validator keepers already set")
	}
	if sk == nil || bk == nil || bondDenom == "" {
		panic("aegis: SetValidatorKeepers needs a staking keeper, a bank keeper and the bond denom")
	}
	k.staking, k.bank, k.bondDenom = sk, bk, bondDenom
	k.moduleAddr = k.ak.GetModuleAddress(types.ModuleName)
	k.stakePools = [2]sdk.AccAddress{
		k.ak.GetModuleAddress(stakingtypes.BondedPoolName),
		k.ak.GetModuleAddress(stakingtypes.NotBondedPoolName),
	}
}

// BondDenom returns the staking denom x/aegis protects ("" before
// SetValidatorKeepers).
func (k *Keeper) BondDenom() string { return k.bondDenom }

// checkAuthority returns govtypes.ErrInvalidSigner unless addr is the
// authority (the consensus-level authority if one is set, else the keeper's).
func (k *Keeper) checkAuthority(ctx context.Context, addr string) error {
	return authority.Check(ctx, k.authority, addr)
}

// isAuthority reports whether addr is the authority.
func (k *Keeper) isAuthority(ctx context.Context, addr string) bool {
	return k.checkAuthority(ctx, addr) == nil
}

// isModuleAccount reports whether addr is a module account.
func (k *Keeper) isModuleAccount(ctx context.Context, addr sdk.AccAddress) bool {
	_, ok := k.ak.GetAccount(ctx, addr).(sdk.ModuleAccountI)
	return ok
}

// GetParams returns the params.
func (k *Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}

// SetParams validates and sets the params.
func (k *Keeper) SetParams(ctx context.Context, p types.Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return k.Params.Set(ctx, p)
}

// getPolicy returns the derived policy; an empty policy before genesis.
func (k *Keeper) getPolicy(ctx context.Context) (types.Policy, error) {
	p, err := k.Policy.Get(ctx)
	if err != nil {
		if errorsIsNotFound(err) {
			return types.Policy{}, nil
		}
		return types.Policy{}, err
	}
	return p, nil
}
