package types

import (
	"cosmossdk.io/math"
)

// DefaultMaxSupply is the default uazr cap: 10,000,000,000 AZR.
var DefaultMaxSupply = math.NewInt(10_000_000_000).Mul(math.NewInt(1_000_000))

// NewParams returns Params with the given uazr cap.
func NewParams(maxSupply math.Int) Params { return Params{MaxSupply: maxSupply} }

// DefaultParams returns the default parameters.
func DefaultParams() Params { return NewParams(DefaultMaxSupply) }

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.MaxSupply.IsNil() || !p.MaxSupply.IsPositive() {
		return ErrInvalidParams.Wrapf("max_supply must be positive, got %s", intString(p.MaxSupply))
	}
	if p.MaxSupply.GT(MaxSupplyCap) {
		return ErrInvalidParams.Wrapf("max_supply %s is above the bound 10^36 (%s)", p.MaxSupply, MaxSupplyCap)
	}
	return nil
}

// intString prints a possibly nil Int.
func intString(i math.Int) string {
	if i.IsNil() {
		return "<nil>"
	}
	return i.String()
}
