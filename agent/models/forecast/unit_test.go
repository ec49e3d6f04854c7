package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cosmos/cosmos-sdk/types/bech32"
	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/models/flow"
)

func TestConfigValidate(t *testing.T) {
	mod := func(f func(*Config)) Config { c := DefaultConfig(); f(&c); return c }
	for _, tc := range []struct {
		name   string
		cfg    Config
		expErr string
	}{
		{"default", DefaultConfig(), ""},
		{"period 0", mod(func(c *Config) { c.Period = 0 }), "period 0"},
		{"horizon 0", mod(func(c *Config) { c.Horizon = 0 }), "horizon 0"},
		{"coverage 1", mod(func(c *Config) { c.Coverage = 1 }), "coverage 1"},
		{"coverage NaN", mod(func(c *Config) { c.Coverage = math.NaN() }), "coverage NaN"},
		{"max origins", mod(func(c *Config) { c.MaxOrigins = -1 }), "max origins"},
		{"min residuals", mod(func(c *Config) { c.MinResiduals = 0 }), "min residuals"},
		{"evaluations", mod(func(c *Config) { c.MaxEvaluations = 5 }), "max evaluations"},
		{"zero seasons", mod(func(c *Config) { c.ZeroSeasons = -1 }), "zero seasons"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if tc.expErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.expErr)
			_, err = Fit([]float64{1, 2, 3}, tc.cfg)
			require.ErrorContains(t, err, tc.expErr)
		})
	}
}

func TestFitRejectsBadValues(t *testing.T) {
	for _, v := range []float64{-1, math.NaN(), math.Inf(1)} {
		_, err := Fit([]float64{1, v, 3}, DefaultConfig())
		require.ErrorIs(t, err, ErrBadSeries)
	}
	md, err := Fit([]float64{1, 2}, DefaultConfig())
	require.NoError(t, err)
	require.ErrorIs(t, md.Update(-5), ErrBadSeries)
	require.Equal(t, []float64{1, 2}, md.Recent, "a rejected update changes nothing")
}

// TestShortHistories pins the fallbacks: none, naive, seasonal-naive, then
// Holt–Winters from three seasons on.
func TestShortHistories(t *testing.T) {
	cfg := DefaultConfig()
	c := corridorSeries(5, 4, 20, 0)
	for _, tc := range []struct {
		n      int
		method Method
	}{
		{0, MethodNone}, {1, MethodNaive}, {24, MethodNaive}, {25, MethodSeasonalNaive},
		{71, MethodSeasonalNaive}, {72, MethodHoltWinters}, {96, MethodHoltWinters},
	} {
		md, err := Fit(c.cnt[:tc.n], cfg)
		require.NoError(t, err)
		require.Equal(t, tc.method, md.Method, "n=%d", tc.n)
		pts := md.Forecast(30)
		require.Len(t, pts, 30)
		for i, p := range pts {
			require.Equal(t, i+1, p.Step)
			require.True(t, p.Lower >= 0 && p.Lower <= p.Upper, "n=%d step %d: %+v", tc.n, p.Step, p)
			require.GreaterOrEqual(t, p.Mean, 0.0)
		}
		switch tc.method {
		case MethodNone:
			require.Zero(t, pts[0].Mean)
			require.Zero(t, md.Backtest.Points)
		case MethodNaive:
			require.Equal(t, c.cnt[tc.n-1], pts[0].Mean)
			require.Equal(t, c.cnt[tc.n-1], pts[29].Mean)
		case MethodSeasonalNaive:
			// Step k repeats the bucket one season before its phase.
			require.Equal(t, c.cnt[tc.n-24], pts[0].Mean)
			require.Equal(t, c.cnt[tc.n-24+5], pts[5].Mean)
			require.Equal(t, c.cnt[tc.n-24], pts[24].Mean)
			require.Positive(t, md.Backtest.Points)
			require.Equal(t, md.Backtest.MASE, md.Baseline.MASE)
		}
	}
}

// TestZeroBuckets: an all-zero corridor forecasts exactly zero with a zero
// interval, and its MASE is undefined (scale 0), not NaN.
func TestZeroBuckets(t *testing.T) {
	y := make([]float64, 24*10)
	md, err := Fit(y, DefaultConfig())
	require.NoError(t, err)
	require.Equal(t, MethodHoltWinters, md.Method)
	for _, p := range md.Forecast(48) {
		require.Equal(t, Point{Step: p.Step}, p)
	}
	require.False(t, md.Backtest.MASEDefined)
	require.Zero(t, md.Backtest.SMAPE)
	require.Equal(t, 1.0, md.Backtest.Coverage)

	// A corridor that sleeps from 00:00 to 04:00: those phases forecast 0.
	c := corridorSeries(9, 10, 30, 0)
	md, err = Fit(c.vol, DefaultConfig())
	require.NoError(t, err)
	pts := md.Forecast(24) // the series ends at midnight: step k is hour k-1
	for h := range 4 {
		require.Zero(t, pts[h].Mean, "hour %d", h)
	}
	require.Positive(t, pts[12].Mean)
}

// TestDeterministic: the same series gives the same model, bit for bit.
func TestDeterministic(t *testing.T) {
	c := corridorSeries(3, 30, 40, 0.01)
	a, err := Fit(c.vol, DefaultConfig())
	require.NoError(t, err)
	b, err := Fit(c.vol, DefaultConfig())
	require.NoError(t, err)
	require.Equal(t, a, b)
}

// TestUpdateMatchesRefitState: absorbing buckets with Update moves the state
// exactly as the fit's own filter does.
func TestUpdateMatchesRefitState(t *testing.T) {
	c := corridorSeries(4, 20, 40, 0)
	md, err := Fit(c.cnt[:24*15], DefaultConfig())
	require.NoError(t, err)
	require.NoError(t, md.Update(c.cnt[24*15:]...))
	_, _, _, end := residuals(c.cnt, 24, md.ZeroSeasons, md.Params, len(c.cnt), 1, false)
	require.Equal(t, end, md.State)
	require.Equal(t, c.cnt[len(c.cnt)-24:], md.Recent)
}

func TestEvaluate(t *testing.T) {
	m, err := Evaluate([]float64{10, 0, 0, 4}, []Point{
		{Mean: 8, Lower: 5, Upper: 9}, {Mean: 0}, {Mean: 2, Upper: 3}, {Mean: 4, Lower: 3, Upper: 5},
	}, 2)
	require.NoError(t, err)
	require.Equal(t, 4, m.Points)
	require.InDelta(t, (2+0+2+0)/4.0, m.MAE, 1e-12)
	require.InDelta(t, 1.0/2, m.MASE, 1e-12)
	// sMAPE: 2·2/18, 0 (0/0), 2·2/2, 0 → (0.2222+2)/4·100
	require.InDelta(t, 100*(4.0/18+2)/4, m.SMAPE, 1e-9)
	require.Equal(t, 0.75, m.Coverage) // 10 ∉ [5,9]; 0 ∈ [0,0]; 0 ∈ [0,3]; 4 ∈ [3,5]
	_, err = Evaluate([]float64{1}, nil, 1)
	require.Error(t, err)
}

func addr(i byte) string {
	b := make([]byte, 20)
	b[19] = i
	s, err := bech32.ConvertAndEncode(AccountPrefix, b)
	if err != nil {
		panic(err)
	}
	return s
}

func TestParseCorridor(t *testing.T) {
	a1, a2 := addr(1), addr(2)
	for _, tc := range []struct {
		name, meta string
		exp        Corridor
		expErr     string
	}{
		{"denoms", `{"v":1,"denoms":["uazr"]}`, Corridor{ID: "kisumu", Denoms: []string{"uazr"}}, ""},
		{"economy and accounts", `{"v":1,"economy":"kisumu","accounts":["` + a2 + `","` + a1 + `"],"description":"Lake traders"}`,
			Corridor{ID: "kisumu", Denoms: []string{"a/kisumu"}, Accounts: []string{a1, a2}, Economy: "kisumu", Description: "Lake traders"}, ""},
		{"sorted denoms", `{"v":1,"denoms":["uazr","a/abc"],"economy":"kis"}`, Corridor{ID: "kisumu", Denoms: []string{"a/abc", "a/kis", "uazr"}, Economy: "kis"}, ""},
		{"free text", `https://example.org/corridor`, Corridor{}, "not a corridor definition"},
		{"no version", `{"denoms":["uazr"]}`, Corridor{}, "not a corridor definition"},
		{"version 2", `{"v":2,"denoms":["uazr"]}`, Corridor{}, "version 2 is not supported"},
		{"unknown field", `{"v":1,"denom":["uazr"]}`, Corridor{}, "unknown field"},
		{"trailing", `{"v":1,"denoms":["uazr"]} {}`, Corridor{}, "trailing data"},
		{"bad denom", `{"v":1,"denoms":["u"]}`, Corridor{}, "invalid denom"},
		{"bad symbol", `{"v":1,"economy":"Kisumu"}`, Corridor{}, "invalid a-Token symbol"},
		{"bad account", `{"v":1,"accounts":["cosmos1xyz"]}`, Corridor{}, "invalid account"},
		{"upper account", `{"v":1,"accounts":["` + toUpper(a1) + `"]}`, Corridor{}, "invalid account"},
		{"dup denom", `{"v":1,"denoms":["a/kis"],"economy":"kis"}`, Corridor{}, "listed twice"},
		{"dup account", `{"v":1,"accounts":["` + a1 + `","` + a1 + `"]}`, Corridor{}, "listed twice"},
		{"everything", `{"v":1}`, Corridor{}, "covers every transfer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCorridor("kisumu", tc.meta)
			if tc.expErr != "" {
				require.ErrorContains(t, err, tc.expErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.exp, c)
		})
	}
	_, err := ParseCorridor("X", `{"v":1,"denoms":["uazr"]}`)
	require.ErrorContains(t, err, "not a mesh node id")
}

func toUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

func TestDefaultCorridorID(t *testing.T) {
	require.Equal(t, "denom-uazr", DefaultCorridorID("uazr"))
	require.Equal(t, "denom-a.kisumu", DefaultCorridorID("a/kisumu"))
	require.Equal(t, "denom-ibc.abc-x", DefaultCorridorID("ibc/ABC:x"))
	require.True(t, nodeIDRe.MatchString(DefaultCorridorID("a/kisumu")))
}

func TestAssignAndSeries(t *testing.T) {
	a1, a2, a3 := addr(1), addr(2), addr(3)
	lake, err := ParseCorridor("lake", `{"v":1,"economy":"kisumu"}`)
	require.NoError(t, err)
	payroll, err := ParseCorridor("payroll", `{"v":1,"denoms":["uazr"],"accounts":["`+a1+`"]}`)
	require.NoError(t, err)
	set, err := NewSet(payroll, lake)
	require.NoError(t, err)
	require.Equal(t, []string{"lake", "payroll"}, []string{set.Defined()[0].ID, set.Defined()[1].ID})

	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ts := []flow.Transfer{
		{Seq: 1, Time: t0.Add(10 * time.Minute), From: a1, To: a2, Denom: "uazr", Amount: 100},
		{Seq: 2, Time: t0.Add(70 * time.Minute), From: a2, To: a3, Denom: "uazr", Amount: 7},
		{Seq: 3, Time: t0.Add(80 * time.Minute), From: a2, To: a1, Denom: "a/kisumu", Amount: 5},
		{Seq: 4, Time: t0.Add(-time.Minute), From: a1, To: a2, Denom: "uazr", Amount: 1000},  // before
		{Seq: 5, Time: t0.Add(3 * time.Hour), From: a1, To: a2, Denom: "uazr", Amount: 1000}, // after
	}
	require.Equal(t, []string{"payroll", "denom-uazr"}, set.Assign(ts[0]))
	require.Equal(t, []string{"denom-uazr"}, set.Assign(ts[1]))
	require.Equal(t, []string{"lake", "denom-a.kisumu"}, set.Assign(ts[2]))

	flows, err := set.Series(ts, t0, time.Hour, 3)
	require.NoError(t, err)
	require.Equal(t, []Flow{
		{Corridor: "denom-a.kisumu", Volume: []float64{0, 5, 0}, Count: []float64{0, 1, 0}},
		{Corridor: "denom-uazr", Volume: []float64{100, 7, 0}, Count: []float64{1, 1, 0}},
		{Corridor: "lake", Volume: []float64{0, 5, 0}, Count: []float64{0, 1, 0}},
		{Corridor: "payroll", Volume: []float64{100, 0, 0}, Count: []float64{1, 0, 0}},
	}, flows)

	// A defined corridor may take a default id and then replaces it.
	own, err := ParseCorridor("denom-uazr", `{"v":1,"denoms":["uazr"],"accounts":["`+a3+`"]}`)
	require.NoError(t, err)
	set2, err := NewSet(own)
	require.NoError(t, err)
	require.Empty(t, set2.Assign(ts[0]))
	require.Equal(t, []string{"denom-uazr"}, set2.Assign(ts[1]))

	_, err = NewSet(lake, lake)
	require.ErrorContains(t, err, "defined twice")
	_, err = NewSet(DefaultCorridor("uazr"))
	require.ErrorContains(t, err, "implicit")
	_, err = set.Series(ts, t0, 0, 3)
	require.Error(t, err)
}

// TestSeriesOrderIndependent: shuffling the transfers changes no bit of the
// series (floating-point sums are taken in canonical order).
func TestSeriesOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var ts []flow.Transfer
	for i := range 2000 {
		ts = append(ts, flow.Transfer{Seq: uint64(i), Time: t0.Add(time.Duration(r.IntN(48*3600)) * time.Second),
			From: addr(byte(r.IntN(5))), To: addr(byte(5 + r.IntN(5))), Denom: "uazr", Amount: math.Exp(r.NormFloat64() * 3)})
	}
	set, err := NewSet()
	require.NoError(t, err)
	want, err := set.Series(ts, t0, time.Hour, 48)
	require.NoError(t, err)
	for range 3 {
		r.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
		got, err := set.Series(ts, t0, time.Hour, 48)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
}
