package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the messages and the rule kinds for
// Amino JSON (Ledger signing).
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "azora/aegis/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgAddArticle{}, "azora/aegis/MsgAddArticle")
	legacy.RegisterAminoMsg(cdc, &MsgAmendArticle{}, "azora/aegis/MsgAmendArticle")
	legacy.RegisterAminoMsg(cdc, &MsgRepealArticle{}, "azora/aegis/MsgRepealArticle")
	legacy.RegisterAminoMsg(cdc, &MsgGrantRole{}, "azora/aegis/MsgGrantRole")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeRole{}, "azora/aegis/MsgRevokeRole")
	legacy.RegisterAminoMsg(cdc, &MsgVerifyAccount{}, "azora/aegis/MsgVerifyAccount")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeVerification{}, "azora/aegis/MsgRevokeVerification")
	legacy.RegisterAminoMsg(cdc, &MsgFreezeAccount{}, "azora/aegis/MsgFreezeAccount")
	legacy.RegisterAminoMsg(cdc, &MsgUnfreezeAccount{}, "azora/aegis/MsgUnfreezeAccount")
	legacy.RegisterAminoMsg(cdc, &MsgAdmitValidator{}, "azora/aegis/MsgAdmitValidator")
	legacy.RegisterAminoMsg(cdc, &MsgRemoveValidator{}, "azora/aegis/MsgRemoveValidator")
	legacy.RegisterAminoMsg(cdc, &MsgMintStake{}, "azora/aegis/MsgMintStake")
	legacy.RegisterAminoMsg(cdc, &MsgBurnStake{}, "azora/aegis/MsgBurnStake")

	cdc.RegisterInterface((*isRule_Kind)(nil), nil)
	cdc.RegisterConcrete(&Rule_Standing{}, "azora/aegis/StandingRule", nil)
	cdc.RegisterConcrete(&Rule_Velocity{}, "azora/aegis/VelocityRule", nil)
	cdc.RegisterConcrete(&Rule_MessageTypes{}, "azora/aegis/MessageTypesRule", nil)
	cdc.RegisterConcrete(&Rule_PausedModules{}, "azora/aegis/PausedModulesRule", nil)
	cdc.RegisterConcrete(&Rule_ValidatorAdmission{}, "azora/aegis/ValidatorAdmissionRule", nil)
	cdc.RegisterConcrete(Params{}, "azora/x/aegis/Params", nil)
}

// RegisterInterfaces registers the messages and the Msg service.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgUpdateParams{},
		&MsgAddArticle{},
		&MsgAmendArticle{},
		&MsgRepealArticle{},
		&MsgGrantRole{},
		&MsgRevokeRole{},
		&MsgVerifyAccount{},
		&MsgRevokeVerification{},
		&MsgFreezeAccount{},
		&MsgUnfreezeAccount{},
		&MsgAdmitValidator{},
		&MsgRemoveValidator{},
		&MsgMintStake{},
		&MsgBurnStake{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
