package daemon

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/agent/api"
	"github.com/azora-os/nexus/agent/chain"
	"github.com/azora-os/nexus/agent/models/anomaly"
	"github.com/azora-os/nexus/agent/models/federated"
	"github.com/azora-os/nexus/agent/models/route"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// This file is the daemon's side of Help: routing advice over the chain's
// current state, the served model parameters, and the x/aegis tiers the
// anomaly model compares against.

// limitsCache holds the x/aegis velocity tiers and the accounts' tiers,
// read from the chain at start and refreshed every few minutes (the tiers
// change only by governance; verifications also reach the agent as events).
type limitsCache struct {
	v atomic.Pointer[limits]
}

type limits struct {
	tiers    []anomaly.Tier
	accounts map[string]string
}

func (c *limitsCache) get() ([]anomaly.Tier, map[string]string) {
	if p := c.v.Load(); p != nil {
		return p.tiers, p.accounts
	}
	return nil, nil
}

// loadLimits reads the velocity rule, converted for the anomaly model
// (per-denom per_tx and per_day; a tier without limits is unlimited), and
// every verified account's tier.
func (d *Daemon) loadLimits(ctx context.Context) error {
	rule, ok, err := d.client.VelocityRule(ctx)
	if err != nil {
		return err
	}
	l := limits{tiers: []anomaly.Tier{}}
	if ok {
		l.tiers = TiersOf(rule)
	}
	if l.accounts, err = d.client.AccountTiers(ctx); err != nil {
		return err
	}
	d.limits.v.Store(&l)
	return nil
}

// TiersOf converts x/aegis's velocity rule to the anomaly model's tiers.
func TiersOf(rule aegistypes.VelocityRule) []anomaly.Tier {
	out := make([]anomaly.Tier, 0, len(rule.Tiers))
	for _, t := range rule.Tiers {
		at := anomaly.Tier{Name: t.Name, Limits: map[string]anomaly.Limit{}}
		for _, l := range t.Limits {
			perTx, _ := strconv.ParseFloat(l.PerTx.String(), 64)
			perDay, _ := strconv.ParseFloat(l.PerDay.String(), 64)
			at.Limits[l.Denom] = anomaly.Limit{PerTx: perTx, PerDay: perDay}
		}
		out = append(out, at)
	}
	return out
}

// The value tags of the canonical parameter encoding
// (agent/models/federated/README.md §2).
const (
	paramInt    byte = 0x01
	paramFloat  byte = 0x02
	paramString byte = 0x03
	paramFloats byte = 0x04
	paramInts   byte = 0x05
)

// DecodeParams implements api.Backend: the canonical parameter encoding
// (agent/models/federated) as {model, fields: {key: value}}.
func (d *Daemon) DecodeParams(params []byte) (any, error) {
	p, err := federated.Decode(params)
	if err != nil {
		return nil, err
	}
	fields := make(map[string]any, len(p.Fields))
	for _, f := range p.Fields {
		switch f.Tag {
		case paramInt:
			fields[f.Key] = f.Int
		case paramFloat:
			fields[f.Key] = f.Float
		case paramString:
			fields[f.Key] = f.String
		case paramFloats:
			fields[f.Key] = f.Floats
		case paramInts:
			fields[f.Key] = f.Ints
		}
	}
	return map[string]any{"model": p.Model, "fields": fields}, nil
}

// Route implements api.Backend: routing advice (agent/models/route) from the
// chain's current state — x/pivc's rate and exemptions (Quote), the payer's
// x/aegis allowance (RemainingAllowance), the payee's x/mesh reputation
// (AccountReputation: its employee nodes) — and the last 100 block
// intervals the agent perceived.
func (d *Daemon) Route(ctx context.Context, req api.RouteRequest) (api.RouteAdvice, error) {
	for _, a := range []struct{ name, addr string }{{"payer", req.Payer}, {"payee", req.Payee}} {
		if _, err := sdk.AccAddressFromBech32(a.addr); err != nil {
			return api.RouteAdvice{}, fmt.Errorf("%w: %s %q is not an address: %s", api.ErrBadRequest, a.name, a.addr, err)
		}
	}
	if req.Payer == req.Payee {
		return api.RouteAdvice{}, fmt.Errorf("%w: payer and payee are the same account", api.ErrBadRequest)
	}
	if !req.Amount.IsValid() || !req.Amount.IsPositive() {
		return api.RouteAdvice{}, fmt.Errorf("%w: amount %q must be one positive coin such as 25000000uazr", api.ErrBadRequest, req.Amount)
	}
	out := api.RouteAdvice{Payer: req.Payer, Payee: req.Payee, Amount: req.Amount.String()}
	rreq := route.Request{Payer: req.Payer, Payee: req.Payee, Denom: req.Amount.Denom, Amount: req.Amount.Amount, PendingPayments: req.Pending}
	err := d.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		q, err := pivctypes.NewQueryClient(cn.GRPC).Quote(ctx, &pivctypes.QueryQuoteRequest{Amount: req.Amount.String(), Sender: req.Payer, Recipient: req.Payee})
		if err != nil {
			return err
		}
		rreq.RateBps = q.RateBps
		rreq.Exempt = q.Fee.AmountOf(req.Amount.Denom).IsZero()
		al, err := aegistypes.NewQueryClient(cn.GRPC).RemainingAllowance(ctx, &aegistypes.QueryRemainingAllowanceRequest{Address: req.Payer, Denom: req.Amount.Denom})
		if err != nil {
			return err
		}
		if al.Limited {
			rreq.Limit = &route.Limit{PerTx: al.PerTx, Remaining: al.Remaining}
			out.PayerTier = al.Tier
		}
		rep, err := meshtypes.NewQueryClient(cn.GRPC).AccountReputation(ctx, &meshtypes.QueryAccountReputationRequest{Address: req.Payee})
		if err != nil {
			return err
		}
		rreq.PayeeReputation = route.Reputation{Known: rep.Reputation.EmployeeNodes > 0, Value: uint32(min(rep.Reputation.Reputation, meshtypes.MaxReputation))} //nolint:gosec // ≤ 1e6
		out.PayeeReputation, out.PayeeRated = rep.Reputation.Reputation, rep.Reputation.EmployeeNodes > 0
		return nil
	})
	if err != nil {
		return api.RouteAdvice{}, err
	}
	blocks, err := d.store.RecentBlocks(ctx, 101)
	if err != nil {
		return api.RouteAdvice{}, err
	}
	for i := 1; i < len(blocks); i++ {
		if dt := blocks[i].Time.Sub(blocks[i-1].Time); dt > 0 {
			rreq.Blocks.Intervals = append(rreq.Blocks.Intervals, dt)
		}
	}
	adv, err := route.Advise(rreq, route.DefaultThresholds())
	if errors.Is(err, route.ErrInvalidRequest) {
		return api.RouteAdvice{}, fmt.Errorf("%w: %s", api.ErrBadRequest, err)
	}
	if err != nil {
		return api.RouteAdvice{}, err
	}
	out.Method, out.Feasible = string(adv.Method), adv.Feasible
	out.Fee = sdk.NewCoin(req.Amount.Denom, adv.Fee).String()
	out.Debit = sdk.NewCoin(req.Amount.Denom, adv.Debit).String()
	out.RateBps = rreq.RateBps
	out.ExpectedConfirmation = adv.Confirmation.Expected.Round(time.Millisecond).String()
	out.P90Confirmation = adv.Confirmation.P90.Round(time.Millisecond).String()
	out.ConfirmationKnown = adv.Confirmation.Known
	out.Reasons = adv.Reasons
	return out, nil
}
