package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/addresses"
	"github.com/azora-os/nexus/types/authority"
	"github.com/azora-os/nexus/x/mesh/types"
)

// msgServer is the Msg service of x/mesh. Every handler has the same shape
// (docs/architecture.md): decode the addresses (addresses.Account:
// sdkerrors.ErrInvalidAddress), check the authority where the message is
// the authority's, then call one keeper method with typed values; the
// keeper method holds the rules and emits the events. x/mesh's messages
// have no ValidateBasic: the keeper checks their fields once, before the
// signer's role (the registry's check), so a malformed message is refused
// as such whoever sends it.
type msgServer struct {
	k Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the mesh Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer {
	return msgServer{k: k}
}

// account decodes the bech32 account address of the Msg field named field.
func (ms msgServer) account(field, s string) (sdk.AccAddress, error) {
	return addresses.Account(ms.k.addressCodec, field, s)
}

// authorityAddr checks that signer is the module authority (or the
// consensus-level authority when one is set, as sdk.ValidateAuthority
// does) and decodes it.
func (ms msgServer) authorityAddr(ctx context.Context, signer string) (sdk.AccAddress, error) {
	if err := authority.Check(ctx, ms.k.authority, signer); err != nil {
		return nil, err
	}
	return ms.account("authority", signer)
}

// UpdateParams implements types.MsgServer.
func (ms msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	by, err := ms.authorityAddr(ctx, msg.Authority)
	if err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, ms.k.updateParams(ctx, by, msg.Params)
}

// GrantRole implements types.MsgServer.
func (ms msgServer) GrantRole(ctx context.Context, msg *types.MsgGrantRole) (*types.MsgGrantRoleResponse, error) {
	by, err := ms.authorityAddr(ctx, msg.Authority)
	if err != nil {
		return nil, err
	}
	addr, err := ms.account("address", msg.Address)
	if err != nil {
		return nil, err
	}
	return &types.MsgGrantRoleResponse{}, ms.k.roles.Grant(ctx, msg.Role, addr, by)
}

// RevokeRole implements types.MsgServer.
func (ms msgServer) RevokeRole(ctx context.Context, msg *types.MsgRevokeRole) (*types.MsgRevokeRoleResponse, error) {
	by, err := ms.authorityAddr(ctx, msg.Authority)
	if err != nil {
		return nil, err
	}
	addr, err := ms.account("address", msg.Address)
	if err != nil {
		return nil, err
	}
	return &types.MsgRevokeRoleResponse{}, ms.k.roles.Revoke(ctx, msg.Role, addr, by)
}

// RegisterNode implements types.MsgServer.
func (ms msgServer) RegisterNode(ctx context.Context, msg *types.MsgRegisterNode) (*types.MsgRegisterNodeResponse, error) {
	signer, err := ms.account("signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	owner, err := ms.account("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	node, err := ms.k.RegisterNode(ctx, signer, msg.Id, msg.Type, owner, msg.Metadata)
	if err != nil {
		return nil, err
	}
	return &types.MsgRegisterNodeResponse{Node: node}, nil
}

// DeregisterNode implements types.MsgServer.
func (ms msgServer) DeregisterNode(ctx context.Context, msg *types.MsgDeregisterNode) (*types.MsgDeregisterNodeResponse, error) {
	signer, err := ms.account("signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	return &types.MsgDeregisterNodeResponse{}, ms.k.DeregisterNode(ctx, signer, msg.NodeId)
}

// SetConsent implements types.MsgServer.
func (ms msgServer) SetConsent(ctx context.Context, msg *types.MsgSetConsent) (*types.MsgSetConsentResponse, error) {
	owner, err := ms.account("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	if _, err := ms.k.SetConsent(ctx, owner, msg.NodeId, msg.Consent()); err != nil {
		return nil, err
	}
	return &types.MsgSetConsentResponse{}, nil
}

// SubmitFeedback implements types.MsgServer.
func (ms msgServer) SubmitFeedback(ctx context.Context, msg *types.MsgSubmitFeedback) (*types.MsgSubmitFeedbackResponse, error) {
	reporter, err := ms.account("reporter", msg.Reporter)
	if err != nil {
		return nil, err
	}
	res, err := ms.k.SubmitFeedback(ctx, reporter, msg.Item())
	if err != nil {
		return nil, err
	}
	return &types.MsgSubmitFeedbackResponse{Result: res}, nil
}

// SubmitFeedbackBatch implements types.MsgServer.
func (ms msgServer) SubmitFeedbackBatch(ctx context.Context, msg *types.MsgSubmitFeedbackBatch) (*types.MsgSubmitFeedbackBatchResponse, error) {
	reporter, err := ms.account("reporter", msg.Reporter)
	if err != nil {
		return nil, err
	}
	results, err := ms.k.SubmitFeedbackBatch(ctx, reporter, msg.Items)
	if err != nil {
		return nil, err
	}
	return &types.MsgSubmitFeedbackBatchResponse{Results: results}, nil
}

// CommitModel implements types.MsgServer.
func (ms msgServer) CommitModel(ctx context.Context, msg *types.MsgCommitModel) (*types.MsgCommitModelResponse, error) {
	reporter, err := ms.account("reporter", msg.Reporter)
	if err != nil {
		return nil, err
	}
	rec, err := ms.k.CommitModel(ctx, reporter, msg.Record(), msg.ActionId)
	if err != nil {
		return nil, err
	}
	return &types.MsgCommitModelResponse{Record: rec}, nil
}

// RecordAnalysis implements types.MsgServer.
func (ms msgServer) RecordAnalysis(ctx context.Context, msg *types.MsgRecordAnalysis) (*types.MsgRecordAnalysisResponse, error) {
	reporter, err := ms.account("reporter", msg.Reporter)
	if err != nil {
		return nil, err
	}
	out, err := ms.k.RecordAnalysis(ctx, reporter, msg.Slots(), msg.ContextHash, msg.Inputs, msg.ActionId)
	if err != nil {
		return nil, err
	}
	return &types.MsgRecordAnalysisResponse{Outcome: out}, nil
}
