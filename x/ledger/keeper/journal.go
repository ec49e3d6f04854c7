package keeper

import (
	"context"
	"encoding/binary"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/ledger/types"
)

// pending is a movement recorded during the block, waiting in the object
// store until EndBlock numbers and persists it. Stored values are never
// mutated: a discarded cache layer must not leak into its parent.
type pending struct {
	from, to  sdk.AccAddress
	coins     sdk.Coins
	fee       sdk.Coins
	reference string
	msgType   string
}

// RecordMovement journals a movement that did not go through bank's
// SendCoins or InputOutputCoins, so the send restriction never saw it:
// e.g. value a module moves with bank's DelegateCoins/UndelegateCoins, or
// a module that credits accounts from balances it keeps itself. from paid
// coins + fee, to received coins, fee went to the PIVC pools. reference
// (optional) must pass types.ValidateReference; msgType "" takes the type
// of the tx message being executed.
//
// Do NOT call it for a bank send: the restriction already records it (a
// second record would count the movement twice and fail reconciliation).
// To label a bank send with a reference (an order id, an invoice), send
// under movement.WithReference(ctx, ref) instead.
//
// Like the restriction, it only writes to the block's object store (no
// global key), and the entry disappears with the tx if the tx fails.
func (k Keeper) RecordMovement(ctx context.Context, from, to sdk.AccAddress, coins, fee sdk.Coins, reference, msgType string) error {
	if len(from) == 0 || len(to) == 0 {
		return types.ErrInvalidMovement.Wrap("from and to are required")
	}
	if !coins.IsValid() || !fee.IsValid() || (coins.IsZero() && fee.IsZero()) {
		return types.ErrInvalidMovement.Wrapf("coins %q and fee %q must be valid and not both zero", coins, fee)
	}
	if reference != "" {
		if err := types.ValidateReference(reference); err != nil {
			return err
		}
	}
	if msgType == "" {
		msgType = MsgTypeOf(ctx)
	}
	k.record(ctx, pending{from: from, to: to, coins: coins, fee: fee, reference: reference, msgType: msgType})
	return nil
}

// Object-store layout: slot (8 bytes, big-endian) → the slot's entry count
// (uint32); slot ‖ n (12 bytes) → the n-th pending entry of the slot.
// Slots order the block (movement.TxSlot): 0 for begin block (and genesis,
// and an empty block's end block), 1 + tx index for each tx, MaxUint64 for
// end block. Each tx writes only its own slot, so txs never conflict under
// BlockSTM.
const (
	slotKeyLen  = 8
	entryKeyLen = 12
)

func (k Keeper) record(ctx context.Context, p pending) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	store := sdkCtx.ObjectStore(k.objStoreKey)
	slot := movement.TxSlot(sdkCtx)
	ckey := make([]byte, slotKeyLen)
	binary.BigEndian.PutUint64(ckey, slot)
	n, _ := store.Get(ckey).(uint32)
	ekey := make([]byte, entryKeyLen)
	copy(ekey, ckey)
	binary.BigEndian.PutUint32(ekey[slotKeyLen:], n)
	store.Set(ekey, p)
	store.Set(ckey, n+1)
}

// takePending returns the block's pending entries in order and clears the
// object store (it is also cleared at commit; clearing here keeps a second
// fold in one block from recording anything twice).
func (k Keeper) takePending(ctx context.Context) ([]pending, error) {
	store := sdk.UnwrapSDKContext(ctx).ObjectStore(k.objStoreKey)
	var (
		out  []pending
		keys [][]byte
	)
	it := store.Iterator(nil, nil)
	for ; it.Valid(); it.Next() {
		keys = append(keys, it.Key())
		if len(it.Key()) != entryKeyLen {
			continue
		}
		p, ok := it.Value().(pending)
		if !ok {
			_ = it.Close()
			return nil, types.ErrJournalInconsistent.Wrapf("unexpected value %T in the ledger object store", it.Value())
		}
		out = append(out, p)
	}
	if err := it.Close(); err != nil {
		return nil, err
	}
	for _, key := range keys {
		store.Delete(key)
	}
	return out, nil
}
