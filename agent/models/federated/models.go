package federated

import (
	"errors"
	"math"
	"time"

	"github.com/azora-os/nexus/agent/models/anomaly"
	"github.com/azora-os/nexus/agent/models/flow"
	"github.com/azora-os/nexus/agent/models/forecast"
)

// ForecastParams returns the canonical parameters of a fitted forecast
// model: everything Forecast and Update read, so the parameters whose hash
// is on chain reproduce the served forecasts exactly.
func ForecastParams(name string, m *forecast.Model) *Params {
	zeros := make([]int64, len(m.State.Zeros))
	for i, z := range m.State.Zeros {
		zeros[i] = int64(z)
	}
	return NewParams(name).
		SetString("method", string(m.Method)).
		SetInt("period", int64(m.Period)).
		SetInt("horizon", int64(m.Horizon)).
		SetFloat("coverage", m.Coverage).
		SetInt("zero_seasons", int64(m.ZeroSeasons)).
		SetFloat("alpha", m.Params.Alpha).
		SetFloat("beta", m.Params.Beta).
		SetFloat("gamma", m.Params.Gamma).
		SetFloat("state.level", m.State.Level).
		SetFloat("state.trend", m.State.Trend).
		SetFloats("state.season", m.State.Season).
		SetInts("state.zeros", zeros).
		SetInt("state.t", int64(m.State.T)).
		SetFloats("recent", m.Recent).
		SetFloats("interval.lower", m.Lower).
		SetFloats("interval.upper", m.Upper).
		SetInt("trained", int64(m.Trained)).
		SetFloat("scale", m.Scale)
}

// ppm converts a metric to integer millionths (rounded half away from zero).
func ppm(x float64) int64 { return int64(math.Round(x * 1e6)) }

// ForecastMetrics returns a forecast model's backtest metrics for its
// record, sorted by name: baseline_mase_ppm, baseline_smape_ppm,
// coverage_ppm, mase_ppm (left out when MASE is undefined), points,
// smape_ppm. sMAPE is in percent, so smape_ppm 17 800 000 is 17.8%.
func ForecastMetrics(m *forecast.Model) []Metric {
	var out []Metric
	if m.Baseline.MASEDefined {
		out = append(out, Metric{"baseline_mase_ppm", ppm(m.Baseline.MASE)})
	}
	out = append(out,
		Metric{"baseline_smape_ppm", ppm(m.Baseline.SMAPE)},
		Metric{"coverage_ppm", ppm(m.Backtest.Coverage)})
	if m.Backtest.MASEDefined {
		out = append(out, Metric{"mase_ppm", ppm(m.Backtest.MASE)})
	}
	return append(out,
		Metric{"points", int64(m.Backtest.Points)},
		Metric{"smape_ppm", ppm(m.Backtest.SMAPE)})
}

// CorridorModel is a corridor node's own model: the volume forecast of its
// flow. Evaluate says how plausible the context's amount is in the bucket of
// ctx.At: MaxScore when the amount is within the forecast interval's upper
// bound for that bucket, ⌊MaxScore × upper / amount⌋ above it.
type CorridorModel struct {
	Rec    ModelRecord
	Volume *forecast.Model
	// Next is the start of the bucket after the last one the model has seen
	// (step 1); Width is the bucket width.
	Next  time.Time
	Width time.Duration
}

// Record implements Model.
func (c CorridorModel) Record() ModelRecord { return c.Rec }

// Evaluate implements Model.
func (c CorridorModel) Evaluate(ctx Context) (uint32, error) {
	if c.Volume == nil || c.Width <= 0 {
		return 0, errors.New("corridor model has no forecast")
	}
	if ctx.At.Before(c.Next) {
		return 0, errors.New("context is before the forecast's first bucket")
	}
	step := int(ctx.At.Sub(c.Next)/c.Width) + 1
	if step > 7*c.Volume.Period {
		return 0, errors.New("context is more than seven seasons ahead of the forecast")
	}
	if ctx.Amount <= 0 {
		return MaxScore, nil
	}
	pts := c.Volume.Forecast(step)
	upper := pts[step-1].Upper
	if ctx.Amount <= upper {
		return MaxScore, nil
	}
	return uint32(math.Floor(MaxScore * upper / ctx.Amount)), nil
}

// Fixed is a node model reduced to a stored score (e.g. a device's last
// scored feedback): Evaluate returns Score whatever the context.
type Fixed struct {
	Rec   ModelRecord
	Score uint32
}

// Record implements Model.
func (f Fixed) Record() ModelRecord { return f.Rec }

// Evaluate implements Model.
func (f Fixed) Evaluate(Context) (uint32, error) { return f.Score, nil }

// AnomalyParams returns the canonical parameters of the anomaly model: its
// whole Config (the model has no per-account fitted state; the baselines
// are recomputed from the history each time).
func AnomalyParams(name string, c anomaly.Config) *Params {
	return NewParams(name).
		SetInt("window_s", int64(c.Window/time.Second)).
		SetInt("history_s", int64(c.History/time.Second)).
		SetInt("min_history", int64(c.MinHistory)).
		SetInt("min_history_windows", int64(c.MinHistoryWindows)).
		SetFloats("size", []float64{c.SizeZ0, c.SizeZ1, c.SizeMADFloor, c.SizeOverMax}).
		SetFloats("velocity", []float64{c.VelZ0, c.VelZ1, c.VelRatio0, c.VelRatio1}).
		SetInt("velocity_min_count", int64(c.VelMinCount)).
		SetFloats("new_counterparties", []float64{c.NewZ0, c.NewZ1, c.NewPrior}).
		SetInt("new_counterparties_min", int64(c.NewMin)).
		SetInts("cycle_len", []int64{int64(c.CycleMinLen), int64(c.CycleMaxLen)}).
		SetInt("cycle_span_s", int64(c.CycleSpan/time.Second)).
		SetFloats("cycle", []float64{c.CycleRatioLo, c.CycleRatioHi, c.CycleScore}).
		SetInt("cycle_budget", int64(c.CycleBudget)).
		SetFloats("structuring", []float64{c.StructBand, c.StructK0, c.StructK1}).
		SetFloats("daily_splitting", []float64{c.SplitShare0, c.SplitShare1, c.SplitOverP90}).
		SetInt("daily_splitting_min_count", int64(c.SplitMinCount)).
		SetFloat("threshold", c.Threshold)
}

// AccountModel is an employee node's model: the anomaly score of its
// account. Evaluate adds the context as a prospective transfer of
// ctx.Amount ctx.Denom from ctx.Account at ctx.At to the history, scores
// the window ending just after it, and returns MaxScore − the account's
// score in millionths (MaxScore when nothing stands out).
type AccountModel struct {
	Rec     ModelRecord
	History []flow.Transfer
	Limits  anomaly.Limits
	Config  anomaly.Config
}

// ContextCounterparty is the recipient of the prospective transfer.
const ContextCounterparty = "federated-context"

// Record implements Model.
func (m AccountModel) Record() ModelRecord { return m.Rec }

// Evaluate implements Model.
func (m AccountModel) Evaluate(ctx Context) (uint32, error) {
	if ctx.Account == "" || ctx.Denom == "" || ctx.Amount <= 0 {
		return 0, errors.New("the context names no account, denom or amount")
	}
	var seq uint64
	for _, t := range m.History {
		seq = max(seq, t.Seq)
	}
	ts := append(append([]flow.Transfer(nil), m.History...), flow.Transfer{
		Seq: seq + 1, Time: ctx.At, From: ctx.Account, To: ContextCounterparty, Denom: ctx.Denom, Amount: ctx.Amount,
	})
	rep, err := anomaly.Score(anomaly.Input{End: ctx.At.Add(time.Nanosecond), Transfers: ts, Limits: m.Limits}, m.Config)
	if err != nil {
		return 0, err
	}
	for _, r := range rep.Results {
		if r.Account == ctx.Account {
			return MaxScore - min(r.PPM(), MaxScore), nil
		}
	}
	return MaxScore, nil
}
