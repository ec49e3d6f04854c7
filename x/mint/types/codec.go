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
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "azora/mint/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgSetTreasurer{}, "azora/mint/MsgSetTreasurer")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeTreasurer{}, "azora/mint/MsgRevokeTreasurer")
	legacy.RegisterAminoMsg(cdc, &MsgCharterAToken{}, "azora/mint/MsgCharterAToken")
	legacy.RegisterAminoMsg(cdc, &MsgSetATokenIssuer{}, "azora/mint/MsgSetATokenIssuer")
	legacy.RegisterAminoMsg(cdc, &MsgSetATokenMaxSupply{}, "azora/mint/MsgSetATokenMaxSupply")
	legacy.RegisterAminoMsg(cdc, &MsgPauseAToken{}, "azora/mint/MsgPauseAToken")
	legacy.RegisterAminoMsg(cdc, &MsgResumeAToken{}, "azora/mint/MsgResumeAToken")
	legacy.RegisterAminoMsg(cdc, &MsgMint{}, "azora/mint/MsgMint")
	legacy.RegisterAminoMsg(cdc, &MsgBurn{}, "azora/mint/MsgBurn")
	cdc.RegisterConcrete(&Params{}, "azora/x/mint/Params", nil)
}

// RegisterInterfaces registers the messages and the Msg service.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgUpdateParams{},
		&MsgSetTreasurer{},
		&MsgRevokeTreasurer{},
		&MsgCharterAToken{},
		&MsgSetATokenIssuer{},
		&MsgSetATokenMaxSupply{},
		&MsgPauseAToken{},
		&MsgResumeAToken{},
		&MsgMint{},
		&MsgBurn{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
