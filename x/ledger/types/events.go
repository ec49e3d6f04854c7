package types

import (
	"encoding/hex"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Constructors of the typed events of x/ledger (events.proto), one per
// state change.

// NewEventParamsUpdated returns the event of a params update; params are the
// params as stored.
func NewEventParamsUpdated(params Params) *EventParamsUpdated {
	return &EventParamsUpdated{Params: params}
}

// NewEventPaymentSent returns the event of one payment of a MsgTransfer or
// MsgBatchTransfer; fee is the PIVC the payer paid on top.
func NewEventPaymentSent(from, to string, amount, fee sdk.Coins, reference, memo string) *EventPaymentSent {
	return &EventPaymentSent{From: from, To: to, Amount: amount, Fee: fee, Reference: reference, Memo: memo}
}

// NewEventCheckpointRecorded returns the event of a checkpoint.
func NewEventCheckpointRecorded(cp Checkpoint) *EventCheckpointRecorded {
	return &EventCheckpointRecorded{
		Height: cp.Height, FirstSequence: cp.FirstSequence, LastSequence: cp.LastSequence,
		EntriesHash: hex.EncodeToString(cp.EntriesHash), Hash: hex.EncodeToString(cp.Hash), Reconciled: cp.Reconciled,
	}
}

// NewEventReconciliationFailed returns the event of one reconciliation
// check that did not match at the checkpoint of height, over the flows
// since sinceHeight.
func NewEventReconciliationFailed(height int64, m Mismatch, sinceHeight int64) *EventReconciliationFailed {
	return &EventReconciliationFailed{
		Height: height, Check: m.Check, Account: m.Account, Denom: m.Denom,
		Expected: IntString(m.Expected), Actual: IntString(m.Actual), SinceHeight: sinceHeight,
	}
}

// NewEventJournalPruned returns the event of a pruning step.
func NewEventJournalPruned(entries, checkpoints, firstSequence uint64) *EventJournalPruned {
	return &EventJournalPruned{Entries: entries, Checkpoints: checkpoints, FirstSequence: firstSequence}
}
