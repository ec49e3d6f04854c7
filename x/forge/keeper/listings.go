package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

// Reasons a listing is closed (EventListingClosed.reason).
const (
	ListingClosedWithdrawn = "withdrawn"
	ListingClosedExpired   = "expired"
	ListingClosedSold      = "sold"
)

// GetListing returns a listing or ErrListingNotFound.
func (k Keeper) GetListing(ctx context.Context, id uint64) (types.Listing, error) {
	l, err := k.Listings.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return l, types.ErrListingNotFound.Wrapf("listing %d", id)
	}
	return l, err
}

// IsActive reports whether a listing takes orders at now: not expired and
// in stock.
func IsActive(l types.Listing, now time.Time) bool {
	return now.Before(l.Expiry) && l.Quantity > 0
}

// ListingTerms are the terms of a new listing: what MsgCreateListing
// carries besides its seller (checked by its ValidateBasic). A nil Expiry
// is the latest the params allow.
type ListingTerms struct {
	Kind               types.ListingKind
	Title              string
	Price              sdk.Coin
	Quantity           uint64
	Expiry             *time.Time
	AssetID            uint64
	MinBuyerReputation uint64
}

// CreateListing offers goods, a service, labour or an asset. An asset
// listing needs the seller to own the asset and the asset not to be listed
// or under an open order. A frozen seller cannot list. It returns the
// listing id.
func (k Keeper) CreateListing(ctx context.Context, seller sdk.AccAddress, t ListingTerms) (uint64, error) {
	sellerS := k.str(seller)
	if err := k.checkPayable(ctx, t.Price); err != nil {
		return 0, err
	}
	if err := k.checkNotFrozen(ctx, "seller", seller); err != nil {
		return 0, err
	}
	if err := k.checkMinReputationSupported(t.MinBuyerReputation); err != nil {
		return 0, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	now := blockTime(ctx)
	latest := now.Add(params.MaxListingDuration)
	expiry := latest
	if t.Expiry != nil {
		expiry = *t.Expiry
		if !expiry.After(now) {
			return 0, types.ErrInvalidExpiry.Wrapf("expiry %s is not after the block time %s", expiry.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
		}
		if expiry.After(latest) {
			return 0, types.ErrInvalidExpiry.Wrapf("expiry %s is more than max_listing_duration %s away", expiry.UTC().Format(time.RFC3339), params.MaxListingDuration)
		}
	}

	var asset types.Asset
	if t.Kind == types.ListingKindAsset {
		if asset, err = k.GetAsset(ctx, t.AssetID); err != nil {
			return 0, err
		}
		if asset.Owner != sellerS {
			return 0, types.ErrNotAssetOwner.Wrapf("asset %d is owned by %s, not %s", asset.Id, asset.Owner, sellerS)
		}
		if asset.ListingId != 0 || asset.OrderId != "" {
			return 0, types.ErrAssetLocked.Wrapf("asset %d is already listed (listing %d) or under order %q", asset.Id, asset.ListingId, asset.OrderId)
		}
	}

	id, err := k.NextListingID.Next(ctx)
	if err != nil {
		return 0, err
	}
	l := types.Listing{
		Id:        id,
		Seller:    sellerS,
		Kind:      t.Kind,
		Title:     t.Title,
		Price:     t.Price,
		Quantity:  t.Quantity,
		Expiry:    expiry,
		AssetId:   t.AssetID,
		CreatedAt: now,

		MinBuyerReputation: t.MinBuyerReputation,
	}
	if err := k.addListing(ctx, l); err != nil {
		return 0, err
	}
	if err := k.ListingExpiryQueue.Set(ctx, collections.Join(queueTime(expiry), id)); err != nil {
		return 0, err
	}
	if t.Kind == types.ListingKindAsset {
		asset.ListingId = id
		if err := k.Assets.Set(ctx, asset.Id, asset); err != nil {
			return 0, err
		}
	}
	return id, emit(ctx, types.NewEventListingCreated(l))
}

// checkPayable refuses a price in a denom that is not money on Nexus:
// only uazr and the chartered a-Tokens can really be paid (issue 14: a
// listing priced in ustake, which cannot move, was accepted).
func (k Keeper) checkPayable(ctx context.Context, price sdk.Coin) error {
	ok, err := k.denoms.IsPayableDenom(ctx, price.Denom)
	if err != nil {
		return err
	}
	if !ok {
		return types.ErrInvalidPrice.Wrapf("%s cannot pay for a listing: the price must be in uazr or a chartered a-Token (a/<symbol>)", price.Denom)
	}
	return nil
}

// UpdateListing changes a listing's unit price and stock. Orders already
// placed keep their price. An asset listing keeps a stock of exactly 1 and
// cannot change while its asset is under an open order.
func (k Keeper) UpdateListing(ctx context.Context, seller sdk.AccAddress, listingID uint64, price sdk.Coin, quantity uint64) error {
	sellerS := k.str(seller)
	l, err := k.GetListing(ctx, listingID)
	if err != nil {
		return err
	}
	if l.Seller != sellerS {
		return types.ErrNotSeller.Wrapf("listing %d is sold by %s, not %s", l.Id, l.Seller, sellerS)
	}
	if !blockTime(ctx).Before(l.Expiry) {
		return types.ErrListingExpired.Wrapf("listing %d expired at %s", l.Id, l.Expiry.UTC().Format(time.RFC3339))
	}
	if err := k.checkPayable(ctx, price); err != nil {
		return err
	}
	if err := k.checkNotFrozen(ctx, "seller", seller); err != nil {
		return err
	}
	if l.Kind == types.ListingKindAsset {
		if quantity != 1 {
			return types.ErrInvalidQuantity.Wrapf("an asset listing sells exactly 1, got %d", quantity)
		}
		asset, err := k.GetAsset(ctx, l.AssetId)
		if err != nil {
			return err
		}
		if asset.OrderId != "" {
			return types.ErrAssetLocked.Wrapf("asset %d is under order %s", asset.Id, asset.OrderId)
		}
	}
	l.Price = price
	l.Quantity = quantity
	if err := k.Listings.Set(ctx, l.Id, l); err != nil {
		return err
	}
	return emit(ctx, types.NewEventListingUpdated(l))
}

// WithdrawListing closes a listing at its seller's request. Its open
// orders go on (they carry their own price and parties); an asset under an
// open order stays bound to that order.
func (k Keeper) WithdrawListing(ctx context.Context, seller sdk.AccAddress, listingID uint64) error {
	sellerS := k.str(seller)
	l, err := k.GetListing(ctx, listingID)
	if err != nil {
		return err
	}
	if l.Seller != sellerS {
		return types.ErrNotSeller.Wrapf("listing %d is sold by %s, not %s", l.Id, l.Seller, sellerS)
	}
	return k.closeListing(ctx, l, ListingClosedWithdrawn)
}

// closeListing removes a listing, its expiry-queue entry and its asset's
// listing mark.
func (k Keeper) closeListing(ctx context.Context, l types.Listing, reason string) error {
	if err := k.removeListing(ctx, l); err != nil {
		return err
	}
	if err := k.ListingExpiryQueue.Remove(ctx, collections.Join(queueTime(l.Expiry), l.Id)); err != nil {
		return err
	}
	if l.Kind == types.ListingKindAsset {
		asset, err := k.GetAsset(ctx, l.AssetId)
		if err != nil {
			return err
		}
		if asset.ListingId == l.Id {
			asset.ListingId = 0
			if err := k.Assets.Set(ctx, asset.Id, asset); err != nil {
				return err
			}
		}
	}
	return emit(ctx, types.NewEventListingClosed(l, reason))
}

// restock puts an order's quantity back into its listing after a refund,
// if the listing still exists (capped at MaxQuantity).
func (k Keeper) restock(ctx context.Context, o types.Order) error {
	l, err := k.Listings.Get(ctx, o.ListingId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	l.Quantity = min(l.Quantity+o.Quantity, types.MaxQuantity)
	if l.Kind == types.ListingKindAsset {
		l.Quantity = 1
	}
	return k.Listings.Set(ctx, l.Id, l)
}

// sellerOf decodes a listing's seller.
func (k Keeper) sellerOf(l types.Listing) (sdk.AccAddress, error) {
	return k.addr("seller", l.Seller)
}
