package forecast

import "math"

// Params are the smoothing parameters of additive Holt–Winters in the
// admissible region used here:
//
//	0 < Alpha < 1,  0 < Beta < 1,  0 < Gamma < 1 − Alpha
//
// Beta is the trend smoothing of the error-correction form (Hyndman's β*;
// the classical β equals Alpha·Beta), so the trend is never updated faster
// than the level.
type Params struct {
	Alpha float64 `json:"alpha"`
	Beta  float64 `json:"beta"`
	Gamma float64 `json:"gamma"`
}

// State is the Holt–Winters state after the last observation.
type State struct {
	// Level and Trend are l_t and b_t.
	Level float64 `json:"level"`
	Trend float64 `json:"trend"`
	// Season holds the last seasonal component of each phase: Season[i]
	// belongs to the buckets t with t mod Period = i (t counted from the
	// first bucket of the training series).
	Season []float64 `json:"season"`
	// Zeros counts, per phase, the consecutive most recent seasons in which
	// the phase's bucket was exactly zero (capped at maxZeroRun).
	Zeros []int `json:"zeros"`
	// T is the number of observations absorbed (the index of the next bucket).
	T int `json:"t"`
}

func (s State) clone() State {
	s.Season = append([]float64(nil), s.Season...)
	s.Zeros = append([]int(nil), s.Zeros...)
	return s
}

// initState builds the state after the first 2·m observations from them
// alone (so it never sees a backtest origin's future):
//
//	l = mean(y[m:2m])              level of the second season
//	b = (mean(y[m:2m]) − mean(y[0:m])) / m
//	s_i = ½·Σ_{j=0,1} (y[jm+i] − mean_j − (i − (m−1)/2)·b)
//
// i.e. each phase's seasonal index is the average over the two seasons of its
// deviation from that season's mean, with the within-season trend removed.
// The indices sum to zero. The level is then moved to the end of the second
// season (l + (m−1)/2·b).
func initState(y []float64, m int) State {
	mean := func(v []float64) float64 {
		var s float64
		for _, x := range v {
			s += x
		}
		return s / float64(len(v))
	}
	m0, m1 := mean(y[:m]), mean(y[m:2*m])
	b := (m1 - m0) / float64(m)
	season := make([]float64, m)
	zeros := make([]int, m)
	mid := float64(m-1) / 2
	for i := range m {
		d0 := y[i] - m0 - (float64(i)-mid)*b
		d1 := y[m+i] - m1 - (float64(i)-mid)*b
		season[i] = (d0 + d1) / 2
		zeros[i] = nextZeroRun(nextZeroRun(0, y[i]), y[m+i])
	}
	return State{Level: m1 + mid*b, Trend: b, Season: season, Zeros: zeros, T: 2 * m}
}

// maxZeroRun caps State.Zeros.
const maxZeroRun = 1 << 16

func nextZeroRun(run int, y float64) int {
	if y != 0 {
		return 0
	}
	return min(run+1, maxZeroRun)
}

// step absorbs observation y at time st.T with the error-correction
// recursions of additive Holt–Winters:
//
//	e   = y − (l + b + s_{t−m})                      one-step error
//	l'  = l + b + α·e
//	b'  = b + α·β·e
//	s_t = s_{t−m} + γ·e
func (st *State) step(p Params, y float64) {
	m := len(st.Season)
	i := st.T % m
	s := st.Season[i]
	e := y - (st.Level + st.Trend + s)
	st.Level = st.Level + st.Trend + p.Alpha*e
	st.Trend = st.Trend + p.Alpha*p.Beta*e
	st.Season[i] = s + p.Gamma*e
	st.Zeros[i] = nextZeroRun(st.Zeros[i], y)
	st.T++
}

// mean returns the point forecast k ≥ 1 steps after the state:
//
//	ŷ_{t+k} = max(0, l + k·b + s_{(t+k−1) mod m})
//
// (s of the same phase, last updated one season earlier or less), except
// that a phase whose bucket was exactly zero in each of the last zs ≥ 1
// seasons is forecast as exactly zero (a corridor that sleeps at night).
// zs = 0 turns that rule off.
func (st *State) mean(k, zs int) float64 {
	m := len(st.Season)
	i := (st.T + k - 1) % m
	if zs > 0 && st.Zeros[i] >= zs {
		return 0
	}
	return clampZero(st.Level + float64(k)*st.Trend + st.Season[i])
}

// residuals runs the model over y from an initial state and returns, for
// each horizon step k = 1..h, the errors y − ŷ of every rolling origin
// o ≥ from (an origin is the number of observations absorbed before the
// forecast). It also returns the absolute error sum and count over all of
// them. The state is returned as it is after the whole series.
//
// Cost: O(len(y)·h).
func residuals(y []float64, m, zs int, p Params, from, h int, keep bool) (errs [][]float64, sumAbs float64, n int, end State) {
	st := initState(y, m)
	if keep {
		errs = make([][]float64, h)
	}
	for t := st.T; ; t++ {
		if t >= from {
			for k := 1; k <= h && t+k-1 < len(y); k++ {
				e := y[t+k-1] - st.mean(k, zs)
				sumAbs += math.Abs(e)
				n++
				if keep {
					errs[k-1] = append(errs[k-1], e)
				}
			}
		}
		if t >= len(y) {
			break
		}
		st.step(p, y[t])
	}
	return errs, sumAbs, n, st
}

// clampZero returns x, or 0 when x is negative (flows are never negative).
func clampZero(x float64) float64 {
	if x < 0 || math.IsNaN(x) {
		return 0
	}
	return x
}
