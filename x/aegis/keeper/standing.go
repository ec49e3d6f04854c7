package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

// getRecord returns the record of addr and whether one exists.
func (k *Keeper) getRecord(ctx context.Context, addr sdk.AccAddress) (types.AccountStanding, bool, error) {
	s, err := k.Standings.Get(ctx, addr)
	if err != nil {
		if errorsIsNotFound(err) {
			return types.AccountStanding{}, false, nil
		}
		return types.AccountStanding{}, false, err
	}
	return s, true, nil
}

// setStanding stores s for addr (deleting the record if it holds nothing)
// and tells the eligibility hooks.
func (k *Keeper) setStanding(ctx context.Context, addr sdk.AccAddress, s types.AccountStanding) error {
	s.Address = "" // the key holds it
	if s.Tier == "" && !s.Frozen {
		if err := k.Standings.Remove(ctx, addr); err != nil {
			return err
		}
	} else if err := k.Standings.Set(ctx, addr, s); err != nil {
		return err
	}
	if k.hooks != nil {
		return k.hooks.AfterEligibilityChanged(ctx, addr, s.Eligible())
	}
	return nil
}

// requireRole returns ErrMissingRole unless signer holds role or is the
// authority (the authority may do whatever a role holder may).
func (k *Keeper) requireRole(ctx context.Context, role types.Role, signer sdk.AccAddress) error {
	if k.isAuthority(ctx, signer) {
		return nil
	}
	return k.roles.Require(ctx, role, signer)
}

// checkTarget refuses a standing change of the authority or of a module
// account: their standing cannot change.
func (k *Keeper) checkTarget(ctx context.Context, addr sdk.AccAddress) error {
	if k.isAuthority(ctx, addr) {
		return types.ErrInvalidStanding.Wrapf("%s is the authority; its standing cannot change", k.str(addr))
	}
	if k.isModuleAccount(ctx, addr) {
		return types.ErrInvalidStanding.Wrapf("%s is a module account; its standing cannot change", k.str(addr))
	}
	return nil
}

// verifyAccount verifies addr at tier, or changes its tier, on behalf of
// attester (an attester or the authority: the msg server checked). The
// tier must be a tier of the enabled velocity article (any well-formed tier
// if there is none). A frozen account stays frozen.
func (k *Keeper) verifyAccount(ctx context.Context, attester, addr sdk.AccAddress, tier, ref string) error {
	if err := types.ValidateTierName(tier); err != nil {
		return err
	}
	if err := types.ValidateAttestation(ref); err != nil {
		return err
	}
	if err := k.checkTarget(ctx, addr); err != nil {
		return err
	}
	if attester.Equals(addr) {
		return types.ErrInvalidStanding.Wrap("an attester cannot verify itself")
	}
	policy, err := k.getPolicy(ctx)
	if err != nil {
		return err
	}
	if policy.VelocityArticleId != 0 && !policy.HasTier(tier) {
		return types.ErrInvalidTier.Wrapf("%s is not a tier of article %d (tiers: %v)", tier, policy.VelocityArticleId, policy.Tiers)
	}
	s, _, err := k.getRecord(ctx, addr)
	if err != nil {
		return err
	}
	previous := s.Tier
	now := sdk.UnwrapSDKContext(ctx).BlockTime().UTC()
	s.Tier, s.AttestationRef, s.Attester, s.VerifiedAt = tier, ref, k.str(attester), &now
	if err := k.setStanding(ctx, addr, s); err != nil {
		return err
	}
	return emit(ctx, types.NewEventAccountVerified(k.str(addr), previous, s))
}

// revokeVerification makes a verified account unverified on behalf of
// attester. A frozen account stays frozen.
func (k *Keeper) revokeVerification(ctx context.Context, attester, addr sdk.AccAddress, reason string) error {
	if err := types.ValidateReason(reason); err != nil {
		return err
	}
	s, _, err := k.getRecord(ctx, addr)
	if err != nil {
		return err
	}
	if s.Tier == "" {
		return types.ErrInvalidStanding.Wrapf("%s is not verified", k.str(addr))
	}
	previous := s.Tier
	s.Tier, s.AttestationRef, s.Attester, s.VerifiedAt = "", "", "", nil
	if err := k.setStanding(ctx, addr, s); err != nil {
		return err
	}
	return emit(ctx, types.NewEventVerificationRevoked(k.str(addr), previous, k.str(attester), reason))
}

// freezeAccount freezes addr at once on behalf of officer (an officer or
// the authority). The authority and module accounts cannot be frozen, nor
// can an officer freeze itself, nor can anyone freeze the account of an
// admitted or bonded validator's operator (governance lock-out: see
// admission.isGovernor).
func (k *Keeper) freezeAccount(ctx context.Context, officer, addr sdk.AccAddress, reason string) error {
	if err := types.ValidateReason(reason); err != nil {
		return err
	}
	if err := k.checkTarget(ctx, addr); err != nil {
		return err
	}
	if officer.Equals(addr) {
		return types.ErrInvalidStanding.Wrap("an officer cannot freeze itself")
	}
	// The operators of admitted and bonded validators vote in governance: a
	// freeze would stop them signing, so freezing them all would leave
	// nobody to vote an officer out. A validator is stopped by removing it
	// (MsgRemoveValidator); once it is removed and no longer bonded, its
	// account can be frozen.
	governor, err := k.admission.isGovernor(ctx, addr)
	if err != nil {
		return err
	}
	if governor {
		return types.ErrInvalidStanding.Wrapf("%s operates an admitted or bonded validator and votes in governance; remove the validator first (MsgRemoveValidator)", k.str(addr))
	}
	s, _, err := k.getRecord(ctx, addr)
	if err != nil {
		return err
	}
	if s.Frozen {
		return types.ErrInvalidStanding.Wrapf("%s is already frozen", k.str(addr))
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime().UTC()
	s.Frozen, s.FreezeReason, s.FrozenBy, s.FrozenAt = true, reason, k.str(officer), &now
	if err := k.setStanding(ctx, addr, s); err != nil {
		return err
	}
	return emit(ctx, types.NewEventAccountFrozen(k.str(addr), k.str(officer), reason))
}

// unfreezeAccount lifts the freeze of addr on behalf of officer; the
// account gets back the verification it had.
func (k *Keeper) unfreezeAccount(ctx context.Context, officer, addr sdk.AccAddress, reason string) error {
	if err := types.ValidateReason(reason); err != nil {
		return err
	}
	s, _, err := k.getRecord(ctx, addr)
	if err != nil {
		return err
	}
	if !s.Frozen {
		return types.ErrInvalidStanding.Wrapf("%s is not frozen", k.str(addr))
	}
	s.Frozen, s.FreezeReason, s.FrozenBy, s.FrozenAt = false, "", "", nil
	if err := k.setStanding(ctx, addr, s); err != nil {
		return err
	}
	return emit(ctx, types.NewEventAccountUnfrozen(k.str(addr), k.str(officer), reason, s.Eligible()))
}
