package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/aegis/types"
)

var _ banktypes.SendRestrictionFn = (*Keeper)(nil).SendRestriction

// SendRestriction is the bank send restriction of x/aegis, the floor every
// movement of value crosses (SendCoins, the module variants, the gas-fee
// deduction, virtual sends and every output of InputOutputCoins). It is
// appended first, before pivc and ledger. It never changes the recipient.
//
// Standing (if a standing article is enabled):
//   - a frozen sender is refused, whatever the movement;
//   - a frozen recipient is refused, including payouts from module accounts,
//     inside a transaction and when x/gov executes a proposal. A module
//     returning an account's own funds at a block boundary (a gov deposit
//     refund, an escrow expiry) is let through: refusing it would halt the
//     chain, and the funds stay frozen in the account.
//
// Gov funds (always): while x/gov executes a passed proposal, nothing may
// leave the gov module account (the deposits of open proposals, refunded or
// burned only by x/gov's own EndBlock): ErrGovFundsLocked.
//
// Stake (always, whatever the articles say): the bond denom (ustake) is not
// transferable. It moves only between the two staking pools (bonding and
// unbonding move it between an account and a pool without a send, so no
// restriction sees those) and between the x/aegis module account and an
// operator when the authority mints or burns it (types.WithStakeSupply).
// Every other movement of it, a bank send, a fee, a deposit, an escrow, is
// refused with ErrStakeNotTransferable.
//
// Velocity (if a velocity article is enabled), for movements from an
// account that is not a module account, except gas fees (to the fee
// collector; the ante decorator counts the part of a fee above gas limit ×
// params.base_gas_price, see ComplianceDecorator), PIVC fees (movement.IsFeeCapture) and PIVC held in an escrow
// until a purchase settles (movement.IsHeldFee): the amount, and the
// transaction's running total per denom, must stay within the tier's
// per-transaction limit, and the rolling 24-hour total within its daily
// limit. The window of (sender, denom) is then updated: one key per sender
// and denom, never a global key.
func (k *Keeper) SendRestriction(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) (sdk.AccAddress, error) {
	if k.admission.movesStake(amt) {
		if err := k.admission.checkStakeMovement(ctx, from, to, amt); err != nil {
			return nil, err
		}
		if types.IsStakeSupply(ctx) {
			return to, nil // the authority's mint or burn (checkStakeMovement: only that)
		}
	}
	if len(k.govAddr) > 0 && from.Equals(k.govAddr) && types.IsMsgExecution(ctx) {
		// A passed proposal spending the deposits of open proposals: the
		// ante refuses it at submission; this is the floor for messages
		// that do not report their transfers.
		return nil, govFundsViolation("a proposal would move %s from the gov module account %s to %s", amt, from, to).Err
	}
	policy, err := k.getPolicy(ctx)
	if err != nil {
		return nil, err
	}

	fromRec, fromHasRecord, err := k.getRecord(ctx, from)
	if err != nil {
		return nil, err
	}
	if id := policy.StandingArticleId; id != 0 {
		if fromRec.Frozen {
			return nil, violation(id, types.RuleStanding, types.ErrAccountFrozen, "sender %s is frozen (%s)", from, fromRec.FreezeReason).Err
		}
		if to.Equals(k.feeCollector) {
			return to, nil // gas fees: a module account (never frozen), not counted
		}
		toRec, _, err := k.getRecord(ctx, to)
		if err != nil {
			return nil, err
		}
		if toRec.Frozen && (strict(ctx) || !k.isModuleAccount(ctx, from)) {
			return nil, violation(id, types.RuleStanding, types.ErrAccountFrozen, "recipient %s is frozen (%s)", to, toRec.FreezeReason).Err
		}
	}

	id := policy.VelocityArticleId
	if id == 0 || movement.IsFeeCapture(ctx) || movement.IsHeldFee(ctx) || to.Equals(k.feeCollector) {
		return to, nil
	}
	tier := policy.EffectiveTier(fromRec.Tier)
	now := types.HourOf(sdk.UnwrapSDKContext(ctx).BlockTime())
	tally := types.TxTallyFrom(ctx)
	moduleChecked := fromHasRecord // module accounts never have a record
	for _, c := range amt {
		limit, ok, err := k.limitFor(ctx, tier, c.Denom)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if !moduleChecked {
			if k.isModuleAccount(ctx, from) {
				return to, nil // module payouts are not limited
			}
			moduleChecked = true
		}
		if c.Amount.GT(limit.PerTx) {
			return nil, violation(id, types.RuleVelocity, types.ErrTxLimit,
				"%s would send %s in one transfer, limit %s%s (tier %s)", from, c, limit.PerTx, c.Denom, tier).Err
		}
		if tally != nil {
			if total := tally.Add(from, c.Denom, c.Amount); total.GT(limit.PerTx) {
				return nil, violation(id, types.RuleVelocity, types.ErrTxLimit,
					"%s would send %s%s in one transaction, limit %s%s (tier %s)", from, total, c.Denom, limit.PerTx, c.Denom, tier).Err
			}
		}
		usage, err := k.getUsage(ctx, from, c.Denom)
		if err != nil {
			return nil, err
		}
		used := usage.Used(now)
		if used.Add(c.Amount).GT(limit.PerDay) {
			return nil, violation(id, types.RuleVelocity, types.ErrDailyLimit,
				"%s sent %s%s in the last 24 hours; %s more would exceed the daily limit %s%s (tier %s)",
				from, used, c.Denom, c, limit.PerDay, c.Denom, tier).Err
		}
		if err := k.recordUsage(ctx, from, c.Denom, usage, now, c.Amount); err != nil {
			return nil, err
		}
	}
	return to, nil
}

// strict reports whether ctx belongs to a transaction (CheckTx, simulation,
// block execution) or to a message x/gov executes, as opposed to a module's
// own begin/end-block work.
func strict(ctx context.Context) bool {
	return movement.InTx(ctx) || types.TxTallyFrom(ctx) != nil || types.IsMsgExecution(ctx)
}
