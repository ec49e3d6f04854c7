// Package route advises how to pay: for a payer, a payee and an amount it
// recommends a direct bank transfer, an x/ledger transfer (a payment with a
// reference, idempotent), a ledger batch, or a forge escrow order, with the
// exact PIVC, the expected confirmation time and the reasons.
//
// A pure package: no I/O, no clock. The PIVC is x/pivc's own CoinFee, so the
// advice can never disagree with the chain. Rules and maths: README.md.
package route

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	sdkmath "cosmossdk.io/math"

	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// Method is a way to pay.
type Method string

// Methods, from the lightest to the most protective.
const (
	// MethodBank is a bank MsgSend: no reference, a retry can pay twice.
	MethodBank Method = "bank-send"
	// MethodLedger is x/ledger MsgTransfer with a reference: a retried
	// request cannot pay twice.
	MethodLedger Method = "ledger-transfer"
	// MethodBatch is x/ledger MsgBatchTransfer: this payment and the payer's
	// other pending ones in one transaction under one reference, all or
	// nothing.
	MethodBatch Method = "ledger-batch"
	// MethodEscrow is an x/forge order: the payer's money waits in escrow
	// until the payer confirms delivery (or an arbiter decides).
	MethodEscrow Method = "forge-escrow"
	// MethodNone: the chain would refuse the payment (see Reasons).
	MethodNone Method = "none"
)

// MaxReputation is x/mesh's reputation scale (1 000 000 = perfect).
const MaxReputation = 1_000_000

// Reputation is the payee's x/mesh reputation, if it has a mesh node.
type Reputation struct {
	Known bool
	Value uint32 // 0 … MaxReputation
}

// Limit is the payer's aegis velocity allowance in the payment's denom (the
// RemainingAllowance query). A nil *Limit means the denom is not limited.
type Limit struct {
	PerTx     sdkmath.Int // the tier's per-transaction limit
	Remaining sdkmath.Int // what is left of per_day in the rolling 24 h
}

// BlockStats are recent block intervals (consecutive header time
// differences), newest last; at least one is needed for a time estimate.
type BlockStats struct {
	Intervals []time.Duration
}

// Request is what the advice is about.
type Request struct {
	Payer, Payee string
	Denom        string
	Amount       sdkmath.Int
	// RateBps is x/pivc's rate_bps param (default 500).
	RateBps uint32
	// Exempt: the payer or payee is on x/pivc's exempt list (no PIVC).
	Exempt bool
	// PayeeReputation is the payee's reputation (unknown when it has no
	// mesh node).
	PayeeReputation Reputation
	// Limit is the payer's aegis allowance in Denom (nil: not limited).
	Limit *Limit
	// PendingPayments is how many other payments the payer has queued
	// right now (payroll); ≥ 1 makes a batch worthwhile.
	PendingPayments int
	// Blocks are recent block intervals.
	Blocks BlockStats
}

// Thresholds are the advice's policy knobs.
type Thresholds struct {
	// LowReputation: a payee below it is paid through escrow.
	LowReputation uint32
	// LargeFractionBps: an amount at or above this share of the payer's
	// per-transaction limit is "large" (paid through escrow); 0 turns it off.
	LargeFractionBps uint32
	// Large: per-denom absolute amounts at or above which a payment is
	// large (e.g. uazr → 100 000 AZR); a denom not listed has no absolute
	// threshold.
	Large map[string]sdkmath.Int
	// UnknownPayeeLarge: an unknown-reputation payee is paid through
	// escrow at or above this per-denom amount (denom not listed: never).
	UnknownPayeeLarge map[string]sdkmath.Int
	// BankMax: below this per-denom amount a one-off payment to a payee of
	// good reputation may go as a plain bank send (denom not listed:
	// always use a ledger transfer).
	BankMax map[string]sdkmath.Int
}

// DefaultThresholds: escrow below reputation 400 000, or at half the
// payer's per-transaction limit, or from 100 000 AZR; unknown payees through
// escrow from 1 000 AZR; bank sends only under 10 AZR.
func DefaultThresholds() Thresholds {
	azr := func(n int64) sdkmath.Int { return sdkmath.NewInt(n).MulRaw(1_000_000) }
	return Thresholds{
		LowReputation:     400_000,
		LargeFractionBps:  5_000,
		Large:             map[string]sdkmath.Int{"uazr": azr(100_000)},
		UnknownPayeeLarge: map[string]sdkmath.Int{"uazr": azr(1_000)},
		BankMax:           map[string]sdkmath.Int{"uazr": azr(10)},
	}
}

// Confirmation is the expected time from broadcast to a committed block.
type Confirmation struct {
	// Expected is the mean wait, P90 its 90th percentile.
	Expected time.Duration `json:"expected"`
	P90      time.Duration `json:"p90"`
	// Blocks is how many consecutive blocks the path needs before the
	// payer's money has moved (1 for all methods; escrow then waits for
	// people, see Reasons).
	Blocks int `json:"blocks"`
	// Known is false when there were no block intervals to estimate from.
	Known bool `json:"known"`
}

// Advice is the recommendation.
type Advice struct {
	Method Method `json:"method"`
	// Feasible is false when the chain would refuse the payment.
	Feasible bool `json:"feasible"`
	// Fee is the PIVC on the amount (in Denom); Debit = Amount + Fee is what
	// leaves the payer (gas aside).
	Fee   sdkmath.Int `json:"fee"`
	Debit sdkmath.Int `json:"debit"`
	// Confirmation is the expected confirmation time.
	Confirmation Confirmation `json:"confirmation"`
	// Reasons explain the choice, most important first.
	Reasons []string `json:"reasons"`
}

// Errors of a malformed request.
var (
	ErrInvalidRequest = errors.New("route: invalid request")
)

// Advise recommends a payment method. Rules, in order (README §1):
//
//  1. the amount exceeds the payer's per-tx limit or remaining daily
//     allowance → none (the chain refuses it; splitting it to stay under a
//     limit is structuring, never advised);
//  2. payee reputation below LowReputation, or the amount large (share of
//     the per-tx limit or absolute), or an unknown payee and an amount at or
//     above UnknownPayeeLarge → forge escrow;
//  3. other payments pending → ledger batch;
//  4. a small amount (below BankMax) to a known payee of good reputation →
//     bank send;
//  5. otherwise → ledger transfer.
func Advise(req Request, th Thresholds) (Advice, error) {
	if err := req.validate(); err != nil {
		return Advice{}, err
	}
	fee := sdkmath.ZeroInt()
	if !req.Exempt {
		f, err := pivctypes.CoinFee(req.Amount, req.RateBps)
		if err != nil {
			return Advice{}, fmt.Errorf("%w: %v", ErrInvalidRequest, err)
		}
		fee = f
	}
	adv := Advice{Feasible: true, Fee: fee, Debit: req.Amount.Add(fee), Confirmation: confirmation(req.Blocks)}
	if req.Exempt {
		adv.Reasons = append(adv.Reasons, "no PIVC: the payer or the payee is on x/pivc's exempt list")
	} else {
		adv.Reasons = append(adv.Reasons, fmt.Sprintf("PIVC %s%s = ceil(%s × %d / 10000); the payee receives exactly %s%s",
			fee, req.Denom, req.Amount, req.RateBps, req.Amount, req.Denom))
	}

	// 1. Limits.
	if l := req.Limit; l != nil {
		if req.Amount.GT(l.PerTx) {
			adv.Method, adv.Feasible = MethodNone, false
			adv.Reasons = append([]string{fmt.Sprintf("aegis would refuse it: %s%s is above the payer's per-transaction limit %s%s; ask an attester for a higher tier (splitting a payment to stay under a limit is structuring and is flagged)",
				req.Amount, req.Denom, l.PerTx, req.Denom)}, adv.Reasons...)
			return adv, nil
		}
		if req.Amount.GT(l.Remaining) {
			adv.Method, adv.Feasible = MethodNone, false
			adv.Reasons = append([]string{fmt.Sprintf("aegis would refuse it now: %s%s is above the %s%s left of the payer's rolling 24-hour limit; it can be paid once enough of the last 24 hours' sends leave the window",
				req.Amount, req.Denom, l.Remaining, req.Denom)}, adv.Reasons...)
			return adv, nil
		}
	}

	// 2. Escrow.
	var escrow []string
	rep := req.PayeeReputation
	if rep.Known && rep.Value < th.LowReputation {
		escrow = append(escrow, fmt.Sprintf("the payee's mesh reputation %d is below %d", rep.Value, th.LowReputation))
	}
	if l := req.Limit; l != nil && th.LargeFractionBps > 0 {
		bar := l.PerTx.MulRaw(int64(th.LargeFractionBps)).QuoRaw(10_000)
		if req.Amount.GTE(bar) && bar.IsPositive() {
			escrow = append(escrow, fmt.Sprintf("the amount is at least %d%% of the payer's per-transaction limit %s%s",
				th.LargeFractionBps/100, l.PerTx, req.Denom))
		}
	}
	if bar, ok := th.Large[req.Denom]; ok && req.Amount.GTE(bar) {
		escrow = append(escrow, fmt.Sprintf("the amount is at least the large-payment threshold %s%s", bar, req.Denom))
	}
	if bar, ok := th.UnknownPayeeLarge[req.Denom]; ok && !rep.Known && req.Amount.GTE(bar) {
		escrow = append(escrow, fmt.Sprintf("the payee has no mesh reputation and the amount is at least %s%s", bar, req.Denom))
	}
	if len(escrow) > 0 {
		adv.Method = MethodEscrow
		adv.Reasons = append(append(escrow,
			"pay through a forge order: amount + PIVC wait in escrow and reach the payee only when the payer confirms delivery (refund on cancel, expiry or a dispute an arbiter resolves); the payee must list the goods, service or labour first",
			"the order's placement confirms in one block; settlement waits for the payer's confirmation"),
			adv.Reasons...)
		return adv, nil
	}

	// 3. Batch.
	if req.PendingPayments > 0 {
		adv.Method = MethodBatch
		adv.Reasons = append([]string{fmt.Sprintf("the payer has %d other payment(s) pending: one MsgBatchTransfer pays all of them in one transaction under one reference, all or nothing, and a retry cannot pay twice; PIVC is charged per output, so batching neither saves nor costs fees", req.PendingPayments)}, adv.Reasons...)
		return adv, nil
	}

	// 4. Bank send for small payments to good payees.
	if bar, ok := th.BankMax[req.Denom]; ok && req.Amount.LT(bar) && rep.Known && rep.Value >= th.LowReputation {
		adv.Method = MethodBank
		adv.Reasons = append([]string{fmt.Sprintf("a small payment (under %s%s) to a payee of reputation %d: a plain bank send is enough; use a ledger transfer instead if the request may be retried", bar, req.Denom, rep.Value)}, adv.Reasons...)
		return adv, nil
	}

	// 5. Ledger transfer.
	adv.Method = MethodLedger
	why := "a ledger transfer with a reference: the payment is journalled under it and a retried request cannot pay twice"
	if rep.Known {
		why += fmt.Sprintf(" (payee reputation %d)", rep.Value)
	} else {
		why += " (the payee has no mesh reputation; the amount is below the escrow threshold)"
	}
	adv.Reasons = append([]string{why}, adv.Reasons...)
	return adv, nil
}

func (req Request) validate() error {
	switch {
	case req.Payer == "" || req.Payee == "":
		return fmt.Errorf("%w: payer and payee are required", ErrInvalidRequest)
	case req.Payer == req.Payee:
		return fmt.Errorf("%w: payer and payee are the same account", ErrInvalidRequest)
	case req.Denom == "":
		return fmt.Errorf("%w: denom is required", ErrInvalidRequest)
	case req.Amount.IsNil() || !req.Amount.IsPositive():
		return fmt.Errorf("%w: amount must be positive", ErrInvalidRequest)
	case req.RateBps > pivctypes.MaxRateBps:
		return fmt.Errorf("%w: rate %d bps is above the maximum %d", ErrInvalidRequest, req.RateBps, pivctypes.MaxRateBps)
	case req.PayeeReputation.Value > MaxReputation:
		return fmt.Errorf("%w: reputation %d is above %d", ErrInvalidRequest, req.PayeeReputation.Value, MaxReputation)
	case req.PendingPayments < 0:
		return fmt.Errorf("%w: pending payments %d is negative", ErrInvalidRequest, req.PendingPayments)
	}
	if l := req.Limit; l != nil {
		if l.PerTx.IsNil() || l.Remaining.IsNil() || l.PerTx.IsNegative() || l.Remaining.IsNegative() {
			return fmt.Errorf("%w: limits must be non-negative", ErrInvalidRequest)
		}
	}
	for _, d := range req.Blocks.Intervals {
		if d <= 0 {
			return fmt.Errorf("%w: block interval %s is not positive", ErrInvalidRequest, d)
		}
	}
	return nil
}

// confirmation estimates the wait from broadcast to the next committed
// block. A transaction arrives at a random moment of a block interval; the
// interval it lands in is length-biased (long intervals catch more
// arrivals), so with intervals T_i the wait W has
//
//	E[W] = Σ T_i² / (2 Σ T_i)
//	P(W > w) = Σ max(0, T_i − w) / Σ T_i
//
// (a uniform point in an interval picked with probability ∝ its length).
// P90 solves P(W > w) = 0.1 exactly on the piecewise-linear tail. CometBFT
// blocks are final once committed, so one block confirms.
func confirmation(bs BlockStats) Confirmation {
	iv := bs.Intervals
	if len(iv) == 0 {
		return Confirmation{Blocks: 1}
	}
	var sum, sq float64
	ts := make([]float64, len(iv))
	for i, d := range iv {
		s := d.Seconds()
		ts[i] = s
		sum += s
		sq += s * s
	}
	slices.Sort(ts)
	// Tail(w) = Σ max(0, T_i − w) / Σ T is decreasing and piecewise linear
	// with knots at the T_i; find w with Tail(w) = 0.1.
	target := 0.1 * sum
	var p90 float64
	lo := 0.0
	for i := range ts {
		// On [lo, ts[i]] the active set is ts[i:], of size k.
		k := float64(len(ts) - i)
		var rest float64
		for _, t := range ts[i:] {
			rest += t - lo
		}
		if rest-k*(ts[i]-lo) <= target {
			p90 = lo + (rest-target)/k
			break
		}
		lo = ts[i]
		p90 = lo
	}
	toDur := func(s float64) time.Duration { return time.Duration(math.Round(s * float64(time.Second))) }
	return Confirmation{Expected: toDur(sq / (2 * sum)), P90: toDur(p90), Blocks: 1, Known: true}
}
