package federated

import (
	"encoding/hex"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/models/anomaly"
	"github.com/azora-os/nexus/agent/models/flow"
	"github.com/azora-os/nexus/agent/models/forecast"
)

// The golden vector, written from the spec in README §2 segment by segment
// (not produced by Encode); its SHA-256 was computed independently.
const (
	goldenHex = "4e584d50" + "01" + // magic, version
		"0d" + "666f7265636173742e74657374" + // name "forecast.test"
		"05" + // 5 fields, sorted by key
		"05" + "616c706861" + "02" + "3fe0000000000000" + // alpha float 0.5
		"06" + "6d6574686f64" + "03" + "02" + "6877" + // method string "hw"
		"06" + "706572696f64" + "01" + "0000000000000018" + // period int 24
		"06" + "736561736f6e" + "04" + "02" + "3ff0000000000000" + "0000000000000000" + // season floats [1, -0 → +0]
		"05" + "7a65726f73" + "05" + "01" + "0000000000000002" // zeros ints [2]
	goldenHash = "4b9d91bba621355937bc51f5e769f15e427d3e67e9be38bc0aa628f2a815cf19"
)

func goldenParams() *Params {
	// Set out of order on purpose: Encode sorts.
	return NewParams("forecast.test").
		SetInts("zeros", []int64{2}).
		SetFloats("season", []float64{1, math.Copysign(0, -1)}).
		SetInt("period", 24).
		SetString("method", "hw").
		SetFloat("alpha", 0.5)
}

func TestGoldenVector(t *testing.T) {
	enc, err := goldenParams().Encode()
	require.NoError(t, err)
	require.Equal(t, goldenHex, hex.EncodeToString(enc))
	h, err := goldenParams().Hash()
	require.NoError(t, err)
	require.Equal(t, goldenHash, h)

	dec, err := Decode(enc)
	require.NoError(t, err)
	again, err := dec.Encode()
	require.NoError(t, err)
	require.Equal(t, enc, again)
	require.Equal(t, "forecast.test", dec.Model)
	require.Equal(t, []string{"alpha", "method", "period", "season", "zeros"}, keys(dec))
}

func keys(p *Params) []string {
	var ks []string
	for _, f := range p.Fields {
		ks = append(ks, f.Key)
	}
	return ks
}

func TestEncodeRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		p      *Params
		expErr string
	}{
		{"bad name", NewParams("Forecast"), "model name"},
		{"bad key", NewParams("m").SetInt("Alpha", 1), "key"},
		{"dup key", NewParams("m").SetInt("a", 1).SetFloat("a", 2), "set twice"},
		{"nan", NewParams("m").SetFloat("a", math.NaN()), "cannot be encoded"},
		{"inf in list", NewParams("m").SetFloats("a", []float64{1, math.Inf(-1)}), "cannot be encoded"},
		{"bad tag", &Params{Model: "m", Fields: []Field{{Key: "a", Tag: 9}}}, "unknown tag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.p.Encode()
			require.ErrorContains(t, err, tc.expErr)
		})
	}
}

func TestDecodeRejectsNonCanonical(t *testing.T) {
	golden, _ := hex.DecodeString(goldenHex)
	mut := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), golden...)) }
	// Drop alpha and fix the field count: still canonical.
	dropped := strings.Replace(strings.Replace(goldenHex, "05616c706861023fe0000000000000", "", 1),
		"74657374"+"05", "74657374"+"04", 1)
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"magic", mut(func(b []byte) []byte { b[0] = 'X'; return b })},
		{"version", mut(func(b []byte) []byte { b[4] = 2; return b })},
		{"trailing", append(append([]byte(nil), golden...), 0)},
		{"truncated", golden[:len(golden)-1]},
		{"negative zero", mustHex(strings.Replace(goldenHex, "3ff0000000000000"+"0000000000000000", "3ff0000000000000"+"8000000000000000", 1))},
		{"nan", mustHex(strings.Replace(goldenHex, "3fe0000000000000", "7ff8000000000000", 1))},
		{"long varint", mustHex(strings.Replace(goldenHex, "0d666f72", "8d00666f72", 1))},
		{"unsorted", mustHex(reorder())},
		{"unknown tag", mut(func(b []byte) []byte { b[4+1+14+1+6] = 7; return b })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.b)
			require.ErrorIs(t, err, ErrNonCanonical)
		})
	}
	// Dropping a field and fixing the count is still canonical.
	p, err := Decode(mustHex(dropped))
	require.NoError(t, err)
	require.Equal(t, []string{"method", "period", "season", "zeros"}, keys(p))
}

// reorder returns the golden document with its first two fields swapped.
func reorder() string {
	head := "4e584d50" + "01" + "0d" + "666f7265636173742e74657374" + "02"
	alpha := "05" + "616c706861" + "02" + "3fe0000000000000"
	method := "06" + "6d6574686f64" + "03" + "02" + "6877"
	return head + method + alpha
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func record(name string, mase int64, hash string) ModelRecord {
	r := ModelRecord{Name: name, Version: 3, ParamsHash: hash, TrainFrom: 100, TrainTo: 900}
	if mase >= 0 {
		r.Metrics = []Metric{{"mase_ppm", mase}}
	}
	return r
}

func TestRecordValidateAndVerify(t *testing.T) {
	enc, _ := goldenParams().Encode()
	r := record("forecast.test", 800_000, goldenHash)
	require.NoError(t, r.Validate())
	require.NoError(t, r.Verify(enc))

	other := r
	other.ParamsHash = strings.Repeat("0", 64)
	require.ErrorContains(t, other.Verify(enc), "hash to "+goldenHash)
	other = r
	other.Name = "forecast.other"
	require.ErrorContains(t, other.Verify(enc), "of model forecast.test")

	for _, tc := range []struct {
		name   string
		f      func(*ModelRecord)
		expErr string
	}{
		{"name", func(r *ModelRecord) { r.Name = "" }, "model name"},
		{"version", func(r *ModelRecord) { r.Version = 0 }, "version starts at 1"},
		{"hash length", func(r *ModelRecord) { r.ParamsHash = "ab" }, "64 lowercase hex"},
		{"hash upper", func(r *ModelRecord) { r.ParamsHash = strings.ToUpper(goldenHash) }, "64 lowercase hex"},
		{"hash not hex", func(r *ModelRecord) { r.ParamsHash = strings.Repeat("g", 64) }, "not hex"},
		{"window", func(r *ModelRecord) { r.TrainTo = 99 }, "training window"},
		{"metric order", func(r *ModelRecord) { r.Metrics = []Metric{{"b", 1}, {"a", 1}} }, "sorted"},
		{"metric name", func(r *ModelRecord) { r.Metrics = []Metric{{"B", 1}} }, "metric name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rr := r
			tc.f(&rr)
			require.ErrorContains(t, rr.Validate(), tc.expErr)
		})
	}
}

func TestQuality(t *testing.T) {
	require.EqualValues(t, 1_000_000, Quality(record("m", 0, "")))
	require.EqualValues(t, 500_000, Quality(record("m", 1_000_000, "")))
	require.EqualValues(t, 555_555, Quality(record("m", 800_000, ""))) // 1/1.8
	require.EqualValues(t, NeutralQuality, Quality(record("m", -1, "")))
}

// spy fails the test if a node without consent is ever evaluated.
type spy struct {
	t     *testing.T
	rec   ModelRecord
	score uint32
	err   error
	calls *int
}

func (s spy) Record() ModelRecord { return s.rec }
func (s spy) Evaluate(Context) (uint32, error) {
	*s.calls++
	return s.score, s.err
}

func TestAnalyze(t *testing.T) {
	calls := map[string]*int{"emp": new(int), "dev": new(int), "cor": new(int)}
	mk := func(id string, ty NodeType, rep uint32, consent bool, score uint32, mase int64) Node {
		return Node{ID: id, Type: ty, Reputation: rep, Consent: consent,
			Model: spy{t: t, rec: record(id+".model", mase, goldenHash), score: score, calls: calls[id]}}
	}
	nodes := []Node{
		mk("emp", Employee, 600_000, true, 900_000, 1_000_000), // quality 500 000
		mk("dev", Device, 500_000, false, 0, 0),                // no consent
		mk("cor", Corridor, 800_000, true, 400_000, 0),         // quality 10^6
	}
	a, err := Analyze(nodes, Context{}, DefaultWeights())
	require.NoError(t, err)
	// emp: 3000 × 600 000 × 500 000 / 10^6 = 900 000 000
	// cor: 4000 × 800 000 × 1 000 000 / 10^6 = 3 200 000 000
	// score = ⌊(9e8 × 900 000 + 3.2e9 × 400 000) / 4.1e9⌋ = ⌊(8.1e14 + 1.28e15) / 4.1e9⌋ = 509 756
	require.EqualValues(t, 509_756, a.Score)
	require.EqualValues(t, 4_100_000_000, a.TotalWeight)
	require.Len(t, a.Read, 2)
	require.Equal(t, "emp", a.Read[0].NodeID)
	require.EqualValues(t, 900_000_000, a.Read[0].Weight)
	require.Equal(t, "emp.model", a.Read[0].Model)
	require.EqualValues(t, 3, a.Read[0].ModelVersion)
	require.Equal(t, []Skip{{NodeID: "dev", Reason: "no federated_analysis consent: not read"}}, a.Skipped)
	require.Zero(t, *calls["dev"], "a node without consent is never evaluated")

	// Order does not change the score.
	b, err := Analyze([]Node{nodes[2], nodes[1], nodes[0]}, Context{}, DefaultWeights())
	require.NoError(t, err)
	require.Equal(t, a.Score, b.Score)

	// A failing model and a node without a model are skipped with reasons.
	failing := mk("emp", Employee, 600_000, true, 0, 0)
	failing.Model = spy{rec: record("x", 0, goldenHash), err: errors.New("boom"), calls: new(int)}
	c, err := Analyze([]Node{failing, {ID: "dev", Type: Device, Consent: true}, nodes[2]}, Context{}, DefaultWeights())
	require.NoError(t, err)
	require.EqualValues(t, 400_000, c.Score)
	require.Equal(t, []Skip{{"emp", "model failed: boom"}, {"dev", "no model"}}, c.Skipped)

	// All reputations 0: plain type weights.
	z1, z2 := mk("emp", Employee, 0, true, 900_000, 0), mk("cor", Corridor, 0, true, 400_000, 0)
	d, err := Analyze([]Node{z1, z2}, Context{}, DefaultWeights())
	require.NoError(t, err)
	require.EqualValues(t, (3000*900_000+4000*400_000)/7000, d.Score)

	// Errors.
	_, err = Analyze([]Node{nodes[1]}, Context{}, DefaultWeights())
	require.ErrorContains(t, err, "no node could be read")
	_, err = Analyze([]Node{nodes[0], nodes[0]}, Context{}, DefaultWeights())
	require.ErrorContains(t, err, "given twice")
	_, err = Analyze([]Node{{ID: "x", Type: "robot"}}, Context{}, DefaultWeights())
	require.ErrorContains(t, err, "unknown type")
	_, err = Analyze([]Node{{ID: "x", Type: Device, Reputation: 1_000_001}}, Context{}, DefaultWeights())
	require.ErrorContains(t, err, "reputation")
	_, err = Analyze([]Node{{ID: "x", Type: Device, Consent: true, Model: Fixed{Score: 1_000_001}}}, Context{}, DefaultWeights())
	require.ErrorContains(t, err, "model score")
}

// TestForecastRecord: a fitted forecast's parameters encode, hash stably
// and carry its metrics; the corridor model scores amounts against the
// interval.
func TestForecastRecord(t *testing.T) {
	y := make([]float64, 24*10)
	for i := range y {
		y[i] = float64(100 + 50*(i%24) + (i*7919)%13)
	}
	m, err := forecast.Fit(y, forecast.DefaultConfig())
	require.NoError(t, err)
	p := ForecastParams("corridor-flow.volume", m)
	h1, err := p.Hash()
	require.NoError(t, err)
	m2, err := forecast.Fit(y, forecast.DefaultConfig())
	require.NoError(t, err)
	h2, err := ForecastParams("corridor-flow.volume", m2).Hash()
	require.NoError(t, err)
	require.Equal(t, h1, h2, "the same series gives the same hash")
	require.NoError(t, m2.Update(5))
	h3, _ := ForecastParams("corridor-flow.volume", m2).Hash()
	require.NotEqual(t, h1, h3, "a state change changes the hash")

	rec := ModelRecord{Name: "corridor-flow.volume", Version: 1, ParamsHash: h1, TrainFrom: 1, TrainTo: 240, Metrics: ForecastMetrics(m)}
	require.NoError(t, rec.Validate())
	mase, ok := rec.Metric("mase_ppm")
	require.True(t, ok)
	require.EqualValues(t, int64(math.Round(m.Backtest.MASE*1e6)), mase)
	enc, _ := p.Encode()
	require.NoError(t, rec.Verify(enc))

	next := time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)
	cm := CorridorModel{Rec: rec, Volume: m, Next: next, Width: time.Hour}
	upper := m.Forecast(13)[12].Upper
	s, err := cm.Evaluate(Context{At: next.Add(12*time.Hour + time.Minute), Amount: upper})
	require.NoError(t, err)
	require.EqualValues(t, MaxScore, s)
	s, err = cm.Evaluate(Context{At: next.Add(12 * time.Hour), Amount: 4 * upper})
	require.NoError(t, err)
	require.EqualValues(t, 250_000, s)
	_, err = cm.Evaluate(Context{At: next.Add(-time.Second), Amount: 1})
	require.Error(t, err)
}

func TestAccountModel(t *testing.T) {
	end := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	var hist []flow.Transfer
	for d := 1; d <= 28; d++ {
		hist = append(hist, flow.Transfer{Seq: uint64(d), Time: end.Add(-time.Duration(d) * 24 * time.Hour), From: "emp", To: "shop", Denom: "uazr", Amount: float64(20+d%5) * 1e6})
	}
	p := AnomalyParams("account-anomaly", anomaly.DefaultConfig())
	h, err := p.Hash()
	require.NoError(t, err)
	m := AccountModel{Rec: record("account-anomaly", -1, h), History: hist, Config: anomaly.DefaultConfig()}
	s, err := m.Evaluate(Context{At: end, Account: "emp", Denom: "uazr", Amount: 21e6})
	require.NoError(t, err)
	require.EqualValues(t, MaxScore, s, "an ordinary payment")
	s, err = m.Evaluate(Context{At: end, Account: "emp", Denom: "uazr", Amount: 5000e6})
	require.NoError(t, err)
	require.Less(t, s, uint32(500_000), "a payment 200× its usual size")
	_, err = m.Evaluate(Context{At: end})
	require.Error(t, err)
}
