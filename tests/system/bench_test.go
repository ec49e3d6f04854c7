package system

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/bench"
)

// buildStockd builds the stock comparison chain (bench/stockd) into t's temp
// dir; STOCKD_BIN names a prebuilt one instead.
func buildStockd(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("STOCKD_BIN"); p != "" {
		return p
	}
	root, err := repoRoot()
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "stockd")
	cmd := exec.Command("go", "build", "-o", out, "./bench/stockd")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	require.NoError(t, cmd.Run(), "build stockd")
	return out
}

// TestBenchSmoke runs `nexus-bench compare` for one short round of the mixed
// scenario: real nexusd and stockd nodes, every kind of Nexus transaction.
// It asserts only that transactions committed and that the report is well
// formed; how fast is for `make bench` (docs/performance.md), never a test.
func TestBenchSmoke(t *testing.T) {
	requireSystem(t)
	stockd := buildStockd(t)

	opts := bench.DefaultOptions()
	opts.Nexusd, opts.Stockd = binary, stockd
	opts.Scenario = bench.ScenarioMixed
	opts.Accounts = 60
	opts.Connections = 4
	opts.Rate = 50
	opts.Warmup, opts.Duration = 2*time.Second, 6*time.Second
	opts.WorkDir = t.TempDir()
	var progress bytes.Buffer
	opts.Log = &progress

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	b, err := bench.Prepare(ctx, opts, bench.Stock, bench.Nexus)
	require.NoError(t, err, progress.String())
	defer b.Close()
	var out bytes.Buffer
	c, err := b.Compare(ctx, 1, &out)
	require.NoError(t, err, "%s\n%s", progress.String(), out.String())
	require.NoError(t, bench.WriteComparison(&out, c))
	t.Log("\n" + out.String())

	require.Len(t, c.Reports, 2)
	for _, r := range c.Reports {
		require.Equal(t, bench.ReportSchema, r.Schema)
		require.Positive(t, r.Committed, "%s committed nothing", r.Chain)
		require.Zero(t, r.FailedInBlock, "%s: %v", r.Chain, r.RejectionSamples)
		for key := range r.Rejections {
			require.False(t, strings.HasPrefix(key, "checktx:"), "%s: CheckTx refused %s: %s", r.Chain, key, r.RejectionSamples[key])
		}
		require.Positive(t, r.Window.Txs)
		require.Positive(t, r.Window.Blocks)
		require.Positive(t, r.TxPerSecond)
		require.Equal(t, r.Window.Txs, r.LatencySeconds.N, "one latency per committed tx of the window")
		require.Positive(t, r.LatencySeconds.P50)
		require.LessOrEqual(t, r.LatencySeconds.P50, r.LatencySeconds.P99)
		require.Positive(t, r.BlockIntervalSeconds.P50)
		require.Positive(t, r.NodeCPUMsPerTx)
		require.Positive(t, r.NodePeakRSSBytes)
		require.Equal(t, opts.ChainID, r.Setup.ChainID)
		require.NotEmpty(t, r.Setup.Config["consensus.timeout_commit"])
	}
	nexus, stock := c.Reports[1], c.Reports[0]
	require.Equal(t, bench.Nexus, nexus.Chain)
	require.Equal(t, bench.Stock, stock.Chain)
	// Every kind of Nexus transaction committed successfully at least once;
	// the stock chain got only bank messages.
	for _, kind := range []bench.TxKind{bench.KindSend, bench.KindTransfer, bench.KindMultiSend, bench.KindMint, bench.KindOrder, bench.KindFeedback} {
		require.Positive(t, nexus.GasUsed[kind].N, "no %s committed on Nexus", kind)
	}
	require.ElementsMatch(t, []bench.TxKind{bench.KindSend, bench.KindMultiSend}, mapKeys(stock.Kinds))

	require.False(t, math.IsNaN(c.Ratio.TxPerSecond))
	require.Positive(t, c.Ratio.TxPerSecond)
	require.Contains(t, out.String(), "RATIO Nexus / stock")

	bz, err := json.Marshal(c)
	require.NoError(t, err)
	var back bench.Comparison
	require.NoError(t, json.Unmarshal(bz, &back))
	require.Equal(t, bench.ComparisonSchema, back.Schema)
	require.Len(t, back.Reports, 2)
	require.Equal(t, c.Reports[1].Window, back.Reports[1].Window)
}

func mapKeys[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
