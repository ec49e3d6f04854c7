package keeper

import (
	"context"

	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/addresses"
	"github.com/azora-os/nexus/x/aegis/types"
)

// msgServer is the Msg service of x/aegis. Every handler has the same
// shape (docs/architecture.md): decode the addresses (addresses.Account:
// sdkerrors.ErrInvalidAddress), check the signer (the authority, or a role
// holder or the authority), then call one keeper method with typed values;
// the keeper method holds the rules and emits the event. ValidateBasic has
// already run (baseapp, and the message router for nested messages); it is
// not run again here.
type msgServer struct {
	k *Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the Msg service of x/aegis.
func NewMsgServerImpl(k *Keeper) types.MsgServer { return msgServer{k: k} }

// emit emits a typed event on the context's event manager.
func emit(ctx context.Context, ev proto.Message) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(ev)
}

// account decodes the bech32 account address of the Msg field named field.
func (ms msgServer) account(field, s string) (sdk.AccAddress, error) {
	return addresses.Account(ms.k.ac, field, s)
}

// authorityAddr checks that signer is the authority and decodes it.
func (ms msgServer) authorityAddr(ctx context.Context, signer string) (sdk.AccAddress, error) {
	if err := ms.k.checkAuthority(ctx, signer); err != nil {
		return nil, err
	}
	return ms.account("authority", signer)
}

// UpdateParams implements types.MsgServer.
func (ms msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, ms.k.updateParams(ctx, msg.Params)
}

// AddArticle implements types.MsgServer.
func (ms msgServer) AddArticle(ctx context.Context, msg *types.MsgAddArticle) (*types.MsgAddArticleResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	id, err := ms.k.addArticle(ctx, msg.Title, msg.Text, msg.Rule, msg.Enabled)
	if err != nil {
		return nil, err
	}
	return &types.MsgAddArticleResponse{Id: id}, nil
}

// AmendArticle implements types.MsgServer.
func (ms msgServer) AmendArticle(ctx context.Context, msg *types.MsgAmendArticle) (*types.MsgAmendArticleResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgAmendArticleResponse{}, ms.k.amendArticle(ctx, msg.Id, msg.Title, msg.Text, msg.Rule, msg.Enabled)
}

// RepealArticle implements types.MsgServer.
func (ms msgServer) RepealArticle(ctx context.Context, msg *types.MsgRepealArticle) (*types.MsgRepealArticleResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgRepealArticleResponse{}, ms.k.repealArticle(ctx, msg.Id)
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
