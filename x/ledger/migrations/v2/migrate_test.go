package v2_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"

	v2 "github.com/azora-os/nexus/x/ledger/migrations/v2"
	"github.com/azora-os/nexus/x/ledger/types"
)

// TestMigrate writes a version-1 store (release 28bc9f4: params without
// max_payment_deadline — proto3 leaves the zero field out, so these are the
// same bytes —, a journal entry and a reservation without a deadline) and
// checks that the params get the default deadline bound and nothing else
// changes: no key is added outside the params.
func TestMigrate(t *testing.T) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_test"))
	ss := runtime.NewKVStoreService(key)

	// Arrange: version-1 params, an entry and a deadline-less reservation.
	old := types.Params{CheckpointInterval: 50, RetentionBlocks: 1000, PrunePerBlock: 10, MaxBatchSize: 20}
	require.Error(t, old.Validate(), "version-1 params are not valid version-2 params")
	sb := collections.NewSchemaBuilder(ss)
	params := collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc))
	entries := collections.NewMap(sb, types.EntriesKey, "entries", collections.Uint64Key, codec.CollValue[types.JournalEntry](cdc))
	used := collections.NewMap(sb, types.UsedReferencesKey, "used_references",
		collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey), collections.Int64Value)
	require.NoError(t, params.Set(ctx, old))
	require.NoError(t, entries.Set(ctx, 1, types.JournalEntry{Sequence: 1, Height: 7, Reference: "inv-1"}))
	sender := sdk.AccAddress("sender______________")
	require.NoError(t, used.Set(ctx, collections.Join(sender, "inv-1"), 7))
	before := dump(t, ctx.KVStore(key))

	// Act.
	require.NoError(t, v2.Migrate(ctx, ss, cdc))

	// Assert: the params are migrated and valid.
	got, err := params.Get(ctx)
	require.NoError(t, err)
	want := old
	want.MaxPaymentDeadline = types.DefaultMaxPaymentDeadline
	require.Equal(t, want, got)
	require.NoError(t, got.Validate())
	// Every other key is as it was; the deadline collections stay empty.
	after := dump(t, ctx.KVStore(key))
	delete(before, string(types.ParamsKey))
	delete(after, string(types.ParamsKey))
	require.Equal(t, before, after)
}

// TestMigrateParamsKeepsSetValue: a bound already set is kept.
func TestMigrateParamsKeepsSetValue(t *testing.T) {
	p := types.DefaultParams()
	p.MaxPaymentDeadline = 2 * types.MinMaxPaymentDeadline
	require.Equal(t, p, v2.MigrateParams(p))
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
