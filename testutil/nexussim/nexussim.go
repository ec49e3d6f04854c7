// Package nexussim holds what the simsx message factories of the Nexus
// modules (x/*/simulation) share: picking accounts that are rare among the
// simulation's accounts (role holders, members), and the weights' naming.
//
// The app's simulation (app/sim_test.go) delivers every factory's message in
// a real block; see docs/simulation.md.
package nexussim

import (
	"math/big"
	"math/rand"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
)

// Pick returns a random account among all the simulation's accounts that
// pass every filter, or skips the operation (reporter.Skip) when none does.
// Unlike simsx's AnyAccount, which gives up after one random retry, it
// finds rare accounts such as role holders.
func Pick(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, filters ...simsx.SimAccountFilter) simsx.SimAccount {
	matching := PickAll(testData, reporter, filters...)
	if len(matching) == 0 {
		reporter.Skip("no account matches")
		return simsx.SimAccount{}
	}
	return matching[testData.Rand().Intn(len(matching))]
}

// PickAll returns every account that passes every filter, in the
// simulation's account order.
func PickAll(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, filters ...simsx.SimAccountFilter) []simsx.SimAccount {
	var out []simsx.SimAccount
next:
	for _, a := range testData.AllAccounts() {
		acc := testData.GetAccount(reporter, a.AddressBech32)
		for _, f := range filters {
			if !f.Accept(acc) {
				continue next
			}
		}
		out = append(out, acc)
	}
	return out
}

// Not inverts a filter.
func Not(f simsx.SimAccountFilter) simsx.SimAccountFilter {
	return simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool { return !f.Accept(a) })
}

// GasLimit is the gas limit of every tx the app simulation delivers; the
// fee is ceil(GasLimit × x/aegis's base gas price) in uazr, the fee a
// wallet pays at the minimum gas price. A module's randomized genesis must
// admit it (x/aegis keeps max_tx_gas at least this).
const GasLimit uint64 = 5_000_000

// LogAmount returns a random amount in [1, max], log-uniform: as many
// amounts of one digit as of ten, so small payments are common and the
// large ones that meet velocity limits and balances still happen. Zero if
// max is not positive.
func LogAmount(r *rand.Rand, max math.Int) math.Int {
	if !max.IsPositive() {
		return math.ZeroInt()
	}
	digits := len(max.String())
	d := 1 + r.Intn(digits) // number of digits of the amount
	upper := math.NewIntWithDecimal(1, d).SubRaw(1)
	lower := math.NewIntWithDecimal(1, d-1)
	upper = math.MinInt(upper, max)
	if lower.GT(upper) {
		return max
	}
	span := upper.Sub(lower).AddRaw(1)
	off := math.NewIntFromBigInt(new(big.Int).Rand(r, span.BigInt()))
	return lower.Add(off)
}
