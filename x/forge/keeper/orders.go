package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/forge/types"
)

// getOrder parses an order id and returns the order's key and value, or
// ErrInvalidOrderID / ErrOrderNotFound.
func (k Keeper) getOrder(ctx context.Context, id string) (OrderKey, types.Order, error) {
	l, s, err := types.ParseOrderID(id)
	if err != nil {
		return OrderKey{}, types.Order{}, err
	}
	key := collections.Join(l, s)
	o, err := k.Orders.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return key, o, types.ErrOrderNotFound.Wrapf("order %s", id)
	}
	return key, o, err
}

// GetOrder returns an order by id.
func (k Keeper) GetOrder(ctx context.Context, id string) (types.Order, error) {
	_, o, err := k.getOrder(ctx, id)
	return o, err
}

// GetEscrow returns an open order's escrow.
func (k Keeper) GetEscrow(ctx context.Context, key OrderKey) (types.Escrow, error) {
	e, err := k.Escrows.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return e, types.ErrEscrowInvariant.Wrapf("open order %d-%d has no escrow", key.K1(), key.K2())
	}
	return e, err
}

func expiryKey(o types.Order) QueueKey {
	return collections.Join3(queueTime(o.Expiry), o.ListingId, o.Seq)
}

// requireOpen fails with ErrOrderClosed for a settled or refunded order.
func requireOpen(o types.Order) error {
	if o.Status.IsClosed() {
		return types.ErrOrderClosed.Wrapf("order %s is already %s (%s)", o.Id, o.Status, o.CloseReason)
	}
	return nil
}

// requireActive fails unless the order is placed or accepted: closed,
// disputed and held orders are refused with a clear error.
func requireActive(o types.Order) error {
	if err := requireOpen(o); err != nil {
		return err
	}
	if !o.Status.Expires() {
		return types.ErrInvalidOrderStatus.Wrapf("order %s is %s: an arbiter decides it", o.Id, o.Status)
	}
	return nil
}

// PlaceOrder buys quantity units from a listing. It moves price × quantity
// and the PIVC on it from the buyer into escrow and returns the order (its
// id, amount and fee). Rejected: buying one's own listing, an expired listing,
// quantity above stock, a price other than the listing's, a frozen buyer or
// seller, funds short of amount + PIVC. unitPrice is the price the buyer
// agreed to, which must be the listing's.
func (k Keeper) PlaceOrder(ctx context.Context, buyer sdk.AccAddress, listingID, quantity uint64, unitPrice sdk.Coin) (types.Order, error) {
	buyerS := k.str(buyer)
	l, err := k.GetListing(ctx, listingID)
	if err != nil {
		return types.Order{}, err
	}
	seller, err := k.sellerOf(l)
	if err != nil {
		return types.Order{}, err
	}
	if buyer.Equals(seller) {
		return types.Order{}, types.ErrSelfTrade.Wrapf("listing %d is yours", l.Id)
	}
	now := blockTime(ctx)
	if !now.Before(l.Expiry) {
		return types.Order{}, types.ErrListingExpired.Wrapf("listing %d expired at %s", l.Id, l.Expiry.UTC().Format(time.RFC3339))
	}
	if quantity > l.Quantity {
		return types.Order{}, types.ErrInsufficientStock.Wrapf("listing %d has %d in stock, ordered %d", l.Id, l.Quantity, quantity)
	}
	if unitPrice.Denom != l.Price.Denom || !unitPrice.Amount.Equal(l.Price.Amount) {
		return types.Order{}, types.ErrPriceMismatch.Wrapf("listing %d costs %s per unit, the order offers %s", l.Id, l.Price, unitPrice)
	}
	if err := k.checkNotFrozen(ctx, "buyer", buyer); err != nil {
		return types.Order{}, err
	}
	if err := k.checkNotFrozen(ctx, "seller", seller); err != nil {
		return types.Order{}, err
	}
	if err := k.checkBuyerReputation(ctx, l, buyer, buyerS); err != nil {
		return types.Order{}, err
	}

	amount, err := types.OrderAmount(l.Price, quantity)
	if err != nil {
		return types.Order{}, err
	}
	fees, err := k.pivc.FeeFor(ctx, buyer, seller, sdk.NewCoins(amount))
	if err != nil {
		return types.Order{}, err
	}
	e := types.Escrow{Amount: amount, Fee: sdk.NewCoin(amount.Denom, fees.AmountOf(amount.Denom))}
	if err := k.checkFunds(ctx, buyer, e); err != nil {
		return types.Order{}, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Order{}, err
	}

	var asset types.Asset
	if l.Kind == types.ListingKindAsset {
		if asset, err = k.GetAsset(ctx, l.AssetId); err != nil {
			return types.Order{}, err
		}
		if asset.OrderId != "" || asset.Owner != l.Seller {
			return types.Order{}, types.ErrAssetLocked.Wrapf("asset %d: owner %s, order %q", asset.Id, asset.Owner, asset.OrderId)
		}
	}

	// The order id comes from the listing's own sequence: the listing is
	// written anyway (its stock), so no global counter is touched.
	seq := l.LastOrderSeq + 1
	id := types.FormatOrderID(l.Id, seq)
	// Move the coins first: a refusal by bank or a send restriction (aegis
	// limits) then leaves nothing written.
	if err := k.lock(ctx, id, buyer, e); err != nil {
		return types.Order{}, err
	}
	l.LastOrderSeq = seq
	l.Quantity -= quantity
	if err := k.Listings.Set(ctx, l.Id, l); err != nil {
		return types.Order{}, err
	}
	if l.Kind == types.ListingKindAsset {
		asset.OrderId = id
		if err := k.Assets.Set(ctx, asset.Id, asset); err != nil {
			return types.Order{}, err
		}
	}
	o := types.Order{
		Id:        id,
		ListingId: l.Id,
		Seq:       seq,
		Buyer:     buyerS,
		Seller:    l.Seller,
		Kind:      l.Kind,
		AssetId:   l.AssetId,
		Quantity:  quantity,
		UnitPrice: l.Price,
		Amount:    e.Amount,
		Fee:       e.Fee,
		Status:    types.OrderStatusPlaced,
		CreatedAt: now,
		Expiry:    now.Add(params.OrderTtl),
	}
	key := collections.Join(o.ListingId, o.Seq)
	if err := k.addOrder(ctx, o); err != nil {
		return types.Order{}, err
	}
	if err := k.Escrows.Set(ctx, key, e); err != nil {
		return types.Order{}, err
	}
	if err := k.OrderExpiryQueue.Set(ctx, expiryKey(o)); err != nil {
		return types.Order{}, err
	}
	if err := emit(ctx, types.NewEventOrderPlaced(o)); err != nil {
		return types.Order{}, err
	}
	return o, nil
}

// checkFunds fails with ErrInsufficientFunds unless the buyer can spend
// amount + fee, before anything moves, so the error names both.
func (k Keeper) checkFunds(ctx context.Context, buyer sdk.AccAddress, e types.Escrow) error {
	need := e.Total().Amount
	balance := k.bk.GetBalance(ctx, buyer, e.Amount.Denom).Amount
	spendable := movement.Spendable(balance, k.bk.LockedCoins(ctx, buyer), e.Amount.Denom)
	if spendable.LT(need) {
		return types.ErrInsufficientFunds.Wrapf("spendable %s%s is less than %s + PIVC %s = %s%s",
			spendable, e.Amount.Denom, e.Amount, e.Fee, need, e.Amount.Denom)
	}
	return nil
}

// AcceptOrder commits the seller to a placed order: from now on the buyer
// can cancel only after expiry.
func (k Keeper) AcceptOrder(ctx context.Context, seller sdk.AccAddress, orderID string) error {
	sellerS := k.str(seller)
	key, o, err := k.getOrder(ctx, orderID)
	if err != nil {
		return err
	}
	if o.Seller != sellerS {
		return types.ErrNotSeller.Wrapf("order %s is sold by %s, not %s", o.Id, o.Seller, sellerS)
	}
	if err := requireActive(o); err != nil {
		return err
	}
	if o.Status != types.OrderStatusPlaced {
		return types.ErrInvalidOrderStatus.Wrapf("order %s is already %s", o.Id, o.Status)
	}
	if !blockTime(ctx).Before(o.Expiry) {
		return types.ErrOrderExpired.Wrapf("order %s expired at %s", o.Id, o.Expiry.UTC().Format(time.RFC3339))
	}
	o.Status = types.OrderStatusAccepted
	if err := k.Orders.Set(ctx, key, o); err != nil {
		return err
	}
	return emit(ctx, types.NewEventOrderAccepted(o))
}

// ConfirmDelivery settles an order on the buyer's word: the seller gets
// the amount, x/pivc the PIVC, the buyer the asset (asset orders need the
// custodian's handover record first). If the seller has been frozen since
// the order was placed, the order is held for an arbiter instead and held
// is true.
func (k Keeper) ConfirmDelivery(ctx context.Context, buyer sdk.AccAddress, orderID string) (held bool, err error) {
	buyerS := k.str(buyer)
	key, o, err := k.getOrder(ctx, orderID)
	if err != nil {
		return false, err
	}
	if o.Buyer != buyerS {
		return false, types.ErrNotParty.Wrapf("only the buyer %s confirms order %s", o.Buyer, o.Id)
	}
	if err := requireActive(o); err != nil {
		return false, err
	}
	if o.Kind == types.ListingKindAsset && o.Handover == nil {
		return false, types.ErrHandoverMissing.Wrapf("order %s: asset %d", o.Id, o.AssetId)
	}
	return k.settle(ctx, key, o, types.CloseReasonConfirmed)
}

// CancelOrder refunds an order in full. The buyer may cancel before the
// seller accepts, or after the order expired; the seller may cancel (decline)
// at any time. Disputed and held orders are for an arbiter. If the buyer is
// frozen, the order is held instead and held is true.
func (k Keeper) CancelOrder(ctx context.Context, signer sdk.AccAddress, orderID string) (held bool, err error) {
	signerS := k.str(signer)
	key, o, err := k.getOrder(ctx, orderID)
	if err != nil {
		return false, err
	}
	var reason types.CloseReason
	switch signerS {
	case o.Buyer:
		reason = types.CloseReasonCancelledByBuyer
	case o.Seller:
		reason = types.CloseReasonCancelledBySeller
	default:
		return false, types.ErrNotParty.Wrapf("%s is neither the buyer nor the seller of order %s", signerS, o.Id)
	}
	if err := requireActive(o); err != nil {
		return false, err
	}
	if reason == types.CloseReasonCancelledByBuyer && o.Status == types.OrderStatusAccepted && blockTime(ctx).Before(o.Expiry) {
		return false, types.ErrOrderAccepted.Wrapf("order %s expires at %s", o.Id, o.Expiry.UTC().Format(time.RFC3339))
	}
	return k.refund(ctx, key, o, reason)
}

// OpenDispute freezes a placed or accepted order until an arbiter resolves
// it, or until params.dispute_ttl has passed: then EndBlock refunds the
// buyer. It leaves the expiry queue for the dispute queue. Only the buyer or
// the seller, before the order expires.
func (k Keeper) OpenDispute(ctx context.Context, signer sdk.AccAddress, orderID, reason string) error {
	signerS := k.str(signer)
	key, o, err := k.getOrder(ctx, orderID)
	if err != nil {
		return err
	}
	if signerS != o.Buyer && signerS != o.Seller {
		return types.ErrNotParty.Wrapf("%s is neither the buyer nor the seller of order %s", signerS, o.Id)
	}
	if err := requireActive(o); err != nil {
		return err
	}
	now := blockTime(ctx)
	if !now.Before(o.Expiry) {
		return types.ErrOrderExpired.Wrapf("order %s expired at %s", o.Id, o.Expiry.UTC().Format(time.RFC3339))
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := k.OrderExpiryQueue.Remove(ctx, expiryKey(o)); err != nil {
		return err
	}
	o.Status = types.OrderStatusDisputed
	o.Dispute = &types.Dispute{OpenedBy: signerS, Reason: reason, OpenedAt: now, Deadline: now.Add(params.DisputeTtl)}
	if err := k.Orders.Set(ctx, key, o); err != nil {
		return err
	}
	if err := k.DisputeQueue.Set(ctx, disputeKey(o)); err != nil {
		return err
	}
	return emit(ctx, types.NewEventDisputeOpened(o))
}

// disputeKey is a disputed order's key in the dispute queue.
func disputeKey(o types.Order) QueueKey {
	return collections.Join3(queueTime(o.Dispute.Deadline), o.ListingId, o.Seq)
}

// leaveQueues removes an order from the time queue its status puts it in:
// the expiry queue (placed, accepted) or the dispute queue (disputed).
func (k Keeper) leaveQueues(ctx context.Context, o types.Order) error {
	switch {
	case o.Status.Expires():
		return k.OrderExpiryQueue.Remove(ctx, expiryKey(o))
	case o.Status == types.OrderStatusDisputed && o.Dispute != nil:
		return k.DisputeQueue.Remove(ctx, disputeKey(o))
	}
	return nil
}

// ResolveDispute decides a disputed or held order: RELEASE settles it to
// the seller (moving an asset to the buyer), REFUND returns everything to
// the buyer. Only an arbiter that is not a party. The recipient must not be
// frozen: a frozen recipient's order stays held until it is unfrozen or the
// arbiter decides the other way. The msg server has checked the arbiter
// role.
func (k Keeper) ResolveDispute(ctx context.Context, arbiter sdk.AccAddress, orderID string, resolution types.Resolution, reason string) error {
	arbiterS := k.str(arbiter)
	key, o, err := k.getOrder(ctx, orderID)
	if err != nil {
		return err
	}
	if arbiterS == o.Buyer || arbiterS == o.Seller {
		return types.ErrNotArbiter.Wrapf("%s is a party to order %s", arbiterS, o.Id)
	}
	if err := requireOpen(o); err != nil {
		return err
	}
	if o.Status != types.OrderStatusDisputed && o.Status != types.OrderStatusHeld {
		return types.ErrInvalidOrderStatus.Wrapf("order %s is %s: only disputed or held orders are resolved", o.Id, o.Status)
	}
	o.Resolved = &types.Resolved{Arbiter: arbiterS, Resolution: resolution, Reason: reason}
	if resolution == types.ResolutionRelease {
		_, err = k.settle(ctx, key, o, types.CloseReasonArbiterRelease)
	} else {
		_, err = k.refund(ctx, key, o, types.CloseReasonArbiterRefund)
	}
	if err != nil {
		return err
	}
	return emit(ctx, types.NewEventDisputeResolved(o.Id, *o.Resolved))
}

// byArbiter reports whether a close reason is an arbiter's decision.
func byArbiter(r types.CloseReason) bool {
	return r == types.CloseReasonArbiterRelease || r == types.CloseReasonArbiterRefund
}

// settle pays the seller and captures the PIVC, moves an asset to the
// buyer and closes the order. A frozen seller: an arbiter's release fails
// with ErrPartyFrozen; a buyer's confirmation holds the order.
func (k Keeper) settle(ctx context.Context, key OrderKey, o types.Order, reason types.CloseReason) (bool, error) {
	buyer, err := k.addr("buyer", o.Buyer)
	if err != nil {
		return false, err
	}
	seller, err := k.addr("seller", o.Seller)
	if err != nil {
		return false, err
	}
	frozen, err := k.aegis.IsFrozen(ctx, seller)
	if err != nil {
		return false, err
	}
	if frozen {
		if byArbiter(reason) {
			return false, types.ErrPartyFrozen.Wrapf("seller %s is frozen: release later or refund", o.Seller)
		}
		return true, k.hold(ctx, key, o, o.Seller, "seller frozen at settlement")
	}
	e, err := k.GetEscrow(ctx, key)
	if err != nil {
		return false, err
	}
	if err := k.release(ctx, o.Id, buyer, seller, e); err != nil {
		return false, err
	}
	if o.Kind == types.ListingKindAsset {
		if err := k.deliverAsset(ctx, o); err != nil {
			return false, err
		}
	}
	if err := k.closeOrder(ctx, key, o, types.OrderStatusSettled, reason); err != nil {
		return false, err
	}
	return false, emit(ctx, types.NewEventOrderSettled(o, e, reason))
}

// deliverAsset moves a settled order's asset to the buyer and closes the
// asset's listing (sold).
func (k Keeper) deliverAsset(ctx context.Context, o types.Order) error {
	asset, err := k.GetAsset(ctx, o.AssetId)
	if err != nil {
		return err
	}
	if asset.OrderId != o.Id || asset.Owner != o.Seller {
		return types.ErrEscrowInvariant.Wrapf("asset %d is not held for order %s (owner %s, order %q)", asset.Id, o.Id, asset.Owner, asset.OrderId)
	}
	if asset.ListingId != 0 {
		l, err := k.GetListing(ctx, asset.ListingId)
		if err != nil {
			return err
		}
		if err := k.closeListing(ctx, l, ListingClosedSold); err != nil {
			return err
		}
		if asset, err = k.GetAsset(ctx, o.AssetId); err != nil {
			return err
		}
	}
	asset.OrderId = ""
	if err := k.setAssetOwner(ctx, asset, o.Buyer); err != nil {
		return err
	}
	return emit(ctx, types.NewEventAssetTransferred(asset.Id, o.Seller, o.Buyer, o.Id))
}

// refund returns the escrow to the buyer, puts the quantity back into the
// listing (if it still exists), releases an asset and closes the order. A
// frozen buyer: an arbiter's refund fails with ErrPartyFrozen; otherwise
// the order is held.
func (k Keeper) refund(ctx context.Context, key OrderKey, o types.Order, reason types.CloseReason) (bool, error) {
	buyer, err := k.addr("buyer", o.Buyer)
	if err != nil {
		return false, err
	}
	frozen, err := k.aegis.IsFrozen(ctx, buyer)
	if err != nil {
		return false, err
	}
	if frozen {
		if byArbiter(reason) {
			return false, types.ErrPartyFrozen.Wrapf("buyer %s is frozen: refund later or release", o.Buyer)
		}
		return true, k.hold(ctx, key, o, o.Buyer, "buyer frozen at refund")
	}
	e, err := k.GetEscrow(ctx, key)
	if err != nil {
		return false, err
	}
	if err := k.repay(ctx, o.Id, buyer, e); err != nil {
		return false, err
	}
	if o.Kind == types.ListingKindAsset {
		asset, err := k.GetAsset(ctx, o.AssetId)
		if err != nil {
			return false, err
		}
		if asset.OrderId == o.Id {
			asset.OrderId = ""
			if err := k.Assets.Set(ctx, asset.Id, asset); err != nil {
				return false, err
			}
		}
	}
	if err := k.restock(ctx, o); err != nil {
		return false, err
	}
	if err := k.closeOrder(ctx, key, o, types.OrderStatusRefunded, reason); err != nil {
		return false, err
	}
	return false, emit(ctx, types.NewEventOrderRefunded(o, e.Total(), reason))
}

// hold keeps an order's escrow for an arbiter because its payee is frozen.
func (k Keeper) hold(ctx context.Context, key OrderKey, o types.Order, party, why string) error {
	if err := k.leaveQueues(ctx, o); err != nil {
		return err
	}
	o.Status = types.OrderStatusHeld
	o.HoldReason = why
	if err := k.Orders.Set(ctx, key, o); err != nil {
		return err
	}
	return emit(ctx, types.NewEventOrderHeld(o, party, why))
}

// closeOrder marks an order settled or refunded, drops its escrow and its
// expiry-queue entry and queues it for pruning.
func (k Keeper) closeOrder(ctx context.Context, key OrderKey, o types.Order, status types.OrderStatus, reason types.CloseReason) error {
	if err := k.leaveQueues(ctx, o); err != nil {
		return err
	}
	if err := k.Escrows.Remove(ctx, key); err != nil {
		return err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	now := blockTime(ctx)
	o.Status = status
	o.CloseReason = reason
	o.ClosedAt = &now
	if err := k.Orders.Set(ctx, key, o); err != nil {
		return err
	}
	return k.PruneQueue.Set(ctx, collections.Join3(queueTime(now.Add(params.ClosedOrderRetention)), o.ListingId, o.Seq))
}
