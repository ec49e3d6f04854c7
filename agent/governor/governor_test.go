package governor_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/agent/config"
	"github.com/azora-os/nexus/agent/governor"
	"github.com/azora-os/nexus/agent/store"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

type simRefusal struct{ msg string }

func (e *simRefusal) Error() string { return e.msg }

// fakeChain answers compliance checks from a set of frozen accounts and
// simulations from a canned error.
type fakeChain struct {
	frozen   map[string]bool
	simErr   error
	checkErr error
	checked  []string
}

func (f *fakeChain) ComplianceCheck(_ context.Context, signer string, _ []sdk.Msg) (*aegistypes.QueryComplianceCheckResponse, error) {
	f.checked = append(f.checked, signer)
	if f.checkErr != nil {
		return nil, f.checkErr
	}
	if f.frozen[signer] {
		return &aegistypes.QueryComplianceCheckResponse{Allowed: false, ArticleId: 2, Rule: "standing", Codespace: "aegis", Code: 5, Reason: "aegis: article 2 (standing): signer " + signer + " is frozen"}, nil
	}
	return &aegistypes.QueryComplianceCheckResponse{Allowed: true}, nil
}

func (f *fakeChain) Simulate(context.Context, []sdk.Msg) (uint64, error) {
	return 100, f.simErr
}

type fakeLog struct {
	hour   int
	values []string
}

func (l *fakeLog) SignedSince(_ context.Context, t time.Time) (int, []string, error) {
	if time.Since(t) < 2*time.Hour {
		return l.hour, nil, nil
	}
	return l.hour, l.values, nil
}

func feedbackAction(counterparty string) (store.Action, sdk.Msg) {
	msg := &meshtypes.MsgSubmitFeedback{Reporter: "me", NodeId: "emp-1", Model: "m", Score: 1, ActionId: "fb-1"}
	return store.Action{ID: "fb-1", MsgType: "/azora.mesh.v1.MsgSubmitFeedback", Counterparties: []string{counterparty}}, msg
}

func newGov(t *testing.T, p config.Governor, ch *fakeChain, log *fakeLog) *governor.Governor {
	t.Helper()
	g, err := governor.New(p, "me", ch, log)
	require.NoError(t, err)
	g.IsRefusal = func(err error) bool {
		var r *simRefusal
		return errors.As(err, &r)
	}
	return g
}

func TestGovernorRules(t *testing.T) {
	def := config.Default().Governor
	ctx := context.Background()
	cases := []struct {
		name    string
		policy  func(*config.Governor)
		chain   *fakeChain
		log     *fakeLog
		action  func(*store.Action)
		verdict governor.Verdict
		rule    string
		article uint64
		reason  string
	}{
		{name: "approved", verdict: governor.Approve},
		{name: "type not allowed", policy: func(p *config.Governor) { p.AllowedMsgTypes = []string{"/azora.mesh.v1.MsgSubmitFeedbackBatch"} },
			verdict: governor.Refuse, rule: governor.RuleAllowedTypes, reason: "not in governor.allowed_msg_types"},
		{name: "moves value, none allowed", action: func(a *store.Action) { a.Value = "1uazr" },
			verdict: governor.Refuse, rule: governor.RuleMaxValue, reason: "may move no value"},
		{name: "moves value over the daily limit", policy: func(p *config.Governor) { p.MaxValuePerDay = "1000uazr" },
			log: &fakeLog{values: []string{"600uazr"}}, action: func(a *store.Action) { a.Value = "401uazr" },
			verdict: governor.Refuse, rule: governor.RuleMaxValue, reason: "exceeds governor.max_value_per_day 1000uazr"},
		{name: "moves value within the daily limit", policy: func(p *config.Governor) { p.MaxValuePerDay = "1000uazr" },
			log: &fakeLog{values: []string{"600uazr"}}, action: func(a *store.Action) { a.Value = "400uazr" }, verdict: governor.Approve},
		{name: "rate limit defers", policy: func(p *config.Governor) { p.MaxActionsPerHour = 5 }, log: &fakeLog{hour: 5},
			verdict: governor.Defer, rule: governor.RuleMaxActions},
		{name: "signer frozen", chain: &fakeChain{frozen: map[string]bool{"me": true}},
			verdict: governor.Refuse, rule: governor.RuleCompliance, article: 2, reason: "signer me"},
		{name: "counterparty frozen", chain: &fakeChain{frozen: map[string]bool{"bob": true}},
			verdict: governor.Refuse, rule: governor.RuleCounterparty, article: 2, reason: "counterparty bob: article 2 (standing)"},
		{name: "simulation refuses", chain: &fakeChain{simErr: &simRefusal{"node has not given the required consent"}},
			verdict: governor.Refuse, rule: governor.RuleSimulation, reason: "consent"},
		{name: "action id already used", chain: &fakeChain{simErr: &simRefusal{"failed: x already applied action \"fb-1\" at height 9: action id already used by this reporter"}},
			verdict: governor.AlreadyApplied, rule: governor.RuleAlreadyApplied},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := def
			p.AllowedMsgTypes = append([]string(nil), def.AllowedMsgTypes...)
			if tc.policy != nil {
				tc.policy(&p)
			}
			ch := tc.chain
			if ch == nil {
				ch = &fakeChain{}
			}
			log := tc.log
			if log == nil {
				log = &fakeLog{}
			}
			g := newGov(t, p, ch, log)
			r, err := g.NewRound(ctx)
			require.NoError(t, err)
			a, msg := feedbackAction("bob")
			if tc.action != nil {
				tc.action(&a)
			}
			d, err := g.Review(ctx, r, a, msg)
			require.NoError(t, err)
			require.Equal(t, tc.verdict, d.Verdict, d.Reason)
			require.Equal(t, tc.rule, d.Rule)
			require.Equal(t, tc.article, d.Article)
			require.Contains(t, d.Reason, tc.reason)
		})
	}
}

// TestGovernorOrder: local policy is decided before the chain is asked;
// the signer before the counterparties; an unanswered question is an
// error (the action waits), not a refusal.
func TestGovernorOrder(t *testing.T) {
	ctx := context.Background()
	p := config.Default().Governor
	p.AllowedMsgTypes = nil
	ch := &fakeChain{}
	g := newGov(t, p, ch, &fakeLog{})
	r, err := g.NewRound(ctx)
	require.NoError(t, err)
	a, msg := feedbackAction("bob")
	d, err := g.Review(ctx, r, a, msg)
	require.NoError(t, err)
	require.Equal(t, governor.Refuse, d.Verdict)
	require.Empty(t, ch.checked, "a local refusal never reaches the chain")

	ch = &fakeChain{}
	g = newGov(t, config.Default().Governor, ch, &fakeLog{})
	r, _ = g.NewRound(ctx)
	_, err = g.Review(ctx, r, a, msg)
	require.NoError(t, err)
	require.Equal(t, []string{"me", "bob"}, ch.checked)

	ch = &fakeChain{checkErr: errors.New("connection refused")}
	g = newGov(t, config.Default().Governor, ch, &fakeLog{})
	r, _ = g.NewRound(ctx)
	_, err = g.Review(ctx, r, a, msg)
	require.ErrorContains(t, err, "connection refused")

	ch = &fakeChain{simErr: errors.New("EOF")}
	g = newGov(t, config.Default().Governor, ch, &fakeLog{})
	r, _ = g.NewRound(ctx)
	_, err = g.Review(ctx, r, a, msg)
	require.ErrorContains(t, err, "simulate")
}

// TestGovernorRoundCounts: approvals in a round count toward the hourly
// limit before anything is signed.
func TestGovernorRoundCounts(t *testing.T) {
	ctx := context.Background()
	p := config.Default().Governor
	p.MaxActionsPerHour = 3
	g := newGov(t, p, &fakeChain{}, &fakeLog{hour: 1})
	r, err := g.NewRound(ctx)
	require.NoError(t, err)
	a, msg := feedbackAction("bob")
	var verdicts []governor.Verdict
	for i := 0; i < 4; i++ {
		d, err := g.Review(ctx, r, a, msg)
		require.NoError(t, err)
		verdicts = append(verdicts, d.Verdict)
	}
	require.Equal(t, []governor.Verdict{governor.Approve, governor.Approve, governor.Defer, governor.Defer}, verdicts)
}
