package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/azora-os/nexus/x/mesh/types"
)

func TestNextReputation(t *testing.T) {
	cases := []struct {
		name                   string
		current, score, weight uint64
		want                   uint64
	}{
		// The README's worked example (weight 20%).
		{"up 20% of the gap", 500_000, 900_000, 2_000, 580_000},
		{"again", 580_000, 900_000, 2_000, 644_000},
		{"down", 644_000, 0, 2_000, 515_200},
		// Rounding toward the score.
		{"gap 2 rounds up to 1", 999_998, 1_000_000, 2_000, 999_999},
		{"gap 1 reaches the score", 999_999, 1_000_000, 2_000, 1_000_000},
		{"gap -1 reaches the score", 1, 0, 2_000, 0},
		{"fraction rounds toward the score downwards", 10, 3, 3_000, 7}, // 10 - ceil(2.1)
		{"equal", 123_456, 123_456, 2_000, 123_456},
		{"weight 100% jumps", 0, 1_000_000, 10_000, 1_000_000},
		{"weight 1 bps moves by 1", 500_000, 500_001, 1, 500_001},
		{"weight 0 stays", 500_000, 0, 0, 500_000},
		// Clamping makes the function total.
		{"score over max clamps", 0, 5_000_000, 10_000, 1_000_000},
		{"current over max clamps", 9_000_000, 1_000_000, 2_000, 1_000_000},
		{"weight over 100% clamps", 0, 1_000, 99_999, 1_000},
		{"max uint64 inputs", ^uint64(0), ^uint64(0), ^uint64(0), 1_000_000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, types.NextReputation(tc.current, tc.score, tc.weight))
		})
	}
}

// TestReputationProperties: for any start, any scores and any valid weight,
// reputation stays in [0, 1000000] and moves between its old value and the
// score; a constant score repeated converges to it exactly, monotonically,
// and within the bound derived from the rounding rule.
func TestReputationProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		weight := rapid.Uint64Range(1, 10_000).Draw(t, "weight_bps")
		rep := rapid.Uint64Range(0, types.MaxReputation).Draw(t, "start")

		// Arbitrary scores: stays in range, never overshoots.
		scores := rapid.SliceOfN(rapid.Uint64Range(0, types.MaxReputation), 0, 50).Draw(t, "scores")
		for _, s := range scores {
			next := types.NextReputation(rep, s, weight)
			if next > types.MaxReputation {
				t.Fatalf("reputation %d out of range", next)
			}
			lo, hi := min(rep, s), max(rep, s)
			if next < lo || next > hi {
				t.Fatalf("NextReputation(%d, %d, %d) = %d not between them", rep, s, weight, next)
			}
			if rep != s && next == rep {
				t.Fatalf("NextReputation(%d, %d, %d) did not move", rep, s, weight)
			}
			rep = next
		}

		// A constant score repeated: the gap shrinks every step and reaches 0.
		target := rapid.Uint64Range(0, types.MaxReputation).Draw(t, "target")
		gap := func(r uint64) uint64 { return max(r, target) - min(r, target) }
		// While w·gap ≥ 1 the gap shrinks geometrically by (1-w); once below
		// 1/w it shrinks by at least 1 per step.
		bound := 10_000/weight + 1
		for g, w := types.MaxReputation, weight; g > 0 && g*w >= 10_000; g -= (g*w + 9_999) / 10_000 {
			bound++
		}
		for i := uint64(0); gap(rep) > 0; i++ {
			if i > bound {
				t.Fatalf("no convergence to %d within %d steps (weight %d, at %d)", target, bound, weight, rep)
			}
			next := types.NextReputation(rep, target, weight)
			if gap(next) >= gap(rep) {
				t.Fatalf("gap did not shrink: %d -> %d toward %d", rep, next, target)
			}
			rep = next
		}
		require.Equal(t, target, types.NextReputation(rep, target, weight), "the target is a fixed point")
	})
}

// FuzzNextReputation: the function is total (clamps) and its result always
// lies in range, between the clamped current value and the clamped score.
func FuzzNextReputation(f *testing.F) {
	f.Add(uint64(500_000), uint64(900_000), uint64(2_000))
	f.Add(uint64(0), uint64(1_000_000), uint64(10_000))
	f.Add(^uint64(0), uint64(0), ^uint64(0))
	f.Fuzz(func(t *testing.T, current, score, weight uint64) {
		next := types.NextReputation(current, score, weight)
		c, s := min(current, types.MaxReputation), min(score, types.MaxReputation)
		if next > types.MaxReputation || next < min(c, s) || next > max(c, s) {
			t.Fatalf("NextReputation(%d, %d, %d) = %d", current, score, weight, next)
		}
	})
}

func TestCombineReputations(t *testing.T) {
	cases := []struct {
		name      string
		inputs    []types.AnalysisInput
		wantScore uint64
		wantTotal uint32
		expErr    error
	}{
		{"three inputs", []types.AnalysisInput{
			{Reputation: 900_000, WeightBps: 3000}, {Reputation: 100_000, WeightBps: 3000}, {Reputation: 500_000, WeightBps: 4000},
		}, 500_000, 10_000, nil},
		{"renormalised, rounded down", []types.AnalysisInput{
			{Reputation: 900_000, WeightBps: 3000}, {Reputation: 500_000, WeightBps: 4000},
		}, 671_428, 7_000, nil},
		{"one input", []types.AnalysisInput{{Reputation: 123_456, WeightBps: 4000}}, 123_456, 4_000, nil},
		{"zero weight ignored", []types.AnalysisInput{{Reputation: 1, WeightBps: 0}, {Reputation: 7, WeightBps: 10}}, 7, 10, nil},
		{"all max", []types.AnalysisInput{
			{Reputation: 1_000_000, WeightBps: 10_000}, {Reputation: 1_000_000, WeightBps: 10_000}, {Reputation: 1_000_000, WeightBps: 10_000},
		}, 1_000_000, 30_000, nil},
		{"no inputs", nil, 0, 0, types.ErrNoAnalysisInput},
		{"zero weights", []types.AnalysisInput{{Reputation: 5, WeightBps: 0}}, 0, 0, types.ErrNoAnalysisInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			score, total, err := types.CombineReputations(tc.inputs)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.wantScore, score)
			require.Equal(t, tc.wantTotal, total)
		})
	}
}

func TestOwnerStatsMean(t *testing.T) {
	require.Equal(t, uint64(0), types.OwnerStats{}.Mean())
	require.Equal(t, uint64(333_333), types.OwnerStats{NodeCount: 3, ReputationSum: 1_000_000}.Mean())
}

func TestMedianReputation(t *testing.T) {
	cases := []struct {
		name     string
		ewmas    []uint64
		fallback uint64
		want     uint64
	}{
		{"none keeps the fallback", nil, 512_345, 512_345},
		{"one", []uint64{700_000}, 0, 700_000},
		{"two: mean of both, rounded down", []uint64{700_001, 100_000}, 0, 400_000},
		{"three: the middle", []uint64{900_000, 0, 600_000}, 0, 600_000},
		{"four: mean of the middle two", []uint64{1_000_000, 0, 300_000, 400_001}, 0, 350_000},
		{"duplicates", []uint64{5, 5, 5, 1_000_000}, 0, 5},
		{"values over the scale are clamped", []uint64{^uint64(0), ^uint64(0)}, 0, 1_000_000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]uint64(nil), tc.ewmas...)
			require.Equal(t, tc.want, types.MedianReputation(tc.ewmas, tc.fallback))
			require.Equal(t, in, tc.ewmas, "the input is not modified")
		})
	}
}

// TestMedianResistsOneReporter: with three or more reporters, whatever one
// of them reports (any value, any number of times), the reputation stays
// between the lowest and the highest EWMA of the others; with fewer, it
// stays in range. The order of the reporters does not matter.
func TestMedianResistsOneReporter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		others := rapid.SliceOfN(rapid.Uint64Range(0, types.MaxReputation), 0, types.MaxReportersPerNodeLimit-1).Draw(t, "others")
		rogue := rapid.Uint64Range(0, types.MaxReputation).Draw(t, "rogue")
		all := append(append([]uint64(nil), others...), rogue)
		m := types.MedianReputation(all, types.DefaultInitialReputation)
		if m > types.MaxReputation {
			t.Fatalf("median %d out of range", m)
		}
		if len(others) >= 2 {
			lo, hi := others[0], others[0]
			for _, o := range others {
				lo, hi = min(lo, o), max(hi, o)
			}
			if m < lo || m > hi {
				t.Fatalf("one reporter (%d) moved the median %d outside the others' [%d, %d]", rogue, m, lo, hi)
			}
		}
		perm := rapid.Permutation(all).Draw(t, "perm")
		if p := types.MedianReputation(perm, types.DefaultInitialReputation); p != m {
			t.Fatalf("order changed the median: %d vs %d", p, m)
		}
	})
}

func TestReporterScoreApply(t *testing.T) {
	p := types.DefaultParams()
	p.FeedbackWindowBlocks, p.MaxFeedbackPerWindow = 10, 3
	rs := types.ReporterScore{NodeId: "cor-1", Reporter: "r", Ewma: 500_000}

	// Three feedbacks in the window opened at block 100.
	var err error
	for h := int64(100); h < 103; h++ {
		rs, err = rs.Apply(900_000, p, h)
		require.NoError(t, err)
	}
	require.Equal(t, int64(100), rs.WindowStart)
	require.Equal(t, uint32(3), rs.WindowCount)
	require.Equal(t, uint64(3), rs.FeedbackCount)
	require.Equal(t, uint64(695_200), rs.Ewma) // 500k → 580k → 644k → 695.2k

	// A fourth before block 110 is refused and changes nothing.
	before := rs
	_, err = rs.Apply(0, p, 109)
	require.ErrorIs(t, err, types.ErrRateLimited)
	require.Contains(t, err.Error(), "the next window opens at block 110")
	require.Equal(t, before, rs)

	// At block 110 a new window opens.
	rs, err = rs.Apply(0, p, 110)
	require.NoError(t, err)
	require.Equal(t, int64(110), rs.WindowStart)
	require.Equal(t, uint32(1), rs.WindowCount)
	require.Equal(t, int64(110), rs.LastHeight)
}
