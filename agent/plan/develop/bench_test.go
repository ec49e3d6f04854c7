package develop_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/azora-os/nexus/agent/plan"
	"github.com/azora-os/nexus/agent/plan/develop"
	"github.com/azora-os/nexus/agent/store"
)

// BenchmarkDevelopRound measures one develop round at production scale:
// 30 days of hourly history (720 blocks an hour apart, 21,600 transfers
// between 100 accounts with 100 consenting employee nodes and two corridor
// nodes), the default configuration (hourly buckets, a daily season, a
// 720-bucket window, the anomaly model's 24 h window on 28 days, three
// analyses). Each iteration is a new block on SQLite whose round fits four
// series, scores every active account and proposes the commits and
// analyses.
func BenchmarkDevelopRound(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.SQLite, filepath.Join(b.TempDir(), "agent.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	if _, err := s.InitChain(ctx, "bench-1"); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // bench data
	accounts := make([]string, 100)
	for i := range accounts {
		accounts[i] = addr(fmt.Sprintf("bench-%03d", i))
	}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	const hours = 720
	for h := int64(1); h <= hours; h++ {
		t := start.Add(time.Duration(h) * time.Hour)
		d := &store.BlockData{Block: store.Block{Height: h, Hash: "H", Time: t}}
		if h == 1 {
			for _, c := range []string{"denom-uazr", "cor-bench"} {
				meta := `{"v":1,"denoms":["uazr"]}`
				if c == "cor-bench" {
					meta = fmt.Sprintf(`{"v":1,"denoms":["uazr"],"accounts":[%q,%q]}`, accounts[0], accounts[1])
				}
				d.Changes.Nodes = append(d.Changes.Nodes,
					store.NodeChange{Kind: store.NodeRegistered, NodeID: c, Type: "corridor", Owner: funder, Reputation: 500_000, Metadata: meta, Height: h},
					store.NodeChange{Kind: store.NodeConsent, NodeID: c, DataSharing: true, ModelTraining: true, FederatedAnalysis: true, Height: h})
			}
			for i, a := range accounts {
				id := fmt.Sprintf("emp-%03d", i)
				d.Changes.Nodes = append(d.Changes.Nodes,
					store.NodeChange{Kind: store.NodeRegistered, NodeID: id, Type: "employee", Owner: a, Reputation: 500_000, Height: h},
					store.NodeChange{Kind: store.NodeConsent, NodeID: id, DataSharing: true, ModelTraining: true, FederatedAnalysis: true, Height: h})
			}
		}
		phase := 2 * math.Pi * float64(h%24) / 24
		n := int(30 * (1 + 0.8*math.Sin(phase)))
		for k := 0; k < n; k++ {
			from, to := accounts[rng.IntN(60)], accounts[60+rng.IntN(40)]
			amt := int64(20_000_000 * math.Exp(0.5*rng.NormFloat64()))
			d.Changes.Transfers = append(d.Changes.Transfers, store.Transfer{Height: h, Seq: k, Time: t, From: from, To: to, Denom: "uazr", Amount: fmt.Sprint(amt)})
		}
		if err := s.ProcessBlock(ctx, d, nil); err != nil {
			b.Fatal(err)
		}
	}
	cfg := develop.DefaultConfig()
	cfg.Every = 1
	dev, err := develop.New(me, cfg, tiers, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h := int64(hours + 1 + i)
		t := start.Add(time.Duration(h) * time.Hour)
		d := &store.BlockData{Block: store.Block{Height: h, Hash: "H", Time: t}}
		var proposed int
		if err := s.ProcessBlock(ctx, d, func(tx *store.BlockTx) error {
			as, err := dev.Plan(ctx, tx, plan.Block{Height: h, Time: t, Changes: &d.Changes})
			proposed = len(as)
			return err
		}); err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			b.ReportMetric(float64(proposed), "actions/round")
		}
	}
}
