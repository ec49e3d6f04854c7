package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/pprof/profile"
)

// CaptureProfile records a CPU profile of node (its rpc.pprof_laddr must be
// set) for d and writes it to path.
func CaptureProfile(ctx context.Context, node *Node, d time.Duration, path string) error {
	if node.PprofPort == 0 {
		return fmt.Errorf("node %s has no pprof port", node.Home)
	}
	secs := max(1, int(d.Round(time.Second)/time.Second))
	url := fmt.Sprintf("http://127.0.0.1:%d/debug/pprof/profile?seconds=%d", node.PprofPort, secs)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Timeout: d + time.Minute}).Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("pprof: %s: %s", resp.Status, body)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// ProfileCost is the CPU time of one part of the node, per committed
// transaction.
type ProfileCost struct {
	Name    string  `json:"name"`
	MsPerTx float64 `json:"ms_per_tx"`
	// Share is the part of the profile's CPU time.
	Share float64 `json:"share"`
	// Of splits this cost into its components (they add up to it).
	Of []ProfileCost `json:"of,omitempty"`
}

// FuncCost is one function's CPU time per committed transaction: flat (in
// the function itself) and cumulative (with everything it calls).
type FuncCost struct {
	Name      string  `json:"name"`
	FlatMsTx  float64 `json:"flat_ms_per_tx"`
	CumMsTx   float64 `json:"cum_ms_per_tx"`
	CumShare  float64 `json:"cum_share"`
	FlatShare float64 `json:"flat_share"`
}

// ProfileSummary says where a loaded node's CPU time went, per committed
// transaction.
type ProfileSummary struct {
	File       string        `json:"file"`
	Seconds    float64       `json:"seconds"`
	CPUSeconds float64       `json:"cpu_seconds"`
	Txs        int           `json:"txs"`
	MsPerTx    float64       `json:"ms_per_tx"`
	Parts      []ProfileCost `json:"parts"`
	TopCum     []FuncCost    `json:"top_cumulative"`
	TopFlat    []FuncCost    `json:"top_flat"`
}

// A part is recognised by the functions on a sample's stack: every entry of
// match must be on the stack, an entry being a list of alternatives
// separated by "|", each a substring of a function name.
type part struct {
	name  string
	match []string
	// split, if set, divides the part's time into components (they add up
	// to the part).
	split func(stack []string) string
}

// nodeParts partitions a node's CPU time: a sample goes to the first part
// whose functions are on its stack.
var nodeParts = []part{
	{name: "CheckTx (mempool admission)", match: []string{"baseapp.(*BaseApp).CheckTx"}, split: txComponent},
	{name: "FinalizeBlock (block execution)", match: []string{"baseapp.(*BaseApp).FinalizeBlock|baseapp.(*BaseApp).internalFinalizeBlock"}, split: txComponent},
	{name: "Commit (store write and hash)", match: []string{"baseapp.(*BaseApp).Commit"}},
	{name: "RPC (JSON-RPC: broadcast_tx_sync, queries, events)", match: []string{"cometbft/rpc/"}},
	{name: "mempool (update, recheck, gossip)", match: []string{"cometbft/mempool"}},
	{name: "tx indexing (CometBFT kv indexer)", match: []string{"cometbft/state/txindex"}},
	{name: "CometBFT consensus, p2p, block and state stores", match: []string{"cometbft/cometbft/"}},
	{name: "LevelDB background compaction", match: []string{"syndtr/goleveldb/leveldb.(*DB).compactionTransact|syndtr/goleveldb/leveldb.(*DB).mCompaction|syndtr/goleveldb/leveldb.(*DB).tCompaction"}},
	{name: "garbage collection (background)", match: []string{"runtime.gcBgMarkWorker|runtime.bgsweep|runtime.bgscavenge"}},
	{name: "other", match: nil},
}

// components lists txComponent's names in the order they are printed.
var components = []string{
	"tx decoding",
	"ante › signature verification (SDK)",
	"ante › x/aegis compliance check",
	"ante › x/pivc and x/ledger decorators",
	"ante › fee deduction (SDK)",
	"ante › other decorators (SDK and app)",
	"messages › send restrictions (aegis → pivc → ledger)",
	"messages › msg servers and bank",
	"BeginBlock and PreBlock",
	"EndBlock",
	"block's state into IAVL and app hash (workingHash)",
	"other (per-tx cache writes, events, baseapp)",
}

// txComponent says which step of running a transaction a CheckTx or
// FinalizeBlock sample belongs to. Ante decorators are nested (each calls
// the next), so a sample belongs to the innermost decorator on its stack,
// not to every decorator above it.
func txComponent(stack []string) string {
	if d := innermost(stack, "AnteHandle"); d != "" {
		switch {
		case strings.Contains(d, "SigVerificationDecorator"), strings.Contains(d, "SigGasConsumeDecorator"):
			return components[1]
		case strings.Contains(d, "nexus/x/aegis"):
			return components[2]
		case strings.Contains(d, "nexus/x/"):
			return components[3]
		case strings.Contains(d, "DeductFeeDecorator"):
			return components[4]
		default:
			return components[5]
		}
	}
	switch {
	case onStack(stack, "baseapp.(*BaseApp).runMsgs") && onStack(stack, "SendRestriction"):
		return components[6]
	case onStack(stack, "baseapp.(*BaseApp).runMsgs"):
		return components[7]
	case onStack(stack, "baseapp.(*BaseApp).beginBlock|baseapp.(*BaseApp).preBlock"):
		return components[8]
	case onStack(stack, "baseapp.(*BaseApp).endBlock"):
		return components[9]
	case onStack(stack, "TxDecoder|txDecoder"):
		return components[0]
	case onStack(stack, "baseapp.(*BaseApp).workingHash"):
		return components[10]
	default:
		return components[11]
	}
}

// innermost returns the frame closest to the leaf whose name contains pat.
func innermost(stack []string, pat string) string {
	for _, fn := range stack {
		if strings.Contains(fn, pat) {
			return fn
		}
	}
	return ""
}

// onStack reports whether a frame matches one of the "|"-separated patterns.
func onStack(stack []string, pats string) bool {
	for _, alt := range strings.Split(pats, "|") {
		if slices.ContainsFunc(stack, func(fn string) bool { return strings.Contains(fn, alt) }) {
			return true
		}
	}
	return false
}

func (p part) matches(stack []string) bool {
	for _, m := range p.match {
		if !onStack(stack, m) {
			return false
		}
	}
	return true
}

// SummarizeProfile reads a CPU profile and says where its CPU time went per
// transaction, txs being the transactions committed while it was recorded.
func SummarizeProfile(path string, txs int, top int) (*ProfileSummary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	p, err := profile.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	vi := -1
	for i, st := range p.SampleType {
		if st.Type == "cpu" && st.Unit == "nanoseconds" {
			vi = i
		}
	}
	if vi < 0 {
		return nil, fmt.Errorf("%s is not a CPU profile", path)
	}
	s := &ProfileSummary{File: path, Seconds: float64(p.DurationNanos) / 1e9, Txs: txs}
	total := int64(0)
	parts := make([]int64, len(nodeParts))
	subs := make([]map[string]int64, len(nodeParts))
	for i := range nodeParts {
		subs[i] = map[string]int64{}
	}
	flat := map[string]int64{}
	cum := map[string]int64{}
	for _, sm := range p.Sample {
		v := sm.Value[vi]
		total += v
		var stack []string
		for _, loc := range sm.Location {
			for li := len(loc.Line) - 1; li >= 0; li-- { // inlined frames first
				if fn := loc.Line[li].Function; fn != nil {
					stack = append(stack, fn.Name)
				}
			}
		}
		if len(stack) > 0 {
			flat[stack[0]] += v
		}
		seen := map[string]bool{}
		for _, fn := range stack {
			if !seen[fn] {
				seen[fn] = true
				cum[fn] += v
			}
		}
		for i, np := range nodeParts {
			if np.matches(stack) {
				parts[i] += v
				if np.split != nil {
					subs[i][np.split(stack)] += v
				}
				break
			}
		}
	}
	s.CPUSeconds = float64(total) / 1e9
	perTx := func(ns int64) float64 {
		if txs == 0 {
			return 0
		}
		return float64(ns) / 1e6 / float64(txs)
	}
	share := func(ns int64) float64 {
		if total == 0 {
			return 0
		}
		return float64(ns) / float64(total)
	}
	s.MsPerTx = perTx(total)
	for i, np := range nodeParts {
		c := ProfileCost{Name: np.name, MsPerTx: perTx(parts[i]), Share: share(parts[i])}
		if np.split != nil {
			for _, name := range components {
				c.Of = append(c.Of, ProfileCost{Name: name, MsPerTx: perTx(subs[i][name]), Share: share(subs[i][name])})
			}
		}
		s.Parts = append(s.Parts, c)
	}
	rank := func(m map[string]int64) []FuncCost {
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		sort.Slice(names, func(a, b int) bool {
			if m[names[a]] != m[names[b]] {
				return m[names[a]] > m[names[b]]
			}
			return names[a] < names[b]
		})
		if len(names) > top {
			names = names[:top]
		}
		out := make([]FuncCost, 0, len(names))
		for _, n := range names {
			out = append(out, FuncCost{
				Name: n, FlatMsTx: perTx(flat[n]), CumMsTx: perTx(cum[n]), FlatShare: share(flat[n]), CumShare: share(cum[n]),
			})
		}
		return out
	}
	s.TopCum = rank(cum)
	s.TopFlat = rank(flat)
	return s, nil
}

// WriteProfileSummary prints the summary as text.
func WriteProfileSummary(w io.Writer, s *ProfileSummary) error {
	p := &printer{w: w}
	p.f("CPU profile %s: %.1f s recorded, %.1f CPU s, %d txs committed → %.2f ms of node CPU per tx\n",
		s.File, s.Seconds, s.CPUSeconds, s.Txs, s.MsPerTx)
	p.f("  %-58s %9s %7s\n", "where the time goes", "ms/tx", "share")
	for _, c := range s.Parts {
		p.f("  %-58s %9.3f %6.1f%%\n", c.Name, c.MsPerTx, 100*c.Share)
		for _, sub := range c.Of {
			if sub.MsPerTx == 0 {
				continue
			}
			p.f("    %-56s %9.3f %6.1f%%\n", sub.Name, sub.MsPerTx, 100*sub.Share)
		}
	}
	p.f("  top functions by cumulative time (ms/tx, share):\n")
	for _, f := range s.TopCum {
		p.f("    %8.3f %5.1f%%  %s\n", f.CumMsTx, 100*f.CumShare, f.Name)
	}
	p.f("  top functions by own time (ms/tx, share):\n")
	for _, f := range s.TopFlat {
		p.f("    %8.3f %5.1f%%  %s\n", f.FlatMsTx, 100*f.FlatShare, f.Name)
	}
	return p.err
}
