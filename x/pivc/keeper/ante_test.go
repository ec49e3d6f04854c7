package keeper_test

import (
	"context"
	"time"

	"google.golang.org/protobuf/reflect/protoreflect"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/azora-os/nexus/x/pivc/keeper"
	"github.com/azora-os/nexus/x/pivc/types"
)

// fakeAuthz stores grants in memory for the decorator tests.
type fakeAuthz struct {
	grants map[string]authz.Authorization
}

func grantID(grantee, granter sdk.AccAddress) string { return string(grantee) + "|" + string(granter) }

func (f *fakeAuthz) GetAuthorization(_ context.Context, grantee, granter sdk.AccAddress, _ string) (authz.Authorization, *time.Time) {
	return f.grants[grantID(grantee, granter)], nil
}

func (f *fakeAuthz) SaveGrant(_ context.Context, grantee, granter sdk.AccAddress, a authz.Authorization, _ *time.Time) error {
	f.grants[grantID(grantee, granter)] = a
	return nil
}

func (f *fakeAuthz) DeleteGrant(_ context.Context, grantee, granter sdk.AccAddress, _ string) error {
	delete(f.grants, grantID(grantee, granter))
	return nil
}

// msgsTx is a tx carrying msgs, enough for the decorators.
type msgsTx struct{ msgs []sdk.Msg }

func (t msgsTx) GetMsgs() []sdk.Msg                              { return t.msgs }
func (t msgsTx) GetMsgsV2() ([]protoreflect.ProtoMessage, error) { return nil, nil }

func noopAnte(ctx sdk.Context, _ sdk.Tx, _ bool) (sdk.Context, error) { return ctx, nil }

func noopPost(ctx sdk.Context, _ sdk.Tx, _, _ bool) (sdk.Context, error) { return ctx, nil }

func (s *KeeperTestSuite) TestSendAuthorizationDecorators() {
	fa := &fakeAuthz{grants: map[string]authz.Authorization{}}
	ante := keeper.NewSendAuthorizationDecorator(s.e.k, fa)
	post := keeper.NewSendAuthorizationPostDecorator(s.e.k, fa)
	exec := func(grantee sdk.AccAddress, msgs ...sdk.Msg) *authz.MsgExec {
		m := authz.NewMsgExec(grantee, msgs)
		return &m
	}
	send := func(from sdk.AccAddress, amt int64) sdk.Msg { return banktypes.NewMsgSend(from, s.bob, coins(amt)) }
	run := func(msgs ...sdk.Msg) error {
		_, err := ante.AnteHandle(s.e.ctx, msgsTx{msgs}, false, noopAnte)
		return err
	}

	s.Run("no grant or no limit: nothing to check", func() {
		s.Require().NoError(run(exec(s.carol, send(s.alice, 1000))))
		fa.grants[grantID(s.carol, s.alice)] = authz.NewGenericAuthorization(sdk.MsgTypeURL(&banktypes.MsgSend{}))
		s.Require().NoError(run(exec(s.carol, send(s.alice, 1000))))
	})

	s.Run("a grantee's own send and a top-level send are not authz sends", func() {
		fa.grants[grantID(s.carol, s.alice)] = banktypes.NewSendAuthorization(coins(1), nil)
		s.Require().NoError(run(exec(s.carol, send(s.carol, 1000)), send(s.alice, 1000)))
	})

	s.Run("limit covers amount + PIVC", func() {
		fa.grants[grantID(s.carol, s.alice)] = banktypes.NewSendAuthorization(coins(1050), nil)
		s.Require().NoError(run(exec(s.carol, send(s.alice, 1000))))
		s.Require().ErrorIs(run(exec(s.carol, send(s.alice, 1001))), types.ErrSpendLimitExceeded)
		// A send to an exempt or module account pays no PIVC.
		s.e.setParams(s.T(), func(p *types.Params) { p.ExemptAddresses = []string{s.bob.String()} })
		s.Require().NoError(run(exec(s.carol, send(s.alice, 1050))))
		s.e.setParams(s.T(), func(p *types.Params) { p.ExemptAddresses = nil })
	})

	s.Run("a send a proposal would execute through authz is not charged now", func() {
		fa.grants[grantID(s.carol, s.alice)] = banktypes.NewSendAuthorization(coins(1), nil)
		inner, err := codectypes.NewAnyWithValue(exec(s.carol, send(s.alice, 1000)))
		s.Require().NoError(err)
		prop := &govv1.MsgSubmitProposal{Proposer: s.carol.String(), Messages: []*codectypes.Any{inner}}
		s.Require().NoError(run(prop))
		s.Require().ErrorIs(run(exec(s.carol, send(s.alice, 1000))), types.ErrSpendLimitExceeded)
	})

	s.Run("nesting beyond the bound is refused", func() {
		m := send(s.alice, 1)
		for i := 0; i < 9; i++ {
			m = exec(s.carol, m)
		}
		s.Require().ErrorIs(run(m), types.ErrNestingTooDeep)
	})

	s.Run("post takes the PIVC off the limit", func() {
		// As if authz had already taken the amount: 2000 - 1000 = 1000 left.
		fa.grants[grantID(s.carol, s.alice)] = banktypes.NewSendAuthorization(coins(1000), []sdk.AccAddress{s.bob})
		ctx := s.e.ctx.WithEventManager(sdk.NewEventManager())
		_, err := post.PostHandle(ctx, msgsTx{[]sdk.Msg{exec(s.carol, send(s.alice, 1000))}}, false, true, noopPost)
		s.Require().NoError(err)
		left := fa.grants[grantID(s.carol, s.alice)].(*banktypes.SendAuthorization)
		s.Require().Equal(coins(950), left.SpendLimit)
		s.Require().Equal([]string{s.bob.String()}, left.AllowList, "the allow list is kept")
		s.Require().Len(typedEvents(ctx.EventManager().Events(), "azora.pivc.v1.EventSendAuthorizationCharged"), 1)

		// A failed tx is not charged.
		_, err = post.PostHandle(ctx, msgsTx{[]sdk.Msg{exec(s.carol, send(s.alice, 1000))}}, false, false, noopPost)
		s.Require().NoError(err)
		s.Require().Equal(coins(950), fa.grants[grantID(s.carol, s.alice)].(*banktypes.SendAuthorization).SpendLimit)

		// A PIVC that uses the limit up exactly removes the grant.
		fa.grants[grantID(s.carol, s.alice)] = banktypes.NewSendAuthorization(coins(50), nil)
		_, err = post.PostHandle(ctx, msgsTx{[]sdk.Msg{exec(s.carol, send(s.alice, 1000))}}, false, true, noopPost)
		s.Require().NoError(err)
		s.Require().NotContains(fa.grants, grantID(s.carol, s.alice))

		// A limit that cannot take the PIVC fails the tx (and with it the send).
		fa.grants[grantID(s.carol, s.alice)] = banktypes.NewSendAuthorization(coins(49), nil)
		_, err = post.PostHandle(ctx, msgsTx{[]sdk.Msg{exec(s.carol, send(s.alice, 1000))}}, false, true, noopPost)
		s.Require().ErrorIs(err, types.ErrSpendLimitExceeded)
	})
}
