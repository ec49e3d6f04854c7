package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/pivc/types"
)

// SpendGrowth pays amount from the growth pool to recipient (the authority's
// MsgSpendGrowth). The recipient may not be a module account or any other
// address bank blocks from receiving funds. A pool payout is not charged
// PIVC (the sender is a module account).
func (k Keeper) SpendGrowth(ctx context.Context, recipient sdk.AccAddress, amount sdk.Coins, purpose string) error {
	if !amount.IsValid() || amount.IsZero() {
		return types.ErrInvalidAmount.Wrapf("amount %q must be valid, positive coins", amount.String())
	}
	if err := types.ValidatePurpose(purpose); err != nil {
		return err
	}
	if k.isModuleAccount(recipient) || k.bk.BlockedAddr(recipient) {
		return types.ErrInvalidRecipient.Wrapf("%s is a module account or may not receive funds", recipient)
	}
	balance := k.bk.GetAllBalances(ctx, k.growthAddr)
	if !balance.IsAllGTE(amount) {
		return types.ErrInsufficientPool.Wrapf("growth pool holds %s, cannot pay %s", balance, amount)
	}
	if err := k.bk.SendCoinsFromModuleToAccount(ctx, types.GrowthPoolName, recipient, amount); err != nil {
		return err
	}
	if err := k.accumulate(ctx, blockTotals{growthSpent: amount}); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(types.NewEventGrowthSpent(recipient, amount, purpose))
}
