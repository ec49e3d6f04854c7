package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/x/pivc/types"
)

type msgServer struct{ k Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/pivc Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k: k} }

// UpdateParams checks the authority, validates and stores the params.
func (ms msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := ms.k.SetParams(ctx, msg.Params); err != nil {
		return nil, err
	}
	stored, err := ms.k.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventParamsUpdated{Params: stored})
}

// SpendGrowth checks the authority and pays from the growth pool.
func (ms msgServer) SpendGrowth(ctx context.Context, msg *types.MsgSpendGrowth) (*types.MsgSpendGrowthResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	recipient, err := ms.k.ak.AddressCodec().StringToBytes(msg.Recipient)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("recipient %q: %s", msg.Recipient, err)
	}
	if err := ms.k.SpendGrowth(ctx, recipient, msg.Amount, msg.Purpose); err != nil {
		return nil, err
	}
	return &types.MsgSpendGrowthResponse{}, nil
}

// ClaimUBO pays the claimant its accrued UBO.
func (ms msgServer) ClaimUBO(ctx context.Context, msg *types.MsgClaimUBO) (*types.MsgClaimUBOResponse, error) {
	claimant, err := ms.k.ak.AddressCodec().StringToBytes(msg.Claimant)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("claimant %q: %s", msg.Claimant, err)
	}
	paid, err := ms.k.ClaimUBO(ctx, claimant)
	if err != nil {
		return nil, err
	}
	return &types.MsgClaimUBOResponse{Amount: paid}, nil
}
