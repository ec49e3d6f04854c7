package types

import (
	"context"

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

// Mean is the owner's mean node reputation, rounded down (0 without nodes).
func (s OwnerStats) Mean() uint64 {
	if s.NodeCount == 0 {
		return 0
	}
	return s.ReputationSum / s.NodeCount
}

// ReputationKeeper is the read-only reputation API of x/mesh for other
// modules (aegis may map reputation to verification tiers; forge may show
// it). The mesh keeper implements it; a consumer declares the subset it
// needs in its own expected_keepers.go and receives the mesh keeper in
// app.go. Both methods are O(1) store reads and never write.
type ReputationKeeper interface {
	// NodeReputation returns the reputation of a registered node in
	// [0, MaxReputation], or ErrNodeNotFound.
	NodeReputation(ctx context.Context, nodeID string) (uint64, error)
	// OwnerReputation returns the node count and reputation sum of the
	// nodes owned by owner (zero stats if it owns none); Mean() gives the
	// mean reputation.
	OwnerReputation(ctx context.Context, owner sdk.AccAddress) (OwnerStats, error)
}

func ceilDiv(a, b uint64) uint64 {
	if a == 0 {
		return 0
	}
	return (a-1)/b + 1
}
