package keeper_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/app/apptesting"
)

// TestBalanceInvariantUnderRandomTransfers runs random mixes of sends and
// multi-sends (some of them short of amount + PIVC, so they fail) through
// the real app, several txs per block, and after every block checks:
//
//   - Σ balances of every account, module accounts and both pools included,
//     equals the supply (nothing is created or lost);
//   - every user balance equals a model that charges amount + ceil(5%) per
//     transfer (per output) plus gas, and nothing for failed txs;
//   - the pools and the totals equal the sum of the modelled fee splits.
func TestBalanceInvariantUnderRandomTransfers(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { runRandomTransfers(t, seed) })
	}
}

func runRandomTransfers(t *testing.T, seed int64) {
	rng := rand.New(rand.NewSource(seed)) //nolint:gosec // deterministic test data
	names := []string{"a", "b", "c", "d", "e", "f"}
	accounts := map[string]sdk.Coins{}
	for _, n := range names {
		accounts[n] = coins(200_000 + rng.Int63n(100_000))
	}
	ta := apptesting.Setup(t, apptesting.Options{Accounts: accounts})

	model := map[string]int64{}
	for _, n := range names {
		model[n] = ta.Balance(ta.Accounts[n].Addr, denom).Int64()
	}
	var captured, toGrowth, toUBO, failed, multi int64
	fee := func(a int64) int64 { return (a*500 + 9999) / 10000 }
	split := func(f int64) (int64, int64) { u := f * 4000 / 10000; return f - u, u }

	for block := 0; block < 15; block++ {
		// Each signer signs at most one tx per block (sequence numbers).
		signers := rng.Perm(len(names))[:1+rng.Intn(4)]
		var txs [][]byte
		type expect struct {
			ok     bool
			debits map[string]int64
			fees   []int64
		}
		var expects []expect
		for _, si := range signers {
			from := names[si]
			acc := ta.Accounts[from]
			// Txs of a block run in order, so the model is advanced tx by
			// tx as they are built.
			spendable := model[from] - gasFee // after the ante takes the gas fee
			ex := expect{debits: map[string]int64{}}
			var msg sdk.Msg
			// Amounts up to ~60% of the balance, sometimes more than it.
			pick := func() int64 {
				if rng.Intn(6) == 0 {
					return spendable - rng.Int63n(50) // close to, often over, the limit with PIVC
				}
				return 1 + rng.Int63n(spendable*6/10)
			}
			to := func() string {
				for {
					if n := names[rng.Intn(len(names))]; n != from {
						return n
					}
				}
			}
			if rng.Intn(3) == 0 {
				// Multi-send to 2-3 recipients.
				outs := []banktypes.Output{}
				var total, need int64
				for i := 0; i < 2+rng.Intn(2); i++ {
					r, a := to(), pick()/3
					if a < 1 {
						a = 1
					}
					outs = append(outs, banktypes.NewOutput(ta.Accounts[r].Addr, coins(a)))
					total += a
					need += a + fee(a)
					ex.debits[r] -= a
					ex.fees = append(ex.fees, fee(a))
				}
				ex.ok = need <= spendable
				ex.debits[from] += need
				multi++
				msg = banktypes.NewMsgMultiSend(banktypes.NewInput(acc.Addr, coins(total)), outs)
			} else {
				r, a := to(), pick()
				if a < 1 {
					a = 1
				}
				ex.ok = a+fee(a) <= spendable
				ex.debits[from] += a + fee(a)
				ex.debits[r] -= a
				ex.fees = []int64{fee(a)}
				msg = banktypes.NewMsgSend(acc.Addr, ta.Accounts[r].Addr, coins(a))
			}
			txs = append(txs, ta.SignTx(acc, apptesting.DefaultFee(), msg))
			expects = append(expects, ex)
			model[from] -= gasFee
			if ex.ok {
				for n, d := range ex.debits {
					model[n] -= d
				}
				for _, f := range ex.fees {
					g, u := split(f)
					captured, toGrowth, toUBO = captured+f, toGrowth+g, toUBO+u
				}
			}
		}

		res := ta.NextBlock(txs...)
		for i, si := range signers {
			from := names[si]
			r, ex := res.TxResults[i], expects[i]
			require.Equalf(t, ex.ok, r.Code == 0, "block %d tx %d (%s): %s", block, i, from, r.Log)
			ta.Accounts[from].Seq++
			if !ex.ok {
				require.Contains(t, r.Log, "insufficient funds")
				failed++
			}
		}

		ctx := ta.Ctx()
		for _, n := range names {
			require.Equalf(t, model[n], ta.Balance(ta.Accounts[n].Addr, denom).Int64(), "block %d: balance of %s", block, n)
		}
		require.Equal(t, toGrowth, ta.Balance(ta.PivcKeeper.GrowthPoolAddress(), denom).Int64(), "growth pool")
		require.Equal(t, toUBO, ta.Balance(ta.PivcKeeper.UBOPoolAddress(), denom).Int64(), "UBO pool")
		if captured > 0 {
			tot, err := ta.PivcKeeper.Totals.Get(ctx, denom)
			require.NoError(t, err)
			require.Equal(t, []int64{captured, toGrowth, toUBO}, []int64{tot.Captured.Int64(), tot.ToGrowth.Int64(), tot.ToUbo.Int64()})
		}

		// Σ balances (every account, module accounts and pools) = supply.
		sum := sdk.NewCoins()
		for _, b := range ta.BankKeeper.GetAccountsBalances(ctx) {
			sum = sum.Add(b.Coins...)
		}
		supply, _, err := ta.BankKeeper.GetPaginatedTotalSupply(ctx, nil)
		require.NoError(t, err)
		require.True(t, sum.Equal(supply), "block %d: Σ balances %s != supply %s", block, sum, supply)
	}
	// The mix exercised failures and multi-sends, not only happy sends.
	require.Positive(t, captured)
	require.Positive(t, failed)
	require.Positive(t, multi)
}
