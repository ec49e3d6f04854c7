package v2_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"

	v2 "github.com/azora-os/nexus/x/aegis/migrations/v2"
	"github.com/azora-os/nexus/x/aegis/types"
)

// TestMigrate writes the params as release 28bc9f4 stored them (only
// max_msg_depth: the fee-rule fields did not exist, and proto3 leaves zero
// fields out, so these are the same bytes) and checks that the migration
// fills the fee rule with the defaults and keeps max_msg_depth.
func TestMigrate(t *testing.T) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_test"))
	ss := runtime.NewKVStoreService(key)

	// Arrange: a version-1 params value.
	old := types.Params{MaxMsgDepth: 3}
	bz, err := cdc.Marshal(&old)
	require.NoError(t, err)
	ctx.KVStore(key).Set(types.ParamsKey, bz)
	require.Error(t, old.Validate(), "the version-1 params are not valid version-2 params")

	// Act.
	require.NoError(t, v2.Migrate(ctx, ss, cdc))

	// Assert: the raw store holds the migrated params.
	var got types.Params
	require.NoError(t, cdc.Unmarshal(ctx.KVStore(key).Get(types.ParamsKey), &got))
	want := types.DefaultParams()
	want.MaxMsgDepth = 3
	require.Equal(t, want, got)
	require.NoError(t, got.Validate())
}

// TestMigrateParamsKeepsSetValues checks that a param already set (a store
// migrated twice, or one written by a later binary) is not overwritten.
func TestMigrateParamsKeepsSetValues(t *testing.T) {
	p := types.Params{MaxMsgDepth: 4, FeeDenom: "ufee", BaseGasPrice: "0.002", MaxGasPrice: "0.5", MaxTxGas: 2_000_000}
	require.Equal(t, p, v2.MigrateParams(p))
}

// TestMigrateNoParams fails on a store without params (a module that was
// never initialised), rather than writing defaults over nothing.
func TestMigrateNoParams(t *testing.T) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_test"))
	require.Error(t, v2.Migrate(ctx, runtime.NewKVStoreService(key), cdc))
}
