package keeper

import (
	"context"

	"github.com/azora-os/nexus/x/mint/types"
)

// SetTreasurer implements types.MsgServer.
func (ms msgServer) SetTreasurer(ctx context.Context, msg *types.MsgSetTreasurer) (*types.MsgSetTreasurerResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	addr, err := ms.decode("treasurer", msg.Treasurer)
	if err != nil {
		return nil, err
	}
	return &types.MsgSetTreasurerResponse{}, ms.k.SetTreasurer(ctx, addr, msg.Allowance)
}

// RevokeTreasurer implements types.MsgServer.
func (ms msgServer) RevokeTreasurer(ctx context.Context, msg *types.MsgRevokeTreasurer) (*types.MsgRevokeTreasurerResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	addr, err := ms.decode("treasurer", msg.Treasurer)
	if err != nil {
		return nil, err
	}
	return &types.MsgRevokeTreasurerResponse{}, ms.k.RevokeTreasurer(ctx, addr)
}
