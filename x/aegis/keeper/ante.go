package keeper

import (
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
// Side effects: none in state. It puts a fresh types.TxTally in the context,
// which the send restriction uses to hold the per-transaction limit for
// every actual movement of the transaction.
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
	v, err := d.k.Evaluate(ctx, TxFacts{
		Msgs:       tx.GetMsgs(),
		Signers:    signers,
		FeePayer:   feeTx.FeePayer(),
		FeeGranter: feeTx.FeeGranter(),
		// A transaction's signers are exactly its top-level messages' signers.
		SignersCoverTopLevel: true,
	})
	if err != nil {
		return ctx, err
	}
	if v != nil {
		return ctx, v.Err
	}
	return next(types.WithTxTally(ctx, types.NewTxTally()), tx, simulate)
}
