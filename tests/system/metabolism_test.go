package system

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	aegistestutil "github.com/azora-os/nexus/x/aegis/testutil"
)

// Metrics is one scrape of a node's Prometheus endpoint: series name →
// labels ("k=v,k=v", sorted) → value.
type Metrics map[string]map[string]float64

// Scrape reads node n's Prometheus endpoint (CometBFT's instrumentation
// server, which also serves the app telemetry and metabolism series).
func (c *Chain) Scrape(n *Node) (Metrics, error) {
	client := http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", n.Ports.Prometheus)) //nolint:noctx // loopback test URL
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /metrics: %s", resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return nil, err
	}
	out := Metrics{}
	for name, f := range families {
		series := map[string]float64{}
		for _, m := range f.GetMetric() {
			series[labelKey(m.GetLabel())] = sampleValue(m)
		}
		out[name] = series
	}
	return out, nil
}

func labelKey(labels []*dto.LabelPair) string {
	parts := make([]string, 0, len(labels))
	for _, l := range labels {
		parts = append(parts, l.GetName()+"="+l.GetValue())
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func sampleValue(m *dto.Metric) float64 {
	switch {
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	case m.Untyped != nil:
		return m.Untyped.GetValue()
	case m.Summary != nil:
		return float64(m.Summary.GetSampleCount())
	case m.Histogram != nil:
		return float64(m.Histogram.GetSampleCount())
	}
	return 0
}

// Get returns the value of name{labels} ("k=v,..." in any order).
func (m Metrics) Get(name string, labels ...string) (float64, bool) {
	sort.Strings(labels)
	v, ok := m[name][strings.Join(labels, ",")]
	return v, ok
}

// TestMetabolismMetrics: on a two-validator chain, known transfers (a bank
// send, a ledger payment, a multi-send, an a-Token mint and send) and one
// committed refusal (a mint to a frozen account that passes CheckTx and is
// refused in the block) give exactly the expected counters on the Prometheus
// port — beside CometBFT's and the app telemetry's series — on both nodes;
// `nexusd q ledger metabolism` reports the same numbers for the window.
func TestMetabolismMetrics(t *testing.T) {
	requireSystem(t)
	const checkpointInterval = 5
	c := NewChain(t, Config{
		Validators: 2,
		Accounts: []Account{
			{Name: "alice", Coins: "100000000000uazr"},
			{Name: "bob", Coins: "10000000uazr"},
			{Name: "carol", Coins: "10000000uazr"},
			{Name: "issuer", Coins: "10000000uazr"},
			{Name: "officer", Coins: "10000000uazr"},
		},
		EditGenesis: func(appState map[string]any) {
			ledger := appState["ledger"].(map[string]any)["params"].(map[string]any)
			ledger["checkpoint_interval"] = strconv.Itoa(checkpointInterval)
		},
	})
	alice, bob, carol, issuer, officer := c.Address("alice"), c.Address("bob"), c.Address("carol"), c.Address("issuer"), c.Address("officer")
	// Genesis: a/kasi chartered with "issuer" as its issuer; "officer" holds
	// the officer role.
	for _, n := range c.Nodes {
		editGenesis(t, filepath.Join(n.Home, "config", "genesis.json"), func(appState map[string]any) {
			mint := appState["mint"].(map[string]any)
			mint["a_tokens"] = []any{map[string]any{
				"symbol": "kasi", "name": "Kasi Rand", "exponent": 6, "description": "test a-Token",
				"issuer": issuer, "max_supply": "1000000000000", "minting_paused": false, "chartered_height": "0",
			}}
			if err := aegistestutil.GrantRoleJSON(appState, "officer", officer); err != nil {
				t.Fatal(err)
			}
		})
	}
	c.mustRun(c.Nodes[0].Home, "genesis", "validate-genesis")
	c.Start()

	// The known traffic.
	c.MustTx("alice", "bank", "send", alice, bob, "1000000uazr")
	c.MustTx("alice", "ledger", "transfer", carol, "2500000uazr", "INV-1")
	c.MustTx("alice", "bank", "multi-send", alice, bob, carol, "400000uazr")
	c.MustTx("issuer", "mint", "mint", bob, "5000000a/kasi")
	c.MustTx("bob", "bank", "send", bob, carol, "1000000a/kasi")
	c.MustTx("officer", "aegis", "freeze-account", carol, "test")
	// A mint to the frozen carol: its recipient is not in the message's
	// transfers, so CheckTx (ante only) passes and aegis's send restriction
	// refuses it in the block. --gas skips the simulation that would refuse
	// it before broadcast.
	res, tx := c.SubmitTx("issuer", "mint", "mint", carol, "1000a/kasi", "--gas", "300000")
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	if tx == nil || tx.Code != 11 || !strings.Contains(tx.RawLog, "article 1 (standing)") || tx.Height == 0 {
		t.Fatalf("mint to a frozen account: want a committed aegis refusal (code 11), got %+v", tx)
	}
	lastTx := tx.Height

	// Wait until both nodes' exporters have read the last tx's block.
	var scrapes []Metrics
	for _, n := range c.Nodes {
		scrapes = append(scrapes, c.waitMetabolismHeight(n, lastTx))
	}
	m := scrapes[0]

	// The three families share the port.
	for _, name := range []string{"nexus_consensus_height", "nexusd_tx_count", "nexus_metabolism_height"} {
		if _, ok := m[name]; !ok {
			t.Errorf("the Prometheus port lacks %s", name)
		}
	}

	const (
		send      = "/cosmos.bank.v1beta1.MsgSend"
		transfer  = "/azora.ledger.v1.MsgTransfer"
		multiSend = "/cosmos.bank.v1beta1.MsgMultiSend"
		mintMsg   = "/azora.mint.v1.MsgMint"
	)
	type want struct {
		name   string
		labels []string
		value  float64
	}
	wants := []want{
		{"nexus_value_volume_total", []string{"denom=uazr", "msg_type=" + send, "kind=transfer"}, 1_000_000},
		{"nexus_value_movements_total", []string{"denom=uazr", "msg_type=" + send, "kind=transfer"}, 1},
		{"nexus_value_volume_total", []string{"denom=uazr", "msg_type=" + transfer, "kind=transfer"}, 2_500_000},
		{"nexus_value_volume_total", []string{"denom=uazr", "msg_type=" + multiSend, "kind=transfer"}, 800_000},
		{"nexus_value_movements_total", []string{"denom=uazr", "msg_type=" + multiSend, "kind=transfer"}, 2},
		{"nexus_value_volume_total", []string{"denom=a/kasi", "msg_type=" + mintMsg, "kind=from_module"}, 5_000_000},
		{"nexus_value_volume_total", []string{"denom=a/kasi", "msg_type=" + send, "kind=transfer"}, 1_000_000},
		// 5% of each transfer, 60% to growth and 40% to UBO.
		{"nexus_pivc_captured_total", []string{"denom=uazr", "source=transfer"}, 50_000 + 125_000 + 2*20_000},
		{"nexus_pivc_to_growth_total", []string{"denom=uazr"}, 30_000 + 75_000 + 2*12_000},
		{"nexus_pivc_to_ubo_total", []string{"denom=uazr"}, 20_000 + 50_000 + 2*8_000},
		{"nexus_pivc_captured_total", []string{"denom=a/kasi", "source=transfer"}, 50_000},
		{"nexus_pivc_pool_balance", []string{"pool=growth", "denom=uazr"}, 129_000},
		{"nexus_pivc_pool_balance", []string{"pool=ubo", "denom=uazr"}, 86_000},
		{"nexus_pivc_pool_balance", []string{"pool=growth", "denom=a/kasi"}, 30_000},
		{"nexus_mint_minted_total", []string{"denom=a/kasi"}, 5_000_000},
		{"nexus_supply", []string{"denom=a/kasi"}, 5_000_000},
		{"nexus_aegis_refusals_total", []string{"article=1", "rule=standing", "source=tx"}, 1},
		{"nexus_metabolism_txs_total", []string{"result=ok"}, 6},
		{"nexus_metabolism_txs_total", []string{"result=failed"}, 1},
		{"nexus_metabolism_first_height", nil, 1},
		{"nexus_forge_open_orders", nil, 0},
	}
	for _, w := range wants {
		got, ok := m.Get(w.name, w.labels...)
		if !ok || got != w.value {
			t.Errorf("%s{%s} = %v (present %v), want %v", w.name, strings.Join(w.labels, ","), got, ok, w.value)
		}
	}
	// Nothing else moved between accounts.
	for labels := range m["nexus_value_volume_total"] {
		if strings.Contains(labels, "kind=transfer") && !strings.Contains(labels, "msg_type="+send) &&
			!strings.Contains(labels, "msg_type="+transfer) && !strings.Contains(labels, "msg_type="+multiSend) {
			t.Errorf("unexpected transfer volume {%s}", labels)
		}
	}
	// The journal counter follows state: the ledger head's last sequence.
	var head struct {
		Head struct {
			LastSequence string `json:"last_sequence"`
		} `json:"head"`
	}
	c.QueryJSON(&head, "ledger", "head", "--height", strconv.FormatInt(lastTx, 10))
	if got, _ := m.Get("nexus_ledger_journal_entries_total"); strconv.FormatFloat(got, 'f', -1, 64) != head.Head.LastSequence {
		t.Errorf("nexus_ledger_journal_entries_total = %v, ledger head last_sequence %s", got, head.Head.LastSequence)
	}
	// A checkpoint (and reconciliation) every 5 blocks, all reconciled.
	c.eventually(t, 30*time.Second, func() error {
		m, err := c.Scrape(c.Nodes[0])
		if err != nil {
			return err
		}
		h, _ := m.Get("nexus_metabolism_height")
		cp, _ := m.Get("nexus_ledger_checkpoints_total")
		ok, _ := m.Get("nexus_ledger_reconciliations_total", "result=reconciled")
		bad, _ := m.Get("nexus_ledger_reconciliations_total", "result=mismatch")
		if want := float64(int64(h) / checkpointInterval); cp != want || ok != want || bad != 0 {
			return fmt.Errorf("at height %v: %v checkpoints, %v reconciled, %v mismatched; want %v, %v, 0", h, cp, ok, bad, want, want)
		}
		return nil
	})

	// Two nodes agree on every counter the traffic set.
	for _, w := range wants {
		if strings.HasPrefix(w.name, "nexus_forge_open") {
			continue
		}
		a, _ := scrapes[0].Get(w.name, w.labels...)
		b, _ := scrapes[1].Get(w.name, w.labels...)
		if a != b {
			t.Errorf("%s{%s}: node 0 %v, node 1 %v", w.name, strings.Join(w.labels, ","), a, b)
		}
	}

	// Counters never go down between scrapes.
	later := c.waitMetabolismHeight(c.Nodes[0], lastTx+2)
	for name, series := range m {
		if !strings.HasPrefix(name, "nexus_") || !strings.HasSuffix(name, "_total") {
			continue
		}
		for labels, v := range series {
			if later[name][labels] < v {
				t.Errorf("%s{%s} went down: %v then %v", name, labels, v, later[name][labels])
			}
		}
	}

	// The CLI reports the same numbers for the window up to the last tx.
	var rep struct {
		FromHeight int64 `json:"from_height"`
		Txs        uint64
		FailedTxs  uint64 `json:"failed_txs"`
		Denoms     []struct {
			Denom, Volume, PIVC, Minted, Supply, Velocity string
			Transfers                                     uint64
		}
		TopCorridors []struct{ From, To, Denom, Amount string } `json:"top_corridors"`
		Refusals     []struct {
			Article, Rule, Source string
			Count                 uint64
		}
	}
	out := c.CLI("q", "ledger", "metabolism", "--blocks", strconv.FormatInt(lastTx, 10), "--height", strconv.FormatInt(lastTx, 10), "--top", "2", "-o", "json")
	if err := out.Err(); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lastJSONLine(out.Stdout)), &rep); err != nil {
		t.Fatalf("decode metabolism: %v\n%s", err, out.Stdout)
	}
	byDenom := map[string]int{}
	for i, d := range rep.Denoms {
		byDenom[d.Denom] = i
	}
	uazr, kasi := rep.Denoms[byDenom["uazr"]], rep.Denoms[byDenom["a/kasi"]]
	if rep.FromHeight != 1 || rep.Txs != 7 || rep.FailedTxs != 1 ||
		uazr.Volume != "4300000" || uazr.Transfers != 4 || uazr.PIVC != "215000" ||
		kasi.Volume != "1000000" || kasi.Minted != "5000000" || kasi.Supply != "5000000" || !strings.HasPrefix(kasi.Velocity, "0.2000") {
		t.Fatalf("metabolism report: %+v", rep)
	}
	if len(rep.TopCorridors) != 3 || rep.TopCorridors[0].Denom != "a/kasi" ||
		rep.TopCorridors[1].From != alice || rep.TopCorridors[1].To != carol || rep.TopCorridors[1].Amount != "2900000" ||
		rep.TopCorridors[2].To != bob || rep.TopCorridors[2].Amount != "1400000" {
		t.Fatalf("top corridors: %+v", rep.TopCorridors)
	}
	if len(rep.Refusals) != 1 || rep.Refusals[0].Article != "1" || rep.Refusals[0].Count != 1 {
		t.Fatalf("refusals: %+v", rep.Refusals)
	}
	// The table form prints the same.
	table := c.CLI("q", "ledger", "metabolism", "--blocks", strconv.FormatInt(lastTx, 10), "--height", strconv.FormatInt(lastTx, 10))
	if err := table.Err(); err != nil || !strings.Contains(table.Stdout, "4300000") || !strings.Contains(table.Stdout, "AEGIS REFUSALS") {
		t.Fatalf("metabolism table: %v\n%s", err, table.Stdout)
	}
	// Bad input is refused with a clear error.
	bad := c.CLI("q", "ledger", "metabolism", "--blocks", "0")
	if bad.ExitCode == 0 || !strings.Contains(bad.Stderr+bad.Stdout, "--blocks must be 1 to 10000") {
		t.Fatalf("--blocks 0: %+v", bad)
	}
	if err := c.CheckNodes(); err != nil {
		t.Fatal(err)
	}
}

// waitMetabolismHeight scrapes node n until its exporter has read block h.
func (c *Chain) waitMetabolismHeight(n *Node, h int64) Metrics {
	c.t.Helper()
	var m Metrics
	c.eventually(c.t, 60*time.Second, func() error {
		var err error
		m, err = c.Scrape(n)
		if err != nil {
			return err
		}
		got, ok := m.Get("nexus_metabolism_height")
		if !ok || got < float64(h) {
			return fmt.Errorf("node %d: metabolism height %v, want %d", n.Index, got, h)
		}
		return nil
	})
	return m
}

// eventually polls fn until it returns nil or the timeout passes.
func (c *Chain) eventually(t testing.TB, timeout time.Duration, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := fn()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %v", timeout, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
