package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/ledger/types"
)

var _ banktypes.SendRestrictionFn = Keeper{}.SendRestriction

// SendRestriction is the bank send restriction that journals every
// movement. app.go appends it last, after aegis's and pivc's, so it sees
// the final recipient and only movements the others allowed. It never
// changes the recipient and fails only on an invalid reference attached
// with movement.WithReference or a store error.
//
// What it records (see the README for why):
//   - a movement between any two accounts (account→account,
//     account→module such as an escrow deposit or a burn, module→account
//     such as a payout, UBO claim or mint, module→module) as one entry,
//     with fee = the PIVC the sender paid on top (pivc.FeeFor: zero when
//     either side is a module account);
//   - a PIVC fee move (movement.IsFeeCapture) from an ordinary account is
//     the fee of the transfer being recorded and is not an entry of its
//     own; one from a module account (pivc.CaptureFromModule, e.g. a forge
//     settlement) is an entry with empty coins and the moved fee.
//
// Not recorded: zero movements, and gas fees (every movement into or out
// of the fee collector: the fee deduction of every tx and distribution's
// sweep of it).
func (k Keeper) SendRestriction(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) (sdk.AccAddress, error) {
	if amt.IsZero() || from.Equals(k.feeCollector) || to.Equals(k.feeCollector) {
		return to, nil
	}
	var coins, fee sdk.Coins
	if movement.IsFeeCapture(ctx) {
		if !k.isModuleAccount(from) {
			return to, nil
		}
		fee = amt
	} else {
		f, err := k.pivc.FeeFor(ctx, from, to, amt)
		if err != nil {
			return nil, err
		}
		coins, fee = amt, f
	}
	ref := movement.Reference(ctx)
	if ref != "" {
		if err := types.ValidateReference(ref); err != nil {
			return nil, err
		}
	}
	k.record(ctx, pending{from: from, to: to, coins: coins, fee: fee, reference: ref, msgType: MsgTypeOf(ctx)})
	return to, nil
}
