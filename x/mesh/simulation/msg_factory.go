package simulation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/testutil/nexussim"
	"github.com/azora-os/nexus/x/mesh/types"
)

// Default weights of the x/mesh factories (app params
// "op_weight_msg_submit_feedback", ...), relative to x/ledger's transfer
// (100): the Nexus agent's reporter key submits feedback far more often
// than nodes come and go.
const (
	DefaultWeightMsgRegisterNode        = 10
	DefaultWeightMsgDeregisterNode      = 2
	DefaultWeightMsgSetConsent          = 8
	DefaultWeightMsgSubmitFeedback      = 25
	DefaultWeightMsgSubmitFeedbackBatch = 8
	DefaultWeightMsgCommitModel         = 10
	DefaultWeightMsgRecordAnalysis      = 8
)

// models are the model names the simulated reporters commit and score;
// "forge-settlement" stands for a rule with no committed version.
var models = []string{"demand", "price", "risk", "forge-settlement"}

// page is large enough for every entry a simulation creates.
var page = &query.PageRequest{Limit: 100_000}

// expectLimits accepts success and the refusals of the mesh's protocol
// limits, which a well-behaved reporter meets and then waits out: the
// reporter's rate window on a node (ErrRateLimited) and the bound on a
// node's reporters (ErrTooManyReporters).
func expectLimits(err error) error {
	if err == nil || errorsmod.IsOf(err, types.ErrRateLimited, types.ErrTooManyReporters) {
		return nil
	}
	return err
}

// holding accepts the accounts holding role.
func holding(ctx context.Context, qs types.QueryServer, role types.Role) simsx.SimAccountFilter {
	res, err := qs.Roles(ctx, &types.QueryRolesRequest{Role: role, Pagination: page})
	held := map[string]bool{}
	if err == nil {
		for _, g := range res.Roles {
			held[g.Address] = true
		}
	}
	return simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool { return held[a.AddressBech32] })
}

// nodes returns the registered nodes that pass ok.
func nodes(ctx context.Context, qs types.QueryServer, ok func(types.Node) bool) []types.Node {
	res, err := qs.Nodes(ctx, &types.QueryNodesRequest{Pagination: page})
	if err != nil {
		return nil
	}
	var out []types.Node
	for _, n := range res.Nodes {
		if ok(n) {
			out = append(out, n)
		}
	}
	return out
}

// pickNode returns a random node that passes ok, or skips.
func pickNode(ctx context.Context, qs types.QueryServer, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, ok func(types.Node) bool) (types.Node, bool) {
	ns := nodes(ctx, qs, ok)
	if len(ns) == 0 {
		reporter.Skip("no matching node")
		return types.Node{}, false
	}
	return ns[testData.Rand().Intn(len(ns))], true
}

// trains reports whether a node consented to feedback and model commits.
func trains(n types.Node) bool { return n.Consent.DataSharing && n.Consent.ModelTraining }

// slug returns a random lower-case identifier with a prefix.
func slug(testData *simsx.ChainDataSource, prefix string) string {
	return prefix + strings.ToLower(testData.Rand().StringN(12))
}

// hash returns the hex SHA-256 of a random string.
func hash(testData *simsx.ChainDataSource) string {
	h := sha256.Sum256([]byte(testData.Rand().StringN(32)))
	return hex.EncodeToString(h[:])
}

// feedbackItem returns a feedback on a random model of n: a committed model
// at one of its committed versions, or a model without one at version 0.
func feedbackItem(testData *simsx.ChainDataSource, n types.Node) types.FeedbackItem {
	r := testData.Rand()
	name := models[r.Intn(len(models))]
	var version uint64
	for _, m := range n.Models {
		if m.Name == name && m.Version > 0 {
			version = 1 + uint64(r.Int63n(int64(m.Version))) //nolint:gosec // positive
		}
	}
	return types.FeedbackItem{
		NodeId: n.Id, Model: name, ModelVersion: version, Score: uint64(r.Int63n(int64(types.MaxReputation) + 1)), //nolint:gosec // bounded
		EvidenceHash: hash(testData), ActionId: slug(testData, "sim-fb-"),
	}
}

// MsgRegisterNodeFactory: a registrar registers a node for any owner, or,
// with self-registration on, an account registers a node it owns.
func MsgRegisterNodeFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgRegisterNode] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRegisterNode) {
		params, err := qs.Params(ctx, &types.QueryParamsRequest{})
		if err != nil {
			reporter.Skipf("params: %s", err)
			return nil, nil
		}
		r := testData.Rand()
		var signer, owner simsx.SimAccount
		if params.Params.SelfRegistration && r.Intn(2) == 0 {
			signer = testData.AnyAccountN(10, reporter)
			owner = signer
		} else {
			signer = nexussim.Pick(testData, reporter, holding(ctx, qs, types.RoleRegistrar))
			owner = testData.AnyAccountN(10, reporter)
		}
		if reporter.IsSkipped() {
			return nil, nil
		}
		nodeType := []types.NodeType{types.NodeTypeCorridor, types.NodeTypeDevice, types.NodeTypeEmployee}[r.Intn(3)]
		return []simsx.SimAccount{signer}, &types.MsgRegisterNode{
			Signer: signer.AddressBech32, Id: slug(testData, "sim-node-"), Type: nodeType, Owner: owner.AddressBech32,
			Metadata: fmt.Sprintf(`{"sim":%d}`, r.Intn(1000)),
		}
	}
}

// MsgDeregisterNodeFactory: a node's owner, or a registrar, deregisters it.
func MsgDeregisterNodeFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgDeregisterNode] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDeregisterNode) {
		n, ok := pickNode(ctx, qs, testData, reporter, func(types.Node) bool { return true })
		if !ok {
			return nil, nil
		}
		var signer simsx.SimAccount
		if testData.Rand().Intn(2) == 0 {
			signer = testData.GetAccount(reporter, n.Owner)
		} else {
			signer = nexussim.Pick(testData, reporter, holding(ctx, qs, types.RoleRegistrar))
		}
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{signer}, &types.MsgDeregisterNode{Signer: signer.AddressBech32, NodeId: n.Id}
	}
}

// MsgSetConsentFactory: a node's owner sets its three consent flags, each
// given three times in four, so most nodes can be scored and analysed and
// some withdraw.
func MsgSetConsentFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgSetConsent] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetConsent) {
		n, ok := pickNode(ctx, qs, testData, reporter, func(types.Node) bool { return true })
		if !ok {
			return nil, nil
		}
		owner := testData.GetAccount(reporter, n.Owner)
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		return []simsx.SimAccount{owner}, &types.MsgSetConsent{
			Owner: owner.AddressBech32, NodeId: n.Id,
			DataSharing: r.Intn(4) != 0, ModelTraining: r.Intn(4) != 0, FederatedAnalysis: r.Intn(4) != 0,
		}
	}
}

// MsgSubmitFeedbackFactory: a reporter scores a consenting node it does not
// own. Expected refusals: the rate window and the reporters bound
// (expectLimits).
func MsgSubmitFeedbackFactory(qs types.QueryServer) *simsx.ResultHandlingSimMsgFactory[*types.MsgSubmitFeedback] {
	return simsx.NewSimMsgFactoryWithDeliveryResultHandler(func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubmitFeedback, simsx.SimDeliveryResultHandler) {
		rep := nexussim.Pick(testData, reporter, holding(ctx, qs, types.RoleReporter))
		if reporter.IsSkipped() {
			return nil, nil, nil
		}
		n, ok := pickNode(ctx, qs, testData, reporter, func(n types.Node) bool { return trains(n) && n.Owner != rep.AddressBech32 })
		if !ok {
			return nil, nil, nil
		}
		it := feedbackItem(testData, n)
		return []simsx.SimAccount{rep}, &types.MsgSubmitFeedback{
			Reporter: rep.AddressBech32, NodeId: it.NodeId, Model: it.Model, Score: it.Score,
			EvidenceHash: it.EvidenceHash, ActionId: it.ActionId, ModelVersion: it.ModelVersion,
		}, expectLimits
	})
}

// MsgSubmitFeedbackBatchFactory: a reporter scores 1 to min(max_batch_size,
// 5) consenting nodes it does not own, all or nothing. Expected refusals:
// as MsgSubmitFeedback.
func MsgSubmitFeedbackBatchFactory(qs types.QueryServer) *simsx.ResultHandlingSimMsgFactory[*types.MsgSubmitFeedbackBatch] {
	return simsx.NewSimMsgFactoryWithDeliveryResultHandler(func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubmitFeedbackBatch, simsx.SimDeliveryResultHandler) {
		params, err := qs.Params(ctx, &types.QueryParamsRequest{})
		if err != nil {
			reporter.Skipf("params: %s", err)
			return nil, nil, nil
		}
		rep := nexussim.Pick(testData, reporter, holding(ctx, qs, types.RoleReporter))
		if reporter.IsSkipped() {
			return nil, nil, nil
		}
		ns := nodes(ctx, qs, func(n types.Node) bool { return trains(n) && n.Owner != rep.AddressBech32 })
		if len(ns) == 0 {
			reporter.Skip("no node to score")
			return nil, nil, nil
		}
		r := testData.Rand()
		items := make([]types.FeedbackItem, 1+r.Intn(int(min(params.Params.MaxBatchSize, 5))))
		for i := range items {
			items[i] = feedbackItem(testData, ns[r.Intn(len(ns))])
		}
		return []simsx.SimAccount{rep}, &types.MsgSubmitFeedbackBatch{Reporter: rep.AddressBech32, Items: items}, expectLimits
	})
}

// MsgCommitModelFactory: a reporter commits the next version of a
// consenting node's model, trained over a window of past heights, with its
// backtest metrics.
func MsgCommitModelFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgCommitModel] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCommitModel) {
		rep := nexussim.Pick(testData, reporter, holding(ctx, qs, types.RoleReporter))
		n, ok := pickNode(ctx, qs, testData, reporter, trains)
		if !ok || reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		name := models[r.Intn(len(models)-1)] // not the rule
		var version uint64
		for _, m := range n.Models {
			if m.Name == name {
				version = m.Version
			}
		}
		height := sdk.UnwrapSDKContext(ctx).BlockHeight()
		end := 1 + r.Int63n(height)
		start := 1 + r.Int63n(end)
		return []simsx.SimAccount{rep}, &types.MsgCommitModel{
			Reporter: rep.AddressBech32, NodeId: n.Id, Model: name, Version: version + 1, ParamsHash: hash(testData),
			TrainStartHeight: start, TrainEndHeight: end, ActionId: slug(testData, "sim-model-"),
			Metrics: []types.ModelMetric{ // sorted by name
				{Name: "coverage_ppm", Value: fmt.Sprint(r.Intn(1_000_001))},
				{Name: "mase_ppm", Value: fmt.Sprint(r.Intn(3_000_000))},
				{Name: "smape_ppm", Value: fmt.Sprintf("%d.%03d", r.Intn(2_000_000), r.Intn(1000))},
			},
		}
	}
}

// MsgRecordAnalysisFactory: a reporter records a federated analysis over
// one node of each type or fewer, with an input (the latest committed
// version of the node's model) for each named node that consented to
// federated analysis and has a committed model, and none for the others;
// at least one input.
func MsgRecordAnalysisFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgRecordAnalysis] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRecordAnalysis) {
		rep := nexussim.Pick(testData, reporter, holding(ctx, qs, types.RoleReporter))
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		msg := &types.MsgRecordAnalysis{Reporter: rep.AddressBech32, ContextHash: hash(testData), ActionId: slug(testData, "sim-analysis-")}
		for _, t := range []types.NodeType{types.NodeTypeEmployee, types.NodeTypeDevice, types.NodeTypeCorridor} {
			ns := nodes(ctx, qs, func(n types.Node) bool { return n.Type == t })
			if len(ns) == 0 || r.Intn(4) == 0 {
				continue
			}
			n := ns[r.Intn(len(ns))]
			switch t {
			case types.NodeTypeEmployee:
				msg.EmployeeId = n.Id
			case types.NodeTypeDevice:
				msg.DeviceId = n.Id
			default:
				msg.CorridorId = n.Id
			}
			if !n.Consent.FederatedAnalysis {
				continue
			}
			var committed []types.ModelState
			for _, m := range n.Models {
				if m.Version > 0 {
					committed = append(committed, m)
				}
			}
			if len(committed) == 0 {
				continue
			}
			m := committed[r.Intn(len(committed))]
			msg.Inputs = append(msg.Inputs, types.NodeModelScore{
				NodeId: n.Id, Model: m.Name, ModelVersion: m.Version, Score: uint64(r.Int63n(int64(types.MaxReputation) + 1)), //nolint:gosec // bounded
			})
		}
		if len(msg.Inputs) == 0 {
			reporter.Skip("no consenting node with a committed model")
			return nil, nil
		}
		return []simsx.SimAccount{rep}, msg
	}
}
