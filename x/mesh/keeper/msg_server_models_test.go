package keeper_test

import (
	"cosmossdk.io/collections"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/mesh/types"
)

// TestCommitModel: a reporter commits consecutive versions of a node's
// model; each is a record (hash, window, metrics, committer, height) in
// state and in an event, the node's entry follows the latest, the audit log
// has an entry per commit, and the history keeps model_history_retention
// versions.
func (s *KeeperTestSuite) TestCommitModel() {
	s.register("cor-1", types.NodeTypeCorridor, s.alice)
	s.consent("cor-1", s.alice, true, true, false)
	s.setParams(func(p *types.Params) { p.ModelHistoryRetention = 2 })

	s.freshEvents()
	rec := s.commit("cor-1", "flow-forecast", 1, "dev-1")
	want := types.ModelRecord{
		NodeId: "cor-1", Model: "flow-forecast", Version: 1, ParamsHash: paramsHash(1), TrainStartHeight: 1, TrainEndHeight: 9,
		Metrics:   []types.ModelMetric{{Name: "mase", Value: "0.8"}, {Name: "smape", Value: "0.125"}},
		Committer: s.str(s.reporter), CommittedHeight: 10,
	}
	s.Require().Equal(want, rec)
	evs := s.events()
	s.Require().Len(evs, 2)
	entry := evs[0].(*types.EventAuditEntryAppended).Entry
	s.Require().Equal(types.AuditActionModelCommitted, entry.Action)
	s.Require().Equal("flow-forecast", entry.Model)
	s.Require().Equal(uint64(1), entry.ModelVersion)
	s.Require().Equal(paramsHash(1), entry.ParamsHash)
	s.Require().Equal(&types.EventModelCommitted{Record: want, ActionId: "dev-1"}, evs[1])

	// Versions 2 and 3: version 1 falls out of the kept history.
	s.ctx = s.ctx.WithBlockHeight(20)
	s.commit("cor-1", "flow-forecast", 2, "")
	s.commit("cor-1", "flow-forecast", 3, "")
	n, err := s.k.GetNode(s.ctx, "cor-1")
	s.Require().NoError(err)
	s.Require().Equal([]types.ModelState{{Name: "flow-forecast", Version: 3, ParamsHash: paramsHash(3), OldestVersion: 2, UpdatedHeight: 20}}, n.Models)
	s.Require().Zero(n.FeedbackCount, "a commit is not a feedback")
	s.Require().NoError(n.Validate(types.DefaultParams()))

	res, err := s.qs.ModelRecords(s.ctx, &types.QueryModelRecordsRequest{NodeId: "cor-1", Pagination: &query.PageRequest{CountTotal: true}})
	s.Require().NoError(err)
	s.Require().Len(res.Records, 2)
	s.Require().Equal([]uint64{2, 3}, []uint64{res.Records[0].Version, res.Records[1].Version})
	s.Require().Equal(uint64(2), res.Pagination.Total)
	_, err = s.qs.ModelRecord(s.ctx, &types.QueryModelRecordRequest{NodeId: "cor-1", Model: "flow-forecast", Version: 1})
	s.Require().ErrorIs(err, types.ErrModelNotFound)
	one, err := s.qs.ModelRecord(s.ctx, &types.QueryModelRecordRequest{NodeId: "cor-1", Model: "flow-forecast", Version: 3})
	s.Require().NoError(err)
	s.Require().Equal(paramsHash(3), one.Record.ParamsHash)

	// A second model; the model filter.
	s.commit("cor-1", "anomaly", 1, "")
	res, err = s.qs.ModelRecords(s.ctx, &types.QueryModelRecordsRequest{NodeId: "cor-1", Model: "anomaly"})
	s.Require().NoError(err)
	s.Require().Len(res.Records, 1)
	res, err = s.qs.ModelRecords(s.ctx, &types.QueryModelRecordsRequest{NodeId: "cor-1"})
	s.Require().NoError(err)
	s.Require().Len(res.Records, 3)
	s.Require().Equal("anomaly", res.Records[0].Model, "by model, then version")

	// The records outlive the node, like its audit log.
	_, err = s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.registrar), NodeId: "cor-1"})
	s.Require().NoError(err)
	res, err = s.qs.ModelRecords(s.ctx, &types.QueryModelRecordsRequest{NodeId: "cor-1"})
	s.Require().NoError(err)
	s.Require().Len(res.Records, 3)

	// Query bad input.
	_, err = s.qs.ModelRecords(s.ctx, &types.QueryModelRecordsRequest{NodeId: "cor-never"})
	s.Require().ErrorIs(err, types.ErrNodeNotFound)
	_, err = s.qs.ModelRecords(s.ctx, &types.QueryModelRecordsRequest{NodeId: "cor-1", Model: "Bad"})
	s.Require().ErrorIs(err, types.ErrInvalidModel)
	_, err = s.qs.ModelRecords(s.ctx, nil)
	s.Require().ErrorIs(err, sdkerrors.ErrInvalidRequest)
	_, err = s.qs.ModelRecord(s.ctx, &types.QueryModelRecordRequest{NodeId: "X", Model: "flow", Version: 1})
	s.Require().ErrorIs(err, types.ErrInvalidNodeID)
}

func (s *KeeperTestSuite) TestCommitModelRejected() {
	s.setParams(func(p *types.Params) { p.MaxModelsPerNode = 1 })
	s.register("cor-1", types.NodeTypeCorridor, s.alice)
	s.consent("cor-1", s.alice, true, true, false)
	s.register("cor-ds", types.NodeTypeCorridor, s.alice)
	s.consent("cor-ds", s.alice, true, false, true) // no model training
	s.commit("cor-1", "flow", 1, "used-1")

	msg := func(mut func(*types.MsgCommitModel)) *types.MsgCommitModel {
		m := &types.MsgCommitModel{
			Reporter: s.str(s.reporter), NodeId: "cor-1", Model: "flow", Version: 2, ParamsHash: paramsHash(2),
			TrainStartHeight: 1, TrainEndHeight: 9, Metrics: []types.ModelMetric{{Name: "smape", Value: "0.1"}},
		}
		mut(m)
		return m
	}
	cases := []struct {
		name   string
		msg    *types.MsgCommitModel
		expErr error
	}{
		{"not a reporter", msg(func(m *types.MsgCommitModel) { m.Reporter = s.str(s.bob) }), types.ErrNotReporter},
		{"bad reporter address", msg(func(m *types.MsgCommitModel) { m.Reporter = "x" }), sdkerrors.ErrInvalidAddress},
		{"unknown node", msg(func(m *types.MsgCommitModel) { m.NodeId = "cor-9" }), types.ErrNodeNotFound},
		{"no model-training consent", msg(func(m *types.MsgCommitModel) { m.NodeId = "cor-ds"; m.Version = 1 }), types.ErrConsentRequired},
		{"replayed version", msg(func(m *types.MsgCommitModel) { m.Version = 1 }), types.ErrInvalidVersion},
		{"skipped version", msg(func(m *types.MsgCommitModel) { m.Version = 3 }), types.ErrInvalidVersion},
		{"version 0", msg(func(m *types.MsgCommitModel) { m.Version = 0 }), types.ErrInvalidVersion},
		{"window after the current block", msg(func(m *types.MsgCommitModel) { m.TrainEndHeight = 11 }), types.ErrInvalidWindow},
		{"window reversed", msg(func(m *types.MsgCommitModel) { m.TrainStartHeight = 5; m.TrainEndHeight = 4 }), types.ErrInvalidWindow},
		{"window from 0", msg(func(m *types.MsgCommitModel) { m.TrainStartHeight = 0 }), types.ErrInvalidWindow},
		{"bad params hash", msg(func(m *types.MsgCommitModel) { m.ParamsHash = "abc" }), types.ErrInvalidModel},
		{"bad model name", msg(func(m *types.MsgCommitModel) { m.Model = "Flow" }), types.ErrInvalidModel},
		{"float metric", msg(func(m *types.MsgCommitModel) { m.Metrics[0].Value = "1e-4" }), types.ErrInvalidMetric},
		{"another model beyond the bound", msg(func(m *types.MsgCommitModel) { m.Model = "anomaly"; m.Version = 1 }), types.ErrTooManyModels},
		{"used action id", msg(func(m *types.MsgCommitModel) { m.ActionId = "used-1" }), types.ErrDuplicateAction},
		{"bad action id", msg(func(m *types.MsgCommitModel) { m.ActionId = "A B" }), types.ErrInvalidActionID},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.requireRejected(tc.expErr, func() error {
				_, err := s.ms.CommitModel(s.ctx, tc.msg)
				return err
			})
		})
	}
	_, err := s.ms.CommitModel(s.ctx, msg(func(m *types.MsgCommitModel) { m.Version = 3 }))
	s.Require().ErrorContains(err, "the next version of \"flow\" on \"cor-1\" is 2, not 3")
}

// TestFeedbackModelVersion: feedback names the committed version of the
// node's model that produced it; a version not committed on the node is
// refused; 0 is an uncommitted model.
func (s *KeeperTestSuite) TestFeedbackModelVersion() {
	s.register("emp-1", types.NodeTypeEmployee, s.bob)
	s.consent("emp-1", s.bob, true, true, false)
	s.commit("emp-1", "anomaly", 1, "")
	s.commit("emp-1", "anomaly", 2, "")

	fb := func(model string, v uint64) (*types.MsgSubmitFeedbackResponse, error) {
		return s.ms.SubmitFeedback(s.ctx, &types.MsgSubmitFeedback{
			Reporter: s.str(s.reporter), NodeId: "emp-1", Model: model, ModelVersion: v, Score: 100_000, EvidenceHash: evidence,
		})
	}
	res, err := fb("anomaly", 2)
	s.Require().NoError(err)
	s.Require().Equal(uint64(2), res.Result.ModelVersion)
	_, err = fb("anomaly", 1)
	s.Require().NoError(err, "an older committed version")
	_, err = fb("forge-settlement", 0)
	s.Require().NoError(err, "an uncommitted model")
	entries := s.auditEntries("emp-1")
	last := entries[len(entries)-3]
	s.Require().Equal(types.AuditActionFeedback, last.Action)
	s.Require().Equal(uint64(2), last.ModelVersion, "the audit log records the version")

	s.requireRejected(types.ErrInvalidVersion, func() error { _, err := fb("anomaly", 3); return err })
	s.requireRejected(types.ErrInvalidVersion, func() error { _, err := fb("uptime", 1); return err })

	n, err := s.k.GetNode(s.ctx, "emp-1")
	s.Require().NoError(err)
	i, found := n.FindModel("anomaly")
	s.Require().True(found)
	s.Require().Equal(uint64(2), n.Models[i].FeedbackCount)
	s.Require().Equal(uint64(2), n.Models[i].Version)
	s.Require().NoError(n.Validate(types.DefaultParams()))

	// The record key layout is (node, model, version).
	has, err := s.k.ModelRecords.Has(s.ctx, collections.Join3("emp-1", "anomaly", uint64(2)))
	s.Require().NoError(err)
	s.Require().True(has)
}

// TestReplayIsRecognisedFirst: an applied action id is reported as a
// duplicate even when the action could not be applied again for another
// reason (here: the version is no longer the next one, consent withdrawn,
// the node deregistered), so a reporter that lost its records learns it was
// applied rather than refused.
func (s *KeeperTestSuite) TestReplayIsRecognisedFirst() {
	s.analysisNodes(true, true, true)
	commit := &types.MsgCommitModel{
		Reporter: s.str(s.reporter), NodeId: "cor-1", Model: "flow-forecast", Version: 2, ParamsHash: paramsHash(2),
		TrainStartHeight: 1, TrainEndHeight: 9, ActionId: "mc-1",
	}
	_, err := s.ms.CommitModel(s.ctx, commit)
	s.Require().NoError(err)
	fb := &types.MsgSubmitFeedback{Reporter: s.str(s.reporter), NodeId: "emp-1", Model: "anomaly", ModelVersion: 1, Score: 5, EvidenceHash: evidence, ActionId: "fb-1"}
	_, err = s.ms.SubmitFeedback(s.ctx, fb)
	s.Require().NoError(err)
	an := s.analysisMsg(empIn, devIn, corIn)
	an.ActionId = "fa-1"
	_, err = s.ms.RecordAnalysis(s.ctx, an)
	s.Require().NoError(err)

	s.consent("emp-1", s.bob, false, false, false)
	_, err = s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.registrar), NodeId: "cor-1"})
	s.Require().NoError(err)
	s.requireRejected(types.ErrDuplicateAction, func() error { _, err := s.ms.CommitModel(s.ctx, commit); return err })
	s.requireRejected(types.ErrDuplicateAction, func() error { _, err := s.ms.SubmitFeedback(s.ctx, fb); return err })
	s.requireRejected(types.ErrDuplicateAction, func() error { _, err := s.ms.RecordAnalysis(s.ctx, an); return err })
}
