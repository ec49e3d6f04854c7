package types

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
)

const (
	// DefaultRateBps is 5%.
	DefaultRateBps uint32 = 500
	// DefaultGrowthShareBps sends 60% of each fee to growth, 40% to UBO.
	DefaultGrowthShareBps uint32 = 6_000
	// DefaultEpochBlocks is about a day at one-second blocks.
	DefaultEpochBlocks uint64 = 86_400

	// MaxEpochBlocks bounds epoch_blocks (about three years at one-second
	// blocks), so heights derived from it stay far from int64 overflow.
	MaxEpochBlocks uint64 = 100_000_000
	// MaxExemptAddresses bounds the exempt list.
	MaxExemptAddresses = 100
)

// DefaultParams returns the default parameters: 5% PIVC, 60% of it to
// growth, UBO allocated daily, nobody exempt.
func DefaultParams() Params {
	return Params{
		RateBps:         DefaultRateBps,
		GrowthShareBps:  DefaultGrowthShareBps,
		EpochBlocks:     DefaultEpochBlocks,
		ExemptAddresses: []string{},
	}
}

// Validate checks every field. Invalid params are never stored, so they can
// never reach the restriction or Begin/EndBlock.
func (p Params) Validate() error {
	if p.RateBps > MaxRateBps {
		return ErrInvalidParams.Wrapf("rate_bps %d is above the maximum %d", p.RateBps, MaxRateBps)
	}
	if p.GrowthShareBps > BpsDenominator {
		return ErrInvalidParams.Wrapf("growth_share_bps %d is above %d", p.GrowthShareBps, BpsDenominator)
	}
	if p.EpochBlocks == 0 {
		return ErrInvalidParams.Wrap("epoch_blocks must be at least 1")
	}
	if p.EpochBlocks > MaxEpochBlocks {
		return ErrInvalidParams.Wrapf("epoch_blocks %d is above the maximum %d", p.EpochBlocks, MaxEpochBlocks)
	}
	if len(p.ExemptAddresses) > MaxExemptAddresses {
		return ErrInvalidParams.Wrapf("%d exempt addresses, at most %d", len(p.ExemptAddresses), MaxExemptAddresses)
	}
	seen := make(map[string]struct{}, len(p.ExemptAddresses))
	for i, a := range p.ExemptAddresses {
		addr, err := sdk.AccAddressFromBech32(a)
		if err != nil {
			return ErrInvalidParams.Wrapf("exempt_addresses[%d] %q: %s", i, a, err)
		}
		key := string(addr)
		if _, dup := seen[key]; dup {
			return ErrInvalidParams.Wrapf("exempt_addresses[%d] %s is listed twice", i, a)
		}
		seen[key] = struct{}{}
	}
	return nil
}
