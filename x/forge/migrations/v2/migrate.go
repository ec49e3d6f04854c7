// Package v2 migrates the x/forge store from consensus version 1 (release
// 28bc9f4) to 2: disputes gained a deadline.
//
// Version 2 adds the dispute_ttl param and the dispute queue (prefix 0x13:
// (deadline, listing id, seq) of every disputed order), which EndBlock
// works through to refund the buyer of a dispute no arbiter decided in
// time. A version-1 store has neither, and its disputes have no deadline.
// The migration
//   - sets dispute_ttl to its default (30 days);
//   - gives every dispute open at the upgrade the deadline
//     upgrade block time + dispute_ttl, and enqueues it. Not
//     opened_at + dispute_ttl: a dispute opened more than dispute_ttl before
//     the upgrade would then be refunded by default in the upgrade's first
//     EndBlock, before its arbiter ever had a deadline to meet. Every open
//     dispute gets the full period from the moment the rule exists.
//
// Escrows, orders' other fields, listings and every other queue are left
// as they are. The migration works on the store through its own
// collections (the layout of types/keys.go), not through the keeper. It
// moves no key.
package v2

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

// Migrate sets dispute_ttl and gives the open disputes their deadline and
// queue entry.
func Migrate(ctx context.Context, storeService store.KVStoreService, cdc codec.BinaryCodec) error {
	sb := collections.NewSchemaBuilder(storeService)
	orderKey := collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)
	params := collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc))
	orders := collections.NewMap(sb, types.OrdersPrefix, "orders", orderKey, codec.CollValue[types.Order](cdc))
	queue := collections.NewKeySet(sb, types.DisputeQueuePrefix, "dispute_queue",
		collections.TripleKeyCodec(collections.Int64Key, collections.Uint64Key, collections.Uint64Key))
	if _, err := sb.Build(); err != nil {
		return err
	}

	p, err := params.Get(ctx)
	if err != nil {
		return err
	}
	p = MigrateParams(p)
	if err := p.Validate(); err != nil {
		return err
	}
	if err := params.Set(ctx, p); err != nil {
		return err
	}

	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	deadline := now.Add(p.DisputeTtl)
	// Collect first, write after: no writes under an open iterator.
	var disputed []collections.KeyValue[collections.Pair[uint64, uint64], types.Order]
	err = orders.Walk(ctx, nil, func(k collections.Pair[uint64, uint64], o types.Order) (bool, error) {
		if o.Status == types.OrderStatusDisputed {
			disputed = append(disputed, collections.KeyValue[collections.Pair[uint64, uint64], types.Order]{Key: k, Value: o})
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, kv := range disputed {
		o := MigrateDispute(kv.Value, now, deadline)
		if err := orders.Set(ctx, kv.Key, o); err != nil {
			return err
		}
		if err := queue.Set(ctx, collections.Join3(o.Dispute.Deadline.UnixNano(), o.ListingId, o.Seq)); err != nil {
			return err
		}
	}
	return nil
}

// MigrateParams sets an unset (zero) dispute_ttl to its default.
func MigrateParams(p types.Params) types.Params {
	if p.DisputeTtl == 0 {
		p.DisputeTtl = types.DefaultDisputeTTL
	}
	return p
}

// MigrateDispute gives a disputed order without a deadline the deadline
// given. A disputed order with no dispute record (never written by version
// 1) gets one opened now, so the queue and EndBlock can handle it.
func MigrateDispute(o types.Order, now, deadline time.Time) types.Order {
	if o.Dispute == nil {
		o.Dispute = &types.Dispute{OpenedAt: now}
	}
	if o.Dispute.Deadline.IsZero() {
		d := *o.Dispute
		d.Deadline = deadline
		o.Dispute = &d
	}
	return o
}
