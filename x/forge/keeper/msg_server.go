package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/addresses"
	"github.com/azora-os/nexus/x/forge/types"
)

// msgServer is the Msg service of x/forge. Every handler has the same
// shape (docs/architecture.md): decode the addresses (addresses.Account:
// sdkerrors.ErrInvalidAddress), check the signer (the authority, or the
// arbiter role), then call one keeper method with typed values; the keeper
// method holds the rules and emits the events. (The custodian role is a
// rule of the asset, not of the signer: RegisterAsset is signed by the
// owner, so the keeper checks it.) ValidateBasic has already run (baseapp, and the message
// router for nested messages); it is not run again here.
type msgServer struct {
	k Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/forge Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k: k} }

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

// RegisterAsset implements types.MsgServer.
func (ms msgServer) RegisterAsset(ctx context.Context, msg *types.MsgRegisterAsset) (*types.MsgRegisterAssetResponse, error) {
	owner, err := ms.account("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	custodian, err := ms.account("custodian", msg.Custodian)
	if err != nil {
		return nil, err
	}
	id, err := ms.k.RegisterAsset(ctx, owner, custodian, AssetInfo{
		Kind: msg.Kind, Title: msg.Title, MetadataURI: msg.MetadataUri, MetadataHash: msg.MetadataHash,
	})
	if err != nil {
		return nil, err
	}
	return &types.MsgRegisterAssetResponse{AssetId: id}, nil
}

// TransferAsset implements types.MsgServer.
func (ms msgServer) TransferAsset(ctx context.Context, msg *types.MsgTransferAsset) (*types.MsgTransferAssetResponse, error) {
	owner, err := ms.account("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	recipient, err := ms.account("recipient", msg.Recipient)
	if err != nil {
		return nil, err
	}
	return &types.MsgTransferAssetResponse{}, ms.k.TransferAsset(ctx, owner, recipient, msg.AssetId)
}

// RecordHandover implements types.MsgServer.
func (ms msgServer) RecordHandover(ctx context.Context, msg *types.MsgRecordHandover) (*types.MsgRecordHandoverResponse, error) {
	custodian, err := ms.account("custodian", msg.Custodian)
	if err != nil {
		return nil, err
	}
	return &types.MsgRecordHandoverResponse{}, ms.k.RecordHandover(ctx, custodian, msg.OrderId, msg.Reference)
}

// CreateListing implements types.MsgServer.
func (ms msgServer) CreateListing(ctx context.Context, msg *types.MsgCreateListing) (*types.MsgCreateListingResponse, error) {
	seller, err := ms.account("seller", msg.Seller)
	if err != nil {
		return nil, err
	}
	id, err := ms.k.CreateListing(ctx, seller, ListingTerms{
		Kind: msg.Kind, Title: msg.Title, Price: msg.Price, Quantity: msg.Quantity, Expiry: msg.Expiry,
		AssetID: msg.AssetId, MinBuyerReputation: msg.MinBuyerReputation,
	})
	if err != nil {
		return nil, err
	}
	return &types.MsgCreateListingResponse{ListingId: id}, nil
}

// UpdateListing implements types.MsgServer.
func (ms msgServer) UpdateListing(ctx context.Context, msg *types.MsgUpdateListing) (*types.MsgUpdateListingResponse, error) {
	seller, err := ms.account("seller", msg.Seller)
	if err != nil {
		return nil, err
	}
	return &types.MsgUpdateListingResponse{}, ms.k.UpdateListing(ctx, seller, msg.ListingId, msg.Price, msg.Quantity)
}

// WithdrawListing implements types.MsgServer.
func (ms msgServer) WithdrawListing(ctx context.Context, msg *types.MsgWithdrawListing) (*types.MsgWithdrawListingResponse, error) {
	seller, err := ms.account("seller", msg.Seller)
	if err != nil {
		return nil, err
	}
	return &types.MsgWithdrawListingResponse{}, ms.k.WithdrawListing(ctx, seller, msg.ListingId)
}

// PlaceOrder implements types.MsgServer.
func (ms msgServer) PlaceOrder(ctx context.Context, msg *types.MsgPlaceOrder) (*types.MsgPlaceOrderResponse, error) {
	buyer, err := ms.account("buyer", msg.Buyer)
	if err != nil {
		return nil, err
	}
	o, err := ms.k.PlaceOrder(ctx, buyer, msg.ListingId, msg.Quantity, msg.UnitPrice)
	if err != nil {
		return nil, err
	}
	return &types.MsgPlaceOrderResponse{OrderId: o.Id, Amount: o.Amount, Fee: o.Fee}, nil
}

// AcceptOrder implements types.MsgServer.
func (ms msgServer) AcceptOrder(ctx context.Context, msg *types.MsgAcceptOrder) (*types.MsgAcceptOrderResponse, error) {
	seller, err := ms.account("seller", msg.Seller)
	if err != nil {
		return nil, err
	}
	return &types.MsgAcceptOrderResponse{}, ms.k.AcceptOrder(ctx, seller, msg.OrderId)
}

// ConfirmDelivery implements types.MsgServer.
func (ms msgServer) ConfirmDelivery(ctx context.Context, msg *types.MsgConfirmDelivery) (*types.MsgConfirmDeliveryResponse, error) {
	buyer, err := ms.account("buyer", msg.Buyer)
	if err != nil {
		return nil, err
	}
	held, err := ms.k.ConfirmDelivery(ctx, buyer, msg.OrderId)
	if err != nil {
		return nil, err
	}
	return &types.MsgConfirmDeliveryResponse{Held: held}, nil
}

// CancelOrder implements types.MsgServer.
func (ms msgServer) CancelOrder(ctx context.Context, msg *types.MsgCancelOrder) (*types.MsgCancelOrderResponse, error) {
	signer, err := ms.account("signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	held, err := ms.k.CancelOrder(ctx, signer, msg.OrderId)
	if err != nil {
		return nil, err
	}
	return &types.MsgCancelOrderResponse{Held: held}, nil
}

// OpenDispute implements types.MsgServer.
func (ms msgServer) OpenDispute(ctx context.Context, msg *types.MsgOpenDispute) (*types.MsgOpenDisputeResponse, error) {
	signer, err := ms.account("signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	return &types.MsgOpenDisputeResponse{}, ms.k.OpenDispute(ctx, signer, msg.OrderId, msg.Reason)
}

// ResolveDispute implements types.MsgServer.
func (ms msgServer) ResolveDispute(ctx context.Context, msg *types.MsgResolveDispute) (*types.MsgResolveDisputeResponse, error) {
	arbiter, err := ms.account("arbiter", msg.Arbiter)
	if err != nil {
		return nil, err
	}
	if err := ms.k.roles.Require(ctx, types.RoleArbiter, arbiter); err != nil {
		return nil, err
	}
	return &types.MsgResolveDisputeResponse{}, ms.k.ResolveDispute(ctx, arbiter, msg.OrderId, msg.Resolution, msg.Reason)
}
