package app

import (
	"fmt"

	errorsmod "cosmossdk.io/errors"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	txsigning "github.com/cosmos/cosmos-sdk/x/tx/signing"

	"github.com/azora-os/nexus/app/sigcache"
)

// HandlerOptions are the dependencies of the Nexus ante chain. Everything
// the chain's rules depend on is required: a missing keeper or decorator is
// a construction error (as in Noble's ante.go), never a silently weaker
// chain. FeegrantKeeper, TxFeeChecker and SigCache are optional.
type HandlerOptions struct {
	AccountKeeper   ante.AccountKeeper
	BankKeeper      authtypes.BankKeeper
	FeegrantKeeper  ante.FeegrantKeeper
	SignModeHandler *txsigning.HandlerMap
	SigGasConsumer  func(meter storetypes.GasMeter, sig signing.SignatureV2, params authtypes.Params) error
	TxFeeChecker    ante.TxFeeChecker

	// LastBlockHeight returns the height of the last committed block
	// (BaseApp.LastBlockHeight). Required.
	LastBlockHeight func() int64

	// Compliance checks every message of the tx (recursing into nested
	// messages), the signers, the fee payer and the fee granter against the
	// constitution before any fee is taken.
	Compliance sdk.AnteDecorator

	// SendAuthorizationLimit (x/pivc) rejects a tx in which an
	// authz-executed MsgSend's amount + PIVC exceeds what is left of its
	// SendAuthorization. Read-only; runs after Compliance and before the fee
	// is taken, so a rejected tx pays nothing.
	SendAuthorizationLimit sdk.AnteDecorator

	// SigCache remembers the transactions whose signatures this node
	// verified in CheckTx, so FinalizeBlock does not verify the same bytes
	// against the same signer data twice (app/sigcache). Optional: nil
	// verifies every signature in every mode, as the SDK does.
	SigCache *sigcache.Cache

	// Journal (x/ledger) puts the type URLs of the tx's messages in the
	// context so the journal names the message behind each movement. No
	// state, no side effects.
	Journal sdk.AnteDecorator
}

// NewAnteHandler builds the ante chain. Each decorator's contract:
//
//  1. RecoverPanic — outermost: turns a panic in any later decorator into an
//     ErrPanic error, so a malformed tx cannot crash CheckTx. No side effects.
//     1a. WellFormedTx — refuses a tx without an auth-info fee section before
//     any SDK decorator reads it (SetUpContext's GetGas dereferences it).
//  2. SetUpContext — installs the gas meter; must precede anything that
//     consumes gas.
//     2a. RestartHeight — after a restart, CheckTx and simulation run at the
//     last committed height + 1 instead of BaseApp's stale height 0.
//  3. ExtensionOptions — rejects txs that carry extension options.
//  4. ValidateBasic — stateless checks of the tx and its messages.
//  5. TxTimeoutHeight — rejects txs past their timeout height.
//  6. ValidateMemo — bounds the memo length.
//  7. ConsumeGasForTxSize — charges gas per byte.
//  8. Compliance (x/aegis) — rejects disallowed messages, frozen signers,
//     fee payers or granters and over-limit transfers. Runs before fee
//     deduction so a rejected tx pays nothing and never enters a block.
//     8a. SendAuthorizationLimit (x/pivc) — rejects authz-executed sends
//     whose amount + PIVC exceeds the SendAuthorization left. Read-only.
//     8b. Journal (x/ledger) — puts the tx's message types in the context
//     for the journal. Context only.
//  9. DeductFee — takes the fee (uazr) from the fee payer or granter.
//  10. SetPubKey, ValidateSigCount, SigGasConsume, SigVerification,
//     IncrementSequence — the SDK's signature checks, in the SDK's order.
//     SigVerification is wrapped by app/sigcache: in FinalizeBlock it skips
//     the signature maths (only) for exact tx bytes and signer data this
//     node verified in CheckTx.
func NewAnteHandler(opts HandlerOptions) (sdk.AnteHandler, error) {
	if opts.AccountKeeper == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "account keeper is required for the ante handler")
	}
	if opts.BankKeeper == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "bank keeper is required for the ante handler")
	}
	if opts.SignModeHandler == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "sign mode handler is required for the ante handler")
	}
	if opts.LastBlockHeight == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "last block height is required for the ante handler")
	}
	if opts.Compliance == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "x/aegis compliance decorator is required for the ante handler")
	}
	if opts.SendAuthorizationLimit == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "x/pivc send-authorization decorator is required for the ante handler")
	}
	if opts.Journal == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "x/ledger journal decorator is required for the ante handler")
	}
	if opts.SigGasConsumer == nil {
		opts.SigGasConsumer = defaultSigGasConsumer
	}

	decorators := []sdk.AnteDecorator{
		// Outermost: a panic anywhere below becomes an error, never a crash.
		RecoverPanicDecorator{},
		// Before anything reads auth_info.fee (SetUpContext's GetGas does).
		WellFormedTxDecorator{},
		// Installs the gas meter: before anything that consumes gas.
		ante.NewSetUpContextDecorator(),
		// Right after SetUpContext: every later height check sees the real height.
		RestartHeightDecorator{LastBlockHeight: opts.LastBlockHeight},
		// Stateless and cheap checks before any state is read.
		ante.NewExtensionOptionsDecorator(nil),
		ante.NewValidateBasicDecorator(),
		ante.NewTxTimeoutHeightDecorator(),
		ante.NewValidateMemoDecorator(opts.AccountKeeper),
		// Charges gas per byte before the state-reading decorators below.
		ante.NewConsumeGasForTxSizeDecorator(opts.AccountKeeper),
		// x/aegis: before the fee is taken, so a tx the constitution refuses
		// pays nothing and never enters a block.
		opts.Compliance,
		// x/pivc: after Compliance, before the fee: an authz send whose
		// amount + PIVC exceeds its SendAuthorization is refused for free.
		opts.SendAuthorizationLimit,
		// x/ledger: context only (the message types the journal names each
		// movement with); before any message moves value.
		opts.Journal,
		// After every rule that refuses for free: from here on a tx pays.
		ante.NewDeductFeeDecorator(opts.AccountKeeper, opts.BankKeeper, opts.FeegrantKeeper, opts.TxFeeChecker),
		// The SDK's signature checks, in the SDK's order.
		ante.NewSetPubKeyDecorator(opts.AccountKeeper),
		ante.NewValidateSigCountDecorator(opts.AccountKeeper),
		ante.NewSigGasConsumeDecorator(opts.AccountKeeper, opts.SigGasConsumer),
		// The SDK's signature check, verified once per node: FinalizeBlock
		// skips only the maths for bytes+signer data CheckTx verified.
		sigcache.NewDecorator(ante.NewSigVerificationDecorator(opts.AccountKeeper, opts.SignModeHandler), opts.AccountKeeper, opts.SigCache),
		// Last: the sequence moves only for a tx whose signatures verified.
		ante.NewIncrementSequenceDecorator(opts.AccountKeeper),
	}
	return sdk.ChainAnteDecorators(decorators...), nil
}

// defaultSigGasConsumer is the SDK's signature gas schedule.
var defaultSigGasConsumer = ante.DefaultSigVerificationGasConsumer

// RecoverPanicDecorator converts a panic raised by a later decorator into an
// ErrPanic error. Out-of-gas panics are re-raised so that baseapp reports
// them with their usual code.
type RecoverPanicDecorator struct{}

// AnteHandle implements sdk.AnteDecorator.
func (RecoverPanicDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (newCtx sdk.Context, err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(storetypes.ErrorOutOfGas); ok {
				panic(r)
			}
			err = errorsmod.Wrap(sdkerrors.ErrPanic, fmt.Sprint(r))
		}
	}()
	return next(ctx, tx, simulate)
}

// protoTxProvider is implemented by the SDK's decoded tx (x/auth/tx): it
// gives the raw protobuf tx, whose optional sections may be nil.
type protoTxProvider interface {
	GetProtoTx() *txtypes.Tx
}

// WellFormedTxDecorator refuses a tx whose body, auth-info or auth-info fee
// section is missing, with sdkerrors.ErrTxDecode naming the section.
//
// Purpose: the SDK's decoder accepts a TxRaw with empty auth_info_bytes
// (an unsigned tx with an empty auth-info decodes to AuthInfo{Fee: nil}),
// and the SDK's tx wrapper then dereferences the nil fee in GetGas, GetFee
// and FeePayer: SetUpContext's GetGas panicked, which RecoverPanic reported
// as code 111222 "nil pointer dereference". This decorator turns it into a
// clean decode error before any later decorator reads the fee.
//
// Side effects: none. Ordering: right after RecoverPanic, before
// SetUpContext.
type WellFormedTxDecorator struct{}

// AnteHandle implements sdk.AnteDecorator.
func (WellFormedTxDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	if p, ok := tx.(protoTxProvider); ok {
		ptx := p.GetProtoTx()
		switch {
		case ptx == nil || ptx.Body == nil:
			return ctx, errorsmod.Wrap(sdkerrors.ErrTxDecode, "tx body is missing")
		case ptx.AuthInfo == nil:
			return ctx, errorsmod.Wrap(sdkerrors.ErrTxDecode, "tx auth_info is missing: a tx must carry auth_info with its fee and signer infos")
		case ptx.AuthInfo.Fee == nil:
			return ctx, errorsmod.Wrap(sdkerrors.ErrTxDecode, "tx auth_info.fee is missing: a tx must state its fee and gas limit")
		}
	}
	return next(ctx, tx, simulate)
}

// RestartHeightDecorator fixes the height that CheckTx and simulation see
// right after a node restarts. BaseApp's CheckTx state starts at height 0 and
// only takes the real height when the node commits its first block; the SDK's
// signature check treats height 0 as genesis and verifies every signature
// against account number 0, so until then a restarted node rejects every tx
// from any other account ("signature verification failed", see
// cosmos/cosmos-sdk#24628) — for good, if the chain is halted waiting for
// that node. On a chain that has committed blocks, height 0 can only be this
// stale state, so the decorator sets it to the last committed height + 1,
// the height the tx is checked for. Genesis txs (InitChain, nothing committed
// yet) keep height 0. No state is read or written.
type RestartHeightDecorator struct {
	LastBlockHeight func() int64
}

// AnteHandle implements sdk.AnteDecorator.
func (d RestartHeightDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	if ctx.BlockHeight() == 0 {
		if last := d.LastBlockHeight(); last > 0 {
			ctx = ctx.WithBlockHeight(last + 1)
		}
	}
	return next(ctx, tx, simulate)
}
