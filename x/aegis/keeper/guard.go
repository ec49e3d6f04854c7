package keeper

import (
	"context"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

// RouterGuard is the baseapp circuit breaker of x/aegis: the message router
// asks it before executing any message, top-level or executed by a module
// (authz MsgExec, a gov proposal, any future module), so a disallowed or
// paused message type is refused on every path. Install it with
// app.SetCircuitBreaker before the module services are registered.
type RouterGuard struct {
	k *Keeper
}

var _ baseapp.CircuitBreaker = RouterGuard{}

// RouterGuard returns the circuit breaker backed by the constitution.
func (k *Keeper) RouterGuard() RouterGuard { return RouterGuard{k: k} }

// IsAllowed implements baseapp.CircuitBreaker. A refusal is returned as the
// registered error naming the article.
func (g RouterGuard) IsAllowed(ctx context.Context, typeURL string) (bool, error) {
	policy, err := g.k.getPolicy(ctx)
	if err != nil {
		return false, err
	}
	v, err := g.k.checkType(ctx, policy, typeURL)
	if err != nil {
		return false, err
	}
	if v != nil {
		return false, v.Err
	}
	return true, nil
}

// MsgExecutionRouter wraps the router x/gov executes passed proposals with,
// marking the context (types.WithMsgExecution) so the send restriction
// treats a proposal's payout to a frozen account as refused, like any
// payout inside a transaction, and not as a module's block-boundary refund.
type MsgExecutionRouter struct {
	next baseapp.MessageRouter
}

var _ baseapp.MessageRouter = MsgExecutionRouter{}

// NewMsgExecutionRouter wraps next.
func NewMsgExecutionRouter(next baseapp.MessageRouter) MsgExecutionRouter {
	return MsgExecutionRouter{next: next}
}

// Handler implements baseapp.MessageRouter.
func (r MsgExecutionRouter) Handler(msg sdk.Msg) baseapp.MsgServiceHandler {
	return mark(r.next.Handler(msg))
}

// HandlerByTypeURL implements baseapp.MessageRouter.
func (r MsgExecutionRouter) HandlerByTypeURL(typeURL string) baseapp.MsgServiceHandler {
	return mark(r.next.HandlerByTypeURL(typeURL))
}

func mark(h baseapp.MsgServiceHandler) baseapp.MsgServiceHandler {
	if h == nil {
		return nil
	}
	return func(ctx sdk.Context, msg sdk.Msg) (*sdk.Result, error) {
		return h(types.WithMsgExecution(ctx), msg)
	}
}
