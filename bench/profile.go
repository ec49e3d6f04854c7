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
	// Of lists the parts of this cost (they may overlap).
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
	of    []part
}

// nodeParts partitions a node's CPU time: a sample goes to the first part
// whose functions are on its stack. The "of" lists break a part down and may
// overlap (a signature check is also part of the ante handler).
var nodeParts = []part{
	{name: "CheckTx (mempool admission)", match: []string{"baseapp.(*BaseApp).CheckTx"}, of: []part{
		{name: "tx decoding", match: []string{"TxDecoder|txDecoder|decoder.(*Decoder)"}},
		{name: "ante handler", match: []string{"types.ChainAnteDecorators"}},
		{name: "signature verification", match: []string{"secp256k1"}},
		{name: "Nexus ante (aegis, pivc, ledger)", match: []string{"nexus/x/"}},
	}},
	{name: "FinalizeBlock (execution)", match: []string{"baseapp.(*BaseApp).FinalizeBlock|baseapp.(*BaseApp).internalFinalizeBlock"}, of: []part{
		{name: "tx decoding", match: []string{"TxDecoder|txDecoder|decoder.(*Decoder)"}},
		{name: "ante handler", match: []string{"types.ChainAnteDecorators"}},
		{name: "signature verification", match: []string{"secp256k1"}},
		{name: "messages (msg servers)", match: []string{"baseapp.(*BaseApp).runMsgs"}},
		{name: "Nexus modules (x/aegis, x/pivc, x/ledger, …)", match: []string{"nexus/x/"}},
		{name: "events", match: []string{"EventManager|EmitTypedEvent|emitSendCoinsEvents|abci.Event"}},
		{name: "EndBlock", match: []string{"baseapp.(*BaseApp).endBlock|EndBlock"}},
		{name: "store reads and writes (cachekv, iavl)", match: []string{"store/v2/cachekv|store/v2/iavl|cosmos/iavl"}},
	}},
	{name: "Commit (store write and hash)", match: []string{"baseapp.(*BaseApp).Commit"}},
	{name: "RPC (JSON-RPC: broadcast_tx_sync, queries, events)", match: []string{"cometbft/rpc/"}},
	{name: "mempool (update, recheck, gossip)", match: []string{"cometbft/mempool"}},
	{name: "CometBFT consensus, p2p, block and state stores", match: []string{"cometbft/cometbft/"}},
	{name: "garbage collection", match: []string{"runtime.gcBgMarkWorker|runtime.bgsweep|runtime.bgscavenge|runtime.gcAssist"}},
	{name: "other", match: nil},
}

func (p part) matches(stack []string) bool {
	for _, m := range p.match {
		found := false
		for _, alt := range strings.Split(m, "|") {
			if slices.ContainsFunc(stack, func(fn string) bool { return strings.Contains(fn, alt) }) {
				found = true
				break
			}
		}
		if !found {
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
	subs := make([][]int64, len(nodeParts))
	for i, np := range nodeParts {
		subs[i] = make([]int64, len(np.of))
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
				for k, sub := range np.of {
					if sub.matches(stack) {
						subs[i][k] += v
					}
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
		for k, sub := range np.of {
			c.Of = append(c.Of, ProfileCost{Name: sub.name, MsPerTx: perTx(subs[i][k]), Share: share(subs[i][k])})
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
func WriteProfileSummary(w io.Writer, s *ProfileSummary) {
	fmt.Fprintf(w, "CPU profile %s: %.1f s recorded, %.1f CPU s, %d txs committed → %.2f ms of node CPU per tx\n",
		s.File, s.Seconds, s.CPUSeconds, s.Txs, s.MsPerTx)
	fmt.Fprintf(w, "  %-58s %9s %7s\n", "where the time goes", "ms/tx", "share")
	for _, c := range s.Parts {
		fmt.Fprintf(w, "  %-58s %9.3f %6.1f%%\n", c.Name, c.MsPerTx, 100*c.Share)
		for _, sub := range c.Of {
			if sub.MsPerTx == 0 {
				continue
			}
			fmt.Fprintf(w, "    of which %-49s %9.3f %6.1f%%\n", sub.Name, sub.MsPerTx, 100*sub.Share)
		}
	}
	fmt.Fprintf(w, "  top functions by cumulative time (ms/tx, share):\n")
	for _, f := range s.TopCum {
		fmt.Fprintf(w, "    %8.3f %5.1f%%  %s\n", f.CumMsTx, 100*f.CumShare, f.Name)
	}
	fmt.Fprintf(w, "  top functions by own time (ms/tx, share):\n")
	for _, f := range s.TopFlat {
		fmt.Fprintf(w, "    %8.3f %5.1f%%  %s\n", f.FlatMsTx, 100*f.FlatShare, f.Name)
	}
}
