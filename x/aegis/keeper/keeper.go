// Package keeper holds the state and the rules of x/aegis: the constitution,
// account standing, roles, rolling velocity windows, the three enforcement
// layers (ante decorator, router guard, bank send restriction) and, as a
// part of its own (admission*.go), the permissioned validator set.
//
// The exported surface is small on purpose (docs/architecture.md, "Keeper
// surface"): other modules read x/aegis through ViewKeeper (view.go); app.go
// wires it with the setters, the restriction, the guards and the genesis
// methods. Everything the Msg service changes goes through unexported
// methods the msg server calls after checking the signer.
package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/types/addresses"
	"github.com/azora-os/nexus/types/authority"
	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/types/roles"
	"github.com/azora-os/nexus/x/aegis/types"
)

// Keeper of x/aegis. Use a pointer: the eligibility hooks and the validator
// keepers are set after construction.
type Keeper struct {
	cdc          codec.Codec
	storeService store.KVStoreService
	ak           types.AccountKeeper
	ac           address.Codec
	router       types.MsgRouter
	signers      types.SignerReader

	authority    string
	feeCollector sdk.AccAddress
	// govAddr is the x/gov module account, which holds the deposits of
	// open proposals: nothing but x/gov itself may move its funds.
	govAddr sdk.AccAddress

	hooks      types.EligibilityHooks
	extractors map[string]types.TransferExtractor

	// roles is the role registry (attester, officer) over Roles.
	roles roles.Registry[types.Role]
	// admission is the permissioned validator set (admission*.go).
	admission *admission

	// modules are the app's module accounts (types/movement), built once.
	modules movement.ModuleAccounts

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
	// Roles is the set of (role, address) grants of the role registry.
	Roles collections.KeySet[collections.Pair[int32, sdk.AccAddress]]
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
	ac := ak.AddressCodec()
	if _, err := ac.StringToBytes(authority); err != nil {
		panic(fmt.Sprintf("aegis: invalid authority address %q: %v", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := &Keeper{
		cdc:          cdc,
		storeService: storeService,
		ak:           ak,
		ac:           ac,
		router:       router,
		signers:      cdc,
		authority:    authority,
		feeCollector: ak.GetModuleAddress(authtypes.FeeCollectorName),
		modules:      movement.ModuleAccountsOf(ak),
		govAddr:      ak.GetModuleAddress(govtypes.ModuleName),
		extractors:   map[string]types.TransferExtractor{},

		Params:        collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Articles:      collections.NewMap(sb, types.ArticlesKey, "articles", collections.Uint64Key, codec.CollValue[types.Article](cdc)),
		NextArticleID: collections.NewSequence(sb, types.NextArticleIDKey, "next_article_id"),
		Standings:     collections.NewMap(sb, types.StandingsKey, "standings", sdk.AccAddressKey, codec.CollValue[types.AccountStanding](cdc)),
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
	k.roles = roles.New(sb, types.RolesKey, "roles", ac, types.RoleConfig())
	k.Roles = k.roles.Grants
	k.admission = &admission{k: k}
	schema, err := sb.Build()
	if err != nil {
		panic(fmt.Sprintf("aegis: build schema: %v", err))
	}
	k.Schema = schema
	k.registerDefaultExtractors()
	return k
}

// GetAuthority returns the module authority (the x/gov module account).
func (k *Keeper) GetAuthority() string { return k.authority }

// SetEligibilityHooks sets the hooks told about UBO eligibility changes.
// It panics if called twice, like the staking keeper's SetHooks.
func (k *Keeper) SetEligibilityHooks(h types.EligibilityHooks) {
	if k.hooks != nil {
		panic("aegis: eligibility hooks already set")
	}
	k.hooks = h
}

// checkAuthority returns govtypes.ErrInvalidSigner unless addr is the
// authority (the consensus-level authority if one is set, else the keeper's).
func (k *Keeper) checkAuthority(ctx context.Context, addr string) error {
	return authority.Check(ctx, k.authority, addr)
}

// isAuthority reports whether addr is the authority.
func (k *Keeper) isAuthority(ctx context.Context, addr sdk.AccAddress) bool {
	return k.checkAuthority(ctx, k.str(addr)) == nil
}

// isModuleAccount reports whether addr is one of the app's module accounts
// (the set built once from x/auth's module account permissions; no state
// read). ctx is unused and kept so call sites read as before.
func (k *Keeper) isModuleAccount(_ context.Context, addr sdk.AccAddress) bool {
	return k.modules.Has(addr)
}

// str prints an account address with the app's codec.
func (k *Keeper) str(addr sdk.AccAddress) string { return addresses.String(k.ac, addr) }

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

// updateParams is the one params flow: Validate, Set, then emit the params
// as stored. The msg server has checked the authority.
func (k *Keeper) updateParams(ctx context.Context, p types.Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, p); err != nil {
		return err
	}
	stored, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	return emit(ctx, types.NewEventParamsUpdated(stored))
}

func errorsIsNotFound(err error) bool { return errors.Is(err, collections.ErrNotFound) }
