package types

import "cosmossdk.io/errors"

// x/pivc errors. Codes start at 2 and are never renumbered or reused.
var (
	ErrInsufficientFunds   = errors.Register(ModuleName, 2, "insufficient funds for amount + PIVC")
	ErrOverflow            = errors.Register(ModuleName, 3, "amount + PIVC overflows")
	ErrInvalidParams       = errors.Register(ModuleName, 4, "invalid params")
	ErrInvalidAmount       = errors.Register(ModuleName, 5, "invalid amount")
	ErrNothingToClaim      = errors.Register(ModuleName, 6, "no UBO to claim")
	ErrNotEligible         = errors.Register(ModuleName, 7, "account is not eligible for UBO")
	ErrInsufficientPool    = errors.Register(ModuleName, 8, "insufficient pool balance")
	ErrInvalidRecipient    = errors.Register(ModuleName, 9, "invalid recipient")
	ErrSpendLimitExceeded  = errors.Register(ModuleName, 10, "send authorization spend limit does not cover amount + PIVC")
	ErrPoolInvariantBroken = errors.Register(ModuleName, 11, "pool accounting invariant broken")
	ErrUnknownModule       = errors.Register(ModuleName, 12, "unknown module account")
	ErrNestingTooDeep      = errors.Register(ModuleName, 13, "nested messages too deep")
)
