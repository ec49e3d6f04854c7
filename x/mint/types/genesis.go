package types

import (
	"fmt"

	"cosmossdk.io/core/address"
)

// DefaultGenesis returns the default genesis: default params, no a-Tokens,
// no treasurers.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), ATokens: []AToken{}, Treasurers: []Treasurer{}}
}

// Validate checks the genesis state: params, every a-Token and treasurer,
// and that no symbol or treasurer appears twice. Whether the bank supply of
// each denom is within its cap is checked by InitGenesis, which sees bank.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	symbols := make(map[string]struct{}, len(gs.ATokens))
	for i, t := range gs.ATokens {
		if err := t.Validate(ac); err != nil {
			return fmt.Errorf("a_tokens[%d]: %w", i, err)
		}
		if _, dup := symbols[t.Symbol]; dup {
			return fmt.Errorf("a_tokens[%d]: %w", i, ErrATokenExists.Wrapf("duplicate symbol %q", t.Symbol))
		}
		symbols[t.Symbol] = struct{}{}
	}
	seen := make(map[string]struct{}, len(gs.Treasurers))
	for i, tr := range gs.Treasurers {
		bz, err := ac.StringToBytes(tr.Address)
		if err != nil {
			return fmt.Errorf("treasurers[%d]: invalid address %q: %w", i, tr.Address, err)
		}
		if _, dup := seen[string(bz)]; dup {
			return fmt.Errorf("treasurers[%d]: duplicate treasurer %s", i, tr.Address)
		}
		seen[string(bz)] = struct{}{}
		if tr.Allowance.IsNil() || tr.Allowance.IsNegative() {
			return fmt.Errorf("treasurers[%d]: %w", i, ErrInvalidAmount.Wrapf("allowance must not be negative, got %s", intString(tr.Allowance)))
		}
	}
	return nil
}
