package stats

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestPercentileKnownValues(t *testing.T) {
	// Values checked against numpy.percentile (linear interpolation).
	oneToHundred := make([]float64, 100)
	for i := range oneToHundred {
		oneToHundred[i] = float64(i + 1)
	}
	cases := []struct {
		name string
		xs   []float64
		p    float64
		want float64
	}{
		{"single value", []float64{7}, 99, 7},
		{"median of even count interpolates", []float64{1, 2, 3, 4}, 50, 2.5},
		{"median of odd count is the middle", []float64{3, 1, 2}, 50, 2},
		{"p0 is the minimum", []float64{5, 3, 9}, 0, 3},
		{"p100 is the maximum", []float64{5, 3, 9}, 100, 9},
		{"p95 of 1..100", oneToHundred, 95, 95.05},
		{"p99 of 1..100", oneToHundred, 99, 99.01},
		{"p25 of 1..4", []float64{4, 3, 2, 1}, 25, 1.75},
		{"ties", []float64{2, 2, 2, 10}, 50, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.InDelta(t, tc.want, Percentile(tc.xs, tc.p), 1e-9)
		})
	}
}

func TestPercentileRefusesWhatHasNoAnswer(t *testing.T) {
	require.True(t, math.IsNaN(Percentile(nil, 50)), "empty sample")
	require.True(t, math.IsNaN(Percentile([]float64{1}, -1)), "p < 0")
	require.True(t, math.IsNaN(Percentile([]float64{1}, 101)), "p > 100")
	require.True(t, math.IsNaN(Percentile([]float64{1}, math.NaN())), "p NaN")
	require.True(t, math.IsNaN(Median(nil)))
}

func TestPercentileDoesNotModifyInput(t *testing.T) {
	xs := []float64{3, 1, 2}
	_ = Percentile(xs, 50)
	_ = Summarize(xs)
	require.Equal(t, []float64{3, 1, 2}, xs)
}

// Properties of any percentile: between the minimum and the maximum,
// non-decreasing in p, independent of the order of the sample, exact at the
// ends, and a rank statistic (it commutes with a monotone shift and scale).
func TestPercentileProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := rapid.SliceOfN(rapid.Float64Range(-1e6, 1e6), 1, 200).Draw(t, "xs")
		p := rapid.Float64Range(0, 100).Draw(t, "p")
		q := rapid.Float64Range(0, 100).Draw(t, "q")

		v := Percentile(xs, p)
		lo, hi := slices.Min(xs), slices.Max(xs)
		if v < lo || v > hi {
			t.Fatalf("percentile %v = %v outside [%v, %v]", p, v, lo, hi)
		}
		if p <= q && Percentile(xs, p) > Percentile(xs, q)+1e-9 {
			t.Fatalf("not monotone: P%v = %v > P%v = %v", p, Percentile(xs, p), q, Percentile(xs, q))
		}
		shuffled := rapid.Permutation(xs).Draw(t, "shuffled")
		if Percentile(shuffled, p) != v {
			t.Fatalf("depends on order: %v vs %v", Percentile(shuffled, p), v)
		}
		if Percentile(xs, 0) != lo || Percentile(xs, 100) != hi {
			t.Fatalf("ends: P0 %v (min %v), P100 %v (max %v)", Percentile(xs, 0), lo, Percentile(xs, 100), hi)
		}
		scaled := make([]float64, len(xs))
		for i, x := range xs {
			scaled[i] = 2*x + 3
		}
		if got, want := Percentile(scaled, p), 2*v+3; math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Fatalf("not affine-equivariant: %v vs %v", got, want)
		}
	})
}

func TestSummarize(t *testing.T) {
	require.Equal(t, Summary{}, Summarize(nil))

	s := Summarize([]float64{4, 1, 3, 2})
	require.Equal(t, 4, s.N)
	require.InDelta(t, 2.5, s.Mean, 1e-12)
	require.Equal(t, 1.0, s.Min)
	require.Equal(t, 4.0, s.Max)
	require.InDelta(t, 2.5, s.P50, 1e-12)
	require.InDelta(t, 3.85, s.P95, 1e-12)
	require.InDelta(t, 3.97, s.P99, 1e-12)

	rapid.Check(t, func(t *rapid.T) {
		xs := rapid.SliceOfN(rapid.Float64Range(0, 1e4), 1, 100).Draw(t, "xs")
		s := Summarize(xs)
		if !(s.Min <= s.P50 && s.P50 <= s.P95 && s.P95 <= s.P99 && s.P99 <= s.Max) {
			t.Fatalf("order broken: %+v", s)
		}
		if s.Mean < s.Min-1e-9 || s.Mean > s.Max+1e-9 {
			t.Fatalf("mean outside the range: %+v", s)
		}
		if s.P50 != Median(xs) {
			t.Fatalf("P50 %v != Median %v", s.P50, Median(xs))
		}
	})
}

func TestMeasureWindow(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	blocks := []Block{
		{Height: 10, Seen: at(0), Txs: 999, CPUSeconds: 1},    // warm-up
		{Height: 11, Seen: at(1), Txs: 100, CPUSeconds: 2},    // warm-up: the boundary for start = 1.5
		{Height: 12, Seen: at(2), Txs: 200, CPUSeconds: 2.5},  // in
		{Height: 13, Seen: at(3.5), Txs: 300, CPUSeconds: 3},  // in
		{Height: 14, Seen: at(4), Txs: 400, CPUSeconds: 4},    // in (seen exactly at end)
		{Height: 15, Seen: at(5), Txs: 5000, CPUSeconds: 100}, // after the window
	}
	w, err := MeasureWindow(blocks, at(1.5), at(4))
	require.NoError(t, err)
	require.Equal(t, Window{
		FirstHeight: 12, LastHeight: 14, Blocks: 3,
		Seconds: 3, Txs: 900, TxPerSecond: 300, CPUSeconds: 2,
	}, w)

	// A block seen exactly at start is the boundary, not in the window.
	w, err = MeasureWindow(blocks, at(2), at(4))
	require.NoError(t, err)
	require.Equal(t, int64(13), w.FirstHeight)
	require.Equal(t, 700, w.Txs)
	require.InDelta(t, 2.0, w.Seconds, 1e-12)
	require.InDelta(t, 350.0, w.TxPerSecond, 1e-9)

	// Nothing before the window, or nothing in it: no measurement.
	_, err = MeasureWindow(blocks, at(-1), at(4))
	require.True(t, errors.Is(err, ErrShortWindow))
	_, err = MeasureWindow(blocks, at(5.5), at(9))
	require.True(t, errors.Is(err, ErrShortWindow))
	_, err = MeasureWindow(nil, at(0), at(1))
	require.True(t, errors.Is(err, ErrShortWindow))
}

// However the blocks fall, the window's transactions and time add up: the
// windows (a, b] and (b, c] together measure exactly what (a, c] measures.
func TestMeasureWindowIsAdditive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(3, 60).Draw(t, "blocks")
		t0 := time.Unix(1_700_000_000, 0)
		blocks := make([]Block, n)
		seen, cpu := t0, 0.0
		for i := range blocks {
			seen = seen.Add(time.Duration(rapid.IntRange(1, 3000).Draw(t, "gap_ms")) * time.Millisecond)
			cpu += rapid.Float64Range(0, 2).Draw(t, "cpu")
			blocks[i] = Block{Height: int64(i + 1), Seen: seen, Txs: rapid.IntRange(0, 5000).Draw(t, "txs"), CPUSeconds: cpu}
		}
		// Cut points at block times, so every sub-window has a boundary.
		i := rapid.IntRange(0, n-3).Draw(t, "a")
		j := rapid.IntRange(i+1, n-2).Draw(t, "b")
		k := rapid.IntRange(j+1, n-1).Draw(t, "c")
		a, b, c := blocks[i].Seen, blocks[j].Seen, blocks[k].Seen
		whole, err := MeasureWindow(blocks, a, c)
		if err != nil {
			t.Fatal(err)
		}
		left, err := MeasureWindow(blocks, a, b)
		if err != nil {
			t.Fatal(err)
		}
		right, err := MeasureWindow(blocks, b, c)
		if err != nil {
			t.Fatal(err)
		}
		if left.Txs+right.Txs != whole.Txs || left.Blocks+right.Blocks != whole.Blocks {
			t.Fatalf("txs or blocks do not add up: %+v + %+v != %+v", left, right, whole)
		}
		if math.Abs(left.Seconds+right.Seconds-whole.Seconds) > 1e-9 || math.Abs(left.CPUSeconds+right.CPUSeconds-whole.CPUSeconds) > 1e-9 {
			t.Fatalf("time does not add up: %+v + %+v != %+v", left, right, whole)
		}
	})
}

func TestRatioAndIntervals(t *testing.T) {
	require.InDelta(t, 0.67, Ratio(0.67*555, 555), 1e-12)
	require.True(t, math.IsNaN(Ratio(1, 0)))
	require.True(t, math.IsNaN(Ratio(math.NaN(), 1)))

	t0 := time.Unix(0, 0)
	require.Nil(t, Intervals([]time.Time{t0}))
	require.Equal(t, []float64{1, 0.5}, Intervals([]time.Time{t0, t0.Add(time.Second), t0.Add(1500 * time.Millisecond)}))
}
