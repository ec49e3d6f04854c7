package aegis_test

import (
	"encoding/json"
	"testing"

	sdkmath "cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/x/aegis"
	"github.com/azora-os/nexus/x/aegis/types"
)

func TestValidateGenesisValidators(t *testing.T) {
	enc := app.MakeEncodingConfig()
	stakingtypes.RegisterInterfaces(enc.InterfaceRegistry)
	cdc := enc.Codec
	op := func(i byte) sdk.ValAddress { return sdk.ValAddress(append([]byte{0xAA, i}, make([]byte, 18)...)) }

	mkGentx := func(i byte, amount int64) json.RawMessage {
		pk := ed25519.GenPrivKeyFromSecret([]byte{i}).PubKey()
		msg, err := stakingtypes.NewMsgCreateValidator(op(i).String(), pk, sdk.NewInt64Coin(app.BondDenom, amount),
			stakingtypes.Description{Moniker: "m"}, stakingtypes.NewCommissionRates(sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec()), sdkmath.OneInt())
		require.NoError(t, err)
		b := enc.TxConfig.NewTxBuilder()
		require.NoError(t, b.SetMsgs(msg))
		bz, err := enc.TxConfig.TxJSONEncoder()(b.GetTx())
		require.NoError(t, err)
		return bz
	}
	gentxs := map[[2]int64]json.RawMessage{}
	for _, g := range [][2]int64{{1, 100_000_000}, {1, 1}, {2, 1}, {1, 1_000_001}} {
		gentxs[g] = mkGentx(byte(g[0]), g[1])
	}
	gentx := func(i byte, amount int64) json.RawMessage { return gentxs[[2]int64{int64(i), amount}] }
	state := func(edit func(aeg *types.GenesisState, st *stakingtypes.GenesisState, gen *genutiltypes.GenesisState)) map[string]json.RawMessage {
		aeg, st, gen := types.DefaultGenesis(), stakingtypes.DefaultGenesisState(), genutiltypes.DefaultGenesisState()
		st.Params.BondDenom = app.BondDenom
		edit(aeg, st, gen)
		return map[string]json.RawMessage{
			types.ModuleName:        cdc.MustMarshalJSON(aeg),
			stakingtypes.ModuleName: cdc.MustMarshalJSON(st),
			genutiltypes.ModuleName: cdc.MustMarshalJSON(gen),
		}
	}
	stakingVal := func(i byte, tokens int64) stakingtypes.Validator {
		return stakingtypes.Validator{OperatorAddress: op(i).String(), Tokens: sdkmath.NewInt(tokens)}
	}

	cases := []struct {
		name   string
		edit   func(aeg *types.GenesisState, st *stakingtypes.GenesisState, gen *genutiltypes.GenesisState)
		errMsg string
	}{
		{"no validators", func(*types.GenesisState, *stakingtypes.GenesisState, *genutiltypes.GenesisState) {}, ""},
		{"admitted gentx within its cap", func(aeg *types.GenesisState, _ *stakingtypes.GenesisState, gen *genutiltypes.GenesisState) {
			*aeg = types.AdmittedGenesis(*aeg, 100, op(1).String())
			gen.GenTxs = []json.RawMessage{gentx(1, 100_000_000)}
		}, ""},
		{"gentx not admitted", func(aeg *types.GenesisState, _ *stakingtypes.GenesisState, gen *genutiltypes.GenesisState) {
			*aeg = types.AdmittedGenesis(*aeg, 100, op(1).String())
			gen.GenTxs = []json.RawMessage{gentx(1, 1), gentx(2, 1)}
		}, "gentx 1 (moniker \"m\"): validator " + op(2).String() + " (account " + sdk.AccAddress(op(2)).String() + ") is not on the x/aegis admission list"},
		{"gentx above its cap", func(aeg *types.GenesisState, _ *stakingtypes.GenesisState, gen *genutiltypes.GenesisState) {
			*aeg = types.AdmittedGenesis(*aeg, 1, op(1).String())
			gen.GenTxs = []json.RawMessage{gentx(1, 1_000_001)}
		}, "more than its max power 1"},
		{"staking validator not admitted", func(_ *types.GenesisState, st *stakingtypes.GenesisState, _ *genutiltypes.GenesisState) {
			st.Validators = []stakingtypes.Validator{stakingVal(3, 5)}
		}, "staking validators[0]: validator " + op(3).String()},
		{"staking validator above its cap", func(aeg *types.GenesisState, st *stakingtypes.GenesisState, _ *genutiltypes.GenesisState) {
			*aeg = types.AdmittedGenesis(*aeg, 2, op(3).String())
			st.Validators = []stakingtypes.Validator{stakingVal(3, 2_000_001)}
		}, "more than its max power 2"},
		{"admission article disabled", func(aeg *types.GenesisState, st *stakingtypes.GenesisState, gen *genutiltypes.GenesisState) {
			aeg.Articles[types.ArticleValidatorAdmission-1].Enabled = false
			st.Validators = []stakingtypes.Validator{stakingVal(3, 5)}
			gen.GenTxs = []json.RawMessage{gentx(2, 1)}
		}, ""},
		{"other bond denom", func(_ *types.GenesisState, st *stakingtypes.GenesisState, _ *genutiltypes.GenesisState) {
			st.Params.BondDenom = "uazr"
		}, `staking bond_denom is "uazr"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := aegis.ValidateGenesisValidators(cdc, enc.TxConfig.TxJSONDecoder(), state(tc.edit), app.BondDenom)
			if tc.errMsg == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.errMsg)
		})
	}
}
