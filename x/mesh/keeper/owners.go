package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

// adjustOwnerStats adds delta nodes (−1, 0 or +1) to the owner's node count
// and moves its reputation sum from before to after: a node added has
// before = 0, a node removed has after = 0. An owner left without nodes has
// its entry removed.
func (k Keeper) adjustOwnerStats(ctx context.Context, owner sdk.AccAddress, delta int, before, after uint64) error {
	s, err := k.OwnerReputation(ctx, owner)
	if err != nil {
		return err
	}
	switch {
	case delta > 0:
		s.NodeCount++
	case delta < 0:
		s.NodeCount--
	}
	s.ReputationSum = s.ReputationSum - before + after
	if s.NodeCount == 0 {
		return k.OwnerStats.Remove(ctx, owner)
	}
	return k.OwnerStats.Set(ctx, owner, s)
}

// ownerBytes decodes the owner address of a stored node.
func (k Keeper) ownerBytes(n types.Node) (sdk.AccAddress, error) {
	return k.addressCodec.StringToBytes(n.Owner)
}
