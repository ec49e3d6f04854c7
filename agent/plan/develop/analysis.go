package develop

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/azora-os/nexus/agent/models/federated"
	"github.com/azora-os/nexus/agent/models/flow"
	"github.com/azora-os/nexus/agent/plan"
	"github.com/azora-os/nexus/agent/store"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// analyses runs a federated analysis for each of the round's most relevant
// accounts — those with an employee node that consented to federated
// analysis and sent in the anomaly window, highest anomaly score first,
// then by address; at most MaxAnalyses — on the account's largest transfer
// in the window: the employee node, the account's first device node, and
// the first corridor node that contains the transfer.
func (p *Planner) analyses(view plan.View, r *round) ([]store.Action, error) {
	if p.cfg.MaxAnalyses == 0 {
		return nil, nil
	}
	score := map[string]uint32{}
	for _, res := range r.report.Results {
		score[res.Account] = res.PPM()
	}
	winStart := r.blk.Time.Add(-p.cfg.AnomalyWindow)
	largest := map[string]flow.Transfer{}
	for _, t := range r.transfers {
		if t.Time.Before(winStart) {
			continue
		}
		if cur, ok := largest[t.From]; !ok || t.Amount > cur.Amount || (t.Amount == cur.Amount && t.Seq > cur.Seq) {
			largest[t.From] = t
		}
	}
	type candidate struct {
		employee store.Node
		context  flow.Transfer
	}
	var cands []candidate
	for _, n := range r.nodes {
		if n.Type != "employee" || !n.FederatedAnalysis || n.Owner == p.reporter {
			continue
		}
		t, ok := largest[n.Owner]
		if !ok {
			continue
		}
		cands = append(cands, candidate{n, t})
	}
	sort.SliceStable(cands, func(i, j int) bool {
		si, sj := score[cands[i].employee.Owner], score[cands[j].employee.Owner]
		if si != sj {
			return si > sj
		}
		return cands[i].employee.NodeID < cands[j].employee.NodeID
	})
	var out []store.Action
	for _, c := range cands {
		if len(out) >= p.cfg.MaxAnalyses {
			break
		}
		var device, corridor store.Node
		for _, n := range r.nodes { // by id
			if n.Type == "device" && n.Owner == c.employee.Owner {
				device = n
				break
			}
		}
		for _, id := range r.set.Assign(c.context) {
			if n, ok := r.byID[id]; ok && n.Type == "corridor" {
				corridor = n
				break
			}
		}
		ctx := federated.Context{At: c.context.Time, Account: c.context.From, Denom: c.context.Denom, Amount: c.context.Amount}
		a, _, err := p.runFederatedAnalysis(view, r, c.employee, device, corridor, ctx, c.context.Seq)
		if err != nil {
			return nil, err
		}
		if a != nil {
			out = append(out, *a)
		}
	}
	return out, nil
}

// runFederatedAnalysis evaluates each given node's own committed model on
// ctx and combines the results (agent/models/federated.Analyze: each node
// weighted by its type, its reputation and its model's backtest quality —
// the rule x/mesh recomputes on chain), and proposes MsgRecordAnalysis with
// the inputs' model versions. A node whose owner has not consented to
// federated analysis is neither evaluated nor sent: Analyze skips it before
// touching its model, and the chain lists it as excluded. A node without a
// committed model the agent can evaluate is skipped too. No action when
// nothing could be read. skip is the context transfer's sequence, left out
// of the account's history (it is the prospective transfer evaluated).
func (p *Planner) runFederatedAnalysis(
	view plan.View, r *round, employee, device, corridor store.Node, ctx federated.Context, skip uint64,
) (*store.Action, federated.Analysis, error) {
	var nodes []federated.Node
	if employee.NodeID != "" {
		n, err := p.accountNode(view, r, employee, federated.Employee, skip)
		if err != nil {
			return nil, federated.Analysis{}, err
		}
		nodes = append(nodes, n)
	}
	if device.NodeID != "" {
		n, err := p.accountNode(view, r, device, federated.Device, skip)
		if err != nil {
			return nil, federated.Analysis{}, err
		}
		nodes = append(nodes, n)
	}
	if corridor.NodeID != "" {
		n, err := p.corridorNode(view, corridor)
		if err != nil {
			return nil, federated.Analysis{}, err
		}
		nodes = append(nodes, n)
	}
	an, err := federated.Analyze(nodes, ctx, federated.DefaultWeights())
	if err != nil {
		return nil, an, nil //nolint:nilerr // nothing could be read: no analysis to record
	}
	inputs := make([]meshtypes.NodeModelScore, 0, len(an.Read))
	cps := make([]string, 0, len(an.Read))
	for _, in := range an.Read {
		inputs = append(inputs, meshtypes.NodeModelScore{NodeId: in.NodeID, Model: in.Model, ModelVersion: in.ModelVersion, Score: uint64(in.Score)})
		cps = append(cps, r.byID[in.NodeID].Owner)
	}
	hash, err := ContextHash(ctx, r.blk.Height)
	if err != nil {
		return nil, an, err
	}
	id := plan.ActionID("fa", employee.NodeID, device.NodeID, corridor.NodeID, hash)
	msg := &meshtypes.MsgRecordAnalysis{
		Reporter: p.reporter, EmployeeId: employee.NodeID, DeviceId: device.NodeID, CorridorId: corridor.NodeID,
		ContextHash: hash, Inputs: inputs, ActionId: id,
	}
	bz, err := msg.Marshal()
	if err != nil {
		return nil, an, err
	}
	return &store.Action{
		ID: id, Kind: KindAnalysis, Planner: p.Name(), CauseHeight: r.blk.Height, MsgType: MsgRecordAnalysis, Msg: bz,
		Subject: employee.NodeID, Counterparties: dedupe(cps),
		Summary: fmt.Sprintf("federated analysis of %s paying %s %s: %d (read %d, skipped %d)",
			ctx.Account, strconv.FormatFloat(ctx.Amount, 'f', -1, 64), ctx.Denom, an.Score, len(an.Read), len(an.Skipped)),
	}, an, nil
}

// accountNode is an employee or device node with its model: the anomaly
// model of its owner's account, at the version committed on the node.
func (p *Planner) accountNode(view plan.View, r *round, n store.Node, typ federated.NodeType, skip uint64) (federated.Node, error) {
	fn := federated.Node{ID: n.NodeID, Type: typ, Reputation: uint32(min(n.Reputation, federated.MaxScore)), Consent: n.FederatedAnalysis} //nolint:gosec // ≤ 1e6
	if !n.FederatedAnalysis {
		return fn, nil // not read: not even its model is looked up
	}
	c, ok, err := view.LatestCommitted(n.NodeID, ModelAnomaly)
	if err != nil || !ok {
		return fn, err
	}
	params := federated.AnomalyParams(ModelAnomaly, p.ac)
	if h, err := params.Hash(); err != nil || h != c.ParamsHash {
		return fn, err // committed with another configuration: not this agent's model
	}
	history := make([]flow.Transfer, 0, len(r.transfers))
	for _, t := range r.transfers {
		if t.Seq != skip {
			history = append(history, t)
		}
	}
	fn.Model = federated.AccountModel{Rec: record(c), History: history, Limits: r.limits, Config: p.ac}
	return fn, nil
}

// corridorNode is a corridor node with its model: the volume forecast at the
// version committed on the node, as the agent fitted it.
func (p *Planner) corridorNode(view plan.View, n store.Node) (federated.Node, error) {
	fn := federated.Node{ID: n.NodeID, Type: federated.Corridor, Reputation: uint32(min(n.Reputation, federated.MaxScore)), Consent: n.FederatedAnalysis} //nolint:gosec // ≤ 1e6
	if !n.FederatedAnalysis {
		return fn, nil
	}
	c, ok, err := view.LatestCommitted(n.NodeID, ModelVolume)
	if err != nil || !ok {
		return fn, err
	}
	am, ok, err := view.AgentModelVersion(n.NodeID, ModelVolume, c.Version, c.ParamsHash)
	if err != nil || !ok {
		return fn, err // committed by another reporter: the agent cannot evaluate it
	}
	var mj corridorModelJSON
	if err := json.Unmarshal(am.ModelJSON, &mj); err != nil || mj.Model == nil {
		return fn, fmt.Errorf("corridor %s model v%d: %w", n.NodeID, c.Version, err)
	}
	fn.Model = federated.CorridorModel{Rec: record(c), Volume: mj.Model, Next: mj.Next, Width: time.Duration(mj.WidthSeconds) * time.Second}
	return fn, nil
}

// record is a committed model's record in the federated package's form.
func record(c store.ModelCommit) federated.ModelRecord {
	r := federated.ModelRecord{Name: c.Model, Version: c.Version, ParamsHash: c.ParamsHash, TrainFrom: c.TrainStartHeight, TrainTo: c.TrainEndHeight}
	for _, m := range c.Metrics {
		if v, err := strconv.ParseInt(m.Value, 10, 64); err == nil {
			r.Metrics = append(r.Metrics, federated.Metric{Name: m.Name, Value: v})
		}
	}
	sort.Slice(r.Metrics, func(i, j int) bool { return r.Metrics[i].Name < r.Metrics[j].Name })
	return r
}

// ContextHash is the SHA-256 of an analysis context's canonical JSON: the
// time (RFC 3339, UTC, nanoseconds), the account, the denom, the amount
// (shortest decimal) and the height of the round.
func ContextHash(ctx federated.Context, height int64) (string, error) {
	bz, err := json.Marshal(struct {
		At      string `json:"at"`
		Account string `json:"account"`
		Denom   string `json:"denom"`
		Amount  string `json:"amount"`
		Height  int64  `json:"height"`
	}{ctx.At.UTC().Format(time.RFC3339Nano), ctx.Account, ctx.Denom, strconv.FormatFloat(ctx.Amount, 'f', -1, 64), height})
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(bz)
	return hex.EncodeToString(sum[:]), nil
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0]
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
