package types_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

func addr(s string) string {
	b := make([]byte, 20)
	copy(b, s)
	return sdk.AccAddress(b).String()
}

// validGenesis has one of everything, consistent.
func validGenesis() types.GenesisState {
	alice, reg := addr("alice"), addr("registrar")
	return types.GenesisState{
		Params: types.DefaultParams(),
		Roles: []types.RoleGrant{
			{Role: types.RoleRegistrar, Address: reg},
			{Role: types.RoleReporter, Address: addr("reporter")},
		},
		Nodes: []types.Node{{
			Id: "cor-1", Type: types.NodeTypeCorridor, Owner: alice, Reputation: 580_000,
			Consent: types.Consent{DataSharing: true, ModelTraining: true},
			Models: []types.ModelState{
				{Name: "anomaly", Version: 2, ParamsHash: goodHash, OldestVersion: 1, FeedbackCount: 1, LastScore: 5, UpdatedHeight: 5},
				{Name: "flow", FeedbackCount: 2, LastScore: 900_000, UpdatedHeight: 5},
			},
			FeedbackCount: 3, RegisteredHeight: 2, UpdatedHeight: 5, ReporterCount: 2,
		}},
		ModelRecords: []types.ModelRecord{
			{NodeId: "cor-1", Model: "anomaly", Version: 1, ParamsHash: goodHash, TrainStartHeight: 1, TrainEndHeight: 2, CommittedHeight: 3, Committer: addr("reporter")},
			{
				NodeId: "cor-1", Model: "anomaly", Version: 2, ParamsHash: goodHash, TrainStartHeight: 1, TrainEndHeight: 3, CommittedHeight: 4, Committer: addr("reporter"),
				Metrics: []types.ModelMetric{{Name: "mase", Value: "0.91"}, {Name: "smape", Value: "0.125"}},
			},
		},
		ReporterScores: []types.ReporterScore{
			{NodeId: "cor-1", Reporter: addr("reporter"), Ewma: 580_000, FeedbackCount: 2, WindowStart: 4, WindowCount: 2, LastHeight: 5},
			{NodeId: "cor-1", Reporter: addr("reporter2"), Ewma: 580_000, FeedbackCount: 1, WindowStart: 5, WindowCount: 1, LastHeight: 5},
		},
		AuditCursors: []types.GenesisAuditCursor{
			{NodeId: "cor-1", Cursor: types.AuditCursor{NextSeq: 5, OldestSeq: 3}},
			{NodeId: "dev-gone", Cursor: types.AuditCursor{NextSeq: 2, OldestSeq: 0}},
		},
		AuditLog: []types.AuditEntry{
			{NodeId: "cor-1", Seq: 3, Height: 4, Actor: addr("reporter"), Action: types.AuditActionFeedback, Model: "flow", ModelVersion: 1, Score: 900_000, EvidenceHash: goodHash, ReputationBefore: 500_000, ReputationAfter: 580_000},
			{NodeId: "cor-1", Seq: 4, Height: 5, Actor: addr("reporter"), Action: types.AuditActionFeedback, Model: "anomaly", ModelVersion: 1, Score: 5, EvidenceHash: goodHash, ReputationBefore: 580_000, ReputationAfter: 580_000},
			{NodeId: "dev-gone", Seq: 1, Height: 3, Actor: reg, Action: types.AuditActionDeregistered, ReputationBefore: 500_000},
		},
		UsedActions: []types.UsedAction{
			{Reporter: addr("reporter"), ActionId: "fb-1", Height: 4},
			{Reporter: addr("reporter"), ActionId: "fb-2", Height: 5},
			{Reporter: addr("other"), ActionId: "fb-1", Height: 5},
		},
	}
}

func TestDefaultGenesisValidates(t *testing.T) {
	require.NoError(t, types.DefaultGenesis().Validate())
	require.NoError(t, validGenesis().Validate())
	// Lowering a bound by governance keeps what nodes have: the export
	// still validates.
	g := validGenesis()
	g.Params.MaxReportersPerNode = 1
	g.Params.ModelHistoryRetention = 1
	g.Params.MaxFeedbackPerWindow = 1
	require.NoError(t, g.Validate())
}

func TestGenesisValidate(t *testing.T) {
	cases := []struct {
		name      string
		mut       func(*types.GenesisState)
		expErrMsg string
	}{
		{"bad params", func(g *types.GenesisState) { g.Params.EwmaWeightBps = 0 }, "ewma_weight_bps"},
		{"unspecified role", func(g *types.GenesisState) { g.Roles[0].Role = types.RoleUnspecified }, "invalid role"},
		{"role bad address", func(g *types.GenesisState) { g.Roles[0].Address = "azora1xyz" }, "address"},
		{"duplicate role", func(g *types.GenesisState) { g.Roles = append(g.Roles, g.Roles[0]) }, "granted twice"},
		{"bad node id", func(g *types.GenesisState) { g.Nodes[0].Id = "C1" }, "invalid node id"},
		{"duplicate node", func(g *types.GenesisState) { g.Nodes = append(g.Nodes, g.Nodes[0]) }, "duplicate node id"},
		{"node without type", func(g *types.GenesisState) { g.Nodes[0].Type = types.NodeTypeUnspecified }, "invalid node type"},
		{"node bad owner", func(g *types.GenesisState) { g.Nodes[0].Owner = "" }, "owner"},
		{"reputation out of range", func(g *types.GenesisState) { g.Nodes[0].Reputation = 1_000_001 }, "reputation 1000001"},
		{"metadata too long", func(g *types.GenesisState) { g.Nodes[0].Metadata = strings.Repeat("x", 1025) }, "metadata too long"},
		{"models unsorted", func(g *types.GenesisState) {
			g.Nodes[0].Models[0], g.Nodes[0].Models[1] = g.Nodes[0].Models[1], g.Nodes[0].Models[0]
		}, "not sorted"},
		{"model duplicated", func(g *types.GenesisState) { g.Nodes[0].Models[1].Name = "anomaly" }, "not sorted"},
		{"model bad name", func(g *types.GenesisState) { g.Nodes[0].Models[0].Name = "A" }, "invalid model"},
		{"model without commit or feedback", func(g *types.GenesisState) { g.Nodes[0].Models[1].FeedbackCount = 0; g.Nodes[0].FeedbackCount = 1 }, "neither a committed version nor feedback"},
		{"uncommitted model with a hash", func(g *types.GenesisState) { g.Nodes[0].Models[1].ParamsHash = goodHash }, "no committed version but a params hash"},
		{"committed model without hash", func(g *types.GenesisState) { g.Nodes[0].Models[0].ParamsHash = "" }, "params hash"},
		{"oldest version above latest", func(g *types.GenesisState) { g.Nodes[0].Models[0].OldestVersion = 3 }, "oldest_version 3 not in 1..2"},
		{"too many reporters", func(g *types.GenesisState) { g.Nodes[0].ReporterCount = types.MaxReportersPerNodeLimit + 1 }, "maximum number of reporters"},
		{"model score out of range", func(g *types.GenesisState) { g.Nodes[0].Models[0].LastScore = 1_000_001 }, "last_score"},
		{"feedback count differs", func(g *types.GenesisState) { g.Nodes[0].FeedbackCount = 4 }, "feedback_count"},
		{"too many models", func(g *types.GenesisState) { g.Params.MaxModelsPerNode = 1 }, "maximum number of models"},
		{"heights out of order", func(g *types.GenesisState) { g.Nodes[0].UpdatedHeight = 1 }, "heights"},
		{"cursor bad id", func(g *types.GenesisState) { g.AuditCursors[0].NodeId = "X" }, "invalid node id"},
		{"duplicate cursor", func(g *types.GenesisState) { g.AuditCursors[1].NodeId = "cor-1" }, "duplicate cursor"},
		{"cursor next 0", func(g *types.GenesisState) {
			g.AuditCursors[1].Cursor = types.AuditCursor{}
			g.AuditLog = g.AuditLog[:2]
		}, "next_seq 0"},
		{"cursor oldest after next", func(g *types.GenesisState) { g.AuditCursors[1].Cursor.OldestSeq = 3 }, "oldest_seq 3 > next_seq 2"},
		{"entry without cursor", func(g *types.GenesisState) { g.AuditLog[2].NodeId = "dev-other" }, "no audit cursor"},
		{"entry below oldest", func(g *types.GenesisState) { g.AuditLog[0].Seq = 2 }, "outside"},
		{"entry at next", func(g *types.GenesisState) { g.AuditLog[1].Seq = 5 }, "outside"},
		{"duplicate entry", func(g *types.GenesisState) { g.AuditLog[1].Seq = 3 }, "duplicate entry"},
		{"entry unknown action", func(g *types.GenesisState) { g.AuditLog[2].Action = 9 }, "unknown action"},
		{"entry bad actor", func(g *types.GenesisState) { g.AuditLog[2].Actor = "x" }, "actor"},
		{"entry reputation out of range", func(g *types.GenesisState) { g.AuditLog[2].ReputationBefore = 2_000_000 }, "reputation out of range"},
		{"feedback entry bad score", func(g *types.GenesisState) { g.AuditLog[0].Score = 1_000_001 }, "score out of range"},
		{"feedback entry bad evidence", func(g *types.GenesisState) { g.AuditLog[0].EvidenceHash = "" }, "evidence"},
		{"used action bad reporter", func(g *types.GenesisState) { g.UsedActions[0].Reporter = "x" }, "used_actions[0]: reporter"},
		{"used action bad id", func(g *types.GenesisState) { g.UsedActions[1].ActionId = "" }, "invalid action id"},
		{"used action negative height", func(g *types.GenesisState) { g.UsedActions[1].Height = -1 }, "negative height"},
		{"model entry bad hash", func(g *types.GenesisState) {
			g.AuditLog[1].Action, g.AuditLog[1].EvidenceHash, g.AuditLog[1].ParamsHash = types.AuditActionModelCommitted, "", "zz"
		}, "params hash"},
		{"analysis entry without analysis", func(g *types.GenesisState) { g.AuditLog[1].Action = types.AuditActionAnalysisRecorded }, "without the analysis"},
		{"record bad metric", func(g *types.GenesisState) { g.ModelRecords[1].Metrics[0].Value = "1e-3" }, "invalid backtest metric"},
		{"record metrics unsorted", func(g *types.GenesisState) { g.ModelRecords[1].Metrics[0].Name = "zeta" }, "not sorted"},
		{"record bad window", func(g *types.GenesisState) { g.ModelRecords[0].TrainStartHeight = 3 }, "invalid training window"},
		{"record version 0", func(g *types.GenesisState) { g.ModelRecords[0].Version = 0 }, "version 0"},
		{"record bad committer", func(g *types.GenesisState) { g.ModelRecords[0].Committer = "x" }, "committer"},
		{"record trained after commit", func(g *types.GenesisState) { g.ModelRecords[0].CommittedHeight = 1 }, "trained up to 2"},
		{"record duplicate", func(g *types.GenesisState) { g.ModelRecords[1].Version = 1 }, "duplicate"},
		{"record without cursor", func(g *types.GenesisState) { g.ModelRecords[0].NodeId = "dev-never" }, "never registered"},
		{"record beyond the node's versions", func(g *types.GenesisState) { g.ModelRecords[1].Version = 3 }, "outside the node's kept versions"},
		{"reporter score unknown node", func(g *types.GenesisState) { g.ReporterScores[0].NodeId = "dev-gone" }, "not registered"},
		{"reporter score bad reporter", func(g *types.GenesisState) { g.ReporterScores[0].Reporter = "x" }, "reporter"},
		{"reporter score out of range", func(g *types.GenesisState) { g.ReporterScores[0].Ewma = 1_000_001 }, "ewma"},
		{"reporter score window above count", func(g *types.GenesisState) { g.ReporterScores[0].WindowCount = 3 }, "window_count"},
		{"reporter score duplicate", func(g *types.GenesisState) { g.ReporterScores = append(g.ReporterScores, g.ReporterScores[0]) }, "duplicate score"},
		{"reporter count differs", func(g *types.GenesisState) { g.Nodes[0].ReporterCount = 1 }, "reporter_count 1 but 2"},
		{"reputation not the median", func(g *types.GenesisState) { g.ReporterScores[0].Ewma = 560_000 }, "not its reporters' median 570000"},
		{"used action twice", func(g *types.GenesisState) { g.UsedActions[1].ActionId = "fb-1" }, "used action id \"fb-1\" twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := validGenesis()
			tc.mut(&g)
			err := g.Validate()
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.expErrMsg)
		})
	}
}
