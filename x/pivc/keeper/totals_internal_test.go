package keeper

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/satmath"
)

// TestBlockTotalsSaturate: the block's sum of the txs' totals is taken in
// EndBlock (txdelta.Drain); two txs of 2^255 each must not overflow it.
func TestBlockTotalsSaturate(t *testing.T) {
	half := sdk.NewCoins(sdk.NewCoin("a/big", math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), 255))))
	small := sdk.NewCoins(sdk.NewInt64Coin("uazr", 3))
	tx := blockTotals{captured: half.Add(small...), claimed: small}
	var sum blockTotals
	for i := 0; i < 3; i++ {
		sum = sum.Add(tx)
	}
	require.True(t, sum.captured.AmountOf("a/big").Equal(satmath.Max()))
	require.True(t, sum.captured.AmountOf("uazr").Equal(math.NewInt(9)))
	require.True(t, sum.claimed.AmountOf("uazr").Equal(math.NewInt(9)))
	require.Equal(t, map[string][]string{totalCaptured: {"a/big"}}, sum.saturated)
	// The zero value adds up too (txdelta's empty delta).
	require.True(t, blockTotals{}.Add(blockTotals{}).isZero())
}
