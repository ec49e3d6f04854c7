package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

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

// MsgTypesDecorator is the ante decorator of x/ledger.
//
// Purpose: lets the journal name the message that caused each movement. It
// puts the type URLs of the tx's messages in the context, which baseapp
// carries into message execution (ctx.MsgIndex() then says which one runs;
// MsgTypeOf reads it).
//
// Side effects: none — no state, no gas beyond the context value.
//
// Ordering: anywhere before the messages run; app/ante.go places it after
// x/aegis's and x/pivc's checks (8b), so a refused tx never gets here.
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
