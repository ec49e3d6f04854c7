// Package simulation holds the x/aegis parts of the app simulation: the
// randomized genesis and the simsx message factories of the messages that
// role holders send (attesters and officers). The authority's messages
// (articles, roles, params, validator admission) are not simulated as user
// operations.
package simulation

import (
	"fmt"
	"math/rand" // nolint:nondeterminism // the app simulation's seeded source, never run by a node
	"sort"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/azora-os/nexus/testutil/nexussim"
	"github.com/azora-os/nexus/x/aegis/types"
)

// RandomizedGenState writes a random, valid x/aegis genesis into simState:
// the default constitution with the velocity article enabled or not and its
// limits scaled, random fee params (with max_tx_gas at least
// nexussim.GasLimit, the gas every simulated tx declares), about half the
// accounts verified at a random tier and a few frozen, one to three
// attesters and officers, and every genesis validator of x/staking's
// simulated genesis (generated before this module's) admitted with room
// above its stake.
func RandomizedGenState(simState *module.SimulationState) {
	r := simState.Rand
	gs := types.DefaultGenesis()
	gs.Params = RandomParams(r)
	gs.Articles = randomArticles(r)

	var staking stakingtypes.GenesisState
	if bz := simState.GenState[stakingtypes.ModuleName]; bz != nil {
		simState.Cdc.MustUnmarshalJSON(bz, &staking)
	}
	operators := map[string]bool{}
	for _, v := range staking.Validators {
		op, err := sdk.ValAddressFromBech32(v.OperatorAddress)
		if err != nil {
			panic(err)
		}
		operators[string(op)] = true
		// Room for the validator to bond more later: 1-3 times its stake.
		power := sdk.TokensToConsensusPower(v.Tokens, sdk.DefaultPowerReduction)
		gs.AdmittedValidators = append(gs.AdmittedValidators, types.AdmittedValidator{
			Operator: v.OperatorAddress, MaxPower: uint64(power)*uint64(1+r.Intn(3)) + 1, //nolint:gosec // positive
		})
	}

	tiers := types.BuildPolicy(gs.Articles).Tiers
	if len(tiers) == 0 {
		tiers = []string{types.TierBasic, types.TierStandard, types.TierEnhanced, types.TierInstitutional}
	}
	at := simState.GenTimestamp.UTC()
	for _, acc := range simState.Accounts {
		addr := acc.Address.String()
		s := types.AccountStanding{Address: addr}
		if r.Intn(2) == 0 {
			s.Tier, s.AttestationRef, s.Attester, s.VerifiedAt = tiers[r.Intn(len(tiers))], "sim-genesis", addr, &at
		}
		// A few frozen accounts, never a validator's operator (it votes in
		// governance; x/aegis refuses to freeze it).
		if r.Intn(30) == 0 && !operators[string(acc.Address)] {
			s.Frozen, s.FreezeReason, s.FrozenBy, s.FrozenAt = true, "sim-genesis", addr, &at
		}
		if s.Tier != "" || s.Frozen {
			gs.Standings = append(gs.Standings, s)
		}
	}
	sort.Slice(gs.Standings, func(i, j int) bool { return gs.Standings[i].Address < gs.Standings[j].Address })

	for _, role := range types.Roles {
		n := 1 + r.Intn(3)
		for _, i := range r.Perm(len(simState.Accounts))[:min(n, len(simState.Accounts))] {
			gs.Roles = append(gs.Roles, types.RoleGrant{Role: role, Address: simState.Accounts[i].Address.String()})
		}
	}
	if err := gs.Validate(); err != nil {
		panic(fmt.Sprintf("aegis: invalid simulated genesis: %v", err))
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomParams returns valid random params whose max_tx_gas admits the
// simulation's txs.
func RandomParams(r *rand.Rand) types.Params {
	p := types.DefaultParams()
	p.MaxMsgDepth = uint32(types.MinMsgDepth + r.Intn(types.MaxMsgDepth-types.MinMsgDepth+1)) //nolint:gosec // small
	base := []math.LegacyDec{math.LegacyZeroDec(), math.LegacyNewDecWithPrec(1, 4), types.DefaultBaseGasPrice}[r.Intn(3)]
	maxPrice := types.DefaultMaxGasPrice
	if base.IsPositive() {
		maxPrice = base.MulInt64(int64(1 + r.Intn(100)))
	}
	p.BaseGasPrice, p.MaxGasPrice = types.DecString(base), types.DecString(maxPrice)
	p.MaxTxGas = nexussim.GasLimit + uint64(r.Int63n(int64(types.DefaultMaxTxGas-nexussim.GasLimit))) //nolint:gosec // positive
	return p
}

// randomArticles is the default constitution with the velocity article
// disabled one time in four and its limits scaled by 1/10 to 10.
func randomArticles(r *rand.Rand) []types.Article {
	articles := types.DefaultArticles()
	for i := range articles {
		v := articles[i].Rule.GetVelocity()
		if v == nil {
			continue
		}
		articles[i].Enabled = r.Intn(4) != 0
		num, den := int64(1+r.Intn(10)), int64(1+r.Intn(10))
		for t := range v.Tiers {
			for l := range v.Tiers[t].Limits {
				lim := &v.Tiers[t].Limits[l]
				lim.PerTx = math.MaxInt(lim.PerTx.MulRaw(num).QuoRaw(den), math.OneInt())
				lim.PerDay = math.MaxInt(lim.PerDay.MulRaw(num).QuoRaw(den), lim.PerTx)
			}
		}
	}
	return articles
}
