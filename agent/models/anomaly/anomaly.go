// Package anomaly scores accounts for anomalous behaviour in a recent window
// against their own history, with the reasons: transfer sizes and velocity
// far from the account's own robust statistics, a sudden burst of new
// counterparties, circular flows among a few accounts, and structuring
// (many transfers just under an aegis per-transaction limit, or splitting
// that keeps a day just under the daily limit).
//
// A pure package: transfers in, scores out; no I/O, no clock, no
// randomness; the result does not depend on the order of the input. Maths,
// thresholds and how they were tuned: README.md.
package anomaly

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/azora-os/nexus/agent/models/flow"
)

// Detector names.
const (
	DetSize         = "size"
	DetVelocity     = "velocity"
	DetCounterparty = "new-counterparties"
	DetCircular     = "circular-flow"
	DetStructuring  = "structuring"
	DetDailySplit   = "daily-splitting"
)

// madToSigma: MAD × 1.4826 estimates σ of a normal sample.
const madToSigma = 1.4826

// Limit is an aegis velocity limit of one (tier, denom) in base units; a
// zero field means "not limited".
type Limit struct {
	PerTx, PerDay float64
}

// Limits tells the per-account limit of a denom (the account's tier's).
type Limits interface {
	Limit(account, denom string) (Limit, bool)
}

// Tier is an aegis verification tier: name and per-denom limits.
type Tier struct {
	Name   string
	Limits map[string]Limit
}

// TierTable implements Limits the way x/aegis does: an account's tier is
// AccountTier[account], and an account without one (unverified) or with a
// tier not in Tiers gets the first (lowest) tier.
type TierTable struct {
	Tiers       []Tier
	AccountTier map[string]string
}

// Limit implements Limits.
func (tt TierTable) Limit(account, denom string) (Limit, bool) {
	if len(tt.Tiers) == 0 {
		return Limit{}, false
	}
	tier := tt.Tiers[0]
	if name, ok := tt.AccountTier[account]; ok {
		for _, t := range tt.Tiers {
			if t.Name == name {
				tier = t
				break
			}
		}
	}
	l, ok := tier.Limits[denom]
	return l, ok
}

// Config holds every threshold. DefaultConfig's values were tuned on the
// synth tuning draw (README "Tuning").
type Config struct {
	// Window is the evaluation window ending at Input.End; History is the
	// baseline before it.
	Window, History time.Duration
	// MinHistory is the fewest past transfers (of one denom) the size
	// detector needs; MinHistoryWindows the fewest past windows of
	// existence the velocity detector needs.
	MinHistory, MinHistoryWindows int
	// Size: robust z of log(amount) against the account's own history,
	// ramped from SizeZ0 (score 0) to SizeZ1 (score 1); the MAD of logs is
	// floored at SizeMADFloor; the amount must also exceed the largest past
	// amount by SizeOverMax.
	SizeZ0, SizeZ1, SizeMADFloor, SizeOverMax float64
	// Velocity: transfers sent in the window against the past windows'
	// counts: robust z ramped VelZ0 → VelZ1, and the ratio to the busiest
	// past window ramped VelRatio0 → VelRatio1; the score is the smaller.
	// At least VelMinCount transfers.
	VelZ0, VelZ1, VelRatio0, VelRatio1 float64
	VelMinCount                        int
	// New counterparties: distinct recipients in the window never seen in
	// the history (either direction), against the binomial expectation from
	// the account's own rate of new counterparties; z ramped NewZ0 → NewZ1,
	// at least NewMin of them. Without history the rate is NewPrior.
	NewZ0, NewZ1, NewPrior float64
	NewMin                 int
	// Circular flows: cycles of CycleMinLen … CycleMaxLen accounts in the
	// window, legs in time order within CycleSpan, each leg's amount within
	// [CycleRatioLo, CycleRatioHi] × the previous leg's. A cycle scores
	// CycleScore per cycle through the account, capped at 1. The search
	// expands at most CycleBudget legs in total.
	CycleMinLen, CycleMaxLen   int
	CycleSpan                  time.Duration
	CycleRatioLo, CycleRatioHi float64
	CycleScore                 float64
	CycleBudget                int
	// Structuring: transfers in [(1−StructBand)·per_tx, per_tx] in the
	// window, beyond the account's past rate, ramped StructK0 → StructK1.
	StructBand, StructK0, StructK1 float64
	// Daily splitting: the largest rolling-24h sum ending in the window as a
	// share of per_day, ramped SplitShare0 → SplitShare1, from at least
	// SplitMinCount transfers, and at least SplitOverP90 × the account's
	// 90th-percentile past day.
	SplitShare0, SplitShare1, SplitOverP90 float64
	SplitMinCount                          int
	// Threshold flags an account whose combined score reaches it.
	Threshold float64
}

// DefaultConfig: a 24-hour window, 28 days of history.
func DefaultConfig() Config {
	return Config{
		Window: 24 * time.Hour, History: 28 * 24 * time.Hour,
		MinHistory: 8, MinHistoryWindows: 7,
		SizeZ0: 4, SizeZ1: 6, SizeMADFloor: 0.25, SizeOverMax: 1.5,
		VelZ0: 3, VelZ1: 6, VelRatio0: 1.3, VelRatio1: 2, VelMinCount: 6,
		NewZ0: 3, NewZ1: 6, NewPrior: 0.5, NewMin: 6,
		CycleMinLen: 3, CycleMaxLen: 4, CycleSpan: 12 * time.Hour, CycleRatioLo: 0.7, CycleRatioHi: 1.0,
		CycleScore: 0.6, CycleBudget: 200_000,
		StructBand: 0.1, StructK0: 1.5, StructK1: 3.5,
		SplitShare0: 0.75, SplitShare1: 0.85, SplitOverP90: 2, SplitMinCount: 3,
		Threshold: 0.5,
	}
}

// Input is what is scored.
type Input struct {
	// End is the end of the evaluation window (the block time of the last
	// processed block); the window is [End−Window, End), the history
	// [End−Window−History, End−Window).
	End time.Time
	// Transfers cover at least the history and the window (others are
	// ignored), in any order.
	Transfers []flow.Transfer
	// Limits are the aegis limits (nil: the structuring detectors are off).
	Limits Limits
}

// Reason is one detector's finding.
type Reason struct {
	Detector string  `json:"detector"`
	Score    float64 `json:"score"`
	Detail   string  `json:"detail"`
}

// Result is one account's score.
type Result struct {
	Account string `json:"account"`
	// Score combines the detectors' scores s_d ∈ [0,1] as 1 − Π(1 − s_d).
	Score   float64  `json:"score"`
	Flagged bool     `json:"flagged"`
	Reasons []Reason `json:"reasons"`
	// Sent is the number of transfers the account sent in the window.
	Sent int `json:"sent"`
}

// PPM is the score in millionths (x/mesh's integer scale).
func (r Result) PPM() uint32 { return uint32(math.Round(r.Score * 1e6)) }

// Report is the outcome of one scoring run.
type Report struct {
	// Results: every account that sent in the window or lies on a cycle,
	// by score (highest first), then account.
	Results []Result `json:"results"`
	// CycleSearchTruncated is true when the cycle search hit CycleBudget.
	CycleSearchTruncated bool `json:"cycle_search_truncated"`
}

// Validate reports an unusable Config.
func (c Config) Validate() error {
	switch {
	case c.Window <= 0 || c.History < c.Window:
		return fmt.Errorf("anomaly: window %s and history %s: need 0 < window ≤ history", c.Window, c.History)
	case c.SizeZ1 <= c.SizeZ0 || c.VelZ1 <= c.VelZ0 || c.VelRatio1 <= c.VelRatio0 || c.NewZ1 <= c.NewZ0 ||
		c.StructK1 <= c.StructK0 || c.SplitShare1 <= c.SplitShare0:
		return fmt.Errorf("anomaly: every ramp needs its upper end above its lower end")
	case c.CycleMinLen < 2 || c.CycleMaxLen < c.CycleMinLen || c.CycleMaxLen > 6:
		return fmt.Errorf("anomaly: cycle lengths %d…%d: need 2 ≤ min ≤ max ≤ 6", c.CycleMinLen, c.CycleMaxLen)
	case c.CycleBudget < 1 || c.CycleSpan <= 0:
		return fmt.Errorf("anomaly: cycle budget and span must be positive")
	case !(c.Threshold > 0 && c.Threshold <= 1):
		return fmt.Errorf("anomaly: threshold %v is not in (0, 1]", c.Threshold)
	case c.SizeMADFloor <= 0 || c.NewPrior <= 0 || c.NewPrior >= 1 || c.StructBand <= 0 || c.StructBand >= 1:
		return fmt.Errorf("anomaly: MAD floor, prior and band must be in range")
	}
	return nil
}

// ramp maps x linearly from [lo, hi] onto [0, 1], clamped.
func ramp(x, lo, hi float64) float64 {
	switch {
	case math.IsNaN(x) || x <= lo:
		return 0
	case x >= hi:
		return 1
	}
	return (x - lo) / (hi - lo)
}

// medianMAD returns the median and the MAD (median absolute deviation) of x.
func medianMAD(x []float64) (med, mad float64) {
	s := slices.Clone(x)
	slices.Sort(s)
	med = stat.Quantile(0.5, stat.LinInterp, s, nil)
	for i, v := range s {
		s[i] = math.Abs(v - med)
	}
	slices.Sort(s)
	return med, stat.Quantile(0.5, stat.LinInterp, s, nil)
}

// account gathers one account's transfers.
type account struct {
	id                string
	sentHist, sentWin []flow.Transfer // canonical order
	first             time.Time       // first transfer in either direction in the history
	seen              map[string]bool // counterparties in the history, either direction
	hasHistory        bool
	reasons           []Reason
	onCycle           int
	cycleExample      string
}

// Score scores every account that sent in the window or lies on a cycle in
// it.
func Score(in Input, cfg Config) (Report, error) {
	if err := cfg.Validate(); err != nil {
		return Report{}, err
	}
	winStart := in.End.Add(-cfg.Window)
	histStart := winStart.Add(-cfg.History)
	ts := flow.Sorted(in.Transfers)
	accts := map[string]*account{}
	get := func(id string) *account {
		a, ok := accts[id]
		if !ok {
			a = &account{id: id, seen: map[string]bool{}}
			accts[id] = a
		}
		return a
	}
	var window []flow.Transfer
	for _, t := range ts {
		switch {
		case t.Time.Before(histStart) || !t.Time.Before(in.End):
			continue
		case t.Time.Before(winStart):
			from, to := get(t.From), get(t.To)
			from.sentHist = append(from.sentHist, t)
			if !from.hasHistory {
				// An account's own history starts with the first
				// transfer it sent: being paid does not make an
				// account's quiet days part of its sending baseline.
				from.first, from.hasHistory = t.Time, true
			}
			from.seen[t.To] = true
			to.seen[t.From] = true
		default:
			window = append(window, t)
			get(t.From).sentWin = append(get(t.From).sentWin, t)
		}
	}

	truncated := cycles(window, get, cfg)

	ids := make([]string, 0, len(accts))
	for id, a := range accts {
		if len(a.sentWin) > 0 || a.onCycle > 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var rep Report
	rep.CycleSearchTruncated = truncated
	for _, id := range ids {
		a := accts[id]
		sizeReason(a, cfg)
		velocityReason(a, winStart, cfg)
		counterpartyReason(a, winStart, cfg)
		if in.Limits != nil {
			structuringReasons(a, in.Limits, winStart, cfg)
		}
		if a.onCycle > 0 {
			a.reasons = append(a.reasons, Reason{DetCircular, math.Min(1, cfg.CycleScore*float64(a.onCycle)),
				fmt.Sprintf("on %d circular flow(s) within %s, e.g. %s", a.onCycle, cfg.CycleSpan, a.cycleExample)})
		}
		res := Result{Account: id, Sent: len(a.sentWin)}
		keep := 1.0
		for _, r := range a.reasons {
			if r.Score > 0 {
				res.Reasons = append(res.Reasons, r)
				keep *= 1 - r.Score
			}
		}
		res.Score = 1 - keep
		res.Flagged = res.Score >= cfg.Threshold
		slices.SortStableFunc(res.Reasons, func(x, y Reason) int {
			return cmp.Or(cmp.Compare(y.Score, x.Score), strings.Compare(x.Detector, y.Detector))
		})
		rep.Results = append(rep.Results, res)
	}
	slices.SortStableFunc(rep.Results, func(x, y Result) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), strings.Compare(x.Account, y.Account))
	})
	return rep, nil
}

// byDenom splits transfers by denom, denoms sorted.
func byDenom(ts []flow.Transfer) ([]string, map[string][]flow.Transfer) {
	m := map[string][]flow.Transfer{}
	for _, t := range ts {
		m[t.Denom] = append(m[t.Denom], t)
	}
	ds := make([]string, 0, len(m))
	for d := range m {
		ds = append(ds, d)
	}
	slices.Sort(ds)
	return ds, m
}

// sizeReason: per denom, z = (log x − median(log past)) / max(1.4826·MAD, floor)
// for the largest window transfer, which must also exceed SizeOverMax × the
// largest past transfer.
func sizeReason(a *account, cfg Config) {
	denoms, win := byDenom(a.sentWin)
	_, hist := byDenom(a.sentHist)
	best := Reason{Detector: DetSize}
	for _, d := range denoms {
		h := hist[d]
		if len(h) < cfg.MinHistory {
			continue
		}
		logs := make([]float64, len(h))
		var maxPast float64
		for i, t := range h {
			logs[i] = math.Log(math.Max(t.Amount, 1))
			maxPast = math.Max(maxPast, t.Amount)
		}
		med, mad := medianMAD(logs)
		s := math.Max(madToSigma*mad, cfg.SizeMADFloor)
		var top flow.Transfer
		for _, t := range win[d] {
			if t.Amount > top.Amount {
				top = t
			}
		}
		z := (math.Log(math.Max(top.Amount, 1)) - med) / s
		sc := ramp(z, cfg.SizeZ0, cfg.SizeZ1)
		if top.Amount < cfg.SizeOverMax*maxPast {
			sc = 0
		}
		if sc > best.Score {
			best = Reason{DetSize, sc, fmt.Sprintf("sent %.0f%s, %.1f robust SDs above its median %.0f%s (%d past transfers, largest %.0f)",
				top.Amount, d, z, math.Exp(med), d, len(h), maxPast)}
		}
	}
	if best.Score > 0 {
		a.reasons = append(a.reasons, best)
	}
}

// windowCounts returns the number of transfers sent in each past window
// since the account's first activity (oldest first, whole windows only).
func windowCounts(a *account, winStart time.Time, w time.Duration) []float64 {
	if !a.hasHistory {
		return nil
	}
	n := int(winStart.Sub(a.first) / w)
	counts := make([]float64, n)
	for _, t := range a.sentHist {
		k := int(winStart.Sub(t.Time) / w) // 0 = the window just before
		if k < n {
			counts[n-1-k]++
		}
	}
	return counts
}

// velocityReason: the window's count c against past windows: z = (c − med)
// / max(1.4826·MAD, √med, 1) (a Poisson floor) and c / max(past max, 1);
// the score is the smaller ramp.
func velocityReason(a *account, winStart time.Time, cfg Config) {
	c := float64(len(a.sentWin))
	counts := windowCounts(a, winStart, cfg.Window)
	if len(counts) < cfg.MinHistoryWindows || len(a.sentWin) < cfg.VelMinCount {
		return
	}
	med, mad := medianMAD(counts)
	s := math.Max(math.Max(madToSigma*mad, math.Sqrt(med)), 1)
	z := (c - med) / s
	maxPast := slices.Max(counts)
	ratio := c / math.Max(maxPast, 1)
	sc := math.Min(ramp(z, cfg.VelZ0, cfg.VelZ1), ramp(ratio, cfg.VelRatio0, cfg.VelRatio1))
	if sc > 0 {
		a.reasons = append(a.reasons, Reason{DetVelocity, sc, fmt.Sprintf("sent %d transfers in %s; past windows: median %.0f, busiest %.0f (%d windows), %.1f robust SDs",
			len(a.sentWin), cfg.Window, med, maxPast, len(counts), z)})
	}
}

// counterpartyReason: k distinct recipients in the window never seen in the
// history out of n window transfers; the account's own rate p of first-time
// recipients in the second half of its history (Laplace-smoothed; NewPrior
// without history) gives z = (k − n·p) / √(n·p·(1−p) + 1).
func counterpartyReason(a *account, winStart time.Time, cfg Config) {
	n := len(a.sentWin)
	newSet := map[string]bool{}
	for _, t := range a.sentWin {
		if !a.seen[t.To] {
			newSet[t.To] = true
		}
	}
	k := len(newSet)
	if k < cfg.NewMin {
		return
	}
	p := cfg.NewPrior
	if len(a.sentHist) >= cfg.MinHistory {
		mid := a.first.Add(winStart.Sub(a.first) / 2)
		seen := map[string]bool{}
		var fresh, total int
		for _, t := range a.sentHist {
			if !t.Time.Before(mid) {
				total++
				if !seen[t.To] {
					fresh++
				}
			}
			seen[t.To] = true
		}
		p = (float64(fresh) + 1) / (float64(total) + 2)
	}
	z := (float64(k) - float64(n)*p) / math.Sqrt(float64(n)*p*(1-p)+1)
	sc := ramp(z, cfg.NewZ0, cfg.NewZ1)
	if sc > 0 {
		a.reasons = append(a.reasons, Reason{DetCounterparty, sc, fmt.Sprintf("paid %d new counterparties in %d transfers; its usual share of new ones is %.0f%% (%.1f SDs above)",
			k, n, 100*p, z)})
	}
}

// structuringReasons: per limited denom, (a) transfers in the window within
// StructBand under per_tx, beyond the past rate of such transfers per
// window; (b) the largest rolling-24h sum ending at a window transfer, as a
// share of per_day, from ≥ SplitMinCount transfers, unusual for the account
// (≥ SplitOverP90 × its 90th-percentile past day).
func structuringReasons(a *account, lim Limits, winStart time.Time, cfg Config) {
	denoms, win := byDenom(a.sentWin)
	_, hist := byDenom(a.sentHist)
	var bestTx, bestDay Reason
	for _, d := range denoms {
		l, ok := lim.Limit(a.id, d)
		if !ok {
			continue
		}
		if l.PerTx > 0 {
			lo := (1 - cfg.StructBand) * l.PerTx
			near := func(ts []flow.Transfer) int {
				k := 0
				for _, t := range ts {
					if t.Amount >= lo && t.Amount <= l.PerTx {
						k++
					}
				}
				return k
			}
			k := near(win[d])
			expected := 0.0
			if a.hasHistory {
				if nw := winStart.Sub(a.first) / cfg.Window; nw >= 1 {
					expected = float64(near(hist[d])) / float64(nw)
				}
			}
			sc := ramp(float64(k)-expected, cfg.StructK0, cfg.StructK1)
			if sc > bestTx.Score {
				bestTx = Reason{DetStructuring, sc, fmt.Sprintf("%d transfers of %s within %.0f%% under the per-transaction limit %.0f (past rate %.2f a window)",
					k, d, 100*cfg.StructBand, l.PerTx, expected)}
			}
		}
		if l.PerDay > 0 {
			all := append(slices.Clone(hist[d]), win[d]...) // canonical order kept: history precedes the window
			var bestSum float64
			var bestN int
			lo := 0
			var sum float64
			for hi, t := range all {
				sum += t.Amount
				for all[lo].Time.Add(24*time.Hour).Compare(t.Time) <= 0 {
					sum -= all[lo].Amount
					lo++
				}
				if !t.Time.Before(winStart) && sum > bestSum {
					bestSum, bestN = sum, hi-lo+1
				}
			}
			days := dailySums(hist[d], a, winStart)
			p90 := 0.0
			if len(days) > 0 {
				slices.Sort(days)
				p90 = stat.Quantile(0.9, stat.Empirical, days, nil)
			}
			share := bestSum / l.PerDay
			sc := ramp(share, cfg.SplitShare0, cfg.SplitShare1)
			if bestN < cfg.SplitMinCount || bestSum < cfg.SplitOverP90*p90 {
				sc = 0
			}
			if sc > bestDay.Score {
				bestDay = Reason{DetDailySplit, sc, fmt.Sprintf("%.0f%s in %d transfers within 24 h: %.0f%% of the daily limit %.0f, %.1f× its usual busy day (%.0f)",
					bestSum, d, bestN, 100*share, l.PerDay, bestSum/math.Max(p90, 1), p90)}
			}
		}
	}
	for _, r := range []Reason{bestTx, bestDay} {
		if r.Score > 0 {
			a.reasons = append(a.reasons, r)
		}
	}
}

// dailySums returns the amount sent in each past 24-hour period since the
// account's first activity (whole periods, aligned on the window start).
func dailySums(h []flow.Transfer, a *account, winStart time.Time) []float64 {
	if !a.hasHistory {
		return nil
	}
	n := int(winStart.Sub(a.first) / (24 * time.Hour))
	sums := make([]float64, n)
	for _, t := range h {
		k := int(winStart.Sub(t.Time) / (24 * time.Hour))
		if k < n {
			sums[n-1-k] += t.Amount
		}
	}
	return sums
}
