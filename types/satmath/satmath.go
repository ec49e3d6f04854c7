// Package satmath adds up running totals that users can grow — journal
// flows, fee totals, cumulative indexes — without ever failing a block.
//
// cosmossdk.io/math's Int holds at most 256 bits and panics when a sum
// needs more ("integer overflow"). Inside a transaction that panic only
// fails the transaction, but in Begin/EndBlock it is a consensus failure
// that halts every node (issue 14: x/ledger's end-of-block sums). Amounts
// are bounded far below 2^256 (x/mint caps every supply at 10^36), so the
// totals that use this package cannot reach the bound in practice; if one
// ever did, it stops at Max instead of panicking, and the caller reports it
// (an event, a log line, a failed reconciliation) rather than halting.
package satmath

import (
	"math/big"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// maxBig is 2^256 - 1, the largest magnitude a math.Int holds.
var maxBig = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), math.MaxBitLen), big.NewInt(1))

// Max returns 2^256 - 1, the largest math.Int.
func Max() math.Int { return math.NewIntFromBigInt(maxBig) }

// Add returns a + b. If the sum does not fit in a math.Int it returns Max
// (or -Max for a negative sum) and saturated = true. Nil operands count as
// zero.
func Add(a, b math.Int) (sum math.Int, saturated bool) {
	a, b = orZero(a), orZero(b)
	if s, err := a.SafeAdd(b); err == nil {
		return s, false
	}
	if new(big.Int).Add(a.BigIntMut(), b.BigIntMut()).Sign() < 0 {
		return Max().Neg(), true
	}
	return Max(), true
}

// AddCoins returns a + b per denom, sorted. A denom whose sum does not fit
// is set to Max and listed in saturated (in denom order). Both operands
// must be valid (sorted, positive) coins.
func AddCoins(a, b sdk.Coins) (sum sdk.Coins, saturated []string) {
	out := make(sdk.Coins, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i].Denom < b[j].Denom):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j].Denom < a[i].Denom:
			out = append(out, b[j])
			j++
		default:
			s, sat := Add(a[i].Amount, b[j].Amount)
			if sat {
				saturated = append(saturated, a[i].Denom)
			}
			out = append(out, sdk.Coin{Denom: a[i].Denom, Amount: s})
			i++
			j++
		}
	}
	return out, saturated
}

// Union returns the sorted union of two sorted denom lists.
func Union(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]string, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func orZero(i math.Int) math.Int {
	if i.IsNil() {
		return math.ZeroInt()
	}
	return i
}
