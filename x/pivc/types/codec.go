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
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "azora/pivc/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgSpendGrowth{}, "azora/pivc/MsgSpendGrowth")
	legacy.RegisterAminoMsg(cdc, &MsgClaimUBO{}, "azora/pivc/MsgClaimUBO")
	cdc.RegisterConcrete(&Params{}, "azora/x/pivc/Params", nil)
}

// RegisterInterfaces registers the messages and the Msg service.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgUpdateParams{},
		&MsgSpendGrowth{},
		&MsgClaimUBO{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
