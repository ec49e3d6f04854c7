package types_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/x/aegis/types"
)

func TestHourOf(t *testing.T) {
	require.Equal(t, uint64(0), types.HourOf(time.Unix(-10, 0)))
	require.Equal(t, uint64(0), types.HourOf(time.Unix(3599, 0)))
	require.Equal(t, uint64(1), types.HourOf(time.Unix(3600, 0)))
	require.Equal(t, uint64(472222), types.HourOf(time.Unix(1_700_000_000, 0)))
}

func TestWindowUsage(t *testing.T) {
	var w types.WindowUsage
	w = w.Add(100, math.NewInt(5))
	w = w.Add(100, math.NewInt(7))
	w = w.Add(110, math.NewInt(3))
	require.Len(t, w.Buckets, 2)
	require.Equal(t, "12", w.Buckets[0].Amount.String())

	cases := []struct {
		name string
		now  uint64
		want int64
	}{
		{"same hour", 110, 15},
		{"24 hours after the first spend", 124, 15},
		{"first bucket has left", 125, 3},
		{"all gone", 135, 0},
		{"before the second bucket", 105, 12},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, w.Used(tc.now).Int64())
		})
	}

	pruned := w.Prune(125)
	require.Len(t, pruned.Buckets, 1)
	require.Len(t, w.Buckets, 2, "Prune must not change its receiver")
	require.Empty(t, w.Prune(1000).Buckets)

	// Add drops what left the window and keeps hour order, also for a
	// bucket later than now (only possible from genesis).
	w2 := types.WindowUsage{Buckets: []types.UsageBucket{{Hour: 200, Amount: math.NewInt(1)}}}
	w2 = w2.Add(190, math.NewInt(2))
	require.Equal(t, uint64(190), w2.Buckets[0].Hour)
	require.Equal(t, uint64(200), w2.Buckets[1].Hour)
	require.NoError(t, w2.Validate())
	require.Equal(t, int64(2), w2.Used(190).Int64())
	require.Equal(t, int64(3), w2.Used(200).Int64())
}

// Whatever the spending pattern, the window never holds more than 25
// buckets, stays ordered, and Used equals the sum of what was added in the
// last 24 whole hours.
func TestWindowUsageBounded(t *testing.T) {
	var w types.WindowUsage
	type spend struct {
		hour uint64
		n    int64
	}
	var log []spend
	for h := uint64(0); h < 500; h += 1 + h%3 {
		w = w.Add(h, math.NewInt(int64(h)+1))
		log = append(log, spend{h, int64(h) + 1})
		require.LessOrEqual(t, len(w.Buckets), types.WindowBuckets)
		require.NoError(t, w.Validate())
		var want int64
		for _, s := range log {
			if s.hour+types.WindowHours >= h {
				want += s.n
			}
		}
		require.Equal(t, want, w.Used(h).Int64(), "hour %d", h)
	}
}

func mathInt(n int64) math.Int { return math.NewInt(n) }
