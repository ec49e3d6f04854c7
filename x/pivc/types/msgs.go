package types

import (
	"github.com/cosmos/cosmos-sdk/types/bech32"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/azora-os/nexus/types/movement"
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

	_ movement.TransferReporter = (*MsgSpendGrowth)(nil)
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
	return ValidatePurpose(m.Purpose)
}

// ValidatePurpose checks the purpose of a growth spend: at most
// MaxPurposeLength bytes.
func ValidatePurpose(purpose string) error {
	if len(purpose) > MaxPurposeLength {
		return sdkerrors.ErrInvalidRequest.Wrapf("purpose is %d bytes, at most %d", len(purpose), MaxPurposeLength)
	}
	return nil
}

// AegisTransfers implements movement.TransferReporter: the growth pool
// pays amount to the recipient. x/aegis's ante then refuses, when the
// proposal is submitted, a growth spend to a frozen account (a module
// payout is not counted against limits).
func (m *MsgSpendGrowth) AegisTransfers() ([]movement.Transfer, error) {
	// The pool address in the recipient's bech32 prefix, so this needs no
	// global address configuration.
	hrp, _, err := bech32.DecodeAndConvert(m.Recipient)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("recipient %q: %s", m.Recipient, err)
	}
	pool, err := bech32.ConvertAndEncode(hrp, authtypes.NewModuleAddress(GrowthPoolName))
	if err != nil {
		return nil, err
	}
	return []movement.Transfer{{From: pool, To: m.Recipient, Amount: m.Amount}}, nil
}

// ValidateBasic checks the claimant address.
func (m *MsgClaimUBO) ValidateBasic() error {
	if _, err := sdk.AccAddressFromBech32(m.Claimant); err != nil {
		return sdkerrors.ErrInvalidAddress.Wrapf("claimant %q: %s", m.Claimant, err)
	}
	return nil
}
