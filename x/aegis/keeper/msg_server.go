package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

type msgServer struct {
	k *Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the Msg service of x/aegis.
func NewMsgServerImpl(k *Keeper) types.MsgServer { return msgServer{k: k} }

// UpdateParams implements types.MsgServer: authority, then Validate, then Set.
func (ms msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := ms.k.SetParams(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventParamsUpdated{Params: msg.Params})
}

// AddArticle implements types.MsgServer.
func (ms msgServer) AddArticle(ctx context.Context, msg *types.MsgAddArticle) (*types.MsgAddArticleResponse, error) {
	id, err := ms.k.AddArticle(ctx, msg.Authority, msg.Title, msg.Text, msg.Rule, msg.Enabled)
	if err != nil {
		return nil, err
	}
	return &types.MsgAddArticleResponse{Id: id}, nil
}

// AmendArticle implements types.MsgServer.
func (ms msgServer) AmendArticle(ctx context.Context, msg *types.MsgAmendArticle) (*types.MsgAmendArticleResponse, error) {
	if err := ms.k.AmendArticle(ctx, msg.Authority, msg.Id, msg.Title, msg.Text, msg.Rule, msg.Enabled); err != nil {
		return nil, err
	}
	return &types.MsgAmendArticleResponse{}, nil
}

// RepealArticle implements types.MsgServer.
func (ms msgServer) RepealArticle(ctx context.Context, msg *types.MsgRepealArticle) (*types.MsgRepealArticleResponse, error) {
	if err := ms.k.RepealArticle(ctx, msg.Authority, msg.Id); err != nil {
		return nil, err
	}
	return &types.MsgRepealArticleResponse{}, nil
}

// GrantRole implements types.MsgServer.
func (ms msgServer) GrantRole(ctx context.Context, msg *types.MsgGrantRole) (*types.MsgGrantRoleResponse, error) {
	if err := ms.k.GrantRole(ctx, msg.Authority, msg.Role, msg.Address); err != nil {
		return nil, err
	}
	return &types.MsgGrantRoleResponse{}, nil
}

// RevokeRole implements types.MsgServer.
func (ms msgServer) RevokeRole(ctx context.Context, msg *types.MsgRevokeRole) (*types.MsgRevokeRoleResponse, error) {
	if err := ms.k.RevokeRole(ctx, msg.Authority, msg.Role, msg.Address); err != nil {
		return nil, err
	}
	return &types.MsgRevokeRoleResponse{}, nil
}

// VerifyAccount implements types.MsgServer.
func (ms msgServer) VerifyAccount(ctx context.Context, msg *types.MsgVerifyAccount) (*types.MsgVerifyAccountResponse, error) {
	if err := ms.k.VerifyAccount(ctx, msg.Attester, msg.Address, msg.Tier, msg.AttestationRef); err != nil {
		return nil, err
	}
	return &types.MsgVerifyAccountResponse{}, nil
}

// RevokeVerification implements types.MsgServer.
func (ms msgServer) RevokeVerification(ctx context.Context, msg *types.MsgRevokeVerification) (*types.MsgRevokeVerificationResponse, error) {
	if err := ms.k.RevokeVerification(ctx, msg.Attester, msg.Address, msg.Reason); err != nil {
		return nil, err
	}
	return &types.MsgRevokeVerificationResponse{}, nil
}

// FreezeAccount implements types.MsgServer.
func (ms msgServer) FreezeAccount(ctx context.Context, msg *types.MsgFreezeAccount) (*types.MsgFreezeAccountResponse, error) {
	if err := ms.k.FreezeAccount(ctx, msg.Officer, msg.Address, msg.Reason); err != nil {
		return nil, err
	}
	return &types.MsgFreezeAccountResponse{}, nil
}

// UnfreezeAccount implements types.MsgServer.
func (ms msgServer) UnfreezeAccount(ctx context.Context, msg *types.MsgUnfreezeAccount) (*types.MsgUnfreezeAccountResponse, error) {
	if err := ms.k.UnfreezeAccount(ctx, msg.Officer, msg.Address, msg.Reason); err != nil {
		return nil, err
	}
	return &types.MsgUnfreezeAccountResponse{}, nil
}

// AdmitValidator implements types.MsgServer.
func (ms msgServer) AdmitValidator(ctx context.Context, msg *types.MsgAdmitValidator) (*types.MsgAdmitValidatorResponse, error) {
	if err := ms.k.AdmitValidator(ctx, msg.Authority, msg.Operator, msg.MaxPower); err != nil {
		return nil, err
	}
	return &types.MsgAdmitValidatorResponse{}, nil
}

// RemoveValidator implements types.MsgServer.
func (ms msgServer) RemoveValidator(ctx context.Context, msg *types.MsgRemoveValidator) (*types.MsgRemoveValidatorResponse, error) {
	jailed, err := ms.k.RemoveValidator(ctx, msg.Authority, msg.Operator, msg.Reason)
	if err != nil {
		return nil, err
	}
	return &types.MsgRemoveValidatorResponse{Jailed: jailed}, nil
}

// MintStake implements types.MsgServer.
func (ms msgServer) MintStake(ctx context.Context, msg *types.MsgMintStake) (*types.MsgMintStakeResponse, error) {
	if err := ms.k.MintStake(ctx, msg.Authority, msg.Operator, msg.Amount); err != nil {
		return nil, err
	}
	return &types.MsgMintStakeResponse{}, nil
}

// BurnStake implements types.MsgServer.
func (ms msgServer) BurnStake(ctx context.Context, msg *types.MsgBurnStake) (*types.MsgBurnStakeResponse, error) {
	if err := ms.k.BurnStake(ctx, msg.Authority, msg.Operator, msg.Amount); err != nil {
		return nil, err
	}
	return &types.MsgBurnStakeResponse{}, nil
}
