package keeper

import (
	"context"
	"fmt"

	gogogrpc "github.com/cosmos/gogoproto/grpc"
	"google.golang.org/grpc"

	"github.com/cosmos/cosmos-sdk/types/module"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// The staking guard is the execution-time half of the validator-admission
// article. The router guard (the baseapp circuit breaker) sees only a
// message's type URL, but admission depends on the message's content (whose
// validator, how much). So the Msg services of x/staking and x/slashing are
// registered wrapped: before the real handler runs, the wrapper applies
// the validator-admission article to the message, against the state at that moment.
// Every path that executes a staking message goes through the message
// router and so through the wrapper: a top-level message, one inside an
// authz MsgExec, a gov proposal, any future module. The ante decorator
// refuses the same messages earlier, before any fee is taken.

// Service names whose Msg servers the guard wraps.
var (
	stakingMsgService  = stakingtypes.Msg_serviceDesc.ServiceName
	slashingMsgService = "cosmos.slashing.v1beta1.Msg"
)

// GuardedConfigurator is a module.Configurator that registers the x/staking
// and x/slashing Msg services wrapped by the staking guard and everything
// else unchanged. Migrations and query services go to the wrapped
// configurator. app.go passes it to ModuleManager.RegisterServices and then
// calls Check.
type GuardedConfigurator struct {
	module.Configurator
	k       *Keeper
	wrapped map[string]bool
}

// GuardConfigurator returns cfg with the staking guard installed.
func (k *Keeper) GuardConfigurator(cfg module.Configurator) *GuardedConfigurator {
	return &GuardedConfigurator{Configurator: cfg, k: k, wrapped: map[string]bool{}}
}

// RegisterService implements grpc.Server (core-API modules register here).
func (c *GuardedConfigurator) RegisterService(sd *grpc.ServiceDesc, ss any) {
	c.Configurator.RegisterService(sd, c.wrap(sd, ss))
}

// MsgServer implements module.Configurator.
func (c *GuardedConfigurator) MsgServer() gogogrpc.Server {
	return guardedRegistrar{next: c.Configurator.MsgServer(), c: c}
}

// Check returns an error unless both the x/staking and the x/slashing Msg
// services were registered through the guard (a wiring change that skipped
// it must not go unnoticed).
func (c *GuardedConfigurator) Check() error {
	for _, s := range []string{stakingMsgService, slashingMsgService} {
		if !c.wrapped[s] {
			return fmt.Errorf("aegis: the %s service was not registered through the staking guard", s)
		}
	}
	return nil
}

func (c *GuardedConfigurator) wrap(sd *grpc.ServiceDesc, ss any) any {
	switch sd.ServiceName {
	case stakingMsgService:
		if srv, ok := ss.(stakingtypes.MsgServer); ok {
			c.wrapped[sd.ServiceName] = true
			return stakingGuard{MsgServer: srv, k: c.k}
		}
	case slashingMsgService:
		if srv, ok := ss.(slashingtypes.MsgServer); ok {
			c.wrapped[sd.ServiceName] = true
			return slashingGuard{MsgServer: srv, k: c.k}
		}
	}
	return ss
}

type guardedRegistrar struct {
	next gogogrpc.Server
	c    *GuardedConfigurator
}

// RegisterService implements gogogrpc.Server.
func (r guardedRegistrar) RegisterService(sd *grpc.ServiceDesc, ss any) {
	r.next.RegisterService(sd, r.c.wrap(sd, ss))
}

// stakingGuard is the x/staking Msg server behind the staking guard.
// Undelegate and UpdateParams are not guarded: unbonding is always allowed
// and params are the authority's.
type stakingGuard struct {
	stakingtypes.MsgServer
	k *Keeper
}

// CreateValidator implements stakingtypes.MsgServer.
func (g stakingGuard) CreateValidator(ctx context.Context, msg *stakingtypes.MsgCreateValidator) (*stakingtypes.MsgCreateValidatorResponse, error) {
	if err := g.k.admission.guardStakingMsg(ctx, msg); err != nil {
		return nil, err
	}
	return g.MsgServer.CreateValidator(ctx, msg)
}

// EditValidator implements stakingtypes.MsgServer.
func (g stakingGuard) EditValidator(ctx context.Context, msg *stakingtypes.MsgEditValidator) (*stakingtypes.MsgEditValidatorResponse, error) {
	if err := g.k.admission.guardStakingMsg(ctx, msg); err != nil {
		return nil, err
	}
	return g.MsgServer.EditValidator(ctx, msg)
}

// Delegate implements stakingtypes.MsgServer.
func (g stakingGuard) Delegate(ctx context.Context, msg *stakingtypes.MsgDelegate) (*stakingtypes.MsgDelegateResponse, error) {
	if err := g.k.admission.guardStakingMsg(ctx, msg); err != nil {
		return nil, err
	}
	return g.MsgServer.Delegate(ctx, msg)
}

// BeginRedelegate implements stakingtypes.MsgServer.
func (g stakingGuard) BeginRedelegate(ctx context.Context, msg *stakingtypes.MsgBeginRedelegate) (*stakingtypes.MsgBeginRedelegateResponse, error) {
	if err := g.k.admission.guardStakingMsg(ctx, msg); err != nil {
		return nil, err
	}
	return g.MsgServer.BeginRedelegate(ctx, msg)
}

// CancelUnbondingDelegation implements stakingtypes.MsgServer.
func (g stakingGuard) CancelUnbondingDelegation(ctx context.Context, msg *stakingtypes.MsgCancelUnbondingDelegation) (*stakingtypes.MsgCancelUnbondingDelegationResponse, error) {
	if err := g.k.admission.guardStakingMsg(ctx, msg); err != nil {
		return nil, err
	}
	return g.MsgServer.CancelUnbondingDelegation(ctx, msg)
}

// slashingGuard is the x/slashing Msg server behind the staking guard.
type slashingGuard struct {
	slashingtypes.MsgServer
	k *Keeper
}

// Unjail implements slashingtypes.MsgServer.
func (g slashingGuard) Unjail(ctx context.Context, msg *slashingtypes.MsgUnjail) (*slashingtypes.MsgUnjailResponse, error) {
	if err := g.k.admission.guardStakingMsg(ctx, msg); err != nil {
		return nil, err
	}
	return g.MsgServer.Unjail(ctx, msg)
}
