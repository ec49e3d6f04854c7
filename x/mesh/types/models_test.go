package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/azora-os/nexus/x/mesh/types"
)

func TestValidateMetric(t *testing.T) {
	cases := []struct {
		name, metric, value string
		ok                  bool
	}{
		{"fraction", "smape", "0.084211", true},
		{"integer", "count", "42", true},
		{"negative", "bias", "-1.5", true},
		{"zero", "mase", "0", true},
		{"max digits", "big", "123456789012345678.123456789", true},
		{"underscore name", "pi_coverage", "0.95", true},
		{"empty value", "smape", "", false},
		{"float exponent", "smape", "1e-3", false},
		{"leading point", "smape", ".5", false},
		{"trailing point", "smape", "5.", false},
		{"leading zero", "smape", "05", false},
		{"too many fraction digits", "smape", "0.1234567891", false},
		{"too many integer digits", "smape", "1234567890123456789", false},
		{"negative zero", "smape", "-0.000", false},
		{"plus sign", "smape", "+1", false},
		{"nan", "smape", "NaN", false},
		{"space", "smape", " 1", false},
		{"name upper case", "sMAPE", "1", false},
		{"name starts with digit", "1x", "1", false},
		{"name with dash", "s-mape", "1", false},
		{"name empty", "", "1", false},
		{"name too long", "abcdefghijabcdefghijabcdefghijabc", "1", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateMetric(types.ModelMetric{Name: tc.metric, Value: tc.value})
			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, types.ErrInvalidMetric)
		})
	}
}

// TestMetricAcceptsFixedPoint: every value written the way the agent writes
// metrics (strconv.FormatFloat 'f' of a bounded float, trimmed to at most 9
// fraction digits) passes, and whatever passes parses as a decimal.
func TestMetricAcceptsFixedPoint(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		units := rapid.Int64Range(-999_999_999_999, 999_999_999_999).Draw(t, "units")
		frac := rapid.IntRange(0, 9).Draw(t, "frac")
		v := types.FormatFixed(units, frac)
		if err := types.ValidateMetric(types.ModelMetric{Name: "m", Value: v}); err != nil {
			t.Fatalf("%q (%d, %d): %v", v, units, frac, err)
		}
	})
}

func TestValidateMetrics(t *testing.T) {
	ok := []types.ModelMetric{{Name: "mase", Value: "0.9"}, {Name: "smape", Value: "0.1"}}
	require.NoError(t, types.ValidateMetrics(ok))
	require.NoError(t, types.ValidateMetrics(nil))
	require.ErrorIs(t, types.ValidateMetrics([]types.ModelMetric{ok[1], ok[0]}), types.ErrInvalidMetric)
	require.ErrorIs(t, types.ValidateMetrics([]types.ModelMetric{ok[0], ok[0]}), types.ErrInvalidMetric)
	many := make([]types.ModelMetric, types.MaxMetricsPerModel+1)
	for i := range many {
		many[i] = types.ModelMetric{Name: "m" + string(rune('a'+i)), Value: "1"}
	}
	require.ErrorIs(t, types.ValidateMetrics(many), types.ErrInvalidMetric)
	require.NoError(t, types.ValidateMetrics(many[:types.MaxMetricsPerModel]))
}

func TestModelRecordValidate(t *testing.T) {
	good := types.ModelRecord{NodeId: "cor-1", Model: "flow-forecast", Version: 1, ParamsHash: goodHash, TrainStartHeight: 1, TrainEndHeight: 10}
	require.NoError(t, good.Validate())
	cases := []struct {
		name string
		mut  func(*types.ModelRecord)
		want error
	}{
		{"bad node", func(r *types.ModelRecord) { r.NodeId = "X" }, types.ErrInvalidNodeID},
		{"bad model", func(r *types.ModelRecord) { r.Model = "" }, types.ErrInvalidModel},
		{"version 0", func(r *types.ModelRecord) { r.Version = 0 }, types.ErrInvalidVersion},
		{"bad hash", func(r *types.ModelRecord) { r.ParamsHash = goodHash[:63] + "G" }, types.ErrInvalidModel},
		{"start 0", func(r *types.ModelRecord) { r.TrainStartHeight = 0 }, types.ErrInvalidWindow},
		{"end before start", func(r *types.ModelRecord) { r.TrainEndHeight = 0 }, types.ErrInvalidWindow},
		{"bad metric", func(r *types.ModelRecord) { r.Metrics = []types.ModelMetric{{Name: "x", Value: "1.0e3"}} }, types.ErrInvalidMetric},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := good
			tc.mut(&r)
			require.ErrorIs(t, r.Validate(), tc.want)
		})
	}
}

func TestQuality(t *testing.T) {
	m := func(v string) []types.ModelMetric { return []types.ModelMetric{{Name: "mase_ppm", Value: v}} }
	require.Equal(t, uint64(1_000_000), types.Quality(m("0")), "a perfect backtest")
	require.Equal(t, uint64(500_000), types.Quality(m("1000000")), "MASE 1: seasonal-naive")
	require.Equal(t, uint64(333_333), types.Quality(m("2000000")))
	require.Equal(t, uint64(types.NeutralQuality), types.Quality(nil), "no metric")
	require.Equal(t, uint64(types.NeutralQuality), types.Quality(m("0.5")), "not an integer")
	require.Equal(t, uint64(types.NeutralQuality), types.Quality(m("-1")), "negative")
	require.Equal(t, uint64(0), types.Quality(m("999999999999999999")))
}

// TestCombineScores: the worked example of agent/models/federated's README
// (employee reputation 600 000, MASE 1, score 900 000; corridor reputation
// 800 000, MASE 0, score 400 000) gives 509 756 on chain too.
func TestCombineScores(t *testing.T) {
	in := []types.WeightedScore{
		{NodeId: "emp-1", Type: types.NodeTypeEmployee, Score: 900_000, TypeWeightBps: 3000, Reputation: 600_000, Quality: 500_000},
		{NodeId: "cor-1", Type: types.NodeTypeCorridor, Score: 400_000, TypeWeightBps: 4000, Reputation: 800_000, Quality: 1_000_000},
	}
	score, total, err := types.CombineScores(in)
	require.NoError(t, err)
	require.Equal(t, uint64(509_756), score)
	require.Equal(t, uint64(4_100_000_000), total)
	require.Equal(t, []uint64{900_000_000, 3_200_000_000}, []uint64{in[0].Weight, in[1].Weight})

	// Every reputation 0: the plain type weights.
	zero := []types.WeightedScore{
		{Score: 1_000_000, TypeWeightBps: 3000, Quality: 500_000},
		{Score: 0, TypeWeightBps: 7000, Quality: 500_000},
	}
	score, total, err = types.CombineScores(zero)
	require.NoError(t, err)
	require.Equal(t, uint64(300_000), score)
	require.Equal(t, uint64(10_000), total)

	_, _, err = types.CombineScores([]types.WeightedScore{{Score: 5}})
	require.ErrorIs(t, err, types.ErrNoAnalysisInput)
	_, _, err = types.CombineScores(nil)
	require.ErrorIs(t, err, types.ErrNoAnalysisInput)
}

// TestCombineScoresBounds: for any inputs on their scales the score is
// within the inputs' scores and nothing overflows.
func TestCombineScoresBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 3).Draw(t, "n")
		in := make([]types.WeightedScore, n)
		lo, hi := types.MaxReputation, uint64(0)
		for i := range in {
			in[i] = types.WeightedScore{
				Score:         rapid.Uint64Range(0, types.MaxReputation).Draw(t, "score"),
				TypeWeightBps: uint32(rapid.IntRange(1, 10_000).Draw(t, "bps")),
				Reputation:    rapid.Uint64Range(0, types.MaxReputation).Draw(t, "rep"),
				Quality:       rapid.Uint64Range(0, types.MaxReputation).Draw(t, "quality"),
			}
			lo, hi = min(lo, in[i].Score), max(hi, in[i].Score)
		}
		score, total, err := types.CombineScores(in)
		if err != nil {
			t.Fatal(err)
		}
		if total == 0 || score < lo || score > hi {
			t.Fatalf("score %d outside [%d, %d] (total %d)", score, lo, hi, total)
		}
	})
}
