package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module, its store key, its escrow module
	// account and its error codespace.
	ModuleName = "forge"

	// StoreKey is the KV store key of the module.
	StoreKey = ModuleName

	// ObjectStoreKey is the module's object store: each tx's change to the
	// escrow totals, keyed by tx index, folded in EndBlock (no key shared
	// between the txs of a block).
	ObjectStoreKey = "object:" + ModuleName

	// ReferencePrefix starts the payment reference attached (with
	// movement.WithReference) to every movement an order makes:
	// "forge/order/<order id>".
	ReferencePrefix = "forge/order/"
)

// OrderReference returns the payment reference of an order's movements.
func OrderReference(orderID string) string { return ReferencePrefix + orderID }

// Store prefixes. Never renumber or reuse one.
var (
	// ParamsKey holds the Params.
	ParamsKey = collections.NewPrefix(1)
	// RolesPrefix holds the role grants: (role, address) → ∅.
	RolesPrefix = collections.NewPrefix(2)
	// NextAssetIDKey is the asset id sequence.
	NextAssetIDKey = collections.NewPrefix(3)
	// AssetsPrefix holds the assets by id.
	AssetsPrefix = collections.NewPrefix(4)
	// AssetsByOwnerPrefix indexes the assets by owner.
	AssetsByOwnerPrefix = collections.NewPrefix(5)
	// NextListingIDKey is the listing id sequence.
	NextListingIDKey = collections.NewPrefix(6)
	// ListingsPrefix holds the listings by id.
	ListingsPrefix = collections.NewPrefix(7)
	// ListingsBySellerPrefix indexes the listings by seller.
	ListingsBySellerPrefix = collections.NewPrefix(8)
	// ListingsByKindPrefix indexes the listings by kind.
	ListingsByKindPrefix = collections.NewPrefix(9)
	// OrdersPrefix holds the orders by (listing id, seq).
	OrdersPrefix = collections.NewPrefix(10)
	// OrdersByBuyerPrefix indexes the orders by buyer.
	OrdersByBuyerPrefix = collections.NewPrefix(11)
	// OrdersBySellerPrefix indexes the orders by seller.
	OrdersBySellerPrefix = collections.NewPrefix(12)
	// EscrowsPrefix holds the escrow of each open order by (listing id, seq).
	EscrowsPrefix = collections.NewPrefix(13)
	// OrderExpiryQueuePrefix is the queue of open orders by (expiry, listing
	// id, seq).
	OrderExpiryQueuePrefix = collections.NewPrefix(14)
	// ListingExpiryQueuePrefix is the queue of listings by (expiry, id).
	ListingExpiryQueuePrefix = collections.NewPrefix(15)
	// PruneQueuePrefix is the queue of closed orders by (prune time, listing
	// id, seq).
	PruneQueuePrefix = collections.NewPrefix(16)
	// EscrowHeldPrefix holds the escrow totals per denom (folded per block).
	EscrowHeldPrefix = collections.NewPrefix(17)
	// OpenOrdersKey holds the number of open orders (folded per block).
	OpenOrdersKey = collections.NewPrefix(18)
	// DisputeQueuePrefix is the queue of disputed orders by (dispute
	// deadline, listing id, seq).
	DisputeQueuePrefix = collections.NewPrefix(19)
)
