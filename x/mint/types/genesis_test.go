package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mint/types"
)

var ac = address.NewBech32Codec("azora")

func addr(t *testing.T, seed byte) string {
	t.Helper()
	s, err := ac.BytesToString(sdk.AccAddress([]byte{seed, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}))
	require.NoError(t, err)
	return s
}

func kasi(t *testing.T) types.AToken {
	return types.AToken{
		Symbol: "kasi", Name: "Kasi Rand", Description: "Kasi local currency", Exponent: 6,
		Issuer: addr(t, 1), MaxSupply: math.NewInt(1_000_000), CharteredHeight: 5,
	}
}

func TestGenesisValidate(t *testing.T) {
	with := func(edit func(*types.GenesisState)) types.GenesisState {
		gs := types.GenesisState{
			Params:     types.DefaultParams(),
			ATokens:    []types.AToken{kasi(t)},
			Treasurers: []types.Treasurer{{Address: addr(t, 2), Allowance: math.NewInt(500)}},
		}
		edit(&gs)
		return gs
	}
	cases := []struct {
		name      string
		gs        types.GenesisState
		expErrMsg string
	}{
		{"default", *types.DefaultGenesis(), ""},
		{"valid", with(func(*types.GenesisState) {}), ""},
		{"zero allowance", with(func(gs *types.GenesisState) { gs.Treasurers[0].Allowance = math.ZeroInt() }), ""},
		{"bad params", with(func(gs *types.GenesisState) { gs.Params.MaxSupply = math.ZeroInt() }), "max_supply must be positive"},
		{"bad symbol", with(func(gs *types.GenesisState) { gs.ATokens[0].Symbol = "K" }), "invalid a-Token symbol"},
		{"reserved symbol", with(func(gs *types.GenesisState) { gs.ATokens[0].Symbol = "azr" }), "reserved"},
		{"duplicate symbol", with(func(gs *types.GenesisState) { gs.ATokens = append(gs.ATokens, kasi(t)) }), "duplicate symbol"},
		{"blank name", with(func(gs *types.GenesisState) { gs.ATokens[0].Name = "" }), "name is blank"},
		{"exponent 0", with(func(gs *types.GenesisState) { gs.ATokens[0].Exponent = 0 }), "exponent 0"},
		{"bad issuer", with(func(gs *types.GenesisState) { gs.ATokens[0].Issuer = "cosmos1xyz" }), "issuer"},
		{"zero cap", with(func(gs *types.GenesisState) { gs.ATokens[0].MaxSupply = math.ZeroInt() }), "max supply must be positive"},
		{"nil cap", with(func(gs *types.GenesisState) { gs.ATokens[0].MaxSupply = math.Int{} }), "max supply must be positive"},
		// Issue 14: genesis accepted a cap of 2^256 - 1.
		{"cap near 2^256", with(func(gs *types.GenesisState) { gs.ATokens[0].MaxSupply = types.MaxSupplyCap.AddRaw(1) }), "above the bound 10^36"},
		{"params cap above the bound", with(func(gs *types.GenesisState) { gs.Params.MaxSupply = types.MaxSupplyCap.AddRaw(1) }), "above the bound 10^36"},
		{"negative height", with(func(gs *types.GenesisState) { gs.ATokens[0].CharteredHeight = -1 }), "chartered_height"},
		{"bad treasurer", with(func(gs *types.GenesisState) { gs.Treasurers[0].Address = "azora1bad" }), "invalid address"},
		{"duplicate treasurer", with(func(gs *types.GenesisState) {
			gs.Treasurers = append(gs.Treasurers, types.Treasurer{Address: addr(t, 2), Allowance: math.OneInt()})
		}), "duplicate treasurer"},
		{"negative allowance", with(func(gs *types.GenesisState) { gs.Treasurers[0].Allowance = math.NewInt(-1) }), "allowance must not be negative"},
		{"nil allowance", with(func(gs *types.GenesisState) { gs.Treasurers[0].Allowance = math.Int{} }), "allowance must not be negative"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.gs.Validate(ac)
			if tc.expErrMsg == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.expErrMsg)
		})
	}
}

func TestATokenMetadata(t *testing.T) {
	tok := kasi(t)
	md := tok.Metadata()
	require.NoError(t, md.Validate())
	require.Equal(t, "a/kasi", md.Base)
	require.Equal(t, "kasi", md.Display)
	require.Equal(t, "KASI", md.Symbol)
	require.Equal(t, "Kasi Rand", md.Name)
	require.Equal(t, "Kasi local currency", md.Description)
	require.Len(t, md.DenomUnits, 2)
	require.Equal(t, uint32(0), md.DenomUnits[0].Exponent)
	require.Equal(t, uint32(6), md.DenomUnits[1].Exponent)
	require.Equal(t, "a/kasi", tok.Denom())
}
