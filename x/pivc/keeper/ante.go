package keeper

import (
	"errors"
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/pivc/types"
)

// An authz SendAuthorization spend limit is decremented by the amount of each
// MsgSend only (x/bank's SendAuthorization.Accept); the granter pays amount +
// PIVC. Two decorators make the limit cover both, so a grantee can never
// make a granter pay more than granted:
//
//   - SendAuthorizationDecorator (ante, before any message runs): for every
//     MsgSend executed through authz.MsgExec in the tx (nested MsgExec
//     included), it checks amount + PIVC against what is left of the grant,
//     taking earlier uses in the same tx into account, and rejects the tx
//     otherwise with ErrSpendLimitExceeded. A rejected tx executes nothing.
//   - SendAuthorizationPostDecorator (post, after the messages succeeded, in
//     the same state branch): takes each send's PIVC off the grant's spend
//     limit, so over the life of the grant Σ(amount + PIVC) ≤ the limit
//     granted. If this fails, the messages are rolled back too.
//
// Not covered: a MsgExec that gov executes from a passed proposal (gov as
// grantee) runs outside any tx, so only the amount is taken off that grant.

// authzSend is one MsgSend executed through authz.
type authzSend struct {
	grantee, granter, to sdk.AccAddress
	amount               sdk.Coins
}

// authzSends lists the MsgSends that msgs execute through authz on someone
// else's behalf (granter ≠ grantee), in execution order: every MsgSend whose
// parent is an authz MsgExec, at any depth up to movement.MaxMsgDepth, found
// with the one walker of nested messages (movement.Walk, which x/aegis's
// compliance check uses too; its decorator runs first and refuses deeper
// nesting at params.max_msg_depth). Sends inside a gov proposal are not
// counted: they execute later, as the gov module.
func authzSends(msgs []sdk.Msg) ([]authzSend, error) {
	// Only a top-level MsgExec executes messages through authz now (one in
	// a proposal executes later), so a tx without one — nearly every tx —
	// is not walked a second time (x/aegis's compliance check walked it).
	if !slices.ContainsFunc(msgs, isExec) {
		return nil, nil
	}
	var out []authzSend
	err := movement.Walk(msgs, movement.MaxMsgDepth, func(n movement.Node) error {
		msg, ok := n.Value.(*banktypes.MsgSend)
		if !ok || n.InProposal {
			return nil
		}
		exec, ok := n.Parent.(*authz.MsgExec)
		if !ok {
			return nil // a top-level send is signed by its sender
		}
		grantee, err := sdk.AccAddressFromBech32(exec.Grantee)
		if err != nil {
			return sdkerrors.ErrInvalidAddress.Wrapf("grantee %q: %s", exec.Grantee, err)
		}
		from, err := sdk.AccAddressFromBech32(msg.FromAddress)
		if err != nil {
			return sdkerrors.ErrInvalidAddress.Wrapf("from %q: %s", msg.FromAddress, err)
		}
		if from.Equals(grantee) {
			return nil // authz accepts a grantee's own message implicitly
		}
		to, err := sdk.AccAddressFromBech32(msg.ToAddress)
		if err != nil {
			return sdkerrors.ErrInvalidAddress.Wrapf("to %q: %s", msg.ToAddress, err)
		}
		out = append(out, authzSend{grantee: grantee, granter: from, to: to, amount: msg.Amount})
		return nil
	})
	var we *movement.WalkError
	switch {
	case errors.As(err, &we) && we.TooDeep:
		return nil, types.ErrNestingTooDeep.Wrapf("pivc: authz: %s", we.Detail)
	case we != nil:
		return nil, sdkerrors.ErrTxDecode.Wrapf("pivc: authz: %s", we.Detail)
	}
	return out, err
}

func isExec(m sdk.Msg) bool {
	_, ok := m.(*authz.MsgExec)
	return ok
}

type grantKey struct{ grantee, granter string }

var sendMsgType = sdk.MsgTypeURL(&banktypes.MsgSend{})

// SendAuthorizationDecorator checks, before execution, that the
// SendAuthorization of every authz-executed MsgSend covers amount + PIVC.
type SendAuthorizationDecorator struct {
	k     Keeper
	authz types.AuthzKeeper
}

// NewSendAuthorizationDecorator returns the ante decorator.
func NewSendAuthorizationDecorator(k Keeper, ak types.AuthzKeeper) SendAuthorizationDecorator {
	return SendAuthorizationDecorator{k: k, authz: ak}
}

// AnteHandle implements sdk.AnteDecorator. Read-only.
func (d SendAuthorizationDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	sends, err := authzSends(tx.GetMsgs())
	if err != nil {
		return ctx, err
	}
	left := map[grantKey]sdk.Coins{} // lookups only, never iterated
	for _, s := range sends {
		key := grantKey{string(s.grantee), string(s.granter)}
		limit, seen := left[key]
		if !seen {
			auth, _ := d.authz.GetAuthorization(ctx, s.grantee, s.granter, sendMsgType)
			sa, ok := auth.(*banktypes.SendAuthorization)
			if !ok {
				// No grant (authz rejects the message) or a grant without a
				// spend limit (GenericAuthorization): nothing to check.
				continue
			}
			limit = sa.SpendLimit
		}
		fee, err := d.k.FeeFor(ctx, s.granter, s.to, s.amount)
		if err != nil {
			return ctx, err
		}
		need := s.amount.Add(fee...)
		rest, neg := limit.SafeSub(need...)
		if neg {
			return ctx, types.ErrSpendLimitExceeded.Wrapf(
				"grant from %s to %s has %s left; the send needs %s + PIVC %s = %s",
				s.granter, s.grantee, limit, s.amount, fee, need)
		}
		left[key] = rest
	}
	return next(ctx, tx, simulate)
}

// SendAuthorizationPostDecorator takes the PIVC of every authz-executed
// MsgSend off the grant's spend limit after the messages succeeded.
type SendAuthorizationPostDecorator struct {
	k     Keeper
	authz types.AuthzKeeper
}

// NewSendAuthorizationPostDecorator returns the post decorator.
func NewSendAuthorizationPostDecorator(k Keeper, ak types.AuthzKeeper) SendAuthorizationPostDecorator {
	return SendAuthorizationPostDecorator{k: k, authz: ak}
}

// PostHandle implements sdk.PostDecorator.
func (d SendAuthorizationPostDecorator) PostHandle(ctx sdk.Context, tx sdk.Tx, simulate, success bool, next sdk.PostHandler) (sdk.Context, error) {
	if !success {
		// The messages' state is discarded; nothing was paid.
		return next(ctx, tx, simulate, success)
	}
	sends, err := authzSends(tx.GetMsgs())
	if err != nil {
		return ctx, err
	}
	for _, s := range sends {
		if err := d.charge(ctx, s); err != nil {
			return ctx, err
		}
	}
	return next(ctx, tx, simulate, success)
}

func (d SendAuthorizationPostDecorator) charge(ctx sdk.Context, s authzSend) error {
	fee, err := d.k.FeeFor(ctx, s.granter, s.to, s.amount)
	if err != nil || fee.IsZero() {
		return err
	}
	auth, exp := d.authz.GetAuthorization(ctx, s.grantee, s.granter, sendMsgType)
	sa, ok := auth.(*banktypes.SendAuthorization)
	if !ok {
		// The grant is gone (revoked by the granter in the same tx) or has
		// no spend limit: there is no limit to keep.
		return nil
	}
	rest, neg := sa.SpendLimit.SafeSub(fee...)
	if neg {
		return types.ErrSpendLimitExceeded.Wrapf(
			"grant from %s to %s has %s left after the send; PIVC %s does not fit",
			s.granter, s.grantee, sa.SpendLimit, fee)
	}
	if rest.IsZero() || (exp != nil && !exp.After(ctx.BlockTime())) {
		// Used up, or expiring at this very block time (authz cannot
		// re-save a grant that expires now): remove it.
		if err := d.authz.DeleteGrant(ctx, s.grantee, s.granter, sendMsgType); err != nil {
			return err
		}
		rest = sdk.Coins{}
	} else {
		updated := &banktypes.SendAuthorization{SpendLimit: rest, AllowList: sa.AllowList}
		if err := d.authz.SaveGrant(ctx, s.grantee, s.granter, updated, exp); err != nil {
			return err
		}
	}
	return ctx.EventManager().EmitTypedEvent(types.NewEventSendAuthorizationCharged(s.granter, s.grantee, fee, rest))
}
