package types

import (
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
)

var (
	_ sdk.HasValidateBasic = (*MsgUpdateParams)(nil)
	_ sdk.HasValidateBasic = (*MsgAddArticle)(nil)
	_ sdk.HasValidateBasic = (*MsgAmendArticle)(nil)
	_ sdk.HasValidateBasic = (*MsgRepealArticle)(nil)
	_ sdk.HasValidateBasic = (*MsgGrantRole)(nil)
	_ sdk.HasValidateBasic = (*MsgRevokeRole)(nil)
	_ sdk.HasValidateBasic = (*MsgVerifyAccount)(nil)
	_ sdk.HasValidateBasic = (*MsgRevokeVerification)(nil)
	_ sdk.HasValidateBasic = (*MsgFreezeAccount)(nil)
	_ sdk.HasValidateBasic = (*MsgUnfreezeAccount)(nil)
	_ sdk.HasValidateBasic = (*MsgAdmitValidator)(nil)
	_ sdk.HasValidateBasic = (*MsgRemoveValidator)(nil)
	_ sdk.HasValidateBasic = (*MsgMintStake)(nil)
	_ sdk.HasValidateBasic = (*MsgBurnStake)(nil)

	_ codectypes.UnpackInterfacesMessage = (*QueryComplianceCheckRequest)(nil)
)

func validAddress(field, addr string) error {
	if _, err := sdk.AccAddressFromBech32(addr); err != nil {
		return sdkerrors.ErrInvalidAddress.Wrapf("%s %q: %s", field, addr, err)
	}
	return nil
}

// ValidateBasic performs the stateless checks.
func (m *MsgUpdateParams) ValidateBasic() error {
	if err := validAddress("authority", m.Authority); err != nil {
		return err
	}
	return m.Params.Validate()
}

// ValidateBasic performs the stateless checks.
func (m *MsgAddArticle) ValidateBasic() error {
	if err := validAddress("authority", m.Authority); err != nil {
		return err
	}
	return ValidateArticleContent(m.Title, m.Text, m.Rule)
}

// ValidateBasic performs the stateless checks.
func (m *MsgAmendArticle) ValidateBasic() error {
	if err := validAddress("authority", m.Authority); err != nil {
		return err
	}
	if m.Id == 0 {
		return ErrArticleNotFound.Wrap("article id must be positive")
	}
	return ValidateArticleContent(m.Title, m.Text, m.Rule)
}

// ValidateBasic performs the stateless checks.
func (m *MsgRepealArticle) ValidateBasic() error {
	if err := validAddress("authority", m.Authority); err != nil {
		return err
	}
	if m.Id == 0 {
		return ErrArticleNotFound.Wrap("article id must be positive")
	}
	return nil
}

// ValidateBasic performs the stateless checks.
func (m *MsgGrantRole) ValidateBasic() error {
	if err := validAddress("authority", m.Authority); err != nil {
		return err
	}
	if err := ValidateRole(m.Role); err != nil {
		return err
	}
	return validAddress("address", m.Address)
}

// ValidateBasic performs the stateless checks.
func (m *MsgRevokeRole) ValidateBasic() error {
	if err := validAddress("authority", m.Authority); err != nil {
		return err
	}
	if err := ValidateRole(m.Role); err != nil {
		return err
	}
	return validAddress("address", m.Address)
}

// ValidateBasic performs the stateless checks.
func (m *MsgVerifyAccount) ValidateBasic() error {
	if err := validAddress("attester", m.Attester); err != nil {
		return err
	}
	if err := validAddress("address", m.Address); err != nil {
		return err
	}
	if err := ValidateTierName(m.Tier); err != nil {
		return err
	}
	return ValidateAttestation(m.AttestationRef)
}

// ValidateBasic performs the stateless checks.
func (m *MsgRevokeVerification) ValidateBasic() error {
	if err := validAddress("attester", m.Attester); err != nil {
		return err
	}
	if err := validAddress("address", m.Address); err != nil {
		return err
	}
	return ValidateReason(m.Reason)
}

// ValidateBasic performs the stateless checks.
func (m *MsgFreezeAccount) ValidateBasic() error {
	if err := validAddress("officer", m.Officer); err != nil {
		return err
	}
	if err := validAddress("address", m.Address); err != nil {
		return err
	}
	return ValidateReason(m.Reason)
}

// ValidateBasic performs the stateless checks.
func (m *MsgUnfreezeAccount) ValidateBasic() error {
	if err := validAddress("officer", m.Officer); err != nil {
		return err
	}
	if err := validAddress("address", m.Address); err != nil {
		return err
	}
	return ValidateReason(m.Reason)
}

// ValidateBasic performs the stateless checks.
func (m *MsgAdmitValidator) ValidateBasic() error {
	if err := validAddress("authority", m.Authority); err != nil {
		return err
	}
	if _, err := ValidateOperator(m.Operator); err != nil {
		return err
	}
	return ValidateMaxPower(m.MaxPower)
}

// ValidateBasic performs the stateless checks.
func (m *MsgRemoveValidator) ValidateBasic() error {
	if err := validAddress("authority", m.Authority); err != nil {
		return err
	}
	if _, err := ValidateOperator(m.Operator); err != nil {
		return err
	}
	return ValidateReason(m.Reason)
}

// ValidateBasic performs the stateless checks (the denom is checked against
// the staking bond denom by the keeper).
func (m *MsgMintStake) ValidateBasic() error {
	if err := validAddress("authority", m.Authority); err != nil {
		return err
	}
	if _, err := ValidateOperator(m.Operator); err != nil {
		return err
	}
	return ValidateStakeCoin(m.Amount, m.Amount.Denom)
}

// ValidateBasic performs the stateless checks (the denom is checked against
// the staking bond denom by the keeper).
func (m *MsgBurnStake) ValidateBasic() error {
	if err := validAddress("authority", m.Authority); err != nil {
		return err
	}
	if _, err := ValidateOperator(m.Operator); err != nil {
		return err
	}
	return ValidateStakeCoin(m.Amount, m.Amount.Denom)
}

// UnpackInterfaces implements codectypes.UnpackInterfacesMessage, so the
// messages of a ComplianceCheck request are decoded with the interface
// registry.
func (m *QueryComplianceCheckRequest) UnpackInterfaces(unpacker codectypes.AnyUnpacker) error {
	for _, a := range m.Msgs {
		var msg sdk.Msg
		if err := unpacker.UnpackAny(a, &msg); err != nil {
			return err
		}
	}
	return nil
}
