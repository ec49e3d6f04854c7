package types_test

import (
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/x/aegis/types"
)

// valoper is the operator address with the bytes of addr(i).
func valoper(i byte) string {
	a, _ := sdk.AccAddressFromBech32(addr(i))
	return sdk.ValAddress(a).String()
}

func TestAdmittedValidatorValidate(t *testing.T) {
	cases := []struct {
		name   string
		v      types.AdmittedValidator
		expErr error
	}{
		{"ok", types.AdmittedValidator{Operator: valoper(1), MaxPower: 10}, nil},
		{"max power at the bound", types.AdmittedValidator{Operator: valoper(1), MaxPower: types.MaxValidatorPower}, nil},
		{"account address", types.AdmittedValidator{Operator: addr(1), MaxPower: 10}, sdkerrors.ErrInvalidAddress},
		{"empty operator", types.AdmittedValidator{MaxPower: 10}, sdkerrors.ErrInvalidAddress},
		{"zero power", types.AdmittedValidator{Operator: valoper(1)}, types.ErrInvalidAdmission},
		{"power above the bound", types.AdmittedValidator{Operator: valoper(1), MaxPower: types.MaxValidatorPower + 1}, types.ErrInvalidAdmission},
		{"negative height", types.AdmittedValidator{Operator: valoper(1), MaxPower: 1, AdmittedHeight: -1}, types.ErrInvalidAdmission},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.v.Validate()
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestStakeHelpers(t *testing.T) {
	require.Equal(t, math.NewInt(10_000_000), types.MaxStake(10, sdk.DefaultPowerReduction))
	require.Equal(t, math.NewIntFromUint64(types.MaxValidatorPower).Mul(sdk.DefaultPowerReduction), types.MaxStake(types.MaxValidatorPower, sdk.DefaultPowerReduction))
	cases := []struct {
		name   string
		coin   sdk.Coin
		expErr error
	}{
		{"ok", sdk.NewInt64Coin("ustake", 1), nil},
		{"other denom", sdk.NewInt64Coin("uazr", 1), types.ErrInvalidStake},
		{"zero", sdk.NewInt64Coin("ustake", 0), types.ErrInvalidStake},
		{"negative", sdk.Coin{Denom: "ustake", Amount: math.NewInt(-1)}, types.ErrInvalidStake},
		{"nil amount", sdk.Coin{Denom: "ustake"}, types.ErrInvalidStake},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateStakeCoin(tc.coin, "ustake")
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestValidatorMsgsValidateBasic(t *testing.T) {
	a := addr(1)
	one := sdk.NewInt64Coin("ustake", 1)
	cases := []struct {
		name   string
		msg    sdk.HasValidateBasic
		expErr error
	}{
		{"admit", &types.MsgAdmitValidator{Authority: a, Operator: valoper(2), MaxPower: 5}, nil},
		{"admit bad authority", &types.MsgAdmitValidator{Authority: "x", Operator: valoper(2), MaxPower: 5}, sdkerrors.ErrInvalidAddress},
		{"admit account address", &types.MsgAdmitValidator{Authority: a, Operator: addr(2), MaxPower: 5}, sdkerrors.ErrInvalidAddress},
		{"admit zero power", &types.MsgAdmitValidator{Authority: a, Operator: valoper(2)}, types.ErrInvalidAdmission},
		{"remove", &types.MsgRemoveValidator{Authority: a, Operator: valoper(2), Reason: "retired"}, nil},
		{"remove no reason", &types.MsgRemoveValidator{Authority: a, Operator: valoper(2)}, types.ErrInvalidAttestation},
		{"remove bad operator", &types.MsgRemoveValidator{Authority: a, Operator: "azoravaloper1x", Reason: "r"}, sdkerrors.ErrInvalidAddress},
		{"mint", &types.MsgMintStake{Authority: a, Operator: valoper(2), Amount: one}, nil},
		{"mint zero", &types.MsgMintStake{Authority: a, Operator: valoper(2), Amount: sdk.NewInt64Coin("ustake", 0)}, types.ErrInvalidStake},
		{"mint bad denom", &types.MsgMintStake{Authority: a, Operator: valoper(2), Amount: sdk.Coin{Denom: "1x", Amount: math.OneInt()}}, types.ErrInvalidStake},
		{"mint bad operator", &types.MsgMintStake{Authority: a, Amount: one}, sdkerrors.ErrInvalidAddress},
		{"burn", &types.MsgBurnStake{Authority: a, Operator: valoper(2), Amount: one}, nil},
		{"burn negative", &types.MsgBurnStake{Authority: a, Operator: valoper(2), Amount: sdk.Coin{Denom: "ustake", Amount: math.NewInt(-3)}}, types.ErrInvalidStake},
		{"burn bad authority", &types.MsgBurnStake{Operator: valoper(2), Amount: one}, sdkerrors.ErrInvalidAddress},
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

func TestGenesisAdmission(t *testing.T) {
	admission := types.Rule{Kind: &types.Rule_ValidatorAdmission{ValidatorAdmission: &types.ValidatorAdmissionRule{}}}
	cases := []struct {
		name   string
		edit   func(gs *types.GenesisState)
		expErr bool
	}{
		{"admitted", func(gs *types.GenesisState) {
			*gs = types.AdmittedGenesis(*gs, 10, valoper(1), valoper(2))
		}, false},
		{"re-admitted changes the power", func(gs *types.GenesisState) {
			*gs = types.AdmittedGenesis(*gs, 10, valoper(1))
			*gs = types.AdmittedGenesis(*gs, 20, valoper(1))
			if len(gs.AdmittedValidators) != 1 || gs.AdmittedValidators[0].MaxPower != 20 {
				panic("AdmittedGenesis did not replace the power")
			}
		}, false},
		{"twice", func(gs *types.GenesisState) {
			v := types.AdmittedValidator{Operator: valoper(1), MaxPower: 1}
			gs.AdmittedValidators = []types.AdmittedValidator{v, v}
		}, true},
		{"zero power", func(gs *types.GenesisState) {
			gs.AdmittedValidators = []types.AdmittedValidator{{Operator: valoper(1)}}
		}, true},
		{"bad operator", func(gs *types.GenesisState) {
			gs.AdmittedValidators = []types.AdmittedValidator{{Operator: addr(1), MaxPower: 1}}
		}, true},
		{"too many", func(gs *types.GenesisState) {
			for i := 0; i <= types.MaxAdmittedValidators; i++ {
				op := sdk.ValAddress([]byte{byte(i >> 8), byte(i), 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
				gs.AdmittedValidators = append(gs.AdmittedValidators, types.AdmittedValidator{Operator: op.String(), MaxPower: 1})
			}
		}, true},
		{"admitted operator frozen", func(gs *types.GenesisState) {
			*gs = types.AdmittedGenesis(*gs, 10, valoper(1))
			gs.Standings = []types.AccountStanding{frozenRec(addr(1))}
		}, true},
		{"two enabled admission articles", func(gs *types.GenesisState) {
			gs.Articles = append(gs.Articles, types.Article{Id: 9, Title: "t", Text: "x", Enabled: true, Rule: admission})
			gs.NextArticleId = 10
		}, true},
		{"a second, disabled admission article", func(gs *types.GenesisState) {
			gs.Articles = append(gs.Articles, types.Article{Id: 9, Title: "t", Text: "x", Rule: admission})
			gs.NextArticleId = 10
		}, false},
		{"empty admission rule", func(gs *types.GenesisState) {
			gs.Articles[4].Rule = types.Rule{Kind: &types.Rule_ValidatorAdmission{}}
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs := types.DefaultGenesis()
			tc.edit(gs)
			err := gs.Validate()
			if tc.expErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
		})
	}
	require.Equal(t, types.RuleValidatorAdmission, admission.KindName())
}
