// Package federated runs federated analysis over mesh nodes — each
// consenting node's own model evaluated on a context, the results combined
// with documented integer weights into one deterministic score — and defines
// the model records the agent commits to x/mesh with a canonical, versioned,
// hashed encoding of the fitted parameters.
//
// A pure package: no I/O, no clock, no randomness. Maths and encoding:
// README.md.
package federated

import (
	"fmt"
	"math/big"
	"time"
)

// NodeType is an x/mesh node type.
type NodeType string

// Node types.
const (
	Employee NodeType = "employee"
	Device   NodeType = "device"
	Corridor NodeType = "corridor"
)

// MaxScore is the top of every score here (x/mesh's scale).
const MaxScore = 1_000_000

// Context is what the models are asked about: e.g. "this employee's account
// sends Amount of Denom over this corridor from this device at At".
type Context struct {
	At      time.Time
	Account string
	Denom   string
	Amount  float64
}

// Model is a node's own fitted model.
type Model interface {
	// Record is the model's committed record (name, version, hash, metrics).
	Record() ModelRecord
	// Evaluate scores the context in [0, MaxScore] (MaxScore = fully
	// normal/trustworthy).
	Evaluate(Context) (uint32, error)
}

// Node is a mesh node as the agent read it from x/mesh.
type Node struct {
	ID         string
	Type       NodeType
	Reputation uint32 // [0, MaxScore]
	// Consent is the node's federated_analysis consent flag.
	Consent bool
	// Model is the node's own model; nil when it has none.
	Model Model
}

// Weights are the per-type weights in basis points (x/mesh's params).
type Weights struct {
	EmployeeBps, DeviceBps, CorridorBps uint32
}

// DefaultWeights are x/mesh's defaults: 3000 / 3000 / 4000.
func DefaultWeights() Weights { return Weights{EmployeeBps: 3000, DeviceBps: 3000, CorridorBps: 4000} }

func (w Weights) of(t NodeType) (uint64, bool) {
	switch t {
	case Employee:
		return uint64(w.EmployeeBps), true
	case Device:
		return uint64(w.DeviceBps), true
	case Corridor:
		return uint64(w.CorridorBps), true
	}
	return 0, false
}

// Input is one node that was read.
type Input struct {
	NodeID       string   `json:"node_id"`
	Type         NodeType `json:"type"`
	Model        string   `json:"model"`
	ModelVersion uint64   `json:"model_version"`
	ParamsHash   string   `json:"params_hash"`
	Score        uint32   `json:"score"`
	Reputation   uint32   `json:"reputation"`
	// Quality is the model's backtest quality in [0, MaxScore] (see
	// Quality); Weight = type_bps × reputation × quality / 10^6.
	Quality uint64 `json:"quality"`
	Weight  uint64 `json:"weight"`
}

// Skip is one node that was neither read nor evaluated, and why.
type Skip struct {
	NodeID string `json:"node_id"`
	Reason string `json:"reason"`
}

// Analysis is the outcome.
type Analysis struct {
	// Score = ⌊Σ weight·score / Σ weight⌋ over Read; with Σ weight = 0 the
	// plain type weights are used instead (all reputations 0).
	Score       uint32  `json:"score"`
	TotalWeight uint64  `json:"total_weight"`
	Read        []Input `json:"read"`
	Skipped     []Skip  `json:"skipped"`
}

// NeutralQuality is the quality of a model without a MASE metric (as if
// MASE = 1: no better than seasonal-naive).
const NeutralQuality = 500_000

// Quality maps a model's backtest error to [0, 10^6]:
//
//	quality = ⌊10^12 / (10^6 + mase_ppm)⌋
//
// i.e. 1/(1 + MASE): 10^6 for a perfect backtest, 500 000 at MASE 1
// (seasonal-naive), falling as the error grows. Without a mase_ppm metric:
// NeutralQuality.
func Quality(r ModelRecord) uint64 {
	m, ok := r.Metric("mase_ppm")
	if !ok || m < 0 {
		return NeutralQuality
	}
	return uint64(1_000_000_000_000 / (1_000_000 + uint64(m)))
}

// Analyze evaluates each node's model on ctx and combines the scores. Nodes
// are taken in the order given (employee, device, corridor for the x/mesh
// query); a node without consent is skipped before its model is touched, a
// node without a model or whose model fails is skipped too, and the
// response lists every skip with its reason. At least one node must be read.
//
//	weight_i = type_bps_i × reputation_i × quality_i / 10^6     (integer, floor)
//	score    = ⌊Σ weight_i × score_i / Σ weight_i⌋
//
// in exact integer arithmetic, so the result is the same on every machine.
func Analyze(nodes []Node, ctx Context, w Weights) (Analysis, error) {
	var a Analysis
	seen := map[string]bool{}
	for _, n := range nodes {
		if seen[n.ID] {
			return Analysis{}, fmt.Errorf("federated: node %s given twice", n.ID)
		}
		seen[n.ID] = true
		tw, ok := w.of(n.Type)
		if !ok {
			return Analysis{}, fmt.Errorf("federated: node %s: unknown type %q", n.ID, n.Type)
		}
		if n.Reputation > MaxScore {
			return Analysis{}, fmt.Errorf("federated: node %s: reputation %d above %d", n.ID, n.Reputation, MaxScore)
		}
		if !n.Consent {
			a.Skipped = append(a.Skipped, Skip{NodeID: n.ID, Reason: "no federated_analysis consent: not read"})
			continue
		}
		if n.Model == nil {
			a.Skipped = append(a.Skipped, Skip{NodeID: n.ID, Reason: "no model"})
			continue
		}
		s, err := n.Model.Evaluate(ctx)
		if err != nil {
			a.Skipped = append(a.Skipped, Skip{NodeID: n.ID, Reason: "model failed: " + err.Error()})
			continue
		}
		if s > MaxScore {
			return Analysis{}, fmt.Errorf("federated: node %s: model score %d above %d", n.ID, s, MaxScore)
		}
		rec := n.Model.Record()
		q := Quality(rec)
		a.Read = append(a.Read, Input{
			NodeID: n.ID, Type: n.Type, Model: rec.Name, ModelVersion: rec.Version, ParamsHash: rec.ParamsHash,
			Score: s, Reputation: n.Reputation, Quality: q,
			Weight: tw * uint64(n.Reputation) * q / 1_000_000, // ≤ 10^4·10^6·10^6/10^6 = 10^10
		})
	}
	if len(a.Read) == 0 {
		return a, fmt.Errorf("federated: no node could be read (%d skipped)", len(a.Skipped))
	}
	num, den := new(big.Int), new(big.Int)
	for _, in := range a.Read {
		den.Add(den, new(big.Int).SetUint64(in.Weight))
	}
	if den.Sign() == 0 {
		// Every reputation is 0: fall back to the plain type weights.
		for i := range a.Read {
			tw, _ := w.of(a.Read[i].Type)
			a.Read[i].Weight = tw
			den.Add(den, new(big.Int).SetUint64(tw))
		}
	}
	if den.Sign() == 0 {
		return a, fmt.Errorf("federated: every weight is zero")
	}
	for _, in := range a.Read {
		num.Add(num, new(big.Int).Mul(new(big.Int).SetUint64(in.Weight), big.NewInt(int64(in.Score))))
	}
	a.TotalWeight = den.Uint64()
	a.Score = uint32(new(big.Int).Quo(num, den).Uint64())
	return a, nil
}
