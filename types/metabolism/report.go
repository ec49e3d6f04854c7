package metabolism

import (
	"sort"
	"time"

	"cosmossdk.io/math"
)

// Add adds o's numbers to b (b's height is left as it is).
func (b *Block) Add(o *Block) {
	for k, f := range o.Flows {
		mergeFlow(b.Flows, k, f)
	}
	for k, f := range o.Corridors {
		mergeFlow(b.Corridors, k, f)
	}
	for k, v := range o.Captured {
		b.Captured[k] = add(b.Captured[k], v)
	}
	for _, m := range [][2]map[string]math.Int{
		{b.ToGrowth, o.ToGrowth}, {b.ToUBO, o.ToUBO}, {b.UBOClaimed, o.UBOClaimed},
		{b.GrowthSpent, o.GrowthSpent}, {b.Minted, o.Minted}, {b.Burned, o.Burned},
	} {
		for k, v := range m[1] {
			m[0][k] = add(m[0][k], v)
		}
	}
	b.Checkpoints += o.Checkpoints
	b.Reconciled += o.Reconciled
	b.Mismatched += o.Mismatched
	for k, v := range o.ReconFailures {
		b.ReconFailures[k] += v
	}
	for k, v := range o.Refusals {
		b.Refusals[k] += v
	}
	for k, v := range o.ForgeOrders {
		b.ForgeOrders[k] += v
	}
	b.MeshFeedback += o.MeshFeedback
	b.Txs += o.Txs
	b.FailedTxs += o.FailedTxs
}

func mergeFlow[K comparable](m map[K]*Flow, k K, f *Flow) {
	dst := m[k]
	if dst == nil {
		dst = &Flow{Amount: math.ZeroInt()}
		m[k] = dst
	}
	dst.Amount = dst.Amount.Add(f.Amount)
	dst.Count += f.Count
}

// Report is the metabolism of a window of blocks, as `nexusd q ledger
// metabolism` prints it. Amounts are in base units; -o json prints this
// struct.
type Report struct {
	FromHeight int64     `json:"from_height"`
	ToHeight   int64     `json:"to_height"`
	Blocks     int64     `json:"blocks"`
	FromTime   time.Time `json:"from_time"`
	ToTime     time.Time `json:"to_time"`
	// Seconds is the time from the first block of the window to the last.
	Seconds int64  `json:"seconds"`
	Txs     uint64 `json:"txs"`
	// FailedTxs are committed transactions that failed.
	FailedTxs uint64 `json:"failed_txs"`

	// Denoms is the account-to-account volume, fees and velocity per denom.
	Denoms []DenomLine `json:"denoms"`
	// Flows are all value movements by denom, message type and kind.
	Flows []FlowLine `json:"flows"`
	// TopCorridors are the largest payer → payee flows, up to the limit per
	// denom, largest first.
	TopCorridors []CorridorLine `json:"top_corridors"`
	// Refusals are x/aegis refusals by article.
	Refusals []RefusalLine `json:"refusals"`
	// Checkpoints recorded in the window and how their reconciliations went.
	Checkpoints  uint64            `json:"checkpoints"`
	Reconciled   uint64            `json:"reconciled"`
	Mismatched   uint64            `json:"mismatched"`
	ForgeOrders  map[string]uint64 `json:"forge_orders"`
	MeshFeedback uint64            `json:"mesh_feedback"`
}

// DenomLine is one denom's metabolism.
type DenomLine struct {
	Denom string `json:"denom"`
	// Volume is the KindTransfer volume (value exchanged between accounts)
	// and Transfers the number of those movements.
	Volume    math.Int `json:"volume"`
	Transfers uint64   `json:"transfers"`
	// PIVC is the PIVC captured (every source), ToGrowth and ToUBO its
	// shares; UBOClaimed was claimed from the UBO pool.
	PIVC       math.Int `json:"pivc"`
	ToGrowth   math.Int `json:"to_growth"`
	ToUBO      math.Int `json:"to_ubo"`
	UBOClaimed math.Int `json:"ubo_claimed"`
	Minted     math.Int `json:"minted"`
	Burned     math.Int `json:"burned"`
	// Supply is the denom's supply at the end of the window.
	Supply math.Int `json:"supply"`
	// Velocity is Volume ÷ Supply: how many times the supply changed hands
	// between accounts in the window. VelocityPerDay scales it to 86,400
	// seconds of the window's block time (empty when the window spans no
	// time).
	Velocity       math.LegacyDec  `json:"velocity"`
	VelocityPerDay *math.LegacyDec `json:"velocity_per_day,omitempty"`
}

// FlowLine is one series of value movements.
type FlowLine struct {
	Denom   string   `json:"denom"`
	MsgType string   `json:"msg_type"`
	Kind    string   `json:"kind"`
	Amount  math.Int `json:"amount"`
	Count   uint64   `json:"count"`
}

// CorridorLine is one payer → payee flow.
type CorridorLine struct {
	From   string   `json:"from"`
	To     string   `json:"to"`
	Denom  string   `json:"denom"`
	Amount math.Int `json:"amount"`
	Count  uint64   `json:"count"`
}

// RefusalLine counts the refusals of one article.
type RefusalLine struct {
	Article string `json:"article"`
	Rule    string `json:"rule"`
	Source  string `json:"source"`
	Count   uint64 `json:"count"`
}

// Window is the input of NewReport: the sum of a window's blocks and what
// the chain looked like at its ends.
type Window struct {
	Sum               *Block
	FromHeight        int64
	ToHeight          int64
	FromTime, ToTime  time.Time
	Supply            map[string]math.Int
	CorridorsPerDenom int
}

// NewReport builds the report of a window.
func NewReport(w Window) Report {
	s := w.Sum
	r := Report{
		FromHeight: w.FromHeight, ToHeight: w.ToHeight, Blocks: w.ToHeight - w.FromHeight + 1,
		FromTime: w.FromTime.UTC(), ToTime: w.ToTime.UTC(),
		Txs: s.Txs, FailedTxs: s.FailedTxs,
		Checkpoints: s.Checkpoints, Reconciled: s.Reconciled, Mismatched: s.Mismatched,
		ForgeOrders: map[string]uint64{}, MeshFeedback: s.MeshFeedback,
		Denoms: []DenomLine{}, Flows: []FlowLine{}, TopCorridors: []CorridorLine{}, Refusals: []RefusalLine{},
	}
	for _, st := range []string{OrderPlaced, OrderAccepted, OrderDisputed, OrderHeld, OrderSettled, OrderRefunded} {
		r.ForgeOrders[st] = s.ForgeOrders[st]
	}
	if !w.FromTime.IsZero() && w.ToTime.After(w.FromTime) {
		r.Seconds = int64(w.ToTime.Sub(w.FromTime) / time.Second)
	}

	// Every denom that moved, was charged, minted or burned.
	denoms := map[string]bool{}
	for k := range s.Flows {
		denoms[k.Denom] = true
	}
	for k := range s.Captured {
		denoms[k.Denom] = true
	}
	for _, m := range []map[string]math.Int{s.UBOClaimed, s.Minted, s.Burned} {
		for d := range m {
			denoms[d] = true
		}
	}
	sorted := make([]string, 0, len(denoms))
	for d := range denoms {
		sorted = append(sorted, d)
	}
	sort.Strings(sorted)
	for _, d := range sorted {
		line := DenomLine{
			Denom: d, Volume: math.ZeroInt(), PIVC: math.ZeroInt(),
			ToGrowth: orZero(s.ToGrowth[d]), ToUBO: orZero(s.ToUBO[d]), UBOClaimed: orZero(s.UBOClaimed[d]),
			Minted: orZero(s.Minted[d]), Burned: orZero(s.Burned[d]), Supply: orZero(w.Supply[d]),
			Velocity: math.LegacyZeroDec(),
		}
		for k, f := range s.Flows {
			if k.Denom == d && k.Kind == KindTransfer {
				line.Volume = line.Volume.Add(f.Amount)
				line.Transfers += f.Count
			}
		}
		for k, v := range s.Captured {
			if k.Denom == d {
				line.PIVC = line.PIVC.Add(v)
			}
		}
		line.Velocity, line.VelocityPerDay = Velocity(line.Volume, line.Supply, r.Seconds)
		r.Denoms = append(r.Denoms, line)
	}

	for _, k := range SortedFlowKeys(s.Flows) {
		f := s.Flows[k]
		r.Flows = append(r.Flows, FlowLine{Denom: k.Denom, MsgType: k.MsgType, Kind: k.Kind, Amount: f.Amount, Count: f.Count})
	}
	r.TopCorridors = TopCorridors(s.Corridors, w.CorridorsPerDenom)

	for k, n := range s.Refusals {
		r.Refusals = append(r.Refusals, RefusalLine{Article: k.Article, Rule: k.Rule, Source: k.Source, Count: n})
	}
	sort.Slice(r.Refusals, func(i, j int) bool {
		a, b := r.Refusals[i], r.Refusals[j]
		if a.Article != b.Article {
			return len(a.Article) < len(b.Article) || (len(a.Article) == len(b.Article) && a.Article < b.Article)
		}
		return a.Source < b.Source
	})
	return r
}

// Velocity returns volume ÷ supply (zero when there is no supply) and, for a
// window of seconds > 0, the same scaled to a day.
func Velocity(volume, supply math.Int, seconds int64) (math.LegacyDec, *math.LegacyDec) {
	if supply.IsNil() || !supply.IsPositive() {
		return math.LegacyZeroDec(), nil
	}
	v := math.LegacyNewDecFromInt(volume).QuoInt(supply)
	if seconds <= 0 {
		return v, nil
	}
	perDay := v.MulInt64(86400).QuoInt64(seconds)
	return v, &perDay
}

// TopCorridors returns, for each denom, its largest corridors by amount (ties:
// by count, then by payer and payee), at most perDenom each (0: all).
func TopCorridors(corridors map[CorridorKey]*Flow, perDenom int) []CorridorLine {
	all := make([]CorridorLine, 0, len(corridors))
	for k, f := range corridors {
		all = append(all, CorridorLine{From: k.From, To: k.To, Denom: k.Denom, Amount: f.Amount, Count: f.Count})
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.Denom != b.Denom {
			return a.Denom < b.Denom
		}
		if !a.Amount.Equal(b.Amount) {
			return a.Amount.GT(b.Amount)
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.From != b.From {
			return a.From < b.From
		}
		return a.To < b.To
	})
	if perDenom <= 0 {
		return all
	}
	out := all[:0]
	n, denom := 0, ""
	for _, c := range all {
		if c.Denom != denom {
			denom, n = c.Denom, 0
		}
		if n < perDenom {
			out = append(out, c)
			n++
		}
	}
	return out
}

func orZero(v math.Int) math.Int {
	if v.IsNil() {
		return math.ZeroInt()
	}
	return v
}
