package feedback

import (
	"encoding/json"
	"sort"

	"github.com/azora-os/nexus/agent/plan"
	"github.com/azora-os/nexus/agent/store"
)

// AnomalyModel is the x/mesh model name of the anomaly model's feedback.
const AnomalyModel = "anomaly"

// AnomalyScorer turns the anomaly model's findings into feedback. The
// develop planner scores the accounts every `every` blocks and records the
// flagged ones (it runs before this planner in the same block); at those
// heights the subjects are the accounts flagged now — score 1 000 000 minus
// their anomaly score in millionths, the reasons as evidence — and those
// flagged at the previous round but not now, which are cleared (score
// 1 000 000). Each feedback names the anomaly model's version committed on
// the node it is about (0 if none is yet).
type AnomalyScorer struct {
	model string
	every int64
}

// NewAnomalyScorer returns the scorer for a scoring interval in blocks.
func NewAnomalyScorer(every int64) *AnomalyScorer {
	return &AnomalyScorer{model: AnomalyModel, every: max(every, 1)}
}

// Model implements plan.Scorer.
func (s *AnomalyScorer) Model() string { return s.model }

// Subjects implements plan.Scorer.
func (s *AnomalyScorer) Subjects(view plan.View, blk plan.Block) ([]string, error) {
	if blk.Height <= 0 || blk.Height%s.every != 0 {
		return nil, nil
	}
	set := map[string]bool{}
	for _, h := range []int64{blk.Height, blk.Height - s.every} {
		as, err := view.FlaggedAt(h)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			set[a.Account] = true
		}
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out, nil
}

// Score implements plan.Scorer.
func (s *AnomalyScorer) Score(view plan.View, account string) (uint64, []byte, error) {
	as, err := view.FlaggedAt(view.Height())
	if err != nil {
		return 0, nil, err
	}
	var found *store.Anomaly
	for i := range as {
		if as[i].Account == account {
			found = &as[i]
			break
		}
	}
	ev := struct {
		Model    string          `json:"model"`
		Account  string          `json:"account"`
		Height   int64           `json:"height"`
		Flagged  bool            `json:"flagged"`
		ScorePPM uint64          `json:"score_ppm"`
		Reasons  json.RawMessage `json:"reasons"`
		Score    uint64          `json:"score"`
	}{Model: s.model, Account: account, Height: view.Height(), Reasons: json.RawMessage("[]")}
	if found != nil {
		ev.Flagged, ev.ScorePPM, ev.Reasons = true, min(found.ScorePPM, MaxScore), found.Reasons
	}
	ev.Score = MaxScore - ev.ScorePPM
	bz, err := json.Marshal(ev)
	return ev.Score, bz, err
}

// ModelVersion implements plan.Versioned: the anomaly model's latest
// version committed on the node (0 if none).
func (s *AnomalyScorer) ModelVersion(view plan.View, nodeID string) (uint64, error) {
	c, ok, err := view.LatestCommitted(nodeID, s.model)
	if err != nil || !ok {
		return 0, err
	}
	return c.Version, nil
}
