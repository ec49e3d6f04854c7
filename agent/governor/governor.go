// Package governor is the agent's constitutional governor: every proposed
// action passes it before anything is signed, in this order —
//
//  1. local policy (config [governor]): the message type must be allowed;
//     the value moved in a rolling 24 h must stay within max_value_per_day
//     (none by default); at most max_actions_per_hour are signed per rolling
//     hour (more wait for the window instead of being refused);
//  2. the chain's constitution: x/aegis ComplianceCheck of the message with
//     the agent as signer, then with every counterparty (e.g. the owner of
//     the node a feedback is about) as signer — a frozen counterparty is
//     refused by the standing article;
//  3. a simulation of the message as a tx of the agent.
//
// A refusal names the rule (and the article, for the constitution) and is
// recorded in the action log; a refused action is never signed.
package governor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/agent/config"
	"github.com/azora-os/nexus/agent/store"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// Rules, as recorded with a refusal.
const (
	RuleAllowedTypes   = "policy.allowed_msg_types"
	RuleMaxValue       = "policy.max_value_per_day"
	RuleMaxActions     = "policy.max_actions_per_hour"
	RuleCompliance     = "chain.compliance_check"
	RuleCounterparty   = "chain.compliance_check.counterparty"
	RuleSimulation     = "chain.simulation"
	RuleAlreadyApplied = "chain.action_id_used"
)

// Verdict is the governor's answer.
type Verdict int

// Verdicts.
const (
	// Approve: sign it.
	Approve Verdict = iota
	// Refuse: never sign it.
	Refuse
	// Defer: not now (rate limit); keep it planned.
	Defer
	// AlreadyApplied: the chain has the action id already (the agent lost
	// track of an earlier submission); record it as included.
	AlreadyApplied
)

// Decision is a verdict with the rule that decided it.
type Decision struct {
	Verdict Verdict
	Rule    string
	Article uint64
	Reason  string
}

// Chain is what the governor asks the chain.
type Chain interface {
	// ComplianceCheck asks x/aegis whether signer may send msgs.
	ComplianceCheck(ctx context.Context, signer string, msgs []sdk.Msg) (*aegistypes.QueryComplianceCheckResponse, error)
	// Simulate runs msgs as a tx of the agent; a refusal is a *SimError
	// (see act.SimError), anything else could not be decided.
	Simulate(ctx context.Context, msgs []sdk.Msg) (uint64, error)
}

// Log is what the governor reads of the action log.
type Log interface {
	SignedSince(ctx context.Context, t time.Time) (int, []string, error)
}

// Governor reviews actions.
type Governor struct {
	policy   config.Governor
	allowed  map[string]bool
	maxValue sdk.Coins
	signer   string
	chain    Chain
	log      Log
	now      func() time.Time
	// IsRefusal tells a chain refusal from a failure to ask (the act
	// package's *SimError).
	IsRefusal func(error) bool
}

// New returns a governor for the agent's signer address.
func New(policy config.Governor, signer string, chain Chain, log Log) (*Governor, error) {
	g := &Governor{policy: policy, allowed: map[string]bool{}, signer: signer, chain: chain, log: log, now: time.Now}
	for _, t := range policy.AllowedMsgTypes {
		g.allowed[t] = true
	}
	if policy.MaxValuePerDay != "" {
		v, err := sdk.ParseCoinsNormalized(policy.MaxValuePerDay)
		if err != nil {
			return nil, fmt.Errorf("governor.max_value_per_day: %w", err)
		}
		g.maxValue = v
	}
	return g, nil
}

// SetClock replaces the wall clock (tests).
func (g *Governor) SetClock(now func() time.Time) { g.now = now }

// Allowed says whether the local policy allows a message type.
func (g *Governor) Allowed(msgType string) bool { return g.allowed[msgType] }

// Round is one act round's view of the rate limits: what was signed in the
// window plus what this round approved so far.
type Round struct {
	signedHour int
	valueDay   sdk.Coins
	approved   int
	approvedV  sdk.Coins
}

// NewRound reads the windows from the action log.
func (g *Governor) NewRound(ctx context.Context) (*Round, error) {
	now := g.now()
	n, _, err := g.log.SignedSince(ctx, now.Add(-time.Hour))
	if err != nil {
		return nil, err
	}
	_, values, err := g.log.SignedSince(ctx, now.Add(-24*time.Hour))
	if err != nil {
		return nil, err
	}
	r := &Round{signedHour: n}
	for _, v := range values {
		c, err := sdk.ParseCoinsNormalized(v)
		if err != nil {
			return nil, fmt.Errorf("action log value %q: %w", v, err)
		}
		r.valueDay = r.valueDay.Add(c...)
	}
	return r, nil
}

// Review decides on one action (msg is its decoded message). An error
// means the governor could not decide (the chain did not answer): the
// action stays planned and is reviewed again later.
func (g *Governor) Review(ctx context.Context, r *Round, a store.Action, msg sdk.Msg) (Decision, error) {
	// 1. local policy
	if !g.allowed[a.MsgType] {
		return Decision{Verdict: Refuse, Rule: RuleAllowedTypes, Reason: fmt.Sprintf("%s is not in governor.allowed_msg_types", a.MsgType)}, nil
	}
	if a.Value != "" {
		v, err := sdk.ParseCoinsNormalized(a.Value)
		if err != nil {
			return Decision{Verdict: Refuse, Rule: RuleMaxValue, Reason: fmt.Sprintf("value %q does not parse: %s", a.Value, err)}, nil
		}
		if v.IsAllPositive() {
			total := r.valueDay.Add(r.approvedV...).Add(v...)
			if g.maxValue.IsZero() {
				return Decision{Verdict: Refuse, Rule: RuleMaxValue, Reason: fmt.Sprintf("moves %s; the agent may move no value (governor.max_value_per_day is empty)", v)}, nil
			}
			if !total.IsAllLTE(g.maxValue) {
				return Decision{Verdict: Refuse, Rule: RuleMaxValue, Reason: fmt.Sprintf("moves %s; with %s already moved in 24 h that exceeds governor.max_value_per_day %s", v, r.valueDay.Add(r.approvedV...), g.maxValue)}, nil
			}
		}
	}
	if g.policy.MaxActionsPerHour > 0 && r.signedHour+r.approved >= g.policy.MaxActionsPerHour {
		return Decision{Verdict: Defer, Rule: RuleMaxActions, Reason: fmt.Sprintf("%d actions signed in the last hour (governor.max_actions_per_hour %d)", r.signedHour+r.approved, g.policy.MaxActionsPerHour)}, nil
	}

	// 2. the constitution, for the agent and every counterparty
	msgs := []sdk.Msg{msg}
	res, err := g.chain.ComplianceCheck(ctx, g.signer, msgs)
	if err != nil {
		return Decision{}, fmt.Errorf("compliance check: %w", err)
	}
	if !res.Allowed {
		return Decision{Verdict: Refuse, Rule: RuleCompliance, Article: res.ArticleId, Reason: describe("signer "+g.signer, res)}, nil
	}
	for _, cp := range a.Counterparties {
		if cp == "" || cp == g.signer {
			continue
		}
		res, err := g.chain.ComplianceCheck(ctx, cp, msgs)
		if err != nil {
			return Decision{}, fmt.Errorf("compliance check of %s: %w", cp, err)
		}
		if !res.Allowed {
			return Decision{Verdict: Refuse, Rule: RuleCounterparty, Article: res.ArticleId, Reason: describe("counterparty "+cp, res)}, nil
		}
	}

	// 3. simulation
	if _, err := g.chain.Simulate(ctx, msgs); err != nil {
		if g.IsRefusal == nil || !g.IsRefusal(err) {
			return Decision{}, fmt.Errorf("simulate: %w", err)
		}
		if IsDuplicateAction(err) {
			return Decision{Verdict: AlreadyApplied, Rule: RuleAlreadyApplied, Reason: err.Error()}, nil
		}
		return Decision{Verdict: Refuse, Rule: RuleSimulation, Reason: err.Error()}, nil
	}

	r.approved++
	if a.Value != "" {
		if v, err := sdk.ParseCoinsNormalized(a.Value); err == nil {
			r.approvedV = r.approvedV.Add(v...)
		}
	}
	return Decision{Verdict: Approve}, nil
}

func describe(who string, res *aegistypes.QueryComplianceCheckResponse) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ", who)
	if res.ArticleId != 0 {
		fmt.Fprintf(&b, "article %d ", res.ArticleId)
	}
	if res.Rule != "" {
		fmt.Fprintf(&b, "(%s) ", res.Rule)
	}
	fmt.Fprintf(&b, "%s [%s/%d]", res.Reason, res.Codespace, res.Code)
	return b.String()
}

// IsDuplicateAction says whether a chain error is x/mesh's refusal of a
// used action id.
func IsDuplicateAction(err error) bool {
	return err != nil && (errors.Is(err, meshtypes.ErrDuplicateAction) || strings.Contains(err.Error(), meshtypes.ErrDuplicateAction.Error()))
}
