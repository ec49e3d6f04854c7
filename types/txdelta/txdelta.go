// Package txdelta keeps a module's running totals off shared keys while a
// block executes. Each tx adds its change to an entry of its own in the
// module's object store, keyed by its index in the block, so the txs of a
// block never write a common key (BlockSTM runs them in parallel); the module
// drains the sum once per block, in EndBlock, and folds it into its
// persistent totals. x/pivc (pool totals) and x/forge (escrow totals) use it.
//
// Entries are replaced, never mutated in place: a cached store layer that is
// discarded (a failed tx or message) must not leak into its parent.
package txdelta

import (
	"context"
	"encoding/binary"

	errorsmod "cosmossdk.io/errors"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/movement"
)

// Summable is a delta that adds up; its zero value is the empty delta.
type Summable[T any] interface {
	Add(T) T
}

// InTx reports whether ctx executes a tx (CheckTx, simulate or
// FinalizeBlock), as opposed to a block phase or genesis, where a module
// folds its change at once.
func InTx(ctx context.Context) bool {
	return movement.InTx(ctx)
}

// key is the object-store key of a tx's entry: its index in the block.
func key(txIndex int) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, uint64(txIndex)) //nolint:gosec // -1 (CheckTx) maps to a key of its own
	return k
}

// Record adds d to the entry of the tx that ctx executes.
func Record[T Summable[T]](ctx context.Context, storeKey storetypes.StoreKey, d T) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	store := sdkCtx.ObjectStore(storeKey)
	k := key(sdkCtx.TxIndex())
	cur, _ := store.Get(k).(T)
	store.Set(k, cur.Add(d))
}

// Drain returns the sum of every entry in the object store (in tx order) and
// deletes them, so a second drain in the same block cannot count anything
// twice (the store is also cleared at commit). An entry of another type is
// reported as invariant, wrapped.
func Drain[T Summable[T]](ctx context.Context, storeKey storetypes.StoreKey, invariant *errorsmod.Error) (T, error) {
	store := sdk.UnwrapSDKContext(ctx).ObjectStore(storeKey)
	var (
		sum  T
		keys [][]byte
	)
	it := store.Iterator(nil, nil)
	for ; it.Valid(); it.Next() {
		v, ok := it.Value().(T)
		if !ok {
			_ = it.Close()
			return sum, invariant.Wrapf("unexpected value %T in the %s object store", it.Value(), storeKey.Name())
		}
		sum = sum.Add(v)
		keys = append(keys, it.Key())
	}
	if err := it.Close(); err != nil {
		return sum, err
	}
	for _, k := range keys {
		store.Delete(k)
	}
	return sum, nil
}
