package movement

import (
	"context"
	"math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// InTx reports whether ctx executes a transaction (CheckTx, simulation or
// FinalizeBlock), as opposed to a block phase (begin/end block) or genesis.
func InTx(ctx context.Context) bool {
	return len(sdk.UnwrapSDKContext(ctx).TxBytes()) > 0
}

// EndBlockSlot is the slot of a block's end block: after every transaction.
const EndBlockSlot = uint64(math.MaxUint64)

// TxSlot is the place of ctx's work in the block's order: 0 for begin block
// (and genesis, and an empty block's end block), 1 + the transaction's index
// for a transaction in FinalizeBlock, EndBlockSlot for the end block of a
// block with transactions. CheckTx, simulation and genesis transactions have
// no index and get 0. Each transaction has a slot of its own, so keys built
// from it never conflict between the transactions of a block under BlockSTM.
func TxSlot(ctx context.Context) uint64 {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if InTx(sdkCtx) {
		if i := sdkCtx.TxIndex(); i >= 0 {
			return uint64(i) + 1
		}
		return 0
	}
	if sdkCtx.TxCount() > 0 {
		return EndBlockSlot
	}
	return 0
}
