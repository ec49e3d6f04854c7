package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

func tierLimitKey(tier, denom string) collections.Pair[string, string] {
	return collections.Join(tier, denom)
}

// limitFor returns the limit of tier in denom, if the enabled velocity
// article sets one.
func (k *Keeper) limitFor(ctx context.Context, tier, denom string) (types.DenomLimit, bool, error) {
	if tier == "" {
		return types.DenomLimit{}, false, nil
	}
	l, err := k.TierLimits.Get(ctx, tierLimitKey(tier, denom))
	if err != nil {
		if errorsIsNotFound(err) {
			return types.DenomLimit{}, false, nil
		}
		return types.DenomLimit{}, false, err
	}
	return l, true, nil
}

// getUsage returns the rolling-window usage of addr in denom (empty if none).
func (k *Keeper) getUsage(ctx context.Context, addr sdk.AccAddress, denom string) (types.WindowUsage, error) {
	u, err := k.Usage.Get(ctx, collections.Join(addr, denom))
	if err != nil {
		if errorsIsNotFound(err) {
			return types.WindowUsage{}, nil
		}
		return types.WindowUsage{}, err
	}
	return u, nil
}

// usedToday returns what addr sent of denom in the current rolling 24-hour
// window.
func (k *Keeper) usedToday(ctx context.Context, addr sdk.AccAddress, denom string) (math.Int, error) {
	u, err := k.getUsage(ctx, addr, denom)
	if err != nil {
		return math.Int{}, err
	}
	return u.Used(types.HourOf(sdk.UnwrapSDKContext(ctx).BlockTime())), nil
}

// recordUsage adds amount to the window of addr in denom and writes it back
// (one key per account and denom).
func (k *Keeper) recordUsage(ctx context.Context, addr sdk.AccAddress, denom string, u types.WindowUsage, now uint64, amount math.Int) error {
	return k.Usage.Set(ctx, collections.Join(addr, denom), u.Add(now, amount))
}
