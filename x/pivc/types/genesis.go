package types

import (
	"bytes"
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultGenesis returns the default genesis: default params, no totals and
// no UBO members.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params:         DefaultParams(),
		Totals:         []DenomTotals{},
		UboIndex:       sdk.Coins{},
		UboOutstanding: sdk.Coins{},
		UboMembers:     []UBOMember{},
	}
}

// Validate checks the genesis state on its own (InitGenesis also checks the
// UBO pool balance against ubo_outstanding):
//   - params are valid;
//   - totals: valid denoms, sorted and unique, amounts non-negative,
//     captured = to_growth + to_ubo;
//   - ubo_index and ubo_outstanding are valid coins;
//   - members: valid addresses, sorted by address bytes and unique; an
//     eligible member's snapshot is at most ubo_index; a member that is not
//     eligible has no snapshot and something accrued (otherwise it would not
//     be stored);
//   - ubo_outstanding equals the sum of what every member can claim, so the
//     pool always covers every claim.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return fmt.Errorf("params: %w", err)
	}
	for i, t := range gs.Totals {
		if err := t.Validate(); err != nil {
			return fmt.Errorf("totals[%d]: %w", i, err)
		}
		if i > 0 && gs.Totals[i-1].Denom >= t.Denom {
			return fmt.Errorf("totals[%d]: denom %s is not after %s (sorted, unique)", i, t.Denom, gs.Totals[i-1].Denom)
		}
	}
	if err := gs.UboIndex.Validate(); err != nil {
		return fmt.Errorf("ubo_index: %w", err)
	}
	if err := gs.UboOutstanding.Validate(); err != nil {
		return fmt.Errorf("ubo_outstanding: %w", err)
	}

	owed := sdk.NewCoins()
	var prev sdk.AccAddress
	for i, m := range gs.UboMembers {
		addr, err := sdk.AccAddressFromBech32(m.Address)
		if err != nil {
			return fmt.Errorf("ubo_members[%d]: address %q: %w", i, m.Address, err)
		}
		if i > 0 && bytes.Compare(prev, addr) >= 0 {
			return fmt.Errorf("ubo_members[%d]: %s is not after the previous member (sorted by address bytes, unique)", i, m.Address)
		}
		prev = addr
		pending, err := m.Pending(gs.UboIndex)
		if err != nil {
			return fmt.Errorf("ubo_members[%d] %s: %w", i, m.Address, err)
		}
		if !m.Eligible && pending.IsZero() {
			return fmt.Errorf("ubo_members[%d] %s: not eligible and nothing accrued: must not be listed", i, m.Address)
		}
		owed = owed.Add(pending...)
	}
	if !owed.Equal(gs.UboOutstanding) {
		return fmt.Errorf("ubo_outstanding %s does not equal what the members can claim %s", gs.UboOutstanding, owed)
	}
	return nil
}

// Validate checks one denom's totals.
func (t DenomTotals) Validate() error {
	if err := sdk.ValidateDenom(t.Denom); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		nil  bool
	}{
		{"captured", t.Captured.IsNil()},
		{"to_growth", t.ToGrowth.IsNil()},
		{"to_ubo", t.ToUbo.IsNil()},
		{"claimed", t.Claimed.IsNil()},
		{"growth_spent", t.GrowthSpent.IsNil()},
	} {
		if f.nil {
			return fmt.Errorf("%s %s: missing", t.Denom, f.name)
		}
	}
	if t.Captured.IsNegative() || t.ToGrowth.IsNegative() || t.ToUbo.IsNegative() ||
		t.Claimed.IsNegative() || t.GrowthSpent.IsNegative() {
		return fmt.Errorf("%s: negative total", t.Denom)
	}
	if !t.Captured.Equal(t.ToGrowth.Add(t.ToUbo)) {
		return fmt.Errorf("%s: captured %s != to_growth %s + to_ubo %s", t.Denom, t.Captured, t.ToGrowth, t.ToUbo)
	}
	return nil
}

// Pending returns what the member can claim given the current cumulative
// index: its accrued amount plus, while eligible, the growth of the index
// since its snapshot. It checks the member's own consistency.
func (m UBOMember) Pending(index sdk.Coins) (sdk.Coins, error) {
	if err := m.Accrued.Validate(); err != nil {
		return nil, ErrPoolInvariantBroken.Wrapf("accrued: %s", err)
	}
	if err := m.IndexSnapshot.Validate(); err != nil {
		return nil, ErrPoolInvariantBroken.Wrapf("index_snapshot: %s", err)
	}
	if !m.Eligible {
		if !m.IndexSnapshot.IsZero() {
			return nil, ErrPoolInvariantBroken.Wrap("index_snapshot must be empty when not eligible")
		}
		return m.Accrued, nil
	}
	earned, neg := index.SafeSub(m.IndexSnapshot...)
	if neg {
		return nil, ErrPoolInvariantBroken.Wrapf("index_snapshot %s is above the index %s", m.IndexSnapshot, index)
	}
	return m.Accrued.Add(earned...), nil
}
