package types

import errorsmod "cosmossdk.io/errors"

// Errors of x/aegis. Codes start at 2 and are never renumbered or reused:
// clients match on codespace "aegis" and the code.
//
// Rejections by the constitution (ErrAccountFrozen ... ErrWindowLimit) are
// wrapped with the article that rejects them, e.g.
//
//	aegis: article 3 (velocity): azora1... would send 2000000000uazr in one transaction, limit 1000000000uazr (tier basic): per-transaction limit exceeded
var (
	// ErrInvalidArticle: an article or the constitution as a whole is malformed.
	ErrInvalidArticle = errorsmod.Register(ModuleName, 2, "invalid article")
	// ErrArticleNotFound: no article with that id.
	ErrArticleNotFound = errorsmod.Register(ModuleName, 3, "article not found")
	// ErrInvalidTier: a tier name is malformed or not a tier of the velocity article.
	ErrInvalidTier = errorsmod.Register(ModuleName, 4, "invalid tier")
	// ErrInvalidLimit: a limit is zero, negative or inconsistent.
	ErrInvalidLimit = errorsmod.Register(ModuleName, 5, "invalid limit")
	// ErrInvalidRole: the role is unspecified or unknown.
	ErrInvalidRole = errorsmod.Register(ModuleName, 6, "invalid role")
	// ErrRoleNotHeld: the address does not hold the role.
	ErrRoleNotHeld = errorsmod.Register(ModuleName, 7, "role not held")
	// ErrRoleAlreadyHeld: the address already holds the role.
	ErrRoleAlreadyHeld = errorsmod.Register(ModuleName, 8, "role already held")
	// ErrMissingRole: the signer holds neither the required role nor the authority.
	ErrMissingRole = errorsmod.Register(ModuleName, 9, "signer lacks the required role")
	// ErrInvalidStanding: a standing change that is not allowed (freezing the
	// authority or a module account, unfreezing an account that is not
	// frozen, an attester verifying itself, ...).
	ErrInvalidStanding = errorsmod.Register(ModuleName, 10, "invalid standing change")
	// ErrAccountFrozen: a frozen account would send, receive, sign, pay fees
	// or grant fees (standing article).
	ErrAccountFrozen = errorsmod.Register(ModuleName, 11, "account frozen")
	// ErrMsgDisallowed: the message type is disallowed (message-types article).
	ErrMsgDisallowed = errorsmod.Register(ModuleName, 12, "message type disallowed")
	// ErrModulePaused: the message belongs to a paused module (paused-modules article).
	ErrModulePaused = errorsmod.Register(ModuleName, 13, "module paused")
	// ErrTxLimit: the transaction sends more than the per-transaction limit
	// (velocity article).
	ErrTxLimit = errorsmod.Register(ModuleName, 14, "per-transaction limit exceeded")
	// ErrDailyLimit: the transfer would exceed the rolling 24-hour limit
	// (velocity article).
	ErrDailyLimit = errorsmod.Register(ModuleName, 15, "rolling 24-hour limit exceeded")
	// ErrMsgTooDeep: messages are nested deeper than params.max_msg_depth.
	ErrMsgTooDeep = errorsmod.Register(ModuleName, 16, "messages nested too deep")
	// ErrInvalidParams: the params are out of range.
	ErrInvalidParams = errorsmod.Register(ModuleName, 17, "invalid params")
	// ErrUnresolvedMsg: a nested message could not be read, so it cannot be
	// checked (the transaction is refused rather than let through).
	ErrUnresolvedMsg = errorsmod.Register(ModuleName, 18, "nested message cannot be checked")
	// ErrInvalidAttestation: the attestation reference or reason is empty or too long.
	ErrInvalidAttestation = errorsmod.Register(ModuleName, 19, "invalid attestation reference or reason")
	// ErrProtectedType: a rule would disallow or pause a message the authority
	// needs to change the constitution (x/aegis and x/gov v1 messages).
	ErrProtectedType = errorsmod.Register(ModuleName, 20, "message type is protected")
	// ErrInvalidTransfer: a message reported a transfer that cannot be read.
	ErrInvalidTransfer = errorsmod.Register(ModuleName, 21, "invalid transfer")

	// Permissioned validators (validator-admission article, issue 9).

	// ErrNotAdmitted: the validator operator is not on the admission list.
	ErrNotAdmitted = errorsmod.Register(ModuleName, 22, "validator operator not admitted")
	// ErrPowerCapExceeded: the validator would hold more stake than its max power.
	ErrPowerCapExceeded = errorsmod.Register(ModuleName, 23, "validator max power exceeded")
	// ErrStakeNotSelf: ustake would be bonded to a validator other than the
	// delegator's own (a delegation to another operator, a redelegation).
	ErrStakeNotSelf = errorsmod.Register(ModuleName, 24, "stake may only be bonded to the operator's own validator")
	// ErrInvalidAdmission: a malformed admission (operator, max power) or an
	// admission change that is not allowed.
	ErrInvalidAdmission = errorsmod.Register(ModuleName, 25, "invalid validator admission")
	// ErrStakeNotTransferable: ustake would move other than by bonding,
	// unbonding, or the authority's mint and burn.
	ErrStakeNotTransferable = errorsmod.Register(ModuleName, 26, "stake is not transferable")
	// ErrInvalidStake: a malformed mint or burn of ustake (denom, amount,
	// more than the account holds).
	ErrInvalidStake = errorsmod.Register(ModuleName, 27, "invalid stake amount")

	// Hardening (issue 14).

	// ErrGovFundsLocked: a proposal, an authz grant or a fee grant would move
	// the gov module account's funds (the deposits of open proposals).
	ErrGovFundsLocked = errorsmod.Register(ModuleName, 28, "gov module account funds cannot be moved")
	// ErrFeeDenom: the fee is paid in a denom other than params.fee_denom.
	ErrFeeDenom = errorsmod.Register(ModuleName, 29, "fee denom not allowed")
	// ErrFeeTooHigh: the fee is above gas limit × params.max_gas_price.
	ErrFeeTooHigh = errorsmod.Register(ModuleName, 30, "fee above gas limit × max gas price")
	// ErrGasLimitTooHigh: the gas limit is above params.max_tx_gas.
	ErrGasLimitTooHigh = errorsmod.Register(ModuleName, 31, "gas limit above max tx gas")
)

// refusals are the errors with which the constitution (an article) or the
// protocol rules x/aegis applies to every transaction (the fee rule, gov
// funds, non-transferable stake, the nesting depth) refuse a well-formed
// transaction.
var refusals = []*errorsmod.Error{
	ErrAccountFrozen, ErrMsgDisallowed, ErrModulePaused, ErrTxLimit, ErrDailyLimit, ErrMsgTooDeep,
	ErrNotAdmitted, ErrPowerCapExceeded, ErrStakeNotSelf, ErrStakeNotTransferable,
	ErrGovFundsLocked, ErrFeeDenom, ErrFeeTooHigh, ErrGasLimitTooHigh,
}

// IsConstitutionalRefusal reports whether err is x/aegis refusing a
// well-formed transaction under the constitution or its protocol rules (a
// frozen account, a velocity limit, a disallowed message, the validator
// admission article, the fee rule, ...), as opposed to a malformed message
// or a failure. A client that asks ComplianceCheck first (the Nexus
// agent's governor, the app simulation) does not broadcast such a
// transaction.
func IsConstitutionalRefusal(err error) bool {
	for _, e := range refusals {
		if errorsmod.IsOf(err, e) {
			return true
		}
	}
	return false
}
