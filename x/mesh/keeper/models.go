package keeper

import (
	"context"
	"slices"
	"strings"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

// CommitModel records the next version of one of a node's models, by a
// reporter: the hash of the fitted parameters, the training window and the
// backtest metrics. The node must have consented to data sharing and model
// training (the model was fitted on its data); the version must be the
// node's latest version of the model + 1; the window must end before the
// current block. The record stays in state for model_history_retention
// versions (older ones are pruned, at most MaxModelPrunePerCommit per
// commit) and EventModelCommitted carries it for good. actionID, if set, is
// refused when the reporter used it before (feedback, commit or analysis).
func (k Keeper) CommitModel(ctx context.Context, reporter sdk.AccAddress, rec types.ModelRecord, actionID string) (types.ModelRecord, error) {
	if err := rec.Validate(); err != nil {
		return types.ModelRecord{}, err
	}
	if actionID != "" {
		if err := types.ValidateActionID(actionID); err != nil {
			return types.ModelRecord{}, err
		}
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.ModelRecord{}, err
	}
	reporterStr, err := k.checkReporter(ctx, reporter)
	if err != nil {
		return types.ModelRecord{}, err
	}
	if err := k.checkActionUnused(ctx, reporter, reporterStr, actionID); err != nil {
		return types.ModelRecord{}, err
	}
	node, err := k.GetNode(ctx, rec.NodeId)
	if err != nil {
		return types.ModelRecord{}, err
	}
	if missing := node.Consent.MissingForFeedback(); len(missing) > 0 {
		return types.ModelRecord{}, types.ErrConsentRequired.Wrapf("%q has not consented to %s: no model may be fitted on its data", node.Id, strings.Join(missing, " and "))
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	if rec.TrainEndHeight > height {
		return types.ModelRecord{}, types.ErrInvalidWindow.Wrapf("the window [%d, %d] must not end after the current block %d", rec.TrainStartHeight, rec.TrainEndHeight, height)
	}
	idx, found := node.FindModel(rec.Model)
	latest := uint64(0)
	if found {
		latest = node.Models[idx].Version
	}
	if rec.Version != latest+1 {
		return types.ModelRecord{}, types.ErrInvalidVersion.Wrapf("the next version of %q on %q is %d, not %d", rec.Model, node.Id, latest+1, rec.Version)
	}
	if !found && len(node.Models) >= int(params.MaxModelsPerNode) {
		return types.ModelRecord{}, types.ErrTooManyModels.Wrapf("%q has %d models (max_models_per_node); %q would be another", node.Id, len(node.Models), rec.Model)
	}
	if actionID != "" {
		if err := k.useAction(ctx, reporter, reporterStr, actionID, height); err != nil {
			return types.ModelRecord{}, err
		}
	}

	// Writes.
	rec.Committer = reporterStr
	rec.CommittedHeight = height
	if err := k.ModelRecords.Set(ctx, collections.Join3(rec.NodeId, rec.Model, rec.Version), rec); err != nil {
		return types.ModelRecord{}, err
	}
	if !found {
		node.Models = slices.Insert(node.Models, idx, types.ModelState{Name: rec.Model})
	}
	m := &node.Models[idx]
	if m.OldestVersion == 0 {
		m.OldestVersion = 1
	}
	for i := 0; i < types.MaxModelPrunePerCommit && rec.Version-m.OldestVersion+1 > uint64(params.ModelHistoryRetention); i++ {
		if err := k.ModelRecords.Remove(ctx, collections.Join3(rec.NodeId, rec.Model, m.OldestVersion)); err != nil {
			return types.ModelRecord{}, err
		}
		m.OldestVersion++
	}
	m.Version = rec.Version
	m.ParamsHash = rec.ParamsHash
	m.UpdatedHeight = height
	node.UpdatedHeight = height
	if err := k.Nodes.Set(ctx, node.Id, node); err != nil {
		return types.ModelRecord{}, err
	}
	if err := k.appendAudit(ctx, params.AuditRetention, types.AuditEntry{
		NodeId:           node.Id,
		Actor:            reporterStr,
		Action:           types.AuditActionModelCommitted,
		ReputationBefore: node.Reputation,
		ReputationAfter:  node.Reputation,
		Consent:          node.Consent,
		Model:            rec.Model,
		ModelVersion:     rec.Version,
		ParamsHash:       rec.ParamsHash,
	}); err != nil {
		return types.ModelRecord{}, err
	}
	return rec, emit(ctx, types.NewEventModelCommitted(rec, actionID))
}

// GetModelRecord returns one committed version, or ErrModelNotFound (also
// for a version pruned from state).
func (k Keeper) GetModelRecord(ctx context.Context, nodeID, model string, version uint64) (types.ModelRecord, error) {
	r, err := k.ModelRecords.Get(ctx, collections.Join3(nodeID, model, version))
	if err != nil {
		if isNotFound(err) {
			return types.ModelRecord{}, types.ErrModelNotFound.Wrapf("%q %q version %d is not in state (never committed, or pruned: see the EventModelCommitted events)", nodeID, model, version)
		}
		return types.ModelRecord{}, err
	}
	return r, nil
}
