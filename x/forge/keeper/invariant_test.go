package keeper_test

import (
	"cosmossdk.io/collections"

	"context"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/keeper"
	"github.com/azora-os/nexus/x/forge/types"
)

// requireEscrowInvariant checks the escrow invariant on ctx: the escrow
// account's balance equals the sum of the open orders' escrows and the
// folded totals; every open order has exactly one escrow equal to its
// amount and fee, and no closed order has one.
func requireEscrowInvariant(t require.TestingT, ctx context.Context, k keeper.Keeper, balance sdk.Coins) {
	sum := sdk.NewCoins()
	escrows := 0
	require.NoError(t, k.Escrows.Walk(ctx, nil, func(key keeper.OrderKey, e types.Escrow) (bool, error) {
		o, err := k.Orders.Get(ctx, key)
		require.NoError(t, err, "escrow without order %v", key)
		require.True(t, o.Status.IsOpen(), "escrow of %s order %s", o.Status, o.Id)
		require.Equal(t, o.Amount, e.Amount, "order %s", o.Id)
		require.Equal(t, o.Fee, e.Fee, "order %s", o.Id)
		sum = sum.Add(e.Total())
		escrows++
		return false, nil
	}))
	open := 0
	require.NoError(t, k.Orders.Walk(ctx, nil, func(_ keeper.OrderKey, o types.Order) (bool, error) {
		if o.Status.IsOpen() {
			open++
		}
		return false, nil
	}))
	require.Equal(t, open, escrows, "open orders vs escrows")
	require.True(t, balance.Equal(sum), "escrow balance %s != Σ open orders %s", balance, sum)
	held, n, err := k.EscrowTotals(ctx)
	require.NoError(t, err)
	require.True(t, held.Equal(sum), "folded totals %s != Σ open orders %s", held, sum)
	require.Equal(t, uint64(open), n, "folded open-order count")
}

var (
	collectionsErrNotFound = collections.ErrNotFound
	collectionsJoin        = collections.Join[uint64, uint64]
)
