package v2_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"

	v2 "github.com/azora-os/nexus/x/forge/migrations/v2"
	"github.com/azora-os/nexus/x/forge/types"
)

// TestMigrate writes a version-1 store (release 28bc9f4: params without
// dispute_ttl, disputes without a deadline — proto3 leaves the zero fields
// out, so these are the same bytes —, an escrow, no dispute queue) and
// checks: dispute_ttl is the default; both open disputes (one opened long
// before the upgrade) get the deadline upgrade time + dispute_ttl and are
// queued; the placed order, the escrow and every other key are untouched.
func TestMigrate(t *testing.T) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	key := storetypes.NewKVStoreKey(types.StoreKey)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_test")).WithBlockTime(now)
	ss := runtime.NewKVStoreService(key)

	sb := collections.NewSchemaBuilder(ss)
	orderKey := collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)
	params := collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc))
	orders := collections.NewMap(sb, types.OrdersPrefix, "orders", orderKey, codec.CollValue[types.Order](cdc))
	escrows := collections.NewMap(sb, types.EscrowsPrefix, "escrows", orderKey, codec.CollValue[types.Escrow](cdc))
	queue := collections.NewKeySet(sb, types.DisputeQueuePrefix, "dispute_queue",
		collections.TripleKeyCodec(collections.Int64Key, collections.Uint64Key, collections.Uint64Key))

	// Arrange.
	old := types.DefaultParams()
	old.DisputeTtl = 0
	require.Error(t, old.Validate(), "version-1 params are not valid version-2 params")
	require.NoError(t, params.Set(ctx, old))
	coin := sdk.NewCoin("uazr", math.NewInt(100))
	placed := types.Order{Id: "1-1", ListingId: 1, Seq: 1, Status: types.OrderStatusPlaced, UnitPrice: coin, Amount: coin, Fee: coin, CreatedAt: now.Add(-time.Hour), Expiry: now.Add(time.Hour)}
	recent := types.Order{Id: "1-2", ListingId: 1, Seq: 2, Status: types.OrderStatusDisputed, UnitPrice: coin, Amount: coin, Fee: coin, CreatedAt: now.Add(-2 * time.Hour), Expiry: now.Add(time.Hour),
		Dispute: &types.Dispute{OpenedBy: "buyer", Reason: "late", OpenedAt: now.Add(-time.Hour)}}
	ancient := types.Order{Id: "2-1", ListingId: 2, Seq: 1, Status: types.OrderStatusDisputed, UnitPrice: coin, Amount: coin, Fee: coin, CreatedAt: now.Add(-90 * 24 * time.Hour), Expiry: now.Add(-80 * 24 * time.Hour),
		Dispute: &types.Dispute{OpenedBy: "seller", Reason: "never paid", OpenedAt: now.Add(-60 * 24 * time.Hour)}}
	for _, o := range []types.Order{placed, recent, ancient} {
		require.NoError(t, orders.Set(ctx, collections.Join(o.ListingId, o.Seq), o))
		require.NoError(t, escrows.Set(ctx, collections.Join(o.ListingId, o.Seq), types.Escrow{Amount: o.Amount, Fee: sdk.NewCoin("uazr", math.NewInt(5))}))
	}
	before := dump(t, ctx.KVStore(key))

	// Act.
	require.NoError(t, v2.Migrate(ctx, ss, cdc))

	// Assert: params.
	p, err := params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, types.DefaultDisputeTTL, p.DisputeTtl)
	require.NoError(t, p.Validate())

	// The disputes have their deadline and are queued; the placed order is
	// not.
	deadline := now.Add(types.DefaultDisputeTTL)
	var queued []collections.Triple[int64, uint64, uint64]
	require.NoError(t, queue.Walk(ctx, nil, func(k collections.Triple[int64, uint64, uint64]) (bool, error) {
		queued = append(queued, k)
		return false, nil
	}))
	require.Equal(t, []collections.Triple[int64, uint64, uint64]{
		collections.Join3(deadline.UnixNano(), uint64(1), uint64(2)),
		collections.Join3(deadline.UnixNano(), uint64(2), uint64(1)),
	}, queued)
	for _, o := range []types.Order{recent, ancient} {
		got, err := orders.Get(ctx, collections.Join(o.ListingId, o.Seq))
		require.NoError(t, err)
		want := o
		d := *o.Dispute
		d.Deadline = deadline
		want.Dispute = &d
		require.Equal(t, want, got)
		require.True(t, got.Dispute.Deadline.After(got.Dispute.OpenedAt), "the deadline is after the opening (the version-2 genesis check)")
	}

	// Nothing else moved: besides the params, the two disputes and the two
	// queue keys, every key (the placed order, every escrow) holds the same
	// bytes.
	after := dump(t, ctx.KVStore(key))
	changed := map[string]bool{string(types.ParamsKey): true}
	for _, o := range []types.Order{recent, ancient} {
		changed[string(orderKeyBytes(t, o))] = true
	}
	added := 0
	for k, v := range after {
		if bytes.HasPrefix([]byte(k), types.DisputeQueuePrefix) {
			added++
			continue
		}
		old, ok := before[k]
		require.True(t, ok, "key %x added", k)
		if !changed[k] {
			require.Equal(t, old, v, "key %x changed", k)
		}
	}
	require.Equal(t, 2, added)
	require.Len(t, after, len(before)+2)
}

// TestMigrateDisputeKeepsDeadline: a dispute that already has a deadline
// keeps it (a second run changes nothing).
func TestMigrateDisputeKeepsDeadline(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	o := types.Order{Status: types.OrderStatusDisputed, Dispute: &types.Dispute{OpenedAt: at, Deadline: at.Add(time.Hour)}}
	require.Equal(t, o, v2.MigrateDispute(o, at.Add(time.Minute), at.Add(48*time.Hour)))
}

func orderKeyBytes(t *testing.T, o types.Order) []byte {
	t.Helper()
	k := collections.Join(o.ListingId, o.Seq)
	c := collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)
	buf := make([]byte, c.Size(k))
	_, err := c.Encode(buf, k)
	require.NoError(t, err)
	return append(append([]byte{}, types.OrdersPrefix...), buf...)
}

func dump(t *testing.T, s storetypes.KVStore) map[string]string {
	t.Helper()
	it := s.Iterator(nil, nil)
	defer func() { require.NoError(t, it.Close()) }()
	out := map[string]string{}
	for ; it.Valid(); it.Next() {
		out[string(it.Key())] = string(it.Value())
	}
	return out
}
