package develop_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/agent/codec"
	"github.com/azora-os/nexus/agent/models/anomaly"
	"github.com/azora-os/nexus/agent/models/federated"
	"github.com/azora-os/nexus/agent/plan"
	"github.com/azora-os/nexus/agent/plan/develop"
	"github.com/azora-os/nexus/agent/plan/feedback"
	"github.com/azora-os/nexus/agent/store"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// A perceived history: 10-second blocks, accounts paying each other with a
// daily-like profile folded into 6-minute seasons, and one account (the
// structurer) sending four times just under the basic tier's 1,000 AZR
// per-transaction limit in the last minutes.
const (
	blockTime = 10 * time.Second
	every     = 36 // a round every 6 minutes
	rounds    = 8
)

var (
	genesis = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	me      = addr("agent")
	funder  = addr("funder")
)

func addr(s string) string {
	codec.SetPrefixes()
	b := make([]byte, 20)
	copy(b, s)
	return sdk.AccAddress(b).String()
}

func cfg() develop.Config {
	return develop.Config{
		Every: every, Bucket: time.Minute, Season: 6, Window: 60, Horizon: 6,
		AnomalyWindow: 10 * time.Minute, AnomalyHistory: 40 * time.Minute, MaxAnalyses: 2,
	}
}

func tiers() ([]anomaly.Tier, map[string]string) {
	return []anomaly.Tier{
		{Name: "basic", Limits: map[string]anomaly.Limit{"uazr": {PerTx: 1e9, PerDay: 5e9}}},
		{Name: "institutional", Limits: map[string]anomaly.Limit{}},
	}, map[string]string{funder: "institutional"}
}

type history struct {
	accounts   []string
	structurer string
	blocks     []*store.BlockData
}

func newHistory(seed uint64) history {
	rng := rand.New(rand.NewPCG(seed, 7)) //nolint:gosec // test data
	h := history{}
	for i := 0; i < 8; i++ {
		h.accounts = append(h.accounts, addr(fmt.Sprintf("acct-%d", i)))
	}
	h.structurer = h.accounts[7]
	market, _ := json.Marshal(map[string]any{"v": 1, "denoms": []string{"uazr"}, "accounts": h.accounts[:4], "description": "market"})
	all := `{"v":1,"denoms":["uazr"],"description":"every AZR transfer"}`
	last := int64(every * rounds)
	for height := int64(1); height <= last; height++ {
		t := genesis.Add(time.Duration(height) * blockTime)
		d := &store.BlockData{Block: store.Block{Height: height, Hash: fmt.Sprintf("H%d", height), Time: t}}
		if height == 1 {
			for _, c := range []struct{ id, meta string }{{"denom-uazr", all}, {"cor-market", string(market)}} {
				d.Changes.Nodes = append(d.Changes.Nodes,
					store.NodeChange{Kind: store.NodeRegistered, NodeID: c.id, Type: "corridor", Owner: funder, Reputation: 500_000, Metadata: c.meta, Height: height},
					store.NodeChange{Kind: store.NodeConsent, NodeID: c.id, DataSharing: true, ModelTraining: true, FederatedAnalysis: true, Height: height})
			}
			for i, a := range h.accounts {
				id := fmt.Sprintf("emp-%d", i)
				d.Changes.Nodes = append(d.Changes.Nodes,
					store.NodeChange{Kind: store.NodeRegistered, NodeID: id, Type: "employee", Owner: a, Reputation: 500_000, Height: height},
					store.NodeChange{Kind: store.NodeConsent, NodeID: id, DataSharing: true, ModelTraining: true, FederatedAnalysis: true, Height: height})
			}
		}
		// The funder (institutional, verified at genesis: no event) tops up
		// four accounts with amounts just under the basic tier's limit.
		if height == 2 {
			for k := 0; k < 4; k++ {
				d.Changes.Transfers = append(d.Changes.Transfers, store.Transfer{Height: height, Seq: 50 + k, Time: t, From: funder, To: h.accounts[k], Denom: "uazr", Amount: "990000000"})
			}
		}
		// Seasonal traffic: consumers (0–3) pay merchants (4–6).
		phase := 2 * math.Pi * float64(t.Sub(genesis)%(6*time.Minute)) / float64(6*time.Minute)
		n := rng.IntN(int(3*(1+0.8*math.Sin(phase))) + 1)
		for k := 0; k < n; k++ {
			from, to := h.accounts[rng.IntN(4)], h.accounts[4+rng.IntN(3)]
			amt := int64(20_000_000 * math.Exp(0.5*rng.NormFloat64()))
			d.Changes.Transfers = append(d.Changes.Transfers, store.Transfer{Height: height, Seq: k, Time: t, From: from, To: to, Denom: "uazr", Amount: fmt.Sprint(amt)})
		}
		// Structuring near the end: four sends at 92–99% of 1,000 AZR.
		if height > last-30 && height%6 == 0 {
			amt := 920_000_000 + int64(rng.IntN(70_000_000))
			d.Changes.Transfers = append(d.Changes.Transfers, store.Transfer{Height: height, Seq: 99, Time: t, From: h.structurer, To: h.accounts[4+rng.IntN(3)], Denom: "uazr", Amount: fmt.Sprint(amt)})
		}
		h.blocks = append(h.blocks, d)
	}
	return h
}

// run processes the history on a fresh store with the develop and feedback
// planners; committed marks the agent's commits as included on chain two
// blocks after they were proposed (as the chain would tell it).
func run(t *testing.T, h history, committed bool) (map[int64][]store.Action, *store.Store) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, store.SQLite, filepath.Join(t.TempDir(), "agent.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	_, err = s.InitChain(ctx, "test-1")
	require.NoError(t, err)
	dev, err := develop.New(me, cfg(), tiers, nil)
	require.NoError(t, err)
	fb := feedback.New(me, feedback.NewAnomalyScorer(every))
	out := map[int64][]store.Action{}
	pendingCommits := map[int64][]store.ModelCommit{}
	for _, d := range h.blocks {
		d := *d
		d.Changes.Models = append(d.Changes.Models, pendingCommits[d.Block.Height]...)
		require.NoError(t, s.ProcessBlock(ctx, &d, func(tx *store.BlockTx) error {
			blk := plan.Block{Height: d.Block.Height, Time: d.Block.Time, Changes: &d.Changes}
			for _, p := range []plan.Planner{dev, fb} {
				as, err := p.Plan(ctx, tx, blk)
				if err != nil {
					return err
				}
				out[blk.Height] = append(out[blk.Height], as...)
				if !committed {
					continue
				}
				for _, a := range as {
					if a.MsgType != develop.MsgCommitModel {
						continue
					}
					var m meshtypes.MsgCommitModel
					if err := m.Unmarshal(a.Msg); err != nil {
						return err
					}
					r := m.Record()
					pendingCommits[blk.Height+2] = append(pendingCommits[blk.Height+2], store.ModelCommit{
						NodeID: r.NodeId, Model: r.Model, Version: r.Version, ParamsHash: r.ParamsHash,
						TrainStartHeight: r.TrainStartHeight, TrainEndHeight: r.TrainEndHeight, Metrics: metricsOf(r.Metrics),
						Committer: me, CommittedHeight: blk.Height + 2,
					})
				}
			}
			return nil
		}))
	}
	return out, s
}

func metricsOf(ms []meshtypes.ModelMetric) []store.Metric {
	out := make([]store.Metric, len(ms))
	for i, m := range ms {
		out[i] = store.Metric{Name: m.Name, Value: m.Value}
	}
	return out
}

// TestDevelopRounds: over eight rounds of a perceived history the planner
// forecasts every corridor, commits consecutive model versions with valid
// records (whose served parameters hash to the committed hash), flags the
// structurer with the structuring reason and gives its node feedback, and
// records federated analyses once the nodes' models are on chain.
func TestDevelopRounds(t *testing.T) {
	h := newHistory(1)
	actions, s := run(t, h, true)
	ctx := context.Background()

	// Only round heights propose.
	for height, as := range actions {
		if height%every != 0 {
			require.Empty(t, as, "height %d", height)
		}
	}

	// Forecasts: both corridors, with observed buckets and a forecast with
	// its interval.
	fcs, err := s.Forecasts(ctx)
	require.NoError(t, err)
	require.Len(t, fcs, 2)
	for _, f := range fcs {
		var doc store.ForecastDoc
		require.NoError(t, json.Unmarshal(f.Doc, &doc))
		require.True(t, doc.Node, doc.CorridorID)
		require.Len(t, doc.Volume.Forecast, 6)
		require.NotEmpty(t, doc.Volume.Observed)
		for _, p := range doc.Volume.Forecast {
			require.LessOrEqual(t, p.Lower, p.Upper)
			require.GreaterOrEqual(t, p.Lower, 0.0)
		}
		require.NotZero(t, doc.Volume.ModelVersion, "%s: a committed version is shown", doc.CorridorID)
		require.Equal(t, "holt-winters-additive", doc.Volume.Method, "%d observed buckets", len(doc.Volume.Observed))
	}

	// Commits: consecutive versions per (node, model), records valid, the
	// served bytes hash to the committed hash.
	versions := map[string]uint64{}
	for height := int64(every); height <= every*rounds; height += every {
		for _, a := range actions[height] {
			if a.MsgType != develop.MsgCommitModel {
				continue
			}
			var m meshtypes.MsgCommitModel
			require.NoError(t, m.Unmarshal(a.Msg))
			require.NoError(t, m.Record().Validate())
			require.Equal(t, m.ActionId, a.ID)
			require.NoError(t, meshtypes.ValidateActionID(a.ID))
			k := m.NodeId + "/" + m.Model
			require.Equal(t, versions[k]+1, m.Version, "%s at %d", k, height)
			versions[k] = m.Version
			am, err := s.AgentModel(ctx, m.NodeId, m.Model, m.Version)
			require.NoError(t, err)
			rec := federated.ModelRecord{Name: m.Model, Version: m.Version, ParamsHash: m.ParamsHash, TrainFrom: m.TrainStartHeight, TrainTo: m.TrainEndHeight}
			require.NoError(t, rec.Verify(am.Params), "%s v%d", k, m.Version)
		}
	}
	require.Equal(t, uint64(rounds), versions["denom-uazr/flow-volume"], "a new version every round")
	require.Equal(t, uint64(1), versions["emp-0/anomaly"], "the anomaly model's configuration does not change")

	// Anomalies: the structurer is flagged for structuring at the last round.
	last := int64(every * rounds)
	as, err := s.Anomalies(ctx, 100)
	require.NoError(t, err)
	var found bool
	for _, a := range as {
		if a.Account == h.structurer && a.Height == last {
			found = true
			require.Contains(t, string(a.Reasons), "structuring")
		}
		require.NotEqual(t, h.accounts[0], a.Account, "a clean account is not flagged: %s at %d: %s", a.Account, a.Height, a.Reasons)
		require.NotEqual(t, funder, a.Account, "the institutional funder (tier from the chain's snapshot) is not limited: %s", a.Reasons)
	}
	require.True(t, found, "the structurer is flagged: %+v", as)
	var fbFound bool
	for _, a := range actions[last] {
		if a.MsgType != "/azora.mesh.v1.MsgSubmitFeedback" {
			continue
		}
		var m meshtypes.MsgSubmitFeedback
		require.NoError(t, m.Unmarshal(a.Msg))
		if m.NodeId == "emp-7" && m.Model == "anomaly" {
			fbFound = true
			require.Less(t, m.Score, uint64(500_000))
			require.Equal(t, uint64(1), m.ModelVersion, "names the anomaly version committed on the node")
		}
	}
	require.True(t, fbFound, "the structurer's node gets anomaly feedback")

	// Federated analyses, once models are on chain: inputs name committed
	// versions; at most MaxAnalyses a round.
	var analyses int
	for height := int64(2 * every); height <= last; height += every {
		n := 0
		for _, a := range actions[height] {
			if a.MsgType != develop.MsgRecordAnalysis {
				continue
			}
			n++
			var m meshtypes.MsgRecordAnalysis
			require.NoError(t, m.Unmarshal(a.Msg))
			require.NotEmpty(t, m.Inputs)
			require.True(t, strings.HasPrefix(m.EmployeeId, "emp-"))
			for _, in := range m.Inputs {
				require.NoError(t, in.Validate())
			}
		}
		require.LessOrEqual(t, n, 2)
		analyses += n
	}
	require.Positive(t, analyses)
}

// TestDevelopDeterministic: the same history proposes the same actions,
// ids included, and stores the same forecasts.
func TestDevelopDeterministic(t *testing.T) {
	h := newHistory(2)
	a1, s1 := run(t, h, true)
	a2, s2 := run(t, h, true)
	require.Equal(t, len(a1), len(a2))
	for height, as := range a1 {
		require.Equal(t, len(as), len(a2[height]), "height %d", height)
		for i := range as {
			require.Equal(t, as[i].ID, a2[height][i].ID)
			require.Equal(t, as[i].Msg, a2[height][i].Msg)
		}
	}
	f1, err := s1.Forecasts(context.Background())
	require.NoError(t, err)
	f2, err := s2.Forecasts(context.Background())
	require.NoError(t, err)
	require.Equal(t, f1, f2)
}

// TestPendingCommitWaits: while the agent's proposed version is not on
// chain, the next rounds do not propose the same version again; after three
// rounds without it, the version is proposed anew with the new parameters.
func TestPendingCommitWaits(t *testing.T) {
	actions, _ := run(t, newHistory(3), false)
	seen := map[string][]int64{}
	for height := int64(every); height <= every*rounds; height += every {
		for _, a := range actions[height] {
			if a.MsgType != develop.MsgCommitModel {
				continue
			}
			var m meshtypes.MsgCommitModel
			require.NoError(t, m.Unmarshal(a.Msg))
			require.Equal(t, uint64(1), m.Version, "nothing reached the chain: always version 1")
			if m.NodeId == "denom-uazr" && m.Model == develop.ModelVolume {
				seen["v1"] = append(seen["v1"], height)
			}
		}
	}
	require.Equal(t, []int64{every, 4 * every, 7 * every}, seen["v1"], "proposed again only after three rounds")
}
