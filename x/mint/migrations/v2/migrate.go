// Package v2 migrates the x/mint store from consensus version 1 (release
// 28bc9f4) to 2: every max supply is bounded by types.MaxSupplyCap (10^36).
//
// Version 2 refuses a uazr max_supply or an a-Token cap above 10^36 (so
// that no running total of amounts can reach 2^256), but version 1
// accepted any positive cap, so a version-1 store may hold one. The
// migration lowers each such cap to 10^36 and emits EventMaxSupplyChanged
// for it, as MsgUpdateParams and MsgSetATokenMaxSupply do; caps within the
// bound are left as they are. The layout is unchanged. The migration works
// on the store through its own collections (the layout of types/keys.go),
// not through the keeper.
package v2

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mint/types"
)

// Migrate bounds the uazr max_supply and every a-Token cap by
// types.MaxSupplyCap.
func Migrate(ctx context.Context, storeService store.KVStoreService, cdc codec.BinaryCodec) error {
	sb := collections.NewSchemaBuilder(storeService)
	params := collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc))
	tokens := collections.NewMap(sb, types.ATokensPrefix, "a_tokens", collections.StringKey, codec.CollValue[types.AToken](cdc))
	if _, err := sb.Build(); err != nil {
		return err
	}
	em := sdk.UnwrapSDKContext(ctx).EventManager()

	p, err := params.Get(ctx)
	if err != nil {
		return err
	}
	if capped, changed := Bound(p.MaxSupply); changed {
		previous := p.MaxSupply
		p.MaxSupply = capped
		if err := params.Set(ctx, p); err != nil {
			return err
		}
		if err := em.EmitTypedEvent(types.NewEventMaxSupplyChanged(types.NativeDenom, previous, capped)); err != nil {
			return err
		}
	}
	if err := p.Validate(); err != nil {
		return err
	}

	// Collect first, write after: no writes under an open iterator. There
	// are few a-Tokens (each is chartered by the authority).
	var over []collections.KeyValue[string, types.AToken]
	err = tokens.Walk(ctx, nil, func(symbol string, t types.AToken) (bool, error) {
		if _, changed := Bound(t.MaxSupply); changed {
			over = append(over, collections.KeyValue[string, types.AToken]{Key: symbol, Value: t})
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, kv := range over {
		t := kv.Value
		previous := t.MaxSupply
		t.MaxSupply, _ = Bound(t.MaxSupply)
		if err := tokens.Set(ctx, kv.Key, t); err != nil {
			return err
		}
		if err := em.EmitTypedEvent(types.NewEventMaxSupplyChanged(t.Denom(), previous, t.MaxSupply)); err != nil {
			return err
		}
	}
	return nil
}

// Bound returns min(maxSupply, types.MaxSupplyCap) and whether it lowered
// maxSupply.
func Bound(maxSupply math.Int) (math.Int, bool) {
	if !maxSupply.IsNil() && maxSupply.GT(types.MaxSupplyCap) {
		return types.MaxSupplyCap, true
	}
	return maxSupply, false
}
