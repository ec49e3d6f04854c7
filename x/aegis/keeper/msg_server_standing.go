package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

// roleSigner decodes the signer of a role holder's message and the account
// it acts on, and checks that the signer holds role or is the authority.
func (ms msgServer) roleSigner(ctx context.Context, role types.Role, field, signer, address string) (sdk.AccAddress, sdk.AccAddress, error) {
	s, err := ms.account(field, signer)
	if err != nil {
		return nil, nil, err
	}
	target, err := ms.account("address", address)
	if err != nil {
		return nil, nil, err
	}
	if err := ms.k.requireRole(ctx, role, s); err != nil {
		return nil, nil, err
	}
	return s, target, nil
}

// VerifyAccount implements types.MsgServer.
func (ms msgServer) VerifyAccount(ctx context.Context, msg *types.MsgVerifyAccount) (*types.MsgVerifyAccountResponse, error) {
	attester, addr, err := ms.roleSigner(ctx, types.Role_ROLE_ATTESTER, "attester", msg.Attester, msg.Address)
	if err != nil {
		return nil, err
	}
	return &types.MsgVerifyAccountResponse{}, ms.k.verifyAccount(ctx, attester, addr, msg.Tier, msg.AttestationRef)
}

// RevokeVerification implements types.MsgServer.
func (ms msgServer) RevokeVerification(ctx context.Context, msg *types.MsgRevokeVerification) (*types.MsgRevokeVerificationResponse, error) {
	attester, addr, err := ms.roleSigner(ctx, types.Role_ROLE_ATTESTER, "attester", msg.Attester, msg.Address)
	if err != nil {
		return nil, err
	}
	return &types.MsgRevokeVerificationResponse{}, ms.k.revokeVerification(ctx, attester, addr, msg.Reason)
}

// FreezeAccount implements types.MsgServer.
func (ms msgServer) FreezeAccount(ctx context.Context, msg *types.MsgFreezeAccount) (*types.MsgFreezeAccountResponse, error) {
	officer, addr, err := ms.roleSigner(ctx, types.Role_ROLE_OFFICER, "officer", msg.Officer, msg.Address)
	if err != nil {
		return nil, err
	}
	return &types.MsgFreezeAccountResponse{}, ms.k.freezeAccount(ctx, officer, addr, msg.Reason)
}

// UnfreezeAccount implements types.MsgServer.
func (ms msgServer) UnfreezeAccount(ctx context.Context, msg *types.MsgUnfreezeAccount) (*types.MsgUnfreezeAccountResponse, error) {
	officer, addr, err := ms.roleSigner(ctx, types.Role_ROLE_OFFICER, "officer", msg.Officer, msg.Address)
	if err != nil {
		return nil, err
	}
	return &types.MsgUnfreezeAccountResponse{}, ms.k.unfreezeAccount(ctx, officer, addr, msg.Reason)
}
