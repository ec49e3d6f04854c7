package types

import "cosmossdk.io/errors"

// x/ledger errors. Codes start at 2 and are never renumbered or reused.
var (
	ErrInvalidParams       = errors.Register(ModuleName, 2, "invalid params")
	ErrInvalidReference    = errors.Register(ModuleName, 3, "invalid payment reference")
	ErrDuplicateReference  = errors.Register(ModuleName, 4, "payment reference already used by this sender")
	ErrInvalidAmount       = errors.Register(ModuleName, 5, "invalid amount")
	ErrSelfTransfer        = errors.Register(ModuleName, 6, "sender and recipient are the same account")
	ErrInvalidRecipient    = errors.Register(ModuleName, 7, "invalid recipient")
	ErrBatchTooLarge       = errors.Register(ModuleName, 8, "batch has too many recipients")
	ErrEmptyBatch          = errors.Register(ModuleName, 9, "batch has no recipients")
	ErrDuplicateRecipient  = errors.Register(ModuleName, 10, "recipient appears twice in the batch")
	ErrMemoTooLong         = errors.Register(ModuleName, 11, "memo too long")
	ErrEntryNotFound       = errors.Register(ModuleName, 12, "journal entry not found")
	ErrCheckpointNotFound  = errors.Register(ModuleName, 13, "checkpoint not found")
	ErrInvalidMovement     = errors.Register(ModuleName, 14, "invalid movement")
	ErrInvalidGenesis      = errors.Register(ModuleName, 15, "invalid genesis")
	ErrCheckpointMismatch  = errors.Register(ModuleName, 16, "checkpoint does not verify")
	ErrJournalInconsistent = errors.Register(ModuleName, 17, "journal inconsistent")
	// ErrInvalidDeadline: a payment without a deadline, or with one more
	// than params.max_payment_deadline after the block time.
	ErrInvalidDeadline = errors.Register(ModuleName, 18, "invalid payment deadline")
	// ErrPaymentExpired: the payment's deadline has passed.
	ErrPaymentExpired = errors.Register(ModuleName, 19, "payment deadline passed")
)
