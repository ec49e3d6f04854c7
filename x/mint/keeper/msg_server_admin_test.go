package keeper_test

import (
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/x/mint/types"
)

func (s *KeeperTestSuite) TestUpdateParams() {
	newCap := math.NewInt(5_000)

	// Arrange/Act: the authority raises... lowers the cap to 5,000 uazr.
	s.freshEvents()
	_, err := s.ms.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: types.NewParams(newCap)})

	// Assert
	s.Require().NoError(err)
	p, err := s.k.GetParams(s.ctx)
	s.Require().NoError(err)
	s.Require().Equal(newCap, p.MaxSupply)
	s.requireEvents(
		&types.EventParamsUpdated{Params: types.NewParams(newCap)},
		&types.EventMaxSupplyChanged{Denom: types.NativeDenom, PreviousMaxSupply: types.DefaultMaxSupply, MaxSupply: newCap},
	)

	// Same cap: params event only.
	s.freshEvents()
	_, err = s.ms.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: types.NewParams(newCap)})
	s.Require().NoError(err)
	s.requireEvents(&types.EventParamsUpdated{Params: types.NewParams(newCap)})

	// The cap may equal the supply (1,000 uazr at genesis).
	_, err = s.ms.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: types.NewParams(math.NewInt(1_000))})
	s.Require().NoError(err)

	cases := []struct {
		name   string
		msg    *types.MsgUpdateParams
		expErr error
	}{
		{"not the authority", &types.MsgUpdateParams{Authority: s.str(s.alice), Params: types.DefaultParams()}, govtypes.ErrInvalidSigner},
		{"zero cap", &types.MsgUpdateParams{Authority: s.authority, Params: types.NewParams(math.ZeroInt())}, types.ErrInvalidParams},
		{"nil cap", &types.MsgUpdateParams{Authority: s.authority}, types.ErrInvalidParams},
		{"cap below supply", &types.MsgUpdateParams{Authority: s.authority, Params: types.NewParams(math.NewInt(999))}, types.ErrMaxSupplyBelowSupply},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.freshEvents()
			before := s.snapshot()
			_, err := s.ms.UpdateParams(s.ctx, tc.msg)
			s.requireRefused(before, err, tc.expErr)
			p, err := s.k.GetParams(s.ctx)
			s.Require().NoError(err)
			s.Require().Equal(math.NewInt(1_000), p.MaxSupply, "params unchanged")
		})
	}
}

func (s *KeeperTestSuite) TestSetAndRevokeTreasurer() {
	t := s.str(s.treasurer)

	// Grant.
	s.freshEvents()
	_, err := s.ms.SetTreasurer(s.ctx, &types.MsgSetTreasurer{Authority: s.authority, Treasurer: t, Allowance: math.NewInt(500)})
	s.Require().NoError(err)
	s.requireEvents(&types.EventTreasurerGranted{Treasurer: t, Allowance: math.NewInt(500)})
	got, err := s.k.GetTreasurerAllowance(s.ctx, s.treasurer)
	s.Require().NoError(err)
	s.Require().Equal(math.NewInt(500), got)

	// Change the allowance (zero keeps the role).
	s.freshEvents()
	_, err = s.ms.SetTreasurer(s.ctx, &types.MsgSetTreasurer{Authority: s.authority, Treasurer: t, Allowance: math.ZeroInt()})
	s.Require().NoError(err)
	s.requireEvents(&types.EventTreasurerAllowanceChanged{Treasurer: t, PreviousAllowance: math.NewInt(500), Allowance: math.ZeroInt()})
	_, err = s.mint(s.treasurer, s.bob, sdk.NewInt64Coin(types.NativeDenom, 1))
	s.Require().ErrorIs(err, types.ErrExceedsAllowance)

	s.freshEvents()
	_, err = s.ms.SetTreasurer(s.ctx, &types.MsgSetTreasurer{Authority: s.authority, Treasurer: t, Allowance: math.NewInt(70)})
	s.Require().NoError(err)
	s.requireEvents(&types.EventTreasurerAllowanceChanged{Treasurer: t, PreviousAllowance: math.ZeroInt(), Allowance: math.NewInt(70)})

	// Refused grants change nothing.
	grantCases := []struct {
		name   string
		msg    *types.MsgSetTreasurer
		expErr error
	}{
		{"not the authority", &types.MsgSetTreasurer{Authority: t, Treasurer: t, Allowance: math.NewInt(1_000_000)}, govtypes.ErrInvalidSigner},
		{"bad address", &types.MsgSetTreasurer{Authority: s.authority, Treasurer: "azora1nope", Allowance: math.NewInt(1)}, sdkerrors.ErrInvalidAddress},
		{"empty address", &types.MsgSetTreasurer{Authority: s.authority, Treasurer: "", Allowance: math.NewInt(1)}, sdkerrors.ErrInvalidAddress},
		{"negative allowance", &types.MsgSetTreasurer{Authority: s.authority, Treasurer: t, Allowance: math.NewInt(-1)}, types.ErrInvalidAmount},
		{"nil allowance", &types.MsgSetTreasurer{Authority: s.authority, Treasurer: t}, types.ErrInvalidAmount},
	}
	for _, tc := range grantCases {
		s.Run(tc.name, func() {
			s.freshEvents()
			before := s.snapshot()
			_, err := s.ms.SetTreasurer(s.ctx, tc.msg)
			s.requireRefused(before, err, tc.expErr)
			got, err := s.k.GetTreasurerAllowance(s.ctx, s.treasurer)
			s.Require().NoError(err)
			s.Require().Equal(math.NewInt(70), got)
		})
	}

	// Revoke.
	s.freshEvents()
	_, err = s.ms.RevokeTreasurer(s.ctx, &types.MsgRevokeTreasurer{Authority: s.str(s.alice), Treasurer: t})
	s.Require().ErrorIs(err, govtypes.ErrInvalidSigner)
	_, err = s.ms.RevokeTreasurer(s.ctx, &types.MsgRevokeTreasurer{Authority: s.authority, Treasurer: "bad"})
	s.Require().ErrorIs(err, sdkerrors.ErrInvalidAddress)
	s.Require().Empty(s.ctx.EventManager().Events())

	_, err = s.ms.RevokeTreasurer(s.ctx, &types.MsgRevokeTreasurer{Authority: s.authority, Treasurer: t})
	s.Require().NoError(err)
	s.requireEvents(&types.EventTreasurerRevoked{Treasurer: t, UnusedAllowance: math.NewInt(70)})
	_, err = s.k.GetTreasurerAllowance(s.ctx, s.treasurer)
	s.Require().ErrorIs(err, types.ErrNotTreasurer)

	// A revoked treasurer cannot mint; revoking twice is refused.
	_, err = s.mint(s.treasurer, s.bob, sdk.NewInt64Coin(types.NativeDenom, 1))
	s.Require().ErrorIs(err, types.ErrNotTreasurer)
	s.freshEvents()
	_, err = s.ms.RevokeTreasurer(s.ctx, &types.MsgRevokeTreasurer{Authority: s.authority, Treasurer: t})
	s.Require().ErrorIs(err, types.ErrNotTreasurer)
	s.Require().Empty(s.ctx.EventManager().Events())
}

func (s *KeeperTestSuite) TestCharterAToken() {
	issuer := s.str(s.issuer)

	// Arrange/Act: charter a/kasi with the default exponent.
	s.freshEvents()
	res, err := s.ms.CharterAToken(s.ctx, &types.MsgCharterAToken{
		Authority: s.authority, Symbol: "kasi", Name: "Kasi Rand", Description: "Kasi local currency",
		Issuer: issuer, MaxSupply: math.NewInt(1_000_000),
	})

	// Assert: stored, metadata registered, event emitted.
	s.Require().NoError(err)
	s.Require().Equal("a/kasi", res.Denom)
	want := types.AToken{
		Symbol: "kasi", Name: "Kasi Rand", Description: "Kasi local currency", Exponent: 6,
		Issuer: issuer, MaxSupply: math.NewInt(1_000_000), CharteredHeight: 42,
	}
	got, err := s.k.GetAToken(s.ctx, "kasi")
	s.Require().NoError(err)
	s.Require().Equal(want, got)
	s.requireEvents(&types.EventATokenChartered{Denom: "a/kasi", AToken: want})
	md, ok := s.metadata["a/kasi"]
	s.Require().True(ok, "bank denom metadata registered")
	s.Require().NoError(md.Validate())
	s.Require().Equal("KASI", md.Symbol)
	s.Require().Equal("kasi", md.Display)
	s.Require().Equal(uint32(6), md.DenomUnits[1].Exponent)

	// An explicit exponent is kept.
	_, err = s.ms.CharterAToken(s.ctx, &types.MsgCharterAToken{
		Authority: s.authority, Symbol: "hours", Name: "Labour hours", Exponent: 2, Issuer: issuer, MaxSupply: math.NewInt(10),
	})
	s.Require().NoError(err)
	s.Require().Equal(uint32(2), s.metadata["a/hours"].DenomUnits[1].Exponent)

	// A denom bank already has (e.g. from genesis balances) is refused.
	s.supply["a/ghost"] = math.NewInt(5)

	valid := func(edit func(*types.MsgCharterAToken)) *types.MsgCharterAToken {
		m := &types.MsgCharterAToken{Authority: s.authority, Symbol: "newt", Name: "New", Issuer: issuer, MaxSupply: math.NewInt(100)}
		edit(m)
		return m
	}
	cases := []struct {
		name   string
		msg    *types.MsgCharterAToken
		expErr error
	}{
		{"duplicate symbol", valid(func(m *types.MsgCharterAToken) { m.Symbol = "kasi" }), types.ErrATokenExists},
		{"denom already in bank", valid(func(m *types.MsgCharterAToken) { m.Symbol = "ghost" }), types.ErrATokenExists},
		{"reserved azr", valid(func(m *types.MsgCharterAToken) { m.Symbol = "azr" }), types.ErrReservedSymbol},
		{"reserved stake", valid(func(m *types.MsgCharterAToken) { m.Symbol = "stake" }), types.ErrReservedSymbol},
		{"reserved ustake", valid(func(m *types.MsgCharterAToken) { m.Symbol = "ustake" }), types.ErrReservedSymbol},
		{"reserved uazr", valid(func(m *types.MsgCharterAToken) { m.Symbol = "uazr" }), types.ErrReservedSymbol},
		{"upper case", valid(func(m *types.MsgCharterAToken) { m.Symbol = "Kasi" }), types.ErrInvalidSymbol},
		{"bad character", valid(func(m *types.MsgCharterAToken) { m.Symbol = "ka-si" }), types.ErrInvalidSymbol},
		{"denom instead of symbol", valid(func(m *types.MsgCharterAToken) { m.Symbol = "a/kasi" }), types.ErrInvalidSymbol},
		{"too short", valid(func(m *types.MsgCharterAToken) { m.Symbol = "ka" }), types.ErrInvalidSymbol},
		{"too long", valid(func(m *types.MsgCharterAToken) { m.Symbol = "abcdefghijklmnopq" }), types.ErrInvalidSymbol},
		{"leading digit", valid(func(m *types.MsgCharterAToken) { m.Symbol = "9lives" }), types.ErrInvalidSymbol},
		{"blank name", valid(func(m *types.MsgCharterAToken) { m.Name = " " }), types.ErrInvalidATokenInfo},
		{"exponent 19", valid(func(m *types.MsgCharterAToken) { m.Exponent = 19 }), types.ErrInvalidATokenInfo},
		{"zero cap", valid(func(m *types.MsgCharterAToken) { m.MaxSupply = math.ZeroInt() }), types.ErrInvalidAmount},
		{"negative cap", valid(func(m *types.MsgCharterAToken) { m.MaxSupply = math.NewInt(-1) }), types.ErrInvalidAmount},
		{"nil cap", valid(func(m *types.MsgCharterAToken) { m.MaxSupply = math.Int{} }), types.ErrInvalidAmount},
		{"cap above 10^36", valid(func(m *types.MsgCharterAToken) { m.MaxSupply = types.MaxSupplyCap.AddRaw(1) }), types.ErrInvalidAmount},
		{"bad issuer", valid(func(m *types.MsgCharterAToken) { m.Issuer = "cosmos1abc" }), sdkerrors.ErrInvalidAddress},
		{"not the authority", valid(func(m *types.MsgCharterAToken) { m.Authority = issuer }), govtypes.ErrInvalidSigner},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.freshEvents()
			before := s.snapshot()
			mdBefore := len(s.metadata)
			_, err := s.ms.CharterAToken(s.ctx, tc.msg)
			s.requireRefused(before, err, tc.expErr)
			s.Require().Len(s.metadata, mdBefore, "no metadata registered")
			if tc.msg.Symbol != "kasi" {
				has, err := s.k.ATokens.Has(s.ctx, tc.msg.Symbol)
				s.Require().NoError(err)
				s.Require().False(has)
			}
		})
	}
	got, err = s.k.GetAToken(s.ctx, "kasi")
	s.Require().NoError(err)
	s.Require().Equal(want, got, "the duplicate charter did not change a/kasi")

	// Payable denoms (x/forge prices): uazr and chartered a-Tokens only.
	for denom, want := range map[string]bool{
		"uazr": true, "a/kasi": true, "a/hours": true,
		"a/ghost": false, "a/newt": false, "ustake": false, "kasi": false, "": false,
	} {
		ok, err := s.k.IsPayableDenom(s.ctx, denom)
		s.Require().NoError(err)
		s.Require().Equal(want, ok, denom)
	}
}

func (s *KeeperTestSuite) TestSetATokenIssuer() {
	s.charter("kasi", s.issuer, 1_000)
	s.charter("soweto", s.issuer2, 1_000)

	s.freshEvents()
	_, err := s.ms.SetATokenIssuer(s.ctx, &types.MsgSetATokenIssuer{Authority: s.authority, Symbol: "kasi", Issuer: s.str(s.bob)})
	s.Require().NoError(err)
	s.requireEvents(&types.EventIssuerChanged{Denom: "a/kasi", PreviousIssuer: s.str(s.issuer), Issuer: s.str(s.bob)})

	// The old issuer can no longer mint; the new one can.
	_, err = s.mint(s.issuer, s.alice, sdk.NewInt64Coin("a/kasi", 1))
	s.Require().ErrorIs(err, types.ErrNotIssuer)
	_, err = s.mint(s.bob, s.alice, sdk.NewInt64Coin("a/kasi", 1))
	s.Require().NoError(err)

	cases := []struct {
		name   string
		msg    *types.MsgSetATokenIssuer
		expErr error
	}{
		{"unknown a-Token", &types.MsgSetATokenIssuer{Authority: s.authority, Symbol: "nope", Issuer: s.str(s.alice)}, types.ErrUnknownAToken},
		{"bad issuer", &types.MsgSetATokenIssuer{Authority: s.authority, Symbol: "kasi", Issuer: "azora1"}, sdkerrors.ErrInvalidAddress},
		{"not the authority", &types.MsgSetATokenIssuer{Authority: s.str(s.bob), Symbol: "kasi", Issuer: s.str(s.alice)}, govtypes.ErrInvalidSigner},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.freshEvents()
			before := s.snapshot()
			_, err := s.ms.SetATokenIssuer(s.ctx, tc.msg)
			s.requireRefused(before, err, tc.expErr)
			tok, err := s.k.GetAToken(s.ctx, "kasi")
			s.Require().NoError(err)
			s.Require().Equal(s.str(s.bob), tok.Issuer)
		})
	}
}

func (s *KeeperTestSuite) TestSetATokenMaxSupply() {
	s.charter("kasi", s.issuer, 1_000)
	_, err := s.mint(s.issuer, s.alice, sdk.NewInt64Coin("a/kasi", 400))
	s.Require().NoError(err)

	set := func(cap int64) error {
		_, err := s.ms.SetATokenMaxSupply(s.ctx, &types.MsgSetATokenMaxSupply{Authority: s.authority, Symbol: "kasi", MaxSupply: math.NewInt(cap)})
		return err
	}

	// Raise.
	s.freshEvents()
	s.Require().NoError(set(5_000))
	s.requireEvents(&types.EventMaxSupplyChanged{Denom: "a/kasi", PreviousMaxSupply: math.NewInt(1_000), MaxSupply: math.NewInt(5_000)})
	// Lower to exactly the supply: nothing more can be minted.
	s.freshEvents()
	s.Require().NoError(set(400))
	s.requireEvents(&types.EventMaxSupplyChanged{Denom: "a/kasi", PreviousMaxSupply: math.NewInt(5_000), MaxSupply: math.NewInt(400)})
	_, err = s.mint(s.issuer, s.alice, sdk.NewInt64Coin("a/kasi", 1))
	s.Require().ErrorIs(err, types.ErrExceedsMaxSupply)

	cases := []struct {
		name   string
		msg    *types.MsgSetATokenMaxSupply
		expErr error
	}{
		{"below supply", &types.MsgSetATokenMaxSupply{Authority: s.authority, Symbol: "kasi", MaxSupply: math.NewInt(399)}, types.ErrMaxSupplyBelowSupply},
		{"zero", &types.MsgSetATokenMaxSupply{Authority: s.authority, Symbol: "kasi", MaxSupply: math.ZeroInt()}, types.ErrInvalidAmount},
		{"negative", &types.MsgSetATokenMaxSupply{Authority: s.authority, Symbol: "kasi", MaxSupply: math.NewInt(-3)}, types.ErrInvalidAmount},
		{"unknown a-Token", &types.MsgSetATokenMaxSupply{Authority: s.authority, Symbol: "nope", MaxSupply: math.NewInt(10)}, types.ErrUnknownAToken},
		{"not the authority", &types.MsgSetATokenMaxSupply{Authority: s.str(s.issuer), Symbol: "kasi", MaxSupply: math.NewInt(10_000)}, govtypes.ErrInvalidSigner},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.freshEvents()
			before := s.snapshot()
			_, err := s.ms.SetATokenMaxSupply(s.ctx, tc.msg)
			s.requireRefused(before, err, tc.expErr)
			tok, err := s.k.GetAToken(s.ctx, "kasi")
			s.Require().NoError(err)
			s.Require().Equal(math.NewInt(400), tok.MaxSupply)
		})
	}
}

func (s *KeeperTestSuite) TestPauseAndResume() {
	s.charter("kasi", s.issuer, 1_000)
	_, err := s.mint(s.issuer, s.alice, sdk.NewInt64Coin("a/kasi", 100))
	s.Require().NoError(err)

	pause := &types.MsgPauseAToken{Authority: s.authority, Symbol: "kasi"}
	resume := &types.MsgResumeAToken{Authority: s.authority, Symbol: "kasi"}

	s.freshEvents()
	_, err = s.ms.PauseAToken(s.ctx, pause)
	s.Require().NoError(err)
	s.requireEvents(&types.EventMintingPaused{Denom: "a/kasi"})

	// Paused: minting refused, burning still allowed.
	s.freshEvents()
	before := s.snapshot()
	_, err = s.mint(s.issuer, s.alice, sdk.NewInt64Coin("a/kasi", 1))
	s.requireRefused(before, err, types.ErrMintingPaused)
	_, err = s.ms.Burn(s.ctx, &types.MsgBurn{Owner: s.str(s.alice), Amount: sdk.NewInt64Coin("a/kasi", 10)})
	s.Require().NoError(err)

	s.freshEvents()
	_, err = s.ms.PauseAToken(s.ctx, pause)
	s.Require().ErrorIs(err, types.ErrAlreadyPaused)
	s.Require().Empty(s.ctx.EventManager().Events())

	_, err = s.ms.ResumeAToken(s.ctx, resume)
	s.Require().NoError(err)
	s.requireEvents(&types.EventMintingResumed{Denom: "a/kasi"})
	_, err = s.mint(s.issuer, s.alice, sdk.NewInt64Coin("a/kasi", 1))
	s.Require().NoError(err)

	s.freshEvents()
	_, err = s.ms.ResumeAToken(s.ctx, resume)
	s.Require().ErrorIs(err, types.ErrNotPaused)
	s.Require().Empty(s.ctx.EventManager().Events())

	_, err = s.ms.PauseAToken(s.ctx, &types.MsgPauseAToken{Authority: s.authority, Symbol: "nope"})
	s.Require().ErrorIs(err, types.ErrUnknownAToken)
	_, err = s.ms.ResumeAToken(s.ctx, &types.MsgResumeAToken{Authority: s.authority, Symbol: "nope"})
	s.Require().ErrorIs(err, types.ErrUnknownAToken)
	_, err = s.ms.PauseAToken(s.ctx, &types.MsgPauseAToken{Authority: s.str(s.issuer), Symbol: "kasi"})
	s.Require().ErrorIs(err, govtypes.ErrInvalidSigner)
	_, err = s.ms.ResumeAToken(s.ctx, &types.MsgResumeAToken{Authority: s.str(s.issuer), Symbol: "kasi"})
	s.Require().ErrorIs(err, govtypes.ErrInvalidSigner)
	tok, err := s.k.GetAToken(s.ctx, "kasi")
	s.Require().NoError(err)
	s.Require().False(tok.MintingPaused)
}

// TestAuthorityFromConsensusParams checks that a consensus-level authority,
// when the chain sets one, replaces the keeper's (sdk.ValidateAuthority).
func (s *KeeperTestSuite) TestAuthorityFromConsensusParams() {
	other := s.str(s.bob)
	s.ctx = s.ctx.WithConsensusParams(cmtproto.ConsensusParams{Authority: &cmtproto.AuthorityParams{Authority: other}})

	_, err := s.ms.PauseAToken(s.ctx, &types.MsgPauseAToken{Authority: s.authority, Symbol: "kasi"})
	s.Require().ErrorIs(err, govtypes.ErrInvalidSigner)
	s.Require().ErrorContains(err, "expected "+other)

	_, err = s.ms.SetTreasurer(s.ctx, &types.MsgSetTreasurer{Authority: other, Treasurer: s.str(s.treasurer), Allowance: math.OneInt()})
	s.Require().NoError(err)
}
