package keeper

import (
	"bytes"
	"context"
	"slices"
	"strings"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

// SubmitFeedback applies one feedback by reporter: the node's model entry
// gets version+1 and the score, and its reputation moves by the EWMA
// (types.NextReputation). The reporter must hold the reporter role and not
// own the node; the node must have consented to data sharing and model
// training.
func (k Keeper) SubmitFeedback(ctx context.Context, reporter sdk.AccAddress, item types.FeedbackItem) (types.FeedbackResult, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.FeedbackResult{}, err
	}
	reporterStr, err := k.checkReporter(ctx, reporter)
	if err != nil {
		return types.FeedbackResult{}, err
	}
	return k.applyFeedback(ctx, params, reporter, reporterStr, item)
}

// SubmitFeedbackBatch applies items in order, all or nothing: on the first
// failing item nothing of the batch is written and the error names the
// item. At most max_batch_size items.
func (k Keeper) SubmitFeedbackBatch(ctx context.Context, reporter sdk.AccAddress, items []types.FeedbackItem) ([]types.FeedbackResult, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, types.ErrEmptyBatch
	}
	if len(items) > int(params.MaxBatchSize) {
		return nil, types.ErrBatchTooLarge.Wrapf("%d items > max_batch_size %d", len(items), params.MaxBatchSize)
	}
	for i, it := range items {
		if err := it.Validate(); err != nil {
			return nil, errorsmod.Wrapf(err, "items[%d]", i)
		}
	}
	reporterStr, err := k.checkReporter(ctx, reporter)
	if err != nil {
		return nil, err
	}

	// A cache context keeps the batch atomic also for keeper callers that do
	// not run inside a tx; its events reach the parent only on success.
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	cacheCtx, write := sdkCtx.CacheContext()
	results := make([]types.FeedbackResult, 0, len(items))
	for i, it := range items {
		res, err := k.applyFeedback(cacheCtx, params, reporter, reporterStr, it)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "items[%d]", i)
		}
		results = append(results, res)
	}
	write()
	return results, nil
}

// checkReporter returns the reporter's address string, or ErrNotReporter
// (the registry's check). It runs after the stateless checks of the
// message's fields, which x/mesh makes in the keeper (its messages have no
// ValidateBasic), so a malformed message is refused as such whoever sends
// it.
func (k Keeper) checkReporter(ctx context.Context, reporter sdk.AccAddress) (string, error) {
	if err := k.roles.Require(ctx, types.RoleReporter, reporter); err != nil {
		return "", err
	}
	return k.str(reporter), nil
}

// applyFeedback applies one feedback of an authorised reporter. Every check
// comes before the first write, so a refused feedback writes nothing even
// outside a tx. Work: one node read and write, one reporter score read and
// write, and the median over the node's reporters (at most
// max_reporters_per_node reads).
func (k Keeper) applyFeedback(
	ctx context.Context, params types.Params, reporter sdk.AccAddress, reporterStr string, item types.FeedbackItem,
) (types.FeedbackResult, error) {
	if err := item.Validate(); err != nil {
		return types.FeedbackResult{}, err
	}
	// A replay is recognised before anything else can refuse it (the node
	// gone, consent withdrawn, the rate window full), so a reporter that
	// lost track of it learns that it was applied.
	if err := k.checkActionUnused(ctx, reporter, reporterStr, item.ActionId); err != nil {
		return types.FeedbackResult{}, err
	}
	node, err := k.GetNode(ctx, item.NodeId)
	if err != nil {
		return types.FeedbackResult{}, err
	}
	owner, err := k.ownerBytes(node)
	if err != nil {
		return types.FeedbackResult{}, err
	}
	if bytes.Equal(owner, reporter) {
		return types.FeedbackResult{}, types.ErrSelfFeedback.Wrapf("%s owns %q", reporterStr, node.Id)
	}
	if missing := node.Consent.MissingForFeedback(); len(missing) > 0 {
		return types.FeedbackResult{}, types.ErrConsentRequired.Wrapf("%q has not consented to %s", node.Id, strings.Join(missing, " and "))
	}

	// The model entry: the version that produced the score must have been
	// committed on this node (0: an uncommitted model, e.g. a rule).
	idx, found := node.FindModel(item.Model)
	if item.ModelVersion > 0 {
		latest := uint64(0)
		if found {
			latest = node.Models[idx].Version
		}
		if item.ModelVersion > latest {
			return types.FeedbackResult{}, types.ErrInvalidVersion.Wrapf("%q has no committed version %d of %q (latest %d)", node.Id, item.ModelVersion, item.Model, latest)
		}
	}
	if !found && len(node.Models) >= int(params.MaxModelsPerNode) {
		return types.FeedbackResult{}, types.ErrTooManyModels.Wrapf("%q has %d models (max_models_per_node); %q would be another", node.Id, len(node.Models), item.Model)
	}

	// The reporter's own EWMA of the node, within its rate window.
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	key := collections.Join(node.Id, reporter)
	rs, err := k.ReporterScores.Get(ctx, key)
	isNew := false
	switch {
	case err == nil:
	case isNotFound(err):
		if node.ReporterCount >= params.MaxReportersPerNode {
			return types.FeedbackResult{}, types.ErrTooManyReporters.Wrapf("%q is scored by %d reporters (max_reporters_per_node); %s would be another", node.Id, node.ReporterCount, reporterStr)
		}
		isNew = true
		rs = types.ReporterScore{NodeId: node.Id, Reporter: reporterStr, Ewma: params.InitialReputation}
	default:
		return types.FeedbackResult{}, err
	}
	rs, err = rs.Apply(item.Score, params, height)
	if err != nil {
		return types.FeedbackResult{}, err
	}
	if item.ActionId != "" {
		if err := k.useAction(ctx, reporter, reporterStr, item.ActionId, height); err != nil {
			return types.FeedbackResult{}, err
		}
	}

	// Writes.
	if err := k.ReporterScores.Set(ctx, key, rs); err != nil {
		return types.FeedbackResult{}, err
	}
	if isNew {
		node.ReporterCount++
	}
	ewmas, err := k.reporterEWMAs(ctx, node.Id)
	if err != nil {
		return types.FeedbackResult{}, err
	}
	if !found {
		node.Models = slices.Insert(node.Models, idx, types.ModelState{Name: item.Model})
	}
	m := &node.Models[idx]
	m.FeedbackCount++
	m.LastScore = item.Score
	m.UpdatedHeight = height

	before := node.Reputation
	node.Reputation = types.MedianReputation(ewmas, before)
	node.FeedbackCount++
	node.UpdatedHeight = height
	res := types.FeedbackResult{
		NodeId:           node.Id,
		Model:            item.Model,
		ModelVersion:     item.ModelVersion,
		ReputationBefore: before,
		ReputationAfter:  node.Reputation,
		ReporterEwma:     rs.Ewma,
		ReporterCount:    node.ReporterCount,
	}

	if err := k.Nodes.Set(ctx, node.Id, node); err != nil {
		return types.FeedbackResult{}, err
	}
	if err := k.adjustOwnerStats(ctx, owner, node.Type, 0, before, node.Reputation); err != nil {
		return types.FeedbackResult{}, err
	}
	if err := k.appendAudit(ctx, params.AuditRetention, types.AuditEntry{
		NodeId:           node.Id,
		Actor:            reporterStr,
		Action:           types.AuditActionFeedback,
		ReputationBefore: before,
		ReputationAfter:  node.Reputation,
		Consent:          node.Consent,
		Model:            item.Model,
		ModelVersion:     item.ModelVersion,
		Score:            item.Score,
		EvidenceHash:     item.EvidenceHash,
	}); err != nil {
		return types.FeedbackResult{}, err
	}
	return res, emit(ctx, types.NewEventFeedbackSubmitted(reporterStr, item, res))
}

// reporterEWMAs returns the EWMAs of a node's reporters, by reporter. The
// node has at most max_reporters_per_node of them (≤
// MaxReportersPerNodeLimit): the walk stops there whatever the store holds.
func (k Keeper) reporterEWMAs(ctx context.Context, nodeID string) ([]uint64, error) {
	out := make([]uint64, 0, 8)
	rng := collections.NewPrefixedPairRange[string, sdk.AccAddress](nodeID)
	err := k.ReporterScores.Walk(ctx, rng, func(_ collections.Pair[string, sdk.AccAddress], rs types.ReporterScore) (bool, error) {
		out = append(out, rs.Ewma)
		return len(out) >= types.MaxReportersPerNodeLimit, nil
	})
	return out, err
}

// removeReporterScores deletes a node's reporter scores (at most
// max_reporters_per_node ≤ MaxReportersPerNodeLimit deletes).
func (k Keeper) removeReporterScores(ctx context.Context, nodeID string) error {
	var keys []collections.Pair[string, sdk.AccAddress]
	rng := collections.NewPrefixedPairRange[string, sdk.AccAddress](nodeID)
	err := k.ReporterScores.Walk(ctx, rng, func(key collections.Pair[string, sdk.AccAddress], _ types.ReporterScore) (bool, error) {
		keys = append(keys, key)
		return len(keys) >= types.MaxReportersPerNodeLimit, nil
	})
	if err != nil {
		return err
	}
	for _, key := range keys {
		if err := k.ReporterScores.Remove(ctx, key); err != nil {
			return err
		}
	}
	return nil
}

// useAction records that reporter applied actionID at height, or returns
// ErrDuplicateAction if it did before. Feedback, model commits and analysis
// records share the reporter's action ids. Within a batch the write lands
// in the batch's cache context, so a batch naming one action id twice fails
// too.
func (k Keeper) useAction(ctx context.Context, reporter sdk.AccAddress, reporterStr, actionID string, height int64) error {
	key := collections.Join(reporter, actionID)
	prev, err := k.UsedActions.Get(ctx, key)
	switch {
	case err == nil:
		return types.ErrDuplicateAction.Wrapf("%s already applied action %q at height %d", reporterStr, actionID, prev)
	case !isNotFound(err):
		return err
	}
	return k.UsedActions.Set(ctx, key, height)
}

// checkActionUnused returns ErrDuplicateAction if reporter applied actionID
// before (nothing for an empty id).
func (k Keeper) checkActionUnused(ctx context.Context, reporter sdk.AccAddress, reporterStr, actionID string) error {
	if actionID == "" {
		return nil
	}
	h, used, err := k.ActionHeight(ctx, reporter, actionID)
	if err != nil {
		return err
	}
	if used {
		return types.ErrDuplicateAction.Wrapf("%s already applied action %q at height %d", reporterStr, actionID, h)
	}
	return nil
}

// ActionHeight returns the height at which reporter applied actionID, and
// false if it never did.
func (k Keeper) ActionHeight(ctx context.Context, reporter sdk.AccAddress, actionID string) (int64, bool, error) {
	h, err := k.UsedActions.Get(ctx, collections.Join(reporter, actionID))
	if err != nil {
		if isNotFound(err) {
			return 0, false, nil
		}
		return 0, false, err
	}
	return h, true, nil
}
