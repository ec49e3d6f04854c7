package types

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
)

// MaxPurposeLength bounds MsgSpendGrowth.Purpose (bytes).
const MaxPurposeLength = 256

var (
	_ sdk.Msg              = (*MsgUpdateParams)(nil)
	_ sdk.Msg              = (*MsgSpendGrowth)(nil)
	_ sdk.Msg              = (*MsgClaimUBO)(nil)
	_ sdk.HasValidateBasic = (*MsgUpdateParams)(nil)
	_ sdk.HasValidateBasic = (*MsgSpendGrowth)(nil)
	_ sdk.HasValidateBasic = (*MsgClaimUBO)(nil)
)

// ValidateBasic checks the authority address and the params.
func (m *MsgUpdateParams) ValidateBasic() error {
	if _, err := sdk.AccAddressFromBech32(m.Authority); err != nil {
		return sdkerrors.ErrInvalidAddress.Wrapf("authority %q: %s", m.Authority, err)
	}
	return m.Params.Validate()
}

// ValidateBasic checks the addresses, the amount and the purpose length.
func (m *MsgSpendGrowth) ValidateBasic() error {
	if _, err := sdk.AccAddressFromBech32(m.Authority); err != nil {
		return sdkerrors.ErrInvalidAddress.Wrapf("authority %q: %s", m.Authority, err)
	}
	if _, err := sdk.AccAddressFromBech32(m.Recipient); err != nil {
		return sdkerrors.ErrInvalidAddress.Wrapf("recipient %q: %s", m.Recipient, err)
	}
	if !m.Amount.IsValid() || m.Amount.IsZero() {
		return ErrInvalidAmount.Wrapf("amount %q must be valid, positive coins", m.Amount.String())
	}
	if len(m.Purpose) > MaxPurposeLength {
		return sdkerrors.ErrInvalidRequest.Wrapf("purpose is %d bytes, at most %d", len(m.Purpose), MaxPurposeLength)
	}
	return nil
}

// ValidateBasic checks the claimant address.
func (m *MsgClaimUBO) ValidateBasic() error {
	if _, err := sdk.AccAddressFromBech32(m.Claimant); err != nil {
		return sdkerrors.ErrInvalidAddress.Wrapf("claimant %q: %s", m.Claimant, err)
	}
	return nil
}
