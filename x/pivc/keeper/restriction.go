package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/types/txdelta"
	"github.com/azora-os/nexus/x/pivc/types"
)

var _ banktypes.SendRestrictionFn = Keeper{}.SendRestriction

// SendRestriction is the bank send restriction that charges PIVC. app.go
// appends it after aegis's and before ledger's. For a movement of amt from
// one non-module account to another it:
//
//  1. computes fee = ceil(amt × rate_bps / 10000) per coin;
//  2. checks amt + fee against from's spendable balance, so a short balance
//     fails with ErrInsufficientFunds ("insufficient funds for amount +
//     PIVC") before anything moves;
//  3. moves the fee from `from` to the growth and UBO pools with nested sends
//     under movement.WithFeeCapture (which this restriction skips, so it
//     never recurses), crediting the pools through bank's virtual accounts;
//  4. accumulates the totals for this tx and emits EventFeeCaptured.
//
// bank then moves amt itself; the recipient gets exactly amt. If anything
// later in the tx fails, the whole tx (fee included) is rolled back.
//
// Not charged: fee-capture moves, movements where either side is a module
// account (gas fees, escrow deposits and payouts, mint, burn, pool payouts),
// movements to oneself, and movements where either side is on the exempt
// list.
//
// Where bank calls it (SDK v0.54.4, x/bank/keeper/send.go and virtual.go):
//   - SendCoins (and every SendCoinsFrom*Module* wrapper): before amt is
//     subtracted, so the pre-check counts amt + fee;
//   - InputOutputCoins: once per output, before the input is subtracted,
//     so each output is checked as output + its fee against what is left
//     after the fees of earlier outputs; the input total is then subtracted
//     by bank, which rejects the whole multi-send if the outputs together
//     (plus their fees) exceed the balance;
//   - SendCoinsToVirtual / SendCoinsFromVirtual: bank uses these only with a
//     module account on one side (that is what virtual accounts are for), so
//     the restriction returns before any check.
func (k Keeper) SendRestriction(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) (sdk.AccAddress, error) {
	if movement.IsFeeCapture(ctx) || amt.IsZero() {
		return to, nil
	}
	if k.isModuleAccount(from) || k.isModuleAccount(to) || from.Equals(to) {
		return to, nil
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if params.RateBps == 0 {
		return to, nil
	}
	if len(params.ExemptAddresses) > 0 {
		exempt, err := k.isExempt(ctx, from, to)
		if err != nil || exempt {
			return to, err
		}
	}

	fee, err := types.ComputeFee(amt, params.RateBps)
	if err != nil {
		return nil, err
	}
	if err := k.checkSpendable(ctx, from, amt, fee); err != nil {
		return nil, err
	}
	if err := k.capture(ctx, from, from, to, types.SourceTransfer, amt, fee, params.GrowthShareBps); err != nil {
		return nil, err
	}
	return to, nil
}

// Quote returns the PIVC a transfer of amount between two ordinary accounts
// costs at the current rate, on top of amount.
func (k Keeper) Quote(ctx context.Context, amount sdk.Coins) (sdk.Coins, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return types.ComputeFee(amount, params.RateBps)
}

// FeeFor returns the PIVC the restriction charges for moving amount from
// `from` to `to`: zero when either side is a module account or on the exempt
// list, when from == to, or when the rate is 0; Quote(amount) otherwise.
func (k Keeper) FeeFor(ctx context.Context, from, to sdk.AccAddress, amount sdk.Coins) (sdk.Coins, error) {
	if !amount.IsValid() {
		return nil, types.ErrInvalidAmount.Wrapf("invalid coins %q", amount.String())
	}
	if amount.IsZero() || k.isModuleAccount(from) || k.isModuleAccount(to) || from.Equals(to) {
		return sdk.Coins{}, nil
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	exempt, err := k.isExempt(ctx, from, to)
	if err != nil {
		return nil, err
	}
	if exempt {
		return sdk.Coins{}, nil
	}
	return types.ComputeFee(amount, params.RateBps)
}

// CaptureFromModule charges a PIVC that a module holds in escrow (x/forge
// collects price + PIVC from the buyer and charges the PIVC on settlement):
// it moves fee from fromModule's account to the pools, counts it in the
// totals and emits EventFeeCaptured with payer as the payer. A zero fee is a
// no-op.
func (k Keeper) CaptureFromModule(ctx context.Context, fromModule string, payer sdk.AccAddress, fee sdk.Coins) error {
	if !fee.IsValid() {
		return types.ErrInvalidAmount.Wrapf("invalid fee %q", fee.String())
	}
	if len(payer) == 0 {
		return sdkerrors.ErrInvalidAddress.Wrap("payer is required")
	}
	if fee.IsZero() {
		return nil
	}
	from := k.ak.GetModuleAddress(fromModule)
	if from == nil || !k.isModuleAccount(from) {
		return types.ErrUnknownModule.Wrapf("%q", fromModule)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	// Capturing from a module account is never charged again: the nested
	// sends run under WithFeeCapture and come from a module account.
	return k.capture(ctx, from, payer, nil, fromModule, nil, fee, params.GrowthShareBps)
}

// capture splits fee, moves it from debit to the pools, accumulates the
// totals and emits the event naming payer. For a transfer debit and payer are
// the sender; for a module capture debit is the module account, payer the
// user who paid the fee into it, recipient and amount are empty and source
// names the module.
func (k Keeper) capture(ctx context.Context, debit, payer, recipient sdk.AccAddress, source string, amount, fee sdk.Coins, growthShareBps uint32) error {
	growth, ubo, err := types.SplitFee(fee, growthShareBps)
	if err != nil {
		return err
	}
	fctx := movement.WithFeeCapture(ctx)
	if err := k.credit(fctx, debit, k.growthAddr, growth); err != nil {
		return err
	}
	if err := k.credit(fctx, debit, k.uboAddr, ubo); err != nil {
		return err
	}
	if err := k.accumulate(ctx, blockTotals{captured: fee, toGrowth: growth, toUBO: ubo}); err != nil {
		return err
	}
	// Same event as EmitTypedEvent, encoded without reflection (hot path).
	sdk.UnwrapSDKContext(ctx).EventManager().EmitEvent(
		types.NewEventFeeCaptured(payer, recipient, source, amount, fee, growth, ubo).ToEvent())
	return nil
}

// credit moves coins from one account to a pool. Inside a tx the pool is
// credited through bank's virtual accounts (accumulated per tx, added in
// bank's EndBlock), so concurrent transfers never write the pool balance.
// Outside a tx (Begin/EndBlock — e.g. a gov proposal executing a send — and
// genesis) bank has already folded, or will not fold, the virtual credits,
// so the pool is credited directly; block phases run sequentially, so there
// is no contention to avoid.
func (k Keeper) credit(ctx sdk.Context, from, pool sdk.AccAddress, coins sdk.Coins) error {
	if coins.IsZero() {
		return nil
	}
	if txdelta.InTx(ctx) {
		return k.bk.SendCoinsToVirtual(ctx, from, pool, coins)
	}
	return k.bk.SendCoins(ctx, from, pool, coins)
}

// checkSpendable fails unless from can spend amt + fee in every denom. It
// reads the balances directly (not bank's SpendableCoin, which panics when
// a vesting account's locked coins exceed its balance).
func (k Keeper) checkSpendable(ctx context.Context, from sdk.AccAddress, amt, fee sdk.Coins) error {
	locked := k.bk.LockedCoins(ctx, from)
	for _, c := range amt {
		need := c.Amount.Add(fee.AmountOf(c.Denom)) // fits: ComputeFee checked amount + fee
		spendable := movement.Spendable(k.bk.GetBalance(ctx, from, c.Denom).Amount, locked, c.Denom)
		if spendable.LT(need) {
			return types.ErrInsufficientFunds.Wrapf(
				"spendable %s%s is less than %s%s + PIVC %s%s = %s%s",
				spendable, c.Denom, c.Amount, c.Denom, fee.AmountOf(c.Denom), c.Denom, need, c.Denom)
		}
	}
	return nil
}

// isExempt reports whether either side is on the exempt list.
func (k Keeper) isExempt(ctx context.Context, from, to sdk.AccAddress) (bool, error) {
	ok, err := k.Exempt.Has(ctx, from)
	if err != nil || ok {
		return ok, err
	}
	return k.Exempt.Has(ctx, to)
}
