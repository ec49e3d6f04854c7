package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"

	"github.com/azora-os/nexus/bench/stats"
)

// ComparisonSchema identifies the JSON layout of a comparison.
const ComparisonSchema = "nexus-bench/compare/v1"

// Comparison is a side-by-side run: the same load on the stock chain and on
// Nexus, alternating, with the medians of each chain and their ratios. Only
// ratios measured in one run are comparable: the machine's load changes
// between runs.
type Comparison struct {
	Schema   string                `json:"schema"`
	Scenario string                `json:"scenario"`
	Rounds   int                   `json:"rounds"`
	Order    [][]ChainKind         `json:"order"`
	Reports  []*Report             `json:"reports"`
	Medians  map[ChainKind]Medians `json:"medians"`
	// Ratio is Nexus / stock of the medians: above 1 means Nexus commits
	// more, waits longer or spends more CPU per transaction.
	Ratio Medians `json:"ratio_nexus_over_stock"`
	// RoundRatios is Nexus / stock committed tx/s of each round.
	RoundRatios []Ratio `json:"round_ratios"`
}

// Medians are the medians of a chain's rounds.
type Medians struct {
	TxPerSecond      float64 `json:"tx_per_second"`
	LatencyP50       float64 `json:"latency_p50_seconds"`
	LatencyP95       float64 `json:"latency_p95_seconds"`
	LatencyP99       float64 `json:"latency_p99_seconds"`
	NodeCPUMsPerTx   float64 `json:"node_cpu_ms_per_tx"`
	BlockInterval    float64 `json:"block_interval_p50_seconds"`
	TxsPerBlock      float64 `json:"txs_per_block_mean"`
	NodePeakRSSBytes float64 `json:"node_peak_rss_bytes"`
}

// Compare runs rounds rounds of each chain, alternating which goes first
// (stock, Nexus; then Nexus, stock; …) so that a drift in the machine's load
// falls on both equally, and returns the comparison. Each round's summary is
// written to out as soon as it is measured.
func (b *Bench) Compare(ctx context.Context, rounds int, out io.Writer) (*Comparison, error) {
	if rounds < 1 {
		return nil, fmt.Errorf("rounds must be at least 1, got %d", rounds)
	}
	c := &Comparison{Schema: ComparisonSchema, Scenario: b.Opts.Scenario, Rounds: rounds, Medians: map[ChainKind]Medians{}}
	byChain := map[ChainKind][]*Report{}
	for round := 1; round <= rounds; round++ {
		order := []ChainKind{Stock, Nexus}
		if round%2 == 0 {
			order = []ChainKind{Nexus, Stock}
		}
		c.Order = append(c.Order, order)
		for _, chain := range order {
			r, err := b.Round(ctx, chain, round)
			if err != nil {
				return c, fmt.Errorf("%s round %d: %w", chain, round, err)
			}
			if err := WriteSummary(out, r); err != nil {
				return c, err
			}
			if r.Profile != nil {
				if err := WriteProfileSummary(out, r.Profile); err != nil {
					return c, err
				}
			}
			if _, err := fmt.Fprintln(out); err != nil {
				return c, err
			}
			c.Reports = append(c.Reports, r)
			byChain[chain] = append(byChain[chain], r)
		}
		n, s := byChain[Nexus][round-1], byChain[Stock][round-1]
		c.RoundRatios = append(c.RoundRatios, Ratio(stats.Ratio(n.TxPerSecond, s.TxPerSecond)))
	}
	for chain, rs := range byChain {
		c.Medians[chain] = medians(rs)
	}
	n, s := c.Medians[Nexus], c.Medians[Stock]
	c.Ratio = Medians{
		TxPerSecond:      stats.Ratio(n.TxPerSecond, s.TxPerSecond),
		LatencyP50:       stats.Ratio(n.LatencyP50, s.LatencyP50),
		LatencyP95:       stats.Ratio(n.LatencyP95, s.LatencyP95),
		LatencyP99:       stats.Ratio(n.LatencyP99, s.LatencyP99),
		NodeCPUMsPerTx:   stats.Ratio(n.NodeCPUMsPerTx, s.NodeCPUMsPerTx),
		BlockInterval:    stats.Ratio(n.BlockInterval, s.BlockInterval),
		TxsPerBlock:      stats.Ratio(n.TxsPerBlock, s.TxsPerBlock),
		NodePeakRSSBytes: stats.Ratio(n.NodePeakRSSBytes, s.NodePeakRSSBytes),
	}
	return c, nil
}

func medians(rs []*Report) Medians {
	pick := func(f func(*Report) float64) float64 {
		xs := make([]float64, len(rs))
		for i, r := range rs {
			xs[i] = f(r)
		}
		return stats.Median(xs)
	}
	return Medians{
		TxPerSecond:      pick(func(r *Report) float64 { return r.TxPerSecond }),
		LatencyP50:       pick(func(r *Report) float64 { return r.LatencySeconds.P50 }),
		LatencyP95:       pick(func(r *Report) float64 { return r.LatencySeconds.P95 }),
		LatencyP99:       pick(func(r *Report) float64 { return r.LatencySeconds.P99 }),
		NodeCPUMsPerTx:   pick(func(r *Report) float64 { return r.NodeCPUMsPerTx }),
		BlockInterval:    pick(func(r *Report) float64 { return r.BlockIntervalSeconds.P50 }),
		TxsPerBlock:      pick(func(r *Report) float64 { return r.TxsPerBlock.Mean }),
		NodePeakRSSBytes: pick(func(r *Report) float64 { return float64(r.NodePeakRSSBytes) }),
	}
}

// WriteComparison prints the rounds, the medians and the ratios.
func WriteComparison(w io.Writer, c *Comparison) error {
	p := &printer{w: w}
	p.f("nexus-bench compare — %s, %d round(s), stock SDK v0.54.4 vs Nexus, same accounts, load and node settings\n", c.Scenario, c.Rounds)
	if len(c.Reports) > 0 {
		s := c.Reports[0].Setup
		rate := "as fast as the nodes accept"
		if s.Rate > 0 {
			rate = fmt.Sprintf("%.0f tx/s offered", s.Rate)
		}
		p.f("  %d validator(s), %s accounts, %d connections, %s, warm-up %s, window %s, timeout_commit %s\n",
			s.Validators, thousands(s.Accounts), s.Connections, rate, s.Warmup, s.Duration, s.Config["consensus.timeout_commit"])
	}
	p.f("  %-5s %-6s %9s %8s %8s %8s %10s %9s %9s %9s\n", "round", "chain", "tx/s", "p50 s", "p95 s", "p99 s", "CPU ms/tx", "cores", "txs/blk", "peak RSS")
	for _, r := range c.Reports {
		p.f("  %-5d %-6s %9.1f %8.2f %8.2f %8.2f %10.2f %9.2f %9.0f %9s\n", r.Round, r.Chain, r.TxPerSecond,
			r.LatencySeconds.P50, r.LatencySeconds.P95, r.LatencySeconds.P99, r.NodeCPUMsPerTx, r.NodeCPUCores, r.TxsPerBlock.Mean, mib(r.NodePeakRSSBytes))
	}
	for _, chain := range []ChainKind{Stock, Nexus} {
		m, ok := c.Medians[chain]
		if !ok {
			continue
		}
		p.f("  %-5s %-6s %9.1f %8.2f %8.2f %8.2f %10.2f %9s %9.0f %9s\n", "med.", chain, m.TxPerSecond,
			m.LatencyP50, m.LatencyP95, m.LatencyP99, m.NodeCPUMsPerTx, "", m.TxsPerBlock, mib(uint64(m.NodePeakRSSBytes)))
	}
	rounds := ""
	for i, r := range c.RoundRatios {
		if i > 0 {
			rounds += ", "
		}
		rounds += fmtRatio(float64(r))
	}
	p.f("  RATIO Nexus / stock: committed tx/s %s (rounds: %s); p50 latency %s; node CPU per tx %s\n",
		fmtRatio(c.Ratio.TxPerSecond), rounds, fmtRatio(c.Ratio.LatencyP50), fmtRatio(c.Ratio.NodeCPUMsPerTx))
	if math.IsNaN(c.Ratio.TxPerSecond) {
		p.f("  (no ratio: a chain committed nothing in its window; see the warnings above)\n")
	}
	return p.err
}

// MarshalJSON encodes an undefined ratio (NaN) as null.
func (m Medians) MarshalJSON() ([]byte, error) {
	type plain Medians
	bz, err := json.Marshal(plain(m))
	if err == nil {
		return bz, nil
	}
	fields := map[string]any{}
	v := reflect.ValueOf(m)
	for i := range v.NumField() {
		name := strings.Split(v.Type().Field(i).Tag.Get("json"), ",")[0]
		f := v.Field(i).Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			fields[name] = nil
		} else {
			fields[name] = f
		}
	}
	return json.Marshal(fields)
}

// Ratio is a ratio that encodes as null in JSON when it is undefined.
type Ratio float64

// MarshalJSON implements json.Marshaler.
func (r Ratio) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(r)) || math.IsInf(float64(r), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(r))
}
