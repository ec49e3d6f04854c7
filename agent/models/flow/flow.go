// Package flow holds the one input type the Nexus agent's models share: a
// value transfer as the agent perceived it from the chain (an x/ledger
// journal entry with its block's time).
//
// The package is pure: no I/O, no clock, no randomness.
package flow

import (
	"cmp"
	"slices"
	"time"
)

// Transfer is one movement of one coin from one account to another, as the
// ledger journal records it.
type Transfer struct {
	// Seq is the ledger journal sequence of the entry. It is unique and
	// increases with execution order, so it is the tie-breaker that makes
	// every model independent of the order in which transfers are passed.
	Seq uint64
	// Height is the block height.
	Height int64
	// Time is the block time (never the agent's clock).
	Time time.Time
	// From and To are bech32 account addresses.
	From, To string
	// Denom is the coin's base denom (uazr, a/<symbol>, ...).
	Denom string
	// Amount is what the recipient received, in base units. Models do
	// statistics on it, so it is a float64: exact up to 2^53 base units
	// (9e9 AZR), which covers every realistic single transfer.
	Amount float64
}

// Compare orders transfers canonically: by block time, then height, then
// journal sequence, then the remaining fields (so that even inputs with
// equal sequence numbers have one order).
func Compare(a, b Transfer) int {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	return cmp.Or(
		cmp.Compare(a.Height, b.Height),
		cmp.Compare(a.Seq, b.Seq),
		cmp.Compare(a.From, b.From),
		cmp.Compare(a.To, b.To),
		cmp.Compare(a.Denom, b.Denom),
		cmp.Compare(a.Amount, b.Amount),
	)
}

// Sorted returns a copy of ts in canonical order (see Compare). The input is
// not modified.
func Sorted(ts []Transfer) []Transfer {
	out := slices.Clone(ts)
	slices.SortStableFunc(out, Compare)
	return out
}
