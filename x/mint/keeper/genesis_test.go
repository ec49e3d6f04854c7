package keeper_test

import (
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/x/mint/types"
)

func (s *KeeperTestSuite) testGenesis() *types.GenesisState {
	return &types.GenesisState{
		Params: types.NewParams(math.NewInt(50_000)),
		ATokens: []types.AToken{
			{Symbol: "kasi", Name: "Kasi Rand", Description: "Kasi local currency", Exponent: 6, Issuer: s.str(s.issuer), MaxSupply: math.NewInt(1_000), CharteredHeight: 7},
			{Symbol: "soweto", Name: "Soweto hours", Exponent: 2, Issuer: s.str(s.issuer2), MaxSupply: math.NewInt(99), MintingPaused: true},
		},
		Treasurers: []types.Treasurer{
			{Address: s.str(s.alice), Allowance: math.ZeroInt()},
			{Address: s.str(s.treasurer), Allowance: math.NewInt(12_345)},
		},
	}
}

// TestGenesisRoundTrip checks that export after init equals the input.
func (s *KeeperTestSuite) TestGenesisRoundTrip() {
	gs := s.testGenesis()
	s.Require().NoError(gs.Validate(s.ac))
	s.Require().NoError(s.k.InitGenesis(s.ctx, gs))

	out, err := s.k.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().Equal(gs, out)

	// Metadata was registered for both a-Tokens; roles and state work.
	s.Require().Contains(s.metadata, "a/kasi")
	s.Require().Equal(uint32(2), s.metadata["a/soweto"].DenomUnits[1].Exponent)
	_, err = s.mint(s.treasurer, s.bob, sdk.NewInt64Coin(types.NativeDenom, 12_345))
	s.Require().NoError(err)
	_, err = s.mint(s.issuer2, s.bob, sdk.NewInt64Coin("a/soweto", 1))
	s.Require().ErrorIs(err, types.ErrMintingPaused)
}

// TestInitGenesisKeepsBankMetadata checks that metadata bank already has (an
// exported chain) is not overwritten.
func (s *KeeperTestSuite) TestInitGenesisKeepsBankMetadata() {
	custom := banktypes.Metadata{Base: "a/kasi", Display: "kasi", Name: "custom", Symbol: "KASI",
		DenomUnits: []*banktypes.DenomUnit{{Denom: "a/kasi"}, {Denom: "kasi", Exponent: 6}}}
	s.metadata["a/kasi"] = custom
	s.Require().NoError(s.k.InitGenesis(s.ctx, s.testGenesis()))
	s.Require().Equal(custom, s.metadata["a/kasi"])
}

func (s *KeeperTestSuite) TestInitGenesisRefusesSupplyAboveCap() {
	// uazr: the genesis supply is 1,000.
	gs := s.testGenesis()
	gs.Params.MaxSupply = math.NewInt(999)
	s.Require().ErrorIs(s.k.InitGenesis(s.ctx, gs), types.ErrMaxSupplyBelowSupply)

	// An a-Token whose bank supply is above its cap.
	s.supply["a/kasi"] = math.NewInt(1_001)
	s.Require().ErrorIs(s.k.InitGenesis(s.ctx, s.testGenesis()), types.ErrMaxSupplyBelowSupply)

	// An invalid state.
	gs = s.testGenesis()
	gs.ATokens[1].Symbol = "kasi"
	s.Require().ErrorIs(s.k.InitGenesis(s.ctx, gs), types.ErrATokenExists)
}
