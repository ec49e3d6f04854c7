package keeper_test

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

// grantReporters grants the reporter role to n fresh accounts.
func (s *KeeperTestSuite) grantReporters(n int) []sdk.AccAddress {
	s.T().Helper()
	out := make([]sdk.AccAddress, n)
	for i := range out {
		b := make([]byte, 20)
		copy(b, "reporter-")
		b[19] = byte('a' + i)
		out[i] = b
		_, err := s.ms.GrantRole(s.ctx, &types.MsgGrantRole{Authority: s.authority, Role: types.RoleReporter, Address: s.str(out[i])})
		s.Require().NoError(err)
	}
	return out
}

func (s *KeeperTestSuite) feedbackBy(r sdk.AccAddress, id string, score uint64) (*types.MsgSubmitFeedbackResponse, error) {
	return s.ms.SubmitFeedback(s.ctx, &types.MsgSubmitFeedback{
		Reporter: s.str(r), NodeId: id, Model: "quality", Score: score, EvidenceHash: evidence,
	})
}

// TestReputationResistsOneReporter: three honest reporters rate a node
// highly; a fourth says 0 as often as its rate limit allows, window after
// window. The node's reputation is the median of the reporters' EWMAs and
// stays within the honest reporters' range, while with the old rule (one
// EWMA fed by every feedback) it would have sunk to 0.
func (s *KeeperTestSuite) TestReputationResistsOneReporter() {
	s.setParams(func(p *types.Params) { p.FeedbackWindowBlocks, p.MaxFeedbackPerWindow = 10, 5 })
	s.register("emp-1", types.NodeTypeEmployee, s.bob)
	s.consent("emp-1", s.bob, true, true, false)
	rs := s.grantReporters(4)
	honest, rogue := rs[:3], rs[3]

	for _, r := range honest {
		for i := 0; i < 5; i++ {
			_, err := s.feedbackBy(r, "emp-1", 900_000)
			s.Require().NoError(err)
		}
	}
	n, err := s.k.GetNode(s.ctx, "emp-1")
	s.Require().NoError(err)
	honestRep := n.Reputation
	s.Require().Equal(uint32(3), n.ReporterCount)
	s.Require().Equal(uint64(768_928), honestRep) // 500k → 580k → 644k → 695.2k → 736.16k → 768.928k

	// The rogue reporter: five feedbacks of 0 per 10-block window, for 20
	// windows. Within a window the sixth is refused.
	old := n.Reputation
	for w := 0; w < 20; w++ {
		s.ctx = s.ctx.WithBlockHeight(int64(100 + 10*w))
		for i := 0; i < 5; i++ {
			res, err := s.feedbackBy(rogue, "emp-1", 0)
			s.Require().NoError(err)
			s.Require().Equal(honestRep, res.Result.ReputationAfter, "window %d feedback %d", w, i)
			old = types.NextReputation(old, 0, types.DefaultEWMAWeightBps)
		}
		s.requireRejected(types.ErrRateLimited, func() error { _, err := s.feedbackBy(rogue, "emp-1", 0); return err })
	}
	s.Require().Zero(old, "a single EWMA would have followed the rogue reporter to 0")

	// Its own EWMA did go to 0; the others hold the reputation.
	scores, err := s.qs.ReporterScores(s.ctx, &types.QueryReporterScoresRequest{NodeId: "emp-1"})
	s.Require().NoError(err)
	s.Require().Len(scores.Scores, 4)
	s.Require().Equal(honestRep, scores.Reputation)
	var rogueEWMA uint64 = 1
	for _, sc := range scores.Scores {
		if sc.Reporter == s.str(rogue) {
			rogueEWMA = sc.Ewma
			s.Require().Equal(uint64(100), sc.FeedbackCount)
		}
	}
	s.Require().Zero(rogueEWMA)

	// Two of four honest-minded reporters changing their minds do move it:
	// the median follows the majority.
	for i := 0; i < 5; i++ {
		_, err := s.feedbackBy(honest[0], "emp-1", 0)
		s.Require().NoError(err)
	}
	n, err = s.k.GetNode(s.ctx, "emp-1")
	s.Require().NoError(err)
	s.Require().Less(n.Reputation, honestRep)
	s.Require().NoError(n.Validate(types.DefaultParams()))
}

func (s *KeeperTestSuite) TestTooManyReporters() {
	s.setParams(func(p *types.Params) { p.MaxReportersPerNode = 2 })
	s.register("dev-1", types.NodeTypeDevice, s.alice)
	s.consent("dev-1", s.alice, true, true, false)
	rs := s.grantReporters(3)
	for _, r := range rs[:2] {
		_, err := s.feedbackBy(r, "dev-1", 700_000)
		s.Require().NoError(err)
	}
	s.requireRejected(types.ErrTooManyReporters, func() error { _, err := s.feedbackBy(rs[2], "dev-1", 1); return err })
	// Known reporters go on.
	_, err := s.feedbackBy(rs[0], "dev-1", 1)
	s.Require().NoError(err)

	// Deregistration removes the reporters' scores with the node.
	_, err = s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.alice), NodeId: "dev-1"})
	s.Require().NoError(err)
	it, err := s.k.ReporterScores.Iterate(s.ctx, nil)
	s.Require().NoError(err)
	s.Require().False(it.Valid(), "no reporter score left")
	s.Require().NoError(it.Close())
}

// TestAccountReputation: an account's reputation is the mean of the
// employee nodes it owns (corridors and devices do not count); without one
// it is unrated.
func (s *KeeperTestSuite) TestAccountReputation() {
	rep, n, err := s.k.AccountReputation(s.ctx, s.bob)
	s.Require().NoError(err)
	s.Require().Equal([2]uint64{0, 0}, [2]uint64{rep, n}, "unrated")

	s.register("emp-1", types.NodeTypeEmployee, s.bob)
	s.register("emp-2", types.NodeTypeEmployee, s.bob)
	s.register("dev-1", types.NodeTypeDevice, s.bob)
	for _, id := range []string{"emp-1", "emp-2", "dev-1"} {
		s.consent(id, s.bob, true, true, false)
	}
	_, err = s.feedback("emp-1", "quality", 900_000) // 580 000
	s.Require().NoError(err)
	_, err = s.feedback("dev-1", "uptime", 0) // 400 000: not counted
	s.Require().NoError(err)

	rep, n, err = s.k.AccountReputation(s.ctx, s.bob)
	s.Require().NoError(err)
	s.Require().Equal([2]uint64{(580_000 + 500_000) / 2, 2}, [2]uint64{rep, n})

	q, err := s.qs.AccountReputation(s.ctx, &types.QueryAccountReputationRequest{Address: s.str(s.bob)})
	s.Require().NoError(err)
	s.Require().Equal(types.AccountReputation{Reputation: 540_000, EmployeeNodes: 2}, q.Reputation)
	_, err = s.qs.AccountReputation(s.ctx, &types.QueryAccountReputationRequest{Address: "x"})
	s.Require().Error(err)

	// Deregistering an employee node leaves the other.
	_, err = s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.bob), NodeId: "emp-1"})
	s.Require().NoError(err)
	rep, n, err = s.k.AccountReputation(s.ctx, s.bob)
	s.Require().NoError(err)
	s.Require().Equal([2]uint64{500_000, 1}, [2]uint64{rep, n})
}

// TestReputationWorkedExample checks the README's example: one reporter's
// EWMA at 515 200 (900k, 900k, 0), a second reporter's first score 100 000
// (EWMA 420 000) gives the median 467 600, a third's 900 000 (EWMA 580 000)
// gives 515 200.
func (s *KeeperTestSuite) TestReputationWorkedExample() {
	s.register("cor-1", types.NodeTypeCorridor, s.alice)
	s.consent("cor-1", s.alice, true, true, false)
	for _, score := range []uint64{900_000, 900_000, 0} {
		_, err := s.feedback("cor-1", "flow", score)
		s.Require().NoError(err)
	}
	rs := s.grantReporters(2)
	res, err := s.feedbackBy(rs[0], "cor-1", 100_000)
	s.Require().NoError(err)
	s.Require().Equal(uint64(420_000), res.Result.ReporterEwma)
	s.Require().Equal(uint64(467_600), res.Result.ReputationAfter)
	res, err = s.feedbackBy(rs[1], "cor-1", 900_000)
	s.Require().NoError(err)
	s.Require().Equal(uint64(515_200), res.Result.ReputationAfter)
	s.Require().Equal(uint32(3), res.Result.ReporterCount)
}
