package types

import (
	"github.com/cosmos/cosmos-sdk/types/bech32"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	aegistypes "github.com/azora-os/nexus/x/aegis/types"
)

var (
	_ sdk.Msg = (*MsgUpdateParams)(nil)
	_ sdk.Msg = (*MsgGrantRole)(nil)
	_ sdk.Msg = (*MsgRevokeRole)(nil)
	_ sdk.Msg = (*MsgRegisterAsset)(nil)
	_ sdk.Msg = (*MsgTransferAsset)(nil)
	_ sdk.Msg = (*MsgRecordHandover)(nil)
	_ sdk.Msg = (*MsgCreateListing)(nil)
	_ sdk.Msg = (*MsgUpdateListing)(nil)
	_ sdk.Msg = (*MsgWithdrawListing)(nil)
	_ sdk.Msg = (*MsgPlaceOrder)(nil)
	_ sdk.Msg = (*MsgAcceptOrder)(nil)
	_ sdk.Msg = (*MsgConfirmDelivery)(nil)
	_ sdk.Msg = (*MsgCancelOrder)(nil)
	_ sdk.Msg = (*MsgOpenDispute)(nil)
	_ sdk.Msg = (*MsgResolveDispute)(nil)

	_ sdk.HasValidateBasic = (*MsgUpdateParams)(nil)
	_ sdk.HasValidateBasic = (*MsgGrantRole)(nil)
	_ sdk.HasValidateBasic = (*MsgRevokeRole)(nil)
	_ sdk.HasValidateBasic = (*MsgRegisterAsset)(nil)
	_ sdk.HasValidateBasic = (*MsgTransferAsset)(nil)
	_ sdk.HasValidateBasic = (*MsgRecordHandover)(nil)
	_ sdk.HasValidateBasic = (*MsgCreateListing)(nil)
	_ sdk.HasValidateBasic = (*MsgUpdateListing)(nil)
	_ sdk.HasValidateBasic = (*MsgWithdrawListing)(nil)
	_ sdk.HasValidateBasic = (*MsgPlaceOrder)(nil)
	_ sdk.HasValidateBasic = (*MsgAcceptOrder)(nil)
	_ sdk.HasValidateBasic = (*MsgConfirmDelivery)(nil)
	_ sdk.HasValidateBasic = (*MsgCancelOrder)(nil)
	_ sdk.HasValidateBasic = (*MsgOpenDispute)(nil)
	_ sdk.HasValidateBasic = (*MsgResolveDispute)(nil)

	// PlaceOrder moves the buyer's coins into escrow: x/aegis counts them
	// against the buyer's limits before the tx executes.
	_ aegistypes.TransferReporter = (*MsgPlaceOrder)(nil)
)

// The ValidateBasic methods check what needs no state and no address codec,
// so malformed messages are refused before they reach a block. The msg
// server checks everything again, addresses and state included.

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgUpdateParams) ValidateBasic() error { return m.Params.Validate() }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgGrantRole) ValidateBasic() error { return m.Role.Validate() }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgRevokeRole) ValidateBasic() error { return m.Role.Validate() }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgRegisterAsset) ValidateBasic() error {
	return ValidateAssetFields(m.Kind, m.Title, m.MetadataUri, m.MetadataHash)
}

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgTransferAsset) ValidateBasic() error { return validateAssetID(m.AssetId) }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgRecordHandover) ValidateBasic() error {
	if _, _, err := ParseOrderID(m.OrderId); err != nil {
		return err
	}
	return ValidateReference(m.Reference)
}

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgCreateListing) ValidateBasic() error {
	if err := m.Kind.Validate(); err != nil {
		return err
	}
	if err := ValidateTitle(m.Title); err != nil {
		return err
	}
	if err := ValidatePrice(m.Price); err != nil {
		return err
	}
	if err := ValidateQuantity(m.Quantity); err != nil {
		return err
	}
	if _, err := OrderAmount(m.Price, m.Quantity); err != nil {
		return err
	}
	if m.Kind == ListingKindAsset {
		if m.AssetId == 0 {
			return ErrInvalidListing.Wrap("an asset listing needs an asset_id")
		}
		if m.Quantity != 1 {
			return ErrInvalidQuantity.Wrapf("an asset listing sells exactly 1, got %d", m.Quantity)
		}
	} else if m.AssetId != 0 {
		return ErrInvalidListing.Wrapf("asset_id is only for asset listings, not %s", m.Kind)
	}
	return ValidateMinReputation(m.MinBuyerReputation)
}

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgUpdateListing) ValidateBasic() error {
	if err := validateListingID(m.ListingId); err != nil {
		return err
	}
	if err := ValidatePrice(m.Price); err != nil {
		return err
	}
	if m.Quantity > MaxQuantity {
		return ErrInvalidQuantity.Wrapf("quantity must be at most %d, got %d", MaxQuantity, m.Quantity)
	}
	if _, err := OrderAmount(m.Price, m.Quantity); err != nil {
		return err
	}
	return nil
}

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgWithdrawListing) ValidateBasic() error { return validateListingID(m.ListingId) }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgPlaceOrder) ValidateBasic() error {
	if err := validateListingID(m.ListingId); err != nil {
		return err
	}
	if err := ValidateQuantity(m.Quantity); err != nil {
		return err
	}
	if err := ValidatePrice(m.UnitPrice); err != nil {
		return err
	}
	_, err := OrderAmount(m.UnitPrice, m.Quantity)
	return err
}

// AegisTransfers implements aegistypes.TransferReporter: the buyer pays
// unit_price × quantity into the forge escrow account. The PIVC held with it
// is left out, as x/aegis asks (protocol fees are never counted).
func (m *MsgPlaceOrder) AegisTransfers() ([]aegistypes.Transfer, error) {
	amount, err := OrderAmount(m.UnitPrice, m.Quantity)
	if err != nil {
		return nil, err
	}
	if err := ValidatePrice(m.UnitPrice); err != nil {
		return nil, err
	}
	// The escrow address in the buyer's bech32 prefix, so this needs no
	// global address configuration.
	hrp, _, err := bech32.DecodeAndConvert(m.Buyer)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("buyer %q: %s", m.Buyer, err)
	}
	escrow, err := bech32.ConvertAndEncode(hrp, authtypes.NewModuleAddress(ModuleName))
	if err != nil {
		return nil, err
	}
	return []aegistypes.Transfer{{From: m.Buyer, To: escrow, Amount: sdk.NewCoins(amount)}}, nil
}

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgAcceptOrder) ValidateBasic() error { return validateOrderID(m.OrderId) }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgConfirmDelivery) ValidateBasic() error { return validateOrderID(m.OrderId) }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgCancelOrder) ValidateBasic() error { return validateOrderID(m.OrderId) }

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgOpenDispute) ValidateBasic() error {
	if err := validateOrderID(m.OrderId); err != nil {
		return err
	}
	return ValidateReason(m.Reason)
}

// ValidateBasic implements sdk.HasValidateBasic.
func (m *MsgResolveDispute) ValidateBasic() error {
	if err := validateOrderID(m.OrderId); err != nil {
		return err
	}
	if err := m.Resolution.Validate(); err != nil {
		return err
	}
	return ValidateReason(m.Reason)
}

func validateOrderID(id string) error {
	_, _, err := ParseOrderID(id)
	return err
}

func validateListingID(id uint64) error {
	if id == 0 {
		return ErrListingNotFound.Wrap("listing id must be at least 1")
	}
	return nil
}

func validateAssetID(id uint64) error {
	if id == 0 {
		return ErrAssetNotFound.Wrap("asset id must be at least 1")
	}
	return nil
}
