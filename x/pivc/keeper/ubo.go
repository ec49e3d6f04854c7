package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/satmath"
	"github.com/azora-os/nexus/x/pivc/types"
)

// UBO accounting (pull-based, O(1) in the number of accounts per block and
// per claim; O(number of denoms) at most):
//
//   - UBOIndex[d] is the cumulative amount each eligible account has been
//     allocated in denom d since genesis. At the end of every epoch the part
//     of the UBO pool not yet allocated is divided equally among the
//     EligibleCount eligible accounts: UBOIndex[d] += share, and
//     UBOOutstanding[d] += share × count (the division's remainder stays
//     unallocated for the next epoch).
//   - A member's pending amount is accrued + (UBOIndex − index_snapshot)
//     while eligible, accrued alone otherwise.
//   - Gaining eligibility snapshots the index (nothing earned before counts);
//     losing it settles index − snapshot into accrued.
//   - A claim pays the pending amount from the pool and subtracts it from
//     UBOOutstanding.
//
// Invariant: UBOOutstanding = Σ pending over all members ≤ UBO pool balance,
// so a claim never fails for lack of funds and the pool never goes negative.

// Hooks are x/pivc's hooks for x/aegis.
type Hooks struct{ k Keeper }

// Hooks returns the hooks x/aegis calls when an account's UBO eligibility
// changes.
func (k Keeper) Hooks() Hooks { return Hooks{k} }

// AfterEligibilityChanged records that addr became eligible (verified and not
// frozen) or stopped being so. x/aegis calls it after every standing change
// and at its InitGenesis for every eligible account; it is idempotent
// (eligible=true for a member that is already eligible, or false for an
// account that is not, changes nothing).
func (h Hooks) AfterEligibilityChanged(ctx context.Context, addr sdk.AccAddress, eligible bool) error {
	return h.k.SetEligible(ctx, addr, eligible)
}

// SetEligible applies an eligibility change (see Hooks).
func (k Keeper) SetEligible(ctx context.Context, addr sdk.AccAddress, eligible bool) error {
	if len(addr) == 0 {
		return types.ErrInvalidRecipient.Wrap("empty address")
	}
	m, found, err := k.getMember(ctx, addr)
	if err != nil {
		return err
	}
	if m.Eligible == eligible {
		return nil // idempotent
	}
	count, err := k.eligibleCount(ctx)
	if err != nil {
		return err
	}
	index, err := k.CurrentIndex(ctx)
	if err != nil {
		return err
	}

	var settled sdk.Coins
	if eligible {
		if !found {
			m = types.UBOMember{Address: addr.String(), Accrued: sdk.Coins{}}
		}
		m.Eligible = true
		m.IndexSnapshot = index
		count++
	} else {
		pending, err := m.Pending(index)
		if err != nil {
			return err
		}
		settled = pending.Sub(m.Accrued...)
		if count == 0 {
			return types.ErrPoolInvariantBroken.Wrapf("%s is eligible but the eligible count is 0", addr)
		}
		m.Eligible = false
		m.IndexSnapshot = sdk.Coins{}
		m.Accrued = pending
		count--
	}

	if err := k.EligibleCount.Set(ctx, count); err != nil {
		return err
	}
	if !m.Eligible && m.Accrued.IsZero() {
		if err := k.UBOMembers.Remove(ctx, addr); err != nil {
			return err
		}
	} else if err := k.UBOMembers.Set(ctx, addr, m); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		types.NewEventUBOEligibilityChanged(addr, eligible, settled, count))
}

// PendingUBO returns what addr can claim now and whether it is a member that
// currently shares in allocations.
func (k Keeper) PendingUBO(ctx context.Context, addr sdk.AccAddress) (sdk.Coins, bool, error) {
	m, found, err := k.getMember(ctx, addr)
	if err != nil || !found {
		return sdk.Coins{}, false, err
	}
	index, err := k.CurrentIndex(ctx)
	if err != nil {
		return nil, false, err
	}
	pending, err := m.Pending(index)
	if err != nil {
		return nil, false, err
	}
	return pending, m.Eligible, nil
}

// ClaimUBO pays claimant what accrued to it while it was eligible. The
// claimant must be eligible now (x/aegis: verified and not frozen); what it
// accrued earlier is kept until it is. A second claim in the same epoch has
// nothing to pay and fails with ErrNothingToClaim.
func (k Keeper) ClaimUBO(ctx context.Context, claimant sdk.AccAddress) (sdk.Coins, error) {
	ok, err := k.elig.IsEligible(ctx, claimant)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, types.ErrNotEligible.Wrapf("%s", claimant)
	}
	m, found, err := k.getMember(ctx, claimant)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, types.ErrNothingToClaim.Wrapf("%s has no UBO accrued", claimant)
	}
	index, err := k.CurrentIndex(ctx)
	if err != nil {
		return nil, err
	}
	pending, err := m.Pending(index)
	if err != nil {
		return nil, err
	}
	if pending.IsZero() {
		return nil, types.ErrNothingToClaim.Wrapf("%s has no UBO accrued since its last claim", claimant)
	}

	for _, c := range pending {
		out, err := getOrZero(ctx, k.UBOOutstanding, c.Denom)
		if err != nil {
			return nil, err
		}
		left := out.Sub(c.Amount)
		if left.IsNegative() {
			return nil, types.ErrPoolInvariantBroken.Wrapf("claim %s exceeds outstanding %s%s", c, out, c.Denom)
		}
		if err := k.setOrRemove(ctx, k.UBOOutstanding, c.Denom, left); err != nil {
			return nil, err
		}
	}
	m.Accrued = sdk.Coins{}
	if m.Eligible {
		m.IndexSnapshot = index
		err = k.UBOMembers.Set(ctx, claimant, m)
	} else {
		err = k.UBOMembers.Remove(ctx, claimant)
	}
	if err != nil {
		return nil, err
	}
	if err := k.bk.SendCoinsFromModuleToAccount(ctx, types.UBOPoolName, claimant, pending); err != nil {
		return nil, err
	}
	if err := k.accumulate(ctx, blockTotals{claimed: pending}); err != nil {
		return nil, err
	}
	return pending, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(types.NewEventUBOClaimed(claimant, pending))
}

// AllocateUBO divides the part of the UBO pool not yet allocated equally
// among the eligible accounts (EndBlock, every epoch_blocks). Work is
// proportional to the number of denoms in the pool, never to the number of
// accounts. The remainder of each division stays in the pool, unallocated,
// for the next epoch.
func (k Keeper) AllocateUBO(ctx context.Context) error {
	count, err := k.eligibleCount(ctx)
	if err != nil || count == 0 {
		return err
	}
	n := math.NewIntFromUint64(count)
	var perAccount, allocated sdk.Coins
	for _, bal := range k.bk.GetAllBalances(ctx, k.uboAddr) { // sorted by denom
		out, err := getOrZero(ctx, k.UBOOutstanding, bal.Denom)
		if err != nil {
			return err
		}
		free := bal.Amount.Sub(out)
		if !free.IsPositive() {
			continue
		}
		share := free.Quo(n)
		if share.IsZero() {
			continue
		}
		idx, err := getOrZero(ctx, k.UBOIndex, bal.Denom)
		if err != nil {
			return err
		}
		next, saturated := satmath.Add(idx, share)
		if saturated {
			// The cumulative index cannot grow further: the share stays
			// unallocated in the pool (claims keep working) instead of
			// halting the chain. Not expected: supplies are capped at 10^36.
			if err := k.reportSaturated(ctx, bal.Denom, totalUBOIndex); err != nil {
				return err
			}
			continue
		}
		if err := k.UBOIndex.Set(ctx, bal.Denom, next); err != nil {
			return err
		}
		part := share.Mul(n)
		if err := k.UBOOutstanding.Set(ctx, bal.Denom, out.Add(part)); err != nil {
			return err
		}
		perAccount = append(perAccount, sdk.Coin{Denom: bal.Denom, Amount: share})
		allocated = append(allocated, sdk.Coin{Denom: bal.Denom, Amount: part})
	}
	if perAccount.IsZero() {
		return nil
	}
	index, err := k.CurrentIndex(ctx)
	if err != nil {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	return sdkCtx.EventManager().EmitTypedEvent(
		types.NewEventUBOAllocated(sdkCtx.BlockHeight(), count, perAccount, allocated, index))
}

// CurrentIndex returns the cumulative UBO index of every denom.
func (k Keeper) CurrentIndex(ctx context.Context) (sdk.Coins, error) {
	return coinsOf(ctx, k.UBOIndex)
}

// Outstanding returns what is allocated and not yet claimed.
func (k Keeper) Outstanding(ctx context.Context) (sdk.Coins, error) {
	return coinsOf(ctx, k.UBOOutstanding)
}

func coinsOf(ctx context.Context, m collections.Map[string, math.Int]) (sdk.Coins, error) {
	out := sdk.Coins{}
	err := m.Walk(ctx, nil, func(denom string, v math.Int) (bool, error) {
		if v.IsPositive() {
			out = append(out, sdk.Coin{Denom: denom, Amount: v})
		}
		return false, nil
	})
	return out, err
}

func (k Keeper) eligibleCount(ctx context.Context) (uint64, error) {
	n, err := k.EligibleCount.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return 0, nil
	}
	return n, err
}

func (k Keeper) getMember(ctx context.Context, addr sdk.AccAddress) (types.UBOMember, bool, error) {
	m, err := k.UBOMembers.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return types.UBOMember{}, false, nil
	}
	if err != nil {
		return types.UBOMember{}, false, err
	}
	return m, true, nil
}

func (k Keeper) setOrRemove(ctx context.Context, m collections.Map[string, math.Int], denom string, v math.Int) error {
	if v.IsZero() {
		return m.Remove(ctx, denom)
	}
	return m.Set(ctx, denom, v)
}
