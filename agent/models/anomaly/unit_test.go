package anomaly_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/models/anomaly"
	"github.com/azora-os/nexus/agent/models/flow"
	"github.com/azora-os/nexus/agent/models/synth"
)

const azr = 1e6

var (
	end   = time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	basic = anomaly.TierTable{Tiers: []anomaly.Tier{{Name: "basic", Limits: map[string]anomaly.Limit{"uazr": {PerTx: 1000 * azr, PerDay: 5000 * azr}}}}}
)

type builder struct {
	ts  []flow.Transfer
	seq uint64
}

func (b *builder) add(from, to string, at time.Time, amount float64) {
	b.seq++
	b.ts = append(b.ts, flow.Transfer{Seq: b.seq, Time: at, From: from, To: to, Denom: "uazr", Amount: amount})
}

// steady gives `from` 28 days of history: n transfers a day of about amt
// AZR (±20%) to a few friends.
func (b *builder) steady(from string, n int, amt float64) {
	for d := 1; d <= 28; d++ {
		day := end.Add(-time.Duration(d+1) * 24 * time.Hour)
		for k := range n {
			b.add(from, fmt.Sprintf("friend%d", k%4), day.Add(time.Duration(9+k)*time.Hour), (amt*(0.8+0.4*float64((d*7+k*3)%10)/10))*azr)
		}
	}
}

func score(t *testing.T, b *builder, lim anomaly.Limits) map[string]anomaly.Result {
	t.Helper()
	rep, err := anomaly.Score(anomaly.Input{End: end, Transfers: b.ts, Limits: lim}, anomaly.DefaultConfig())
	require.NoError(t, err)
	out := map[string]anomaly.Result{}
	for _, r := range rep.Results {
		out[r.Account] = r
	}
	return out
}

func reasonOf(r anomaly.Result, det string) (anomaly.Reason, bool) {
	for _, rs := range r.Reasons {
		if rs.Detector == det {
			return rs, true
		}
	}
	return anomaly.Reason{}, false
}

func win(h float64) time.Time { return end.Add(-24*time.Hour + time.Duration(h*float64(time.Hour))) }

// TestDetectors: one small, hand-made case per detector, and a clean twin
// that must stay quiet.
func TestDetectors(t *testing.T) {
	b := &builder{}
	b.steady("quiet", 2, 20)
	b.add("quiet", "friend0", win(10), 20*azr)
	b.add("quiet", "friend1", win(11), 25*azr)

	b.steady("big", 2, 20)
	b.add("big", "friend0", win(10), 900*azr) // 45× the median

	b.steady("busy", 2, 20)
	for k := range 14 {
		b.add("busy", "friend1", win(1+float64(k)), 20*azr)
	}

	b.steady("fanout", 1, 20)
	for k := range 12 {
		b.add("fanout", fmt.Sprintf("stranger%d", k), win(1+float64(k)), 20*azr)
	}

	b.steady("struct", 1, 20)
	for k, a := range []float64{990, 950, 985, 999} {
		b.add("struct", "friend2", win(2+float64(k)), a*azr)
	}

	b.steady("split", 1, 20)
	for k := range 7 {
		b.add("split", fmt.Sprintf("friend%d", k%3), win(12+float64(k)), 640*azr) // 4480 of 5000
	}

	// A ring: ringA → ringB → ringC → ringA, 300 → 290 → 280 AZR in 3 hours.
	for _, r := range []string{"ringA", "ringB", "ringC"} {
		b.steady(r, 1, 20)
	}
	b.add("ringA", "ringB", win(3), 300*azr)
	b.add("ringB", "ringC", win(4), 290*azr)
	b.add("ringC", "ringA", win(5), 280*azr)
	// Not a ring: the amounts grow, and another closes too late.
	b.add("friend0", "friend1", win(3), 100*azr)
	b.add("friend1", "friend2", win(4), 150*azr)
	b.add("friend2", "friend0", win(5), 150*azr)

	res := score(t, b, basic)
	require.False(t, res["quiet"].Flagged, "%+v", res["quiet"])
	require.Empty(t, res["quiet"].Reasons)
	for _, tc := range []struct{ acct, det, detail string }{
		{"big", anomaly.DetSize, "robust SDs above its median"},
		{"busy", anomaly.DetVelocity, "sent 14 transfers"},
		{"fanout", anomaly.DetCounterparty, "paid 12 new counterparties"},
		{"struct", anomaly.DetStructuring, "4 transfers of uazr within 10% under the per-transaction limit 1000000000"},
		{"split", anomaly.DetDailySplit, "in 7 transfers within 24 h"},
		{"ringA", anomaly.DetCircular, "on 1 circular flow(s)"},
		{"ringB", anomaly.DetCircular, "on 1 circular flow(s)"},
		{"ringC", anomaly.DetCircular, "on 1 circular flow(s)"},
	} {
		r := res[tc.acct]
		require.True(t, r.Flagged, "%s: %+v", tc.acct, r)
		rs, ok := reasonOf(r, tc.det)
		require.True(t, ok, "%s has no %s reason: %+v", tc.acct, tc.det, r.Reasons)
		require.Contains(t, rs.Detail, tc.detail)
		for _, other := range r.Reasons[1:] {
			require.LessOrEqual(t, other.Score, r.Reasons[0].Score, "%s: the strongest reason first", tc.acct)
		}
		require.InDelta(t, r.Score, float64(r.PPM())/1e6, 1e-6)
	}
	_, ok := reasonOf(res["friend0"], anomaly.DetCircular)
	require.False(t, ok, "growing amounts are not a circular flow")

	// Without limits the structuring detectors are off.
	res = score(t, b, nil)
	_, ok = reasonOf(res["struct"], anomaly.DetStructuring)
	require.False(t, ok)
}

// TestCombination: two moderate reasons combine by 1 − Π(1 − s).
func TestCombination(t *testing.T) {
	b := &builder{}
	b.steady("acct", 2, 20)
	// Three transfers near the limit (structuring ramp: (3−0−1.5)/2 = 0.75).
	for k := range 3 {
		b.add("acct", "friend0", win(2+float64(k)), 950*azr)
	}
	r := score(t, b, basic)["acct"]
	keep := 1.0
	for _, rs := range r.Reasons {
		keep *= 1 - rs.Score
	}
	require.InDelta(t, 1-keep, r.Score, 1e-12)
	st, ok := reasonOf(r, anomaly.DetStructuring)
	require.True(t, ok)
	require.InDelta(t, 0.75, st.Score, 1e-9)
}

// TestOrderIndependent: shuffling the input changes nothing.
func TestOrderIndependent(t *testing.T) {
	cfg := synth.DefaultConfig(7)
	cfg.Accounts = 400
	cfg.PerKind = 8
	tr, err := synth.Generate(cfg)
	require.NoError(t, err)
	in := anomaly.Input{End: tr.End, Transfers: tr.Transfers, Limits: tr.Limits}
	want, err := anomaly.Score(in, anomaly.DefaultConfig())
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(1, 1))
	shuffled := append([]flow.Transfer(nil), tr.Transfers...)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	in.Transfers = shuffled
	got, err := anomaly.Score(in, anomaly.DefaultConfig())
	require.NoError(t, err)
	require.Equal(t, want, got)

	// And the generator is deterministic.
	tr2, err := synth.Generate(cfg)
	require.NoError(t, err)
	require.Equal(t, tr.Transfers, tr2.Transfers)
}

// TestCycleBudget: a dense window exhausts a small budget and says so.
func TestCycleBudget(t *testing.T) {
	b := &builder{}
	for i := range 30 {
		for j := range 30 {
			if i != j {
				b.add(fmt.Sprintf("n%d", i), fmt.Sprintf("n%d", j), win(float64(i*30+j)/100), 100*azr)
			}
		}
	}
	cfg := anomaly.DefaultConfig()
	cfg.CycleBudget = 1000
	rep, err := anomaly.Score(anomaly.Input{End: end, Transfers: b.ts}, cfg)
	require.NoError(t, err)
	require.True(t, rep.CycleSearchTruncated)
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(*anomaly.Config)
	}{
		{"window", func(c *anomaly.Config) { c.Window = 0 }},
		{"history", func(c *anomaly.Config) { c.History = time.Hour }},
		{"ramp", func(c *anomaly.Config) { c.SizeZ1 = c.SizeZ0 }},
		{"cycle len", func(c *anomaly.Config) { c.CycleMaxLen = 7 }},
		{"budget", func(c *anomaly.Config) { c.CycleBudget = 0 }},
		{"threshold", func(c *anomaly.Config) { c.Threshold = 0 }},
		{"band", func(c *anomaly.Config) { c.StructBand = 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := anomaly.DefaultConfig()
			tc.f(&c)
			_, err := anomaly.Score(anomaly.Input{End: end}, c)
			require.Error(t, err)
		})
	}
}

func TestTierTable(t *testing.T) {
	tt := anomaly.TierTable{Tiers: synth.Tiers, AccountTier: map[string]string{"v": "enhanced", "gone": "platinum"}}
	l, ok := tt.Limit("v", "uazr")
	require.True(t, ok)
	require.Equal(t, 250_000*azr, l.PerTx)
	l, _ = tt.Limit("unverified", "uazr")
	require.Equal(t, 1_000*azr, l.PerTx, "no tier: the lowest")
	l, _ = tt.Limit("gone", "uazr")
	require.Equal(t, 1_000*azr, l.PerTx, "a tier no longer in the table: the lowest")
	_, ok = tt.Limit("v", "a/kisumu")
	require.False(t, ok, "a denom without a limit is not limited")
}
