package keeper

import (
	"context"
	"encoding/binary"
	"math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/ledger/types"
)

var _ banktypes.SendRestrictionFn = Keeper{}.SendRestriction

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

// SendRestriction is the bank send restriction that journals every
// movement. app.go appends it last, after aegis's and pivc's, so it sees
// the final recipient and only movements the others allowed. It never
// changes the recipient and fails only on an invalid reference attached
// with movement.WithReference or a store error.
//
// What it records (see the README for why):
//   - a movement between any two accounts (account→account,
//     account→module such as an escrow deposit or a burn, module→account
//     such as a payout, UBO claim or mint, module→module) as one entry,
//     with fee = the PIVC the sender paid on top (pivc.FeeFor: zero when
//     either side is a module account);
//   - a PIVC fee move (movement.IsFeeCapture) from an ordinary account is
//     the fee of the transfer being recorded and is not an entry of its
//     own; one from a module account (pivc.CaptureFromModule, e.g. a forge
//     settlement) is an entry with empty coins and the moved fee.
//
// Not recorded: zero movements, and gas fees (every movement into or out
// of the fee collector: the fee deduction of every tx and distribution's
// sweep of it).
func (k Keeper) SendRestriction(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) (sdk.AccAddress, error) {
	if amt.IsZero() || from.Equals(k.feeCollector) || to.Equals(k.feeCollector) {
		return to, nil
	}
	var coins, fee sdk.Coins
	if movement.IsFeeCapture(ctx) {
		if !k.isModuleAccount(from) {
			return to, nil
		}
		fee = amt
	} else {
		f, err := k.pivc.FeeFor(ctx, from, to, amt)
		if err != nil {
			return nil, err
		}
		coins, fee = amt, f
	}
	ref := movement.Reference(ctx)
	if ref != "" {
		if err := types.ValidateReference(ref); err != nil {
			return nil, err
		}
	}
	k.record(ctx, pending{from: from, to: to, coins: coins, fee: fee, reference: ref, msgType: MsgTypeOf(ctx)})
	return to, nil
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
// Slots order the block: 0 for begin block (and genesis, and an empty
// block's end block), 1 + tx index for each tx, MaxUint64 for end block.
// Each tx writes only its own slot, so txs never conflict under BlockSTM.
const (
	slotKeyLen  = 8
	entryKeyLen = 12
	endSlot     = math.MaxUint64
)

func slotOf(ctx sdk.Context) uint64 {
	if len(ctx.TxBytes()) > 0 {
		if i := ctx.TxIndex(); i >= 0 {
			return uint64(i) + 1
		}
		return 0 // CheckTx, simulate and genesis txs: no index
	}
	if ctx.TxCount() > 0 {
		return endSlot // end block: after every tx
	}
	return 0
}

func (k Keeper) record(ctx context.Context, p pending) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	store := sdkCtx.ObjectStore(k.objStoreKey)
	slot := slotOf(sdkCtx)
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

type msgTypesKey struct{}

// WithMsgTypes attaches the type URLs of a tx's messages to ctx; the
// journal reads the one at ctx.MsgIndex().
func WithMsgTypes(ctx context.Context, typeURLs []string) sdk.Context {
	return sdk.UnwrapSDKContext(ctx).WithValue(msgTypesKey{}, typeURLs)
}

// MsgTypeOf returns the type URL of the tx message ctx executes ("" outside
// a tx message).
func MsgTypeOf(ctx context.Context) string {
	urls, _ := ctx.Value(msgTypesKey{}).([]string)
	i := sdk.UnwrapSDKContext(ctx).MsgIndex()
	if i < 0 || i >= len(urls) {
		return ""
	}
	return urls[i]
}

// MsgTypesDecorator is the ante decorator that lets the journal name the
// message that caused each movement: it puts the type URLs of the tx's
// messages in the context, which baseapp carries into message execution
// (ctx.MsgIndex() then says which one runs). No state, no gas beyond the
// context value; place it anywhere before the messages run.
type MsgTypesDecorator struct{}

// AnteHandle implements sdk.AnteDecorator.
func (MsgTypesDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	msgs := tx.GetMsgs()
	urls := make([]string, len(msgs))
	for i, m := range msgs {
		urls[i] = sdk.MsgTypeURL(m)
	}
	return next(WithMsgTypes(ctx, urls), tx, simulate)
}
