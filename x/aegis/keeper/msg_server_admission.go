package keeper

import (
	"context"

	"github.com/azora-os/nexus/x/aegis/types"
)

// The messages of the validator-admission part (admission.go): all the
// authority's. Operator addresses (azoravaloper...) decode with
// types.ValidateOperator, in the same error family as account addresses
// (sdkerrors.ErrInvalidAddress).

// AdmitValidator implements types.MsgServer.
func (ms msgServer) AdmitValidator(ctx context.Context, msg *types.MsgAdmitValidator) (*types.MsgAdmitValidatorResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	op, err := types.ValidateOperator(msg.Operator)
	if err != nil {
		return nil, err
	}
	return &types.MsgAdmitValidatorResponse{}, ms.k.admission.admit(ctx, op, msg.MaxPower)
}

// RemoveValidator implements types.MsgServer.
func (ms msgServer) RemoveValidator(ctx context.Context, msg *types.MsgRemoveValidator) (*types.MsgRemoveValidatorResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	op, err := types.ValidateOperator(msg.Operator)
	if err != nil {
		return nil, err
	}
	jailed, err := ms.k.admission.remove(ctx, op, msg.Reason)
	if err != nil {
		return nil, err
	}
	return &types.MsgRemoveValidatorResponse{Jailed: jailed}, nil
}

// MintStake implements types.MsgServer.
func (ms msgServer) MintStake(ctx context.Context, msg *types.MsgMintStake) (*types.MsgMintStakeResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	op, err := types.ValidateOperator(msg.Operator)
	if err != nil {
		return nil, err
	}
	return &types.MsgMintStakeResponse{}, ms.k.admission.mintStake(ctx, op, msg.Amount)
}

// BurnStake implements types.MsgServer.
func (ms msgServer) BurnStake(ctx context.Context, msg *types.MsgBurnStake) (*types.MsgBurnStakeResponse, error) {
	if err := ms.k.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	op, err := types.ValidateOperator(msg.Operator)
	if err != nil {
		return nil, err
	}
	return &types.MsgBurnStakeResponse{}, ms.k.admission.burnStake(ctx, op, msg.Amount)
}
