// Package keeper implements x/pivc: the fee-capturing bank send restriction,
// the growth and UBO pools, and their queries and messages.
package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/authority"
	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/pivc/types"
)

// Keeper holds the x/pivc state and rules.
type Keeper struct {
	cdc          codec.BinaryCodec
	storeService store.KVStoreService
	objStoreKey  storetypes.StoreKey
	authority    string

	ak   types.AccountKeeper
	bk   types.BankKeeper
	elig types.EligibilityKeeper

	// modules are every module account the app can create (x/auth's
	// maccPerms), built once in NewKeeper (types/movement).
	modules    movement.ModuleAccounts
	growthAddr sdk.AccAddress
	uboAddr    sdk.AccAddress

	Schema collections.Schema
	// Params are the module parameters.
	Params collections.Item[types.Params]
	// Exempt mirrors Params.ExemptAddresses as a set, so the restriction
	// checks an address with one lookup.
	Exempt collections.KeySet[sdk.AccAddress]
	// Totals are the running totals per denom, folded once per block.
	Totals collections.Map[string, types.DenomTotals]
	// UBOIndex is the cumulative amount allocated to each eligible account,
	// per denom.
	UBOIndex collections.Map[string, math.Int]
	// UBOOutstanding is what is allocated and not yet claimed, per denom.
	UBOOutstanding collections.Map[string, math.Int]
	// EligibleCount is the number of eligible members.
	EligibleCount collections.Item[uint64]
	// UBOMembers are the eligible accounts and those with unclaimed accruals.
	UBOMembers collections.Map[sdk.AccAddress, types.UBOMember]
}

// NewKeeper returns the x/pivc keeper. objStoreKey is the module's object
// store (types.ObjectStoreKey); authority is the x/gov module account. It
// panics on a misconfiguration (bad authority, pools missing from maccPerms).
func NewKeeper(
	cdc codec.BinaryCodec,
	storeService store.KVStoreService,
	objStoreKey storetypes.StoreKey,
	ak types.AccountKeeper,
	bk types.BankKeeper,
	elig types.EligibilityKeeper,
	authority string,
) Keeper {
	if _, err := ak.AddressCodec().StringToBytes(authority); err != nil {
		panic(fmt.Errorf("invalid pivc authority %q: %w", authority, err))
	}
	if objStoreKey == nil {
		panic("pivc: the object store key is required")
	}
	if elig == nil {
		panic("pivc: an eligibility keeper is required (types.NoEligibility until x/aegis is wired)")
	}
	perms := ak.GetModulePermissions()
	for _, pool := range []string{types.GrowthPoolName, types.UBOPoolName} {
		if _, ok := perms[pool]; !ok {
			panic(fmt.Sprintf("pivc: module account %s is missing from maccPerms", pool))
		}
	}

	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc:            cdc,
		storeService:   storeService,
		objStoreKey:    objStoreKey,
		authority:      authority,
		ak:             ak,
		bk:             bk,
		elig:           elig,
		modules:        movement.ModuleAccountsOf(ak),
		growthAddr:     ak.GetModuleAddress(types.GrowthPoolName),
		uboAddr:        ak.GetModuleAddress(types.UBOPoolName),
		Params:         collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Exempt:         collections.NewKeySet(sb, types.ExemptKey, "exempt", sdk.AccAddressKey),
		Totals:         collections.NewMap(sb, types.TotalsKey, "totals", collections.StringKey, codec.CollValue[types.DenomTotals](cdc)),
		UBOIndex:       collections.NewMap(sb, types.UBOIndexKey, "ubo_index", collections.StringKey, sdk.IntValue),
		UBOOutstanding: collections.NewMap(sb, types.UBOOutstandingKey, "ubo_outstanding", collections.StringKey, sdk.IntValue),
		EligibleCount:  collections.NewItem(sb, types.EligibleCountKey, "eligible_count", collections.Uint64Value),
		UBOMembers:     collections.NewMap(sb, types.UBOMembersKey, "ubo_members", sdk.AccAddressKey, codec.CollValue[types.UBOMember](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the module's authority (the x/gov module account).
func (k Keeper) GetAuthority() string { return k.authority }

// GrowthPoolAddress returns the growth pool's module account address.
func (k Keeper) GrowthPoolAddress() sdk.AccAddress { return k.growthAddr }

// UBOPoolAddress returns the UBO pool's module account address.
func (k Keeper) UBOPoolAddress() sdk.AccAddress { return k.uboAddr }

// Logger returns the module logger.
func (k Keeper) Logger(ctx context.Context) log.Logger {
	return sdk.UnwrapSDKContext(ctx).Logger().With("module", "x/"+types.ModuleName)
}

// GetParams returns the parameters (an empty exempt list as [], as genesis
// and queries show it).
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	p, err := k.Params.Get(ctx)
	if err == nil && p.ExemptAddresses == nil {
		p.ExemptAddresses = []string{}
	}
	return p, err
}

// SetParams validates and stores the parameters and keeps the exempt set in
// step with them.
func (k Keeper) SetParams(ctx context.Context, p types.Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := k.Exempt.Clear(ctx, nil); err != nil {
		return err
	}
	for _, a := range p.ExemptAddresses {
		addr, err := k.ak.AddressCodec().StringToBytes(a)
		if err != nil {
			return types.ErrInvalidParams.Wrapf("exempt address %q: %s", a, err)
		}
		if err := k.Exempt.Set(ctx, addr); err != nil {
			return err
		}
	}
	if p.ExemptAddresses == nil {
		p.ExemptAddresses = []string{}
	}
	return k.Params.Set(ctx, p)
}

// updateParams is the one params flow: Validate, Set, then emit the params
// as stored. The msg server has checked the authority.
func (k Keeper) updateParams(ctx context.Context, p types.Params) error {
	if err := k.SetParams(ctx, p); err != nil {
		return err
	}
	stored, err := k.GetParams(ctx)
	if err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(types.NewEventParamsUpdated(stored))
}

// checkAuthority returns govtypes.ErrInvalidSigner unless signer is the
// authority (the consensus-level authority param, when set, takes its place
// as in sdk.ValidateAuthority).
func (k Keeper) checkAuthority(ctx context.Context, signer string) error {
	return authority.Check(ctx, k.authority, signer)
}

// isModuleAccount reports whether addr is one of the app's module accounts.
func (k Keeper) isModuleAccount(addr sdk.AccAddress) bool {
	return k.modules.Has(addr)
}

// getOrZero reads an Int from m, treating a missing entry as zero.
func getOrZero(ctx context.Context, m collections.Map[string, math.Int], denom string) (math.Int, error) {
	v, err := m.Get(ctx, denom)
	if errors.Is(err, collections.ErrNotFound) {
		return math.ZeroInt(), nil
	}
	return v, err
}
