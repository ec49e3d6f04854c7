package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/api"
	"github.com/azora-os/nexus/agent/store"
)

type backend struct{ s *store.Store }

func (b backend) Status(context.Context) (api.Status, error) {
	return api.Status{ChainID: "test-1", LastHeight: 7, ChainHeight: 7, CaughtUp: true, Reporter: "azora1me",
		LastReconciliation: &store.Checkpoint{Height: 5, Status: store.CheckOK}}, nil
}
func (b backend) Ready(context.Context) (bool, string) { return true, "ok" }
func (b backend) Store() *store.Store                  { return b.s }
func (b backend) DecodeParams(p []byte) (any, error)   { return map[string]int{"bytes": len(p)}, nil }
func (b backend) Route(_ context.Context, r api.RouteRequest) (api.RouteAdvice, error) {
	if r.Payer == "bad" {
		return api.RouteAdvice{}, fmt.Errorf("%w: payer %q is not an address", api.ErrBadRequest, r.Payer)
	}
	return api.RouteAdvice{Payer: r.Payer, Payee: r.Payee, Amount: r.Amount.String(), Method: "forge-escrow", Feasible: true, Reasons: []string{"pending " + fmt.Sprint(r.Pending)}}, nil
}

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, store.SQLite, filepath.Join(t.TempDir(), "agent.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	_, err = s.InitChain(ctx, "test-1")
	require.NoError(t, err)
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	mase := 0.71
	doc, err := json.Marshal(store.ForecastDoc{
		CorridorID: "denom-uazr", Denoms: []string{"uazr"}, Node: true, Height: 7, Start: start, BucketSeconds: 10, Season: 6,
		Volume: store.SeriesForecast{Observed: []float64{1, 2, 3, 4}, Forecast: []store.ForecastPoint{{Mean: 5, Lower: 4, Upper: 6}, {Mean: 6, Lower: 4.5, Upper: 7.5}},
			Method: "holt-winters", Coverage: 0.9, SMAPE: 12.5, MASE: &mase, BaselineSMAPE: 20, Model: "flow-volume", ModelVersion: 2, ParamsHash: strings.Repeat("ab", 32)},
		Count: store.SeriesForecast{Observed: []float64{1, 1, 2, 2}, Forecast: []store.ForecastPoint{{Mean: 2, Lower: 1, Upper: 3}}},
	})
	require.NoError(t, err)
	params := []byte("NXMP\x01params")
	sum := sha256.Sum256(params)
	require.NoError(t, s.ProcessBlock(ctx, &store.BlockData{Block: store.Block{Height: 1, Hash: "H", Time: start},
		Changes: store.Changes{Models: []store.ModelCommit{{NodeID: "denom-uazr", Model: "flow-volume", Version: 2, ParamsHash: hex.EncodeToString(sum[:]), TrainStartHeight: 1, TrainEndHeight: 1, Committer: "azora1me", CommittedHeight: 1}}},
	}, func(tx *store.BlockTx) error {
		if err := tx.PutForecast(store.Forecast{CorridorID: "denom-uazr", Height: 1, Doc: doc}); err != nil {
			return err
		}
		if err := tx.PutAnomaly(store.Anomaly{Height: 1, Account: "azora1structurer", ScorePPM: 750_000,
			Reasons: json.RawMessage(`[{"detector":"structuring","score":0.75,"detail":"4 sends within 10% under the per-transaction limit"}]`)}); err != nil {
			return err
		}
		return tx.PutAgentModel(store.AgentModel{NodeID: "denom-uazr", Model: "flow-volume", Version: 2, Params: params, ParamsHash: hex.EncodeToString(sum[:]),
			TrainStartHeight: 1, TrainEndHeight: 1, FittedHeight: 1, Metrics: []store.Metric{{Name: "mase_ppm", Value: "710000"}, {Name: "smape_ppm", Value: "12500000"}}})
	}))
	srv := httptest.NewServer(api.Handler(backend{s}, api.NewMetrics()))
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url) //nolint:noctx // test server
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// TestDashboard: the page is server-rendered from the store (corridor,
// forecast numbers, anomalies with reasons, models and their chain status,
// reconciliation) and carries the chart data; its assets are the embedded
// files; nothing is loaded from elsewhere.
func TestDashboard(t *testing.T) {
	srv := newServer(t)
	resp, body := get(t, srv.URL+"/")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'none'; script-src 'self'")
	for _, want := range []string{
		`data-corridors="1"`, `data-corridor="denom-uazr"`, "flow-volume v2", "12.5%", "0.710", "(seasonal-naive —)",
		"azora1structurer", "structuring", "4 sends within 10% under the per-transaction limit",
		`class="ok">committed`, "checkpoint 5: <b>ok</b>",
		`src="/assets/uPlot.iife.min.js"`, `id="chart-data"`,
	} {
		require.Contains(t, body, want)
	}
	require.NotContains(t, body, "http://", "no external resource")
	require.NotContains(t, body, "https://", "no external resource")
	i := strings.Index(body, `id="chart-data">`)
	j := strings.Index(body[i:], "</script>")
	var charts []map[string]any
	require.NoError(t, json.Unmarshal([]byte(body[i+len(`id="chart-data">`):i+j]), &charts))
	require.Len(t, charts, 1)
	require.Len(t, charts[0]["x"], 6, "4 observed + 2 forecast buckets")

	for path, ctype := range map[string]string{"/assets/uPlot.iife.min.js": "javascript", "/assets/dashboard.js": "javascript", "/assets/uPlot.min.css": "text/css"} {
		resp, body := get(t, srv.URL+path)
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		require.Contains(t, resp.Header.Get("Content-Type"), ctype, path)
		require.NotEmpty(t, body)
	}
	resp, _ = get(t, srv.URL+"/assets/nope.js")
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestModelEndpoints(t *testing.T) {
	srv := newServer(t)
	resp, body := get(t, srv.URL+"/v1/forecast")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var fc struct {
		Corridors []store.ForecastDoc `json:"corridors"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &fc))
	require.Equal(t, "denom-uazr", fc.Corridors[0].CorridorID)
	resp, _ = get(t, srv.URL+"/v1/forecast/denom-uazr")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, _ = get(t, srv.URL+"/v1/forecast/nope")
	require.Equal(t, http.StatusNotFound, resp.StatusCode)

	_, body = get(t, srv.URL+"/v1/anomalies")
	require.Contains(t, body, "structuring")

	_, body = get(t, srv.URL+"/v1/models?node=denom-uazr")
	require.Contains(t, body, `"params_hash"`)
	resp, body = get(t, srv.URL+"/v1/models/denom-uazr/flow-volume/2")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var one struct {
		Model        store.AgentModel `json:"model"`
		ParamsHex    string           `json:"params_hex"`
		MatchesHash  bool             `json:"matches_hash"`
		Params       map[string]int   `json:"params"`
		CheckOnChain string           `json:"check_on_chain"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &one))
	require.True(t, one.MatchesHash, "the served bytes hash to the committed hash")
	require.Equal(t, hex.EncodeToString([]byte("NXMP\x01params")), one.ParamsHex)
	require.Equal(t, 11, one.Params["bytes"])
	require.Equal(t, "nexusd q mesh model-record denom-uazr flow-volume 2", one.CheckOnChain)
	resp, _ = get(t, srv.URL+"/v1/models/denom-uazr/flow-volume/9")
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp, _ = get(t, srv.URL+"/v1/models/denom-uazr/flow-volume/x")
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
}

func TestRouteEndpoint(t *testing.T) {
	srv := newServer(t)
	resp, body := get(t, srv.URL+"/v1/route?payer=azora1a&payee=azora1b&amount=5000000uazr&pending=2")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var adv api.RouteAdvice
	require.NoError(t, json.Unmarshal([]byte(body), &adv))
	require.Equal(t, "forge-escrow", adv.Method)
	require.Equal(t, "5000000uazr", adv.Amount)
	require.Equal(t, []string{"pending 2"}, adv.Reasons)
	for _, q := range []string{"payer=azora1a&payee=azora1b&amount=abc", "payer=azora1a&payee=azora1b", "payer=bad&payee=azora1b&amount=1uazr", "payer=a&payee=b&amount=1uazr&pending=-1"} {
		resp, _ := get(t, srv.URL+"/v1/route?"+q)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, q)
	}
}
