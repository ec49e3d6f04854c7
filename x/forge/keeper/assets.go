package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/azora-os/nexus/x/forge/types"
)

// GetAsset returns an asset or ErrAssetNotFound.
func (k Keeper) GetAsset(ctx context.Context, id uint64) (types.Asset, error) {
	a, err := k.Assets.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return a, types.ErrAssetNotFound.Wrapf("asset %d", id)
	}
	return a, err
}

// RegisterAsset registers a physical asset owned by msg.Owner and held by
// msg.Custodian, which must hold the custodian role. A frozen owner cannot
// register.
func (k Keeper) RegisterAsset(ctx context.Context, msg *types.MsgRegisterAsset) (uint64, error) {
	if err := msg.ValidateBasic(); err != nil {
		return 0, err
	}
	owner, ownerS, err := k.canonical("owner", msg.Owner)
	if err != nil {
		return 0, err
	}
	custodian, custodianS, err := k.canonical("custodian", msg.Custodian)
	if err != nil {
		return 0, err
	}
	if err := k.checkNotFrozen(ctx, "owner", owner); err != nil {
		return 0, err
	}
	ok, err := k.HasRole(ctx, types.RoleCustodian, custodian)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, types.ErrNotCustodian.Wrapf("%s does not hold the custodian role", custodianS)
	}
	id, err := k.NextAssetID.Next(ctx)
	if err != nil {
		return 0, err
	}
	a := types.Asset{
		Id:           id,
		Owner:        ownerS,
		Kind:         msg.Kind,
		Title:        msg.Title,
		MetadataUri:  msg.MetadataUri,
		MetadataHash: msg.MetadataHash,
		Custodian:    custodianS,
		RegisteredAt: blockTime(ctx),
	}
	if err := k.addAsset(ctx, a); err != nil {
		return 0, err
	}
	return id, emit(ctx, &types.EventAssetRegistered{
		AssetId: id, Owner: a.Owner, Custodian: a.Custodian, Kind: a.Kind, Title: a.Title, MetadataHash: a.MetadataHash,
	})
}

// TransferAsset gives an asset to another account. Only the owner may, and
// only while the asset is neither listed nor under an open order. The
// recipient may not be frozen, a module account or the owner.
func (k Keeper) TransferAsset(ctx context.Context, msg *types.MsgTransferAsset) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	owner, ownerS, err := k.canonical("owner", msg.Owner)
	if err != nil {
		return err
	}
	recipient, recipientS, err := k.canonical("recipient", msg.Recipient)
	if err != nil {
		return err
	}
	a, err := k.GetAsset(ctx, msg.AssetId)
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
	return emit(ctx, &types.EventAssetTransferred{AssetId: a.Id, From: ownerS, To: recipientS})
}

// RecordHandover records that the custodian of an ordered asset handed it
// over to the buyer; the buyer can then confirm delivery. Only the asset's
// custodian, holding the custodian role, may record it, once, while the
// order is open.
func (k Keeper) RecordHandover(ctx context.Context, msg *types.MsgRecordHandover) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	custodian, custodianS, err := k.canonical("custodian", msg.Custodian)
	if err != nil {
		return err
	}
	key, o, err := k.getOrder(ctx, msg.OrderId)
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
	ok, err := k.HasRole(ctx, types.RoleCustodian, custodian)
	if err != nil {
		return err
	}
	if !ok {
		return types.ErrNotCustodian.Wrapf("%s no longer holds the custodian role", custodianS)
	}
	o.Handover = &types.Handover{Custodian: custodianS, Reference: msg.Reference, RecordedAt: blockTime(ctx)}
	if err := k.Orders.Set(ctx, key, o); err != nil {
		return err
	}
	return emit(ctx, &types.EventHandoverRecorded{
		OrderId: o.Id, AssetId: a.Id, Custodian: custodianS, Buyer: o.Buyer, Reference: msg.Reference,
	})
}
