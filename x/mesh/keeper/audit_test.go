package keeper_test

import (
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/mesh/types"
)

// TestAuditLogBound: state keeps the last audit_retention entries per node,
// the events carry every entry.
func (s *KeeperTestSuite) TestAuditLogBound() {
	s.setParams(func(p *types.Params) { p.AuditRetention = 3 })
	s.register("cor-1", types.NodeTypeCorridor, s.alice) // seq 0
	s.register("cor-2", types.NodeTypeCorridor, s.alice) // another node's log is separate
	s.consent("cor-1", s.alice, true, true, false)       // seq 1

	s.freshEvents()
	for i := uint64(0); i < 8; i++ { // seq 2..9
		s.ctx = s.ctx.WithBlockHeight(int64(20 + i))
		_, err := s.feedback("cor-1", "flow", i*100_000)
		s.Require().NoError(err)
	}

	// State: exactly the last three, in order.
	entries := s.auditEntries("cor-1")
	s.Require().Len(entries, 3)
	for i, e := range entries {
		s.Require().Equal(uint64(7+i), e.Seq)
		s.Require().Equal(int64(25+i), e.Height)
		s.Require().Equal(s.str(s.reporter), e.Actor)
		s.Require().Equal(types.AuditActionFeedback, e.Action)
	}
	cur, err := s.k.AuditCursors.Get(s.ctx, "cor-1")
	s.Require().NoError(err)
	s.Require().Equal(types.AuditCursor{NextSeq: 10, OldestSeq: 7}, cur)

	// Events: all eight feedback entries, seq 2..9.
	var seqs []uint64
	for _, ev := range s.events() {
		if a, ok := ev.(*types.EventAuditEntryAppended); ok {
			seqs = append(seqs, a.Entry.Seq)
		}
	}
	s.Require().Equal([]uint64{2, 3, 4, 5, 6, 7, 8, 9}, seqs)

	// cor-2 untouched.
	s.Require().Len(s.auditEntries("cor-2"), 1)

	// The query pages through what state keeps.
	page1, err := s.qs.AuditLog(s.ctx, &types.QueryAuditLogRequest{NodeId: "cor-1", Pagination: &query.PageRequest{Limit: 2, CountTotal: true}})
	s.Require().NoError(err)
	s.Require().Len(page1.Entries, 2)
	s.Require().Equal(uint64(3), page1.Pagination.Total)
	s.Require().Equal(cur, page1.Cursor)
	page2, err := s.qs.AuditLog(s.ctx, &types.QueryAuditLogRequest{NodeId: "cor-1", Pagination: &query.PageRequest{Key: page1.Pagination.NextKey}})
	s.Require().NoError(err)
	s.Require().Len(page2.Entries, 1)
	s.Require().Equal(uint64(9), page2.Entries[0].Seq)
}

// TestAuditLogShrinksAfterRetentionLowered: each write removes up to two old
// entries until the log fits the new bound.
func (s *KeeperTestSuite) TestAuditLogShrinksAfterRetentionLowered() {
	s.setParams(func(p *types.Params) { p.AuditRetention = 6 })
	s.register("emp-1", types.NodeTypeEmployee, s.alice)
	s.consent("emp-1", s.alice, true, true, false)
	for i := 0; i < 4; i++ {
		_, err := s.feedback("emp-1", "m", 1)
		s.Require().NoError(err)
	}
	s.Require().Len(s.auditEntries("emp-1"), 6)

	s.setParams(func(p *types.Params) { p.AuditRetention = 2 })
	wantLens := []int{5, 4, 3, 2, 2, 2}
	for i, want := range wantLens {
		_, err := s.feedback("emp-1", "m", 1)
		s.Require().NoError(err)
		entries := s.auditEntries("emp-1")
		s.Require().Len(entries, want, "after write %d", i)
		cur, err := s.k.AuditCursors.Get(s.ctx, "emp-1")
		s.Require().NoError(err)
		s.Require().Equal(cur.NextSeq-cur.OldestSeq, uint64(want))
		s.Require().Equal(cur.OldestSeq, entries[0].Seq)
		s.Require().Equal(cur.NextSeq-1, entries[len(entries)-1].Seq)
	}
}

func (s *KeeperTestSuite) TestAuditLogQueryErrors() {
	_, err := s.qs.AuditLog(s.ctx, &types.QueryAuditLogRequest{NodeId: "never-registered"})
	s.Require().ErrorIs(err, types.ErrNodeNotFound)
	_, err = s.qs.AuditLog(s.ctx, &types.QueryAuditLogRequest{NodeId: "NO"})
	s.Require().ErrorIs(err, types.ErrInvalidNodeID)
}
