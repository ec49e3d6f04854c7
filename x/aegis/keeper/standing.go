package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

func errorsIsNotFound(err error) bool { return errors.Is(err, collections.ErrNotFound) }

// GetStanding returns the standing record of addr. An account without a
// record is unverified and not frozen: the record returned then has only the
// address set.
func (k *Keeper) GetStanding(ctx context.Context, addr sdk.AccAddress) (types.AccountStanding, error) {
	s, err := k.Standings.Get(ctx, addr)
	if err != nil {
		if errorsIsNotFound(err) {
			return types.AccountStanding{Address: addr.String()}, nil
		}
		return types.AccountStanding{}, err
	}
	s.Address = addr.String()
	return s, nil
}

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

// IsFrozen reports whether an officer froze addr.
func (k *Keeper) IsFrozen(ctx context.Context, addr sdk.AccAddress) (bool, error) {
	s, _, err := k.getRecord(ctx, addr)
	return s.Frozen, err
}

// IsEligible reports whether addr is eligible for UBO: verified and not
// frozen.
func (k *Keeper) IsEligible(ctx context.Context, addr sdk.AccAddress) (bool, error) {
	s, _, err := k.getRecord(ctx, addr)
	if err != nil {
		return false, err
	}
	return s.Eligible(), nil
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

// canonical decodes a bech32 address and returns it with its canonical
// (lower-case) string, so comparisons cannot be fooled by letter case.
func (k *Keeper) canonical(address string) (sdk.AccAddress, string, error) {
	addr, err := k.ak.AddressCodec().StringToBytes(address)
	if err != nil {
		return nil, "", err
	}
	if len(addr) == 0 {
		return nil, "", types.ErrInvalidStanding.Wrap("empty address")
	}
	s, err := k.ak.AddressCodec().BytesToString(addr)
	if err != nil {
		return nil, "", err
	}
	return addr, s, nil
}

// requireRole returns ErrMissingRole unless signer holds role or is the
// authority.
func (k *Keeper) requireRole(ctx context.Context, role types.Role, signer string) (sdk.AccAddress, string, error) {
	addr, canon, err := k.canonical(signer)
	if err != nil {
		return nil, "", types.ErrMissingRole.Wrapf("invalid signer %q: %s", signer, err)
	}
	if k.isAuthority(ctx, canon) {
		return addr, canon, nil
	}
	ok, err := k.HasRole(ctx, role, addr)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		return nil, "", types.ErrMissingRole.Wrapf("%s is not an %s", canon, types.RoleName(role))
	}
	return addr, canon, nil
}

// parseTarget decodes the address a standing change applies to and refuses
// the authority and module accounts: their standing cannot change.
func (k *Keeper) parseTarget(ctx context.Context, address string) (sdk.AccAddress, string, error) {
	addr, canon, err := k.canonical(address)
	if err != nil {
		return nil, "", types.ErrInvalidStanding.Wrapf("invalid address %q: %s", address, err)
	}
	if k.isAuthority(ctx, canon) {
		return nil, "", types.ErrInvalidStanding.Wrapf("%s is the authority; its standing cannot change", canon)
	}
	if k.isModuleAccount(ctx, addr) {
		return nil, "", types.ErrInvalidStanding.Wrapf("%s is a module account; its standing cannot change", canon)
	}
	return addr, canon, nil
}

// VerifyAccount verifies address at tier, or changes its tier, on behalf of
// attester. The tier must be a tier of the enabled velocity article (any
// well-formed tier if there is none). A frozen account stays frozen.
func (k *Keeper) VerifyAccount(ctx context.Context, attester, address, tier, ref string) error {
	if err := types.ValidateTierName(tier); err != nil {
		return err
	}
	if err := types.ValidateAttestation(ref); err != nil {
		return err
	}
	signer, attester, err := k.requireRole(ctx, types.Role_ROLE_ATTESTER, attester)
	if err != nil {
		return err
	}
	addr, address, err := k.parseTarget(ctx, address)
	if err != nil {
		return err
	}
	if signer.Equals(addr) {
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
	s.Tier, s.AttestationRef, s.Attester, s.VerifiedAt = tier, ref, attester, &now
	if err := k.setStanding(ctx, addr, s); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventAccountVerified{
		Address: address, Tier: tier, PreviousTier: previous, AttestationRef: ref, Attester: attester, Eligible: s.Eligible(),
	})
}

// RevokeVerification makes a verified account unverified on behalf of
// attester. A frozen account stays frozen.
func (k *Keeper) RevokeVerification(ctx context.Context, attester, address, reason string) error {
	if err := types.ValidateReason(reason); err != nil {
		return err
	}
	_, attester, err := k.requireRole(ctx, types.Role_ROLE_ATTESTER, attester)
	if err != nil {
		return err
	}
	addr, canon, err := k.canonical(address)
	if err != nil {
		return types.ErrInvalidStanding.Wrapf("invalid address %q: %s", address, err)
	}
	address = canon
	s, _, err := k.getRecord(ctx, addr)
	if err != nil {
		return err
	}
	if s.Tier == "" {
		return types.ErrInvalidStanding.Wrapf("%s is not verified", address)
	}
	previous := s.Tier
	s.Tier, s.AttestationRef, s.Attester, s.VerifiedAt = "", "", "", nil
	if err := k.setStanding(ctx, addr, s); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventVerificationRevoked{
		Address: address, PreviousTier: previous, Attester: attester, Reason: reason,
	})
}

// FreezeAccount freezes address at once on behalf of officer. The authority
// and module accounts cannot be frozen, nor can an officer freeze itself,
// nor can anyone freeze the account of an admitted or bonded validator's
// operator (governance lock-out: see isGovernor).
func (k *Keeper) FreezeAccount(ctx context.Context, officer, address, reason string) error {
	if err := types.ValidateReason(reason); err != nil {
		return err
	}
	signer, officer, err := k.requireRole(ctx, types.Role_ROLE_OFFICER, officer)
	if err != nil {
		return err
	}
	addr, address, err := k.parseTarget(ctx, address)
	if err != nil {
		return err
	}
	if signer.Equals(addr) {
		return types.ErrInvalidStanding.Wrap("an officer cannot freeze itself")
	}
	// The operators of admitted and bonded validators vote in governance: a
	// freeze would stop them signing, so freezing them all would leave
	// nobody to vote an officer out. A validator is stopped by removing it
	// (MsgRemoveValidator); once it is removed and no longer bonded, its
	// account can be frozen.
	governor, err := k.isGovernor(ctx, addr)
	if err != nil {
		return err
	}
	if governor {
		return types.ErrInvalidStanding.Wrapf("%s operates an admitted or bonded validator and votes in governance; remove the validator first (MsgRemoveValidator)", address)
	}
	s, _, err := k.getRecord(ctx, addr)
	if err != nil {
		return err
	}
	if s.Frozen {
		return types.ErrInvalidStanding.Wrapf("%s is already frozen", address)
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime().UTC()
	s.Frozen, s.FreezeReason, s.FrozenBy, s.FrozenAt = true, reason, officer, &now
	if err := k.setStanding(ctx, addr, s); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventAccountFrozen{
		Address: address, Officer: officer, Reason: reason,
	})
}

// UnfreezeAccount lifts the freeze of address on behalf of officer; the
// account gets back the verification it had.
func (k *Keeper) UnfreezeAccount(ctx context.Context, officer, address, reason string) error {
	if err := types.ValidateReason(reason); err != nil {
		return err
	}
	_, officer, err := k.requireRole(ctx, types.Role_ROLE_OFFICER, officer)
	if err != nil {
		return err
	}
	addr, canon, err := k.canonical(address)
	if err != nil {
		return types.ErrInvalidStanding.Wrapf("invalid address %q: %s", address, err)
	}
	address = canon
	s, _, err := k.getRecord(ctx, addr)
	if err != nil {
		return err
	}
	if !s.Frozen {
		return types.ErrInvalidStanding.Wrapf("%s is not frozen", address)
	}
	s.Frozen, s.FreezeReason, s.FrozenBy, s.FrozenAt = false, "", "", nil
	if err := k.setStanding(ctx, addr, s); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventAccountUnfrozen{
		Address: address, Officer: officer, Reason: reason, Eligible: s.Eligible(),
	})
}
