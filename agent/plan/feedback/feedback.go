// Package feedback is the planner that turns scores into x/mesh feedback,
// and the rule-based settlement scorer it ships with (see README.md for the
// rule). Each score becomes one MsgSubmitFeedback per consenting node of the
// scored account, with an action id derived from (model, node, height): the
// same block always proposes the same ids, and the chain refuses an id it
// has seen.
package feedback

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/azora-os/nexus/agent/plan"
	"github.com/azora-os/nexus/agent/store"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// Kind is the action kind of feedback.
const Kind = "mesh.feedback"

// MsgType is the type URL of the proposed message.
const MsgType = "/azora.mesh.v1.MsgSubmitFeedback"

// Planner proposes feedback from scorers.
type Planner struct {
	reporter string
	scorers  []plan.Scorer
}

// New returns the feedback planner for the agent's reporter address.
func New(reporter string, scorers ...plan.Scorer) *Planner {
	return &Planner{reporter: reporter, scorers: scorers}
}

// Name implements plan.Planner.
func (p *Planner) Name() string { return "feedback" }

// Plan implements plan.Planner: for each scorer and subject, one feedback
// per active node of the subject that consented to data sharing and model
// training (feedback on others is refused by x/mesh) and that the reporter
// does not own (ditto).
func (p *Planner) Plan(_ context.Context, view plan.View, blk plan.Block) ([]store.Action, error) {
	var out []store.Action
	for _, sc := range p.scorers {
		subjects, err := sc.Subjects(view, blk)
		if err != nil {
			return nil, fmt.Errorf("%s: subjects: %w", sc.Model(), err)
		}
		for _, account := range subjects {
			if account == p.reporter {
				continue
			}
			nodes, err := view.NodesOwnedBy(account)
			if err != nil {
				return nil, err
			}
			var consenting []store.Node
			for _, n := range nodes {
				if n.DataSharing && n.ModelTraining {
					consenting = append(consenting, n)
				}
			}
			if len(consenting) == 0 {
				continue
			}
			score, evidence, err := sc.Score(view, account)
			if err != nil {
				return nil, fmt.Errorf("%s: score %s: %w", sc.Model(), account, err)
			}
			sum := sha256.Sum256(evidence)
			for _, n := range consenting {
				var version uint64
				if v, ok := sc.(plan.Versioned); ok {
					if version, err = v.ModelVersion(view, n.NodeID); err != nil {
						return nil, err
					}
				}
				a, err := Action(p.reporter, sc.Model(), version, n, account, score, hex.EncodeToString(sum[:]), blk.Height)
				if err != nil {
					return nil, err
				}
				out = append(out, a)
			}
		}
	}
	return out, nil
}

// Action builds the feedback action for node: the message, signed by
// reporter, naming the committed version of the node's model that produced
// it (0: none), with the action id derived from (model, node, height).
func Action(reporter, model string, version uint64, n store.Node, owner string, score uint64, evidenceHash string, height int64) (store.Action, error) {
	id := plan.ActionID("fb", model, n.NodeID, fmt.Sprint(height))
	msg := &meshtypes.MsgSubmitFeedback{
		Reporter: reporter, NodeId: n.NodeID, Model: model, ModelVersion: version, Score: score, EvidenceHash: evidenceHash, ActionId: id,
	}
	if err := msg.Item().Validate(); err != nil {
		return store.Action{}, fmt.Errorf("feedback for %s: %w", n.NodeID, err)
	}
	bz, err := msg.Marshal()
	if err != nil {
		return store.Action{}, err
	}
	return store.Action{
		ID: id, Kind: Kind, Planner: "feedback", CauseHeight: height, MsgType: MsgType, Msg: bz,
		Subject: n.NodeID, Counterparties: []string{owner},
		Summary: fmt.Sprintf("%s v%d score %d for node %s (owner %s)", model, version, score, n.NodeID, owner),
	}, nil
}

// SettlementModel is the default model name of the settlement scorer.
const SettlementModel = "forge-settlement"

// Weights of the settlement rule (README.md, "The settlement scorer").
const (
	// LostDisputeWeight is how many failed trades one lost dispute counts as.
	LostDisputeWeight = 3
	// MaxScore is the top of the scale (x/mesh's).
	MaxScore = 1_000_000
)

// SettlementScorer scores an account by its x/forge history as a trading
// counterparty: settled trades and disputes won count for it; disputes
// lost (weighted 3), orders it cancelled as the seller and orders that
// expired on it as the seller count against it:
//
//	score = ⌊ 1 000 000 × (good + 1) / (good + bad + 2) ⌋
//	good  = settled + disputes_won
//	bad   = 3 × disputes_lost + seller_cancels + seller_expiries
//
// (a Laplace-smoothed success rate: a new account scores 500 000, the
// x/mesh starting reputation).
type SettlementScorer struct {
	model string
}

// NewSettlementScorer returns the scorer under the given x/mesh model name.
func NewSettlementScorer(model string) *SettlementScorer {
	if model == "" {
		model = SettlementModel
	}
	return &SettlementScorer{model: model}
}

// Model implements plan.Scorer.
func (s *SettlementScorer) Model() string { return s.model }

// Subjects implements plan.Scorer: the accounts whose forge history the
// block changed.
func (s *SettlementScorer) Subjects(_ plan.View, blk plan.Block) ([]string, error) {
	if blk.Changes == nil {
		return nil, nil
	}
	out := make([]string, 0, len(blk.Changes.Parties))
	for a, d := range blk.Changes.Parties {
		// Placing an order says nothing about how a party trades.
		if d.Settled+d.DisputesWon+d.DisputesLost+d.SellerCancels+d.SellerExpiries+d.Refunded > 0 {
			out = append(out, a)
		}
	}
	sort.Strings(out)
	return out, nil
}

// SettlementScore is the rule on a party's history.
func SettlementScore(p store.Party) uint64 {
	good := uint64(max(p.Settled+p.DisputesWon, 0))                                          //nolint:gosec // clamped
	bad := uint64(max(LostDisputeWeight*p.DisputesLost+p.SellerCancels+p.SellerExpiries, 0)) //nolint:gosec // clamped
	return MaxScore * (good + 1) / (good + bad + 2)
}

// Score implements plan.Scorer. The evidence is the canonical JSON of the
// model, the account and its history at this block.
func (s *SettlementScorer) Score(view plan.View, account string) (uint64, []byte, error) {
	p, err := view.Party(account)
	if err != nil {
		return 0, nil, err
	}
	score := SettlementScore(p)
	ev, err := json.Marshal(struct {
		Model   string      `json:"model"`
		Account string      `json:"account"`
		Height  int64       `json:"height"`
		History store.Party `json:"history"`
		Score   uint64      `json:"score"`
	}{s.model, account, view.Height(), p, score})
	if err != nil {
		return 0, nil, err
	}
	return score, ev, nil
}
