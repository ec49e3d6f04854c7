package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

// EndBlocker folds the escrow totals the block's txs accumulated, then
// works through the queues whose time has come, at most
// params.max_expiries_per_block entries in all, in this order:
//
//  1. expired orders (placed or accepted) are refunded — or held, if the
//     buyer has been frozen since;
//  2. disputes past their deadline (no arbiter decided within
//     dispute_ttl) get the default: the buyer is refunded — or the order
//     held, if the buyer is frozen;
//  3. expired listings are closed;
//  4. closed orders past closed_order_retention are pruned.
//
// What does not fit rolls to the next block: the work per block is bounded
// whatever the number of entries due.
func (k Keeper) EndBlocker(ctx context.Context) error {
	if err := k.foldBlockDeltas(ctx); err != nil {
		return err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	now := blockTime(ctx)
	budget := int(params.MaxExpiriesPerBlock)

	n, err := k.expireOrders(ctx, now, budget)
	if err != nil {
		return err
	}
	budget -= n
	if n, err = k.expireDisputes(ctx, now, budget); err != nil {
		return err
	}
	budget -= n
	if n, err = k.expireListings(ctx, now, budget); err != nil {
		return err
	}
	budget -= n
	_, err = k.pruneOrders(ctx, now, budget)
	return err
}

// dueTriples returns up to limit keys of a (time, listing, seq) queue whose
// time is not after now, in queue order.
func dueTriples(ctx context.Context, q collections.KeySet[QueueKey], now time.Time, limit int) (out []QueueKey, err error) {
	if limit <= 0 {
		return nil, nil
	}
	it, err := q.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := it.Close(); err == nil {
			err = cerr
		}
	}()
	for ; it.Valid() && len(out) < limit; it.Next() {
		key, err := it.Key()
		if err != nil {
			return nil, err
		}
		if key.K1() > queueTime(now) {
			break
		}
		out = append(out, key)
	}
	return out, nil
}

// dueOrder is an order whose queue entry has come due.
type dueOrder struct {
	key   OrderKey
	order types.Order
}

// takeDue returns the orders of up to limit due entries of queue q and how
// many entries it consumed. An entry whose order is gone or no longer
// matches it (current is false: never expected) is dropped and logged.
func (k Keeper) takeDue(ctx context.Context, q collections.KeySet[QueueKey], name string, now time.Time, limit int,
	current func(types.Order, QueueKey) bool,
) ([]dueOrder, int, error) {
	keys, err := dueTriples(ctx, q, now, limit)
	if err != nil {
		return nil, 0, err
	}
	var out []dueOrder
	for _, qk := range keys {
		key := collections.Join(qk.K2(), qk.K3())
		o, err := k.Orders.Get(ctx, key)
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return nil, 0, err
		}
		if err != nil || !current(o, qk) {
			k.Logger(ctx).Error("dropping stale "+name+" entry", "listing", qk.K2(), "seq", qk.K3(), "err", err)
			if err := q.Remove(ctx, qk); err != nil {
				return nil, 0, err
			}
			continue
		}
		out = append(out, dueOrder{key: key, order: o})
	}
	return out, len(keys), nil
}

// refundOrHold refunds an order at a block boundary in its own cached
// context. A refund that fails (which would mean broken accounting) holds
// the order for an arbiter and is logged, instead of halting the chain.
// held reports whether the order ended held (also when refund held it for
// a frozen buyer).
func (k Keeper) refundOrHold(ctx context.Context, d dueOrder, reason types.CloseReason, what string) (bool, error) {
	cacheCtx, write := sdk.UnwrapSDKContext(ctx).CacheContext()
	held, err := k.refund(cacheCtx, d.key, d.order, reason)
	if err == nil {
		write()
		return held, nil
	}
	k.Logger(ctx).Error(what+" refund failed; holding it for an arbiter", "order", d.order.Id, "err", err)
	return true, k.hold(ctx, d.key, d.order, d.order.Buyer, what+" refund failed: "+err.Error())
}

// expireOrders refunds up to limit expired orders and returns how many
// queue entries it consumed (refundOrHold: a frozen buyer's order, or one
// whose refund fails, is held for an arbiter).
func (k Keeper) expireOrders(ctx context.Context, now time.Time, limit int) (int, error) {
	due, n, err := k.takeDue(ctx, k.OrderExpiryQueue, "order expiry", now, limit, func(o types.Order, qk QueueKey) bool {
		return o.Status.Expires() && queueTime(o.Expiry) == qk.K1()
	})
	if err != nil {
		return 0, err
	}
	for _, d := range due {
		if _, err := k.refundOrHold(ctx, d, types.CloseReasonExpired, "expiry"); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// Outcomes of a dispute past its deadline (EventDisputeExpired.outcome).
const (
	DisputeOutcomeRefunded = "refunded"
	DisputeOutcomeHeld     = "held"
)

// expireDisputes applies the default to up to limit disputes whose
// deadline has passed and returns how many queue entries it consumed: the
// buyer is refunded in full (CloseReasonDisputeExpired), as a cancellation
// would; a frozen buyer's order, or one whose refund fails, is held for an
// arbiter (refundOrHold). EventDisputeExpired reports which.
func (k Keeper) expireDisputes(ctx context.Context, now time.Time, limit int) (int, error) {
	due, n, err := k.takeDue(ctx, k.DisputeQueue, "dispute queue", now, limit, func(o types.Order, qk QueueKey) bool {
		return o.Status == types.OrderStatusDisputed && o.Dispute != nil && queueTime(o.Dispute.Deadline) == qk.K1()
	})
	if err != nil {
		return 0, err
	}
	for _, d := range due {
		held, err := k.refundOrHold(ctx, d, types.CloseReasonDisputeExpired, "dispute deadline")
		if err != nil {
			return 0, err
		}
		outcome := DisputeOutcomeRefunded
		if held {
			outcome = DisputeOutcomeHeld
		}
		if err := emit(ctx, types.NewEventDisputeExpired(d.order.Id, d.order.Dispute.Deadline, outcome)); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// expireListings closes up to limit expired listings and returns how many
// it closed.
func (k Keeper) expireListings(ctx context.Context, now time.Time, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	var keys []collections.Pair[int64, uint64]
	it, err := k.ListingExpiryQueue.Iterate(ctx, nil)
	if err != nil {
		return 0, err
	}
	for ; it.Valid() && len(keys) < limit; it.Next() {
		key, err := it.Key()
		if err != nil {
			_ = it.Close()
			return 0, err
		}
		if key.K1() > queueTime(now) {
			break
		}
		keys = append(keys, key)
	}
	if err := it.Close(); err != nil {
		return 0, err
	}
	for _, qk := range keys {
		l, err := k.Listings.Get(ctx, qk.K2())
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return 0, err
		}
		if err != nil || queueTime(l.Expiry) != qk.K1() {
			k.Logger(ctx).Error("dropping stale listing expiry entry", "listing", qk.K2(), "err", err)
			if err := k.ListingExpiryQueue.Remove(ctx, qk); err != nil {
				return 0, err
			}
			continue
		}
		cacheCtx, write := sdk.UnwrapSDKContext(ctx).CacheContext()
		if err := k.closeListing(cacheCtx, l, ListingClosedExpired); err != nil {
			// Never expected (it would mean broken state): drop the entry so
			// the queue moves on, and log it, rather than halt the chain.
			k.Logger(ctx).Error("closing an expired listing failed; dropping its queue entry", "listing", l.Id, "err", err)
			if err := k.ListingExpiryQueue.Remove(ctx, qk); err != nil {
				return 0, err
			}
			continue
		}
		write()
	}
	return len(keys), nil
}

// pruneOrders removes up to limit closed orders whose retention is over.
func (k Keeper) pruneOrders(ctx context.Context, now time.Time, limit int) (int, error) {
	keys, err := dueTriples(ctx, k.PruneQueue, now, limit)
	if err != nil {
		return 0, err
	}
	for _, qk := range keys {
		if err := k.PruneQueue.Remove(ctx, qk); err != nil {
			return 0, err
		}
		o, err := k.Orders.Get(ctx, collections.Join(qk.K2(), qk.K3()))
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return 0, err
		}
		if err != nil || !o.Status.IsClosed() {
			k.Logger(ctx).Error("dropping stale prune entry", "listing", qk.K2(), "seq", qk.K3(), "err", err)
			continue
		}
		if err := k.removeOrder(ctx, o); err != nil {
			return 0, err
		}
		if err := emit(ctx, types.NewEventOrderPruned(o)); err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}
