package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// EndBlocker folds the totals every tx of the block accumulated and, at the
// end of every epoch (a height that is a multiple of epoch_blocks), allocates
// the UBO pool. It runs after bank's EndBlocker, so the virtual credits of
// this block's fees are already in the pool balances. Its work is bounded by
// the number of txs in the block and the number of denoms, never by the
// number of accounts.
func (k Keeper) EndBlocker(ctx context.Context) error {
	if err := k.foldBlockTotals(ctx); err != nil {
		return err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	// Params are validated before they are stored, so EpochBlocks ≥ 1; the
	// guard only keeps a corrupted store from dividing by zero.
	if params.EpochBlocks == 0 || height <= 0 || uint64(height)%params.EpochBlocks != 0 {
		return nil
	}
	return k.AllocateUBO(ctx)
}

// NextAllocationHeight returns the height at whose end the next UBO
// allocation runs, seen from the state committed at ctx's height.
func (k Keeper) NextAllocationHeight(ctx context.Context) (int64, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	h := uint64(max(sdk.UnwrapSDKContext(ctx).BlockHeight(), 0))
	e := params.EpochBlocks
	if e == 0 {
		return 0, nil
	}
	// A query sees the state after height h's EndBlock, so an allocation at
	// h (if h is a multiple of e) has already happened.
	next := (h/e + 1) * e
	return int64(next), nil //nolint:gosec // bounded by MaxEpochBlocks and the height
}
