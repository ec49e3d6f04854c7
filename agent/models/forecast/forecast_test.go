package forecast

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// meanAmount is E[amount] of the lognormal transfer size below:
// exp(μ + σ²/2) with μ = ln(50e6), σ = 0.8.
var meanAmount = math.Exp(math.Log(50e6) + 0.8*0.8/2)

// corridor is a synthetic hourly corridor: its volume and count series and
// the true expected values of both (the oracle forecast).
type corridor struct {
	vol, cnt, volMean, cntMean []float64
}

// corridorSeries draws an hourly corridor: transfers per hour are Poisson
// with a daily profile (no traffic from 00:00 to 04:00, a morning and an
// evening peak) whose level grows by growthPerDay; each transfer's amount
// is lognormal (median 50 AZR). Night hours are exactly zero.
func corridorSeries(seed uint64, days int, base, growthPerDay float64) corridor {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	profile := [24]float64{0, 0, 0, 0, 0.05, 0.2, 0.6, 1.2, 1.6, 1.3, 1.0, 1.1,
		1.4, 1.2, 1.0, 1.0, 1.1, 1.5, 1.9, 1.7, 1.1, 0.6, 0.25, 0.05}
	var c corridor
	for d := range days {
		level := base * (1 + growthPerDay*float64(d))
		for h := range 24 {
			lambda := level * profile[h]
			n := poisson(r, lambda)
			var v float64
			for range n {
				v += math.Round(math.Exp(r.NormFloat64()*0.8 + math.Log(50e6)))
			}
			c.vol = append(c.vol, v)
			c.cnt = append(c.cnt, float64(n))
			c.volMean = append(c.volMean, lambda*meanAmount)
			c.cntMean = append(c.cntMean, lambda)
		}
	}
	return c
}

func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 50 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

type heldOutResult struct {
	hw, sn, oracle Metrics
	fit            *Model
}

// heldOut fits on y[:train] and scores rolling 24-step forecasts from every
// origin in y[train:] (parameters frozen, the state absorbing each bucket as
// it closes) against seasonal-naive and the oracle (the true mean) on the
// same (origin, step) pairs. Neither the fit nor any forecast sees a bucket
// at or after its origin.
func heldOut(t *testing.T, y, truth []float64, train int) heldOutResult {
	t.Helper()
	cfg := DefaultConfig()
	md, err := Fit(y[:train], cfg)
	require.NoError(t, err)
	require.Equal(t, MethodHoltWinters, md.Method)
	fitted := *md
	fitted.State = md.State.clone()
	var acts []float64
	var hwPts, snPts, orPts []Point
	for o := train; o < len(y); o++ {
		pts := md.Forecast(cfg.Horizon)
		for k := 1; k <= cfg.Horizon && o+k-1 < len(y); k++ {
			acts = append(acts, y[o+k-1])
			hwPts = append(hwPts, pts[k-1])
			snPts = append(snPts, Point{Mean: y[o+k-1-cfg.Period*((k+cfg.Period-1)/cfg.Period)]})
			orPts = append(orPts, Point{Mean: truth[o+k-1]})
		}
		require.NoError(t, md.Update(y[o]))
	}
	var res heldOutResult
	res.fit = &fitted
	res.hw, err = Evaluate(acts, hwPts, fitted.Scale)
	require.NoError(t, err)
	res.sn, err = Evaluate(acts, snPts, fitted.Scale)
	require.NoError(t, err)
	res.oracle, err = Evaluate(acts, orPts, fitted.Scale)
	require.NoError(t, err)
	return res
}

// TestBeatsSeasonalNaiveHeldOut is the acceptance test of the issue: on
// synthetic seasonal corridors with noise (fixed seeds; steady and growing
// 1% a day; about 60 transfers an hour at the peak scale, quiet nights),
// the model fitted on 28 days and scored on the 7 days after — which it
// never saw — beats seasonal-naive by a margin, closes a good part of the
// gap to the oracle (the true expected value, the best any forecaster can
// do on average), and its 90% intervals cover close to 90% of the held-out
// buckets.
//
// Measured (amd64, seeds 11–13, volume and count; README "Measured"):
// sMAPE 12–33% lower and MASE 20–26% lower than seasonal-naive, 43–100% of
// the sMAPE gap to the oracle closed, coverage 0.859–0.924. Asserted:
// sMAPE ≥ 10% lower, MASE ≥ 15% lower, ≥ 30% of the gap closed, coverage
// 0.90 ± 0.05. A model that only matched seasonal-naive fails all three.
func TestBeatsSeasonalNaiveHeldOut(t *testing.T) {
	for _, growth := range []float64{0, 0.01} {
		for _, seed := range []uint64{11, 12, 13} {
			c := corridorSeries(seed, 35, 60, growth)
			for _, s := range []struct {
				name     string
				y, truth []float64
			}{{"volume", c.vol, c.volMean}, {"count", c.cnt, c.cntMean}} {
				r := heldOut(t, s.y, s.truth, 28*24)
				smapeGain := 1 - r.hw.SMAPE/r.sn.SMAPE
				maseGain := 1 - r.hw.MASE/r.sn.MASE
				gapClosed := (r.sn.SMAPE - r.hw.SMAPE) / (r.sn.SMAPE - r.oracle.SMAPE)
				p := r.fit.Params
				t.Logf("growth %.2f seed %d %-6s α=%.3f β=%.3f γ=%.3f | held-out sMAPE %.1f (seasonal-naive %.1f, oracle %.1f): %.0f%% lower, %.0f%% of gap | MASE %.3f vs %.3f: %.0f%% lower | coverage %.3f | backtest sMAPE %.1f MASE %.3f",
					growth, seed, s.name, p.Alpha, p.Beta, p.Gamma, r.hw.SMAPE, r.sn.SMAPE, r.oracle.SMAPE,
					100*smapeGain, 100*gapClosed, r.hw.MASE, r.sn.MASE, 100*maseGain, r.hw.Coverage, r.fit.Backtest.SMAPE, r.fit.Backtest.MASE)
				assert.GreaterOrEqual(t, smapeGain, 0.10, "sMAPE must be at least 10%% below seasonal-naive")
				assert.GreaterOrEqual(t, maseGain, 0.15, "MASE must be at least 15%% below seasonal-naive")
				assert.GreaterOrEqual(t, gapClosed, 0.30, "at least 30%% of the sMAPE gap to the oracle closed")
				assert.InDelta(t, 0.90, r.hw.Coverage, 0.05, "90%% interval coverage on held-out buckets")
				// The backtest the model reports says the same about the baseline.
				assert.Less(t, r.fit.Backtest.MASE, r.fit.Baseline.MASE)
			}
		}
	}
}

// TestSparseCorridorHeldOut: a quiet corridor (about 6 transfers an hour at
// the peak, many zero buckets). sMAPE is a poor judge of intermittent
// buckets (a zero actual with any positive forecast scores 200%, which is
// why the oracle scores worse than the models here); MASE is the fair one.
// Measured (seeds 21–23): MASE 23–31% lower, sMAPE 16–27% lower, coverage
// 0.825–0.925 (heavy-tailed single transfers make the quantiles of a quiet
// corridor noisier). Asserted: MASE ≥ 15% lower, sMAPE ≥ 10% lower,
// coverage 0.90 ± 0.08.
func TestSparseCorridorHeldOut(t *testing.T) {
	for _, seed := range []uint64{21, 22, 23} {
		c := corridorSeries(seed, 35, 3, 0)
		for _, s := range []struct {
			name     string
			y, truth []float64
		}{{"volume", c.vol, c.volMean}, {"count", c.cnt, c.cntMean}} {
			r := heldOut(t, s.y, s.truth, 28*24)
			maseGain := 1 - r.hw.MASE/r.sn.MASE
			smapeGain := 1 - r.hw.SMAPE/r.sn.SMAPE
			t.Logf("seed %d %-6s held-out sMAPE %.1f (seasonal-naive %.1f, oracle %.1f) | MASE %.3f vs %.3f (oracle %.3f): %.0f%% lower | coverage %.3f",
				seed, s.name, r.hw.SMAPE, r.sn.SMAPE, r.oracle.SMAPE, r.hw.MASE, r.sn.MASE, r.oracle.MASE, 100*maseGain, r.hw.Coverage)
			assert.GreaterOrEqual(t, maseGain, 0.15, "MASE must be at least 15%% below seasonal-naive")
			assert.GreaterOrEqual(t, smapeGain, 0.10, "sMAPE must be at least 10%% below seasonal-naive")
			assert.InDelta(t, 0.90, r.hw.Coverage, 0.08)
		}
	}
}
