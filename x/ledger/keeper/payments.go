package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/ledger/types"
)

// Payment is one recipient of a payment.
type Payment struct {
	To     sdk.AccAddress
	Amount sdk.Coins
}

// Pay pays each payment from `from` under one client reference, which it
// reserves for `from` first: a reference `from` used before fails with
// ErrDuplicateReference and nothing moves. The payment is valid only up to
// its deadline (block time ≤ deadline, else ErrPaymentExpired), which may be
// at most params.max_payment_deadline after the block time
// (ErrInvalidDeadline); the reservation is kept at least until the deadline
// has passed, so the same signed payment can never pay twice. Each payment
// is a bank send made under movement.WithReference, so the aegis and PIVC
// restrictions apply as to any transfer and the journal records one entry
// per payment with the reference and the fee. It returns the total PIVC
// charged. On any error the caller's tx fails and everything (reservation
// included) rolls back.
func (k Keeper) Pay(ctx context.Context, from sdk.AccAddress, payments []Payment, reference, memo string, deadline time.Time) (sdk.Coins, error) {
	if len(from) == 0 {
		return nil, sdkerrors.ErrInvalidAddress.Wrap("payer is required")
	}
	if err := types.ValidateReference(reference); err != nil {
		return nil, err
	}
	if err := types.ValidateMemo(memo); err != nil {
		return nil, err
	}
	if len(payments) == 0 {
		return nil, types.ErrEmptyBatch
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkDeadline(sdk.UnwrapSDKContext(ctx).BlockTime(), deadline, params.MaxPaymentDeadline); err != nil {
		return nil, err
	}
	if len(payments) > int(params.MaxBatchSize) {
		return nil, types.ErrBatchTooLarge.Wrapf("%d recipients, max_batch_size is %d", len(payments), params.MaxBatchSize)
	}
	seen := make(map[string]struct{}, len(payments))
	for i, p := range payments {
		if err := k.checkPayment(ctx, from, p); err != nil {
			if len(payments) > 1 {
				return nil, errorsmod.Wrapf(err, "output %d", i)
			}
			return nil, err
		}
		if _, dup := seen[string(p.To)]; dup {
			return nil, types.ErrDuplicateRecipient.Wrapf("output %d", i)
		}
		seen[string(p.To)] = struct{}{}
	}

	if err := k.reserveReference(ctx, from, reference, deadline); err != nil {
		return nil, err
	}
	codec := k.ak.AddressCodec()
	fromStr, err := codec.BytesToString(from)
	if err != nil {
		return nil, err
	}
	rctx := movement.WithReference(ctx, reference)
	total := sdk.NewCoins()
	for _, p := range payments {
		fee, err := k.pivc.FeeFor(ctx, from, p.To, p.Amount)
		if err != nil {
			return nil, err
		}
		if err := k.bk.SendCoins(rctx, from, p.To, p.Amount); err != nil {
			return nil, err
		}
		total = total.Add(fee...)
		toStr, err := codec.BytesToString(p.To)
		if err != nil {
			return nil, err
		}
		if err := sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(types.NewEventPaymentSent(fromStr, toStr, p.Amount, fee, reference, memo)); err != nil {
			return nil, err
		}
	}
	return total, nil
}

// checkPayment refuses a payment to oneself, to a module account or an
// address bank blocks, and amounts that are not positive or whose denom
// cannot be sent.
func (k Keeper) checkPayment(ctx context.Context, from sdk.AccAddress, p Payment) error {
	if len(p.To) == 0 {
		return sdkerrors.ErrInvalidAddress.Wrap("recipient is required")
	}
	if p.To.Equals(from) {
		return types.ErrSelfTransfer
	}
	if k.isModuleAccount(p.To) || k.bk.BlockedAddr(p.To) {
		return types.ErrInvalidRecipient.Wrap("a module account or blocked address cannot be paid")
	}
	if err := types.ValidateAmount(p.Amount); err != nil {
		return err
	}
	return k.bk.IsSendEnabledCoins(ctx, p.Amount...)
}

// checkDeadline refuses a payment whose deadline has passed (the block
// time is after it) or is more than maxAhead after the block time.
func checkDeadline(now, deadline time.Time, maxAhead time.Duration) error {
	if deadline.IsZero() {
		return types.ValidateDeadline(nil)
	}
	if now.After(deadline) {
		return types.ErrPaymentExpired.Wrapf("deadline %s has passed (block time %s): sign a new payment only after checking the reference was not used",
			deadline.UTC().Format(time.RFC3339Nano), now.UTC().Format(time.RFC3339Nano))
	}
	if latest := now.Add(maxAhead); deadline.After(latest) {
		return types.ErrInvalidDeadline.Wrapf("deadline %s is more than max_payment_deadline %s after the block time %s",
			deadline.UTC().Format(time.RFC3339Nano), maxAhead, now.UTC().Format(time.RFC3339Nano))
	}
	return nil
}

// reserveReference records that `from` used reference, or fails with
// ErrDuplicateReference if it did before (and its record is still kept).
// The reservation also records the payment's deadline and queues it: it is
// released only once the deadline has passed and the payment's journal
// entries have been pruned (retention_blocks), whichever comes last. The
// keys are per sender, so payments of different senders never touch the
// same key.
func (k Keeper) reserveReference(ctx context.Context, from sdk.AccAddress, reference string, deadline time.Time) error {
	key := collections.Join(from, reference)
	h, err := k.UsedReferences.Get(ctx, key)
	switch {
	case err == nil:
		return types.ErrDuplicateReference.Wrapf("%q was used at height %d", reference, h)
	case !isNotFound(err):
		return err
	}
	if err := k.UsedReferences.Set(ctx, key, sdk.UnwrapSDKContext(ctx).BlockHeight()); err != nil {
		return err
	}
	d := deadline.UnixNano()
	if err := k.ReferenceDeadlines.Set(ctx, key, d); err != nil {
		return err
	}
	return k.ReferenceExpiry.Set(ctx, collections.Join3(d, from, reference))
}
