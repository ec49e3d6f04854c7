// Package develop is the agent's Develop capability: every Every blocks it
// refits the models on what the agent perceived — a flow forecast per
// corridor (agent/models/forecast) and the per-account anomaly model
// (agent/models/anomaly) — stores their outputs (forecasts, flagged
// accounts) with the block, proposes an x/mesh MsgCommitModel for each new
// model version of a consenting node, and runs federated analyses over the
// most active accounts (runFederatedAnalysis), proposing MsgRecordAnalysis.
//
// Like every planner it runs inside the block's store transaction and is a
// pure function of the perceived history (and of the x/aegis limits read at
// start): the same history proposes the same actions with the same ids.
package develop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/azora-os/nexus/agent/models/anomaly"
	"github.com/azora-os/nexus/agent/models/federated"
	"github.com/azora-os/nexus/agent/models/flow"
	"github.com/azora-os/nexus/agent/models/forecast"
	"github.com/azora-os/nexus/agent/plan"
	"github.com/azora-os/nexus/agent/store"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// Model names committed on x/mesh.
const (
	// ModelVolume is a corridor's volume forecast; ModelCount its transfer
	// count forecast.
	ModelVolume = "flow-volume"
	ModelCount  = "flow-count"
	// ModelAnomaly is the per-account anomaly model, committed on the
	// account's employee and device nodes.
	ModelAnomaly = "anomaly"
)

// Action kinds and message types the planner proposes.
const (
	KindCommit   = "mesh.commit_model"
	KindAnalysis = "mesh.record_analysis"

	MsgCommitModel    = "/azora.mesh.v1.MsgCommitModel"
	MsgRecordAnalysis = "/azora.mesh.v1.MsgRecordAnalysis"
)

// Config is the planner's schedule and the models' shape.
type Config struct {
	// Every is the refit interval in blocks.
	Every int64
	// Bucket is the forecasts' bucket width, Season the buckets per season,
	// Window the buckets of history they are fitted on, Horizon the buckets
	// forecast.
	Bucket  time.Duration
	Season  int
	Window  int
	Horizon int
	// AnomalyWindow is the anomaly model's evaluation window, AnomalyHistory
	// the baseline before it.
	AnomalyWindow, AnomalyHistory time.Duration
	// MaxAnalyses bounds the federated analyses proposed per round (0: none).
	MaxAnalyses int
}

// DefaultConfig is hourly buckets with a daily season, 30 days of history,
// a refit every 600 blocks (an hour of 6 s blocks), the anomaly model's
// 24 h window on 28 days, three analyses a round.
func DefaultConfig() Config {
	return Config{
		Every: 600, Bucket: time.Hour, Season: 24, Window: 720, Horizon: 24,
		AnomalyWindow: 24 * time.Hour, AnomalyHistory: 28 * 24 * time.Hour, MaxAnalyses: 3,
	}
}

// Validate checks a Config.
func (c Config) Validate() error {
	switch {
	case c.Every < 1:
		return fmt.Errorf("every_blocks %d: must be at least 1", c.Every)
	case c.Bucket < time.Second:
		return fmt.Errorf("bucket %s: must be at least 1s", c.Bucket)
	case c.Season < 1 || c.Season > 10_000:
		return fmt.Errorf("season %d: must be in 1..10000", c.Season)
	case c.Window < c.Season || c.Window > 100_000:
		return fmt.Errorf("window %d: must be in season (%d)..100000", c.Window, c.Season)
	case c.Horizon < 1 || c.Horizon > 10_000:
		return fmt.Errorf("horizon %d: must be in 1..10000", c.Horizon)
	case c.AnomalyWindow <= 0 || c.AnomalyHistory < c.AnomalyWindow:
		return fmt.Errorf("anomaly window %s and history %s: need 0 < window <= history", c.AnomalyWindow, c.AnomalyHistory)
	case c.MaxAnalyses < 0:
		return fmt.Errorf("max_analyses %d: must not be negative", c.MaxAnalyses)
	}
	return nil
}

// Limits supplies what the anomaly model's structuring detectors compare
// against, read from the chain's state: the x/aegis verification tiers
// (nil: not known yet; the detectors are off) and the accounts' tiers
// (a snapshot covering accounts verified at genesis, which no event
// announces; accounts with verification events use those instead).
type Limits func() (tiers []anomaly.Tier, accountTiers map[string]string)

// Planner is the develop planner.
type Planner struct {
	reporter string
	cfg      Config
	fc       forecast.Config
	ac       anomaly.Config
	limits   Limits
	log      *slog.Logger
}

// New returns the planner for the agent's reporter address.
func New(reporter string, cfg Config, limits Limits, log *slog.Logger) (*Planner, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	fc := forecast.DefaultConfig()
	fc.Period, fc.Horizon = cfg.Season, cfg.Horizon
	ac := anomaly.DefaultConfig()
	ac.Window, ac.History = cfg.AnomalyWindow, cfg.AnomalyHistory
	if err := fc.Validate(); err != nil {
		return nil, err
	}
	if err := ac.Validate(); err != nil {
		return nil, err
	}
	if limits == nil {
		limits = func() ([]anomaly.Tier, map[string]string) { return nil, nil }
	}
	if log == nil {
		log = slog.Default()
	}
	return &Planner{reporter: reporter, cfg: cfg, fc: fc, ac: ac, limits: limits, log: log}, nil
}

// Name implements plan.Planner.
func (p *Planner) Name() string { return "develop" }

// Config returns the planner's configuration.
func (p *Planner) Config() Config { return p.cfg }

// AnomalyConfig returns the anomaly model's configuration (what its
// committed parameter hash is of).
func (p *Planner) AnomalyConfig() anomaly.Config { return p.ac }

// IsRound says whether a height is a refit round.
func (p *Planner) IsRound(h int64) bool { return h > 0 && h%p.cfg.Every == 0 }

// round is what one refit round works on.
type round struct {
	blk       plan.Block
	transfers []flow.Transfer
	nodes     []store.Node
	byID      map[string]store.Node
	set       *forecast.Set
	limits    anomaly.Limits
	report    anomaly.Report
	fits      map[string]corridorFit // by corridor id
}

// corridorFit is one corridor's fitted volume model this round.
type corridorFit struct {
	volume *forecast.Model
	next   time.Time
}

// Plan implements plan.Planner.
func (p *Planner) Plan(_ context.Context, view plan.View, blk plan.Block) ([]store.Action, error) {
	if !p.IsRound(blk.Height) {
		return nil, nil
	}
	r, err := p.load(view, blk)
	if err != nil {
		return nil, err
	}
	var out []store.Action
	fc, err := p.forecasts(view, r)
	if err != nil {
		return nil, fmt.Errorf("forecasts: %w", err)
	}
	out = append(out, fc...)
	an, err := p.anomalies(view, r)
	if err != nil {
		return nil, fmt.Errorf("anomalies: %w", err)
	}
	out = append(out, an...)
	fa, err := p.analyses(view, r)
	if err != nil {
		return nil, fmt.Errorf("federated analyses: %w", err)
	}
	return append(out, fa...), nil
}

// load reads what the round needs: the transfers since the earliest time
// either model looks at, the active nodes and the corridor definitions.
func (p *Planner) load(view plan.View, blk plan.Block) (*round, error) {
	fcFrom := blk.Time.Truncate(p.cfg.Bucket).Add(-time.Duration(p.cfg.Window) * p.cfg.Bucket)
	anFrom := blk.Time.Add(-p.cfg.AnomalyWindow - p.cfg.AnomalyHistory)
	since := fcFrom
	if anFrom.Before(since) {
		since = anFrom
	}
	ts, err := view.TransfersSince(since)
	if err != nil {
		return nil, err
	}
	r := &round{blk: blk, byID: map[string]store.Node{}, fits: map[string]corridorFit{}}
	for _, t := range ts {
		amt, err := strconv.ParseFloat(t.Amount, 64)
		if err != nil || amt < 0 || math.IsInf(amt, 0) {
			return nil, fmt.Errorf("transfer at %d/%d: amount %q", t.Height, t.Seq, t.Amount)
		}
		r.transfers = append(r.transfers, flow.Transfer{
			Seq: TransferSeq(t.Height, t.Seq), Height: t.Height, Time: t.Time, From: t.From, To: t.To, Denom: t.Denom, Amount: amt,
		})
	}
	if r.nodes, err = view.ActiveNodes(); err != nil {
		return nil, err
	}
	var defined []forecast.Corridor
	for _, n := range r.nodes {
		r.byID[n.NodeID] = n
		if n.Type != "corridor" {
			continue
		}
		c, err := forecast.ParseCorridor(n.NodeID, n.Metadata)
		switch {
		case errors.Is(err, forecast.ErrNotCorridor):
			continue // free-text metadata: not a corridor definition
		case err != nil:
			p.log.Warn("corridor definition refused; the corridor is not forecast", "node", n.NodeID, "err", err)
			continue
		}
		defined = append(defined, c)
	}
	if r.set, err = forecast.NewSet(defined...); err != nil {
		return nil, err
	}
	if tiers, snapshot := p.limits(); len(tiers) > 0 {
		st, err := view.Standings()
		if err != nil {
			return nil, err
		}
		tt := anomaly.TierTable{Tiers: tiers, AccountTier: map[string]string{}}
		for a, tier := range snapshot {
			tt.AccountTier[a] = tier
		}
		for a, s := range st { // perceived verification events win
			if s.Tier != "" {
				tt.AccountTier[a] = s.Tier
			} else {
				delete(tt.AccountTier, a)
			}
		}
		r.limits = tt
	}
	return r, nil
}

// TransferSeq orders the perceived transfers: the height, then the event's
// observation seq in its block (one block holds fewer than 10^6 events).
func TransferSeq(height int64, seq int) uint64 {
	return uint64(height)*1_000_000 + uint64(seq) //nolint:gosec // heights and seqs are non-negative
}

// consenting says whether a node allows model commits and feedback.
func consenting(n store.Node) bool { return n.DataSharing && n.ModelTraining }

// forecasts fits every corridor's volume and count, stores the forecasts
// and proposes commits of new versions on consenting corridor nodes.
func (p *Planner) forecasts(view plan.View, r *round) ([]store.Action, error) {
	end := r.blk.Time.Truncate(p.cfg.Bucket) // the bucket still filling is left out
	from := end.Add(-time.Duration(p.cfg.Window) * p.cfg.Bucket)
	// A chain younger than the window: start at its first transfer's bucket,
	// so that the time before the chain is not taken for quiet buckets.
	if len(r.transfers) > 0 {
		if first := r.transfers[0].Time.Truncate(p.cfg.Bucket); first.After(from) {
			from = first
		}
	}
	n := int(end.Sub(from) / p.cfg.Bucket)
	if n < 1 {
		return nil, nil
	}
	flows, err := r.set.Series(r.transfers, from, p.cfg.Bucket, n)
	if err != nil {
		return nil, err
	}
	defs := map[string]forecast.Corridor{}
	for _, c := range r.set.Defined() {
		defs[c.ID] = c
	}
	var out []store.Action
	for _, f := range flows {
		vol, err := forecast.Fit(f.Volume, p.fc)
		if err != nil {
			return nil, fmt.Errorf("corridor %s volume: %w", f.Corridor, err)
		}
		cnt, err := forecast.Fit(f.Count, p.fc)
		if err != nil {
			return nil, fmt.Errorf("corridor %s count: %w", f.Corridor, err)
		}
		r.fits[f.Corridor] = corridorFit{volume: vol, next: end}
		node, isNode := r.byID[f.Corridor]
		doc := store.ForecastDoc{
			CorridorID: f.Corridor, Node: isNode, Height: r.blk.Height, Start: from,
			BucketSeconds: int64(p.cfg.Bucket / time.Second), Season: p.cfg.Season,
			Volume: seriesDoc(f.Volume, vol, p.cfg.Horizon), Count: seriesDoc(f.Count, cnt, p.cfg.Horizon),
		}
		if c, ok := defs[f.Corridor]; ok {
			doc.Denoms, doc.Accounts, doc.Description = c.Denoms, len(c.Accounts), c.Description
		} else if denom, ok := strings.CutPrefix(f.Corridor, forecast.DefaultCorridorPrefix); ok {
			doc.Denoms = []string{strings.ReplaceAll(denom, ".", "/")}
		}
		for _, m := range []struct {
			name  string
			model *forecast.Model
			doc   *store.SeriesForecast
		}{{ModelVolume, vol, &doc.Volume}, {ModelCount, cnt, &doc.Count}} {
			m.doc.Model = m.name
			if !isNode {
				continue
			}
			if c, ok, err := view.LatestCommitted(node.NodeID, m.name); err != nil {
				return nil, err
			} else if ok {
				m.doc.ModelVersion, m.doc.ParamsHash = c.Version, c.ParamsHash
			}
			if !consenting(node) {
				continue
			}
			mj, err := json.Marshal(corridorModelJSON{Model: m.model, Next: end, WidthSeconds: int64(p.cfg.Bucket / time.Second)})
			if err != nil {
				return nil, err
			}
			a, err := p.commit(view, r, node, federated.ForecastParams(m.name, m.model), federated.ForecastMetrics(m.model), trainStart(r, from), mj)
			if err != nil {
				return nil, fmt.Errorf("corridor %s %s: %w", f.Corridor, m.name, err)
			}
			if a != nil {
				out = append(out, *a)
			}
		}
		bz, err := json.Marshal(doc)
		if err != nil {
			return nil, err
		}
		if err := view.PutForecast(store.Forecast{CorridorID: f.Corridor, Height: r.blk.Height, Doc: bz}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// corridorModelJSON is a fitted corridor volume model as stored with its
// agent model version: what federated analysis evaluates.
type corridorModelJSON struct {
	Model        *forecast.Model `json:"model"`
	Next         time.Time       `json:"next"`
	WidthSeconds int64           `json:"width_s"`
}

func seriesDoc(observed []float64, m *forecast.Model, horizon int) store.SeriesForecast {
	s := store.SeriesForecast{
		Observed: observed, Method: string(m.Method), Coverage: m.Coverage,
		SMAPE: m.Backtest.SMAPE, BaselineSMAPE: m.Baseline.SMAPE,
	}
	if m.Backtest.MASEDefined {
		v := m.Backtest.MASE
		s.MASE = &v
	}
	if m.Baseline.MASEDefined {
		v := m.Baseline.MASE
		s.BaselineMASE = &v
	}
	for _, pt := range m.Forecast(horizon) {
		s.Forecast = append(s.Forecast, store.ForecastPoint{Mean: pt.Mean, Lower: pt.Lower, Upper: pt.Upper})
	}
	return s
}

// trainStart is the first height of a training window starting at a block
// time: the height of the first transfer at or after it (1 without one).
func trainStart(r *round, since time.Time) int64 {
	for _, t := range r.transfers {
		if !t.Time.Before(since) {
			return max(t.Height, 1)
		}
	}
	return max(r.blk.Height, 1)
}

// commit proposes the next version of a node's model when its parameters
// differ from the latest version committed on chain, unless a version the
// agent proposed is still on its way (proposed less than three rounds ago).
// The version is the chain's latest + 1 as perceived, so a history replayed
// after a lost database proposes the same versions with the same ids, and
// the chain recognises them.
func (p *Planner) commit(view plan.View, r *round, node store.Node, params *federated.Params, metrics []federated.Metric, start int64, modelJSON []byte) (*store.Action, error) {
	enc, err := params.Encode()
	if err != nil {
		return nil, err
	}
	hash := federated.HashBytes(enc)
	model := params.Model
	c, committed, err := view.LatestCommitted(node.NodeID, model)
	if err != nil {
		return nil, err
	}
	if committed && c.ParamsHash == hash {
		return nil, nil // unchanged
	}
	next := c.Version + 1
	if f, ok, err := view.LatestAgentModel(node.NodeID, model); err != nil {
		return nil, err
	} else if ok && f.Version >= next && f.FittedHeight > r.blk.Height-3*p.cfg.Every {
		return nil, nil // the agent's version `next` is still on its way
	}
	end := r.blk.Height
	start = min(max(start, 1), end)
	metrics = slices.Clone(metrics)
	slices.SortFunc(metrics, func(a, b federated.Metric) int { return strings.Compare(a.Name, b.Name) })
	ms := make([]meshtypes.ModelMetric, 0, len(metrics))
	sms := make([]store.Metric, 0, len(metrics))
	for _, m := range metrics {
		v := strconv.FormatInt(m.Value, 10)
		ms = append(ms, meshtypes.ModelMetric{Name: m.Name, Value: v})
		sms = append(sms, store.Metric{Name: m.Name, Value: v})
	}
	id := plan.ActionID("mc", node.NodeID, model, strconv.FormatUint(next, 10), hash)
	msg := &meshtypes.MsgCommitModel{
		Reporter: p.reporter, NodeId: node.NodeID, Model: model, Version: next, ParamsHash: hash,
		TrainStartHeight: start, TrainEndHeight: end, Metrics: ms, ActionId: id,
	}
	if err := msg.Record().Validate(); err != nil {
		return nil, fmt.Errorf("commit %s %s: %w", node.NodeID, model, err)
	}
	bz, err := msg.Marshal()
	if err != nil {
		return nil, err
	}
	if err := view.PutAgentModel(store.AgentModel{
		NodeID: node.NodeID, Model: model, Version: next, Params: enc, ParamsHash: hash,
		TrainStartHeight: start, TrainEndHeight: end, Metrics: sms, FittedHeight: r.blk.Height, ActionID: id, ModelJSON: modelJSON,
	}); err != nil {
		return nil, err
	}
	return &store.Action{
		ID: id, Kind: KindCommit, Planner: p.Name(), CauseHeight: r.blk.Height, MsgType: MsgCommitModel, Msg: bz,
		Subject: node.NodeID, Counterparties: []string{node.Owner},
		Summary: fmt.Sprintf("commit %s v%d of node %s (params %s…, trained on %d..%d)", model, next, node.NodeID, hash[:12], start, end),
	}, nil
}

// anomalies scores the accounts active in the anomaly window, records the
// flagged ones with their reasons, and proposes commits of the anomaly
// model (its configuration) on every consenting employee and device node.
func (p *Planner) anomalies(view plan.View, r *round) ([]store.Action, error) {
	end := r.blk.Time.Add(time.Nanosecond) // the window includes this block
	rep, err := anomaly.Score(anomaly.Input{End: end, Transfers: r.transfers, Limits: r.limits}, p.ac)
	if err != nil {
		return nil, err
	}
	r.report = rep
	for _, res := range rep.Results {
		if !res.Flagged {
			continue
		}
		reasons := make([]store.AnomalyReason, len(res.Reasons))
		for i, rs := range res.Reasons {
			reasons[i] = store.AnomalyReason{Detector: rs.Detector, Score: rs.Score, Detail: rs.Detail}
		}
		bz, err := json.Marshal(reasons)
		if err != nil {
			return nil, err
		}
		if err := view.PutAnomaly(store.Anomaly{Height: r.blk.Height, Account: res.Account, ScorePPM: uint64(res.PPM()), Reasons: bz}); err != nil {
			return nil, err
		}
	}
	params := federated.AnomalyParams(ModelAnomaly, p.ac)
	start := trainStart(r, end.Add(-p.cfg.AnomalyWindow-p.cfg.AnomalyHistory))
	var out []store.Action
	for _, n := range r.nodes {
		if (n.Type != "employee" && n.Type != "device") || !consenting(n) || n.Owner == p.reporter {
			continue
		}
		a, err := p.commit(view, r, n, params, nil, start, nil)
		if err != nil {
			return nil, fmt.Errorf("node %s anomaly: %w", n.NodeID, err)
		}
		if a != nil {
			out = append(out, *a)
		}
	}
	return out, nil
}
