package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

// RecordAnalysis records a federated analysis by a reporter: the named
// employee, device and corridor nodes (any may be empty) that consented to
// federated analysis each contribute their own committed model's score of
// the context (inputs), and the chain combines them (types.CombineScores):
//
//	weight = ⌊ type_weight_bps × reputation × quality / 10^6 ⌋
//	score  = ⌊ Σ weight × score / Σ weight ⌋
//
// with the node's reputation now and the quality of the evaluated model
// version (types.Quality of its backtest MASE), so the recorded score is
// the chain's own, reproducible from state, whatever the reporter computed.
// The outcome, with each input's model version, is appended to the audit
// log of every included node.
//
// A named node that has not consented is neither read nor written: an
// input for it is refused (ErrConsentRequired), and the outcome lists it as
// excluded (EXCLUSION_REASON_NO_CONSENT). A consenting node without an input
// is excluded too (EXCLUSION_REASON_NO_INPUT). Each input must name a
// committed version of the node's model. Work: at most three nodes.
func (k Keeper) RecordAnalysis(
	ctx context.Context, reporter sdk.AccAddress, slots types.AnalysisSlots, contextHash string, inputs []types.NodeModelScore, actionID string,
) (types.AnalysisOutcome, error) {
	named := slots.List()
	if len(named) == 0 {
		return types.AnalysisOutcome{}, types.ErrNoAnalysisInput.Wrap("name an employee, a device or a corridor node")
	}
	if err := types.ValidateContextHash(contextHash); err != nil {
		return types.AnalysisOutcome{}, err
	}
	if actionID != "" {
		if err := types.ValidateActionID(actionID); err != nil {
			return types.AnalysisOutcome{}, err
		}
	}
	if len(inputs) > len(named) {
		return types.AnalysisOutcome{}, types.ErrInvalidAnalysis.Wrapf("%d inputs for %d named nodes", len(inputs), len(named))
	}
	byNode := make(map[string]types.NodeModelScore, len(inputs))
	for i, in := range inputs {
		if err := in.Validate(); err != nil {
			return types.AnalysisOutcome{}, types.ErrInvalidAnalysis.Wrapf("inputs[%d]: %s", i, err)
		}
		if _, dup := byNode[in.NodeId]; dup {
			return types.AnalysisOutcome{}, types.ErrInvalidAnalysis.Wrapf("inputs[%d]: a second input for %q", i, in.NodeId)
		}
		isNamed := false
		for _, s := range named {
			isNamed = isNamed || s.ID == in.NodeId
		}
		if !isNamed {
			return types.AnalysisOutcome{}, types.ErrInvalidAnalysis.Wrapf("inputs[%d]: %q is not one of the named nodes", i, in.NodeId)
		}
		byNode[in.NodeId] = in
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.AnalysisOutcome{}, err
	}
	reporterStr, err := k.checkReporter(ctx, reporter)
	if err != nil {
		return types.AnalysisOutcome{}, err
	}
	if err := k.checkActionUnused(ctx, reporter, reporterStr, actionID); err != nil {
		return types.AnalysisOutcome{}, err
	}

	out := types.AnalysisOutcome{ContextHash: contextHash}
	included := make([]types.Node, 0, len(named))
	for _, s := range named {
		if err := types.ValidateNodeID(s.ID); err != nil {
			return types.AnalysisOutcome{}, err
		}
		n, err := k.GetNode(ctx, s.ID)
		if err != nil {
			return types.AnalysisOutcome{}, err
		}
		if n.Type != s.Type {
			return types.AnalysisOutcome{}, types.ErrNodeTypeMismatch.Wrapf("%q is a %s node, not a %s node", s.ID, n.Type, s.Type)
		}
		in, hasInput := byNode[s.ID]
		if !n.Consent.FederatedAnalysis {
			if hasInput {
				return types.AnalysisOutcome{}, types.ErrConsentRequired.Wrapf("%q has not consented to federated_analysis: its model may not be read", s.ID)
			}
			out.Excluded = append(out.Excluded, types.ExcludedNode{NodeId: s.ID, Type: s.Type, Reason: types.ExclusionReasonNoConsent})
			continue
		}
		if !hasInput {
			out.Excluded = append(out.Excluded, types.ExcludedNode{NodeId: s.ID, Type: s.Type, Reason: types.ExclusionReasonNoInput})
			continue
		}
		idx, found := n.FindModel(in.Model)
		if !found || in.ModelVersion > n.Models[idx].Version {
			latest := uint64(0)
			if found {
				latest = n.Models[idx].Version
			}
			return types.AnalysisOutcome{}, types.ErrInvalidVersion.Wrapf("%q has no committed version %d of %q (latest %d)", s.ID, in.ModelVersion, in.Model, latest)
		}
		rec, err := k.GetModelRecord(ctx, n.Id, in.Model, in.ModelVersion)
		if err != nil {
			return types.AnalysisOutcome{}, err // pruned: its quality is no longer in state
		}
		out.Inputs = append(out.Inputs, types.WeightedScore{
			NodeId: n.Id, Type: n.Type, Model: in.Model, ModelVersion: in.ModelVersion, Score: in.Score,
			TypeWeightBps: params.WeightOf(n.Type), Reputation: n.Reputation, Quality: types.Quality(rec.Metrics),
		})
		included = append(included, n)
	}
	if len(out.Inputs) == 0 {
		return types.AnalysisOutcome{}, types.ErrNoAnalysisInput.Wrap("no named node both consented and has an input")
	}
	out.Score, out.TotalWeight, err = types.CombineScores(out.Inputs)
	if err != nil {
		return types.AnalysisOutcome{}, err
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	if actionID != "" {
		if err := k.useAction(ctx, reporter, reporterStr, actionID, height); err != nil {
			return types.AnalysisOutcome{}, err
		}
	}
	for _, n := range included {
		o := out
		if err := k.appendAudit(ctx, params.AuditRetention, types.AuditEntry{
			NodeId:           n.Id,
			Actor:            reporterStr,
			Action:           types.AuditActionAnalysisRecorded,
			ReputationBefore: n.Reputation,
			ReputationAfter:  n.Reputation,
			Consent:          n.Consent,
			Analysis:         &o,
		}); err != nil {
			return types.AnalysisOutcome{}, err
		}
	}
	return out, emit(ctx, types.NewEventAnalysisRecorded(reporterStr, slots, out, actionID))
}
