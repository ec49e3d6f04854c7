package v2_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"

	v2 "github.com/azora-os/nexus/x/mint/migrations/v2"
	"github.com/azora-os/nexus/x/mint/types"
)

// TestMigrate writes a version-1 store (release 28bc9f4 accepted any
// positive cap) with a uazr max_supply and one a-Token cap above 10^36 and
// one a-Token within it, and checks that exactly the two caps above the
// bound become 10^36, with one EventMaxSupplyChanged each.
func TestMigrate(t *testing.T) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_test"))
	ss := runtime.NewKVStoreService(key)
	sb := collections.NewSchemaBuilder(ss)
	params := collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc))
	tokens := collections.NewMap(sb, types.ATokensPrefix, "a_tokens", collections.StringKey, codec.CollValue[types.AToken](cdc))

	// Arrange.
	huge := math.NewIntWithDecimal(1, 70)
	require.NoError(t, params.Set(ctx, types.NewParams(huge)))
	require.Error(t, types.NewParams(huge).Validate(), "the version-1 cap is not a valid version-2 cap")
	big := types.AToken{Symbol: "BIG", Name: "Big", Exponent: 6, Issuer: "issuer", MaxSupply: huge, CharteredHeight: 3}
	small := types.AToken{Symbol: "SMALL", Name: "Small", Exponent: 6, Issuer: "issuer", MaxSupply: math.NewInt(1_000_000), CharteredHeight: 4}
	require.NoError(t, tokens.Set(ctx, big.Symbol, big))
	require.NoError(t, tokens.Set(ctx, small.Symbol, small))

	// Act.
	require.NoError(t, v2.Migrate(ctx, ss, cdc))

	// Assert.
	p, err := params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, types.MaxSupplyCap.String(), p.MaxSupply.String())
	require.NoError(t, p.Validate())
	gotBig, err := tokens.Get(ctx, "BIG")
	require.NoError(t, err)
	require.Equal(t, types.MaxSupplyCap.String(), gotBig.MaxSupply.String())
	gotBig.MaxSupply = huge
	require.Equal(t, big.String(), gotBig.String(), "only the cap changed")
	gotSmall, err := tokens.Get(ctx, "SMALL")
	require.NoError(t, err)
	require.Equal(t, small.String(), gotSmall.String())

	var changed []string
	for _, e := range ctx.EventManager().Events() {
		if e.Type == "azora.mint.v1.EventMaxSupplyChanged" {
			for _, a := range e.Attributes {
				if a.Key == "denom" {
					changed = append(changed, a.Value)
				}
			}
		}
	}
	require.Equal(t, []string{`"uazr"`, `"a/BIG"`}, changed)
}

// TestMigrateWithinBound: a store whose caps are within the bound (every
// chain that kept the defaults) is not written.
func TestMigrateWithinBound(t *testing.T) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_test"))
	ss := runtime.NewKVStoreService(key)
	params := collections.NewItem(collections.NewSchemaBuilder(ss), types.ParamsKey, "params", codec.CollValue[types.Params](cdc))
	require.NoError(t, params.Set(ctx, types.DefaultParams()))
	require.NoError(t, v2.Migrate(ctx, ss, cdc))
	p, err := params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams().MaxSupply.String(), p.MaxSupply.String())
	require.Empty(t, ctx.EventManager().Events())
}
