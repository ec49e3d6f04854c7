package types

import (
	"math/big"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

const (
	// BpsDenominator is 100% in basis points.
	BpsDenominator = 10_000

	// MaxRateBps is the highest PIVC rate the params accept (10%).
	MaxRateBps = 1_000
)

var (
	bigBps     = big.NewInt(BpsDenominator)
	bigBpsLess = big.NewInt(BpsDenominator - 1)
)

// CoinFee returns the PIVC of one coin amount at rateBps:
//
//	fee = ceil(amount × rateBps / 10000)
//
// Rounding is up, so any positive amount pays at least 1 unit when
// rateBps > 0 and splitting a transfer never lowers the fee. The product is
// computed in arbitrary precision; ErrOverflow is returned when the sender's
// debit amount + fee would not fit in a math.Int (256 bits).
func CoinFee(amount math.Int, rateBps uint32) (math.Int, error) {
	if amount.IsNil() || amount.IsNegative() {
		return math.Int{}, ErrInvalidAmount.Wrapf("amount must be non-negative, got %s", amount)
	}
	if rateBps > MaxRateBps {
		return math.Int{}, ErrInvalidParams.Wrapf("rate %d bps is above the maximum %d", rateBps, MaxRateBps)
	}
	a := amount.BigIntMut() // read only below
	fee := new(big.Int).Mul(a, big.NewInt(int64(rateBps)))
	fee.Add(fee, bigBpsLess)
	fee.Quo(fee, bigBps)
	debit := new(big.Int).Add(a, fee)
	if debit.BitLen() > math.MaxBitLen {
		return math.Int{}, ErrOverflow.Wrapf("%s + PIVC %s does not fit in %d bits", amount, fee, math.MaxBitLen)
	}
	return math.NewIntFromBigIntMut(fee), nil
}

// ComputeFee returns the PIVC of amount at rateBps, coin by coin in each
// coin's own denom (see CoinFee). The result has no zero coins, so it is
// empty when rateBps is 0.
func ComputeFee(amount sdk.Coins, rateBps uint32) (sdk.Coins, error) {
	if !amount.IsValid() {
		return nil, ErrInvalidAmount.Wrapf("invalid coins %q", amount.String())
	}
	fee := make(sdk.Coins, 0, len(amount))
	for _, c := range amount {
		f, err := CoinFee(c.Amount, rateBps)
		if err != nil {
			return nil, err
		}
		if f.IsPositive() {
			fee = append(fee, sdk.Coin{Denom: c.Denom, Amount: f})
		}
	}
	// amount is sorted and f > 0, so fee is sorted and valid.
	return fee, nil
}

// SplitAmount splits one fee amount between the pools:
//
//	ubo    = floor(fee × (10000 − growthShareBps) / 10000)
//	growth = fee − ubo
//
// so growth gets its share rounded up: the rounding remainder always goes to
// the growth pool, and growth + ubo = fee exactly.
func SplitAmount(fee math.Int, growthShareBps uint32) (growth, ubo math.Int, err error) {
	if fee.IsNil() || fee.IsNegative() {
		return math.Int{}, math.Int{}, ErrInvalidAmount.Wrapf("fee must be non-negative, got %s", fee)
	}
	if growthShareBps > BpsDenominator {
		return math.Int{}, math.Int{}, ErrInvalidParams.Wrapf("growth share %d bps is above %d", growthShareBps, BpsDenominator)
	}
	u := new(big.Int).Mul(fee.BigIntMut(), big.NewInt(int64(BpsDenominator-growthShareBps)))
	u.Quo(u, bigBps)
	ubo = math.NewIntFromBigIntMut(u)
	return fee.Sub(ubo), ubo, nil
}

// SplitFee splits fee coin by coin (see SplitAmount). Neither part contains
// zero coins and growth.Add(ubo...) equals fee.
func SplitFee(fee sdk.Coins, growthShareBps uint32) (growth, ubo sdk.Coins, err error) {
	if !fee.IsValid() {
		return nil, nil, ErrInvalidAmount.Wrapf("invalid fee %q", fee.String())
	}
	growth = make(sdk.Coins, 0, len(fee))
	ubo = make(sdk.Coins, 0, len(fee))
	for _, c := range fee {
		g, u, err := SplitAmount(c.Amount, growthShareBps)
		if err != nil {
			return nil, nil, err
		}
		if g.IsPositive() {
			growth = append(growth, sdk.Coin{Denom: c.Denom, Amount: g})
		}
		if u.IsPositive() {
			ubo = append(ubo, sdk.Coin{Denom: c.Denom, Amount: u})
		}
	}
	return growth, ubo, nil
}
