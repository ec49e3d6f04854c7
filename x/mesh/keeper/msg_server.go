package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/types/authority"
	"github.com/azora-os/nexus/x/mesh/types"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the mesh Msg service. Each handler decodes the
// addresses, checks the authority where needed and calls one keeper method,
// which holds the rules and emits the events.
func NewMsgServerImpl(k Keeper) types.MsgServer {
	return msgServer{Keeper: k}
}

// checkAuthority accepts only the module authority (or the consensus-level
// authority when one is set, as sdk.ValidateAuthority does).
func (ms msgServer) checkAuthority(ctx context.Context, got string) error {
	return authority.Check(ctx, ms.authority, got)
}

func (ms msgServer) addr(field, s string) (sdk.AccAddress, error) {
	bz, err := ms.addressCodec.StringToBytes(s)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("%s %q: %s", field, s, err)
	}
	return bz, nil
}

// UpdateParams implements types.MsgServer: authority → Validate → Set.
func (ms msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := ms.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := ms.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, emit(ctx, types.NewEventParamsUpdated(msg.Authority, msg.Params))
}

// GrantRole implements types.MsgServer.
func (ms msgServer) GrantRole(ctx context.Context, msg *types.MsgGrantRole) (*types.MsgGrantRoleResponse, error) {
	if err := ms.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	addr, err := ms.addr("address", msg.Address)
	if err != nil {
		return nil, err
	}
	return &types.MsgGrantRoleResponse{}, ms.Keeper.GrantRole(ctx, msg.Authority, msg.Role, addr)
}

// RevokeRole implements types.MsgServer.
func (ms msgServer) RevokeRole(ctx context.Context, msg *types.MsgRevokeRole) (*types.MsgRevokeRoleResponse, error) {
	if err := ms.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	addr, err := ms.addr("address", msg.Address)
	if err != nil {
		return nil, err
	}
	return &types.MsgRevokeRoleResponse{}, ms.Keeper.RevokeRole(ctx, msg.Authority, msg.Role, addr)
}

// RegisterNode implements types.MsgServer.
func (ms msgServer) RegisterNode(ctx context.Context, msg *types.MsgRegisterNode) (*types.MsgRegisterNodeResponse, error) {
	signer, err := ms.addr("signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	owner, err := ms.addr("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	node, err := ms.Keeper.RegisterNode(ctx, signer, msg.Id, msg.Type, owner, msg.Metadata)
	if err != nil {
		return nil, err
	}
	return &types.MsgRegisterNodeResponse{Node: node}, nil
}

// DeregisterNode implements types.MsgServer.
func (ms msgServer) DeregisterNode(ctx context.Context, msg *types.MsgDeregisterNode) (*types.MsgDeregisterNodeResponse, error) {
	signer, err := ms.addr("signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	return &types.MsgDeregisterNodeResponse{}, ms.Keeper.DeregisterNode(ctx, signer, msg.NodeId)
}

// SetConsent implements types.MsgServer.
func (ms msgServer) SetConsent(ctx context.Context, msg *types.MsgSetConsent) (*types.MsgSetConsentResponse, error) {
	owner, err := ms.addr("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	if _, err := ms.Keeper.SetConsent(ctx, owner, msg.NodeId, msg.Consent()); err != nil {
		return nil, err
	}
	return &types.MsgSetConsentResponse{}, nil
}

// SubmitFeedback implements types.MsgServer.
func (ms msgServer) SubmitFeedback(ctx context.Context, msg *types.MsgSubmitFeedback) (*types.MsgSubmitFeedbackResponse, error) {
	reporter, err := ms.addr("reporter", msg.Reporter)
	if err != nil {
		return nil, err
	}
	res, err := ms.Keeper.SubmitFeedback(ctx, reporter, msg.Item())
	if err != nil {
		return nil, err
	}
	return &types.MsgSubmitFeedbackResponse{Result: res}, nil
}

// SubmitFeedbackBatch implements types.MsgServer.
func (ms msgServer) SubmitFeedbackBatch(ctx context.Context, msg *types.MsgSubmitFeedbackBatch) (*types.MsgSubmitFeedbackBatchResponse, error) {
	reporter, err := ms.addr("reporter", msg.Reporter)
	if err != nil {
		return nil, err
	}
	results, err := ms.Keeper.SubmitFeedbackBatch(ctx, reporter, msg.Items)
	if err != nil {
		return nil, err
	}
	return &types.MsgSubmitFeedbackBatchResponse{Results: results}, nil
}

// CommitModel implements types.MsgServer.
func (ms msgServer) CommitModel(ctx context.Context, msg *types.MsgCommitModel) (*types.MsgCommitModelResponse, error) {
	reporter, err := ms.addr("reporter", msg.Reporter)
	if err != nil {
		return nil, err
	}
	rec, err := ms.Keeper.CommitModel(ctx, reporter, msg.Record(), msg.ActionId)
	if err != nil {
		return nil, err
	}
	return &types.MsgCommitModelResponse{Record: rec}, nil
}

// RecordAnalysis implements types.MsgServer.
func (ms msgServer) RecordAnalysis(ctx context.Context, msg *types.MsgRecordAnalysis) (*types.MsgRecordAnalysisResponse, error) {
	reporter, err := ms.addr("reporter", msg.Reporter)
	if err != nil {
		return nil, err
	}
	out, err := ms.Keeper.RecordAnalysis(ctx, reporter, msg.Slots(), msg.ContextHash, msg.Inputs, msg.ActionId)
	if err != nil {
		return nil, err
	}
	return &types.MsgRecordAnalysisResponse{Outcome: out}, nil
}
