package keeper

import (
	"context"

	"github.com/azora-os/nexus/x/forge/types"
)

type msgServer struct {
	k Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/forge Msg service. Each handler checks the
// signer's authority where one is needed and calls one keeper method, which
// holds the rules and emits the events.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k: k} }

// UpdateParams implements types.MsgServer: authority → validate → set.
func (ms msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := ms.k.SetParams(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, emit(ctx, &types.EventParamsUpdated{Params: msg.Params})
}

// GrantRole implements types.MsgServer.
func (ms msgServer) GrantRole(ctx context.Context, msg *types.MsgGrantRole) (*types.MsgGrantRoleResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgGrantRoleResponse{}, ms.k.GrantRole(ctx, msg.Role, msg.Address)
}

// RevokeRole implements types.MsgServer.
func (ms msgServer) RevokeRole(ctx context.Context, msg *types.MsgRevokeRole) (*types.MsgRevokeRoleResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgRevokeRoleResponse{}, ms.k.RevokeRole(ctx, msg.Role, msg.Address)
}

// RegisterAsset implements types.MsgServer.
func (ms msgServer) RegisterAsset(ctx context.Context, msg *types.MsgRegisterAsset) (*types.MsgRegisterAssetResponse, error) {
	id, err := ms.k.RegisterAsset(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgRegisterAssetResponse{AssetId: id}, nil
}

// TransferAsset implements types.MsgServer.
func (ms msgServer) TransferAsset(ctx context.Context, msg *types.MsgTransferAsset) (*types.MsgTransferAssetResponse, error) {
	return &types.MsgTransferAssetResponse{}, ms.k.TransferAsset(ctx, msg)
}

// RecordHandover implements types.MsgServer.
func (ms msgServer) RecordHandover(ctx context.Context, msg *types.MsgRecordHandover) (*types.MsgRecordHandoverResponse, error) {
	return &types.MsgRecordHandoverResponse{}, ms.k.RecordHandover(ctx, msg)
}

// CreateListing implements types.MsgServer.
func (ms msgServer) CreateListing(ctx context.Context, msg *types.MsgCreateListing) (*types.MsgCreateListingResponse, error) {
	id, err := ms.k.CreateListing(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgCreateListingResponse{ListingId: id}, nil
}

// UpdateListing implements types.MsgServer.
func (ms msgServer) UpdateListing(ctx context.Context, msg *types.MsgUpdateListing) (*types.MsgUpdateListingResponse, error) {
	return &types.MsgUpdateListingResponse{}, ms.k.UpdateListing(ctx, msg)
}

// WithdrawListing implements types.MsgServer.
func (ms msgServer) WithdrawListing(ctx context.Context, msg *types.MsgWithdrawListing) (*types.MsgWithdrawListingResponse, error) {
	return &types.MsgWithdrawListingResponse{}, ms.k.WithdrawListing(ctx, msg)
}

// PlaceOrder implements types.MsgServer.
func (ms msgServer) PlaceOrder(ctx context.Context, msg *types.MsgPlaceOrder) (*types.MsgPlaceOrderResponse, error) {
	return ms.k.PlaceOrder(ctx, msg)
}

// AcceptOrder implements types.MsgServer.
func (ms msgServer) AcceptOrder(ctx context.Context, msg *types.MsgAcceptOrder) (*types.MsgAcceptOrderResponse, error) {
	return &types.MsgAcceptOrderResponse{}, ms.k.AcceptOrder(ctx, msg)
}

// ConfirmDelivery implements types.MsgServer.
func (ms msgServer) ConfirmDelivery(ctx context.Context, msg *types.MsgConfirmDelivery) (*types.MsgConfirmDeliveryResponse, error) {
	held, err := ms.k.ConfirmDelivery(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgConfirmDeliveryResponse{Held: held}, nil
}

// CancelOrder implements types.MsgServer.
func (ms msgServer) CancelOrder(ctx context.Context, msg *types.MsgCancelOrder) (*types.MsgCancelOrderResponse, error) {
	held, err := ms.k.CancelOrder(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgCancelOrderResponse{Held: held}, nil
}

// OpenDispute implements types.MsgServer.
func (ms msgServer) OpenDispute(ctx context.Context, msg *types.MsgOpenDispute) (*types.MsgOpenDisputeResponse, error) {
	return &types.MsgOpenDisputeResponse{}, ms.k.OpenDispute(ctx, msg)
}

// ResolveDispute implements types.MsgServer.
func (ms msgServer) ResolveDispute(ctx context.Context, msg *types.MsgResolveDispute) (*types.MsgResolveDisputeResponse, error) {
	return &types.MsgResolveDisputeResponse{}, ms.k.ResolveDispute(ctx, msg)
}
