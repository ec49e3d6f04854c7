package keeper

import (
	"context"

	"github.com/azora-os/nexus/x/mesh/types"
)

// FederatedAnalysis combines the reputations of an employee, a device and a
// corridor node into one deterministic score (types.CombineReputations),
// weighted by the params' per-type weights. An empty id leaves that input
// out; at least one id is needed. Every named node must exist, have the
// type of its slot and have consented to federated analysis, else the
// analysis is rejected: it never runs over a node that did not consent.
func (k Keeper) FederatedAnalysis(ctx context.Context, employeeID, deviceID, corridorID string) (*types.QueryFederatedAnalysisResponse, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	slots := []struct {
		id  string
		typ types.NodeType
	}{
		{employeeID, types.NodeTypeEmployee},
		{deviceID, types.NodeTypeDevice},
		{corridorID, types.NodeTypeCorridor},
	}
	inputs := make([]types.AnalysisInput, 0, len(slots))
	for _, s := range slots {
		if s.id == "" {
			continue
		}
		if err := types.ValidateNodeID(s.id); err != nil {
			return nil, err
		}
		n, err := k.GetNode(ctx, s.id)
		if err != nil {
			return nil, err
		}
		if n.Type != s.typ {
			return nil, types.ErrNodeTypeMismatch.Wrapf("%q is a %s node, not a %s node", s.id, n.Type, s.typ)
		}
		if !n.Consent.FederatedAnalysis {
			return nil, types.ErrConsentRequired.Wrapf("%q has not consented to federated_analysis", s.id)
		}
		inputs = append(inputs, types.AnalysisInput{
			NodeId:     n.Id,
			Type:       n.Type,
			Reputation: n.Reputation,
			WeightBps:  params.WeightOf(n.Type),
		})
	}
	if len(inputs) == 0 {
		return nil, types.ErrNoAnalysisInput.Wrap("name an employee, a device or a corridor node")
	}
	score, total, err := types.CombineReputations(inputs)
	if err != nil {
		return nil, err
	}
	return &types.QueryFederatedAnalysisResponse{Score: score, TotalWeightBps: total, Inputs: inputs}, nil
}
