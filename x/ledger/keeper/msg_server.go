package keeper

import (
	"context"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/x/ledger/types"
)

type msgServer struct {
	k Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/ledger Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k: k} }

// UpdateParams checks the authority, validates and stores the params.
func (ms msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := ms.k.SetParams(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventParamsUpdated{Params: msg.Params})
}

// Transfer pays one recipient under a client reference.
func (ms msgServer) Transfer(ctx context.Context, msg *types.MsgTransfer) (*types.MsgTransferResponse, error) {
	codec := ms.k.ak.AddressCodec()
	from, err := codec.StringToBytes(msg.From)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("from %q: %s", msg.From, err)
	}
	to, err := codec.StringToBytes(msg.To)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("to %q: %s", msg.To, err)
	}
	fee, err := ms.k.Pay(ctx, from, []Payment{{To: to, Amount: msg.Amount}}, msg.Reference, msg.Memo, deadlineOf(msg.Deadline))
	if err != nil {
		return nil, err
	}
	return &types.MsgTransferResponse{Fee: fee}, nil
}

// BatchTransfer pays several recipients under one client reference.
func (ms msgServer) BatchTransfer(ctx context.Context, msg *types.MsgBatchTransfer) (*types.MsgBatchTransferResponse, error) {
	codec := ms.k.ak.AddressCodec()
	from, err := codec.StringToBytes(msg.From)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("from %q: %s", msg.From, err)
	}
	payments := make([]Payment, 0, len(msg.Outputs))
	for i, o := range msg.Outputs {
		to, err := codec.StringToBytes(o.To)
		if err != nil {
			return nil, sdkerrors.ErrInvalidAddress.Wrapf("output %d: to %q: %s", i, o.To, err)
		}
		payments = append(payments, Payment{To: to, Amount: o.Amount})
	}
	fee, err := ms.k.Pay(ctx, from, payments, msg.Reference, msg.Memo, deadlineOf(msg.Deadline))
	if err != nil {
		return nil, err
	}
	return &types.MsgBatchTransferResponse{Fee: fee}, nil
}

// deadlineOf returns a message's deadline, or the zero time (refused by
// Pay) if it has none.
func deadlineOf(d *time.Time) time.Time {
	if d == nil {
		return time.Time{}
	}
	return *d
}
