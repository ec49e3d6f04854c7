package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the Msgs for Amino JSON signing
// (Ledger). The names match the amino.name options in tx.proto.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "azora/mesh/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgGrantRole{}, "azora/mesh/MsgGrantRole")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeRole{}, "azora/mesh/MsgRevokeRole")
	legacy.RegisterAminoMsg(cdc, &MsgRegisterNode{}, "azora/mesh/MsgRegisterNode")
	legacy.RegisterAminoMsg(cdc, &MsgDeregisterNode{}, "azora/mesh/MsgDeregisterNode")
	legacy.RegisterAminoMsg(cdc, &MsgSetConsent{}, "azora/mesh/MsgSetConsent")
	legacy.RegisterAminoMsg(cdc, &MsgSubmitFeedback{}, "azora/mesh/MsgSubmitFeedback")
	legacy.RegisterAminoMsg(cdc, &MsgSubmitFeedbackBatch{}, "azora/mesh/MsgSubmitFeedbackBatch")
	legacy.RegisterAminoMsg(cdc, &MsgCommitModel{}, "azora/mesh/MsgCommitModel")
	legacy.RegisterAminoMsg(cdc, &MsgRecordAnalysis{}, "azora/mesh/MsgRecordAnalysis")
	cdc.RegisterConcrete(&Params{}, "azora/x/mesh/Params", nil)
}

// RegisterInterfaces registers the Msgs with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgUpdateParams{},
		&MsgGrantRole{},
		&MsgRevokeRole{},
		&MsgRegisterNode{},
		&MsgDeregisterNode{},
		&MsgSetConsent{},
		&MsgSubmitFeedback{},
		&MsgSubmitFeedbackBatch{},
		&MsgCommitModel{},
		&MsgRecordAnalysis{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
