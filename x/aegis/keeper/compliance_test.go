package keeper_test

import (
	"errors"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/azora-os/nexus/x/aegis/keeper"
	"github.com/azora-os/nexus/x/aegis/types"
)

func bankSend(from, to byte, n int64) *banktypes.MsgSend {
	return banktypes.NewMsgSend(accAddr(from), accAddr(to), uazr(n))
}

func execAs(grantee byte, msgs ...sdk.Msg) *authz.MsgExec {
	m := authz.NewMsgExec(accAddr(grantee), msgs)
	return &m
}

// reporter is a message that reports its own transfers, as x/ledger and
// x/forge messages will.
type reporter struct {
	transfers []types.Transfer
	err       error
}

func (*reporter) Reset()         {}
func (*reporter) String() string { return "reporter" }
func (*reporter) ProtoMessage()  {}
func (r *reporter) AegisTransfers() ([]types.Transfer, error) {
	return r.transfers, r.err
}

func (s *KeeperSuite) TestEvaluate() {
	s.setBasicLimits(1000, 2500)
	s.freeze(7)
	gov := authtypes.NewModuleAddress(govtypes.ModuleName)
	proposal := func(msgs ...sdk.Msg) *govv1.MsgSubmitProposal {
		p, err := govv1.NewMsgSubmitProposal(msgs, uazr(10), acc(1), "", "t", "t", false)
		s.Require().NoError(err)
		return p
	}

	pool := authtypes.NewModuleAddress("escrow")
	govGrant, err := authz.NewMsgGrant(gov, accAddr(2), banktypes.NewSendAuthorization(uazr(1), nil), nil)
	s.Require().NoError(err)
	govAllowance, err := feegrant.NewMsgGrantAllowance(&feegrant.BasicAllowance{}, gov, accAddr(2))
	s.Require().NoError(err)

	cases := []struct {
		name    string
		facts   keeper.TxFacts
		article uint64
		rule    string
		expErr  error
	}{
		{name: "plain send", facts: keeper.TxFacts{Msgs: []sdk.Msg{bankSend(1, 2, 10)}}},
		{name: "frozen tx signer", facts: keeper.TxFacts{Msgs: []sdk.Msg{bankSend(2, 3, 1)}, Signers: [][]byte{accAddr(7)}},
			article: types.ArticleStanding, rule: types.RuleStanding, expErr: types.ErrAccountFrozen},
		{name: "frozen message signer", facts: keeper.TxFacts{Msgs: []sdk.Msg{bankSend(7, 3, 1)}},
			article: types.ArticleStanding, rule: types.RuleStanding, expErr: types.ErrAccountFrozen},
		{name: "frozen fee payer", facts: keeper.TxFacts{Msgs: []sdk.Msg{bankSend(2, 3, 1)}, FeePayer: accAddr(7)},
			article: types.ArticleStanding, rule: types.RuleStanding, expErr: types.ErrAccountFrozen},
		{name: "frozen fee granter", facts: keeper.TxFacts{Msgs: []sdk.Msg{bankSend(2, 3, 1)}, FeeGranter: accAddr(7)},
			article: types.ArticleStanding, rule: types.RuleStanding, expErr: types.ErrAccountFrozen},
		{name: "frozen recipient in a proposal", facts: keeper.TxFacts{Msgs: []sdk.Msg{proposal(banktypes.NewMsgSend(pool, accAddr(7), uazr(1)))}},
			article: types.ArticleStanding, rule: types.RuleStanding, expErr: types.ErrAccountFrozen},
		{name: "proposal paying out more than a user limit", facts: keeper.TxFacts{Msgs: []sdk.Msg{proposal(banktypes.NewMsgSend(pool, accAddr(2), uazr(1_000_000)))}}},
		// The gov module account holds the deposits of open proposals: no
		// proposal, grant or fee grant may move them (issue 14).
		{name: "proposal spending the gov account", facts: keeper.TxFacts{Msgs: []sdk.Msg{proposal(banktypes.NewMsgSend(gov, accAddr(2), uazr(1)))}},
			rule: types.RuleGovFunds, expErr: types.ErrGovFundsLocked},
		{name: "proposal depositing the gov account's funds", facts: keeper.TxFacts{Msgs: []sdk.Msg{proposal(govv1.NewMsgDeposit(gov, 1, uazr(10)))}},
			rule: types.RuleGovFunds, expErr: types.ErrGovFundsLocked},
		{name: "proposal nested in an exec spending the gov account", facts: keeper.TxFacts{Msgs: []sdk.Msg{execAs(2, proposal(bankSend(1, 2, 1), banktypes.NewMsgSend(gov, accAddr(3), uazr(1))))}},
			rule: types.RuleGovFunds, expErr: types.ErrGovFundsLocked},
		{name: "authz grant by the gov account", facts: keeper.TxFacts{Msgs: []sdk.Msg{proposal(govGrant)}},
			rule: types.RuleGovFunds, expErr: types.ErrGovFundsLocked},
		{name: "fee allowance by the gov account", facts: keeper.TxFacts{Msgs: []sdk.Msg{proposal(govAllowance)}},
			rule: types.RuleGovFunds, expErr: types.ErrGovFundsLocked},
		{name: "gov account as fee granter", facts: keeper.TxFacts{Msgs: []sdk.Msg{bankSend(2, 3, 1)}, FeeGranter: gov},
			rule: types.RuleGovFunds, expErr: types.ErrGovFundsLocked},
		{name: "deposit into the gov account", facts: keeper.TxFacts{Msgs: []sdk.Msg{govv1.NewMsgDeposit(accAddr(1), 1, uazr(10))}}},
		{name: "nested message without transfers", facts: keeper.TxFacts{Msgs: []sdk.Msg{execAs(2, &authz.MsgRevoke{Granter: acc(1), Grantee: acc(2), MsgTypeUrl: "x"})}}},
		{name: "per-tx sum across messages", facts: keeper.TxFacts{Msgs: []sdk.Msg{bankSend(1, 2, 600), execAs(3, bankSend(1, 4, 600))}},
			article: types.ArticleVelocity, rule: types.RuleVelocity, expErr: types.ErrTxLimit},
		{name: "per-tx sum per sender", facts: keeper.TxFacts{Msgs: []sdk.Msg{bankSend(1, 2, 600), bankSend(3, 4, 600)}}},
		{name: "gas to the fee collector is not counted", facts: keeper.TxFacts{Msgs: []sdk.Msg{
			banktypes.NewMsgSend(accAddr(1), authtypes.NewModuleAddress(authtypes.FeeCollectorName), uazr(5000)),
		}}},
		{name: "too deep", facts: keeper.TxFacts{Msgs: []sdk.Msg{execAs(1, execAs(1, execAs(1, execAs(1, execAs(1, bankSend(1, 2, 1))))))}},
			rule: types.RuleNesting, expErr: types.ErrMsgTooDeep},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			v, err := s.k.Evaluate(s.ctx, tc.facts)
			s.Require().NoError(err)
			if tc.expErr == nil {
				s.Require().Nil(v, "unexpected violation %v", v)
				return
			}
			s.Require().NotNil(v)
			s.Require().ErrorIs(v.Err, tc.expErr)
			s.Require().Equal(tc.article, v.ArticleID)
			s.Require().Equal(tc.rule, v.Rule)
		})
	}

	// The daily limit counts earlier usage.
	_, err = s.k.SendRestriction(s.ctx.WithTxBytes([]byte{1}), accAddr(1), accAddr(2), uazr(1000))
	s.Require().NoError(err)
	_, err = s.k.SendRestriction(s.ctx.WithTxBytes([]byte{1}), accAddr(1), accAddr(2), uazr(1000))
	s.Require().NoError(err)
	v, err := s.k.Evaluate(s.ctx, keeper.TxFacts{Msgs: []sdk.Msg{bankSend(1, 2, 501)}})
	s.Require().NoError(err)
	s.Require().ErrorIs(v.Err, types.ErrDailyLimit)
}

// Messages of other modules report their transfers through an interface or
// a registered extractor, and the per-transaction limit covers them.
func (s *KeeperSuite) TestTransferExtensionPoints() {
	s.setBasicLimits(1000, 2500)
	revokeURL := sdk.MsgTypeURL(&authz.MsgRevoke{})
	s.k.RegisterTransferExtractor(revokeURL, func(msg sdk.Msg) ([]types.Transfer, error) {
		m := msg.(*authz.MsgRevoke)
		return []types.Transfer{{From: m.Granter, To: m.Grantee, Amount: uazr(700)}}, nil
	})
	s.Require().Panics(func() {
		s.k.RegisterTransferExtractor(revokeURL, func(sdk.Msg) ([]types.Transfer, error) { return nil, nil })
	})
	s.Require().Panics(func() { s.k.RegisterTransferExtractor("/x.y.Z", nil) })

	revoke := &authz.MsgRevoke{Granter: acc(1), Grantee: acc(2), MsgTypeUrl: "/cosmos.bank.v1beta1.MsgSend"}
	v, err := s.k.Evaluate(s.ctx, keeper.TxFacts{Msgs: []sdk.Msg{revoke, bankSend(1, 3, 400)}})
	s.Require().NoError(err)
	s.Require().NotNil(v)
	s.Require().ErrorIs(v.Err, types.ErrTxLimit)

	// A reporter's own transfers come first; its errors are refusals.
	want := []types.Transfer{{From: acc(1), To: acc(2), Amount: uazr(5)}}
	got, err := s.k.TransfersOf(&reporter{transfers: want}, "/test.Reporter")
	s.Require().NoError(err)
	s.Require().Equal(want, got)
	_, err = s.k.TransfersOf(&reporter{err: errors.New("bad")}, "/test.Reporter")
	s.Require().Error(err)
	// A wrong message type behind a registered URL is an error, not a panic.
	_, err = s.k.TransfersOf(&authz.MsgRevoke{}, sdk.MsgTypeURL(&banktypes.MsgSend{}))
	s.Require().ErrorIs(err, types.ErrInvalidTransfer)
}

func (s *KeeperSuite) TestQueries() {
	s.verify(1, types.TierStandard)
	s.freeze(2)

	arts, err := s.qs.Articles(s.ctx, &types.QueryArticlesRequest{Pagination: &query.PageRequest{Limit: 3}})
	s.Require().NoError(err)
	s.Require().Len(arts.Articles, 3)
	s.Require().NotEmpty(arts.Pagination.NextKey)
	art, err := s.qs.Article(s.ctx, &types.QueryArticleRequest{Id: types.ArticleVelocity})
	s.Require().NoError(err)
	s.Require().Equal(types.RuleVelocity, art.Article.Rule.KindName())
	_, err = s.qs.Article(s.ctx, &types.QueryArticleRequest{Id: 42})
	s.Require().ErrorIs(err, types.ErrArticleNotFound)

	st, err := s.qs.Standing(s.ctx, &types.QueryStandingRequest{Address: acc(9)})
	s.Require().NoError(err)
	s.Require().Equal(types.Standing_STANDING_UNVERIFIED, st.Standing)
	s.Require().Equal(types.TierBasic, st.EffectiveTier)
	s.Require().Equal(acc(9), st.Record.Address)
	_, err = s.qs.Standing(s.ctx, &types.QueryStandingRequest{Address: "nope"})
	s.Require().Error(err)
	_, err = s.qs.Standing(s.ctx, &types.QueryStandingRequest{})
	s.Require().Error(err)

	all, err := s.qs.Standings(s.ctx, &types.QueryStandingsRequest{})
	s.Require().NoError(err)
	s.Require().Len(all.Standings, 2)

	allow, err := s.qs.RemainingAllowance(s.ctx, &types.QueryRemainingAllowanceRequest{Address: acc(1), Denom: "uazr"})
	s.Require().NoError(err)
	s.Require().True(allow.Limited)
	s.Require().Equal(types.TierStandard, allow.Tier)
	s.Require().Equal("25000000000", allow.MaxNextTx.String())
	frozen, err := s.qs.RemainingAllowance(s.ctx, &types.QueryRemainingAllowanceRequest{Address: acc(2), Denom: "uazr"})
	s.Require().NoError(err)
	s.Require().True(frozen.Remaining.IsZero())
	free, err := s.qs.RemainingAllowance(s.ctx, &types.QueryRemainingAllowanceRequest{Address: acc(1), Denom: "a/kasi"})
	s.Require().NoError(err)
	s.Require().False(free.Limited)
	_, err = s.qs.RemainingAllowance(s.ctx, &types.QueryRemainingAllowanceRequest{Address: acc(1), Denom: "!"})
	s.Require().Error(err)

	// ComplianceCheck: bad requests.
	good, err := codectypes.NewAnyWithValue(bankSend(3, 4, 1))
	s.Require().NoError(err)
	for name, req := range map[string]*types.QueryComplianceCheckRequest{
		"no messages":        {Signer: acc(3)},
		"no signer":          {Msgs: []*codectypes.Any{good}},
		"bad signer":         {Signer: "x", Msgs: []*codectypes.Any{good}},
		"bad fee granter":    {Signer: acc(3), FeeGranter: "x", Msgs: []*codectypes.Any{good}},
		"unknown type":       {Signer: acc(3), Msgs: []*codectypes.Any{{TypeUrl: "/nope.MsgX", Value: []byte{1}}}},
		"not a routable msg": {Signer: acc(3), Msgs: []*codectypes.Any{mustAnyOf(s, &types.MsgVerifyAccount{})}},
	} {
		_, err := s.qs.ComplianceCheck(s.ctx, req)
		s.Require().Error(err, name)
	}
	ok, err := s.qs.ComplianceCheck(s.ctx, &types.QueryComplianceCheckRequest{Signer: acc(3), Msgs: []*codectypes.Any{good}})
	s.Require().NoError(err)
	s.Require().True(ok.Allowed)
	no, err := s.qs.ComplianceCheck(s.ctx, &types.QueryComplianceCheckRequest{Signer: acc(3), FeeGranter: acc(2), Msgs: []*codectypes.Any{good}})
	s.Require().NoError(err)
	s.Require().False(no.Allowed)
	s.Require().Contains(no.Reason, "fee granter")
}

func mustAnyOf(s *KeeperSuite, m sdk.Msg) *codectypes.Any {
	a, err := codectypes.NewAnyWithValue(m)
	s.Require().NoError(err)
	return a
}
