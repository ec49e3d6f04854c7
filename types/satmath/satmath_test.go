package satmath_test

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/satmath"
)

func TestAddWorstCases(t *testing.T) {
	maxInt := satmath.Max()
	require.Equal(t, math.MaxBitLen, maxInt.BigInt().BitLen())

	s, sat := satmath.Add(maxInt, math.OneInt())
	require.True(t, sat)
	require.True(t, s.Equal(maxInt))

	s, sat = satmath.Add(maxInt, maxInt)
	require.True(t, sat)
	require.True(t, s.Equal(maxInt))

	s, sat = satmath.Add(maxInt.Neg(), math.NewInt(-1))
	require.True(t, sat)
	require.True(t, s.Equal(maxInt.Neg()))

	s, sat = satmath.Add(maxInt.SubRaw(1), math.OneInt())
	require.False(t, sat)
	require.True(t, s.Equal(maxInt))

	s, sat = satmath.Add(math.Int{}, math.NewInt(7))
	require.False(t, sat)
	require.True(t, s.Equal(math.NewInt(7)))
}

func TestAddCoinsWorstCase(t *testing.T) {
	maxInt := satmath.Max()
	// The amount: 2^256 - 2^251, added twice.
	x := math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), new(big.Int).Lsh(big.NewInt(1), 251)))
	a := sdk.NewCoins(sdk.NewCoin("a/big", x), sdk.NewInt64Coin("uazr", 5))
	b := sdk.NewCoins(sdk.NewCoin("a/big", x), sdk.NewInt64Coin("ustake", 1))
	sum, sat := satmath.AddCoins(a, b)
	require.Equal(t, []string{"a/big"}, sat)
	require.True(t, sum.AmountOf("a/big").Equal(maxInt))
	require.True(t, sum.AmountOf("uazr").Equal(math.NewInt(5)))
	require.True(t, sum.AmountOf("ustake").Equal(math.NewInt(1)))
	require.NoError(t, sum.Validate())

	sum, sat = satmath.AddCoins(nil, nil)
	require.Empty(t, sum)
	require.Empty(t, sat)
}

// TestAddProperties: the sum is exact whenever it fits, and Max (or -Max)
// with saturated = true exactly when it does not.
func TestAddProperties(t *testing.T) {
	limit := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	gen := rapid.Custom(func(t *rapid.T) *big.Int {
		bits := rapid.IntRange(0, 256).Draw(t, "bits")
		v := new(big.Int)
		for i := 0; i < bits; i++ {
			if rapid.Bool().Draw(t, "bit") {
				v.SetBit(v, i, 1)
			}
		}
		if rapid.Bool().Draw(t, "neg") {
			v.Neg(v)
		}
		return v
	})
	rapid.Check(t, func(t *rapid.T) {
		a, b := gen.Draw(t, "a"), gen.Draw(t, "b")
		want := new(big.Int).Add(a, b)
		got, sat := satmath.Add(math.NewIntFromBigInt(a), math.NewIntFromBigInt(b))
		fits := new(big.Int).Abs(want).Cmp(limit) <= 0
		if fits {
			if sat || got.BigInt().Cmp(want) != 0 {
				t.Fatalf("%s + %s = %s (saturated %t), want %s", a, b, got, sat, want)
			}
			return
		}
		if !sat {
			t.Fatalf("%s + %s did not report saturation", a, b)
		}
		bound := new(big.Int).Set(limit)
		if want.Sign() < 0 {
			bound.Neg(bound)
		}
		if got.BigInt().Cmp(bound) != 0 {
			t.Fatalf("%s + %s saturated to %s, want %s", a, b, got, bound)
		}
	})
}

func TestUnion(t *testing.T) {
	require.Equal(t, []string{"a", "b", "c"}, satmath.Union([]string{"a", "c"}, []string{"b", "c"}))
	require.Equal(t, []string{"a"}, satmath.Union([]string{"a"}, nil))
	require.Equal(t, []string{"b"}, satmath.Union(nil, []string{"b"}))
}
