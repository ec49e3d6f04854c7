// Package movement carries facts about one value movement through the
// context, between the bank send restrictions that every movement crosses
// (aegis → pivc → ledger, in the order app.go appends them) and the modules
// that move value on a user's behalf.
//
// Keys are unexported struct types, so no other package can forge or collide
// with them (a typed bypass key, as in Provenance's x/sanction).
package movement

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

type feeCaptureKey struct{}

// WithFeeCapture marks ctx as moving a PIVC fee that a transfer caused. The
// restrictions treat such a move as part of that transfer: pivc does not
// charge a fee on the fee, aegis does not count it against limits a second
// time, and ledger records it as the transfer's fee rather than as an entry
// of its own.
func WithFeeCapture(ctx context.Context) sdk.Context {
	return sdk.UnwrapSDKContext(ctx).WithValue(feeCaptureKey{}, true)
}

// IsFeeCapture reports whether ctx moves a PIVC fee.
func IsFeeCapture(ctx context.Context) bool {
	v, ok := ctx.Value(feeCaptureKey{}).(bool)
	return ok && v
}

type referenceKey struct{}

// WithReference attaches a client payment reference (x/ledger MsgTransfer,
// a forge order) to the movements made under ctx, for the journal.
func WithReference(ctx context.Context, ref string) sdk.Context {
	return sdk.UnwrapSDKContext(ctx).WithValue(referenceKey{}, ref)
}

// Reference returns the payment reference attached to ctx, if any.
func Reference(ctx context.Context) string {
	v, _ := ctx.Value(referenceKey{}).(string)
	return v
}
