package system

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/azora-os/nexus/agent/demo"
	"github.com/azora-os/nexus/agent/store"
)

// learningEnv is the agent's configuration for a short run: the models
// refit every 10 blocks (about 8 s here), forecasts on 5-second buckets with
// a 30-second season, the anomaly model on a 60-second window.
var learningEnv = []string{
	"NEXUS_AGENT_PLAN_DEVELOP_EVERY_BLOCKS=10",
	"NEXUS_AGENT_PLAN_DEVELOP_BUCKET=5s",
	"NEXUS_AGENT_PLAN_DEVELOP_SEASON=6",
	"NEXUS_AGENT_PLAN_DEVELOP_WINDOW=120",
	"NEXUS_AGENT_PLAN_DEVELOP_HORIZON=6",
	"NEXUS_AGENT_PLAN_DEVELOP_ANOMALY_WINDOW=60s",
	"NEXUS_AGENT_PLAN_DEVELOP_ANOMALY_HISTORY=10m",
	"NEXUS_AGENT_GOVERNOR_MAX_ACTIONS_PER_HOUR=100000",
}

// TestAgentLearningMesh runs the real agent beside a real node while
// `nexus-agent demo-traffic` makes traffic with injected structuring, and
// checks the learning loop end to end: the agent commits its models to
// x/mesh (and serves parameters whose SHA-256 is the committed hash), flags
// the structuring accounts and gives their nodes feedback that names the
// committed anomaly version, forecasts every corridor, records federated
// analyses — and its dashboard, loaded in headless Chromium, draws the
// charts from that data.
func TestAgentLearningMesh(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{Accounts: []Account{
		{Name: "funder", Coins: "1000000000000uazr"},
		{Name: "registrar", Coins: "10000000000uazr"},
		{Name: "reporter", Coins: "10000000000uazr"},
	}})
	editGenesis(t, filepath.Join(c.Nodes[0].Home, "config", "genesis.json"), func(appState map[string]any) {
		appState["mesh"].(map[string]any)["roles"] = []any{
			map[string]any{"role": "ROLE_REGISTRAR", "address": c.Address("registrar")},
			map[string]any{"role": "ROLE_REPORTER", "address": c.Address("reporter")},
		}
		appState["ledger"].(map[string]any)["params"].(map[string]any)["checkpoint_interval"] = "10"
	})
	c.mustRun(c.Nodes[0].Home, "genesis", "validate-genesis")
	c.Start()

	a := c.NewAgent(t, []*Node{c.Nodes[0]}, learningEnv...)
	a.Start()
	a.WaitCaughtUp(c.Height(c.Nodes[0]), 60*time.Second)

	// Demo traffic: 12 accounts, 2 of them structuring, for 60 s.
	start := time.Now()
	cmd := exec.Command(agentBinary(t), "demo-traffic", "--funder", "funder", "--registrar", "registrar",
		"--duration", "60s", "--period", "30s", "--seed", "7", "-o", "json")
	cmd.Env = append(os.Environ(), a.env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("demo-traffic: %v\n%s", err, stderr.String())
	}
	var rep demo.Report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("demo-traffic report: %v\n%s", err, out)
	}
	t.Logf("demo traffic: %d sent (%d near the limit), %d refused, heights %d..%d in %s",
		rep.Sent, rep.NearLimit, rep.Refused, rep.FirstHeight, rep.LastHeight, time.Since(start).Round(time.Second))
	if len(rep.Structurers) != 2 || rep.NearLimit != 10 || rep.Sent < 50 {
		t.Fatalf("demo traffic did not inject what it should: %+v", rep)
	}
	structuring := map[string]Account{}
	employee := map[string]string{}
	for _, acc := range rep.Accounts {
		employee[acc.Address] = acc.Employee
		if acc.Structurer {
			structuring[acc.Address] = Account{Name: acc.Name, Address: acc.Address}
		}
	}

	// 1. The structuring accounts are flagged with the structuring reason,
	// and their employee nodes get anomaly feedback on chain that names the
	// committed anomaly version.
	deadline := time.Now().Add(120 * time.Second)
	flagged := map[string]bool{}
	for time.Now().Before(deadline) && len(flagged) < len(structuring) {
		var res struct {
			Anomalies []store.Anomaly `json:"anomalies"`
		}
		if err := a.get("/v1/anomalies?limit=1000", &res); err == nil {
			for _, an := range res.Anomalies {
				if _, ok := structuring[an.Account]; ok && strings.Contains(string(an.Reasons), "structuring") {
					flagged[an.Account] = true
				}
			}
		}
		time.Sleep(time.Second)
	}
	if len(flagged) != len(structuring) {
		a.DumpLog(60)
		t.Fatalf("structuring accounts flagged: %v of %v", flagged, rep.Structurers)
	}
	for addr := range structuring {
		node := employee[addr]
		var got meshNodeModels
		waitFor(t, 90*time.Second, fmt.Sprintf("anomaly feedback on %s", node), func() bool {
			got = c.meshNodeModels(t, node)
			m, ok := got.model("anomaly")
			return ok && m.FeedbackCount != "" && m.FeedbackCount != "0"
		})
		reputation, _ := strconv.ParseUint(got.Reputation, 10, 64)
		if reputation >= 500_000 {
			t.Fatalf("%s: reputation %d after structuring feedback, want below 500000", node, reputation)
		}
		// The audit log: the feedback names a committed anomaly version.
		entries := c.auditLog(t, node)
		var named bool
		for _, e := range entries {
			if e.Action == "AUDIT_ACTION_FEEDBACK" && e.Model == "anomaly" && e.ModelVersion != "" && e.ModelVersion != "0" {
				named = true
			}
		}
		if !named {
			t.Fatalf("%s: no anomaly feedback naming a committed version in %+v", node, entries)
		}
	}

	// 2. Models committed on chain, and the agent serves the parameters
	// whose SHA-256 is the committed hash.
	var records struct {
		Records []struct {
			Model      string `json:"model"`
			Version    string `json:"version"`
			ParamsHash string `json:"params_hash"`
			Metrics    []struct {
				Name, Value string
			} `json:"metrics"`
		} `json:"records"`
	}
	waitFor(t, 60*time.Second, "flow models committed on denom-uazr", func() bool {
		c.QueryJSON(&records, "mesh", "model-records", demo.CorridorAll, "--model", "flow-volume")
		return len(records.Records) >= 2
	})
	last := records.Records[len(records.Records)-1]
	var served struct {
		ParamsHex   string `json:"params_hex"`
		MatchesHash bool   `json:"matches_hash"`
	}
	if err := a.get(fmt.Sprintf("/v1/models/%s/flow-volume/%s", demo.CorridorAll, last.Version), &served); err != nil {
		t.Fatal(err)
	}
	bz, err := hex.DecodeString(served.ParamsHex)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(bz); hex.EncodeToString(sum[:]) != last.ParamsHash || !served.MatchesHash {
		t.Fatalf("served parameters of flow-volume v%s hash to %x, the chain has %s", last.Version, sum, last.ParamsHash)
	}
	if len(last.Metrics) == 0 {
		t.Fatalf("flow-volume v%s committed without backtest metrics", last.Version)
	}

	// 3. A forecast for each corridor, with its interval.
	var fc struct {
		Corridors []store.ForecastDoc `json:"corridors"`
	}
	if err := a.get("/v1/forecast", &fc); err != nil {
		t.Fatal(err)
	}
	got := map[string]store.ForecastDoc{}
	for _, d := range fc.Corridors {
		got[d.CorridorID] = d
	}
	for _, id := range rep.Corridors {
		d, ok := got[id]
		if !ok || len(d.Volume.Forecast) != 6 || len(d.Count.Forecast) != 6 || len(d.Volume.Observed) == 0 || !d.Node {
			t.Fatalf("no forecast for corridor %s: %+v", id, d)
		}
		for _, p := range d.Volume.Forecast {
			if p.Lower > p.Upper || p.Lower < 0 {
				t.Fatalf("%s: a forecast interval upside down or negative: %+v", id, p)
			}
		}
	}

	// 4. Federated analyses recorded on chain, in the consenting nodes'
	// audit logs.
	var analyses struct {
		Analyses []store.Analysis `json:"analyses"`
	}
	waitFor(t, 60*time.Second, "a federated analysis recorded", func() bool {
		return a.get("/v1/analyses", &analyses) == nil && len(analyses.Analyses) > 0
	})
	an := analyses.Analyses[0]
	var inAudit bool
	for _, e := range c.auditLog(t, an.EmployeeID) {
		inAudit = inAudit || e.Action == "AUDIT_ACTION_ANALYSIS_RECORDED"
	}
	if !inAudit {
		t.Fatalf("analysis of %s not in its audit log", an.EmployeeID)
	}

	// Nothing the agent proposed failed on chain.
	for _, x := range a.Actions() {
		if x.Status == store.ActionFailed {
			t.Fatalf("action %s failed: %s", x.ID, x.Reason)
		}
	}

	t.Run("dashboard", func(t *testing.T) { checkDashboard(t, a, rep) })
}

// checkDashboard loads the agent's page in headless Chromium (installed
// from Debian's packages when missing), reads the DOM after its script ran
// and takes a screenshot: one chart per corridor drawn with observed
// buckets and a forecast, the flagged structuring accounts listed, the
// committed models shown, and the screenshot not blank (the observed line's
// colour is on it).
func checkDashboard(t *testing.T, a *Agent, rep demo.Report) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	ens := exec.Command("bash", filepath.Join(root, "scripts", "ensure-chromium.sh"))
	ens.Stderr = os.Stderr
	binOut, err := ens.Output()
	if err != nil {
		t.Fatalf("ensure-chromium: %v", err)
	}
	chromium := strings.TrimSpace(string(binOut))
	dir := t.TempDir()
	browse := func(args ...string) []byte {
		t.Helper()
		profile, err := os.MkdirTemp(dir, "profile-")
		if err != nil {
			t.Fatal(err)
		}
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--user-data-dir=" + profile, "--window-size=1280,2200", "--virtual-time-budget=8000"}
		cmd := exec.Command(chromium, append(base, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
		}
		return out
	}
	dom := string(browse("--dump-dom", a.URL()+"/"))
	want := len(rep.Corridors)
	if !strings.Contains(dom, fmt.Sprintf(`data-charts-rendered="%d"`, want)) {
		t.Fatalf("the dashboard did not draw %d charts:\n%s", want, dom)
	}
	points := regexp.MustCompile(`data-points="(\d+)"`).FindAllStringSubmatch(dom, -1)
	forecasts := regexp.MustCompile(`data-forecast="(\d+)"`).FindAllStringSubmatch(dom, -1)
	if len(points) != want || len(forecasts) != want {
		t.Fatalf("charts: %d with observed data, %d with a forecast; want %d", len(points), len(forecasts), want)
	}
	for i := range points {
		if n, _ := strconv.Atoi(points[i][1]); n == 0 {
			t.Fatalf("chart %d has no observed bucket", i)
		}
		if n, _ := strconv.Atoi(forecasts[i][1]); n == 0 {
			t.Fatalf("chart %d has no forecast", i)
		}
	}
	if c := strings.Count(dom, "<canvas"); c < want {
		t.Fatalf("%d canvases for %d charts", c, want)
	}
	for _, s := range rep.Structurers {
		if !strings.Contains(dom, s) {
			t.Fatalf("the flagged structuring account %s is not on the dashboard", s)
		}
	}
	if !strings.Contains(dom, "structuring") || !strings.Contains(dom, `class="ok">committed`) {
		t.Fatalf("the dashboard lacks the anomaly reasons or a committed model")
	}

	shot := filepath.Join(dir, "dashboard.png")
	browse("--screenshot="+shot, a.URL()+"/")
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	colours := map[uint32]bool{}
	var blue int
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			colours[r<<16|g<<8|bl] = true
			// The observed line, #1f6feb (anti-aliased: near it).
			if r < 90 && g > 80 && g < 150 && bl > 200 {
				blue++
			}
		}
	}
	t.Logf("screenshot %dx%d: %d colours, %d observed-line pixels sampled (%s)", b.Dx(), b.Dy(), len(colours), blue, shot)
	if len(colours) < 20 || blue < 50 {
		t.Fatalf("the screenshot looks blank: %d colours, %d pixels of the observed line", len(colours), blue)
	}
}

// meshNodeModels is what the learning test reads of a node.
type meshNodeModels struct {
	Reputation string `json:"reputation"`
	Models     []struct {
		Name          string `json:"name"`
		Version       string `json:"version"`
		FeedbackCount string `json:"feedback_count"`
	} `json:"models"`
}

func (n meshNodeModels) model(name string) (struct{ Name, Version, FeedbackCount string }, bool) {
	for _, m := range n.Models {
		if m.Name == name {
			return struct{ Name, Version, FeedbackCount string }{m.Name, m.Version, m.FeedbackCount}, true
		}
	}
	return struct{ Name, Version, FeedbackCount string }{}, false
}

func (c *Chain) meshNodeModels(t *testing.T, id string) meshNodeModels {
	t.Helper()
	var res struct {
		Node meshNodeModels `json:"node"`
	}
	c.QueryJSON(&res, "mesh", "node", id)
	return res.Node
}

// auditEntry is what the tests read of an audit entry.
type auditEntry struct {
	Action       string `json:"action"`
	Model        string `json:"model"`
	ModelVersion string `json:"model_version"`
}

func (c *Chain) auditLog(t *testing.T, id string) []auditEntry {
	t.Helper()
	var res struct {
		Entries []auditEntry `json:"entries"`
	}
	c.QueryJSON(&res, "mesh", "audit-log", id, "--page-limit", "1000")
	return res.Entries
}
