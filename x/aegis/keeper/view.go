package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

// ViewKeeper is the read-only face x/aegis shows other modules: an account's
// standing and freeze, its UBO eligibility, and whether a validator
// operator is admitted. Like bank's ViewKeeper, it reads and never writes;
// a module that needs one of these states it in its own
// types/expected_keepers.go with just the methods it calls (x/pivc:
// IsEligible; x/forge: IsFrozen). *Keeper implements it.
type ViewKeeper interface {
	// GetStanding returns the standing record of addr; an account without
	// one is unverified and not frozen (only the address is set).
	GetStanding(ctx context.Context, addr sdk.AccAddress) (types.AccountStanding, error)
	// IsFrozen reports whether an officer froze addr.
	IsFrozen(ctx context.Context, addr sdk.AccAddress) (bool, error)
	// IsEligible reports whether addr is eligible for UBO: verified and
	// not frozen.
	IsEligible(ctx context.Context, addr sdk.AccAddress) (bool, error)
	// IsAdmitted reports whether operator is on the validator admission
	// list.
	IsAdmitted(ctx context.Context, operator sdk.ValAddress) (bool, error)
}

var _ ViewKeeper = (*Keeper)(nil)

// GetStanding implements ViewKeeper.
func (k *Keeper) GetStanding(ctx context.Context, addr sdk.AccAddress) (types.AccountStanding, error) {
	s, _, err := k.getRecord(ctx, addr)
	if err != nil {
		return types.AccountStanding{}, err
	}
	s.Address = k.str(addr)
	return s, nil
}

// IsFrozen implements ViewKeeper.
func (k *Keeper) IsFrozen(ctx context.Context, addr sdk.AccAddress) (bool, error) {
	s, _, err := k.getRecord(ctx, addr)
	return s.Frozen, err
}

// IsEligible implements ViewKeeper.
func (k *Keeper) IsEligible(ctx context.Context, addr sdk.AccAddress) (bool, error) {
	s, _, err := k.getRecord(ctx, addr)
	if err != nil {
		return false, err
	}
	return s.Eligible(), nil
}

// IsAdmitted implements ViewKeeper.
func (k *Keeper) IsAdmitted(ctx context.Context, operator sdk.ValAddress) (bool, error) {
	return k.AdmittedValidators.Has(ctx, operator)
}
