package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/x/aegis/types"
)

func TestMsgsValidateBasic(t *testing.T) {
	a, b := addr(1), addr(2)
	good := types.Rule{Kind: &types.Rule_Standing{Standing: &types.StandingRule{}}}
	cases := []struct {
		name   string
		msg    sdk.HasValidateBasic
		expErr error
	}{
		{"update params", &types.MsgUpdateParams{Authority: a, Params: types.DefaultParams()}, nil},
		{"update params bad authority", &types.MsgUpdateParams{Authority: "x", Params: types.DefaultParams()}, sdkerrors.ErrInvalidAddress},
		{"update params invalid", &types.MsgUpdateParams{Authority: a}, types.ErrInvalidParams},
		{"add article", &types.MsgAddArticle{Authority: a, Title: "t", Text: "x", Rule: good}, nil},
		{"add article no rule", &types.MsgAddArticle{Authority: a, Title: "t", Text: "x"}, types.ErrInvalidArticle},
		{"add article no title", &types.MsgAddArticle{Authority: a, Text: "x", Rule: good}, types.ErrInvalidArticle},
		{"add article bad authority", &types.MsgAddArticle{Authority: "", Title: "t", Text: "x", Rule: good}, sdkerrors.ErrInvalidAddress},
		{"amend article", &types.MsgAmendArticle{Authority: a, Id: 1, Title: "t", Text: "x", Rule: good}, nil},
		{"amend article id 0", &types.MsgAmendArticle{Authority: a, Title: "t", Text: "x", Rule: good}, types.ErrArticleNotFound},
		{"amend article bad rule", &types.MsgAmendArticle{Authority: a, Id: 1, Title: "t", Text: "x", Rule: types.Rule{Kind: &types.Rule_Velocity{Velocity: &types.VelocityRule{}}}}, types.ErrInvalidTier},
		{"repeal", &types.MsgRepealArticle{Authority: a, Id: 3}, nil},
		{"repeal id 0", &types.MsgRepealArticle{Authority: a}, types.ErrArticleNotFound},
		{"grant role", &types.MsgGrantRole{Authority: a, Role: types.Role_ROLE_OFFICER, Address: b}, nil},
		{"grant no role", &types.MsgGrantRole{Authority: a, Address: b}, types.ErrInvalidRole},
		{"grant bad address", &types.MsgGrantRole{Authority: a, Role: types.Role_ROLE_OFFICER, Address: "b"}, sdkerrors.ErrInvalidAddress},
		{"revoke role", &types.MsgRevokeRole{Authority: a, Role: types.Role_ROLE_ATTESTER, Address: b}, nil},
		{"revoke unknown role", &types.MsgRevokeRole{Authority: a, Role: 9, Address: b}, types.ErrInvalidRole},
		{"verify", &types.MsgVerifyAccount{Attester: a, Address: b, Tier: "basic", AttestationRef: "kyc-1"}, nil},
		{"verify bad tier", &types.MsgVerifyAccount{Attester: a, Address: b, Tier: "B", AttestationRef: "kyc-1"}, types.ErrInvalidTier},
		{"verify no ref", &types.MsgVerifyAccount{Attester: a, Address: b, Tier: "basic"}, types.ErrInvalidAttestation},
		{"verify long ref", &types.MsgVerifyAccount{Attester: a, Address: b, Tier: "basic", AttestationRef: string(make([]byte, types.MaxAttestationLength+1))}, types.ErrInvalidAttestation},
		{"verify bad address", &types.MsgVerifyAccount{Attester: a, Address: "zz", Tier: "basic", AttestationRef: "r"}, sdkerrors.ErrInvalidAddress},
		{"revoke verification", &types.MsgRevokeVerification{Attester: a, Address: b, Reason: "expired"}, nil},
		{"revoke verification no reason", &types.MsgRevokeVerification{Attester: a, Address: b}, types.ErrInvalidAttestation},
		{"freeze", &types.MsgFreezeAccount{Officer: a, Address: b, Reason: "court order"}, nil},
		{"freeze no reason", &types.MsgFreezeAccount{Officer: a, Address: b, Reason: " "}, types.ErrInvalidAttestation},
		{"freeze bad officer", &types.MsgFreezeAccount{Officer: "o", Address: b, Reason: "r"}, sdkerrors.ErrInvalidAddress},
		{"unfreeze", &types.MsgUnfreezeAccount{Officer: a, Address: b, Reason: "cleared"}, nil},
		{"unfreeze bad address", &types.MsgUnfreezeAccount{Officer: a, Address: "", Reason: "cleared"}, sdkerrors.ErrInvalidAddress},
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

func TestTxTally(t *testing.T) {
	tally := types.NewTxTally()
	a, b := sdk.AccAddress("a"), sdk.AccAddress("b")
	require.True(t, tally.Sent(a, "uazr").IsZero())
	require.Equal(t, int64(5), tally.Add(a, "uazr", mathInt(5)).Int64())
	require.Equal(t, int64(12), tally.Add(a, "uazr", mathInt(7)).Int64())
	require.Equal(t, int64(3), tally.Add(b, "uazr", mathInt(3)).Int64())
	require.Equal(t, int64(1), tally.Add(a, "other", mathInt(1)).Int64())
	require.Equal(t, int64(12), tally.Sent(a, "uazr").Int64())
}
