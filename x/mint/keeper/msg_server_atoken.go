package keeper

import (
	"context"

	"github.com/azora-os/nexus/x/mint/types"
)

// CharterAToken implements types.MsgServer.
func (ms msgServer) CharterAToken(ctx context.Context, msg *types.MsgCharterAToken) (*types.MsgCharterATokenResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	issuer, err := ms.decode("issuer", msg.Issuer)
	if err != nil {
		return nil, err
	}
	token, err := ms.k.CharterAToken(ctx, msg.Symbol, msg.Name, msg.Description, msg.Exponent, issuer, msg.MaxSupply)
	if err != nil {
		return nil, err
	}
	return &types.MsgCharterATokenResponse{Denom: token.Denom()}, nil
}

// SetATokenIssuer implements types.MsgServer.
func (ms msgServer) SetATokenIssuer(ctx context.Context, msg *types.MsgSetATokenIssuer) (*types.MsgSetATokenIssuerResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	issuer, err := ms.decode("issuer", msg.Issuer)
	if err != nil {
		return nil, err
	}
	return &types.MsgSetATokenIssuerResponse{}, ms.k.SetATokenIssuer(ctx, msg.Symbol, issuer)
}

// SetATokenMaxSupply implements types.MsgServer.
func (ms msgServer) SetATokenMaxSupply(ctx context.Context, msg *types.MsgSetATokenMaxSupply) (*types.MsgSetATokenMaxSupplyResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgSetATokenMaxSupplyResponse{}, ms.k.SetATokenMaxSupply(ctx, msg.Symbol, msg.MaxSupply)
}

// PauseAToken implements types.MsgServer.
func (ms msgServer) PauseAToken(ctx context.Context, msg *types.MsgPauseAToken) (*types.MsgPauseATokenResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgPauseATokenResponse{}, ms.k.SetATokenPaused(ctx, msg.Symbol, true)
}

// ResumeAToken implements types.MsgServer.
func (ms msgServer) ResumeAToken(ctx context.Context, msg *types.MsgResumeAToken) (*types.MsgResumeATokenResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgResumeATokenResponse{}, ms.k.SetATokenPaused(ctx, msg.Symbol, false)
}
