package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

// AssetInfo describes an asset to register: what MsgRegisterAsset carries
// besides its owner and custodian (checked by its ValidateBasic).
type AssetInfo struct {
	Kind         string
	Title        string
	MetadataURI  string
	MetadataHash string
}

// GetAsset returns an asset or ErrAssetNotFound.
func (k Keeper) GetAsset(ctx context.Context, id uint64) (types.Asset, error) {
	a, err := k.Assets.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return a, types.ErrAssetNotFound.Wrapf("asset %d", id)
	}
	return a, err
}

// RegisterAsset registers a physical asset owned by owner and held by
// custodian, which must hold the custodian role. A frozen owner cannot
// register. It returns the asset id.
func (k Keeper) RegisterAsset(ctx context.Context, owner, custodian sdk.AccAddress, info AssetInfo) (uint64, error) {
	if err := k.checkNotFrozen(ctx, "owner", owner); err != nil {
		return 0, err
	}
	if err := k.roles.Require(ctx, types.RoleCustodian, custodian); err != nil {
		return 0, err
	}
	id, err := k.NextAssetID.Next(ctx)
	if err != nil {
		return 0, err
	}
	a := types.Asset{
		Id:           id,
		Owner:        k.str(owner),
		Kind:         info.Kind,
		Title:        info.Title,
		MetadataUri:  info.MetadataURI,
		MetadataHash: info.MetadataHash,
		Custodian:    k.str(custodian),
		RegisteredAt: blockTime(ctx),
	}
	if err := k.addAsset(ctx, a); err != nil {
		return 0, err
	}
	return id, emit(ctx, types.NewEventAssetRegistered(a))
}

// TransferAsset gives an asset to another account. Only the owner may, and
// only while the asset is neither listed nor under an open order. The
// recipient may not be frozen, a module account or the owner.
func (k Keeper) TransferAsset(ctx context.Context, owner, recipient sdk.AccAddress, assetID uint64) error {
	ownerS, recipientS := k.str(owner), k.str(recipient)
	a, err := k.GetAsset(ctx, assetID)
	if err != nil {
		return err
	}
	if a.Owner != ownerS {
		return types.ErrNotAssetOwner.Wrapf("asset %d is owned by %s, not %s", a.Id, a.Owner, ownerS)
	}
	if a.ListingId != 0 || a.OrderId != "" {
		return types.ErrAssetLocked.Wrapf("asset %d: listing %d, order %q", a.Id, a.ListingId, a.OrderId)
	}
	if owner.Equals(recipient) {
		return types.ErrInvalidRecipient.Wrap("recipient is the owner")
	}
	if k.bk.BlockedAddr(recipient) || recipient.Equals(k.escrowAddr) {
		return types.ErrInvalidRecipient.Wrapf("%s is a module account", recipientS)
	}
	if err := k.checkNotFrozen(ctx, "owner", owner); err != nil {
		return err
	}
	if err := k.checkNotFrozen(ctx, "recipient", recipient); err != nil {
		return err
	}
	if err := k.setAssetOwner(ctx, a, recipientS); err != nil {
		return err
	}
	return emit(ctx, types.NewEventAssetTransferred(a.Id, ownerS, recipientS, ""))
}

// RecordHandover records that the custodian of an ordered asset handed it
// over to the buyer; the buyer can then confirm delivery. Only the asset's
// custodian, holding the custodian role, may record it, once, while the
// order is open. reference names the handover (a receipt, a waybill).
func (k Keeper) RecordHandover(ctx context.Context, custodian sdk.AccAddress, orderID, reference string) error {
	custodianS := k.str(custodian)
	key, o, err := k.getOrder(ctx, orderID)
	if err != nil {
		return err
	}
	if o.Kind != types.ListingKindAsset {
		return types.ErrNotAssetOrder.Wrapf("order %s is a %s order", o.Id, o.Kind)
	}
	if !o.Status.IsOpen() {
		return types.ErrOrderClosed.Wrapf("order %s is %s", o.Id, o.Status)
	}
	if o.Handover != nil {
		return types.ErrHandoverRecorded.Wrapf("order %s: by %s (%s)", o.Id, o.Handover.Custodian, o.Handover.Reference)
	}
	a, err := k.GetAsset(ctx, o.AssetId)
	if err != nil {
		return err
	}
	if a.Custodian != custodianS {
		return types.ErrNotCustodian.Wrapf("asset %d is held by %s, not %s", a.Id, a.Custodian, custodianS)
	}
	if err := k.roles.Require(ctx, types.RoleCustodian, custodian); err != nil {
		return err
	}
	o.Handover = &types.Handover{Custodian: custodianS, Reference: reference, RecordedAt: blockTime(ctx)}
	if err := k.Orders.Set(ctx, key, o); err != nil {
		return err
	}
	return emit(ctx, types.NewEventHandoverRecorded(o, *o.Handover))
}
