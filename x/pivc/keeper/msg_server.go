package keeper

import (
	"context"

	"github.com/azora-os/nexus/types/addresses"
	"github.com/azora-os/nexus/x/pivc/types"
)

// msgServer is the x/pivc Msg service. Every handler decodes the addresses
// (addresses.Account: sdkerrors.ErrInvalidAddress), checks the authority
// where the message is the authority's, and calls one keeper method with
// typed values (docs/architecture.md). ValidateBasic has run already and is
// not run again.
type msgServer struct{ k Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/pivc Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k: k} }

// UpdateParams checks the authority, then validates, stores and announces
// the params.
func (ms msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, ms.k.updateParams(ctx, msg.Params)
}

// SpendGrowth checks the authority and pays from the growth pool.
func (ms msgServer) SpendGrowth(ctx context.Context, msg *types.MsgSpendGrowth) (*types.MsgSpendGrowthResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	recipient, err := addresses.Account(ms.k.ak.AddressCodec(), "recipient", msg.Recipient)
	if err != nil {
		return nil, err
	}
	return &types.MsgSpendGrowthResponse{}, ms.k.SpendGrowth(ctx, recipient, msg.Amount, msg.Purpose)
}

// ClaimUBO pays the claimant its accrued UBO.
func (ms msgServer) ClaimUBO(ctx context.Context, msg *types.MsgClaimUBO) (*types.MsgClaimUBOResponse, error) {
	claimant, err := addresses.Account(ms.k.ak.AddressCodec(), "claimant", msg.Claimant)
	if err != nil {
		return nil, err
	}
	paid, err := ms.k.ClaimUBO(ctx, claimant)
	if err != nil {
		return nil, err
	}
	return &types.MsgClaimUBOResponse{Amount: paid}, nil
}
