package types

import (
	"bytes"
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultGenesis returns the genesis of a new chain: default params, an
// empty journal (its chain starts at GenesisHash) and no reconciliation
// baseline (InitGenesis takes it from the genesis balances).
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params: DefaultParams(),
		Head:   JournalHead{LastHash: GenesisHash(), FirstSequence: 1},
	}
}

// Validate checks the genesis state: params; a head consistent with the
// entries (consecutive sequences from first_sequence to last_sequence, each
// entry's hash chained to the previous one, the last one's hash the head's);
// valid entries; checkpoints in height order, each with a hash that
// recomputes and linked to the previous kept one; unique, valid references.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	h := gs.Head
	if len(h.LastHash) != HashSize {
		return fmt.Errorf("head: last_hash must be %d bytes, is %d", HashSize, len(h.LastHash))
	}
	if h.FirstSequence == 0 || h.FirstSequence > h.LastSequence+1 {
		return fmt.Errorf("head: first_sequence %d must be 1 to last_sequence+1 (%d)", h.FirstSequence, h.LastSequence+1)
	}
	if want := h.LastSequence + 1 - h.FirstSequence; uint64(len(gs.Entries)) != want {
		return fmt.Errorf("head says %d entries are kept (%d to %d), genesis has %d", want, h.FirstSequence, h.LastSequence, len(gs.Entries))
	}
	if h.LastSequence == 0 && !bytes.Equal(h.LastHash, GenesisHash()) {
		return fmt.Errorf("head: an empty journal must have the genesis hash")
	}
	for i, e := range gs.Entries {
		if e.Sequence != h.FirstSequence+uint64(i) {
			return fmt.Errorf("entry %d: sequence %d, want %d", i, e.Sequence, h.FirstSequence+uint64(i))
		}
		if err := e.Validate(); err != nil {
			return fmt.Errorf("entry %d: %w", e.Sequence, err)
		}
		if i > 0 {
			if e.Height < gs.Entries[i-1].Height {
				return fmt.Errorf("entry %d: height %d before the previous entry's %d", e.Sequence, e.Height, gs.Entries[i-1].Height)
			}
			want, err := EntryHash(gs.Entries[i-1].Hash, e)
			if err != nil {
				return err
			}
			if !bytes.Equal(want, e.Hash) {
				return fmt.Errorf("entry %d: hash does not chain to entry %d", e.Sequence, e.Sequence-1)
			}
		}
	}
	if n := len(gs.Entries); n > 0 {
		last := gs.Entries[n-1]
		if !bytes.Equal(last.Hash, h.LastHash) || last.Height != h.LastHeight {
			return fmt.Errorf("head: last_hash/last_height differ from entry %d", last.Sequence)
		}
	}
	for i, c := range gs.Checkpoints {
		if err := c.VerifyCheckpoint(nil); err != nil {
			return err
		}
		if c.LastSequence > h.LastSequence {
			return fmt.Errorf("checkpoint %d: last_sequence %d past the head's %d", c.Height, c.LastSequence, h.LastSequence)
		}
		if i > 0 {
			prev := gs.Checkpoints[i-1]
			if c.Height <= prev.Height {
				return fmt.Errorf("checkpoint %d: not after checkpoint %d", c.Height, prev.Height)
			}
			if !bytes.Equal(c.PreviousHash, prev.Hash) || !bytes.Equal(c.StartHash, prev.EntriesHash) || c.FirstSequence != prev.LastSequence+1 {
				return fmt.Errorf("checkpoint %d: does not continue checkpoint %d", c.Height, prev.Height)
			}
		}
	}
	seen := make(map[string]struct{}, len(gs.UsedReferences))
	for _, r := range gs.UsedReferences {
		if _, err := sdk.AccAddressFromBech32(r.Sender); err != nil {
			return fmt.Errorf("used reference sender %q: %w", r.Sender, err)
		}
		if err := ValidateReference(r.Reference); err != nil {
			return fmt.Errorf("used reference of %s: %w", r.Sender, err)
		}
		if r.Height < 0 {
			return fmt.Errorf("used reference %q of %s: negative height", r.Reference, r.Sender)
		}
		if d := r.Deadline; d != nil && (d.IsZero() || d.Year() < 1678 || d.Year() > 2261) {
			return fmt.Errorf("used reference %q of %s: deadline %s outside the years 1678-2261", r.Reference, r.Sender, d)
		}
		key := r.Sender + "\x00" + r.Reference
		if _, dup := seen[key]; dup {
			return fmt.Errorf("used reference %q of %s appears twice", r.Reference, r.Sender)
		}
		seen[key] = struct{}{}
	}
	if gs.Reconciliation != nil {
		if err := gs.Reconciliation.Validate(); err != nil {
			return fmt.Errorf("reconciliation: %w", err)
		}
	}
	return nil
}

// Validate checks an entry's addresses, coins and reference.
func (e JournalEntry) Validate() error {
	if e.Sequence == 0 {
		return ErrInvalidMovement.Wrap("sequence 0")
	}
	if _, err := sdk.AccAddressFromBech32(e.From); err != nil {
		return ErrInvalidMovement.Wrapf("from %q: %s", e.From, err)
	}
	if _, err := sdk.AccAddressFromBech32(e.To); err != nil {
		return ErrInvalidMovement.Wrapf("to %q: %s", e.To, err)
	}
	if !e.Coins.IsValid() || !e.Fee.IsValid() || (e.Coins.IsZero() && e.Fee.IsZero()) {
		return ErrInvalidMovement.Wrapf("coins %q, fee %q: valid coins, not both empty", e.Coins, e.Fee)
	}
	if e.Reference != "" {
		if err := ValidateReference(e.Reference); err != nil {
			return err
		}
	}
	if len(e.Hash) != HashSize {
		return ErrInvalidMovement.Wrapf("hash must be %d bytes", HashSize)
	}
	return nil
}

// Validate checks the reconciliation state's addresses and coins, and that
// each account appears once.
func (s ReconState) Validate() error {
	b := s.Baseline
	if !b.PivcCaptured.IsValid() || !b.Supply.IsValid() || !s.Fees.IsValid() {
		return fmt.Errorf("invalid coins in the baseline or fees")
	}
	seen := map[string]struct{}{}
	for _, a := range b.Balances {
		if _, err := sdk.AccAddressFromBech32(a.Address); err != nil {
			return fmt.Errorf("baseline balance of %q: %w", a.Address, err)
		}
		if _, dup := seen[a.Address]; dup {
			return fmt.Errorf("baseline balance of %s appears twice", a.Address)
		}
		seen[a.Address] = struct{}{}
		if !a.Coins.IsValid() {
			return fmt.Errorf("baseline balance of %s: invalid coins", a.Address)
		}
	}
	seen = map[string]struct{}{}
	for _, f := range s.Flows {
		if _, err := sdk.AccAddressFromBech32(f.Address); err != nil {
			return fmt.Errorf("flow of %q: %w", f.Address, err)
		}
		if _, dup := seen[f.Address]; dup {
			return fmt.Errorf("flow of %s appears twice", f.Address)
		}
		seen[f.Address] = struct{}{}
		if !f.In.IsValid() || !f.Out.IsValid() {
			return fmt.Errorf("flow of %s: invalid coins", f.Address)
		}
	}
	sums := map[SaturatedSum]struct{}{}
	for _, x := range s.Saturated {
		switch x.Sum {
		case SumFees:
			if x.Account != "" {
				return fmt.Errorf("saturated fees sum names an account %q", x.Account)
			}
		case SumIn, SumOut:
			if _, err := sdk.AccAddressFromBech32(x.Account); err != nil {
				return fmt.Errorf("saturated %s sum of %q: %w", x.Sum, x.Account, err)
			}
		default:
			return fmt.Errorf("saturated sum %q: want fees, in or out", x.Sum)
		}
		if err := sdk.ValidateDenom(x.Denom); err != nil {
			return fmt.Errorf("saturated %s sum: %w", x.Sum, err)
		}
		if _, dup := sums[x]; dup {
			return fmt.Errorf("saturated %s sum of %q in %s appears twice", x.Sum, x.Account, x.Denom)
		}
		sums[x] = struct{}{}
	}
	return nil
}
