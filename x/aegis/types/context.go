package types

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// TxTally accumulates, for one transaction, what each account sent of each
// denom through the bank send restriction, so the per-transaction limit also
// holds for movements no message reported. The compliance decorator puts a
// fresh tally in the context of every transaction; it lives only as long as
// that transaction's context (nothing is stored).
type TxTally struct {
	sent map[string]math.Int // key: string(address bytes) + "\x00" + denom
}

// NewTxTally returns an empty tally.
func NewTxTally() *TxTally { return &TxTally{sent: map[string]math.Int{}} }

// Add adds amount to what addr sent of denom and returns the new total.
func (t *TxTally) Add(addr sdk.AccAddress, denom string, amount math.Int) math.Int {
	key := string(addr) + "\x00" + denom
	total, ok := t.sent[key]
	if !ok {
		total = math.ZeroInt()
	}
	total = total.Add(amount)
	t.sent[key] = total
	return total
}

// Sent returns what addr sent of denom so far.
func (t *TxTally) Sent(addr sdk.AccAddress, denom string) math.Int {
	if v, ok := t.sent[string(addr)+"\x00"+denom]; ok {
		return v
	}
	return math.ZeroInt()
}

type txTallyKey struct{}

// WithTxTally returns ctx carrying tally.
func WithTxTally(ctx context.Context, tally *TxTally) sdk.Context {
	return sdk.UnwrapSDKContext(ctx).WithValue(txTallyKey{}, tally)
}

// TxTallyFrom returns the tally of the transaction ctx belongs to, or nil
// outside a transaction.
func TxTallyFrom(ctx context.Context) *TxTally {
	t, _ := ctx.Value(txTallyKey{}).(*TxTally)
	return t
}

type msgExecutionKey struct{}

// WithMsgExecution marks ctx as executing a message outside a transaction,
// as x/gov does for a passed proposal at the end of a block.
func WithMsgExecution(ctx context.Context) sdk.Context {
	return sdk.UnwrapSDKContext(ctx).WithValue(msgExecutionKey{}, true)
}

// IsMsgExecution reports whether ctx executes a message outside a
// transaction (see WithMsgExecution).
func IsMsgExecution(ctx context.Context) bool {
	v, ok := ctx.Value(msgExecutionKey{}).(bool)
	return ok && v
}

type stakeSupplyKey struct{}

// WithStakeSupply marks ctx as the authority minting or burning ustake
// (MsgMintStake, MsgBurnStake): the send restriction lets that movement of
// ustake between the x/aegis module account and an operator's account
// through, and only that one. Set only by the x/aegis keeper.
func WithStakeSupply(ctx context.Context) sdk.Context {
	return sdk.UnwrapSDKContext(ctx).WithValue(stakeSupplyKey{}, true)
}

// IsStakeSupply reports whether ctx is the authority minting or burning
// ustake (see WithStakeSupply).
func IsStakeSupply(ctx context.Context) bool {
	v, ok := ctx.Value(stakeSupplyKey{}).(bool)
	return ok && v
}
