package types

import (
	"context"
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// NextReputation is the reputation after one feedback: an integer
// exponentially weighted moving average with weight w = weightBps/10000,
//
//	next = current + sign(score − current) × ⌈w × |score − current|⌉
//
// Rounding rule: the change is rounded up in magnitude, that is toward the
// score. So a score repeated often enough is reached exactly (the change is
// at least 1 while current ≠ score), and the result never passes the score
// (⌈w·d⌉ ≤ d for an integer d and w ≤ 1), which keeps it in
// [0, MaxReputation]. All arithmetic is in uint64: w·d ≤ 10⁴·10⁶.
//
// The function is total: current and score above MaxReputation are clamped
// to it, and weightBps above BpsDenominator to BpsDenominator (weight 0
// leaves the reputation unchanged; params require ≥ 1).
func NextReputation(current, score, weightBps uint64) uint64 {
	current = min(current, MaxReputation)
	score = min(score, MaxReputation)
	weightBps = min(weightBps, BpsDenominator)
	switch {
	case score > current:
		return current + ceilDiv(weightBps*(score-current), BpsDenominator)
	case score < current:
		return current - ceilDiv(weightBps*(current-score), BpsDenominator)
	default:
		return current
	}
}

// CombineReputations is the federated-analysis score of inputs:
// ⌊Σ weight_bps × reputation / Σ weight_bps⌋ (rounded down), with the total
// weight. It returns ErrNoAnalysisInput when the weights sum to zero.
// Reputations are at most MaxReputation and weights at most BpsDenominator,
// so with the three inputs of an analysis the sums stay far below 2⁶⁴.
func CombineReputations(inputs []AnalysisInput) (score uint64, totalWeightBps uint32, err error) {
	var weighted, total uint64
	for _, in := range inputs {
		weighted += uint64(in.WeightBps) * min(in.Reputation, MaxReputation)
		total += uint64(in.WeightBps)
	}
	if total == 0 {
		return 0, 0, ErrNoAnalysisInput.Wrap("the inputs' weights sum to zero")
	}
	return weighted / total, uint32(total), nil //nolint:gosec // total ≤ 3 × 10000
}

// MedianReputation combines reporters' EWMAs of a node into its
// reputation: the median, for an even count the mean of the two middle
// values rounded down. Without reporters it returns fallback.
//
// Why a median: with three or more reporters, whatever one reporter says,
// the result stays between the lowest and the highest of the others' EWMAs,
// so no single reporter can drive a reputation outside what the rest agree
// on (TestMedianResistsOneReporter). The cost is O(n log n) for n ≤
// MaxReportersPerNodeLimit values. ewmas is not modified.
func MedianReputation(ewmas []uint64, fallback uint64) uint64 {
	n := len(ewmas)
	if n == 0 {
		return fallback
	}
	v := slices.Clone(ewmas)
	slices.Sort(v)
	if n%2 == 1 {
		return min(v[n/2], MaxReputation)
	}
	lo, hi := min(v[n/2-1], MaxReputation), min(v[n/2], MaxReputation)
	return lo + (hi-lo)/2
}

// Apply returns the reporter's score of a node after one more feedback of
// score at height, or ErrRateLimited. The rate window is tumbling: it opens
// at the first feedback after the previous one closed and lasts
// feedback_window_blocks; within it the reporter may give the node at most
// max_feedback_per_window feedbacks. The EWMA moves by NextReputation.
func (r ReporterScore) Apply(score uint64, p Params, height int64) (ReporterScore, error) {
	if r.WindowCount == 0 || height >= r.WindowStart+p.FeedbackWindowBlocks {
		r.WindowStart, r.WindowCount = height, 0
	}
	if r.WindowCount >= p.MaxFeedbackPerWindow {
		return r, ErrRateLimited.Wrapf("%s gave %q %d feedbacks since block %d (max_feedback_per_window %d); the next window opens at block %d",
			r.Reporter, r.NodeId, r.WindowCount, r.WindowStart, p.MaxFeedbackPerWindow, r.WindowStart+p.FeedbackWindowBlocks)
	}
	r.WindowCount++
	r.Ewma = NextReputation(r.Ewma, score, uint64(p.EwmaWeightBps))
	r.FeedbackCount++
	r.LastHeight = height
	return r, nil
}

// Mean is the owner's mean node reputation, rounded down (0 without nodes).
func (s OwnerStats) Mean() uint64 {
	if s.NodeCount == 0 {
		return 0
	}
	return s.ReputationSum / s.NodeCount
}

// ReputationKeeper is the read-only reputation API of x/mesh for other
// modules (x/forge shows AccountReputation and enforces a listing's minimum
// buyer reputation with it; aegis may map reputation to verification
// tiers). The mesh keeper implements it; a consumer declares the subset it
// needs in its own expected_keepers.go and receives the mesh keeper in
// app.go. Every method is O(1) store reads and never writes.
type ReputationKeeper interface {
	// NodeReputation returns the reputation of a registered node in
	// [0, MaxReputation], or ErrNodeNotFound.
	NodeReputation(ctx context.Context, nodeID string) (uint64, error)
	// OwnerReputation returns the node count and reputation sum of the
	// nodes owned by owner (zero stats if it owns none); Mean() gives the
	// mean reputation.
	OwnerReputation(ctx context.Context, owner sdk.AccAddress) (OwnerStats, error)
	// AccountReputation returns an account's reputation: the mean
	// reputation of the employee nodes it owns, and how many there are
	// (0: the account is unrated and the reputation is 0).
	AccountReputation(ctx context.Context, addr sdk.AccAddress) (reputation, employeeNodes uint64, err error)
}

func ceilDiv(a, b uint64) uint64 {
	if a == 0 {
		return 0
	}
	return (a-1)/b + 1
}
