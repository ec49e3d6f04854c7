package feedback_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/plan"
	"github.com/azora-os/nexus/agent/plan/feedback"
	"github.com/azora-os/nexus/agent/store"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// TestAnomalyFeedback runs the feedback planner with the anomaly scorer on
// a real store: at a scoring round the flagged account's consenting node
// gets a low score with the reasons as evidence; at the next round, once it
// is no longer flagged, a clearing score of 1 000 000 naming the anomaly
// model's version committed on the node meanwhile. Between rounds nothing.
func TestAnomalyFeedback(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.SQLite, filepath.Join(t.TempDir(), "agent.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	_, err = s.InitChain(ctx, "test-1")
	require.NoError(t, err)

	p := feedback.New("me", feedback.NewAnomalyScorer(10))
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	reasons := json.RawMessage(`[{"detector":"structuring","score":0.75,"detail":"3 sends at 90-100% of per_tx"}]`)
	var got [][]store.Action
	for h := int64(1); h <= 20; h++ {
		data := &store.BlockData{Block: store.Block{Height: h, Hash: "H", Time: start.Add(time.Duration(h) * time.Second)}}
		switch h {
		case 1:
			data.Changes.Nodes = []store.NodeChange{
				{Kind: store.NodeRegistered, NodeID: "emp-bob", Type: "employee", Owner: "bob", Reputation: 500_000, Height: h},
				{Kind: store.NodeConsent, NodeID: "emp-bob", DataSharing: true, ModelTraining: true, Height: h},
				{Kind: store.NodeRegistered, NodeID: "dev-bob", Type: "device", Owner: "bob", Reputation: 500_000, Height: h}, // no consent
			}
		case 12:
			data.Changes.Models = []store.ModelCommit{{NodeID: "emp-bob", Model: "anomaly", Version: 1, ParamsHash: "ab", TrainStartHeight: 1, TrainEndHeight: 10, Committer: "me", CommittedHeight: 12}}
		}
		require.NoError(t, s.ProcessBlock(ctx, data, func(tx *store.BlockTx) error {
			if h == 10 {
				if err := tx.PutAnomaly(store.Anomaly{Height: 10, Account: "bob", ScorePPM: 750_000, Reasons: reasons}); err != nil {
					return err
				}
			}
			actions, err := p.Plan(ctx, tx, plan.Block{Height: h, Time: data.Block.Time, Changes: &data.Changes})
			got = append(got, actions)
			return err
		}))
	}
	for h, as := range got {
		if h+1 != 10 && h+1 != 20 {
			require.Empty(t, as, "height %d", h+1)
		}
	}
	require.Len(t, got[9], 1, "the flagged account's consenting node only")
	var m meshtypes.MsgSubmitFeedback
	require.NoError(t, m.Unmarshal(got[9][0].Msg))
	require.Equal(t, "emp-bob", m.NodeId)
	require.Equal(t, "anomaly", m.Model)
	require.Equal(t, uint64(250_000), m.Score)
	require.Zero(t, m.ModelVersion, "no anomaly version committed on the node yet")
	require.NoError(t, m.Item().Validate())

	require.Len(t, got[19], 1, "cleared at the next round")
	require.NoError(t, m.Unmarshal(got[19][0].Msg))
	require.Equal(t, uint64(1_000_000), m.Score)
	require.Equal(t, uint64(1), m.ModelVersion, "the version committed at height 12")
}
