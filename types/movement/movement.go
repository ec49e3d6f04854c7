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

type heldFeeKey struct{}

// WithHeldFee marks ctx as moving the PIVC of a purchase into an escrow that
// holds it until the purchase settles (x/forge). It is not a fee yet — the
// escrow charges it with x/pivc's CaptureFromModule on settlement, or returns
// it on a refund — so x/ledger journals it as an ordinary movement into the
// escrow; but like a fee it is not counted against the buyer's x/aegis
// limits (the amount it is the PIVC of is).
func WithHeldFee(ctx context.Context) sdk.Context {
	return sdk.UnwrapSDKContext(ctx).WithValue(heldFeeKey{}, true)
}

// IsHeldFee reports whether ctx moves a PIVC held in escrow.
func IsHeldFee(ctx context.Context) bool {
	v, ok := ctx.Value(heldFeeKey{}).(bool)
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
