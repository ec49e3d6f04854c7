package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/addresses"
	"github.com/azora-os/nexus/x/mint/types"
)

type msgServer struct {
	k Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/mint Msg service. Each handler decodes the
// addresses, checks the signer's authority or role and calls one keeper
// method, which holds the rules and emits the event.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k: k} }

// UpdateParams implements types.MsgServer.
func (ms msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, ms.k.updateParams(ctx, msg.Params)
}

// decode returns the bytes of a bech32 account address; what names the
// field in the error.
func (ms msgServer) decode(what, addr string) (sdk.AccAddress, error) {
	return addresses.Account(ms.k.addressCodec, what, addr)
}
