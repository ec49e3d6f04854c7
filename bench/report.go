package bench

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/azora-os/nexus/bench/stats"
)

// ReportSchema identifies the JSON layout of a report.
const ReportSchema = "nexus-bench/v1"

// Report is the measurement of one chain in one round.
type Report struct {
	Schema   string    `json:"schema"`
	Chain    ChainKind `json:"chain"`
	Binary   string    `json:"binary"`
	Version  string    `json:"version"`
	Scenario string    `json:"scenario"`
	// Kinds counts the planned transactions by what they do on this chain.
	Kinds map[TxKind]int `json:"kinds"`
	Round int            `json:"round"`

	Setup Setup `json:"setup"`

	// Window is the measurement after warm-up: the blocks committed in it
	// and the committed (successful) bench transactions they hold.
	Window stats.Window `json:"window"`
	// TxPerSecond is the committed throughput over the window.
	TxPerSecond float64 `json:"tx_per_second"`
	// OfferedPerSecond is the rate at which CheckTx accepted the bench's
	// transactions during the window.
	OfferedPerSecond float64 `json:"offered_per_second"`

	// Counts over the whole run (warm-up, window and drain). Accepted counts
	// the submissions CheckTx answered with code 0; a submission the end of
	// the load cut off before its answer may still be committed, so
	// Committed can exceed Accepted by a few.
	Planned   int `json:"planned"`
	Attempts  int `json:"attempts"`
	Accepted  int `json:"accepted"`
	Committed int `json:"committed"`
	// FailedInBlock are transactions committed with a non-zero code.
	FailedInBlock int `json:"failed_in_block"`
	// NotCommitted were accepted by CheckTx but not seen in a block before
	// the drain ended.
	NotCommitted int `json:"not_committed"`
	// Skipped belong to accounts whose earlier transaction was refused.
	Skipped int `json:"skipped"`
	// Rejections counts refusals by cause: "checktx: <codespace>/<code>",
	// "in block: <codespace>/<code>" or an RPC error ("rpc: mempool is full").
	Rejections map[string]int `json:"rejections"`
	// RejectionSamples holds one message per cause.
	RejectionSamples map[string]string `json:"rejection_samples,omitempty"`

	// LatencySeconds is submit → commit of the window's transactions: from
	// the start of the accepted broadcast_tx_sync to the moment node 0
	// reported the block committed.
	LatencySeconds stats.Summary `json:"latency_seconds"`
	// BlockIntervalSeconds is the difference of consecutive block times
	// (header time) over the window.
	BlockIntervalSeconds stats.Summary `json:"block_interval_seconds"`
	// TxsPerBlock counts every transaction of the window's blocks.
	TxsPerBlock stats.Summary `json:"txs_per_block"`
	// GasUsed is the gas of the committed transactions by kind.
	GasUsed map[TxKind]stats.Summary `json:"gas_used"`

	// Node resources over the window (summed over the nodes).
	NodeCPUSeconds     float64  `json:"node_cpu_seconds"`
	NodeCPUMsPerTx     float64  `json:"node_cpu_ms_per_tx"`
	NodeCPUCores       float64  `json:"node_cpu_cores"`
	NodePeakRSSBytes   uint64   `json:"node_peak_rss_bytes"`    // the largest VmHWM of any node
	NodeWindowRSSBytes uint64   `json:"node_window_rss_bytes"`  // the largest VmRSS seen in the window
	NodePeakRSSPerNode []uint64 `json:"node_peak_rss_per_node"` // VmHWM of each node

	// The machine during the window.
	HostBusyCores   float64 `json:"host_busy_cores"`
	HostLoadStart   float64 `json:"host_load_start"`
	HostLoadEnd     float64 `json:"host_load_end"`
	BenchCPUSeconds float64 `json:"bench_cpu_seconds"`
	CollectorMode   string  `json:"collector_mode"`
	Host            Host    `json:"host"`

	Profile *ProfileSummary `json:"profile,omitempty"`
	// Warnings say what makes this measurement weaker than it looks.
	Warnings []string `json:"warnings,omitempty"`
}

// Setup is the configuration a report was measured with.
type Setup struct {
	ChainID     string `json:"chain_id"`
	Validators  int    `json:"validators"`
	Accounts    int    `json:"accounts"`
	Senders     int    `json:"senders"`
	Connections int    `json:"connections"`
	// Rate is the offered rate in tx/s; 0 means as fast as the node accepts.
	Rate     float64 `json:"rate"`
	Warmup   string  `json:"warmup"`
	Duration string  `json:"duration"`
	GasLimit uint64  `json:"gas_limit"`
	GasPrice string  `json:"gas_price"`
	Amount   int64   `json:"amount"`
	// Config and App are the node settings the results depend on most, as
	// the node read them (config.toml, app.toml), with the overrides.
	Config    map[string]string `json:"config"`
	App       map[string]string `json:"app"`
	Overrides []string          `json:"overrides,omitempty"`
	Env       []string          `json:"env,omitempty"`
}

// WriteSummary prints a report for people.
func WriteSummary(w io.Writer, r *Report) error {
	p := &printer{w: w}
	rate := "as fast as the node accepts"
	if r.Setup.Rate > 0 {
		rate = fmt.Sprintf("%.0f tx/s offered", r.Setup.Rate)
	}
	p.f("%s %s — %s, round %d: %d validator(s), %s accounts (%s sending), %d connections, %s\n",
		r.Chain, r.Version, r.Scenario, r.Round, r.Setup.Validators, thousands(r.Setup.Accounts), thousands(r.Setup.Senders), r.Setup.Connections, rate)
	p.f("  committed    %.1f tx/s over %.1f s (heights %d–%d: %s txs in %d blocks); CheckTx accepted %.1f tx/s\n",
		r.TxPerSecond, r.Window.Seconds, r.Window.FirstHeight, r.Window.LastHeight, thousands(r.Window.Txs), r.Window.Blocks, r.OfferedPerSecond)
	p.f("  latency      submit→commit p50 %.2f s, p95 %.2f s, p99 %.2f s (max %.2f s, %s txs)\n",
		r.LatencySeconds.P50, r.LatencySeconds.P95, r.LatencySeconds.P99, r.LatencySeconds.Max, thousands(r.LatencySeconds.N))
	p.f("  blocks       interval p50 %.2f s (mean %.2f s, max %.2f s); txs per block mean %.0f, max %.0f\n",
		r.BlockIntervalSeconds.P50, r.BlockIntervalSeconds.Mean, r.BlockIntervalSeconds.Max, r.TxsPerBlock.Mean, r.TxsPerBlock.Max)
	p.f("  node         %.2f ms CPU per committed tx (%.2f cores busy), peak RSS %s\n",
		r.NodeCPUMsPerTx, r.NodeCPUCores, mib(r.NodePeakRSSBytes))
	p.f("  totals       planned %s, accepted %s, committed %s, failed in block %s, not committed %s, skipped %s\n",
		thousands(r.Planned), thousands(r.Accepted), thousands(r.Committed), thousands(r.FailedInBlock), thousands(r.NotCommitted), thousands(r.Skipped))
	if len(r.Rejections) == 0 {
		p.f("  rejections   none\n")
	} else {
		keys := make([]string, 0, len(r.Rejections))
		for k := range r.Rejections {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			label := "  rejections  "
			if i > 0 {
				label = "              "
			}
			p.f("%s %s ×%s: %s\n", label, k, thousands(r.Rejections[k]), truncate(r.RejectionSamples[k], 120))
		}
	}
	var gas []string
	for _, k := range sortedKinds(r.GasUsed) {
		gas = append(gas, fmt.Sprintf("%s %.0f", k, r.GasUsed[k].Mean))
	}
	if len(gas) > 0 {
		p.f("  gas used     mean per tx: %s\n", strings.Join(gas, ", "))
	}
	p.f("  machine      %d CPUs, %.2f cores busy in the window (load %.1f → %.1f), bench client %.1f CPU s\n",
		r.Host.CPUs, r.HostBusyCores, r.HostLoadStart, r.HostLoadEnd, r.BenchCPUSeconds)
	for _, warn := range r.Warnings {
		p.f("  WARNING      %s\n", warn)
	}
	return p.err
}

// printer writes formatted text and keeps the first write error, so a long
// report is written without checking every line.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func sortedKinds[V any](m map[TxKind]V) []TxKind {
	ks := make([]TxKind, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	return ks
}

func mib(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// thousands formats n with thin separators: 12,345.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// fmtRatio renders a ratio, "n/a" when it is undefined.
func fmtRatio(r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", r)
}
