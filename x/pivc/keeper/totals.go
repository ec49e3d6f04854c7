package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/txdelta"
	"github.com/azora-os/nexus/x/pivc/types"
)

// blockTotals are the totals one tx (or one block) adds. Values stored in
// the object store are never mutated in place: a cached store layer that is
// discarded must not leak into its parent.
type blockTotals struct {
	captured, toGrowth, toUBO, claimed, growthSpent sdk.Coins
}

// Add implements txdelta.Summable.
func (a blockTotals) Add(b blockTotals) blockTotals {
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

// accumulate adds delta to the running totals. Inside a tx it goes to the
// tx's own entry in the object store (txdelta: no key shared between txs, so
// transfers in one block never conflict under BlockSTM) and EndBlock folds
// it; in a block phase or at genesis it is folded at once.
func (k Keeper) accumulate(ctx context.Context, delta blockTotals) error {
	if !txdelta.InTx(ctx) {
		return k.fold(ctx, delta)
	}
	txdelta.Record(ctx, k.objStoreKey, delta)
	return nil
}

// foldBlockTotals sums the entries every tx of the block left in the object
// store and adds them to the totals.
func (k Keeper) foldBlockTotals(ctx context.Context) error {
	sum, err := txdelta.Drain[blockTotals](ctx, k.objStoreKey, types.ErrPoolInvariantBroken)
	if err != nil {
		return err
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
