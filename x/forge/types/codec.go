package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the messages for Amino JSON signing
// (Ledger, Keplr with Ledger).
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "azora/forge/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgGrantRole{}, "azora/forge/MsgGrantRole")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeRole{}, "azora/forge/MsgRevokeRole")
	legacy.RegisterAminoMsg(cdc, &MsgRegisterAsset{}, "azora/forge/MsgRegisterAsset")
	legacy.RegisterAminoMsg(cdc, &MsgTransferAsset{}, "azora/forge/MsgTransferAsset")
	legacy.RegisterAminoMsg(cdc, &MsgRecordHandover{}, "azora/forge/MsgRecordHandover")
	legacy.RegisterAminoMsg(cdc, &MsgCreateListing{}, "azora/forge/MsgCreateListing")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateListing{}, "azora/forge/MsgUpdateListing")
	legacy.RegisterAminoMsg(cdc, &MsgWithdrawListing{}, "azora/forge/MsgWithdrawListing")
	legacy.RegisterAminoMsg(cdc, &MsgPlaceOrder{}, "azora/forge/MsgPlaceOrder")
	legacy.RegisterAminoMsg(cdc, &MsgAcceptOrder{}, "azora/forge/MsgAcceptOrder")
	legacy.RegisterAminoMsg(cdc, &MsgConfirmDelivery{}, "azora/forge/MsgConfirmDelivery")
	legacy.RegisterAminoMsg(cdc, &MsgCancelOrder{}, "azora/forge/MsgCancelOrder")
	legacy.RegisterAminoMsg(cdc, &MsgOpenDispute{}, "azora/forge/MsgOpenDispute")
	legacy.RegisterAminoMsg(cdc, &MsgResolveDispute{}, "azora/forge/MsgResolveDispute")
	cdc.RegisterConcrete(&Params{}, "azora/x/forge/Params", nil)
}

// RegisterInterfaces registers the messages and the Msg service.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgUpdateParams{},
		&MsgGrantRole{},
		&MsgRevokeRole{},
		&MsgRegisterAsset{},
		&MsgTransferAsset{},
		&MsgRecordHandover{},
		&MsgCreateListing{},
		&MsgUpdateListing{},
		&MsgWithdrawListing{},
		&MsgPlaceOrder{},
		&MsgAcceptOrder{},
		&MsgConfirmDelivery{},
		&MsgCancelOrder{},
		&MsgOpenDispute{},
		&MsgResolveDispute{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
