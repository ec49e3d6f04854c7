package types

import "cosmossdk.io/errors"

// x/mint errors. Codes start at 2 and are never renumbered or reused.
var (
	ErrInvalidSymbol          = errors.Register(ModuleName, 2, "invalid a-Token symbol")
	ErrReservedSymbol         = errors.Register(ModuleName, 3, "reserved a-Token symbol")
	ErrATokenExists           = errors.Register(ModuleName, 4, "a-Token already chartered")
	ErrUnknownAToken          = errors.Register(ModuleName, 5, "unknown a-Token")
	ErrInvalidAmount          = errors.Register(ModuleName, 6, "invalid amount")
	ErrExceedsMaxSupply       = errors.Register(ModuleName, 7, "amount exceeds max supply")
	ErrExceedsAllowance       = errors.Register(ModuleName, 8, "amount exceeds treasurer allowance")
	ErrNotTreasurer           = errors.Register(ModuleName, 9, "not a treasurer")
	ErrNotIssuer              = errors.Register(ModuleName, 10, "not the issuer of this a-Token")
	ErrMintingPaused          = errors.Register(ModuleName, 11, "minting is paused")
	ErrMaxSupplyBelowSupply   = errors.Register(ModuleName, 12, "max supply below current supply")
	ErrModuleAccountRecipient = errors.Register(ModuleName, 13, "recipient is a module account")
	ErrUnsupportedDenom       = errors.Register(ModuleName, 14, "denom is not issued by x/mint")
	ErrInvalidATokenInfo      = errors.Register(ModuleName, 15, "invalid a-Token name, description or exponent")
	ErrAlreadyPaused          = errors.Register(ModuleName, 16, "minting is already paused")
	ErrNotPaused              = errors.Register(ModuleName, 17, "minting is not paused")
	ErrInvalidParams          = errors.Register(ModuleName, 18, "invalid params")
)
