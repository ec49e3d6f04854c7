// Package forecast forecasts a corridor's flow — committed volume and
// transfer count per block-time bucket — with additive Holt–Winters whose
// smoothing parameters minimise a rolling-origin backtest error, and gives
// prediction intervals from the backtest's own residual quantiles.
//
// The package is pure: series in, numbers out; no I/O, no clock, no
// randomness. The same series and Config always give the same Model. The
// maths, the fallbacks for short histories and how a planner calls it are in
// README.md.
package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat"
)

// Method names the model a Model uses.
type Method string

// Methods, from the richest history to none.
const (
	// MethodHoltWinters is additive Holt–Winters with fitted parameters
	// (at least MinSeasonsHW seasons of history).
	MethodHoltWinters Method = "holt-winters-additive"
	// MethodSeasonalNaive repeats the last season (at least one season and
	// one bucket).
	MethodSeasonalNaive Method = "seasonal-naive"
	// MethodNaive repeats the last bucket (shorter histories).
	MethodNaive Method = "naive"
	// MethodNone forecasts zero: there is no history at all.
	MethodNone Method = "none"
)

// MinSeasonsHW is the shortest history, in seasons, fitted with Holt–Winters:
// two seasons initialise the state and the third gives the backtest its
// origins.
const MinSeasonsHW = 3

// Config sets the shape of the forecast. The zero value is not valid; start
// from DefaultConfig.
type Config struct {
	// Period is the season length in buckets (24 for hourly buckets and a
	// daily season).
	Period int
	// Horizon is how many buckets ahead the backtest scores and the
	// intervals are calibrated for; forecasts further out reuse the
	// intervals of the last step.
	Horizon int
	// Coverage is the nominal coverage of the prediction interval (0.9 → the
	// 5% and 95% residual quantiles).
	Coverage float64
	// MaxOrigins bounds the backtest to the last MaxOrigins rolling origins
	// (0 = every origin after the initialisation seasons).
	MaxOrigins int
	// MinResiduals is the fewest residuals of one horizon step from which
	// that step's own quantiles are used; below it the step uses all steps'
	// residuals pooled.
	MinResiduals int
	// MaxEvaluations bounds each Nelder–Mead run (evaluations of the
	// backtest loss).
	MaxEvaluations int
	// ZeroSeasons: a phase whose bucket was exactly zero in each of the last
	// ZeroSeasons seasons is forecast as zero by Holt–Winters (0 = never).
	ZeroSeasons int
}

// DefaultConfig is hourly buckets with a daily season, a 24-bucket horizon
// and 90% intervals.
func DefaultConfig() Config {
	return Config{Period: 24, Horizon: 24, Coverage: 0.9, MaxOrigins: 0, MinResiduals: 20, MaxEvaluations: 400, ZeroSeasons: 2}
}

// Validate reports a Config that cannot be used.
func (c Config) Validate() error {
	switch {
	case c.Period < 1 || c.Period > 10_000:
		return fmt.Errorf("forecast: period %d is not in [1, 10000]", c.Period)
	case c.Horizon < 1 || c.Horizon > 10_000:
		return fmt.Errorf("forecast: horizon %d is not in [1, 10000]", c.Horizon)
	case !(c.Coverage > 0 && c.Coverage < 1):
		return fmt.Errorf("forecast: coverage %v is not in (0, 1)", c.Coverage)
	case c.MaxOrigins < 0:
		return fmt.Errorf("forecast: max origins %d is negative", c.MaxOrigins)
	case c.MinResiduals < 1:
		return fmt.Errorf("forecast: min residuals %d is below 1", c.MinResiduals)
	case c.MaxEvaluations < 10:
		return fmt.Errorf("forecast: max evaluations %d is below 10", c.MaxEvaluations)
	case c.ZeroSeasons < 0:
		return fmt.Errorf("forecast: zero seasons %d is negative", c.ZeroSeasons)
	}
	return nil
}

// Metrics are the errors of forecasts against actuals.
type Metrics struct {
	// SMAPE is the symmetric mean absolute percentage error in percent,
	// 100/N·Σ 2|y−ŷ|/(|y|+|ŷ|), in [0, 200]; a point with y = ŷ = 0 counts 0.
	SMAPE float64 `json:"smape"`
	// MAE is the mean absolute error in the series' units.
	MAE float64 `json:"mae"`
	// MASE is MAE divided by Scale; defined only when Scale > 0.
	MASE        float64 `json:"mase"`
	MASEDefined bool    `json:"mase_defined"`
	// Scale is the in-sample one-step seasonal-naive MAE of the training
	// series, (1/(n−m))·Σ|y_t − y_{t−m}| (lag 1 when the series is shorter
	// than a season and a bucket).
	Scale float64 `json:"scale"`
	// Coverage is the fraction of actuals inside the prediction interval.
	Coverage float64 `json:"coverage"`
	// Points is the number of (origin, step) forecasts scored.
	Points int `json:"points"`
}

// Model is a fitted forecaster of one series.
type Model struct {
	Method   Method  `json:"method"`
	Period   int     `json:"period"`
	Horizon  int     `json:"horizon"`
	Coverage float64 `json:"coverage"`
	// ZeroSeasons is Config.ZeroSeasons of the fit.
	ZeroSeasons int `json:"zero_seasons"`
	// Params are the fitted smoothing parameters (Holt–Winters only).
	Params Params `json:"params"`
	// State is the Holt–Winters state after the last observation
	// (Holt–Winters only).
	State State `json:"state"`
	// Recent holds the last Period observations, oldest first (the naive
	// methods forecast from them; Holt–Winters keeps them for Baseline).
	Recent []float64 `json:"recent"`
	// Lower and Upper are, per horizon step, the residual quantiles added to
	// the point forecast to make the interval (Lower ≤ 0 ≤ Upper need not
	// hold: a biased model has one-sided residuals).
	Lower []float64 `json:"lower"`
	Upper []float64 `json:"upper"`
	// Trained is the number of buckets the model was fitted on.
	Trained int `json:"trained"`
	// Scale is the MASE denominator of the training series.
	Scale float64 `json:"scale"`
	// Backtest scores the model's rolling-origin forecasts on its training
	// series (parameters chosen on it, states never seeing an origin's
	// future); Baseline scores seasonal-naive on the same origins.
	Backtest Metrics `json:"backtest"`
	Baseline Metrics `json:"baseline"`
}

// Point is one bucket's forecast.
type Point struct {
	// Step is how many buckets after the last observation (1 = the next).
	Step int `json:"step"`
	// Mean is the point forecast; Lower and Upper bound the prediction
	// interval of the model's Coverage. All three are ≥ 0.
	Mean  float64 `json:"mean"`
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
}

// ErrBadSeries is returned for a series with a negative, NaN or infinite value.
var ErrBadSeries = errors.New("forecast: series values must be finite and non-negative")

// Fit fits a model to y (one value per bucket, oldest first; zero-volume
// buckets are zeros, never left out). The method depends on the length n of
// y and the period m:
//
//	n ≥ 3m        Holt–Winters, parameters fitted (see README)
//	m < n < 3m    seasonal-naive
//	1 ≤ n ≤ m     naive (last value)
//	n = 0         none (forecast 0)
func Fit(y []float64, cfg Config) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	for _, v := range y {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, ErrBadSeries
		}
	}
	m := cfg.Period
	md := &Model{Period: m, Horizon: cfg.Horizon, Coverage: cfg.Coverage, ZeroSeasons: cfg.ZeroSeasons, Trained: len(y), Scale: scale(y, m)}
	md.Recent = lastN(y, m)
	switch {
	case len(y) == 0:
		md.Method = MethodNone
		md.Lower = make([]float64, cfg.Horizon)
		md.Upper = make([]float64, cfg.Horizon)
		return md, nil
	case len(y) <= m:
		md.Method = MethodNaive
	case len(y) < MinSeasonsHW*m:
		md.Method = MethodSeasonalNaive
	default:
		md.Method = MethodHoltWinters
	}
	from := firstOrigin(len(y), m, cfg)
	if md.Method != MethodHoltWinters {
		// The naive methods are scored on every origin after their first
		// forecastable bucket.
		from = 1
		if md.Method == MethodSeasonalNaive {
			from = m
		}
		if cfg.MaxOrigins > 0 {
			from = max(from, len(y)-cfg.MaxOrigins)
		}
	}

	// Seasonal-naive (naive below a season) on the same origins: the
	// baseline, and the fallback methods' own backtest.
	baseErrs := naiveResiduals(y, m, md.Method == MethodNaive, from, cfg.Horizon)
	if md.Method != MethodHoltWinters {
		md.Lower, md.Upper = intervals(baseErrs, cfg)
		md.Backtest = metricsFromResiduals(y, baseErrs, md.Scale, md.Lower, md.Upper)
		md.Baseline = md.Backtest
		return md, nil
	}

	md.Params = fitParams(y, m, from, cfg)
	errs, _, _, end := residuals(y, m, cfg.ZeroSeasons, md.Params, from, cfg.Horizon, true)
	md.State = end
	md.Lower, md.Upper = intervals(errs, cfg)
	md.Backtest = metricsFromResiduals(y, errs, md.Scale, md.Lower, md.Upper)
	md.Baseline = metricsFromResiduals(y, baseErrs, md.Scale, nil, nil)
	return md, nil
}

// firstOrigin is the first rolling origin of the Holt–Winters backtest: the
// end of the two initialisation seasons, or later when MaxOrigins bounds it.
func firstOrigin(n, m int, cfg Config) int {
	from := 2 * m
	if cfg.MaxOrigins > 0 {
		from = max(from, n-cfg.MaxOrigins)
	}
	return from
}

// fitParams minimises the mean absolute rolling-origin error over
// (α, β, γ): a fixed 4×3×3 grid, then Nelder–Mead (gonum) from the two best
// grid points in logistic coordinates, keeping the best point seen.
// Everything is deterministic: fixed starts, fixed order, ties keep the
// earlier point.
func fitParams(y []float64, m, from int, cfg Config) Params {
	loss := func(p Params) float64 {
		_, s, n, _ := residuals(y, m, cfg.ZeroSeasons, p, from, cfg.Horizon, false)
		if n == 0 || math.IsNaN(s) || math.IsInf(s, 0) {
			return math.MaxFloat64
		}
		return s / float64(n)
	}
	type cand struct {
		p Params
		f float64
	}
	var grid []cand
	for _, a := range []float64{0.05, 0.2, 0.5, 0.8} {
		for _, b := range []float64{0.01, 0.1, 0.3} {
			for _, g := range []float64{0.05, 0.2, 0.5} {
				p := Params{Alpha: a, Beta: b, Gamma: g * (1 - a)}
				grid = append(grid, cand{p, loss(p)})
			}
		}
	}
	slices.SortStableFunc(grid, func(x, y cand) int {
		switch {
		case x.f < y.f:
			return -1
		case x.f > y.f:
			return 1
		}
		return 0
	})
	best := grid[0]
	for _, start := range grid[:2] {
		prob := optimize.Problem{Func: func(x []float64) float64 { return loss(fromLogit(x)) }}
		settings := &optimize.Settings{
			FuncEvaluations: cfg.MaxEvaluations,
			Converger:       &optimize.FunctionConverge{Relative: 1e-7, Iterations: 40},
		}
		res, err := optimize.Minimize(prob, toLogit(start.p), settings, &optimize.NelderMead{})
		if err != nil || res == nil {
			continue
		}
		p := fromLogit(res.X)
		if f := loss(p); f < best.f {
			best = cand{p, f}
		}
	}
	return best.p
}

const logitBound = 12 // σ(±12) is within 6e-6 of 0 and 1

func sigmoid(x float64) float64 {
	x = math.Max(-logitBound, math.Min(logitBound, x))
	return 1 / (1 + math.Exp(-x))
}

func logit(p float64) float64 { return math.Log(p / (1 - p)) }

// fromLogit maps R³ onto the admissible region: α = σ(x₀), β = σ(x₁),
// γ = (1−α)·σ(x₂).
func fromLogit(x []float64) Params {
	a := sigmoid(x[0])
	return Params{Alpha: a, Beta: sigmoid(x[1]), Gamma: (1 - a) * sigmoid(x[2])}
}

func toLogit(p Params) []float64 {
	return []float64{logit(p.Alpha), logit(p.Beta), logit(p.Gamma / (1 - p.Alpha))}
}

// naiveResiduals scores the naive (lag 1) or seasonal-naive (lag m) forecast
// from every origin ≥ from: from origin o, step k forecasts
// y[o−1] (naive) or y[o+k−1 − m·⌈k/m⌉] (seasonal-naive: the last observed
// bucket of the same phase).
func naiveResiduals(y []float64, m int, naive bool, from, h int) [][]float64 {
	errs := make([][]float64, h)
	for o := max(from, 1); o < len(y); o++ {
		for k := 1; k <= h && o+k-1 < len(y); k++ {
			var f float64
			if naive {
				f = y[o-1]
			} else {
				j := o + k - 1 - m*((k+m-1)/m)
				if j < 0 {
					continue
				}
				f = y[j]
			}
			errs[k-1] = append(errs[k-1], y[o+k-1]-f)
		}
	}
	return errs
}

// intervals returns per-step residual quantiles at (1−c)/2 and (1+c)/2
// (linear interpolation between order statistics). A step with fewer than
// MinResiduals residuals uses every step's residuals pooled; with no
// residuals at all the interval is the point forecast.
func intervals(errs [][]float64, cfg Config) (lo, hi []float64) {
	lo = make([]float64, cfg.Horizon)
	hi = make([]float64, cfg.Horizon)
	var pooled []float64
	for _, e := range errs {
		pooled = append(pooled, e...)
	}
	slices.Sort(pooled)
	pl, ph := (1-cfg.Coverage)/2, (1+cfg.Coverage)/2
	for k := range cfg.Horizon {
		var e []float64
		if k < len(errs) && len(errs[k]) >= cfg.MinResiduals {
			e = slices.Clone(errs[k])
			slices.Sort(e)
		} else {
			e = pooled
		}
		if len(e) == 0 {
			continue
		}
		lo[k] = stat.Quantile(pl, stat.LinInterp, e, nil)
		hi[k] = stat.Quantile(ph, stat.LinInterp, e, nil)
	}
	return lo, hi
}

// metricsFromResiduals turns backtest residuals (per step, in origin order)
// back into metrics. The residual loops visit origins in increasing order,
// skip none once a step is reachable, and end with the last origin whose
// step k+1 (k counted from 0) is observed, n−k−1; so step k+1's i-th residual
// belongs to origin o = n−k−len(errs[k])+i and its actual is y[o+k]. The
// forecast is actual − residual.
func metricsFromResiduals(y []float64, errs [][]float64, scale float64, lo, hi []float64) Metrics {
	var acc accumulator
	for k, ek := range errs {
		first := len(y) - k - len(ek)
		for i, e := range ek {
			a := y[first+i+k]
			f := a - e
			var l, u float64
			if lo != nil {
				l, u = clampZero(f+lo[k]), clampZero(f+hi[k])
			}
			acc.add(a, f, l, u, lo != nil)
		}
	}
	return acc.metrics(scale)
}

// Evaluate scores forecasts against actuals: sMAPE, MAE, MASE (with the
// given scale, normally the training series' Model.Scale) and the interval
// coverage. The slices have equal lengths.
func Evaluate(actual []float64, pts []Point, scale float64) (Metrics, error) {
	if len(actual) != len(pts) {
		return Metrics{}, fmt.Errorf("forecast: %d actuals for %d forecasts", len(actual), len(pts))
	}
	var acc accumulator
	for i, a := range actual {
		acc.add(a, pts[i].Mean, pts[i].Lower, pts[i].Upper, true)
	}
	return acc.metrics(scale), nil
}

type accumulator struct {
	n, in         int
	abs, smape    float64
	withIntervals bool
}

func (a *accumulator) add(y, f, lo, hi float64, interval bool) {
	a.n++
	d := math.Abs(y - f)
	a.abs += d
	if den := math.Abs(y) + math.Abs(f); den > 0 {
		a.smape += 2 * d / den
	}
	if interval {
		a.withIntervals = true
		if y >= lo && y <= hi {
			a.in++
		}
	}
}

func (a *accumulator) metrics(scale float64) Metrics {
	m := Metrics{Points: a.n, Scale: scale}
	if a.n == 0 {
		return m
	}
	m.MAE = a.abs / float64(a.n)
	m.SMAPE = 100 * a.smape / float64(a.n)
	if scale > 0 {
		m.MASE, m.MASEDefined = m.MAE/scale, true
	}
	if a.withIntervals {
		m.Coverage = float64(a.in) / float64(a.n)
	}
	return m
}

// scale is the MASE denominator: the in-sample one-step seasonal-naive MAE,
// (1/(n−m))·Σ_{t≥m}|y_t − y_{t−m}|, or the lag-1 version when n ≤ m; 0 when
// there are no pairs.
func scale(y []float64, m int) float64 {
	lag := m
	if len(y) <= m {
		lag = 1
	}
	var s float64
	n := 0
	for t := lag; t < len(y); t++ {
		s += math.Abs(y[t] - y[t-lag])
		n++
	}
	if n == 0 {
		return 0
	}
	return s / float64(n)
}

func lastN(y []float64, n int) []float64 {
	if len(y) > n {
		y = y[len(y)-n:]
	}
	return slices.Clone(y)
}

// Forecast returns the next h buckets' forecasts with intervals. Steps past
// the model's Horizon use the last step's interval offsets.
func (md *Model) Forecast(h int) []Point {
	out := make([]Point, 0, max(h, 0))
	for k := 1; k <= h; k++ {
		var f float64
		switch md.Method {
		case MethodHoltWinters:
			f = md.State.mean(k, md.ZeroSeasons)
		case MethodSeasonalNaive:
			// Recent holds the last m values; step k repeats the phase.
			m := len(md.Recent)
			f = md.Recent[(k-1)%m]
		case MethodNaive:
			f = md.Recent[len(md.Recent)-1]
		}
		f = clampZero(f)
		j := min(k, md.Horizon) - 1
		out = append(out, Point{Step: k, Mean: f, Lower: clampZero(f + md.Lower[j]), Upper: clampZero(f + md.Upper[j])})
	}
	return out
}

// Update absorbs newly closed buckets without refitting: Holt–Winters states
// move by the fitted parameters, the naive methods shift their window.
// Parameters, intervals and metrics stay those of the fit. Values must be
// finite and non-negative.
func (md *Model) Update(ys ...float64) error {
	for _, v := range ys {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return ErrBadSeries
		}
	}
	for _, v := range ys {
		if md.Method == MethodHoltWinters {
			md.State.step(md.Params, v)
		}
		md.Recent = append(md.Recent, v)
		if len(md.Recent) > md.Period {
			md.Recent = md.Recent[len(md.Recent)-md.Period:]
		}
	}
	if md.Method == MethodNone && len(md.Recent) > 0 {
		md.Method = MethodNaive
	}
	return nil
}
