package keeper

import (
	"context"

	"github.com/azora-os/nexus/x/mint/types"
)

// Mint implements types.MsgServer.
func (ms msgServer) Mint(ctx context.Context, msg *types.MsgMint) (*types.MsgMintResponse, error) {
	minter, err := ms.decode("minter", msg.Minter)
	if err != nil {
		return nil, err
	}
	recipient, err := ms.decode("recipient", msg.Recipient)
	if err != nil {
		return nil, err
	}
	supply, err := ms.k.Mint(ctx, minter, recipient, msg.Amount)
	if err != nil {
		return nil, err
	}
	return &types.MsgMintResponse{Supply: supply}, nil
}

// Burn implements types.MsgServer.
func (ms msgServer) Burn(ctx context.Context, msg *types.MsgBurn) (*types.MsgBurnResponse, error) {
	owner, err := ms.decode("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	supply, err := ms.k.Burn(ctx, owner, msg.Amount)
	if err != nil {
		return nil, err
	}
	return &types.MsgBurnResponse{Supply: supply}, nil
}
