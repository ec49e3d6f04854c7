package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/azora-os/nexus/x/forge/types"
)

// The indexes (assets by owner, listings by seller and kind, orders by
// buyer and seller) are written only when the indexed field is set or
// changes, not on every update of the value: an order changing status
// writes the order alone.

// addAsset stores a new asset and indexes it by owner.
func (k Keeper) addAsset(ctx context.Context, a types.Asset) error {
	owner, err := k.addr("owner", a.Owner)
	if err != nil {
		return err
	}
	if err := k.Assets.Set(ctx, a.Id, a); err != nil {
		return err
	}
	return k.AssetsByOwner.Set(ctx, collections.Join(owner, a.Id))
}

// setAssetOwner stores a with a new owner and moves its index entry.
func (k Keeper) setAssetOwner(ctx context.Context, a types.Asset, newOwner string) error {
	from, err := k.addr("owner", a.Owner)
	if err != nil {
		return err
	}
	to, err := k.addr("new owner", newOwner)
	if err != nil {
		return err
	}
	if err := k.AssetsByOwner.Remove(ctx, collections.Join(from, a.Id)); err != nil {
		return err
	}
	a.Owner = newOwner
	if err := k.Assets.Set(ctx, a.Id, a); err != nil {
		return err
	}
	return k.AssetsByOwner.Set(ctx, collections.Join(to, a.Id))
}

// addListing stores a new listing and indexes it by seller and kind.
func (k Keeper) addListing(ctx context.Context, l types.Listing) error {
	seller, err := k.addr("seller", l.Seller)
	if err != nil {
		return err
	}
	if err := k.Listings.Set(ctx, l.Id, l); err != nil {
		return err
	}
	if err := k.ListingsBySeller.Set(ctx, collections.Join(seller, l.Id)); err != nil {
		return err
	}
	return k.ListingsByKind.Set(ctx, collections.Join(int32(l.Kind), l.Id))
}

// removeListing deletes a listing and its index entries.
func (k Keeper) removeListing(ctx context.Context, l types.Listing) error {
	seller, err := k.addr("seller", l.Seller)
	if err != nil {
		return err
	}
	if err := k.Listings.Remove(ctx, l.Id); err != nil {
		return err
	}
	if err := k.ListingsBySeller.Remove(ctx, collections.Join(seller, l.Id)); err != nil {
		return err
	}
	return k.ListingsByKind.Remove(ctx, collections.Join(int32(l.Kind), l.Id))
}

// addOrder stores a new order and indexes it by buyer and seller.
func (k Keeper) addOrder(ctx context.Context, o types.Order) error {
	buyer, err := k.addr("buyer", o.Buyer)
	if err != nil {
		return err
	}
	seller, err := k.addr("seller", o.Seller)
	if err != nil {
		return err
	}
	key := collections.Join(o.ListingId, o.Seq)
	if err := k.Orders.Set(ctx, key, o); err != nil {
		return err
	}
	if err := k.OrdersByBuyer.Set(ctx, collections.Join(buyer, key)); err != nil {
		return err
	}
	return k.OrdersBySeller.Set(ctx, collections.Join(seller, key))
}

// removeOrder deletes an order and its index entries.
func (k Keeper) removeOrder(ctx context.Context, o types.Order) error {
	buyer, err := k.addr("buyer", o.Buyer)
	if err != nil {
		return err
	}
	seller, err := k.addr("seller", o.Seller)
	if err != nil {
		return err
	}
	key := collections.Join(o.ListingId, o.Seq)
	if err := k.Orders.Remove(ctx, key); err != nil {
		return err
	}
	if err := k.OrdersByBuyer.Remove(ctx, collections.Join(buyer, key)); err != nil {
		return err
	}
	return k.OrdersBySeller.Remove(ctx, collections.Join(seller, key))
}
