package federated

import (
	"errors"
	"math"
	"time"

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
