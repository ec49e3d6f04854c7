package types

import (
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Constructors of the typed events of x/forge (events.proto), one per state
// change. Addresses are the canonical bech32 strings the module stores.

// NewEventParamsUpdated returns the event of a params update; params are the
// params as stored.
func NewEventParamsUpdated(params Params) *EventParamsUpdated {
	return &EventParamsUpdated{Params: params}
}

// NewEventRoleGranted returns the event of a role granted (the role
// registry's Config.Granted; the granter is not part of the event).
func NewEventRoleGranted(role Role, address string) *EventRoleGranted {
	return &EventRoleGranted{Role: role, Address: address}
}

// NewEventRoleRevoked returns the event of a role revoked.
func NewEventRoleRevoked(role Role, address string) *EventRoleRevoked {
	return &EventRoleRevoked{Role: role, Address: address}
}

// NewEventAssetRegistered returns the event of an asset registered.
func NewEventAssetRegistered(a Asset) *EventAssetRegistered {
	return &EventAssetRegistered{
		AssetId: a.Id, Owner: a.Owner, Custodian: a.Custodian, Kind: a.Kind, Title: a.Title, MetadataHash: a.MetadataHash,
	}
}

// NewEventAssetTransferred returns the event of an asset changing owner;
// orderID is the settled order that moved it ("" for a gift).
func NewEventAssetTransferred(assetID uint64, from, to, orderID string) *EventAssetTransferred {
	return &EventAssetTransferred{AssetId: assetID, From: from, To: to, OrderId: orderID}
}

// NewEventHandoverRecorded returns the event of a custodian's handover of
// an ordered asset to its buyer.
func NewEventHandoverRecorded(o Order, h Handover) *EventHandoverRecorded {
	return &EventHandoverRecorded{OrderId: o.Id, AssetId: o.AssetId, Custodian: h.Custodian, Buyer: o.Buyer, Reference: h.Reference}
}

// NewEventListingCreated returns the event of a listing created.
func NewEventListingCreated(l Listing) *EventListingCreated {
	return &EventListingCreated{
		ListingId: l.Id, Seller: l.Seller, Kind: l.Kind, Title: l.Title, Price: l.Price,
		Quantity: l.Quantity, Expiry: l.Expiry, AssetId: l.AssetId, MinBuyerReputation: l.MinBuyerReputation,
	}
}

// NewEventListingUpdated returns the event of a listing's price and stock
// changed (l as updated).
func NewEventListingUpdated(l Listing) *EventListingUpdated {
	return &EventListingUpdated{ListingId: l.Id, Price: l.Price, Quantity: l.Quantity}
}

// NewEventListingClosed returns the event of a listing closed: withdrawn,
// expired or sold.
func NewEventListingClosed(l Listing, reason string) *EventListingClosed {
	return &EventListingClosed{ListingId: l.Id, Seller: l.Seller, Reason: reason}
}

// NewEventOrderPlaced returns the event of an order placed (its escrow
// locked).
func NewEventOrderPlaced(o Order) *EventOrderPlaced {
	return &EventOrderPlaced{
		OrderId: o.Id, ListingId: o.ListingId, Buyer: o.Buyer, Seller: o.Seller, Quantity: o.Quantity,
		Amount: o.Amount, Fee: o.Fee, Expiry: o.Expiry,
	}
}

// NewEventOrderAccepted returns the event of a seller accepting an order.
func NewEventOrderAccepted(o Order) *EventOrderAccepted {
	return &EventOrderAccepted{OrderId: o.Id, Seller: o.Seller}
}

// NewEventOrderSettled returns the event of an order settled to its seller.
func NewEventOrderSettled(o Order, e Escrow, reason CloseReason) *EventOrderSettled {
	return &EventOrderSettled{OrderId: o.Id, Buyer: o.Buyer, Seller: o.Seller, Amount: e.Amount, Fee: e.Fee, Reason: reason}
}

// NewEventOrderRefunded returns the event of an order refunded in full to
// its buyer.
func NewEventOrderRefunded(o Order, refund sdk.Coin, reason CloseReason) *EventOrderRefunded {
	return &EventOrderRefunded{OrderId: o.Id, Buyer: o.Buyer, Seller: o.Seller, Refund: refund, Reason: reason}
}

// NewEventOrderHeld returns the event of an order held for an arbiter
// because party, its payee, is frozen.
func NewEventOrderHeld(o Order, party, reason string) *EventOrderHeld {
	return &EventOrderHeld{OrderId: o.Id, Party: party, Reason: reason}
}

// NewEventDisputeOpened returns the event of a dispute opened (o as
// disputed).
func NewEventDisputeOpened(o Order) *EventDisputeOpened {
	return &EventDisputeOpened{OrderId: o.Id, OpenedBy: o.Dispute.OpenedBy, Reason: o.Dispute.Reason, Deadline: o.Dispute.Deadline}
}

// NewEventDisputeExpired returns the event of a dispute left undecided past
// its deadline; outcome says what EndBlock did with the order.
func NewEventDisputeExpired(orderID string, deadline time.Time, outcome string) *EventDisputeExpired {
	return &EventDisputeExpired{OrderId: orderID, Deadline: deadline, Outcome: outcome}
}

// NewEventDisputeResolved returns the event of an arbiter's decision.
func NewEventDisputeResolved(orderID string, r Resolved) *EventDisputeResolved {
	return &EventDisputeResolved{OrderId: orderID, Arbiter: r.Arbiter, Resolution: r.Resolution, Reason: r.Reason}
}

// NewEventOrderPruned returns the event of a closed order pruned from
// state.
func NewEventOrderPruned(o Order) *EventOrderPruned {
	return &EventOrderPruned{OrderId: o.Id, Status: o.Status}
}
