package keeper

import (
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"

	"github.com/azora-os/nexus/x/aegis/types"
)

// ComplianceDecorator is the x/aegis ante decorator (HandlerOptions.Compliance).
//
// Purpose: refuse, before any fee is taken, a transaction the constitution
// forbids: a disallowed or paused message type anywhere in it (nested
// messages of authz MsgExec, gov proposals and any message carrying Any
// messages are walked, to params.max_msg_depth; deeper is refused), a frozen
// signer (of any message, nested ones included), fee payer or fee granter,
// a staking message the validator-admission article refuses (creating a
// validator, bonding, re-bonding, redelegating, changing the commission or
// unjailing by an operator that is not admitted, bonding to another
// operator's validator, or above the max power),
// a transfer from or to a frozen account, or transfers whose total per
// (sender, denom) exceeds the sender's per-transaction limit or what is left
// of its daily limit. The rejection is a registered error naming the
// article, so a refused transaction never reaches a block.
//
// It also applies the fee rule of the params before any fee is taken, for
// every way a fee is paid (by the signer, a fee payer or a fee granter, for
// any messages, authz MsgExec included; in CheckTx, simulation and the
// block): the fee is paid in params.fee_denom only, the gas limit is at most
// params.max_tx_gas and the fee at most ceil(gas limit ×
// params.max_gas_price) — a refusal names the rule and both numbers — and
// the part of the fee above ceil(gas limit × params.base_gas_price) counts
// against the payer's velocity limits like a transfer. A simulated tx with
// gas limit 0 (the CLI's --gas auto) is checked as if it declared
// max_tx_gas.
//
// Side effects: the counted part of the fee, if any, is added to the
// payer's rolling window. It puts a fresh types.TxTally in the context
// (holding that part of the fee), which the send restriction uses to hold
// the per-transaction limit for every actual movement of the transaction.
//
// Ordering: after ValidateBasic and the size-gas charge, before DeductFee
// (a refused transaction pays nothing) and the signature checks.
type ComplianceDecorator struct {
	k *Keeper
}

// NewComplianceDecorator returns the ante decorator of x/aegis.
func NewComplianceDecorator(k *Keeper) ComplianceDecorator { return ComplianceDecorator{k: k} }

// AnteHandle implements sdk.AnteDecorator.
func (d ComplianceDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	feeTx, ok := tx.(sdk.FeeTx)
	if !ok {
		return ctx, sdkerrors.ErrTxDecode.Wrap("transaction is not a FeeTx")
	}
	sigTx, ok := tx.(authsigning.SigVerifiableTx)
	if !ok {
		return ctx, sdkerrors.ErrTxDecode.Wrap("transaction is not a SigVerifiableTx")
	}
	signers, err := sigTx.GetSigners()
	if err != nil {
		return ctx, err
	}
	v, charge, err := d.k.evaluate(ctx, TxFacts{
		Msgs:       tx.GetMsgs(),
		Signers:    signers,
		FeePayer:   feeTx.FeePayer(),
		FeeGranter: feeTx.FeeGranter(),
		// A transaction's signers are exactly its top-level messages' signers.
		SignersCoverTopLevel: true,
		Fee:                  feeTx.GetFee(),
		GasLimit:             feeTx.GetGas(),
		Simulate:             simulate,
		GasFreeFeeCharge:     true,
	})
	if err != nil {
		return ctx, err
	}
	if v != nil {
		return ctx, v.Err
	}
	tally := types.NewTxTally()
	if charge.positive() {
		// The fee above gas limit × base_gas_price is paid whatever the
		// messages do: it counts in the payer's window now, and in the
		// transaction's total against the per-transaction limit.
		// Without gas, as its check (see TxFacts.GasFreeFeeCharge).
		if err := d.k.recordFeeCharge(ctx.WithGasMeter(storetypes.NewInfiniteGasMeter()), charge); err != nil {
			return ctx, err
		}
		tally.Add(charge.payer, charge.amount.Denom, charge.amount.Amount)
	}
	return next(types.WithTxTally(ctx, tally), tx, simulate)
}

// recordFeeCharge adds the counted part of a fee to its payer's rolling
// window, if the velocity article limits its denom for the payer's tier.
// Evaluate has checked the limits.
func (k *Keeper) recordFeeCharge(ctx sdk.Context, c feeCharge) error {
	policy, err := k.getPolicy(ctx)
	if err != nil || policy.VelocityArticleId == 0 {
		return err
	}
	rec, _, err := k.getRecord(ctx, c.payer)
	if err != nil {
		return err
	}
	_, limited, err := k.limitFor(ctx, policy.EffectiveTier(rec.Tier), c.amount.Denom)
	if err != nil || !limited {
		return err
	}
	usage, err := k.getUsage(ctx, c.payer, c.amount.Denom)
	if err != nil {
		return err
	}
	return k.recordUsage(ctx, c.payer, c.amount.Denom, usage, types.HourOf(ctx.BlockTime()), c.amount.Amount)
}
