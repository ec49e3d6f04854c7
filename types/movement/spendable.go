package movement

import (
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Spendable returns how much of denom an account can spend, given its
// balance of denom and its locked (vesting) coins: the balance less the
// locked amount, never negative. Callers read the balance and the locked
// coins directly (bank's GetBalance and LockedCoins) rather than bank's
// SpendableCoin, which panics when a vesting account's locked coins exceed
// its balance. x/pivc checks a transfer plus its fee against it, x/forge a
// purchase plus its PIVC.
func Spendable(balance math.Int, locked sdk.Coins, denom string) math.Int {
	spendable := balance.Sub(locked.AmountOf(denom))
	if spendable.IsNegative() {
		return math.ZeroInt()
	}
	return spendable
}
