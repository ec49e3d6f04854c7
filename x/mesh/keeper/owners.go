package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

// adjustOwnerStats adds delta nodes (−1, 0 or +1) of type typ to the
// owner's node count and moves its reputation sum from before to after, in
// the owner's totals and in its totals for the type: a node added has
// before = 0, a node removed has after = 0. An entry left without nodes is
// removed.
func (k Keeper) adjustOwnerStats(ctx context.Context, owner sdk.AccAddress, typ types.NodeType, delta int, before, after uint64) error {
	s, err := k.OwnerReputation(ctx, owner)
	if err != nil {
		return err
	}
	if err := setStats(ctx, k.OwnerStats, owner, step(s, delta, before, after)); err != nil {
		return err
	}
	key := collections.Join(owner, int32(typ))
	ts, err := k.OwnerTypeStats.Get(ctx, key)
	if err != nil && !isNotFound(err) {
		return err
	}
	return setStats(ctx, k.OwnerTypeStats, key, step(ts, delta, before, after))
}

func step(s types.OwnerStats, delta int, before, after uint64) types.OwnerStats {
	switch {
	case delta > 0:
		s.NodeCount++
	case delta < 0:
		s.NodeCount--
	}
	s.ReputationSum = s.ReputationSum - before + after
	return s
}

func setStats[K any](ctx context.Context, m collections.Map[K, types.OwnerStats], key K, s types.OwnerStats) error {
	if s.NodeCount == 0 {
		return m.Remove(ctx, key)
	}
	return m.Set(ctx, key, s)
}

// ownerBytes decodes the owner address of a stored node.
func (k Keeper) ownerBytes(n types.Node) (sdk.AccAddress, error) {
	return k.addressCodec.StringToBytes(n.Owner)
}
