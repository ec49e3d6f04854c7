package types

import "time"

// Parameter defaults and bounds.
const (
	// DefaultMaxExpiriesPerBlock is the default queue work per EndBlock.
	DefaultMaxExpiriesPerBlock = 200
	// MaxMaxExpiriesPerBlock bounds max_expiries_per_block so a block's
	// queue work stays a small part of the block time.
	MaxMaxExpiriesPerBlock = 10_000

	// DefaultOrderTTL is how long an order stays open by default.
	DefaultOrderTTL = 14 * 24 * time.Hour
	// DefaultMaxListingDuration is the longest a listing stays open by
	// default.
	DefaultMaxListingDuration = 365 * 24 * time.Hour
	// DefaultClosedOrderRetention is how long closed orders stay queryable
	// by default.
	DefaultClosedOrderRetention = 30 * 24 * time.Hour
	// DefaultDisputeTTL is how long an arbiter has to decide a dispute by
	// default; then the buyer is refunded.
	DefaultDisputeTTL = 30 * 24 * time.Hour

	// MinDuration is the smallest order_ttl and max_listing_duration.
	MinDuration = time.Second
	// MaxDuration is the largest value of every duration parameter.
	MaxDuration = 10 * 365 * 24 * time.Hour
)

// DefaultParams returns the default parameters.
func DefaultParams() Params {
	return Params{
		MaxExpiriesPerBlock:  DefaultMaxExpiriesPerBlock,
		OrderTtl:             DefaultOrderTTL,
		MaxListingDuration:   DefaultMaxListingDuration,
		ClosedOrderRetention: DefaultClosedOrderRetention,
		DisputeTtl:           DefaultDisputeTTL,
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.MaxExpiriesPerBlock == 0 || p.MaxExpiriesPerBlock > MaxMaxExpiriesPerBlock {
		return ErrInvalidParams.Wrapf("max_expiries_per_block must be in [1, %d], got %d", MaxMaxExpiriesPerBlock, p.MaxExpiriesPerBlock)
	}
	if p.OrderTtl < MinDuration || p.OrderTtl > MaxDuration {
		return ErrInvalidParams.Wrapf("order_ttl must be in [%s, %s], got %s", MinDuration, MaxDuration, p.OrderTtl)
	}
	if p.MaxListingDuration < MinDuration || p.MaxListingDuration > MaxDuration {
		return ErrInvalidParams.Wrapf("max_listing_duration must be in [%s, %s], got %s", MinDuration, MaxDuration, p.MaxListingDuration)
	}
	if p.DisputeTtl < MinDuration || p.DisputeTtl > MaxDuration {
		return ErrInvalidParams.Wrapf("dispute_ttl must be in [%s, %s], got %s", MinDuration, MaxDuration, p.DisputeTtl)
	}
	if p.ClosedOrderRetention < 0 || p.ClosedOrderRetention > MaxDuration {
		return ErrInvalidParams.Wrapf("closed_order_retention must be in [0s, %s], got %s", MaxDuration, p.ClosedOrderRetention)
	}
	return nil
}
