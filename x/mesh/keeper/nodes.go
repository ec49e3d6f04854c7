package keeper

import (
	"bytes"
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

// RegisterNode registers node id of type typ for owner, signed by signer:
// a registrar, or the owner itself when the self_registration param is on.
// The node starts with the initial_reputation param, no consent and no
// models. An id is never reused, also after deregistration.
func (k Keeper) RegisterNode(
	ctx context.Context, signer sdk.AccAddress, id string, typ types.NodeType, owner sdk.AccAddress, metadata string,
) (types.Node, error) {
	// Stateless checks first.
	if err := types.ValidateNodeID(id); err != nil {
		return types.Node{}, err
	}
	if err := types.ValidateNodeType(typ); err != nil {
		return types.Node{}, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Node{}, err
	}
	if len(metadata) > int(params.MaxMetadataBytes) {
		return types.Node{}, types.ErrMetadataTooLong.Wrapf("%d bytes > %d", len(metadata), params.MaxMetadataBytes)
	}
	signerStr, err := k.addressCodec.BytesToString(signer)
	if err != nil {
		return types.Node{}, err
	}
	ownerStr, err := k.addressCodec.BytesToString(owner)
	if err != nil {
		return types.Node{}, err
	}

	// Who may register.
	isRegistrar, err := k.HasRole(ctx, types.RoleRegistrar, signer)
	if err != nil {
		return types.Node{}, err
	}
	if !isRegistrar {
		switch {
		case !params.SelfRegistration:
			return types.Node{}, types.ErrNotRegistrar.Wrapf("%s (self-registration is off)", signerStr)
		case !bytes.Equal(signer, owner):
			return types.Node{}, types.ErrNotRegistrar.Wrapf("%s may only self-register nodes it owns, not for %s", signerStr, ownerStr)
		}
	}

	// The id must never have been used.
	exists, err := k.Nodes.Has(ctx, id)
	if err != nil {
		return types.Node{}, err
	}
	if exists {
		return types.Node{}, types.ErrDuplicateNode.Wrapf("%q is registered", id)
	}
	_, usedBefore, err := k.getCursor(ctx, id)
	if err != nil {
		return types.Node{}, err
	}
	if usedBefore {
		return types.Node{}, types.ErrDuplicateNode.Wrapf("%q was registered before (ids are never reused)", id)
	}

	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	node := types.Node{
		Id:               id,
		Type:             typ,
		Owner:            ownerStr,
		Metadata:         metadata,
		Reputation:       params.InitialReputation,
		RegisteredHeight: height,
		UpdatedHeight:    height,
	}
	if err := k.Nodes.Set(ctx, id, node); err != nil {
		return types.Node{}, err
	}
	if err := k.adjustOwnerStats(ctx, owner, node.Type, +1, 0, node.Reputation); err != nil {
		return types.Node{}, err
	}
	if err := k.appendAudit(ctx, params.AuditRetention, types.AuditEntry{
		NodeId:          id,
		Actor:           signerStr,
		Action:          types.AuditActionRegistered,
		ReputationAfter: node.Reputation,
		Consent:         node.Consent,
	}); err != nil {
		return types.Node{}, err
	}
	return node, emit(ctx, types.NewEventNodeRegistered(node, signerStr))
}

// DeregisterNode removes node id, signed by a registrar or the owner. The
// audit log of the id stays (bounded) and the id is not reused.
func (k Keeper) DeregisterNode(ctx context.Context, signer sdk.AccAddress, id string) error {
	if err := types.ValidateNodeID(id); err != nil {
		return err
	}
	node, err := k.GetNode(ctx, id)
	if err != nil {
		return err
	}
	owner, err := k.ownerBytes(node)
	if err != nil {
		return err
	}
	signerStr, err := k.addressCodec.BytesToString(signer)
	if err != nil {
		return err
	}
	if !bytes.Equal(signer, owner) {
		isRegistrar, err := k.HasRole(ctx, types.RoleRegistrar, signer)
		if err != nil {
			return err
		}
		if !isRegistrar {
			return types.ErrNotRegistrar.Wrapf("%s is neither a registrar nor the owner of %q", signerStr, id)
		}
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}

	if err := k.Nodes.Remove(ctx, id); err != nil {
		return err
	}
	// Its reporters' EWMAs go with it (at most max_reporters_per_node); its
	// model records stay queryable, like its audit log.
	if err := k.removeReporterScores(ctx, id); err != nil {
		return err
	}
	if err := k.adjustOwnerStats(ctx, owner, node.Type, -1, node.Reputation, 0); err != nil {
		return err
	}
	if err := k.appendAudit(ctx, params.AuditRetention, types.AuditEntry{
		NodeId:           id,
		Actor:            signerStr,
		Action:           types.AuditActionDeregistered,
		ReputationBefore: node.Reputation,
		Consent:          node.Consent,
	}); err != nil {
		return err
	}
	return emit(ctx, types.NewEventNodeDeregistered(node, signerStr))
}

// SetConsent sets the three consent flags of node id; only the owner may.
func (k Keeper) SetConsent(ctx context.Context, signer sdk.AccAddress, id string, consent types.Consent) (types.Node, error) {
	if err := types.ValidateNodeID(id); err != nil {
		return types.Node{}, err
	}
	node, err := k.GetNode(ctx, id)
	if err != nil {
		return types.Node{}, err
	}
	owner, err := k.ownerBytes(node)
	if err != nil {
		return types.Node{}, err
	}
	if !bytes.Equal(signer, owner) {
		signerStr, err := k.addressCodec.BytesToString(signer)
		if err != nil {
			return types.Node{}, err
		}
		return types.Node{}, types.ErrNotNodeOwner.Wrapf("%s does not own %q (owner %s)", signerStr, id, node.Owner)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Node{}, err
	}

	node.Consent = consent
	node.UpdatedHeight = sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := k.Nodes.Set(ctx, id, node); err != nil {
		return types.Node{}, err
	}
	if err := k.appendAudit(ctx, params.AuditRetention, types.AuditEntry{
		NodeId:           id,
		Actor:            node.Owner,
		Action:           types.AuditActionConsentSet,
		ReputationBefore: node.Reputation,
		ReputationAfter:  node.Reputation,
		Consent:          consent,
	}); err != nil {
		return types.Node{}, err
	}
	return node, emit(ctx, types.NewEventConsentSet(node))
}
