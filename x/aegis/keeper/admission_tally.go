package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	govkeeper "github.com/cosmos/cosmos-sdk/x/gov/keeper"
	v1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// GovTally returns x/gov's vote-tally function for the permissioned chain:
// one admitted bonded validator, one vote.
//
//   - The electorate is every bonded validator (the active set, jailed ones
//     are not bonded) that is on the admission list; while no
//     validator-admission article is enabled, every bonded validator.
//   - Each member has exactly one vote, cast by its operator account
//     (azora1... with the same bytes as its azoravaloper...). A weighted
//     vote splits that one vote by its weights.
//   - Delegators have no votes, and neither has stake: no one can buy
//     voting power in governance, and a bigger max power does not weigh
//     more in a proposal than a smaller one.
//
// totalValPower is the size of the electorate, so x/gov's quorum, veto and
// threshold params apply to heads: with the default params a proposal
// passes when at least a third of the members vote and more than half of
// the members that do not abstain vote yes. Votes of accounts outside the
// electorate are ignored. Like the default, the votes are removed after
// the tally. The walk is bounded by x/staking's max_validators and by the
// votes of the proposal.
func (k *Keeper) GovTally() govkeeper.CalculateVoteResultsAndVotingPowerFn {
	return func(ctx context.Context, gk govkeeper.Keeper, proposal v1.Proposal) (math.LegacyDec, math.Int, map[v1.VoteOption]math.LegacyDec, error) {
		results := map[v1.VoteOption]math.LegacyDec{
			v1.OptionYes:        math.LegacyZeroDec(),
			v1.OptionAbstain:    math.LegacyZeroDec(),
			v1.OptionNo:         math.LegacyZeroDec(),
			v1.OptionNoWithVeto: math.LegacyZeroDec(),
		}
		electorate, err := k.admission.electorate(ctx)
		if err != nil {
			return math.LegacyZeroDec(), math.ZeroInt(), nil, err
		}
		members := make(map[string]bool, len(electorate))
		for _, op := range electorate {
			members[string(op)] = true
		}

		voted := math.LegacyZeroDec()
		var toRemove []collections.Pair[uint64, sdk.AccAddress]
		rng := collections.NewPrefixedPairRange[uint64, sdk.AccAddress](proposal.Id)
		err = gk.Votes.Walk(ctx, rng, func(key collections.Pair[uint64, sdk.AccAddress], vote v1.Vote) (bool, error) {
			toRemove = append(toRemove, key)
			if !members[string(key.K2())] {
				return false, nil
			}
			for _, o := range vote.Options {
				w, err := math.LegacyNewDecFromStr(o.Weight)
				if err != nil {
					return true, err
				}
				results[o.Option] = results[o.Option].Add(w)
			}
			voted = voted.Add(math.LegacyOneDec())
			return false, nil
		})
		if err != nil {
			return math.LegacyZeroDec(), math.ZeroInt(), nil, err
		}
		for _, key := range toRemove {
			if err := gk.Votes.Remove(ctx, key); err != nil {
				return math.LegacyZeroDec(), math.ZeroInt(), nil, err
			}
		}
		return voted, math.NewInt(int64(len(electorate))), results, nil
	}
}

// electorate returns the operators that vote in governance, in the bonded
// set's power order: the bonded validators on the admission list (every
// bonded validator while no validator-admission article is enabled).
func (a *admission) electorate(ctx context.Context) ([]sdk.ValAddress, error) {
	if err := a.requireKeepers(); err != nil {
		return nil, err
	}
	article, err := a.article(ctx)
	if err != nil {
		return nil, err
	}
	var (
		out     []sdk.ValAddress
		iterErr error
	)
	err = a.staking.IterateBondedValidatorsByPower(ctx, func(_ int64, val stakingtypes.ValidatorI) bool {
		op, err := sdk.ValAddressFromBech32(val.GetOperator())
		if err != nil {
			iterErr = err
			return true
		}
		if article != 0 {
			ok, err := a.k.IsAdmitted(ctx, op)
			if err != nil {
				iterErr = err
				return true
			}
			if !ok {
				return false
			}
		}
		out = append(out, op)
		return false
	})
	if err != nil {
		return nil, err
	}
	return out, iterErr
}
