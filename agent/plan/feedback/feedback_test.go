package feedback_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/plan"
	"github.com/azora-os/nexus/agent/plan/feedback"
	"github.com/azora-os/nexus/agent/store"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

func TestSettlementScore(t *testing.T) {
	cases := []struct {
		name string
		p    store.Party
		want uint64
	}{
		{"no history: the x/mesh starting reputation", store.Party{}, 500_000},
		{"one settled trade", store.Party{Settled: 1}, 666_666},
		{"nine settled", store.Party{Settled: 9}, 909_090},
		{"one lost dispute weighs three", store.Party{DisputesLost: 1}, 200_000},
		{"settled 3, lost 1", store.Party{Settled: 3, DisputesLost: 1}, 500_000},
		{"won a dispute", store.Party{Settled: 1, DisputesWon: 1}, 750_000},
		{"cancels and expiries as seller", store.Party{Settled: 2, SellerCancels: 1, SellerExpiries: 1}, 500_000},
		{"refunds and opened disputes alone do not count", store.Party{Refunded: 4, DisputesOpened: 3}, 500_000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, feedback.SettlementScore(tc.p))
		})
	}
	// In range and monotone in each direction.
	for s := int64(0); s < 50; s++ {
		for l := int64(0); l < 50; l++ {
			v := feedback.SettlementScore(store.Party{Settled: s, DisputesLost: l})
			require.LessOrEqual(t, v, uint64(feedback.MaxScore))
			require.GreaterOrEqual(t, feedback.SettlementScore(store.Party{Settled: s + 1, DisputesLost: l}), v)
			require.LessOrEqual(t, feedback.SettlementScore(store.Party{Settled: s, DisputesLost: l + 1}), v)
		}
	}
}

// view is a fake of the store's view: the settlement scorer reads nodes and
// parties only (the embedded nil View panics on anything else).
type view struct {
	plan.View
	h       int64
	nodes   map[string][]store.Node
	parties map[string]store.Party
}

func (v view) Height() int64                               { return v.h }
func (v view) NodesOwnedBy(o string) ([]store.Node, error) { return v.nodes[o], nil }
func (v view) Party(a string) (store.Party, error)         { return v.parties[a], nil }

var actionIDRule = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

func TestPlanner(t *testing.T) {
	v := view{
		h: 77,
		nodes: map[string][]store.Node{
			"bob": {
				{NodeID: "emp-bob", Owner: "bob", DataSharing: true, ModelTraining: true, Active: true},
				{NodeID: "dev-bob", Owner: "bob", DataSharing: true, ModelTraining: false, Active: true}, // no training consent
			},
			"carol": {{NodeID: "cor-carol", Owner: "carol", DataSharing: true, ModelTraining: true, Active: true}},
			"me":    {{NodeID: "emp-me", Owner: "me", DataSharing: true, ModelTraining: true, Active: true}},
		},
		parties: map[string]store.Party{"bob": {Address: "bob", Settled: 1}, "carol": {Address: "carol", DisputesLost: 1}},
	}
	blk := plan.Block{Height: 77, Changes: &store.Changes{Parties: map[string]*store.PartyDelta{
		"carol": {DisputesLost: 1}, "bob": {Settled: 1}, "me": {Settled: 1},
		"dave": {Orders: 1}, // only placed an order: not scored
	}}}
	p := feedback.New("me", feedback.NewSettlementScorer(""))
	actions, err := p.Plan(context.Background(), v, blk)
	require.NoError(t, err)
	require.Len(t, actions, 2, "bob's consenting node and carol's; not the reporter's own node, not dave")
	require.Equal(t, "emp-bob", actions[0].Subject)
	require.Equal(t, "cor-carol", actions[1].Subject)

	for _, a := range actions {
		require.Regexp(t, actionIDRule, a.ID)
		require.NoError(t, meshtypes.ValidateActionID(a.ID))
		require.Equal(t, int64(77), a.CauseHeight)
		var m meshtypes.MsgSubmitFeedback
		require.NoError(t, m.Unmarshal(a.Msg))
		require.Equal(t, a.ID, m.ActionId)
		require.Equal(t, "me", m.Reporter)
		require.Equal(t, feedback.SettlementModel, m.Model)
		require.NoError(t, m.Item().Validate())
	}
	var bob meshtypes.MsgSubmitFeedback
	require.NoError(t, bob.Unmarshal(actions[0].Msg))
	require.Equal(t, uint64(666_666), bob.Score)
	require.Equal(t, []string{"bob"}, actions[0].Counterparties)

	// Deterministic: the same block proposes the same actions, ids included.
	again, err := p.Plan(context.Background(), v, blk)
	require.NoError(t, err)
	require.Equal(t, actions, again)

	// Another height, another id; another node, another id.
	v.h, blk.Height = 78, 78
	later, err := p.Plan(context.Background(), v, blk)
	require.NoError(t, err)
	require.NotEqual(t, actions[0].ID, later[0].ID)
	require.NotEqual(t, later[0].ID, later[1].ID)
}

func TestActionID(t *testing.T) {
	a := plan.ActionID("fb", "m", "node", "1")
	require.Len(t, a, 43)
	require.NoError(t, meshtypes.ValidateActionID(a))
	require.Equal(t, a, plan.ActionID("fb", "m", "node", "1"))
	// Parts are separated: ("ab","c") and ("a","bc") differ.
	require.NotEqual(t, plan.ActionID("fb", "ab", "c"), plan.ActionID("fb", "a", "bc"))
}
