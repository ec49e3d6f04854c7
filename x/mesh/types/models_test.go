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
