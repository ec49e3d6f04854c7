package keeper_test

import (
	"strings"

	sdkmath "cosmossdk.io/math"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

func disallowRule(urls ...string) types.Rule {
	return types.Rule{Kind: &types.Rule_MessageTypes{MessageTypes: &types.MessageTypesRule{DisallowedTypeUrls: urls}}}
}

func (s *KeeperSuite) TestUpdateParams() {
	depth := func(d uint32) types.Params {
		p := types.DefaultParams()
		p.MaxMsgDepth = d
		return p
	}
	fee := func(edit func(*types.Params)) types.Params {
		p := types.DefaultParams()
		edit(&p)
		return p
	}
	cases := []struct {
		name   string
		msg    *types.MsgUpdateParams
		expErr error
	}{
		{"authority", &types.MsgUpdateParams{Authority: s.authority, Params: depth(3)}, nil},
		{"not the authority", &types.MsgUpdateParams{Authority: s.officer, Params: depth(3)}, govtypes.ErrInvalidSigner},
		{"depth 1 would lock gov out", &types.MsgUpdateParams{Authority: s.authority, Params: depth(1)}, types.ErrInvalidParams},
		{"depth above the cap", &types.MsgUpdateParams{Authority: s.authority, Params: depth(6)}, types.ErrInvalidParams},
		{"a higher max gas price", &types.MsgUpdateParams{Authority: s.authority, Params: fee(func(p *types.Params) { p.MaxGasPrice = "0.05" })}, nil},
		{"max tx gas that locks gov out", &types.MsgUpdateParams{Authority: s.authority, Params: fee(func(p *types.Params) { p.MaxTxGas = 100_000 })}, types.ErrInvalidParams},
		{"fee params left out", &types.MsgUpdateParams{Authority: s.authority, Params: types.Params{MaxMsgDepth: 3}}, types.ErrInvalidParams},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.SetupTest()
			before := s.snapshot()
			_, err := s.ms.UpdateParams(s.fresh(), tc.msg)
			if tc.expErr != nil {
				s.Require().ErrorIs(err, tc.expErr)
				s.Require().Equal(before, s.snapshot())
				return
			}
			s.Require().NoError(err)
			s.requireEvent("azora.aegis.v1.EventParamsUpdated")
			res, err := s.qs.Params(s.ctx, &types.QueryParamsRequest{})
			s.Require().NoError(err)
			s.Require().Equal(tc.msg.Params, res.Params)
		})
	}
}

func (s *KeeperSuite) TestArticles() {
	url := "/cosmos.distribution.v1beta1.MsgFundCommunityPool"

	// Bad input changes nothing.
	bad := []struct {
		name   string
		msg    *types.MsgAddArticle
		expErr error
	}{
		{"non-authority", &types.MsgAddArticle{Authority: s.officer, Title: "t", Text: "x", Rule: disallowRule(url), Enabled: true}, govtypes.ErrInvalidSigner},
		{"second enabled standing article", &types.MsgAddArticle{Authority: s.authority, Title: "t", Text: "x", Enabled: true,
			Rule: types.Rule{Kind: &types.Rule_Standing{Standing: &types.StandingRule{}}}}, types.ErrInvalidArticle},
		{"zero limit", &types.MsgAddArticle{Authority: s.authority, Title: "t", Text: "x", Rule: types.Rule{Kind: &types.Rule_Velocity{Velocity: &types.VelocityRule{
			Tiers: []types.Tier{{Name: "basic", Limits: []types.DenomLimit{limit("uazr", 0, 1)}}},
		}}}}, types.ErrInvalidLimit},
		{"negative limit", &types.MsgAddArticle{Authority: s.authority, Title: "t", Text: "x", Rule: types.Rule{Kind: &types.Rule_Velocity{Velocity: &types.VelocityRule{
			Tiers: []types.Tier{{Name: "basic", Limits: []types.DenomLimit{limit("uazr", -1, 1)}}},
		}}}}, types.ErrInvalidLimit},
		{"protected type", &types.MsgAddArticle{Authority: s.authority, Title: "t", Text: "x", Rule: disallowRule("/azora.aegis.v1.MsgAmendArticle"), Enabled: true}, types.ErrProtectedType},
		{"no rule", &types.MsgAddArticle{Authority: s.authority, Title: "t", Text: "x"}, types.ErrInvalidArticle},
		{"long title", &types.MsgAddArticle{Authority: s.authority, Title: strings.Repeat("t", 141), Text: "x", Rule: disallowRule(url)}, types.ErrInvalidArticle},
	}
	for _, tc := range bad {
		s.Run(tc.name, func() {
			before := s.snapshot()
			_, err := s.ms.AddArticle(s.fresh(), tc.msg)
			s.Require().ErrorIs(err, tc.expErr)
			s.Require().Equal(before, s.snapshot())
		})
	}

	// Add.
	res, err := s.ms.AddArticle(s.fresh(), &types.MsgAddArticle{Authority: s.authority, Title: "No pool funding", Text: "x", Rule: disallowRule(url), Enabled: true})
	s.Require().NoError(err)
	s.Require().Equal(uint64(6), res.Id)
	s.requireEvent("azora.aegis.v1.EventArticleAdded")
	id, err := s.k.DisallowedTypes.Get(s.ctx, url)
	s.Require().NoError(err)
	s.Require().Equal(uint64(6), id)

	// Amend: unknown id, then into a pause rule.
	_, err = s.ms.AmendArticle(s.fresh(), &types.MsgAmendArticle{Authority: s.authority, Id: 99, Title: "t", Text: "x", Rule: disallowRule(url)})
	s.Require().ErrorIs(err, types.ErrArticleNotFound)
	_, err = s.ms.AmendArticle(s.fresh(), &types.MsgAmendArticle{Authority: s.officer, Id: 6, Title: "t", Text: "x", Rule: disallowRule(url)})
	s.Require().ErrorIs(err, govtypes.ErrInvalidSigner)
	_, err = s.ms.AmendArticle(s.fresh(), &types.MsgAmendArticle{Authority: s.authority, Id: 6, Title: "Pause distribution", Text: "x", Enabled: true,
		Rule: types.Rule{Kind: &types.Rule_PausedModules{PausedModules: &types.PausedModulesRule{Modules: []string{"cosmos.distribution"}}}}})
	s.Require().NoError(err)
	s.requireEvent("azora.aegis.v1.EventArticleAmended")
	has, err := s.k.DisallowedTypes.Has(s.ctx, url)
	s.Require().NoError(err)
	s.Require().False(has)
	pausedBy, err := s.k.PausedModules.Get(s.ctx, "cosmos.distribution")
	s.Require().NoError(err)
	s.Require().Equal(uint64(6), pausedBy)

	// Amending into a second enabled velocity article is refused, nothing changes.
	before := s.snapshot()
	_, err = s.ms.AmendArticle(s.fresh(), &types.MsgAmendArticle{Authority: s.authority, Id: 6, Title: "t", Text: "x", Enabled: true,
		Rule: types.Rule{Kind: &types.Rule_Velocity{Velocity: &types.VelocityRule{Tiers: []types.Tier{{Name: "aa"}}}}}})
	s.Require().ErrorIs(err, types.ErrInvalidArticle)
	s.Require().Equal(before, s.snapshot())

	// Repeal: unknown id, then the new article and the velocity article.
	_, err = s.ms.RepealArticle(s.fresh(), &types.MsgRepealArticle{Authority: s.authority, Id: 77})
	s.Require().ErrorIs(err, types.ErrArticleNotFound)
	_, err = s.ms.RepealArticle(s.fresh(), &types.MsgRepealArticle{Authority: s.officer, Id: 6})
	s.Require().ErrorIs(err, govtypes.ErrInvalidSigner)
	_, err = s.ms.RepealArticle(s.fresh(), &types.MsgRepealArticle{Authority: s.authority, Id: 6})
	s.Require().NoError(err)
	s.requireEvent("azora.aegis.v1.EventArticleRepealed")
	has, err = s.k.PausedModules.Has(s.ctx, "cosmos.distribution")
	s.Require().NoError(err)
	s.Require().False(has)
	_, err = s.ms.RepealArticle(s.fresh(), &types.MsgRepealArticle{Authority: s.authority, Id: types.ArticleVelocity})
	s.Require().NoError(err)
	s.Require().Zero(s.policy().VelocityArticleId)
	s.Require().Empty(s.policy().Tiers)

	// Ids are never reused.
	res, err = s.ms.AddArticle(s.fresh(), &types.MsgAddArticle{Authority: s.authority, Title: "t", Text: "x", Rule: disallowRule(url)})
	s.Require().NoError(err)
	s.Require().Equal(uint64(7), res.Id)
	_, err = s.k.DisallowedTypes.Get(s.ctx, url)
	s.Require().Error(err, "a disabled article has no effect")
}

func (s *KeeperSuite) TestRoles() {
	bad := []struct {
		name   string
		msg    any
		expErr error
	}{
		{"grant by non-authority", &types.MsgGrantRole{Authority: s.officer, Role: types.Role_ROLE_OFFICER, Address: acc(1)}, govtypes.ErrInvalidSigner},
		{"grant unspecified role", &types.MsgGrantRole{Authority: s.authority, Address: acc(1)}, types.ErrInvalidRole},
		{"grant held role", &types.MsgGrantRole{Authority: s.authority, Role: types.Role_ROLE_OFFICER, Address: s.officer}, types.ErrRoleAlreadyHeld},
		{"grant to bad address", &types.MsgGrantRole{Authority: s.authority, Role: types.Role_ROLE_OFFICER, Address: "azora1xyz"}, sdkerrors.ErrInvalidAddress},
		{"revoke not held", &types.MsgRevokeRole{Authority: s.authority, Role: types.Role_ROLE_ATTESTER, Address: acc(1)}, types.ErrRoleNotHeld},
		{"revoke by non-authority", &types.MsgRevokeRole{Authority: s.attester, Role: types.Role_ROLE_OFFICER, Address: s.officer}, govtypes.ErrInvalidSigner},
		{"revoke unknown role", &types.MsgRevokeRole{Authority: s.authority, Role: 5, Address: s.officer}, types.ErrInvalidRole},
	}
	for _, tc := range bad {
		s.Run(tc.name, func() {
			before := s.snapshot()
			var err error
			switch m := tc.msg.(type) {
			case *types.MsgGrantRole:
				_, err = s.ms.GrantRole(s.fresh(), m)
			case *types.MsgRevokeRole:
				_, err = s.ms.RevokeRole(s.fresh(), m)
			}
			s.Require().ErrorIs(err, tc.expErr)
			s.Require().Equal(before, s.snapshot())
		})
	}

	_, err := s.ms.GrantRole(s.fresh(), &types.MsgGrantRole{Authority: s.authority, Role: types.Role_ROLE_ATTESTER, Address: acc(1)})
	s.Require().NoError(err)
	s.requireEvent("azora.aegis.v1.EventRoleGranted")
	roles, err := s.qs.AccountRoles(s.ctx, &types.QueryAccountRolesRequest{Address: acc(1)})
	s.Require().NoError(err)
	s.Require().Equal([]types.Role{types.Role_ROLE_ATTESTER}, roles.Roles)

	list, err := s.qs.Roles(s.ctx, &types.QueryRolesRequest{Role: types.Role_ROLE_ATTESTER})
	s.Require().NoError(err)
	s.Require().Len(list.Grants, 2)
	all, err := s.qs.Roles(s.ctx, &types.QueryRolesRequest{})
	s.Require().NoError(err)
	s.Require().Len(all.Grants, 3)

	_, err = s.ms.RevokeRole(s.fresh(), &types.MsgRevokeRole{Authority: s.authority, Role: types.Role_ROLE_ATTESTER, Address: acc(1)})
	s.Require().NoError(err)
	s.requireEvent("azora.aegis.v1.EventRoleRevoked")
	roles, err = s.qs.AccountRoles(s.ctx, &types.QueryAccountRolesRequest{Address: acc(1)})
	s.Require().NoError(err)
	s.Require().Empty(roles.Roles)
}

func (s *KeeperSuite) TestVerifyAccount() {
	gov := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	escrow := authtypes.NewModuleAddress("escrow").String()
	bad := []struct {
		name   string
		msg    *types.MsgVerifyAccount
		expErr error
	}{
		{"non-attester", &types.MsgVerifyAccount{Attester: s.officer, Address: acc(1), Tier: "standard", AttestationRef: "r"}, types.ErrMissingRole},
		{"unknown tier", &types.MsgVerifyAccount{Attester: s.attester, Address: acc(1), Tier: "gold", AttestationRef: "r"}, types.ErrInvalidTier},
		{"malformed tier", &types.MsgVerifyAccount{Attester: s.attester, Address: acc(1), Tier: "Gold!", AttestationRef: "r"}, types.ErrInvalidTier},
		{"no attestation", &types.MsgVerifyAccount{Attester: s.attester, Address: acc(1), Tier: "standard"}, types.ErrInvalidAttestation},
		{"itself", &types.MsgVerifyAccount{Attester: s.attester, Address: s.attester, Tier: "standard", AttestationRef: "r"}, types.ErrInvalidStanding},
		{"itself in upper case", &types.MsgVerifyAccount{Attester: s.attester, Address: strings.ToUpper(s.attester), Tier: "standard", AttestationRef: "r"}, types.ErrInvalidStanding},
		{"the authority", &types.MsgVerifyAccount{Attester: s.attester, Address: gov, Tier: "standard", AttestationRef: "r"}, types.ErrInvalidStanding},
		{"a module account", &types.MsgVerifyAccount{Attester: s.attester, Address: escrow, Tier: "standard", AttestationRef: "r"}, types.ErrInvalidStanding},
		{"bad address", &types.MsgVerifyAccount{Attester: s.attester, Address: "azora1nope", Tier: "standard", AttestationRef: "r"}, sdkerrors.ErrInvalidAddress},
	}
	for _, tc := range bad {
		s.Run(tc.name, func() {
			before := s.snapshot()
			_, err := s.ms.VerifyAccount(s.fresh(), tc.msg)
			s.Require().ErrorIs(err, tc.expErr)
			s.Require().Equal(before, s.snapshot())
			s.Require().Empty(s.hooks.calls)
		})
	}

	s.verify(1, types.TierStandard)
	s.requireEvent("azora.aegis.v1.EventAccountVerified")
	eligible, err := s.k.IsEligible(s.ctx, accAddr(1))
	s.Require().NoError(err)
	s.Require().True(eligible)

	// The authority may act as an attester; re-verifying changes the tier.
	_, err = s.ms.VerifyAccount(s.fresh(), &types.MsgVerifyAccount{Attester: s.authority, Address: acc(1), Tier: types.TierEnhanced, AttestationRef: "gov-1"})
	s.Require().NoError(err)
	st, err := s.qs.Standing(s.ctx, &types.QueryStandingRequest{Address: acc(1)})
	s.Require().NoError(err)
	s.Require().Equal(types.TierEnhanced, st.Record.Tier)
	s.Require().Equal(s.authority, st.Record.Attester)
	s.Require().Equal(s.ctx.BlockTime(), *st.Record.VerifiedAt)
	s.Require().Equal([]string{"+" + acc(1), "+" + acc(1)}, s.hooks.calls)

	// Revoke.
	_, err = s.ms.RevokeVerification(s.fresh(), &types.MsgRevokeVerification{Attester: s.officer, Address: acc(1), Reason: "expired"})
	s.Require().ErrorIs(err, types.ErrMissingRole)
	_, err = s.ms.RevokeVerification(s.fresh(), &types.MsgRevokeVerification{Attester: s.attester, Address: acc(2), Reason: "expired"})
	s.Require().ErrorIs(err, types.ErrInvalidStanding)
	_, err = s.ms.RevokeVerification(s.fresh(), &types.MsgRevokeVerification{Attester: s.attester, Address: acc(1), Reason: "expired"})
	s.Require().NoError(err)
	s.requireEvent("azora.aegis.v1.EventVerificationRevoked")
	has, err := s.k.Standings.Has(s.ctx, accAddr(1))
	s.Require().NoError(err)
	s.Require().False(has, "an unverified, unfrozen account has no record")
	s.Require().Equal("-"+acc(1), s.hooks.calls[len(s.hooks.calls)-1])
}

func (s *KeeperSuite) TestFreezeAndUnfreeze() {
	gov := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	feeCollector := authtypes.NewModuleAddress(authtypes.FeeCollectorName).String()
	bad := []struct {
		name   string
		msg    *types.MsgFreezeAccount
		expErr error
	}{
		{"non-officer", &types.MsgFreezeAccount{Officer: s.attester, Address: acc(1), Reason: "r"}, types.ErrMissingRole},
		{"the authority", &types.MsgFreezeAccount{Officer: s.officer, Address: gov, Reason: "r"}, types.ErrInvalidStanding},
		{"the authority in upper case", &types.MsgFreezeAccount{Officer: s.officer, Address: strings.ToUpper(gov), Reason: "r"}, types.ErrInvalidStanding},
		{"a module account", &types.MsgFreezeAccount{Officer: s.officer, Address: feeCollector, Reason: "r"}, types.ErrInvalidStanding},
		{"itself", &types.MsgFreezeAccount{Officer: s.officer, Address: s.officer, Reason: "r"}, types.ErrInvalidStanding},
		{"no reason", &types.MsgFreezeAccount{Officer: s.officer, Address: acc(1), Reason: ""}, types.ErrInvalidAttestation},
		{"reason too long", &types.MsgFreezeAccount{Officer: s.officer, Address: acc(1), Reason: strings.Repeat("r", 257)}, types.ErrInvalidAttestation},
		{"bad signer", &types.MsgFreezeAccount{Officer: "azora1bad", Address: acc(1), Reason: "r"}, sdkerrors.ErrInvalidAddress},
	}
	for _, tc := range bad {
		s.Run(tc.name, func() {
			before := s.snapshot()
			_, err := s.ms.FreezeAccount(s.fresh(), tc.msg)
			s.Require().ErrorIs(err, tc.expErr)
			s.Require().Equal(before, s.snapshot())
		})
	}

	s.verify(1, types.TierStandard)
	s.hooks.calls = nil
	s.freeze(1)
	s.requireEvent("azora.aegis.v1.EventAccountFrozen")
	frozen, err := s.k.IsFrozen(s.ctx, accAddr(1))
	s.Require().NoError(err)
	s.Require().True(frozen)
	_, err = s.ms.FreezeAccount(s.fresh(), &types.MsgFreezeAccount{Officer: s.officer, Address: acc(1), Reason: "again"})
	s.Require().ErrorIs(err, types.ErrInvalidStanding)

	_, err = s.ms.UnfreezeAccount(s.fresh(), &types.MsgUnfreezeAccount{Officer: s.attester, Address: acc(1), Reason: "ok"})
	s.Require().ErrorIs(err, types.ErrMissingRole)
	_, err = s.ms.UnfreezeAccount(s.fresh(), &types.MsgUnfreezeAccount{Officer: s.officer, Address: acc(2), Reason: "ok"})
	s.Require().ErrorIs(err, types.ErrInvalidStanding)
	_, err = s.ms.UnfreezeAccount(s.fresh(), &types.MsgUnfreezeAccount{Officer: s.officer, Address: acc(1), Reason: "cleared"})
	s.Require().NoError(err)
	s.requireEvent("azora.aegis.v1.EventAccountUnfrozen")
	st, err := s.qs.Standing(s.ctx, &types.QueryStandingRequest{Address: acc(1)})
	s.Require().NoError(err)
	s.Require().Equal(types.Standing_STANDING_VERIFIED, st.Standing, "the verification comes back")
	s.Require().Equal([]string{"-" + acc(1), "+" + acc(1)}, s.hooks.calls)

	// A frozen, unverified account keeps a record; unfreezing removes it.
	s.freeze(3)
	_, err = s.ms.UnfreezeAccount(s.fresh(), &types.MsgUnfreezeAccount{Officer: s.authority, Address: acc(3), Reason: "gov"})
	s.Require().NoError(err)
	has, err := s.k.Standings.Has(s.ctx, accAddr(3))
	s.Require().NoError(err)
	s.Require().False(has)
}

func (s *KeeperSuite) TestEligibilityHooks() {
	s.Require().Panics(func() { s.k.SetEligibilityHooks(&recordingHooks{}) })

	gs := types.DefaultGenesis()
	gs.Standings = []types.AccountStanding{
		{Address: acc(1), Tier: "standard", AttestationRef: "r", Attester: s.attester},
		{Address: acc(2), Tier: "standard", AttestationRef: "r", Attester: s.attester, Frozen: true, FreezeReason: "x", FrozenBy: s.officer},
		{Address: acc(3), Frozen: true, FreezeReason: "x", FrozenBy: s.officer},
	}
	s.hooks.calls = nil
	s.Require().NoError(s.k.InitGenesis(s.ctx, gs))
	s.Require().Equal([]string{"+" + acc(1)}, s.hooks.calls, "InitGenesis tells about eligible accounts only")
	for i, want := range []bool{true, false, false} {
		got, err := s.k.IsEligible(s.ctx, accAddr(byte(i+1)))
		s.Require().NoError(err)
		s.Require().Equal(want, got)
	}
}

func limit(denom string, perTx, perDay int64) types.DenomLimit {
	return types.DenomLimit{Denom: denom, PerTx: sdkmath.NewInt(perTx), PerDay: sdkmath.NewInt(perDay)}
}
