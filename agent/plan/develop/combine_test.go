package develop_test

import (
	"fmt"
	"strconv"
	"testing"

	"pgregory.net/rapid"

	"github.com/azora-os/nexus/agent/models/federated"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// TestChainCombinesLikeTheAgent: for any one to three consenting nodes
// (reputations, backtest MASE or none, model scores), x/mesh's
// MsgRecordAnalysis rule (types.CombineScores with types.Quality) gives the
// same score and total weight as the agent's federated.Analyze — so the
// score the chain records is the one the agent computed, when both read the
// same reputations.
func TestChainCombinesLikeTheAgent(t *testing.T) {
	types := []federated.NodeType{federated.Employee, federated.Device, federated.Corridor}
	meshType := map[federated.NodeType]meshtypes.NodeType{
		federated.Employee: meshtypes.NodeTypeEmployee, federated.Device: meshtypes.NodeTypeDevice, federated.Corridor: meshtypes.NodeTypeCorridor,
	}
	params := meshtypes.DefaultParams()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 3).Draw(t, "n")
		var nodes []federated.Node
		var ws []meshtypes.WeightedScore
		for i := 0; i < n; i++ {
			rep := rapid.Uint32Range(0, federated.MaxScore).Draw(t, "reputation")
			score := rapid.Uint32Range(0, federated.MaxScore).Draw(t, "score")
			rec := federated.ModelRecord{Name: "m", Version: 1}
			var metrics []meshtypes.ModelMetric
			if rapid.Bool().Draw(t, "has_mase") {
				mase := rapid.Int64Range(0, 10_000_000).Draw(t, "mase_ppm")
				rec.Metrics = []federated.Metric{{Name: "mase_ppm", Value: mase}}
				metrics = []meshtypes.ModelMetric{{Name: "mase_ppm", Value: strconv.FormatInt(mase, 10)}}
			}
			nodes = append(nodes, federated.Node{ID: fmt.Sprint("node-", i), Type: types[i], Reputation: rep, Consent: true, Model: federated.Fixed{Rec: rec, Score: score}})
			ws = append(ws, meshtypes.WeightedScore{
				Type: meshType[types[i]], Score: uint64(score), TypeWeightBps: params.WeightOf(meshType[types[i]]),
				Reputation: uint64(rep), Quality: meshtypes.Quality(metrics),
			})
		}
		a, err := federated.Analyze(nodes, federated.Context{}, federated.DefaultWeights())
		if err != nil {
			t.Fatal(err)
		}
		score, total, err := meshtypes.CombineScores(ws)
		if err != nil {
			t.Fatal(err)
		}
		if uint64(a.Score) != score || a.TotalWeight != total {
			t.Fatalf("agent %d (total %d), chain %d (total %d)", a.Score, a.TotalWeight, score, total)
		}
	})
}
