package keeper_test

import (
	"fmt"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/x/mesh/keeper"
	"github.com/azora-os/nexus/x/mesh/types"
)

func (s *KeeperTestSuite) TestSubmitFeedback() {
	s.register("cor-1", types.NodeTypeCorridor, s.alice)
	s.consent("cor-1", s.alice, true, true, false)

	// First feedback: the worked example of the README (weight 20%).
	s.freshEvents()
	res, err := s.feedback("cor-1", "flow", 900_000)
	s.Require().NoError(err)
	want := types.FeedbackResult{NodeId: "cor-1", Model: "flow", ReputationBefore: 500_000, ReputationAfter: 580_000, ReporterEwma: 580_000, ReporterCount: 1}
	s.Require().Equal(want, res.Result)
	entry := types.AuditEntry{
		NodeId: "cor-1", Seq: 2, Height: 10, Actor: s.str(s.reporter), Action: types.AuditActionFeedback,
		ReputationBefore: 500_000, ReputationAfter: 580_000, Consent: types.Consent{DataSharing: true, ModelTraining: true},
		Model: "flow", Score: 900_000, EvidenceHash: evidence,
	}
	s.Require().Equal([]any{
		types.NewEventAuditEntryAppended(entry),
		&types.EventFeedbackSubmitted{
			NodeId: "cor-1", Reporter: s.str(s.reporter), Model: "flow", Score: 900_000,
			EvidenceHash: evidence, ReputationBefore: 500_000, ReputationAfter: 580_000, ReporterEwma: 580_000, ReporterCount: 1,
		},
	}, toAny(s.events()))

	// Second feedback on the same model counts on its entry; another model
	// gets its own entry, kept sorted by name. With one reporter the
	// reputation is that reporter's EWMA.
	s.ctx = s.ctx.WithBlockHeight(11)
	res, err = s.feedback("cor-1", "flow", 900_000)
	s.Require().NoError(err)
	s.Require().Equal(uint64(644_000), res.Result.ReputationAfter)
	res, err = s.feedback("cor-1", "anomaly", 0)
	s.Require().NoError(err)
	s.Require().Equal(uint64(515_200), res.Result.ReputationAfter)
	s.Require().Equal(uint64(515_200), res.Result.ReporterEwma)

	n, err := s.k.GetNode(s.ctx, "cor-1")
	s.Require().NoError(err)
	s.Require().Equal([]types.ModelState{
		{Name: "anomaly", FeedbackCount: 1, LastScore: 0, UpdatedHeight: 11},
		{Name: "flow", FeedbackCount: 2, LastScore: 900_000, UpdatedHeight: 11},
	}, n.Models)
	s.Require().Equal(uint32(1), n.ReporterCount)
	s.Require().Equal(uint64(515_200), n.Reputation)
	s.Require().Equal(uint64(3), n.FeedbackCount)
	s.Require().Equal(int64(11), n.UpdatedHeight)
	s.Require().NoError(n.Validate(types.DefaultParams()))

	// The owner aggregate follows the reputation.
	stats, err := s.k.OwnerReputation(s.ctx, s.alice)
	s.Require().NoError(err)
	s.Require().Equal(types.OwnerStats{NodeCount: 1, ReputationSum: 515_200}, stats)
	rep, err := s.k.NodeReputation(s.ctx, "cor-1")
	s.Require().NoError(err)
	s.Require().Equal(uint64(515_200), rep)
}

func (s *KeeperTestSuite) TestSubmitFeedbackRejected() {
	s.register("cor-ok", types.NodeTypeCorridor, s.alice)
	s.consent("cor-ok", s.alice, true, true, true)
	s.register("cor-none", types.NodeTypeCorridor, s.alice)
	s.register("cor-ds", types.NodeTypeCorridor, s.alice)
	s.consent("cor-ds", s.alice, true, false, true)
	s.register("cor-mt", types.NodeTypeCorridor, s.alice)
	s.consent("cor-mt", s.alice, false, true, true)
	s.register("cor-rep", types.NodeTypeCorridor, s.reporter) // owned by the reporter
	s.consent("cor-rep", s.reporter, true, true, true)

	msg := func(mut func(*types.MsgSubmitFeedback)) *types.MsgSubmitFeedback {
		m := &types.MsgSubmitFeedback{Reporter: s.str(s.reporter), NodeId: "cor-ok", Model: "flow", Score: 1, EvidenceHash: evidence}
		mut(m)
		return m
	}
	cases := []struct {
		name   string
		msg    *types.MsgSubmitFeedback
		expErr error
	}{
		{"score over 1000000", msg(func(m *types.MsgSubmitFeedback) { m.Score = 1_000_001 }), types.ErrScoreOutOfRange},
		{"score max uint64", msg(func(m *types.MsgSubmitFeedback) { m.Score = ^uint64(0) }), types.ErrScoreOutOfRange},
		{"non-reporter", msg(func(m *types.MsgSubmitFeedback) { m.Reporter = s.str(s.bob) }), types.ErrNotReporter},
		{"registrar is not a reporter", msg(func(m *types.MsgSubmitFeedback) { m.Reporter = s.str(s.registrar) }), types.ErrNotReporter},
		{"self-feedback by the owner", msg(func(m *types.MsgSubmitFeedback) { m.NodeId = "cor-rep" }), types.ErrSelfFeedback},
		{"unknown node", msg(func(m *types.MsgSubmitFeedback) { m.NodeId = "cor-missing" }), types.ErrNodeNotFound},
		{"bad node id", msg(func(m *types.MsgSubmitFeedback) { m.NodeId = "C" }), types.ErrInvalidNodeID},
		{"no consent", msg(func(m *types.MsgSubmitFeedback) { m.NodeId = "cor-none" }), types.ErrConsentRequired},
		{"no model-training consent", msg(func(m *types.MsgSubmitFeedback) { m.NodeId = "cor-ds" }), types.ErrConsentRequired},
		{"no data-sharing consent", msg(func(m *types.MsgSubmitFeedback) { m.NodeId = "cor-mt" }), types.ErrConsentRequired},
		{"empty model", msg(func(m *types.MsgSubmitFeedback) { m.Model = "" }), types.ErrInvalidModel},
		{"bad model", msg(func(m *types.MsgSubmitFeedback) { m.Model = "Flow Model" }), types.ErrInvalidModel},
		{"short evidence", msg(func(m *types.MsgSubmitFeedback) { m.EvidenceHash = "abcd" }), types.ErrInvalidEvidence},
		{"upper-case evidence", msg(func(m *types.MsgSubmitFeedback) { m.EvidenceHash = "AB" + evidence[2:] }), types.ErrInvalidEvidence},
		{"bad reporter address", msg(func(m *types.MsgSubmitFeedback) { m.Reporter = "x" }), sdkerrors.ErrInvalidAddress},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.requireRejected(tc.expErr, func() error {
				_, err := s.ms.SubmitFeedback(s.ctx, tc.msg)
				return err
			})
		})
	}

	// The error names the missing consents.
	_, err := s.ms.SubmitFeedback(s.ctx, msg(func(m *types.MsgSubmitFeedback) { m.NodeId = "cor-none" }))
	s.Require().ErrorContains(err, "data_sharing and model_training")

	// Revoking the reporter role stops its feedback.
	_, err = s.ms.RevokeRole(s.ctx, &types.MsgRevokeRole{Authority: s.authority, Role: types.RoleReporter, Address: s.str(s.reporter)})
	s.Require().NoError(err)
	s.requireRejected(types.ErrNotReporter, func() error {
		_, err := s.ms.SubmitFeedback(s.ctx, msg(func(*types.MsgSubmitFeedback) {}))
		return err
	})
}

func (s *KeeperTestSuite) TestTooManyModels() {
	s.setParams(func(p *types.Params) { p.MaxModelsPerNode = 2 })
	s.register("dev-1", types.NodeTypeDevice, s.alice)
	s.consent("dev-1", s.alice, true, true, false)
	for _, m := range []string{"a", "b", "a"} {
		_, err := s.feedback("dev-1", m, 10)
		s.Require().NoError(err)
	}
	s.requireRejected(types.ErrTooManyModels, func() error {
		_, err := s.feedback("dev-1", "c", 10)
		return err
	})
}

func (s *KeeperTestSuite) TestSubmitFeedbackBatch() {
	s.register("cor-1", types.NodeTypeCorridor, s.alice)
	s.register("dev-1", types.NodeTypeDevice, s.bob)
	s.consent("cor-1", s.alice, true, true, false)
	s.consent("dev-1", s.bob, true, true, false)

	s.freshEvents()
	res, err := s.ms.SubmitFeedbackBatch(s.ctx, &types.MsgSubmitFeedbackBatch{
		Reporter: s.str(s.reporter),
		Items: []types.FeedbackItem{
			{NodeId: "cor-1", Model: "flow", Score: 900_000, EvidenceHash: evidence},
			{NodeId: "dev-1", Model: "uptime", Score: 100_000, EvidenceHash: evidence},
			{NodeId: "cor-1", Model: "flow", Score: 900_000, EvidenceHash: evidence},
		},
	})
	s.Require().NoError(err)
	s.Require().Equal([]types.FeedbackResult{
		{NodeId: "cor-1", Model: "flow", ReputationBefore: 500_000, ReputationAfter: 580_000, ReporterEwma: 580_000, ReporterCount: 1},
		{NodeId: "dev-1", Model: "uptime", ReputationBefore: 500_000, ReputationAfter: 420_000, ReporterEwma: 420_000, ReporterCount: 1},
		{NodeId: "cor-1", Model: "flow", ReputationBefore: 580_000, ReputationAfter: 644_000, ReporterEwma: 644_000, ReporterCount: 1},
	}, res.Results)
	// Two events per item (audit entry + feedback), in item order, reach the
	// parent context.
	evs := s.events()
	s.Require().Len(evs, 6)
	for i := 0; i < 3; i++ {
		s.Require().IsType(&types.EventAuditEntryAppended{}, evs[2*i])
		fb := evs[2*i+1].(*types.EventFeedbackSubmitted)
		s.Require().Equal(res.Results[i].ReputationAfter, fb.ReputationAfter)
	}
}

func (s *KeeperTestSuite) TestSubmitFeedbackBatchRejected() {
	s.setParams(func(p *types.Params) { p.MaxBatchSize = 3 })
	s.register("cor-1", types.NodeTypeCorridor, s.alice)
	s.consent("cor-1", s.alice, true, true, false)
	s.register("cor-2", types.NodeTypeCorridor, s.alice) // no consent

	item := func(id string, score uint64) types.FeedbackItem {
		return types.FeedbackItem{NodeId: id, Model: "flow", Score: score, EvidenceHash: evidence}
	}
	cases := []struct {
		name   string
		items  []types.FeedbackItem
		expErr error
	}{
		{"over the bound", []types.FeedbackItem{item("cor-1", 1), item("cor-1", 2), item("cor-1", 3), item("cor-1", 4)}, types.ErrBatchTooLarge},
		{"empty", nil, types.ErrEmptyBatch},
		{"bad score in the middle", []types.FeedbackItem{item("cor-1", 1), item("cor-1", 2_000_000), item("cor-1", 3)}, types.ErrScoreOutOfRange},
		// The first item is applied in the cache context before the second
		// fails: nothing of it may remain.
		{"no consent on the second", []types.FeedbackItem{item("cor-1", 1), item("cor-2", 2)}, types.ErrConsentRequired},
		{"unknown node last", []types.FeedbackItem{item("cor-1", 1), item("cor-1", 2), item("cor-9", 3)}, types.ErrNodeNotFound},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.requireRejected(tc.expErr, func() error {
				_, err := s.ms.SubmitFeedbackBatch(s.ctx, &types.MsgSubmitFeedbackBatch{Reporter: s.str(s.reporter), Items: tc.items})
				return err
			})
		})
	}

	_, err := s.ms.SubmitFeedbackBatch(s.ctx, &types.MsgSubmitFeedbackBatch{Reporter: s.str(s.reporter), Items: []types.FeedbackItem{item("cor-1", 1), item("cor-2", 2)}})
	s.Require().ErrorContains(err, "items[1]")

	s.requireRejected(types.ErrNotReporter, func() error {
		_, err := s.ms.SubmitFeedbackBatch(s.ctx, &types.MsgSubmitFeedbackBatch{Reporter: s.str(s.bob), Items: []types.FeedbackItem{item("cor-1", 1)}})
		return err
	})
	// Exactly at the bound is fine.
	_, err = s.ms.SubmitFeedbackBatch(s.ctx, &types.MsgSubmitFeedbackBatch{
		Reporter: s.str(s.reporter), Items: []types.FeedbackItem{item("cor-1", 1), item("cor-1", 2), item("cor-1", 3)},
	})
	s.Require().NoError(err)
}

func (s *KeeperTestSuite) TestReputationConvergesOnChain() {
	s.register("emp-1", types.NodeTypeEmployee, s.alice)
	s.consent("emp-1", s.alice, true, true, false)
	var last uint64
	for i := 0; i < 200; i++ {
		// One feedback every 10 blocks stays within the rate window.
		s.ctx = s.ctx.WithBlockHeight(int64(100 + 10*i))
		res, err := s.feedback("emp-1", "quality", 1_000_000)
		s.Require().NoError(err)
		s.Require().GreaterOrEqual(res.Result.ReputationAfter, last, fmt.Sprintf("step %d went down", i))
		last = res.Result.ReputationAfter
	}
	s.Require().Equal(uint64(1_000_000), last)
}

// TestFeedbackActionID: a reporter's action id is applied once. A repeat —
// alone, inside a batch, or twice in one batch — is refused with no state
// change; another reporter may use the same id; feedback without an id is
// not deduplicated.
func (s *KeeperTestSuite) TestFeedbackActionID() {
	s.register("cor-1", types.NodeTypeCorridor, s.alice)
	s.consent("cor-1", s.alice, true, true, false)
	fb := func(actionID string) *types.MsgSubmitFeedback {
		return &types.MsgSubmitFeedback{Reporter: s.str(s.reporter), NodeId: "cor-1", Model: "flow", Score: 900_000, EvidenceHash: evidence, ActionId: actionID}
	}
	item := func(actionID string) types.FeedbackItem {
		return types.FeedbackItem{NodeId: "cor-1", Model: "flow", Score: 900_000, EvidenceHash: evidence, ActionId: actionID}
	}
	qs := keeper.NewQueryServerImpl(s.k)

	// Not used yet.
	q, err := qs.FeedbackAction(s.ctx, &types.QueryFeedbackActionRequest{Reporter: s.str(s.reporter), ActionId: "fb-1"})
	s.Require().NoError(err)
	s.Require().Equal(&types.QueryFeedbackActionResponse{}, q)

	// First use: applied, the event carries the id, the query finds it.
	s.freshEvents()
	_, err = s.ms.SubmitFeedback(s.ctx, fb("fb-1"))
	s.Require().NoError(err)
	evs := s.events()
	s.Require().Equal("fb-1", evs[len(evs)-1].(*types.EventFeedbackSubmitted).ActionId)
	q, err = qs.FeedbackAction(s.ctx, &types.QueryFeedbackActionRequest{Reporter: s.str(s.reporter), ActionId: "fb-1"})
	s.Require().NoError(err)
	s.Require().Equal(&types.QueryFeedbackActionResponse{Used: true, Height: s.ctx.BlockHeight()}, q)

	// A repeat, in a later block, is refused and names the first height.
	first := s.ctx.BlockHeight()
	s.ctx = s.ctx.WithBlockHeight(first + 5)
	s.requireRejected(types.ErrDuplicateAction, func() error {
		_, err := s.ms.SubmitFeedback(s.ctx, fb("fb-1"))
		return err
	})
	_, err = s.ms.SubmitFeedback(s.ctx, fb("fb-1"))
	s.Require().ErrorContains(err, fmt.Sprintf("already applied action \"fb-1\" at height %d", first))

	// A batch carrying the used id fails whole, naming the item.
	s.requireRejected(types.ErrDuplicateAction, func() error {
		_, err := s.ms.SubmitFeedbackBatch(s.ctx, &types.MsgSubmitFeedbackBatch{Reporter: s.str(s.reporter), Items: []types.FeedbackItem{item("fb-2"), item("fb-1")}})
		if err != nil {
			s.Require().ErrorContains(err, "items[1]")
		}
		return err
	})
	// A batch naming one new id twice fails too, and leaves the id unused.
	s.requireRejected(types.ErrDuplicateAction, func() error {
		_, err := s.ms.SubmitFeedbackBatch(s.ctx, &types.MsgSubmitFeedbackBatch{Reporter: s.str(s.reporter), Items: []types.FeedbackItem{item("fb-3"), item("fb-3")}})
		return err
	})
	q, err = qs.FeedbackAction(s.ctx, &types.QueryFeedbackActionRequest{Reporter: s.str(s.reporter), ActionId: "fb-3"})
	s.Require().NoError(err)
	s.Require().False(q.Used)

	// A malformed id is refused before anything else.
	s.requireRejected(types.ErrInvalidActionID, func() error {
		_, err := s.ms.SubmitFeedback(s.ctx, fb("FB 1"))
		return err
	})

	// Another reporter may use the same string.
	_, err = s.ms.GrantRole(s.ctx, &types.MsgGrantRole{Authority: s.authority, Role: types.RoleReporter, Address: s.str(s.carol)})
	s.Require().NoError(err)
	other := fb("fb-1")
	other.Reporter = s.str(s.carol)
	_, err = s.ms.SubmitFeedback(s.ctx, other)
	s.Require().NoError(err)

	// Without an id nothing is deduplicated.
	for i := 0; i < 2; i++ {
		_, err = s.ms.SubmitFeedback(s.ctx, fb(""))
		s.Require().NoError(err)
	}
	n, err := s.k.GetNode(s.ctx, "cor-1")
	s.Require().NoError(err)
	s.Require().Equal(uint64(4), n.FeedbackCount, "fb-1 by reporter, fb-1 by carol, two without id")

	// The query refuses bad input.
	_, err = qs.FeedbackAction(s.ctx, &types.QueryFeedbackActionRequest{Reporter: "x", ActionId: "fb-1"})
	s.Require().ErrorIs(err, sdkerrors.ErrInvalidAddress)
	_, err = qs.FeedbackAction(s.ctx, &types.QueryFeedbackActionRequest{Reporter: s.str(s.reporter), ActionId: ""})
	s.Require().ErrorIs(err, types.ErrInvalidActionID)
	_, err = qs.FeedbackAction(s.ctx, nil)
	s.Require().ErrorIs(err, sdkerrors.ErrInvalidRequest)
}
