package types_test

import (
	"math/big"
	mrand "math/rand"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/pivc/types"
)

func TestCoinFeeTable(t *testing.T) {
	tenPow18, _ := math.NewIntFromString("1000000000000000000")
	maxInt := math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
	cases := []struct {
		name    string
		amount  math.Int
		rate    uint32
		wantFee string
		expErr  error
	}{
		{"1 unit pays 1", math.NewInt(1), 500, "1", nil},
		{"19 → ceil(0.95) = 1", math.NewInt(19), 500, "1", nil},
		{"20 → exactly 1", math.NewInt(20), 500, "1", nil},
		{"21 → ceil(1.05) = 2", math.NewInt(21), 500, "2", nil},
		{"39 → ceil(1.95) = 2", math.NewInt(39), 500, "2", nil},
		{"40 → exactly 2", math.NewInt(40), 500, "2", nil},
		{"1000 → 50", math.NewInt(1000), 500, "50", nil},
		{"10^18 → 5×10^16", tenPow18, 500, "50000000000000000", nil},
		{"zero amount pays zero", math.ZeroInt(), 500, "0", nil},
		{"rate 0 pays zero", math.NewInt(1000), 0, "0", nil},
		{"rate 1 bp on 1 unit pays 1", math.NewInt(1), 1, "1", nil},
		{"max rate 10%", math.NewInt(1001), types.MaxRateBps, "101", nil},
		{"rate above max", math.NewInt(1), types.MaxRateBps + 1, "", types.ErrInvalidParams},
		{"negative amount", math.NewInt(-1), 500, "", types.ErrInvalidAmount},
		{"nil amount", math.Int{}, 500, "", types.ErrInvalidAmount},
		{"2^256-1 overflows amount + fee", maxInt, 500, "", types.ErrOverflow},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fee, err := types.CoinFee(tc.amount, tc.rate)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.wantFee, fee.String())
		})
	}
}

func TestSplitAmountTable(t *testing.T) {
	cases := []struct {
		name               string
		fee                int64
		share              uint32
		wantGrowth, wantUB int64
		expErr             error
	}{
		{"50 at 60/40", 50, 6000, 30, 20, nil},
		{"1 → remainder to growth", 1, 6000, 1, 0, nil},
		{"2 → 0.8 to UBO rounds down", 2, 6000, 2, 0, nil},
		{"3 → UBO floor(1.2) = 1", 3, 6000, 2, 1, nil},
		{"all to growth", 7, 10000, 7, 0, nil},
		{"all to UBO", 7, 0, 0, 7, nil},
		{"zero fee", 0, 6000, 0, 0, nil},
		{"share above 100%", 1, 10001, 0, 0, types.ErrInvalidParams},
		{"negative fee", -1, 6000, 0, 0, types.ErrInvalidAmount},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, u, err := types.SplitAmount(math.NewInt(tc.fee), tc.share)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.wantGrowth, g.Int64())
			require.Equal(t, tc.wantUB, u.Int64())
		})
	}
}

func TestComputeAndSplitFeeCoins(t *testing.T) {
	amt := sdk.NewCoins(sdk.NewInt64Coin("uazr", 1000), sdk.NewInt64Coin("a/kaya", 21), sdk.NewInt64Coin("ufoo", 0))
	fee, err := types.ComputeFee(amt, 500)
	require.NoError(t, err)
	require.Equal(t, "2a/kaya,50uazr", fee.String())

	g, u, err := types.SplitFee(fee, 6000)
	require.NoError(t, err)
	require.Equal(t, "2a/kaya,30uazr", g.String())
	require.Equal(t, "20uazr", u.String())
	require.True(t, g.Add(u...).Equal(fee))

	fee, err = types.ComputeFee(amt, 0)
	require.NoError(t, err)
	require.True(t, fee.IsZero())

	_, err = types.ComputeFee(sdk.Coins{sdk.Coin{Denom: "x", Amount: math.NewInt(-1)}}, 500)
	require.ErrorIs(t, err, types.ErrInvalidAmount)
	_, _, err = types.SplitFee(sdk.Coins{sdk.Coin{Denom: "x", Amount: math.NewInt(-1)}}, 500)
	require.ErrorIs(t, err, types.ErrInvalidAmount)
}

// 100 transfers of 1 unit never pay less than one transfer of 100 (nor, in
// general, do n transfers of a pay less than one of n×a): splitting a
// payment never saves PIVC.
func TestSplittingNeverSavesFees(t *testing.T) {
	one, err := types.CoinFee(math.NewInt(1), 500)
	require.NoError(t, err)
	hundred, err := types.CoinFee(math.NewInt(100), 500)
	require.NoError(t, err)
	require.Equal(t, int64(100), one.MulRaw(100).Int64())
	require.Equal(t, int64(5), hundred.Int64())
	require.True(t, one.MulRaw(100).GTE(hundred))

	for rate := uint32(1); rate <= types.MaxRateBps; rate += 37 {
		for a := int64(1); a <= 200; a += 7 {
			for n := int64(1); n <= 50; n += 7 {
				part, err := types.CoinFee(math.NewInt(a), rate)
				require.NoError(t, err)
				whole, err := types.CoinFee(math.NewInt(a*n), rate)
				require.NoError(t, err)
				require.Truef(t, part.MulRaw(n).GTE(whole), "rate %d: %d × fee(%d) < fee(%d)", rate, n, a, a*n)
			}
		}
	}
}

// FuzzCoinFee checks the fee rule for any amount in 1..2^256-1 and any
// valid rate: no panic; overflow only as ErrOverflow and only when
// amount + fee needs more than 256 bits; otherwise fee ≥ 1 for a positive
// rate, fee = ceil(amount × rate / 10000) exactly, and the sender's debit is
// the recipient's credit plus the fee.
func FuzzCoinFee(f *testing.F) {
	for _, seed := range []struct {
		amt  []byte
		rate uint16
	}{
		{[]byte{1}, 500},
		{[]byte{19}, 500},
		{[]byte{21}, 500},
		{[]byte{0x0d, 0xe0, 0xb6, 0xb3, 0xa7, 0x64, 0x00, 0x00}, 500},
		{bytesOf(new(big.Int).Lsh(big.NewInt(1), 255)), 1000},
		{bytesOf(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))), 500},
	} {
		f.Add(seed.amt, seed.rate)
	}
	f.Fuzz(func(t *testing.T, amtBytes []byte, rate16 uint16) {
		if len(amtBytes) > 32 {
			amtBytes = amtBytes[:32]
		}
		a := new(big.Int).SetBytes(amtBytes)
		if a.Sign() == 0 {
			a.SetInt64(1)
		}
		rate := uint32(rate16) % (types.MaxRateBps + 1)
		amount := math.NewIntFromBigInt(a)

		fee, err := types.CoinFee(amount, rate)

		want := new(big.Int).Mul(a, big.NewInt(int64(rate)))
		want.Add(want, big.NewInt(types.BpsDenominator-1))
		want.Quo(want, big.NewInt(types.BpsDenominator))
		debit := new(big.Int).Add(a, want)
		if debit.BitLen() > math.MaxBitLen {
			require.ErrorIs(t, err, types.ErrOverflow)
			return
		}
		require.NoError(t, err)
		require.Equal(t, want.String(), fee.String())
		if rate > 0 {
			require.True(t, fee.IsPositive(), "a positive transfer never pays zero")
		}
		if a.BitLen() <= 255 {
			require.NoError(t, err, "amounts up to 2^255 never overflow")
		}
		// debit = credit + fee, computed in math.Int without overflow.
		require.Equal(t, debit.String(), amount.Add(fee).String())
		// The fee never exceeds amount × max rate, rounded up.
		require.True(t, fee.LTE(amount.QuoRaw(10).AddRaw(1)))
	})
}

// FuzzSplitAmount checks the split for any fee and share: the parts are
// non-negative and sum to the fee; UBO gets at most its exact share and
// growth at least its own.
func FuzzSplitAmount(f *testing.F) {
	f.Add([]byte{50}, uint16(6000))
	f.Add([]byte{1}, uint16(6000))
	f.Add(bytesOf(new(big.Int).Lsh(big.NewInt(1), 250)), uint16(1))
	f.Fuzz(func(t *testing.T, feeBytes []byte, share16 uint16) {
		if len(feeBytes) > 31 {
			feeBytes = feeBytes[:31]
		}
		fee := math.NewIntFromBigInt(new(big.Int).SetBytes(feeBytes))
		share := uint32(share16) % (types.BpsDenominator + 1)
		g, u, err := types.SplitAmount(fee, share)
		require.NoError(t, err)
		require.False(t, g.IsNegative())
		require.False(t, u.IsNegative())
		require.True(t, g.Add(u).Equal(fee), "parts sum to the fee")
		// u ≤ fee × (10000-share) / 10000 < u + 1
		exactU := new(big.Int).Mul(fee.BigInt(), big.NewInt(int64(types.BpsDenominator-share)))
		require.True(t, new(big.Int).Mul(u.BigInt(), big.NewInt(types.BpsDenominator)).Cmp(exactU) <= 0)
		require.True(t, new(big.Int).Mul(u.AddRaw(1).BigInt(), big.NewInt(types.BpsDenominator)).Cmp(exactU) > 0)
	})
}

func bytesOf(b *big.Int) []byte { return b.Bytes() }

// TestFeePropertiesRapid checks the fee and split rules on amounts drawn
// across the whole range 1..2^255 (and every rate and share), in every
// `go test` run: fee ≥ 1, debit = credit + fee, parts sum to the fee, and
// splitting a payment in two never lowers the total fee.
func TestFeePropertiesRapid(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		bits := rapid.IntRange(1, 255).Draw(rt, "bits")
		raw := rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(rt, "raw")
		a := new(big.Int).SetBytes(raw)
		a.Rsh(a, uint(256-bits))
		a.SetBit(a, bits-1, 1) // exactly `bits` bits: 1 ≤ a < 2^255
		rate := rapid.Uint32Range(1, types.MaxRateBps).Draw(rt, "rate")
		share := rapid.Uint32Range(0, types.BpsDenominator).Draw(rt, "share")
		amount := math.NewIntFromBigInt(a)

		fee, err := types.CoinFee(amount, rate)
		require.NoError(rt, err)
		require.True(rt, fee.IsPositive())
		require.Equal(rt, new(big.Int).Add(a, fee.BigInt()).String(), amount.Add(fee).String())

		g, u, err := types.SplitAmount(fee, share)
		require.NoError(rt, err)
		require.True(rt, g.Add(u).Equal(fee))

		// Split the payment at a random point: the two fees cover the one.
		cut := math.NewIntFromBigInt(new(big.Int).Rand(randFrom(raw), a))
		if cut.IsPositive() {
			f1, err := types.CoinFee(cut, rate)
			require.NoError(rt, err)
			f2, err := types.CoinFee(amount.Sub(cut), rate)
			require.NoError(rt, err)
			require.True(rt, f1.Add(f2).GTE(fee))
		}
	})
}

// randFrom is a deterministic source seeded from drawn bytes.
func randFrom(seed []byte) *mrand.Rand {
	var s int64
	for _, b := range seed[:8] {
		s = s<<8 | int64(b)
	}
	return mrand.New(mrand.NewSource(s)) //nolint:gosec // test data
}
