package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the messages and params for Amino JSON
// signing (Ledger, Keplr with Ledger).
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "azora/ledger/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgTransfer{}, "azora/ledger/MsgTransfer")
	legacy.RegisterAminoMsg(cdc, &MsgBatchTransfer{}, "azora/ledger/MsgBatchTransfer")
	cdc.RegisterConcrete(&Params{}, "azora/x/ledger/Params", nil)
}

// RegisterInterfaces registers the messages and the Msg service.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgUpdateParams{},
		&MsgTransfer{},
		&MsgBatchTransfer{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
