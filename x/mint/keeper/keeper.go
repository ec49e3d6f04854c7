// Package keeper holds the x/mint state and rules: AZR issuance by
// treasurers within their allowance and params.max_supply, a-Token charters
// and their administration by the authority, mint by an a-Token's issuer
// within its cap, and burn by any holder.
package keeper

import (
	"context"
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/authority"
	"github.com/azora-os/nexus/x/mint/types"
)

// Keeper holds the x/mint state.
type Keeper struct {
	cdc          codec.BinaryCodec
	storeService store.KVStoreService
	addressCodec address.Codec
	authority    string

	ak types.AccountKeeper
	bk types.BankKeeper

	Schema collections.Schema
	// Params holds the module parameters.
	Params collections.Item[types.Params]
	// ATokens holds the chartered a-Tokens by symbol.
	ATokens collections.Map[string, types.AToken]
	// Treasurers holds each treasurer's remaining uazr allowance.
	Treasurers collections.Map[sdk.AccAddress, math.Int]
}

// NewKeeper returns the x/mint keeper. authority is the account allowed to
// change params, treasurers and a-Tokens (the x/gov module account). It
// panics on a misconfiguration: a bad authority, a missing module account
// permission or a schema error.
func NewKeeper(
	cdc codec.BinaryCodec,
	storeService store.KVStoreService,
	ak types.AccountKeeper,
	bk types.BankKeeper,
	authority string,
) Keeper {
	ac := ak.AddressCodec()
	if _, err := ac.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("x/mint: invalid authority %q: %w", authority, err))
	}
	if addr := ak.GetModuleAddress(types.ModuleName); addr == nil {
		panic(fmt.Errorf("x/mint: the %s module account has not been set in maccPerms", types.ModuleName))
	}

	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc:          cdc,
		storeService: storeService,
		addressCodec: ac,
		authority:    authority,
		ak:           ak,
		bk:           bk,
		Params:       collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		ATokens:      collections.NewMap(sb, types.ATokensPrefix, "a_tokens", collections.StringKey, codec.CollValue[types.AToken](cdc)),
		Treasurers:   collections.NewMap(sb, types.TreasurersPrefix, "treasurers", sdk.AccAddressKey, sdk.IntValue),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(fmt.Errorf("x/mint: build schema: %w", err))
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the module's authority.
func (k Keeper) GetAuthority() string { return k.authority }

// AddressCodec returns the account address codec.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }

// checkAuthority returns govtypes.ErrInvalidSigner unless signer is the
// authority (or the consensus-level authority, when the chain sets one).
func (k Keeper) checkAuthority(ctx context.Context, signer string) error {
	return authority.Check(ctx, k.authority, signer)
}

// emit emits a typed event on the context's event manager.
func emit(ctx context.Context, ev proto.Message) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(ev)
}
