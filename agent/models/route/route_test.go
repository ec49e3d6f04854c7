package route

import (
	"strings"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

func azr(n int64) sdkmath.Int { return sdkmath.NewInt(n).MulRaw(1_000_000) }

func secs(ss ...float64) BlockStats {
	var b BlockStats
	for _, s := range ss {
		b.Intervals = append(b.Intervals, time.Duration(s*float64(time.Second)))
	}
	return b
}

func TestAdvise(t *testing.T) {
	basic := &Limit{PerTx: azr(1_000), Remaining: azr(5_000)}
	good := Reputation{Known: true, Value: 800_000}
	base := func(f func(*Request)) Request {
		r := Request{Payer: "azora1payer", Payee: "azora1payee", Denom: "uazr", Amount: azr(100), RateBps: 500,
			PayeeReputation: good, Limit: basic, Blocks: secs(1, 1, 1, 1)}
		if f != nil {
			f(&r)
		}
		return r
	}
	for _, tc := range []struct {
		name      string
		req       Request
		method    Method
		feasible  bool
		fee       sdkmath.Int
		reason    string // a substring of the first reason
		expErr    string
		allReason string // a substring of any reason
	}{
		{name: "ledger transfer by default", req: base(nil), method: MethodLedger, feasible: true, fee: azr(5), reason: "reference"},
		{name: "small to a good payee: bank send", req: base(func(r *Request) { r.Amount = sdkmath.NewInt(3_000_000) }),
			method: MethodBank, feasible: true, fee: sdkmath.NewInt(150_000), reason: "bank send"},
		{name: "small to an unknown payee: ledger", req: base(func(r *Request) { r.Amount = sdkmath.NewInt(3_000_000); r.PayeeReputation = Reputation{} }),
			method: MethodLedger, feasible: true, fee: sdkmath.NewInt(150_000), reason: "no mesh reputation"},
		{name: "fee rounds up", req: base(func(r *Request) { r.Amount = sdkmath.NewInt(21) }),
			method: MethodBank, feasible: true, fee: sdkmath.NewInt(2), allReason: "ceil(21 × 500 / 10000)"},
		{name: "exempt", req: base(func(r *Request) { r.Exempt = true }), method: MethodLedger, feasible: true, fee: sdkmath.ZeroInt(), allReason: "exempt"},
		{name: "low reputation: escrow", req: base(func(r *Request) { r.PayeeReputation = Reputation{Known: true, Value: 399_999} }),
			method: MethodEscrow, feasible: true, fee: azr(5), reason: "reputation 399999 is below 400000"},
		{name: "reputation at the bar is fine", req: base(func(r *Request) { r.PayeeReputation = Reputation{Known: true, Value: 400_000} }),
			method: MethodLedger, feasible: true, fee: azr(5)},
		{name: "half the per-tx limit: escrow", req: base(func(r *Request) { r.Amount = azr(500) }),
			method: MethodEscrow, feasible: true, fee: azr(25), reason: "50% of the payer's per-transaction limit"},
		{name: "absolute large: escrow", req: base(func(r *Request) { r.Amount = azr(100_000); r.Limit = nil }),
			method: MethodEscrow, feasible: true, fee: azr(5_000), reason: "large-payment threshold"},
		{name: "unknown payee, 1000 AZR: escrow", req: base(func(r *Request) { r.Amount = azr(1_000); r.Limit = nil; r.PayeeReputation = Reputation{} }),
			method: MethodEscrow, feasible: true, fee: azr(50), reason: "no mesh reputation"},
		{name: "pending payments: batch", req: base(func(r *Request) { r.PendingPayments = 3 }),
			method: MethodBatch, feasible: true, fee: azr(5), reason: "3 other payment(s)"},
		{name: "escrow outranks batch", req: base(func(r *Request) { r.PendingPayments = 3; r.PayeeReputation.Value = 1 }),
			method: MethodEscrow, feasible: true, fee: azr(5)},
		{name: "over per-tx: refused", req: base(func(r *Request) { r.Amount = azr(1_001) }),
			method: MethodNone, feasible: false, fee: sdkmath.NewInt(50_050_000), reason: "per-transaction limit"},
		{name: "over the daily remainder: refused", req: base(func(r *Request) { r.Limit = &Limit{PerTx: azr(1_000), Remaining: azr(50)} }),
			method: MethodNone, feasible: false, fee: azr(5), reason: "rolling 24-hour limit"},
		{name: "same account", req: base(func(r *Request) { r.Payee = r.Payer }), expErr: "same account"},
		{name: "zero amount", req: base(func(r *Request) { r.Amount = sdkmath.ZeroInt() }), expErr: "amount must be positive"},
		{name: "nil amount", req: base(func(r *Request) { r.Amount = sdkmath.Int{} }), expErr: "amount must be positive"},
		{name: "no denom", req: base(func(r *Request) { r.Denom = "" }), expErr: "denom is required"},
		{name: "rate too high", req: base(func(r *Request) { r.RateBps = 1_001 }), expErr: "above the maximum"},
		{name: "reputation too high", req: base(func(r *Request) { r.PayeeReputation.Value = 1_000_001 }), expErr: "reputation"},
		{name: "bad interval", req: base(func(r *Request) { r.Blocks = secs(1, 0) }), expErr: "not positive"},
		{name: "negative limit", req: base(func(r *Request) { r.Limit = &Limit{PerTx: azr(-1), Remaining: azr(1)} }), expErr: "non-negative"},
		{name: "negative pending", req: base(func(r *Request) { r.PendingPayments = -1 }), expErr: "negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			adv, err := Advise(tc.req, DefaultThresholds())
			if tc.expErr != "" {
				require.ErrorIs(t, err, ErrInvalidRequest)
				require.ErrorContains(t, err, tc.expErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.method, adv.Method)
			require.Equal(t, tc.feasible, adv.Feasible)
			require.True(t, tc.fee.Equal(adv.Fee), "fee %s, want %s", adv.Fee, tc.fee)
			require.True(t, tc.req.Amount.Add(tc.fee).Equal(adv.Debit))
			require.NotEmpty(t, adv.Reasons)
			if tc.reason != "" {
				require.Contains(t, adv.Reasons[0], tc.reason)
			}
			if tc.allReason != "" {
				require.Contains(t, strings.Join(adv.Reasons, "\n"), tc.allReason)
			}
			require.True(t, adv.Confirmation.Known)
		})
	}
}

// TestFeeIsChainFee: the advice's PIVC is x/pivc's for any amount and rate.
func TestFeeIsChainFee(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		amt := sdkmath.NewIntFromUint64(rapid.Uint64Range(1, 1<<62).Draw(t, "amount"))
		rate := rapid.Uint32Range(0, pivctypes.MaxRateBps).Draw(t, "rate")
		adv, err := Advise(Request{Payer: "a", Payee: "b", Denom: "uazr", Amount: amt, RateBps: rate}, DefaultThresholds())
		if err != nil {
			t.Fatal(err)
		}
		want, err := pivctypes.CoinFee(amt, rate)
		if err != nil {
			t.Fatal(err)
		}
		if !want.Equal(adv.Fee) {
			t.Fatalf("fee %s, chain says %s", adv.Fee, want)
		}
	})
}

func TestConfirmation(t *testing.T) {
	for _, tc := range []struct {
		name          string
		bs            BlockStats
		expected, p90 time.Duration
		known         bool
	}{
		{"no blocks", BlockStats{}, 0, 0, false},
		// Constant 1 s blocks: wait uniform on [0, 1 s].
		{"steady 1s", secs(1, 1, 1, 1, 1), 500 * time.Millisecond, 900 * time.Millisecond, true},
		// 1 s and 3 s: E = (1+9)/(2·4) = 1.25 s; tail(w) = (max(0,1−w) + (3−w))/4 = 0.1 → w = 2.6 s.
		{"mixed", secs(3, 1), 1250 * time.Millisecond, 2600 * time.Millisecond, true},
		// One slow block among fast ones dominates the tail (length bias).
		{"one stall", secs(1, 1, 1, 1, 1, 1, 1, 1, 1, 11), 3250 * time.Millisecond, 9 * time.Second, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := confirmation(tc.bs)
			require.Equal(t, tc.known, c.Known)
			require.Equal(t, 1, c.Blocks)
			require.Equal(t, tc.expected, c.Expected)
			require.Equal(t, tc.p90, c.P90)
		})
	}
}
