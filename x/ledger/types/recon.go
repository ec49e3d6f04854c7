package types

import (
	"math/big"
	"sort"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Roles of a reconciled module account.
const (
	// RolePivcPool marks the PIVC growth and UBO pools: together their
	// balance change must equal the fees journalled plus their flows.
	RolePivcPool = "pivc_pool"
	// RoleMintBurn marks an account that may mint or burn: its balance
	// change beyond its flows is minted − burned, which must add up to the
	// supply change.
	RoleMintBurn = "mint_burn"
	// RoleEscrow marks an account that holds value for users: its balance
	// change must equal its flows.
	RoleEscrow = "escrow"
)

// Reconciliation checks.
const (
	CheckPivcFees  = "pivc_fees"
	CheckPivcPools = "pivc_pools"
	CheckAccount   = "account"
	CheckSupply    = "supply"
	// CheckOverflow reports a running sum of the period that saturated at
	// 2^256 - 1 (types/satmath): the period cannot be reconciled.
	CheckOverflow = "overflow"
)

// Names of the running sums in SaturatedSum.Sum.
const (
	SumFees = "fees"
	SumIn   = "in"
	SumOut  = "out"
)

// saturatedAt is 2^256 - 1, where a saturated sum stops.
var saturatedAt = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// Mismatch is one reconciliation check that did not match. Expected and
// Actual are unbounded integers: differences and sums of 256-bit amounts
// may need more bits, and the reconciliation must never panic in EndBlock.
type Mismatch struct {
	Check    string
	Account  string
	Denom    string
	Expected *big.Int
	Actual   *big.Int
}

// IntString prints an unbounded integer of a Mismatch ("" for nil).
func IntString(i *big.Int) string {
	if i == nil {
		return ""
	}
	return i.String()
}

// ReconNow is what the chain holds at a checkpoint.
type ReconNow struct {
	// PivcCaptured is x/pivc's captured total per denom.
	PivcCaptured sdk.Coins
	// Balances are the reconciled accounts' balances, by address.
	Balances map[string]sdk.Coins
	// Supply is bank's supply.
	Supply sdk.Coins
}

// Reconcile compares what the journal recorded since the baseline (state)
// with what the chain holds now. accounts are the reconciled module
// accounts; untracked denoms are left out of the supply check. It checks,
// per denom:
//
//  1. pivc_fees: Σ fee of the entries = Δ PIVC captured (x/pivc totals);
//  2. pivc_pools: Δ (growth + UBO balances) = Σ fee + Σ in − Σ out of the
//     two pools;
//  3. account (escrow accounts): Δ balance = in − out;
//  4. supply: Δ supply = minted − burned, where minted − burned is what
//     the mint/burn accounts' balances changed beyond their flows.
//
// An account without a baseline (added since the last checkpoint) is not
// checked this time; without a baseline for every mint/burn account the
// supply check is skipped. The result is sorted (check, account, denom).
func Reconcile(state ReconState, accounts []ReconciledAccount, now ReconNow, untracked map[string]bool) []Mismatch {
	base := map[string]sdk.Coins{}
	for _, b := range state.Baseline.Balances {
		base[b.Address] = b.Coins
	}
	flows := map[string]AccountFlow{}
	for _, f := range state.Flows {
		flows[f.Address] = f
	}
	var out []Mismatch
	add := func(check, account string, expected, actual map[string]*big.Int) {
		for _, d := range sortedDenoms(expected, actual) {
			e, a := get(expected, d), get(actual, d)
			if e.Cmp(a) != 0 {
				out = append(out, Mismatch{Check: check, Account: account, Denom: d, Expected: e, Actual: a})
			}
		}
	}
	// A saturated running sum: its checks cannot hold this period.
	// Expected is left nil (nothing can be expected of a sum that stopped
	// counting); Actual is where it stopped.
	for _, s := range state.Saturated {
		out = append(out, Mismatch{Check: CheckOverflow, Account: s.Account, Denom: s.Denom, Actual: saturatedAt})
	}

	// 1. fees
	add(CheckPivcFees, "", toMap(state.Fees), diff(now.PivcCaptured, state.Baseline.PivcCaptured))

	// 2. pools, 3. escrow, and the minted − burned of 4.
	poolExp, poolAct := toMap(state.Fees), map[string]*big.Int{}
	poolsOK, poolAccount := true, ""
	minted, supplyOK := map[string]*big.Int{}, true
	for _, acc := range accounts {
		b, ok := base[acc.Address]
		f := flows[acc.Address]
		switch acc.Role {
		case RolePivcPool:
			if poolAccount == "" {
				poolAccount = acc.Address
			}
			if !ok {
				poolsOK = false
				continue
			}
			addTo(poolExp, diff(f.In, f.Out))
			addTo(poolAct, diff(now.Balances[acc.Address], b))
		case RoleEscrow:
			if ok {
				add(CheckAccount, acc.Address, diff(f.In, f.Out), diff(now.Balances[acc.Address], b))
			}
		case RoleMintBurn:
			if !ok {
				supplyOK = false
				continue
			}
			addTo(minted, diff(now.Balances[acc.Address], b))
			subFrom(minted, diff(f.In, f.Out))
		}
	}
	if poolsOK {
		add(CheckPivcPools, poolAccount, poolExp, poolAct)
	}
	if supplyOK {
		actual := diff(now.Supply, state.Baseline.Supply)
		for d := range untracked {
			delete(minted, d)
			delete(actual, d)
		}
		add(CheckSupply, "", minted, actual)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Check != out[j].Check {
			return out[i].Check < out[j].Check
		}
		if out[i].Account != out[j].Account {
			return out[i].Account < out[j].Account
		}
		return out[i].Denom < out[j].Denom
	})
	return out
}

func toMap(c sdk.Coins) map[string]*big.Int {
	m := make(map[string]*big.Int, len(c))
	for _, x := range c {
		if !x.Amount.IsNil() {
			m[x.Denom] = x.Amount.BigInt()
		}
	}
	return m
}

// diff returns a − b per denom (may be negative).
func diff(a, b sdk.Coins) map[string]*big.Int {
	m := toMap(a)
	for _, x := range b {
		if !x.Amount.IsNil() {
			m[x.Denom] = new(big.Int).Sub(get(m, x.Denom), x.Amount.BigIntMut())
		}
	}
	return m
}

func addTo(m, d map[string]*big.Int) {
	for k, v := range d {
		m[k] = new(big.Int).Add(get(m, k), v)
	}
}

func subFrom(m, d map[string]*big.Int) {
	for k, v := range d {
		m[k] = new(big.Int).Sub(get(m, k), v)
	}
}

// get returns m[d], or a fresh zero. The result is never mutated.
func get(m map[string]*big.Int, d string) *big.Int {
	if v, ok := m[d]; ok && v != nil {
		return v
	}
	return new(big.Int)
}

func sortedDenoms(ms ...map[string]*big.Int) []string {
	set := map[string]struct{}{}
	for _, m := range ms {
		for d := range m {
			set[d] = struct{}{}
		}
	}
	out := make([]string, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}
