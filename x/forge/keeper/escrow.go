package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/types/satmath"
	"github.com/azora-os/nexus/types/txdelta"
	"github.com/azora-os/nexus/x/forge/types"
)

// escrowDelta is what one tx (or one block phase) changes in the escrow
// totals: the net change per denom (locked − released) and the orders
// opened and closed. Values stored in the object store are never mutated in
// place: a cached store layer that is discarded must not leak into its
// parent.
//
// The change is kept net, not as separate locked and released sums: those
// grow with every order placed and refunded however often the same coins go
// round, so with 252-bit prices sixteen place-and-cancel pairs in one block
// overflowed a math.Int when EndBlock summed them (issue 14). A net change
// after any prefix of the block's txs is the escrow balance's change over
// them, so it always fits.
type escrowDelta struct {
	net            []netAmount // sorted by denom, no zero amounts
	opened, closed uint64
}

// netAmount is a signed amount of one denom.
type netAmount struct {
	denom  string
	amount math.Int
}

// lockDelta and releaseDelta are the deltas of one order's escrow.
func lockDelta(c sdk.Coin) escrowDelta {
	return escrowDelta{net: []netAmount{{c.Denom, c.Amount}}, opened: 1}
}

func releaseDelta(c sdk.Coin) escrowDelta {
	return escrowDelta{net: []netAmount{{c.Denom, c.Amount.Neg()}}, closed: 1}
}

// Add implements txdelta.Summable.
func (a escrowDelta) Add(b escrowDelta) escrowDelta {
	out := escrowDelta{opened: a.opened + b.opened, closed: a.closed + b.closed}
	i, j := 0, 0
	for i < len(a.net) || j < len(b.net) {
		switch {
		case j == len(b.net) || (i < len(a.net) && a.net[i].denom < b.net[j].denom):
			out.net = append(out.net, a.net[i])
			i++
		case i == len(a.net) || b.net[j].denom < a.net[i].denom:
			out.net = append(out.net, b.net[j])
			j++
		default:
			// Bounded by the escrow balance (see above); satmath only
			// guards a broken invariant, which fold then reports.
			if sum, _ := satmath.Add(a.net[i].amount, b.net[j].amount); !sum.IsZero() {
				out.net = append(out.net, netAmount{a.net[i].denom, sum})
			}
			i++
			j++
		}
	}
	return out
}

func (a escrowDelta) isZero() bool {
	return len(a.net) == 0 && a.opened == 0 && a.closed == 0
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
	for _, c := range d.net { // sorted by denom
		held, err := k.EscrowHeld.Get(ctx, c.denom)
		switch {
		case errors.Is(err, collections.ErrNotFound):
			held = math.ZeroInt()
		case err != nil:
			return err
		}
		held, saturated := satmath.Add(held, c.amount)
		switch {
		case held.IsNegative() || saturated:
			return types.ErrEscrowInvariant.Wrapf("escrow held in %s would be %s", c.denom, held)
		case held.IsZero():
			if err := k.EscrowHeld.Remove(ctx, c.denom); err != nil {
				return err
			}
		default:
			if err := k.EscrowHeld.Set(ctx, c.denom, held); err != nil {
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
	return k.accumulate(ctx, lockDelta(e.Total()))
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
	return k.accumulate(ctx, releaseDelta(e.Total()))
}

// repay returns an escrow (amount and PIVC) to the buyer under the order's
// reference.
func (k Keeper) repay(ctx context.Context, orderID string, buyer sdk.AccAddress, e types.Escrow) error {
	refCtx := movement.WithReference(ctx, types.OrderReference(orderID))
	if err := k.bk.SendCoinsFromModuleToAccount(refCtx, types.ModuleName, buyer, sdk.NewCoins(e.Total())); err != nil {
		return err
	}
	return k.accumulate(ctx, releaseDelta(e.Total()))
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
