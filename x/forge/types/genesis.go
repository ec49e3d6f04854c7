package types

import (
	"fmt"
	"time"

	"cosmossdk.io/core/address"
)

// DefaultGenesis returns the default genesis state: default params, no roles,
// no assets, listings or orders.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params:        DefaultParams(),
		Roles:         []RoleGrant{},
		NextAssetId:   1,
		NextListingId: 1,
		Assets:        []Asset{},
		Listings:      []Listing{},
		Orders:        []Order{},
		Escrows:       []EscrowEntry{},
	}
}

// Validate checks the genesis state: every element on its own, no
// duplicates, the id sequences above every id in use, and the references
// between assets, listings, orders and escrows (exactly one escrow per open
// order, equal to the order's amount and fee). The escrow balance itself is
// checked against the module account at InitGenesis.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	addr := func(what, s string) error {
		if _, err := ac.StringToBytes(s); err != nil {
			return fmt.Errorf("%s %q: %w", what, s, err)
		}
		return nil
	}

	roles := map[string]bool{}
	for _, g := range gs.Roles {
		if err := g.Role.Validate(); err != nil {
			return err
		}
		if err := addr("role holder", g.Address); err != nil {
			return err
		}
		key := fmt.Sprintf("%d/%s", g.Role, g.Address)
		if roles[key] {
			return fmt.Errorf("duplicate role grant %s to %s", g.Role, g.Address)
		}
		roles[key] = true
	}

	if gs.NextAssetId == 0 || gs.NextListingId == 0 {
		return fmt.Errorf("next_asset_id and next_listing_id must be at least 1")
	}

	assets := make(map[uint64]Asset, len(gs.Assets))
	for _, a := range gs.Assets {
		if a.Id == 0 || a.Id >= gs.NextAssetId {
			return fmt.Errorf("asset id %d must be in [1, next_asset_id %d)", a.Id, gs.NextAssetId)
		}
		if _, dup := assets[a.Id]; dup {
			return fmt.Errorf("duplicate asset %d", a.Id)
		}
		if err := addr("asset owner", a.Owner); err != nil {
			return err
		}
		if err := addr("asset custodian", a.Custodian); err != nil {
			return err
		}
		if err := ValidateAssetFields(a.Kind, a.Title, a.MetadataUri, a.MetadataHash); err != nil {
			return fmt.Errorf("asset %d: %w", a.Id, err)
		}
		if a.OrderId != "" {
			if _, _, err := ParseOrderID(a.OrderId); err != nil {
				return fmt.Errorf("asset %d: %w", a.Id, err)
			}
		}
		assets[a.Id] = a
	}

	listings := make(map[uint64]Listing, len(gs.Listings))
	for _, l := range gs.Listings {
		if l.Id == 0 || l.Id >= gs.NextListingId {
			return fmt.Errorf("listing id %d must be in [1, next_listing_id %d)", l.Id, gs.NextListingId)
		}
		if _, dup := listings[l.Id]; dup {
			return fmt.Errorf("duplicate listing %d", l.Id)
		}
		if err := addr("listing seller", l.Seller); err != nil {
			return err
		}
		if err := l.Kind.Validate(); err != nil {
			return fmt.Errorf("listing %d: %w", l.Id, err)
		}
		if err := ValidateTitle(l.Title); err != nil {
			return fmt.Errorf("listing %d: %w", l.Id, err)
		}
		if err := ValidatePrice(l.Price); err != nil {
			return fmt.Errorf("listing %d: %w", l.Id, err)
		}
		if l.Quantity > MaxQuantity {
			return fmt.Errorf("listing %d: quantity %d above %d", l.Id, l.Quantity, MaxQuantity)
		}
		if _, err := OrderAmount(l.Price, l.Quantity); err != nil {
			return fmt.Errorf("listing %d: %w", l.Id, err)
		}
		if !queueable(l.Expiry) {
			return fmt.Errorf("listing %d: expiry %s out of range", l.Id, l.Expiry)
		}
		if err := ValidateMinReputation(l.MinBuyerReputation); err != nil {
			return fmt.Errorf("listing %d: %w", l.Id, err)
		}
		if l.Kind == ListingKindAsset {
			a, ok := assets[l.AssetId]
			switch {
			case !ok:
				return fmt.Errorf("listing %d: asset %d not found", l.Id, l.AssetId)
			case a.Owner != l.Seller:
				return fmt.Errorf("listing %d: seller %s does not own asset %d", l.Id, l.Seller, l.AssetId)
			case a.ListingId != l.Id:
				return fmt.Errorf("listing %d: asset %d is marked as listed by %d", l.Id, l.AssetId, a.ListingId)
			case l.Quantity > 1:
				return fmt.Errorf("listing %d: an asset listing has at most 1 in stock", l.Id)
			case (a.OrderId == "") != (l.Quantity == 1):
				return fmt.Errorf("listing %d: stock %d but the asset's open order is %q", l.Id, l.Quantity, a.OrderId)
			}
		} else if l.AssetId != 0 {
			return fmt.Errorf("listing %d: asset_id is only for asset listings", l.Id)
		}
		listings[l.Id] = l
	}
	for _, a := range assets {
		if a.ListingId != 0 {
			if l, ok := listings[a.ListingId]; !ok || l.AssetId != a.Id {
				return fmt.Errorf("asset %d: listing %d does not list it", a.Id, a.ListingId)
			}
		}
	}

	orders := make(map[string]Order, len(gs.Orders))
	for _, o := range gs.Orders {
		if err := o.validate(addr); err != nil {
			return fmt.Errorf("order %q: %w", o.Id, err)
		}
		if o.ListingId >= gs.NextListingId {
			return fmt.Errorf("order %s: listing id above next_listing_id %d", o.Id, gs.NextListingId)
		}
		if _, dup := orders[o.Id]; dup {
			return fmt.Errorf("duplicate order %s", o.Id)
		}
		if l, ok := listings[o.ListingId]; ok {
			if o.Seq > l.LastOrderSeq || o.Seller != l.Seller || o.Kind != l.Kind || o.AssetId != l.AssetId {
				return fmt.Errorf("order %s does not match listing %d (seq, seller, kind or asset)", o.Id, l.Id)
			}
		}
		if o.Kind == ListingKindAsset && o.Status.IsOpen() {
			if a, ok := assets[o.AssetId]; !ok || a.OrderId != o.Id || a.Owner != o.Seller {
				return fmt.Errorf("order %s: asset %d is not held for it", o.Id, o.AssetId)
			}
		}
		orders[o.Id] = o
	}
	for _, a := range assets {
		if a.OrderId != "" {
			if o, ok := orders[a.OrderId]; !ok || !o.Status.IsOpen() || o.AssetId != a.Id {
				return fmt.Errorf("asset %d: order %s is not an open order for it", a.Id, a.OrderId)
			}
		}
	}

	escrowed := map[string]bool{}
	for _, e := range gs.Escrows {
		o, ok := orders[e.OrderId]
		if !ok {
			return fmt.Errorf("escrow of unknown order %q", e.OrderId)
		}
		if escrowed[e.OrderId] {
			return fmt.Errorf("duplicate escrow of order %s", e.OrderId)
		}
		if !o.Status.IsOpen() {
			return fmt.Errorf("escrow of closed order %s", e.OrderId)
		}
		if err := e.Escrow.Validate(); err != nil {
			return fmt.Errorf("escrow of order %s: %w", e.OrderId, err)
		}
		if !e.Escrow.Amount.Equal(o.Amount) || !e.Escrow.Fee.Equal(o.Fee) {
			return fmt.Errorf("escrow of order %s (%s + %s) differs from the order (%s + %s)",
				e.OrderId, e.Escrow.Amount, e.Escrow.Fee, o.Amount, o.Fee)
		}
		escrowed[e.OrderId] = true
	}
	for _, o := range gs.Orders {
		if o.Status.IsOpen() && !escrowed[o.Id] {
			return fmt.Errorf("open order %s has no escrow", o.Id)
		}
	}
	return nil
}

// validate checks one order on its own.
func (o Order) validate(addr func(what, s string) error) error {
	l, s, err := ParseOrderID(o.Id)
	if err != nil {
		return err
	}
	if l != o.ListingId || s != o.Seq {
		return fmt.Errorf("id does not match listing_id %d and seq %d", o.ListingId, o.Seq)
	}
	if err := addr("buyer", o.Buyer); err != nil {
		return err
	}
	if err := addr("seller", o.Seller); err != nil {
		return err
	}
	if o.Buyer == o.Seller {
		return ErrSelfTrade
	}
	if err := o.Kind.Validate(); err != nil {
		return err
	}
	if (o.Kind == ListingKindAsset) != (o.AssetId != 0) {
		return fmt.Errorf("asset_id %d does not fit kind %s", o.AssetId, o.Kind)
	}
	if o.Kind == ListingKindAsset && o.Quantity != 1 {
		return fmt.Errorf("an asset order buys exactly 1")
	}
	if err := ValidateQuantity(o.Quantity); err != nil {
		return err
	}
	if err := ValidatePrice(o.UnitPrice); err != nil {
		return err
	}
	amount, err := OrderAmount(o.UnitPrice, o.Quantity)
	if err != nil {
		return err
	}
	if !amount.Equal(o.Amount) {
		return fmt.Errorf("amount %s is not unit_price × quantity = %s", o.Amount, amount)
	}
	if err := (Escrow{Amount: o.Amount, Fee: o.Fee}).Validate(); err != nil {
		return err
	}
	if o.Handover != nil {
		if o.Kind != ListingKindAsset {
			return fmt.Errorf("handover on a %s order", o.Kind)
		}
		if err := addr("handover custodian", o.Handover.Custodian); err != nil {
			return err
		}
		if err := ValidateReference(o.Handover.Reference); err != nil {
			return err
		}
	}
	if o.Dispute != nil {
		if o.Dispute.OpenedBy != o.Buyer && o.Dispute.OpenedBy != o.Seller {
			return fmt.Errorf("dispute opened by %s, not a party", o.Dispute.OpenedBy)
		}
		if err := ValidateReason(o.Dispute.Reason); err != nil {
			return err
		}
	}
	if o.Resolved != nil {
		if err := addr("arbiter", o.Resolved.Arbiter); err != nil {
			return err
		}
		if err := o.Resolved.Resolution.Validate(); err != nil {
			return err
		}
		if err := ValidateReason(o.Resolved.Reason); err != nil {
			return err
		}
	}
	switch o.Status {
	case OrderStatusPlaced, OrderStatusAccepted:
	case OrderStatusDisputed:
		if o.Dispute == nil {
			return fmt.Errorf("disputed without a dispute")
		}
		if !o.Dispute.Deadline.After(o.Dispute.OpenedAt) || !queueable(o.Dispute.Deadline) {
			return fmt.Errorf("dispute deadline %s is not after its opening %s, or outside the years 1678-2262", o.Dispute.Deadline, o.Dispute.OpenedAt)
		}
	case OrderStatusHeld:
		if o.HoldReason == "" {
			return fmt.Errorf("held without a hold_reason")
		}
	case OrderStatusSettled:
		if o.CloseReason != CloseReasonConfirmed && o.CloseReason != CloseReasonArbiterRelease {
			return fmt.Errorf("settled with close reason %s", o.CloseReason)
		}
	case OrderStatusRefunded:
		switch o.CloseReason {
		case CloseReasonCancelledByBuyer, CloseReasonCancelledBySeller, CloseReasonExpired, CloseReasonArbiterRefund, CloseReasonDisputeExpired:
		default:
			return fmt.Errorf("refunded with close reason %s", o.CloseReason)
		}
	default:
		return ErrInvalidOrderStatus.Wrapf("unknown status %d", int32(o.Status))
	}
	if o.Status.IsOpen() && (o.CloseReason != CloseReasonUnspecified || o.ClosedAt != nil || o.Resolved != nil) {
		return fmt.Errorf("open order with a close reason, close time or resolution")
	}
	if o.Status.IsClosed() && o.ClosedAt == nil {
		return fmt.Errorf("closed order without closed_at")
	}
	if !queueable(o.Expiry) || (o.ClosedAt != nil && !queueable(o.ClosedAt.Add(MaxDuration))) {
		return fmt.Errorf("expiry or closed_at out of range")
	}
	if (o.CloseReason == CloseReasonArbiterRelease || o.CloseReason == CloseReasonArbiterRefund) != (o.Resolved != nil) {
		return fmt.Errorf("an arbiter's close reason goes with a resolution, and only then")
	}
	return nil
}

// queueable reports whether t can be a queue position: the keeper keys its
// time queues by Unix nanoseconds, which cover the years 1678 to 2262.
func queueable(t time.Time) bool {
	return time.Unix(0, t.UnixNano()).Equal(t)
}
