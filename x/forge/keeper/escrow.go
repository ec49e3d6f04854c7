package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/types/txdelta"
	"github.com/azora-os/nexus/x/forge/types"
)

// escrowDelta is what one tx (or one block phase) changes in the escrow
// totals. Values stored in the object store are never mutated in place: a
// cached store layer that is discarded must not leak into its parent.
type escrowDelta struct {
	locked, released sdk.Coins
	opened, closed   uint64
}

// Add implements txdelta.Summable.
func (a escrowDelta) Add(b escrowDelta) escrowDelta {
	return escrowDelta{
		locked:   a.locked.Add(b.locked...),
		released: a.released.Add(b.released...),
		opened:   a.opened + b.opened,
		closed:   a.closed + b.closed,
	}
}

func (a escrowDelta) isZero() bool {
	return a.locked.IsZero() && a.released.IsZero() && a.opened == 0 && a.closed == 0
}

// accumulate records a change of the escrow totals. Inside a tx it goes to
// the tx's own entry in the object store (txdelta), so orders in one block
// never write a shared key for the totals (BlockSTM), and EndBlock folds it;
// in a block phase or at genesis it is folded at once.
func (k Keeper) accumulate(ctx context.Context, d escrowDelta) error {
	if !txdelta.InTx(ctx) {
		return k.fold(ctx, d)
	}
	txdelta.Record(ctx, k.objStoreKey, d)
	return nil
}

// foldBlockDeltas sums what every tx of the block left in the object store
// and folds it into the totals.
func (k Keeper) foldBlockDeltas(ctx context.Context) error {
	sum, err := txdelta.Drain[escrowDelta](ctx, k.objStoreKey, types.ErrEscrowInvariant)
	if err != nil {
		return err
	}
	return k.fold(ctx, sum)
}

// fold applies d to the persistent totals.
func (k Keeper) fold(ctx context.Context, d escrowDelta) error {
	if d.isZero() {
		return nil
	}
	for _, c := range d.locked.Add(d.released...) { // sorted by denom
		held, err := k.EscrowHeld.Get(ctx, c.Denom)
		switch {
		case errors.Is(err, collections.ErrNotFound):
			held = math.ZeroInt()
		case err != nil:
			return err
		}
		held = held.Add(d.locked.AmountOf(c.Denom)).Sub(d.released.AmountOf(c.Denom))
		switch {
		case held.IsNegative():
			return types.ErrEscrowInvariant.Wrapf("escrow held in %s would be %s", c.Denom, held)
		case held.IsZero():
			if err := k.EscrowHeld.Remove(ctx, c.Denom); err != nil {
				return err
			}
		default:
			if err := k.EscrowHeld.Set(ctx, c.Denom, held); err != nil {
				return err
			}
		}
	}
	open, err := k.OpenOrders.Get(ctx)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		open = 0
	case err != nil:
		return err
	}
	if open+d.opened < d.closed {
		return types.ErrEscrowInvariant.Wrapf("open orders would be negative: %d + %d - %d", open, d.opened, d.closed)
	}
	return k.OpenOrders.Set(ctx, open+d.opened-d.closed)
}

// lock moves amount, then the PIVC, from the buyer into the escrow account,
// both under the order's reference. The PIVC is not a fee yet: it becomes
// one only if the order settles (release charges it with x/pivc's
// CaptureFromModule); a refund returns it. So it moves as a held fee
// (movement.WithHeldFee): x/ledger journals it as an ordinary movement into
// the escrow — the escrow's journal flows then equal its balance change, and
// pivc's captured total equals the journal's fees — while x/aegis does not
// count it against the buyer's limits (the amount it is the PIVC of is).
func (k Keeper) lock(ctx context.Context, orderID string, buyer sdk.AccAddress, e types.Escrow) error {
	refCtx := movement.WithReference(ctx, types.OrderReference(orderID))
	if err := k.bk.SendCoinsFromAccountToModule(refCtx, buyer, types.ModuleName, sdk.NewCoins(e.Amount)); err != nil {
		return err
	}
	if e.Fee.IsPositive() {
		if err := k.bk.SendCoinsFromAccountToModule(movement.WithHeldFee(refCtx), buyer, types.ModuleName, sdk.NewCoins(e.Fee)); err != nil {
			return err
		}
	}
	return k.accumulate(ctx, escrowDelta{locked: sdk.NewCoins(e.Total()), opened: 1})
}

// release pays an escrow to the seller: amount to the seller, the PIVC to
// x/pivc's pools (split as usual), both under the order's reference.
func (k Keeper) release(ctx context.Context, orderID string, buyer, seller sdk.AccAddress, e types.Escrow) error {
	refCtx := movement.WithReference(ctx, types.OrderReference(orderID))
	if err := k.bk.SendCoinsFromModuleToAccount(refCtx, types.ModuleName, seller, sdk.NewCoins(e.Amount)); err != nil {
		return err
	}
	if e.Fee.IsPositive() {
		if err := k.pivc.CaptureFromModule(refCtx, types.ModuleName, buyer, sdk.NewCoins(e.Fee)); err != nil {
			return err
		}
	}
	return k.accumulate(ctx, escrowDelta{released: sdk.NewCoins(e.Total()), closed: 1})
}

// repay returns an escrow (amount and PIVC) to the buyer under the order's
// reference.
func (k Keeper) repay(ctx context.Context, orderID string, buyer sdk.AccAddress, e types.Escrow) error {
	refCtx := movement.WithReference(ctx, types.OrderReference(orderID))
	if err := k.bk.SendCoinsFromModuleToAccount(refCtx, types.ModuleName, buyer, sdk.NewCoins(e.Total())); err != nil {
		return err
	}
	return k.accumulate(ctx, escrowDelta{released: sdk.NewCoins(e.Total()), closed: 1})
}

// EscrowTotals returns the folded sum of the open orders' escrows and the
// number of open orders.
func (k Keeper) EscrowTotals(ctx context.Context) (sdk.Coins, uint64, error) {
	held := sdk.NewCoins()
	err := k.EscrowHeld.Walk(ctx, nil, func(denom string, amt math.Int) (bool, error) {
		held = held.Add(sdk.NewCoin(denom, amt))
		return false, nil
	})
	if err != nil {
		return nil, 0, err
	}
	open, err := k.OpenOrders.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return held, 0, nil
	}
	return held, open, err
}
