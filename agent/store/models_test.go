package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/store"
)

// TestLearningMeshTables: a block's transfers, committed models and
// recorded analyses are written with it; a planner's fitted models,
// forecasts and anomalies land in the same transaction; the reads see them
// on both engines.
func TestLearningMeshTables(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, err := s.InitChain(ctx, "test-1")
		require.NoError(t, err)
		at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		data := &store.BlockData{
			Block: store.Block{Height: 1, Hash: "H1", Time: at},
			Changes: store.Changes{
				Nodes: []store.NodeChange{{Kind: store.NodeRegistered, NodeID: "cor-1", Type: "corridor", Owner: "alice", Reputation: 500_000, Metadata: `{"v":1}`, Height: 1}},
				Transfers: []store.Transfer{
					{Height: 1, Seq: 0, Time: at, From: "alice", To: "bob", Denom: "uazr", Amount: "1000"},
					{Height: 1, Seq: 3, Time: at, From: "bob", To: "carol", Denom: "a/kasi", Amount: "7"},
				},
				Models: []store.ModelCommit{{NodeID: "cor-1", Model: "flow-volume", Version: 1, ParamsHash: "ab", TrainStartHeight: 1, TrainEndHeight: 1,
					Metrics: []store.Metric{{Name: "mase_ppm", Value: "700000"}}, Committer: "me", CommittedHeight: 1}},
				Analyses: []store.Analysis{{Height: 1, Seq: 4, Reporter: "me", CorridorID: "cor-1", Score: 800_000, Outcome: json.RawMessage(`{"score":800000}`), ActionID: "fa-1"}},
			},
		}
		doc := json.RawMessage(`{"corridor_id":"cor-1","node":true}`)
		err = s.ProcessBlock(ctx, data, func(tx *store.BlockTx) error {
			ts, err := tx.TransfersSince(at.Add(-time.Hour))
			require.NoError(t, err)
			require.Len(t, ts, 2, "the block's own transfers are visible to its planners")
			first, err := tx.FirstTransferHeight(at)
			require.NoError(t, err)
			require.Equal(t, int64(1), first)
			c, ok, err := tx.LatestCommitted("cor-1", "flow-volume")
			require.NoError(t, err)
			require.True(t, ok)
			require.Equal(t, uint64(1), c.Version)
			require.Equal(t, []store.Metric{{Name: "mase_ppm", Value: "700000"}}, c.Metrics)
			nodes, err := tx.ActiveNodes()
			require.NoError(t, err)
			require.Equal(t, `{"v":1}`, nodes[0].Metadata)
			if err := tx.PutAgentModel(store.AgentModel{NodeID: "cor-1", Model: "flow-volume", Version: 1, Params: []byte{0, 1, 2, 255}, ParamsHash: "ab",
				TrainStartHeight: 1, TrainEndHeight: 1, FittedHeight: 1, ActionID: "mc-1"}); err != nil {
				return err
			}
			if err := tx.PutForecast(store.Forecast{CorridorID: "cor-1", Height: 1, Doc: doc}); err != nil {
				return err
			}
			return tx.PutAnomaly(store.Anomaly{Height: 1, Account: "bob", ScorePPM: 750_000, Reasons: json.RawMessage(`[{"detector":"structuring","score":0.75,"evidence":"3 sends"}]`)})
		})
		require.NoError(t, err)

		ms, err := s.AgentModels(ctx, "", "", 10)
		require.NoError(t, err)
		require.Len(t, ms, 1)
		require.Equal(t, []byte{0, 1, 2, 255}, ms[0].Params)
		one, err := s.AgentModel(ctx, "cor-1", "flow-volume", 1)
		require.NoError(t, err)
		require.Equal(t, "mc-1", one.ActionID)
		_, err = s.AgentModel(ctx, "cor-1", "flow-volume", 2)
		require.ErrorIs(t, err, store.ErrNotFound)
		fcs, err := s.Forecasts(ctx)
		require.NoError(t, err)
		require.JSONEq(t, string(doc), string(fcs[0].Doc))
		as, err := s.Anomalies(ctx, 10)
		require.NoError(t, err)
		require.Equal(t, "bob", as[0].Account)
		an, err := s.Analyses(ctx, 10)
		require.NoError(t, err)
		require.Equal(t, uint64(800_000), an[0].Score)
		cm, err := s.CommittedModels(ctx, "cor-1", 10)
		require.NoError(t, err)
		require.Len(t, cm, 1)
	})
}
