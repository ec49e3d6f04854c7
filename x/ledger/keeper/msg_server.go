package keeper

import (
	"context"
	"fmt"
	"time"

	"github.com/azora-os/nexus/types/addresses"
	"github.com/azora-os/nexus/x/ledger/types"
)

// msgServer is the Msg service of x/ledger. Every handler decodes the
// addresses (addresses.Account: sdkerrors.ErrInvalidAddress), checks the
// authority where the message is the authority's, and calls one keeper
// method with typed values (docs/architecture.md). ValidateBasic has run
// already and is not run again.
type msgServer struct {
	k Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/ledger Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k: k} }

// UpdateParams checks the authority, then validates, stores and announces
// the params.
func (ms msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, ms.k.updateParams(ctx, msg.Params)
}

// Transfer pays one recipient under a client reference.
func (ms msgServer) Transfer(ctx context.Context, msg *types.MsgTransfer) (*types.MsgTransferResponse, error) {
	ac := ms.k.ak.AddressCodec()
	from, err := addresses.Account(ac, "from", msg.From)
	if err != nil {
		return nil, err
	}
	to, err := addresses.Account(ac, "to", msg.To)
	if err != nil {
		return nil, err
	}
	fee, err := ms.k.Pay(ctx, from, []Payment{{To: to, Amount: msg.Amount}}, msg.Reference, msg.Memo, deadlineOf(msg.Deadline))
	if err != nil {
		return nil, err
	}
	return &types.MsgTransferResponse{Fee: fee}, nil
}

// BatchTransfer pays several recipients under one client reference.
func (ms msgServer) BatchTransfer(ctx context.Context, msg *types.MsgBatchTransfer) (*types.MsgBatchTransferResponse, error) {
	ac := ms.k.ak.AddressCodec()
	from, err := addresses.Account(ac, "from", msg.From)
	if err != nil {
		return nil, err
	}
	payments := make([]Payment, 0, len(msg.Outputs))
	for i, o := range msg.Outputs {
		to, err := addresses.Account(ac, fmt.Sprintf("output %d: to", i), o.To)
		if err != nil {
			return nil, err
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
