package keeper_test

import (
	"strings"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/x/mesh/types"
)

func (s *KeeperTestSuite) TestRegisterNode() {
	s.freshEvents()
	res, err := s.ms.RegisterNode(s.ctx, &types.MsgRegisterNode{
		Signer: s.str(s.registrar), Id: "cor-lagos.accra_1", Type: types.NodeTypeCorridor, Owner: s.str(s.alice), Metadata: "route",
	})
	s.Require().NoError(err)
	want := types.Node{
		Id: "cor-lagos.accra_1", Type: types.NodeTypeCorridor, Owner: s.str(s.alice), Metadata: "route",
		Reputation: types.DefaultInitialReputation, RegisteredHeight: 10, UpdatedHeight: 10,
	}
	s.Require().Equal(want, res.Node)

	got, err := s.k.GetNode(s.ctx, "cor-lagos.accra_1")
	s.Require().NoError(err)
	s.Require().Equal(want, got)

	entry := types.AuditEntry{
		NodeId: "cor-lagos.accra_1", Seq: 0, Height: 10, Actor: s.str(s.registrar),
		Action: types.AuditActionRegistered, ReputationAfter: types.DefaultInitialReputation,
	}
	s.Require().Equal([]types.AuditEntry{entry}, s.auditEntries("cor-lagos.accra_1"))
	s.Require().Equal([]any{
		types.NewEventAuditEntryAppended(entry),
		&types.EventNodeRegistered{NodeId: "cor-lagos.accra_1", Type: types.NodeTypeCorridor, Owner: s.str(s.alice), Registrar: s.str(s.registrar), Reputation: types.DefaultInitialReputation, Metadata: want.Metadata},
	}, toAny(s.events()))

	stats, err := s.k.OwnerReputation(s.ctx, s.alice)
	s.Require().NoError(err)
	s.Require().Equal(types.OwnerStats{NodeCount: 1, ReputationSum: types.DefaultInitialReputation}, stats)
}

func (s *KeeperTestSuite) TestRegisterNodeRejected() {
	s.register("dev-1", types.NodeTypeDevice, s.alice)
	s.register("dev-gone", types.NodeTypeDevice, s.alice)
	_, err := s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.alice), NodeId: "dev-gone"})
	s.Require().NoError(err)

	msg := func(mut func(*types.MsgRegisterNode)) *types.MsgRegisterNode {
		m := &types.MsgRegisterNode{Signer: s.str(s.registrar), Id: "emp-new", Type: types.NodeTypeEmployee, Owner: s.str(s.bob)}
		mut(m)
		return m
	}
	cases := []struct {
		name   string
		msg    *types.MsgRegisterNode
		expErr error
	}{
		{"id too short", msg(func(m *types.MsgRegisterNode) { m.Id = "ab" }), types.ErrInvalidNodeID},
		{"id too long", msg(func(m *types.MsgRegisterNode) { m.Id = strings.Repeat("a", 65) }), types.ErrInvalidNodeID},
		{"id upper case", msg(func(m *types.MsgRegisterNode) { m.Id = "Emp-1" }), types.ErrInvalidNodeID},
		{"id starts with a dash", msg(func(m *types.MsgRegisterNode) { m.Id = "-emp" }), types.ErrInvalidNodeID},
		{"id with a slash", msg(func(m *types.MsgRegisterNode) { m.Id = "emp/1" }), types.ErrInvalidNodeID},
		{"unspecified type", msg(func(m *types.MsgRegisterNode) { m.Type = types.NodeTypeUnspecified }), types.ErrInvalidNodeType},
		{"unknown type", msg(func(m *types.MsgRegisterNode) { m.Type = 9 }), types.ErrInvalidNodeType},
		{"metadata too long", msg(func(m *types.MsgRegisterNode) { m.Metadata = strings.Repeat("x", types.DefaultMaxMetadataBytes+1) }), types.ErrMetadataTooLong},
		{"not a registrar", msg(func(m *types.MsgRegisterNode) { m.Signer = s.str(s.carol) }), types.ErrNotRegistrar},
		{"owner without self-registration", msg(func(m *types.MsgRegisterNode) { m.Signer = s.str(s.bob) }), types.ErrNotRegistrar},
		{"duplicate id", msg(func(m *types.MsgRegisterNode) { m.Id = "dev-1" }), types.ErrDuplicateNode},
		{"id of a deregistered node", msg(func(m *types.MsgRegisterNode) { m.Id = "dev-gone" }), types.ErrDuplicateNode},
		{"bad signer address", msg(func(m *types.MsgRegisterNode) { m.Signer = "azora1bad" }), sdkerrors.ErrInvalidAddress},
		{"bad owner address", msg(func(m *types.MsgRegisterNode) { m.Owner = "" }), sdkerrors.ErrInvalidAddress},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.requireRejected(tc.expErr, func() error {
				_, err := s.ms.RegisterNode(s.ctx, tc.msg)
				return err
			})
		})
	}
}

func (s *KeeperTestSuite) TestSelfRegistration() {
	s.setParams(func(p *types.Params) { p.SelfRegistration = true })

	// The owner registers its own node without the registrar role.
	s.freshEvents()
	res, err := s.ms.RegisterNode(s.ctx, &types.MsgRegisterNode{
		Signer: s.str(s.bob), Id: "emp-bob", Type: types.NodeTypeEmployee, Owner: s.str(s.bob),
	})
	s.Require().NoError(err)
	s.Require().Equal(s.str(s.bob), res.Node.Owner)
	evs := s.events()
	s.Require().Equal(s.str(s.bob), evs[len(evs)-1].(*types.EventNodeRegistered).Registrar)

	// Not for someone else.
	s.requireRejected(types.ErrNotRegistrar, func() error {
		_, err := s.ms.RegisterNode(s.ctx, &types.MsgRegisterNode{
			Signer: s.str(s.bob), Id: "emp-alice", Type: types.NodeTypeEmployee, Owner: s.str(s.alice),
		})
		return err
	})
}

func (s *KeeperTestSuite) TestDeregisterNode() {
	s.register("dev-a", types.NodeTypeDevice, s.alice)
	s.register("dev-b", types.NodeTypeDevice, s.alice)

	// A stranger may not.
	s.requireRejected(types.ErrNotRegistrar, func() error {
		_, err := s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.carol), NodeId: "dev-a"})
		return err
	})
	s.requireRejected(types.ErrNodeNotFound, func() error {
		_, err := s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.registrar), NodeId: "dev-none"})
		return err
	})
	s.requireRejected(types.ErrInvalidNodeID, func() error {
		_, err := s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.registrar), NodeId: "X"})
		return err
	})

	// The owner may.
	s.freshEvents()
	_, err := s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.alice), NodeId: "dev-a"})
	s.Require().NoError(err)
	evs := s.events()
	s.Require().Len(evs, 2)
	s.Require().Equal(types.AuditActionDeregistered, evs[0].(*types.EventAuditEntryAppended).Entry.Action)
	s.Require().Equal(&types.EventNodeDeregistered{NodeId: "dev-a", Owner: s.str(s.alice), Signer: s.str(s.alice)}, evs[1])

	// A registrar may.
	_, err = s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.registrar), NodeId: "dev-b"})
	s.Require().NoError(err)

	// Gone from the map and the indexes; the audit log stays.
	_, err = s.k.GetNode(s.ctx, "dev-a")
	s.Require().ErrorIs(err, types.ErrNodeNotFound)
	byOwner, err := s.qs.NodesByOwner(s.ctx, &types.QueryNodesByOwnerRequest{Owner: s.str(s.alice)})
	s.Require().NoError(err)
	s.Require().Empty(byOwner.Nodes)
	byType, err := s.qs.NodesByType(s.ctx, &types.QueryNodesByTypeRequest{Type: types.NodeTypeDevice})
	s.Require().NoError(err)
	s.Require().Empty(byType.Nodes)
	log, err := s.qs.AuditLog(s.ctx, &types.QueryAuditLogRequest{NodeId: "dev-a"})
	s.Require().NoError(err)
	s.Require().Len(log.Entries, 2)
	s.Require().Equal(types.AuditCursor{NextSeq: 2, OldestSeq: 0}, log.Cursor)

	// The owner has no nodes left: its aggregate is gone.
	stats, err := s.k.OwnerReputation(s.ctx, s.alice)
	s.Require().NoError(err)
	s.Require().Equal(types.OwnerStats{}, stats)
	has, err := s.k.OwnerStats.Has(s.ctx, s.alice)
	s.Require().NoError(err)
	s.Require().False(has)
}

func (s *KeeperTestSuite) TestSetConsent() {
	s.register("emp-1", types.NodeTypeEmployee, s.alice)

	s.freshEvents()
	_, err := s.ms.SetConsent(s.ctx, &types.MsgSetConsent{
		Owner: s.str(s.alice), NodeId: "emp-1", DataSharing: true, ModelTraining: false, FederatedAnalysis: true,
	})
	s.Require().NoError(err)
	c := types.Consent{DataSharing: true, ModelTraining: false, FederatedAnalysis: true}
	n, err := s.k.GetNode(s.ctx, "emp-1")
	s.Require().NoError(err)
	s.Require().Equal(c, n.Consent)
	entry := types.AuditEntry{
		NodeId: "emp-1", Seq: 1, Height: 10, Actor: s.str(s.alice), Action: types.AuditActionConsentSet,
		ReputationBefore: types.DefaultInitialReputation, ReputationAfter: types.DefaultInitialReputation, Consent: c,
	}
	s.Require().Equal([]any{
		types.NewEventAuditEntryAppended(entry),
		&types.EventConsentSet{NodeId: "emp-1", Owner: s.str(s.alice), Consent: c},
	}, toAny(s.events()))

	// Consent can be withdrawn explicitly.
	s.consent("emp-1", s.alice, false, false, false)
	n, err = s.k.GetNode(s.ctx, "emp-1")
	s.Require().NoError(err)
	s.Require().Equal(types.Consent{}, n.Consent)

	cases := []struct {
		name   string
		msg    *types.MsgSetConsent
		expErr error
	}{
		{"non-owner", &types.MsgSetConsent{Owner: s.str(s.bob), NodeId: "emp-1", DataSharing: true}, types.ErrNotNodeOwner},
		{"registrar is not the owner", &types.MsgSetConsent{Owner: s.str(s.registrar), NodeId: "emp-1", DataSharing: true}, types.ErrNotNodeOwner},
		{"unknown node", &types.MsgSetConsent{Owner: s.str(s.alice), NodeId: "emp-none", DataSharing: true}, types.ErrNodeNotFound},
		{"bad id", &types.MsgSetConsent{Owner: s.str(s.alice), NodeId: "E", DataSharing: true}, types.ErrInvalidNodeID},
		{"bad owner address", &types.MsgSetConsent{Owner: "nope", NodeId: "emp-1"}, sdkerrors.ErrInvalidAddress},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.requireRejected(tc.expErr, func() error {
				_, err := s.ms.SetConsent(s.ctx, tc.msg)
				return err
			})
		})
	}
}

// toAny converts typed events for comparison with a []any literal.
func toAny[T any](in []T) []any {
	out := make([]any, len(in))
	for i, v := range in {
		out[i] = v
	}
	return out
}
