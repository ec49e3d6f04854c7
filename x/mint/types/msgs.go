package types

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
)

var (
	_ sdk.Msg = (*MsgUpdateParams)(nil)
	_ sdk.Msg = (*MsgSetTreasurer)(nil)
	_ sdk.Msg = (*MsgRevokeTreasurer)(nil)
	_ sdk.Msg = (*MsgCharterAToken)(nil)
	_ sdk.Msg = (*MsgSetATokenIssuer)(nil)
	_ sdk.Msg = (*MsgSetATokenMaxSupply)(nil)
	_ sdk.Msg = (*MsgPauseAToken)(nil)
	_ sdk.Msg = (*MsgResumeAToken)(nil)
	_ sdk.Msg = (*MsgMint)(nil)
	_ sdk.Msg = (*MsgBurn)(nil)

	_ sdk.HasValidateBasic = (*MsgUpdateParams)(nil)
	_ sdk.HasValidateBasic = (*MsgSetTreasurer)(nil)
	_ sdk.HasValidateBasic = (*MsgCharterAToken)(nil)
	_ sdk.HasValidateBasic = (*MsgSetATokenIssuer)(nil)
	_ sdk.HasValidateBasic = (*MsgSetATokenMaxSupply)(nil)
	_ sdk.HasValidateBasic = (*MsgPauseAToken)(nil)
	_ sdk.HasValidateBasic = (*MsgResumeAToken)(nil)
	_ sdk.HasValidateBasic = (*MsgMint)(nil)
	_ sdk.HasValidateBasic = (*MsgBurn)(nil)
)

// The ValidateBasic methods below check what needs no state and no address
// codec, so that malformed messages are refused before they reach a block
// (and gov refuses a malformed proposal at submission). They run once
// (baseapp; the message router for nested messages): the msg server decodes
// the addresses with the app's codec and the keeper method checks its typed
// inputs against state.

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgUpdateParams) ValidateBasic() error { return m.Params.Validate() }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgSetTreasurer) ValidateBasic() error {
	if m.Allowance.IsNil() || m.Allowance.IsNegative() {
		return ErrInvalidAmount.Wrapf("allowance must not be negative, got %s", intString(m.Allowance))
	}
	return nil
}

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgCharterAToken) ValidateBasic() error {
	if err := ValidateSymbol(m.Symbol); err != nil {
		return err
	}
	if err := ValidateATokenInfo(m.Name, m.Description, EffectiveExponent(m.Exponent)); err != nil {
		return err
	}
	return ValidateCap(m.MaxSupply)
}

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgSetATokenIssuer) ValidateBasic() error { return ValidateSymbolFormat(m.Symbol) }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgSetATokenMaxSupply) ValidateBasic() error {
	if err := ValidateSymbolFormat(m.Symbol); err != nil {
		return err
	}
	return ValidateCap(m.MaxSupply)
}

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgPauseAToken) ValidateBasic() error { return ValidateSymbolFormat(m.Symbol) }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgResumeAToken) ValidateBasic() error { return ValidateSymbolFormat(m.Symbol) }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgMint) ValidateBasic() error { return ValidateMintAmount(m.Amount.Denom, m.Amount.Amount) }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgBurn) ValidateBasic() error { return ValidateMintAmount(m.Amount.Denom, m.Amount.Amount) }
