package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mint/types"
)

func TestMsgValidateBasic(t *testing.T) {
	charter := func(edit func(*types.MsgCharterAToken)) *types.MsgCharterAToken {
		m := &types.MsgCharterAToken{Symbol: "kasi", Name: "Kasi Rand", MaxSupply: math.NewInt(1000)}
		edit(m)
		return m
	}
	coin := func(amount int64, denom string) sdk.Coin { return sdk.Coin{Denom: denom, Amount: math.NewInt(amount)} }
	cases := []struct {
		name   string
		msg    sdk.HasValidateBasic
		expErr error
	}{
		{"params ok", &types.MsgUpdateParams{Params: types.DefaultParams()}, nil},
		{"params zero cap", &types.MsgUpdateParams{Params: types.NewParams(math.ZeroInt())}, types.ErrInvalidParams},
		{"treasurer ok", &types.MsgSetTreasurer{Allowance: math.NewInt(5)}, nil},
		{"treasurer zero allowance", &types.MsgSetTreasurer{Allowance: math.ZeroInt()}, nil},
		{"treasurer negative allowance", &types.MsgSetTreasurer{Allowance: math.NewInt(-5)}, types.ErrInvalidAmount},
		{"treasurer nil allowance", &types.MsgSetTreasurer{}, types.ErrInvalidAmount},
		{"charter ok, default exponent", charter(func(*types.MsgCharterAToken) {}), nil},
		{"charter exponent 18", charter(func(m *types.MsgCharterAToken) { m.Exponent = 18 }), nil},
		{"charter exponent 19", charter(func(m *types.MsgCharterAToken) { m.Exponent = 19 }), types.ErrInvalidATokenInfo},
		{"charter reserved", charter(func(m *types.MsgCharterAToken) { m.Symbol = "stake" }), types.ErrReservedSymbol},
		{"charter bad symbol", charter(func(m *types.MsgCharterAToken) { m.Symbol = "a/kasi" }), types.ErrInvalidSymbol},
		{"charter blank name", charter(func(m *types.MsgCharterAToken) { m.Name = "" }), types.ErrInvalidATokenInfo},
		{"charter zero cap", charter(func(m *types.MsgCharterAToken) { m.MaxSupply = math.ZeroInt() }), types.ErrInvalidAmount},
		{"charter negative cap", charter(func(m *types.MsgCharterAToken) { m.MaxSupply = math.NewInt(-1) }), types.ErrInvalidAmount},
		{"issuer ok", &types.MsgSetATokenIssuer{Symbol: "kasi"}, nil},
		{"issuer bad symbol", &types.MsgSetATokenIssuer{Symbol: "KASI"}, types.ErrInvalidSymbol},
		{"cap ok", &types.MsgSetATokenMaxSupply{Symbol: "kasi", MaxSupply: math.OneInt()}, nil},
		{"cap zero", &types.MsgSetATokenMaxSupply{Symbol: "kasi", MaxSupply: math.ZeroInt()}, types.ErrInvalidAmount},
		{"cap bad symbol", &types.MsgSetATokenMaxSupply{Symbol: "k", MaxSupply: math.OneInt()}, types.ErrInvalidSymbol},
		{"pause ok", &types.MsgPauseAToken{Symbol: "kasi"}, nil},
		{"pause bad symbol", &types.MsgPauseAToken{Symbol: ""}, types.ErrInvalidSymbol},
		{"resume ok", &types.MsgResumeAToken{Symbol: "kasi"}, nil},
		{"resume bad symbol", &types.MsgResumeAToken{Symbol: "1abc"}, types.ErrInvalidSymbol},
		{"mint ok", &types.MsgMint{Amount: coin(5, "a/kasi")}, nil},
		{"mint zero", &types.MsgMint{Amount: coin(0, "a/kasi")}, types.ErrInvalidAmount},
		{"mint negative", &types.MsgMint{Amount: coin(-5, "uazr")}, types.ErrInvalidAmount},
		{"mint nil amount", &types.MsgMint{}, types.ErrInvalidAmount},
		{"burn ok", &types.MsgBurn{Amount: coin(5, "uazr")}, nil},
		{"burn zero", &types.MsgBurn{Amount: coin(0, "uazr")}, types.ErrInvalidAmount},
		{"burn negative", &types.MsgBurn{Amount: coin(-1, "a/kasi")}, types.ErrInvalidAmount},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.msg.ValidateBasic()
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}
