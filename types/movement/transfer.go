package movement

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Transfer is one movement of value a message makes: From sends Amount to
// To. Addresses are bech32 strings, as in messages.
type Transfer struct {
	From   string
	To     string
	Amount sdk.Coins
}

// TransferReporter is implemented by messages that move value on their
// signer's behalf (x/ledger MsgTransfer, x/forge purchases, ...). x/aegis's
// compliance decorator adds the transfers to the transaction's per-denom
// totals before anything executes, checks that neither side is frozen, and
// checks the totals against the sender's per-transaction and daily limits.
//
// Report every movement from an account the message acts for, including
// payments into a module account (escrow); leave out protocol fees (PIVC),
// which are never counted. The bank send restriction still checks every
// actual movement when the message executes, so a message that reports too
// little cannot move more than the limits allow, it only fails later.
type TransferReporter interface {
	AegisTransfers() ([]Transfer, error)
}
