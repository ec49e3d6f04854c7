package api

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/azora-os/nexus/agent/store"
)

// The dashboard is one server-rendered page (templates/dashboard.html) with
// its assets embedded in the binary: the chart library (uPlot 1.6.32,
// vendored from npm by scripts/vendor-uplot.sh, MIT licence alongside), a
// small script that draws the charts from the data the page carries, and a
// style sheet. Nothing is loaded from anywhere else (the page's
// Content-Security-Policy says so).

//go:embed templates/dashboard.html
var dashboardHTML string

//go:embed assets
var assetsFS embed.FS

var dashboardTmpl = template.Must(template.New("dashboard").Funcs(template.FuncMap{
	"short":   shortHash,
	"pct":     func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + "%" },
	"num":     humanNumber,
	"ppm":     func(v uint64) string { return strconv.FormatFloat(float64(v)/1e6, 'f', 3, 64) },
	"metric":  metricValue,
	"join":    strings.Join,
	"lower":   strings.ToLower,
	"reasons": decodeReasons,
	"opt": func(f *float64) string {
		if f == nil {
			return "—"
		}
		return strconv.FormatFloat(*f, 'f', 3, 64)
	},
}).Parse(dashboardHTML))

// dashboardData is what the page shows.
type dashboardData struct {
	Status      Status
	Generated   string
	Corridors   []corridorView
	Charts      []chartData
	Anomalies   []store.Anomaly
	Models      []modelView
	Analyses    []store.Analysis
	Checkpoints []store.Checkpoint
	ReconCounts map[string]int64
}

// corridorView is one corridor's summary line and chart.
type corridorView struct {
	Doc       store.ForecastDoc
	Next      store.ForecastPoint
	NextCount store.ForecastPoint
	Bucket    string
	Observed  int
}

// chartData is what dashboard.js draws for one corridor: x in Unix seconds
// (observed buckets then forecast buckets), the observed volume, the
// forecast mean and its interval (null where a series has no value).
type chartData struct {
	ID       string     `json:"id"`
	X        []int64    `json:"x"`
	Observed []*float64 `json:"observed"`
	Mean     []*float64 `json:"mean"`
	Lower    []*float64 `json:"lower"`
	Upper    []*float64 `json:"upper"`
}

// modelView is one fitted model version with its chain status.
type modelView struct {
	store.AgentModel
	OnChain bool
}

// dashboardHandler serves GET /: the page is rendered from the store on
// every request (it reloads itself every 15 s).
func dashboardHandler(b Backend) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := buildDashboard(r.Context(), b)
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		var buf strings.Builder
		if err := dashboardTmpl.Execute(&buf, data); err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = io.WriteString(w, buf.String())
	}
}

func buildDashboard(ctx context.Context, b Backend) (dashboardData, error) {
	st, err := b.Status(ctx)
	if err != nil {
		return dashboardData{}, err
	}
	d := dashboardData{Status: st, Generated: time.Now().UTC().Format(time.RFC3339)}
	fcs, err := b.Store().Forecasts(ctx)
	if err != nil {
		return d, err
	}
	for _, f := range fcs {
		var doc store.ForecastDoc
		if err := json.Unmarshal(f.Doc, &doc); err != nil {
			return d, fmt.Errorf("forecast %s: %w", f.CorridorID, err)
		}
		cv := corridorView{Doc: doc, Bucket: (time.Duration(doc.BucketSeconds) * time.Second).String(), Observed: len(doc.Volume.Observed)}
		if len(doc.Volume.Forecast) > 0 {
			cv.Next = doc.Volume.Forecast[0]
		}
		if len(doc.Count.Forecast) > 0 {
			cv.NextCount = doc.Count.Forecast[0]
		}
		d.Corridors = append(d.Corridors, cv)
		d.Charts = append(d.Charts, chartOf(doc))
	}
	// The latest finding of each flagged account, newest first.
	all, err := b.Store().Anomalies(ctx, 500)
	if err != nil {
		return d, err
	}
	seenAcct := map[string]bool{}
	for _, a := range all {
		if !seenAcct[a.Account] && len(d.Anomalies) < 20 {
			seenAcct[a.Account] = true
			d.Anomalies = append(d.Anomalies, a)
		}
	}
	models, err := b.Store().AgentModels(ctx, "", "", 200)
	if err != nil {
		return d, err
	}
	committed, err := b.Store().CommittedModels(ctx, "", 1000)
	if err != nil {
		return d, err
	}
	onChain := map[string]bool{}
	for _, c := range committed {
		onChain[c.NodeID+"\x00"+c.Model+"\x00"+strconv.FormatUint(c.Version, 10)+"\x00"+c.ParamsHash] = true
	}
	seen := map[string]bool{}
	for _, m := range models { // newest first: keep each (node, model)'s latest
		k := m.NodeID + "\x00" + m.Model
		if seen[k] {
			continue
		}
		seen[k] = true
		d.Models = append(d.Models, modelView{AgentModel: m, OnChain: onChain[k+"\x00"+strconv.FormatUint(m.Version, 10)+"\x00"+m.ParamsHash]})
	}
	sort.SliceStable(d.Models, func(i, j int) bool {
		if d.Models[i].NodeID != d.Models[j].NodeID {
			return d.Models[i].NodeID < d.Models[j].NodeID
		}
		return d.Models[i].Model < d.Models[j].Model
	})
	if d.Analyses, err = b.Store().Analyses(ctx, 10); err != nil {
		return d, err
	}
	if d.Checkpoints, err = b.Store().Checkpoints(ctx, 5); err != nil {
		return d, err
	}
	if d.ReconCounts, err = b.Store().CheckpointCounts(ctx); err != nil {
		return d, err
	}
	return d, nil
}

// chartOf lays a corridor's volume out for the chart: the last three
// seasons of observed buckets (at least 24), then the forecast buckets; the
// forecast line starts at the last observed bucket so the two join.
func chartOf(doc store.ForecastDoc) chartData {
	obs, fc := doc.Volume.Observed, doc.Volume.Forecast
	width := max(doc.BucketSeconds, 1)
	start := doc.Start.Unix()
	if keep := max(3*doc.Season, 24); len(obs) > keep {
		start += int64(len(obs)-keep) * width
		obs = obs[len(obs)-keep:]
	}
	n := len(obs) + len(fc)
	c := chartData{ID: doc.CorridorID, X: make([]int64, n), Observed: make([]*float64, n), Mean: make([]*float64, n), Lower: make([]*float64, n), Upper: make([]*float64, n)}
	for i := 0; i < n; i++ {
		c.X[i] = start + int64(i)*width
	}
	for i, v := range obs {
		c.Observed[i] = fptr(v)
	}
	if len(obs) > 0 && len(fc) > 0 {
		last := len(obs) - 1
		c.Mean[last], c.Lower[last], c.Upper[last] = fptr(obs[last]), fptr(obs[last]), fptr(obs[last])
	}
	for i, p := range fc {
		j := len(obs) + i
		c.Mean[j], c.Lower[j], c.Upper[j] = fptr(p.Mean), fptr(p.Lower), fptr(p.Upper)
	}
	return c
}

func fptr(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// humanNumber writes a float with thousands separators and at most one
// decimal.
func humanNumber(f float64) string {
	neg := f < 0
	s := strconv.FormatFloat(math.Abs(f), 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// metricValue shows a stored ppm metric as a number (sMAPE in percent,
// MASE as a ratio), or "—".
func metricValue(ms []store.Metric, name string) string {
	for _, m := range ms {
		if m.Name != name {
			continue
		}
		v, err := strconv.ParseFloat(m.Value, 64)
		if err != nil {
			return m.Value
		}
		if name == "smape_ppm" {
			return strconv.FormatFloat(v/1e6, 'f', 1, 64) + "%"
		}
		return strconv.FormatFloat(v/1e6, 'f', 3, 64)
	}
	return "—"
}

func decodeReasons(raw json.RawMessage) []store.AnomalyReason {
	var rs []store.AnomalyReason
	_ = json.Unmarshal(raw, &rs)
	return rs
}

// assets serves the embedded files under /assets/.
func assets() http.Handler {
	sub, err := fs.Sub(assetsFS, "assets")
	if err != nil {
		panic(err)
	}
	return http.StripPrefix("/assets/", http.FileServer(http.FS(sub)))
}
