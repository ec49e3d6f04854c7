package anomaly_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/models/anomaly"
	"github.com/azora-os/nexus/agent/models/synth"
)

// evaluation is what one draw measured.
type evaluation struct {
	injected, found       int
	clean, falsePos       int
	perKind, perKindFound map[synth.Kind]int
	perKindRightReason    map[synth.Kind]int
	fpExamples, missed    []string
	truncated             bool
}

func (e evaluation) recall() float64 { return float64(e.found) / float64(e.injected) }
func (e evaluation) fpRate() float64 { return float64(e.falsePos) / float64(e.clean) }

// detectorOf is the reason a kind should be reported under.
var detectorOf = map[synth.Kind][]string{
	synth.Size:              {anomaly.DetSize},
	synth.Velocity:          {anomaly.DetVelocity},
	synth.NewCounterparties: {anomaly.DetCounterparty},
	synth.Circular:          {anomaly.DetCircular},
	synth.Structuring:       {anomaly.DetStructuring},
	synth.DailySplitting:    {anomaly.DetDailySplit},
}

func evaluate(t testing.TB, cfg synth.Config) evaluation {
	tr, err := synth.Generate(cfg)
	require.NoError(t, err)
	rep, err := anomaly.Score(anomaly.Input{End: tr.End, Transfers: tr.Transfers, Limits: tr.Limits}, anomaly.DefaultConfig())
	require.NoError(t, err)
	byAcct := map[string]anomaly.Result{}
	for _, r := range rep.Results {
		byAcct[r.Account] = r
	}
	ev := evaluation{perKind: map[synth.Kind]int{}, perKindFound: map[synth.Kind]int{}, perKindRightReason: map[synth.Kind]int{}, truncated: rep.CycleSearchTruncated}
	for _, a := range tr.Accounts {
		k := tr.Kind[a]
		r, active := byAcct[a]
		if k == synth.Clean {
			// The denominator: clean accounts the detector looked at
			// (active in the window).
			if !active {
				continue
			}
			ev.clean++
			if r.Flagged {
				ev.falsePos++
				ev.fpExamples = append(ev.fpExamples, fmt.Sprintf("%s %.2f %v", tr.Archetype[a], r.Score, r.Reasons))
			}
			continue
		}
		ev.injected++
		ev.perKind[k]++
		if r.Flagged {
			ev.found++
			ev.perKindFound[k]++
			for _, rs := range r.Reasons {
				if slices.Contains(detectorOf[k], rs.Detector) {
					ev.perKindRightReason[k]++
					break
				}
			}
		} else {
			ev.missed = append(ev.missed, fmt.Sprintf("%s/%s %.2f %v", k, tr.Archetype[a], r.Score, r.Reasons))
		}
	}
	return ev
}

func (e evaluation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "injected %d found %d (%.1f%%); clean active %d flagged %d (%.2f%%)\n", e.injected, e.found, 100*e.recall(), e.clean, e.falsePos, 100*e.fpRate())
	kinds := slices.Clone(synth.Kinds)
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	for _, k := range kinds {
		fmt.Fprintf(&b, "  %-20s %3d/%3d found, %3d with its own reason\n", k, e.perKindFound[k], e.perKind[k], e.perKindRightReason[k])
	}
	return b.String()
}

// TestTuningDraw is the draw DefaultConfig was tuned on (seed 1, the default
// mix). It is kept as a test so a change of thresholds is seen against the
// data it was made on; the acceptance numbers come from the held-out draws
// of TestDetectsInjectedHeldOut.
func TestTuningDraw(t *testing.T) {
	ev := evaluate(t, synth.DefaultConfig(1))
	t.Log("\n" + ev.String())
	for _, s := range ev.fpExamples {
		t.Log("false positive: ", s)
	}
	for _, s := range ev.missed {
		t.Log("missed: ", s)
	}
	require.GreaterOrEqual(t, ev.recall(), 0.95)
	require.LessOrEqual(t, ev.fpRate(), 0.01)
}

// heldOutMix differs from the tuning mix: more near-limit spenders,
// businesses, payroll employers and newcomers — the clean accounts that are
// hardest to tell from the injected ones.
func heldOutMix() synth.Mix {
	return synth.Mix{Consumer: 0.38, Heavy: 0.12, Merchant: 0.12, Business: 0.10, Payroll: 0.06, Subscriber: 0.10, Occasional: 0.06, Newcomer: 0.06}
}

// TestDetectsInjectedHeldOut is the acceptance test of the issue. Two draws
// the thresholds were never tuned on (seeds 4 and 5, another population mix,
// 2000 and 3000 accounts), each with 40+ injected accounts of each of six
// kinds in the last day: the detector must flag ≥ 95% of the injected
// accounts and ≤ 1% of the clean accounts active in the window. Both rates
// are computed from the draw, not written down. It also asks that ≥ 90% of
// each kind's flagged accounts carry that kind's own reason.
func TestDetectsInjectedHeldOut(t *testing.T) {
	for _, tc := range []struct {
		seed     uint64
		accounts int
	}{{4, 2000}, {5, 3000}} {
		t.Run(fmt.Sprintf("seed-%d", tc.seed), func(t *testing.T) {
			cfg := synth.DefaultConfig(tc.seed)
			cfg.Accounts = tc.accounts
			cfg.Mix = heldOutMix()
			ev := evaluate(t, cfg)
			t.Log("\n" + ev.String())
			for _, s := range ev.fpExamples {
				t.Log("false positive: ", s)
			}
			for _, s := range ev.missed {
				t.Log("missed: ", s)
			}
			require.False(t, ev.truncated, "the cycle search must not run out of budget on this traffic")
			require.GreaterOrEqual(t, ev.injected, 6*40)
			require.GreaterOrEqual(t, ev.clean, 1000)
			require.GreaterOrEqual(t, ev.recall(), 0.95, "detection rate")
			require.LessOrEqual(t, ev.fpRate(), 0.01, "false-positive rate on clean accounts")
			for _, k := range synth.Kinds {
				require.GreaterOrEqual(t, float64(ev.perKindRightReason[k]), 0.9*float64(ev.perKind[k]), "kind %s reported under its own reason", k)
			}
		})
	}
}
