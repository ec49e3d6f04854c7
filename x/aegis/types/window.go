package types

import (
	"fmt"
	"time"

	"cosmossdk.io/math"
)

// The rolling 24-hour window is kept in hourly buckets of block time. A
// window at hour h counts the buckets h-24 … h (25 buckets), so an amount
// leaves the window between 24 and 25 hours after it was sent and no 24-hour
// interval ever holds more than the daily limit. Each (account, denom) keeps
// at most WindowBuckets buckets: reading and updating it is O(1).
const (
	BucketSeconds = 3600
	WindowHours   = 24
	WindowBuckets = WindowHours + 1
)

// HourOf returns the bucket of a block time. Times before the Unix epoch
// fall in bucket 0.
func HourOf(t time.Time) uint64 {
	s := t.Unix()
	if s < 0 {
		return 0
	}
	return uint64(s) / BucketSeconds
}

// oldestHour returns the oldest bucket still in the window at hour now.
func oldestHour(now uint64) uint64 {
	if now < WindowHours {
		return 0
	}
	return now - WindowHours
}

// Prune drops the buckets that left the window at hour now.
func (w WindowUsage) Prune(now uint64) WindowUsage {
	oldest := oldestHour(now)
	i := 0
	for i < len(w.Buckets) && w.Buckets[i].Hour < oldest {
		i++
	}
	if i == 0 {
		return w
	}
	return WindowUsage{Buckets: append([]UsageBucket(nil), w.Buckets[i:]...)}
}

// Used returns what was sent in the window at hour now.
func (w WindowUsage) Used(now uint64) math.Int {
	oldest := oldestHour(now)
	sum := math.ZeroInt()
	for _, b := range w.Buckets {
		if b.Hour >= oldest && b.Hour <= now {
			sum = sum.Add(b.Amount)
		}
	}
	return sum
}

// Add records amount sent at hour now and drops the buckets that left the
// window. Buckets stay in increasing hour order; a bucket later than now
// (block time never goes back, but genesis could hold one) is kept and
// counted when its hour comes.
func (w WindowUsage) Add(now uint64, amount math.Int) WindowUsage {
	out := w.Prune(now)
	buckets := append([]UsageBucket(nil), out.Buckets...)
	for i := range buckets {
		if buckets[i].Hour == now {
			buckets[i].Amount = buckets[i].Amount.Add(amount)
			return WindowUsage{Buckets: buckets}
		}
		if buckets[i].Hour > now {
			buckets = append(buckets[:i], append([]UsageBucket{{Hour: now, Amount: amount}}, buckets[i:]...)...)
			return WindowUsage{Buckets: buckets}
		}
	}
	return WindowUsage{Buckets: append(buckets, UsageBucket{Hour: now, Amount: amount})}
}

// Validate checks the buckets: at most WindowBuckets, strictly increasing
// hours, positive amounts.
func (w WindowUsage) Validate() error {
	if len(w.Buckets) > WindowBuckets {
		return fmt.Errorf("%d buckets, at most %d", len(w.Buckets), WindowBuckets)
	}
	for i, b := range w.Buckets {
		if b.Amount.IsNil() || !b.Amount.IsPositive() {
			return fmt.Errorf("bucket %d: amount must be positive", b.Hour)
		}
		if i > 0 && b.Hour <= w.Buckets[i-1].Hour {
			return fmt.Errorf("buckets must be in strictly increasing hour order")
		}
	}
	return nil
}
