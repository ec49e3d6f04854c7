package keeper_test

import (
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/x/mesh/types"
)

const contextHash = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"

// analysisNodes registers an employee (bob), a device (bob) and a corridor
// (alice), each with a committed model, and sets federated-analysis consent
// as given.
func (s *KeeperTestSuite) analysisNodes(emp, dev, cor bool) {
	s.T().Helper()
	for _, n := range []struct {
		id, model string
		typ       types.NodeType
		fa        bool
		metrics   []types.ModelMetric
	}{
		{"emp-1", "anomaly", types.NodeTypeEmployee, emp, nil},                                                             // quality 500 000 (no MASE)
		{"dev-1", "uptime", types.NodeTypeDevice, dev, []types.ModelMetric{{Name: "mase_ppm", Value: "0"}}},                // quality 1 000 000
		{"cor-1", "flow-forecast", types.NodeTypeCorridor, cor, []types.ModelMetric{{Name: "mase_ppm", Value: "1000000"}}}, // quality 500 000
	} {
		owner := s.bob
		if n.typ == types.NodeTypeCorridor {
			owner = s.alice
		}
		s.register(n.id, n.typ, owner)
		s.consent(n.id, owner, true, true, true)
		_, err := s.ms.CommitModel(s.ctx, &types.MsgCommitModel{
			Reporter: s.str(s.reporter), NodeId: n.id, Model: n.model, Version: 1, ParamsHash: paramsHash(1),
			TrainStartHeight: 1, TrainEndHeight: s.ctx.BlockHeight() - 1, Metrics: n.metrics,
		})
		s.Require().NoError(err)
		if !n.fa {
			s.consent(n.id, owner, true, true, false)
		}
	}
}

func (s *KeeperTestSuite) analysisMsg(inputs ...types.NodeModelScore) *types.MsgRecordAnalysis {
	return &types.MsgRecordAnalysis{
		Reporter: s.str(s.reporter), EmployeeId: "emp-1", DeviceId: "dev-1", CorridorId: "cor-1",
		ContextHash: contextHash, Inputs: inputs,
	}
}

var (
	empIn = types.NodeModelScore{NodeId: "emp-1", Model: "anomaly", ModelVersion: 1, Score: 900_000}
	devIn = types.NodeModelScore{NodeId: "dev-1", Model: "uptime", ModelVersion: 1, Score: 600_000}
	corIn = types.NodeModelScore{NodeId: "cor-1", Model: "flow-forecast", ModelVersion: 1, Score: 300_000}
)

// TestRecordAnalysis: the three consenting nodes' model scores are combined
// by the chain — weights from the type, the node's reputation and the
// model's backtest quality — and the outcome, with each input's model
// version, lands in all three audit logs.
func (s *KeeperTestSuite) TestRecordAnalysis() {
	s.analysisNodes(true, true, true)
	s.freshEvents()
	res, err := s.ms.RecordAnalysis(s.ctx, s.analysisMsg(empIn, devIn, corIn))
	s.Require().NoError(err)
	// weights: 3000×500000×500000/10^6 = 7.5·10^8, 3000×500000×10^6/10^6 =
	// 1.5·10^9, 4000×500000×500000/10^6 = 10^9; score = (7.5·10^8×900000 +
	// 1.5·10^9×600000 + 10^9×300000) / 3.25·10^9 = 576923
	want := types.AnalysisOutcome{
		Score: 576_923, TotalWeight: 3_250_000_000, ContextHash: contextHash,
		Inputs: []types.WeightedScore{
			{NodeId: "emp-1", Type: types.NodeTypeEmployee, Model: "anomaly", ModelVersion: 1, Score: 900_000, TypeWeightBps: 3_000, Reputation: 500_000, Quality: 500_000, Weight: 750_000_000},
			{NodeId: "dev-1", Type: types.NodeTypeDevice, Model: "uptime", ModelVersion: 1, Score: 600_000, TypeWeightBps: 3_000, Reputation: 500_000, Quality: 1_000_000, Weight: 1_500_000_000},
			{NodeId: "cor-1", Type: types.NodeTypeCorridor, Model: "flow-forecast", ModelVersion: 1, Score: 300_000, TypeWeightBps: 4_000, Reputation: 500_000, Quality: 500_000, Weight: 1_000_000_000},
		},
	}
	s.Require().Equal(want, res.Outcome)
	for _, id := range []string{"emp-1", "dev-1", "cor-1"} {
		es := s.auditEntries(id)
		last := es[len(es)-1]
		s.Require().Equal(types.AuditActionAnalysisRecorded, last.Action, id)
		s.Require().Equal(&want, last.Analysis, id)
		s.Require().NoError(last.Validate())
	}
	evs := s.events()
	ev := evs[len(evs)-1].(*types.EventAnalysisRecorded)
	s.Require().Empty(ev.Outcome.Excluded) // [] after the event's JSON round trip
	ev.Outcome.Excluded = nil
	s.Require().Equal(&types.EventAnalysisRecorded{
		Reporter: s.str(s.reporter), EmployeeId: "emp-1", DeviceId: "dev-1", CorridorId: "cor-1", Outcome: want,
	}, ev)

	// Fewer slots renormalise: employee and corridor only.
	m := s.analysisMsg(empIn, corIn)
	m.DeviceId = ""
	res, err = s.ms.RecordAnalysis(s.ctx, m)
	s.Require().NoError(err)
	s.Require().Equal(uint64((750_000_000*900_000+1_000_000_000*300_000)/1_750_000_000), res.Outcome.Score)
	s.Require().Equal(uint64(1_750_000_000), res.Outcome.TotalWeight)

	// The reputation is read now: feedback that moves the corridor's moves
	// its weight in the next analysis.
	_, err = s.feedback("cor-1", "quality", 1_000_000) // 500 000 → 600 000
	s.Require().NoError(err)
	res, err = s.ms.RecordAnalysis(s.ctx, s.analysisMsg(empIn, devIn, corIn))
	s.Require().NoError(err)
	s.Require().Equal(uint64(600_000), res.Outcome.Inputs[2].Reputation)
	s.Require().Equal(uint64(1_200_000_000), res.Outcome.Inputs[2].Weight)
}

// TestRecordAnalysisConsent: a named node without federated-analysis
// consent is neither read nor written — its audit log is untouched and the
// outcome names it as excluded — and an input for it is refused.
func (s *KeeperTestSuite) TestRecordAnalysisConsent() {
	s.analysisNodes(true, false, true)
	before := s.auditEntries("dev-1")

	res, err := s.ms.RecordAnalysis(s.ctx, s.analysisMsg(empIn, corIn))
	s.Require().NoError(err)
	s.Require().Equal([]types.ExcludedNode{{NodeId: "dev-1", Type: types.NodeTypeDevice, Reason: types.ExclusionReasonNoConsent}}, res.Outcome.Excluded)
	s.Require().Len(res.Outcome.Inputs, 2)
	s.Require().Equal(uint64((750_000_000*900_000+1_000_000_000*300_000)/1_750_000_000), res.Outcome.Score)
	s.Require().Equal(before, s.auditEntries("dev-1"), "the non-consenting node's log is untouched")
	s.Require().Equal(types.AuditActionAnalysisRecorded, s.auditEntries("cor-1")[len(s.auditEntries("cor-1"))-1].Action)

	// An input for it is refused: the reporter read a model it may not.
	s.requireRejected(types.ErrConsentRequired, func() error {
		_, err := s.ms.RecordAnalysis(s.ctx, s.analysisMsg(empIn, devIn, corIn))
		return err
	})

	// A consenting node without an input is left out too, and says why.
	res, err = s.ms.RecordAnalysis(s.ctx, s.analysisMsg(corIn))
	s.Require().NoError(err)
	s.Require().Equal([]types.ExcludedNode{
		{NodeId: "emp-1", Type: types.NodeTypeEmployee, Reason: types.ExclusionReasonNoInput},
		{NodeId: "dev-1", Type: types.NodeTypeDevice, Reason: types.ExclusionReasonNoConsent},
	}, res.Outcome.Excluded)
	s.Require().Equal(uint64(300_000), res.Outcome.Score)
}

func (s *KeeperTestSuite) TestRecordAnalysisRejected() {
	s.analysisNodes(true, true, false)
	_, err := s.ms.RecordAnalysis(s.ctx, &types.MsgRecordAnalysis{
		Reporter: s.str(s.reporter), CorridorId: "cor-1", EmployeeId: "emp-1", ContextHash: contextHash, Inputs: []types.NodeModelScore{empIn}, ActionId: "fa-1",
	})
	s.Require().NoError(err)

	with := func(mut func(*types.MsgRecordAnalysis)) *types.MsgRecordAnalysis {
		m := s.analysisMsg(empIn, devIn)
		mut(m)
		return m
	}
	cases := []struct {
		name   string
		msg    *types.MsgRecordAnalysis
		expErr error
	}{
		{"not a reporter", with(func(m *types.MsgRecordAnalysis) { m.Reporter = s.str(s.alice) }), types.ErrNotReporter},
		{"bad reporter", with(func(m *types.MsgRecordAnalysis) { m.Reporter = "x" }), sdkerrors.ErrInvalidAddress},
		{"no node named", with(func(m *types.MsgRecordAnalysis) { m.EmployeeId, m.DeviceId, m.CorridorId, m.Inputs = "", "", "", nil }), types.ErrNoAnalysisInput},
		{"no input for a consenting node", with(func(m *types.MsgRecordAnalysis) { m.Inputs = nil }), types.ErrNoAnalysisInput},
		{"bad context hash", with(func(m *types.MsgRecordAnalysis) { m.ContextHash = "00" }), types.ErrInvalidAnalysis},
		{"input for an unnamed node", with(func(m *types.MsgRecordAnalysis) { m.DeviceId = ""; m.CorridorId = "" }), types.ErrInvalidAnalysis},
		{"two inputs for one node", with(func(m *types.MsgRecordAnalysis) { m.Inputs = []types.NodeModelScore{empIn, empIn} }), types.ErrInvalidAnalysis},
		{"more inputs than nodes", with(func(m *types.MsgRecordAnalysis) { m.Inputs = []types.NodeModelScore{empIn, devIn, corIn, empIn} }), types.ErrInvalidAnalysis},
		{"uncommitted version", with(func(m *types.MsgRecordAnalysis) { m.Inputs[0].ModelVersion = 2 }), types.ErrInvalidVersion},
		{"version 0", with(func(m *types.MsgRecordAnalysis) { m.Inputs[0].ModelVersion = 0 }), types.ErrInvalidAnalysis},
		{"unknown model", with(func(m *types.MsgRecordAnalysis) { m.Inputs[0].Model = "quality" }), types.ErrInvalidVersion},
		{"score out of range", with(func(m *types.MsgRecordAnalysis) { m.Inputs[0].Score = 1_000_001 }), types.ErrInvalidAnalysis},
		{"node in the wrong slot", with(func(m *types.MsgRecordAnalysis) { m.EmployeeId = "dev-1"; m.DeviceId = "emp-1" }), types.ErrNodeTypeMismatch},
		{"unknown node", with(func(m *types.MsgRecordAnalysis) { m.CorridorId = "cor-9" }), types.ErrNodeNotFound},
		{"used action id", with(func(m *types.MsgRecordAnalysis) { m.ActionId = "fa-1" }), types.ErrDuplicateAction},
		{"bad action id", with(func(m *types.MsgRecordAnalysis) { m.ActionId = "-x" }), types.ErrInvalidActionID},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.requireRejected(tc.expErr, func() error {
				_, err := s.ms.RecordAnalysis(s.ctx, tc.msg)
				return err
			})
		})
	}
}
