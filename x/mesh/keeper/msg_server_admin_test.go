package keeper_test

import (
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

func (s *KeeperTestSuite) TestGrantRevokeRole() {
	s.freshEvents()
	_, err := s.ms.GrantRole(s.ctx, &types.MsgGrantRole{Authority: s.authority, Role: types.RoleRegistrar, Address: s.str(s.carol)})
	s.Require().NoError(err)
	s.Require().Equal([]any{types.NewEventRoleGranted(types.RoleRegistrar, s.str(s.carol), s.authority)}, toAny(s.events()))
	ok, err := s.k.HasRole(s.ctx, types.RoleRegistrar, s.carol)
	s.Require().NoError(err)
	s.Require().True(ok)
	ok, err = s.k.HasRole(s.ctx, types.RoleReporter, s.carol)
	s.Require().NoError(err)
	s.Require().False(ok, "roles are separate")

	// carol can now register.
	_, err = s.ms.RegisterNode(s.ctx, &types.MsgRegisterNode{Signer: s.str(s.carol), Id: "dev-c", Type: types.NodeTypeDevice, Owner: s.str(s.alice)})
	s.Require().NoError(err)

	s.freshEvents()
	_, err = s.ms.RevokeRole(s.ctx, &types.MsgRevokeRole{Authority: s.authority, Role: types.RoleRegistrar, Address: s.str(s.carol)})
	s.Require().NoError(err)
	s.Require().Equal([]any{types.NewEventRoleRevoked(types.RoleRegistrar, s.str(s.carol), s.authority)}, toAny(s.events()))
	s.requireRejected(types.ErrNotRegistrar, func() error {
		_, err := s.ms.RegisterNode(s.ctx, &types.MsgRegisterNode{Signer: s.str(s.carol), Id: "dev-d", Type: types.NodeTypeDevice, Owner: s.str(s.alice)})
		return err
	})

	cases := []struct {
		name   string
		run    func() error
		expErr error
	}{
		{"grant by a non-authority", func() error {
			_, err := s.ms.GrantRole(s.ctx, &types.MsgGrantRole{Authority: s.str(s.registrar), Role: types.RoleReporter, Address: s.str(s.carol)})
			return err
		}, govtypes.ErrInvalidSigner},
		{"revoke by a non-authority", func() error {
			_, err := s.ms.RevokeRole(s.ctx, &types.MsgRevokeRole{Authority: s.str(s.alice), Role: types.RoleReporter, Address: s.str(s.reporter)})
			return err
		}, govtypes.ErrInvalidSigner},
		{"grant twice", func() error {
			_, err := s.ms.GrantRole(s.ctx, &types.MsgGrantRole{Authority: s.authority, Role: types.RoleReporter, Address: s.str(s.reporter)})
			return err
		}, types.ErrRoleAlreadyHeld},
		{"revoke a role not held", func() error {
			_, err := s.ms.RevokeRole(s.ctx, &types.MsgRevokeRole{Authority: s.authority, Role: types.RoleReporter, Address: s.str(s.carol)})
			return err
		}, types.ErrRoleNotHeld},
		{"grant unspecified role", func() error {
			_, err := s.ms.GrantRole(s.ctx, &types.MsgGrantRole{Authority: s.authority, Role: types.RoleUnspecified, Address: s.str(s.carol)})
			return err
		}, types.ErrInvalidRole},
		{"revoke unknown role", func() error {
			_, err := s.ms.RevokeRole(s.ctx, &types.MsgRevokeRole{Authority: s.authority, Role: 7, Address: s.str(s.carol)})
			return err
		}, types.ErrInvalidRole},
		{"grant to a bad address", func() error {
			_, err := s.ms.GrantRole(s.ctx, &types.MsgGrantRole{Authority: s.authority, Role: types.RoleReporter, Address: "bad"})
			return err
		}, sdkerrors.ErrInvalidAddress},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() { s.requireRejected(tc.expErr, tc.run) })
	}
	_, err = s.ms.GrantRole(s.ctx, &types.MsgGrantRole{Authority: s.str(s.alice), Role: types.RoleReporter, Address: s.str(s.carol)})
	s.Require().ErrorContains(err, "expected "+s.authority)
}

func (s *KeeperTestSuite) TestUpdateParams() {
	p := types.DefaultParams()
	p.SelfRegistration = true
	p.AuditRetention = 5
	s.freshEvents()
	_, err := s.ms.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: p})
	s.Require().NoError(err)
	s.Require().Equal([]any{types.NewEventParamsUpdated(s.authority, p)}, toAny(s.events()))
	got, err := s.qs.Params(s.ctx, &types.QueryParamsRequest{})
	s.Require().NoError(err)
	s.Require().Equal(p, got.Params)

	bad := p
	bad.EwmaWeightBps = 0
	s.requireRejected(types.ErrInvalidParams, func() error {
		_, err := s.ms.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: bad})
		return err
	})
	s.requireRejected(govtypes.ErrInvalidSigner, func() error {
		_, err := s.ms.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.str(s.registrar), Params: p})
		return err
	})
}
