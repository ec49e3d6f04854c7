package keeper

import (
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/satmath"
	"github.com/azora-os/nexus/types/txdelta"
	"github.com/azora-os/nexus/x/pivc/types"
)

// blockTotals are the totals one tx (or one block) adds. Values stored in
// the object store are never mutated in place: a cached store layer that is
// discarded must not leak into its parent.
//
// The sums saturate at 2^256 - 1 instead of overflowing (types/satmath):
// the block's sum is taken in EndBlock, where a panic would halt the chain.
// saturated lists, per total, the denoms that did.
type blockTotals struct {
	captured, toGrowth, toUBO, claimed, growthSpent sdk.Coins
	saturated                                       map[string][]string
}

// Names of the totals, in EventTotalSaturated.
const (
	totalCaptured    = "captured"
	totalToGrowth    = "to_growth"
	totalToUBO       = "to_ubo"
	totalClaimed     = "claimed"
	totalGrowthSpent = "growth_spent"
	totalUBOIndex    = "ubo_index"
)

// Add implements txdelta.Summable.
func (a blockTotals) Add(b blockTotals) blockTotals {
	out := blockTotals{saturated: map[string][]string{}}
	for name, sat := range a.saturated {
		out.saturated[name] = satmath.Union(out.saturated[name], sat)
	}
	for name, sat := range b.saturated {
		out.saturated[name] = satmath.Union(out.saturated[name], sat)
	}
	add := func(name string, x, y sdk.Coins) sdk.Coins {
		sum, sat := satmath.AddCoins(x, y)
		if len(sat) > 0 {
			out.saturated[name] = satmath.Union(out.saturated[name], sat)
		}
		return sum
	}
	out.captured = add(totalCaptured, a.captured, b.captured)
	out.toGrowth = add(totalToGrowth, a.toGrowth, b.toGrowth)
	out.toUBO = add(totalToUBO, a.toUBO, b.toUBO)
	out.claimed = add(totalClaimed, a.claimed, b.claimed)
	out.growthSpent = add(totalGrowthSpent, a.growthSpent, b.growthSpent)
	return out
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

// fold adds delta to the persistent per-denom totals. A total that would
// exceed 2^256 - 1 stops there and EventTotalSaturated reports it.
func (k Keeper) fold(ctx context.Context, delta blockTotals) error {
	if delta.isZero() {
		return nil
	}
	denoms := sdk.NewCoins()
	for _, c := range []sdk.Coins{delta.captured, delta.toGrowth, delta.toUBO, delta.claimed, delta.growthSpent} {
		for _, x := range c {
			denoms = append(denoms, sdk.NewCoin(x.Denom, math.OneInt()))
		}
	}
	denoms = denoms.Sort()
	seen := map[string]bool{}
	for _, c := range denoms { // sorted by denom
		if seen[c.Denom] {
			continue
		}
		seen[c.Denom] = true
		t, err := k.Totals.Get(ctx, c.Denom)
		switch {
		case errors.Is(err, collections.ErrNotFound):
			t = zeroTotals(c.Denom)
		case err != nil:
			return err
		}
		for _, f := range []struct {
			name  string
			total *math.Int
			delta sdk.Coins
		}{
			{totalCaptured, &t.Captured, delta.captured},
			{totalToGrowth, &t.ToGrowth, delta.toGrowth},
			{totalToUBO, &t.ToUbo, delta.toUBO},
			{totalClaimed, &t.Claimed, delta.claimed},
			{totalGrowthSpent, &t.GrowthSpent, delta.growthSpent},
		} {
			sum, sat := satmath.Add(*f.total, f.delta.AmountOf(c.Denom))
			*f.total = sum
			if sat || slices.Contains(delta.saturated[f.name], c.Denom) {
				if err := k.reportSaturated(ctx, c.Denom, f.name); err != nil {
					return err
				}
			}
		}
		if err := k.Totals.Set(ctx, c.Denom, t); err != nil {
			return err
		}
	}
	return nil
}

// reportSaturated logs and emits EventTotalSaturated.
func (k Keeper) reportSaturated(ctx context.Context, denom, total string) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	sdkCtx.Logger().With("module", "x/"+types.ModuleName).Error("pivc running total saturated at 2^256-1", "denom", denom, "total", total)
	return sdkCtx.EventManager().EmitTypedEvent(types.NewEventTotalSaturated(denom, total))
}

func zeroTotals(denom string) types.DenomTotals {
	return types.DenomTotals{
		Denom: denom, Captured: math.ZeroInt(), ToGrowth: math.ZeroInt(), ToUbo: math.ZeroInt(),
		Claimed: math.ZeroInt(), GrowthSpent: math.ZeroInt(),
	}
}
