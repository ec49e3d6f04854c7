package keeper_test

import (
	"math/big"

	"cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/x/mint/types"
)

// maxInt256 is the largest math.Int, 2^256 - 1.
func maxInt256() math.Int {
	return math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
}

func (s *KeeperTestSuite) TestMintAZR() {
	s.grantTreasurer(s.treasurer, 10_000)

	// Arrange/Act: the treasurer mints 2,500 uazr to bob.
	s.freshEvents()
	res, err := s.mint(s.treasurer, s.bob, sdk.NewInt64Coin(types.NativeDenom, 2_500))

	// Assert: bob has it, supply and allowance moved, one event.
	s.Require().NoError(err)
	s.Require().Equal(sdk.NewInt64Coin(types.NativeDenom, 3_500), res.Supply)
	s.Require().Equal(math.NewInt(2_500), s.balance(s.bob, types.NativeDenom))
	s.Require().Equal(math.NewInt(3_500), s.supplyOf(types.NativeDenom))
	left, err := s.k.GetTreasurerAllowance(s.ctx, s.treasurer)
	s.Require().NoError(err)
	s.Require().Equal(math.NewInt(7_500), left)
	s.requireEvents(&types.EventMinted{
		Minter: s.str(s.treasurer), Recipient: s.str(s.bob),
		Amount: sdk.NewInt64Coin(types.NativeDenom, 2_500), Supply: sdk.NewInt64Coin(types.NativeDenom, 3_500),
		RemainingAllowance: "7500",
	})

	// Mint up to exactly the cap.
	_, err = s.ms.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: types.NewParams(math.NewInt(5_000))})
	s.Require().NoError(err)
	_, err = s.mint(s.treasurer, s.alice, sdk.NewInt64Coin(types.NativeDenom, 1_500))
	s.Require().NoError(err)
	s.Require().Equal(math.NewInt(5_000), s.supplyOf(types.NativeDenom))

	// A second treasurer with allowance left still cannot pass the cap.
	s.grantTreasurer(s.issuer, 1_000)

	coin := func(amount int64) sdk.Coin { return sdk.NewInt64Coin(types.NativeDenom, amount) }
	cases := []struct {
		name      string
		minter    sdk.AccAddress
		recipient string
		amount    sdk.Coin
		expErr    error
	}{
		{"over the max supply", s.treasurer, s.str(s.bob), coin(1), types.ErrExceedsMaxSupply},
		{"over the max supply, other treasurer", s.issuer, s.str(s.bob), coin(1), types.ErrExceedsMaxSupply},
		{"over the allowance", s.treasurer, s.str(s.bob), coin(6_001), types.ErrExceedsAllowance},
		{"largest Int (no overflow)", s.treasurer, s.str(s.bob), sdk.Coin{Denom: types.NativeDenom, Amount: maxInt256()}, types.ErrExceedsAllowance},
		{"not a treasurer", s.alice, s.str(s.bob), coin(1), types.ErrNotTreasurer},
		{"a-Token issuer is not a treasurer", s.issuer2, s.str(s.bob), coin(1), types.ErrNotTreasurer},
		{"zero", s.treasurer, s.str(s.bob), coin(0), types.ErrInvalidAmount},
		{"negative", s.treasurer, s.str(s.bob), sdk.Coin{Denom: types.NativeDenom, Amount: math.NewInt(-1)}, types.ErrInvalidAmount},
		{"nil amount", s.treasurer, s.str(s.bob), sdk.Coin{Denom: types.NativeDenom}, types.ErrInvalidAmount},
		{"module account recipient", s.treasurer, s.str(s.poolAcc), coin(1), types.ErrModuleAccountRecipient},
		{"blocked module address", s.treasurer, s.str(s.blockedAddr), coin(1), types.ErrModuleAccountRecipient},
		{"bad recipient", s.treasurer, "azora1xyz", coin(1), sdkerrors.ErrInvalidAddress},
		{"empty recipient", s.treasurer, "", coin(1), sdkerrors.ErrInvalidAddress},
		{"ustake", s.treasurer, s.str(s.bob), sdk.NewInt64Coin(types.StakeDenom, 1), types.ErrUnsupportedDenom},
		{"other denom", s.treasurer, s.str(s.bob), sdk.NewInt64Coin("ufoo", 1), types.ErrUnsupportedDenom},
		{"ibc denom", s.treasurer, s.str(s.bob), sdk.NewInt64Coin("ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2", 1), types.ErrUnsupportedDenom},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.freshEvents()
			before := s.snapshot()
			_, err := s.ms.Mint(s.ctx, &types.MsgMint{Minter: s.str(tc.minter), Recipient: tc.recipient, Amount: tc.amount})
			s.requireRefused(before, err, tc.expErr)
			left, err := s.k.GetTreasurerAllowance(s.ctx, s.treasurer)
			s.Require().NoError(err)
			s.Require().Equal(math.NewInt(6_000), left, "allowance unchanged")
		})
	}

	// A bad minter address is refused before anything else.
	_, err = s.ms.Mint(s.ctx, &types.MsgMint{Minter: "nope", Recipient: s.str(s.bob), Amount: coin(1)})
	s.Require().ErrorIs(err, sdkerrors.ErrInvalidAddress)
}

// TestMintRefusedByBank checks that when bank refuses the recipient (a send
// restriction, such as aegis refusing a frozen account), the error reaches
// the caller and the treasurer's allowance is untouched.
func (s *KeeperTestSuite) TestMintRefusedByBank() {
	s.grantTreasurer(s.treasurer, 100)
	frozen := errors.Register("minttest", 2, "account is frozen")
	s.refuse[string(s.bob)] = frozen

	_, err := s.mint(s.treasurer, s.bob, sdk.NewInt64Coin(types.NativeDenom, 10))
	s.Require().ErrorIs(err, frozen)
	left, err := s.k.GetTreasurerAllowance(s.ctx, s.treasurer)
	s.Require().NoError(err)
	s.Require().Equal(math.NewInt(100), left)
	s.Require().True(s.balance(s.bob, types.NativeDenom).IsZero())
}

func (s *KeeperTestSuite) TestMintAToken() {
	s.charter("kasi", s.issuer, 1_000)
	s.charter("soweto", s.issuer2, 1_000)
	s.grantTreasurer(s.treasurer, 1_000_000)

	s.freshEvents()
	res, err := s.mint(s.issuer, s.alice, sdk.NewInt64Coin("a/kasi", 600))
	s.Require().NoError(err)
	s.Require().Equal(sdk.NewInt64Coin("a/kasi", 600), res.Supply)
	s.Require().Equal(math.NewInt(600), s.balance(s.alice, "a/kasi"))
	s.requireEvents(&types.EventMinted{
		Minter: s.str(s.issuer), Recipient: s.str(s.alice),
		Amount: sdk.NewInt64Coin("a/kasi", 600), Supply: sdk.NewInt64Coin("a/kasi", 600),
	})
	// Up to exactly the cap.
	_, err = s.mint(s.issuer, s.bob, sdk.NewInt64Coin("a/kasi", 400))
	s.Require().NoError(err)
	_, err = s.mint(s.issuer2, s.bob, sdk.NewInt64Coin("a/soweto", 10))
	s.Require().NoError(err)

	cases := []struct {
		name   string
		minter sdk.AccAddress
		to     sdk.AccAddress
		amount sdk.Coin
		expErr error
	}{
		{"over the cap", s.issuer, s.bob, sdk.NewInt64Coin("a/kasi", 1), types.ErrExceedsMaxSupply},
		{"over the cap, largest Int", s.issuer2, s.bob, sdk.Coin{Denom: "a/soweto", Amount: maxInt256()}, types.ErrExceedsMaxSupply},
		{"not the issuer", s.alice, s.bob, sdk.NewInt64Coin("a/soweto", 1), types.ErrNotIssuer},
		{"issuer of another a-Token", s.issuer, s.bob, sdk.NewInt64Coin("a/soweto", 1), types.ErrNotIssuer},
		{"treasurer is not an issuer", s.treasurer, s.bob, sdk.NewInt64Coin("a/soweto", 1), types.ErrNotIssuer},
		{"issuer is not a treasurer", s.issuer, s.bob, sdk.NewInt64Coin(types.NativeDenom, 1), types.ErrNotTreasurer},
		{"unknown a-Token", s.issuer, s.bob, sdk.NewInt64Coin("a/nope", 1), types.ErrUnknownAToken},
		{"malformed a-Token denom", s.issuer, s.bob, sdk.NewInt64Coin("a/No", 1), types.ErrUnsupportedDenom},
		{"zero", s.issuer2, s.bob, sdk.NewInt64Coin("a/soweto", 0), types.ErrInvalidAmount},
		{"negative", s.issuer2, s.bob, sdk.Coin{Denom: "a/soweto", Amount: math.NewInt(-7)}, types.ErrInvalidAmount},
		{"module account recipient", s.issuer2, s.poolAcc, sdk.NewInt64Coin("a/soweto", 1), types.ErrModuleAccountRecipient},
		{"blocked recipient", s.issuer2, s.blockedAddr, sdk.NewInt64Coin("a/soweto", 1), types.ErrModuleAccountRecipient},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.freshEvents()
			before := s.snapshot()
			_, err := s.mint(tc.minter, tc.to, tc.amount)
			s.requireRefused(before, err, tc.expErr)
		})
	}
}

func (s *KeeperTestSuite) TestBurn() {
	s.charter("kasi", s.issuer, 1_000)
	_, err := s.mint(s.issuer, s.alice, sdk.NewInt64Coin("a/kasi", 300))
	s.Require().NoError(err)

	// Burn an a-Token.
	s.freshEvents()
	res, err := s.ms.Burn(s.ctx, &types.MsgBurn{Owner: s.str(s.alice), Amount: sdk.NewInt64Coin("a/kasi", 120)})
	s.Require().NoError(err)
	s.Require().Equal(sdk.NewInt64Coin("a/kasi", 180), res.Supply)
	s.Require().Equal(math.NewInt(180), s.balance(s.alice, "a/kasi"))
	s.requireEvents(&types.EventBurned{Owner: s.str(s.alice), Amount: sdk.NewInt64Coin("a/kasi", 120), Supply: sdk.NewInt64Coin("a/kasi", 180)})

	// Burn uazr (any holder, no role needed); headroom grows again.
	s.freshEvents()
	res, err = s.ms.Burn(s.ctx, &types.MsgBurn{Owner: s.str(s.alice), Amount: sdk.NewInt64Coin(types.NativeDenom, 400)})
	s.Require().NoError(err)
	s.Require().Equal(sdk.NewInt64Coin(types.NativeDenom, 600), res.Supply)
	s.Require().Equal(math.NewInt(600), s.balance(s.alice, types.NativeDenom))
	s.requireEvents(&types.EventBurned{Owner: s.str(s.alice), Amount: sdk.NewInt64Coin(types.NativeDenom, 400), Supply: sdk.NewInt64Coin(types.NativeDenom, 600)})

	cases := []struct {
		name   string
		owner  string
		amount sdk.Coin
		expErr error
	}{
		{"more than held", s.str(s.alice), sdk.NewInt64Coin("a/kasi", 181), sdkerrors.ErrInsufficientFunds},
		{"holds none", s.str(s.bob), sdk.NewInt64Coin(types.NativeDenom, 1), sdkerrors.ErrInsufficientFunds},
		{"zero", s.str(s.alice), sdk.NewInt64Coin("a/kasi", 0), types.ErrInvalidAmount},
		{"negative", s.str(s.alice), sdk.Coin{Denom: "a/kasi", Amount: math.NewInt(-1)}, types.ErrInvalidAmount},
		{"ustake", s.str(s.alice), sdk.NewInt64Coin(types.StakeDenom, 1), types.ErrUnsupportedDenom},
		{"other denom", s.str(s.alice), sdk.NewInt64Coin("ufoo", 1), types.ErrUnsupportedDenom},
		{"unknown a-Token", s.str(s.alice), sdk.NewInt64Coin("a/nope", 1), types.ErrUnknownAToken},
		{"bad owner", "azora1x", sdk.NewInt64Coin("a/kasi", 1), sdkerrors.ErrInvalidAddress},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.freshEvents()
			before := s.snapshot()
			_, err := s.ms.Burn(s.ctx, &types.MsgBurn{Owner: tc.owner, Amount: tc.amount})
			s.requireRefused(before, err, tc.expErr)
		})
	}
}
