package keeper

import (
	"context"
	"encoding/binary"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/pivc/types"
)

// blockTotals are the totals one tx (or one block) adds. Values stored in
// the object store are never mutated in place: a cached store layer that is
// discarded must not leak into its parent.
type blockTotals struct {
	captured, toGrowth, toUBO, claimed, growthSpent sdk.Coins
}

func (a blockTotals) add(b blockTotals) blockTotals {
	return blockTotals{
		captured:    a.captured.Add(b.captured...),
		toGrowth:    a.toGrowth.Add(b.toGrowth...),
		toUBO:       a.toUBO.Add(b.toUBO...),
		claimed:     a.claimed.Add(b.claimed...),
		growthSpent: a.growthSpent.Add(b.growthSpent...),
	}
}

func (a blockTotals) isZero() bool {
	return a.captured.IsZero() && a.toGrowth.IsZero() && a.toUBO.IsZero() && a.claimed.IsZero() && a.growthSpent.IsZero()
}

// txKey is the object-store key of a tx's totals: its index in the block.
func txKey(txIndex int) []byte {
	key := make([]byte, 8)
	binary.BigEndian.PutUint64(key, uint64(txIndex)) //nolint:gosec // -1 (CheckTx) maps to a key of its own
	return key
}

// accumulate adds delta to the running totals. Inside a tx it goes to the
// tx's own entry in the object store (no key shared between txs, so
// transfers in one block never conflict under BlockSTM) and EndBlock folds
// it; in a block phase or at genesis it is folded at once.
func (k Keeper) accumulate(ctx context.Context, delta blockTotals) error {
	if !inTx(ctx) {
		return k.fold(ctx, delta)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	store := sdkCtx.ObjectStore(k.objStoreKey)
	key := txKey(sdkCtx.TxIndex())
	cur, _ := store.Get(key).(blockTotals)
	store.Set(key, cur.add(delta))
	return nil
}

// foldBlockTotals sums the entries every tx of the block left in the object
// store (in tx order) and adds them to the totals. The object store is
// cleared at commit.
func (k Keeper) foldBlockTotals(ctx context.Context) error {
	store := sdk.UnwrapSDKContext(ctx).ObjectStore(k.objStoreKey)
	var sum blockTotals
	it := store.Iterator(nil, nil)
	for ; it.Valid(); it.Next() {
		v, ok := it.Value().(blockTotals)
		if !ok {
			_ = it.Close()
			return types.ErrPoolInvariantBroken.Wrapf("unexpected value %T in the pivc object store", it.Value())
		}
		sum = sum.add(v)
	}
	if err := it.Close(); err != nil {
		return err
	}
	// Delete what was folded, so a second fold in the same block (if an
	// EndBlocker ever called it twice) cannot count anything twice.
	var keys [][]byte
	dit := store.Iterator(nil, nil)
	for ; dit.Valid(); dit.Next() {
		keys = append(keys, dit.Key())
	}
	if err := dit.Close(); err != nil {
		return err
	}
	for _, key := range keys {
		store.Delete(key)
	}
	return k.fold(ctx, sum)
}

// fold adds delta to the persistent per-denom totals.
func (k Keeper) fold(ctx context.Context, delta blockTotals) error {
	if delta.isZero() {
		return nil
	}
	denoms := sdk.NewCoins().
		Add(delta.captured...).Add(delta.toGrowth...).Add(delta.toUBO...).
		Add(delta.claimed...).Add(delta.growthSpent...)
	for _, c := range denoms { // sorted by denom
		t, err := k.Totals.Get(ctx, c.Denom)
		switch {
		case errors.Is(err, collections.ErrNotFound):
			t = zeroTotals(c.Denom)
		case err != nil:
			return err
		}
		t.Captured = t.Captured.Add(delta.captured.AmountOf(c.Denom))
		t.ToGrowth = t.ToGrowth.Add(delta.toGrowth.AmountOf(c.Denom))
		t.ToUbo = t.ToUbo.Add(delta.toUBO.AmountOf(c.Denom))
		t.Claimed = t.Claimed.Add(delta.claimed.AmountOf(c.Denom))
		t.GrowthSpent = t.GrowthSpent.Add(delta.growthSpent.AmountOf(c.Denom))
		if err := k.Totals.Set(ctx, c.Denom, t); err != nil {
			return err
		}
	}
	return nil
}

func zeroTotals(denom string) types.DenomTotals {
	return types.DenomTotals{
		Denom: denom, Captured: math.ZeroInt(), ToGrowth: math.ZeroInt(), ToUbo: math.ZeroInt(),
		Claimed: math.ZeroInt(), GrowthSpent: math.ZeroInt(),
	}
}
