package types

import (
	"fmt"
	"strconv"
)

const (
	// MaxMetricNameLength bounds a metric name.
	MaxMetricNameLength = 32
	// MaxMetricIntDigits and MaxMetricFracDigits bound a metric value.
	MaxMetricIntDigits  = 18
	MaxMetricFracDigits = 9
)

// ValidateMetric checks a backtest metric: name [a-z][a-z0-9_]{0,31}, value
// a fixed-point decimal -?(0|[1-9][0-9]{0,17})(\.[0-9]{1,9})? — an exact
// string, never a float, so every node stores the same bytes.
func ValidateMetric(m ModelMetric) error {
	if len(m.Name) == 0 || len(m.Name) > MaxMetricNameLength {
		return ErrInvalidMetric.Wrapf("name %q: length %d, want 1..%d", m.Name, len(m.Name), MaxMetricNameLength)
	}
	if c := m.Name[0]; c < 'a' || c > 'z' {
		return ErrInvalidMetric.Wrapf("name %q: must start with [a-z]", m.Name)
	}
	for i := 1; i < len(m.Name); i++ {
		if c := m.Name[i]; !isLowerAlnum(c) && c != '_' {
			return ErrInvalidMetric.Wrapf("name %q: character %q at %d is not in [a-z0-9_]", m.Name, c, i)
		}
	}
	if err := validateDecimal(m.Value); err != nil {
		return ErrInvalidMetric.Wrapf("%s = %q: %s", m.Name, m.Value, err)
	}
	return nil
}

func validateDecimal(v string) error {
	s := v
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	intPart, frac := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i+1:]
			if len(frac) == 0 || len(frac) > MaxMetricFracDigits {
				return fmt.Errorf("want 1..%d digits after the point", MaxMetricFracDigits)
			}
			break
		}
	}
	if len(intPart) == 0 || len(intPart) > MaxMetricIntDigits {
		return fmt.Errorf("want 1..%d digits before the point", MaxMetricIntDigits)
	}
	if len(intPart) > 1 && intPart[0] == '0' {
		return fmt.Errorf("leading zero")
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return fmt.Errorf("not a fixed-point decimal (e.g. 0.0842)")
			}
		}
	}
	if v == "-0" || (v[0] == '-' && isZeroDecimal(s)) {
		return fmt.Errorf("negative zero")
	}
	return nil
}

func isZeroDecimal(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '0' && s[i] != '.' {
			return false
		}
	}
	return true
}

// ValidateMetrics checks every metric, at most MaxMetricsPerModel of them,
// sorted by name without duplicates.
func ValidateMetrics(ms []ModelMetric) error {
	if len(ms) > MaxMetricsPerModel {
		return ErrInvalidMetric.Wrapf("%d metrics, at most %d", len(ms), MaxMetricsPerModel)
	}
	for i, m := range ms {
		if err := ValidateMetric(m); err != nil {
			return err
		}
		if i > 0 && ms[i-1].Name >= m.Name {
			return ErrInvalidMetric.Wrapf("metrics not sorted by name or duplicated at %q", m.Name)
		}
	}
	return nil
}

// ValidateParamsHash checks a parameter (or context) hash: a lowercase hex
// SHA-256.
func ValidateParamsHash(h string) error {
	if p := sha256Problem(h); p != "" {
		return ErrInvalidModel.Wrapf("params hash: %s", p)
	}
	return nil
}

// ValidateContextHash checks a federated analysis's context hash: a
// lowercase hex SHA-256.
func ValidateContextHash(h string) error {
	if p := sha256Problem(h); p != "" {
		return ErrInvalidAnalysis.Wrapf("context hash: %s", p)
	}
	return nil
}

// Validate checks a model record's own fields (no state): node id, model
// name, version ≥ 1, params hash, the training window 1 ≤ start ≤ end, the
// metrics. The committer and committed height are checked by genesis
// validation (they are set by the keeper).
func (r ModelRecord) Validate() error {
	if err := ValidateNodeID(r.NodeId); err != nil {
		return err
	}
	if err := ValidateModelName(r.Model); err != nil {
		return err
	}
	if r.Version == 0 {
		return ErrInvalidVersion.Wrapf("%q of %q: version 0; versions count from 1", r.Model, r.NodeId)
	}
	if err := ValidateParamsHash(r.ParamsHash); err != nil {
		return err
	}
	if r.TrainStartHeight < 1 || r.TrainEndHeight < r.TrainStartHeight {
		return ErrInvalidWindow.Wrapf("[%d, %d]: want 1 <= start <= end", r.TrainStartHeight, r.TrainEndHeight)
	}
	return ValidateMetrics(r.Metrics)
}

// Validate checks a federated-analysis input's own fields.
func (s NodeModelScore) Validate() error {
	if err := ValidateNodeID(s.NodeId); err != nil {
		return err
	}
	if err := ValidateModelName(s.Model); err != nil {
		return err
	}
	if s.ModelVersion == 0 {
		return ErrInvalidVersion.Wrapf("%q of %q: an analysis evaluates a committed version (>= 1)", s.Model, s.NodeId)
	}
	return ValidateScore(s.Score)
}

// Record returns the model record a MsgCommitModel asks for (the keeper
// sets the committer and the height).
func (m *MsgCommitModel) Record() ModelRecord {
	return ModelRecord{
		NodeId: m.NodeId, Model: m.Model, Version: m.Version, ParamsHash: m.ParamsHash,
		TrainStartHeight: m.TrainStartHeight, TrainEndHeight: m.TrainEndHeight, Metrics: m.Metrics,
	}
}

// NeutralQuality is the quality of a committed model without a usable
// "mase_ppm" metric: as if MASE = 1 (no better than seasonal-naive).
const NeutralQuality = 500_000

// QualityMetric is the metric a model's quality is read from: its backtest
// MASE in millionths.
const QualityMetric = "mase_ppm"

// Quality maps a committed model's backtest error to [0, 10^6]:
//
//	quality = ⌊10^12 / (10^6 + mase_ppm)⌋          = 10^6 / (1 + MASE)
//
// 10^6 for a perfect backtest, 500 000 at MASE 1, falling as the error
// grows; NeutralQuality when the record has no "mase_ppm" metric or it is
// not a non-negative integer.
func Quality(metrics []ModelMetric) uint64 {
	for _, m := range metrics {
		if m.Name != QualityMetric {
			continue
		}
		v, err := strconv.ParseUint(m.Value, 10, 63)
		if err != nil {
			return NeutralQuality
		}
		return 1_000_000_000_000 / (1_000_000 + v)
	}
	return NeutralQuality
}

// AnalysisWeight is an input's weight in a federated analysis:
// ⌊type_weight_bps × reputation × quality / 10^6⌋ — a node's say grows with
// its reputation and with how well its model backtested. At most
// 10^4 × 10^6 × 10^6 / 10^6 = 10^10 (inputs are clamped to their scales).
func AnalysisWeight(typeWeightBps uint32, reputation, quality uint64) uint64 {
	tw := min(uint64(typeWeightBps), BpsDenominator)
	return tw * min(reputation, MaxReputation) * min(quality, MaxReputation) / 1_000_000
}

// CombineScores sets each input's weight (AnalysisWeight) and returns the
// federated-analysis score ⌊Σ weight × score / Σ weight⌋ (rounded down)
// and the total weight. When every weight is 0 (all reputations 0) the
// plain type weights are used instead. It returns ErrNoAnalysisInput when
// there is no input or every type weight is 0. Sums stay below 2^64: at
// most three inputs of weight ≤ 10^10 and score ≤ 10^6.
func CombineScores(inputs []WeightedScore) (score, totalWeight uint64, err error) {
	for i := range inputs {
		in := &inputs[i]
		in.Weight = AnalysisWeight(in.TypeWeightBps, in.Reputation, in.Quality)
		totalWeight += in.Weight
	}
	if totalWeight == 0 {
		for i := range inputs {
			inputs[i].Weight = min(uint64(inputs[i].TypeWeightBps), BpsDenominator)
			totalWeight += inputs[i].Weight
		}
	}
	if totalWeight == 0 {
		return 0, 0, ErrNoAnalysisInput.Wrap("the inputs' weights sum to zero")
	}
	var weighted uint64
	for _, in := range inputs {
		weighted += in.Weight * min(in.Score, MaxReputation)
	}
	return weighted / totalWeight, totalWeight, nil
}

// AnalysisSlots are the nodes a federated analysis names: one employee, one
// device and one corridor, any of them empty.
type AnalysisSlots struct {
	Employee, Device, Corridor string
}

// Slots returns the slots a MsgRecordAnalysis names.
func (m *MsgRecordAnalysis) Slots() AnalysisSlots {
	return AnalysisSlots{Employee: m.EmployeeId, Device: m.DeviceId, Corridor: m.CorridorId}
}

// List returns the named slots with their types, in the order employee,
// device, corridor (empty ids left out).
func (s AnalysisSlots) List() []struct {
	ID   string
	Type NodeType
} {
	all := []struct {
		ID   string
		Type NodeType
	}{{s.Employee, NodeTypeEmployee}, {s.Device, NodeTypeDevice}, {s.Corridor, NodeTypeCorridor}}
	out := all[:0]
	for _, x := range all {
		if x.ID != "" {
			out = append(out, x)
		}
	}
	return out
}

// FormatFixed writes units / 10^frac as a fixed-point decimal with exactly
// frac fraction digits (frac ≤ MaxMetricFracDigits): how clients turn a
// metric they hold as a scaled integer into the string the chain stores.
func FormatFixed(units int64, frac int) string {
	neg := units < 0
	u := uint64(units)
	if neg {
		u = uint64(-units) //nolint:gosec // -MinInt64 wraps to itself, still the right magnitude as uint64
	}
	var pow uint64 = 1
	for i := 0; i < frac; i++ {
		pow *= 10
	}
	s := strconv.FormatUint(u/pow, 10)
	if frac > 0 {
		f := strconv.FormatUint(u%pow, 10)
		for len(f) < frac {
			f = "0" + f
		}
		s += "." + f
	}
	if neg && u != 0 {
		s = "-" + s
	}
	return s
}
