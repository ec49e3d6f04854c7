// Package simulation holds the x/pivc parts of the app simulation: the
// randomized genesis (params; the pools start empty) and the simsx factory
// of the message users send, MsgClaimUBO. MsgSpendGrowth is the authority's.
package simulation

import (
	"fmt"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/azora-os/nexus/x/pivc/types"
)

// RandomizedGenState writes a random, valid x/pivc genesis into simState: a
// rate of 0 to 10% (the default 5% one time in three), any growth share,
// UBO epochs of 1 to 30 blocks so allocations and claims happen within the
// simulation, and now and then an exempt account. Totals and pools start
// at zero; x/aegis's InitGenesis (after this module's) tells pivc which
// accounts are eligible.
func RandomizedGenState(simState *module.SimulationState) {
	r := simState.Rand
	gs := types.DefaultGenesis()
	p := &gs.Params
	if r.Intn(3) != 0 {
		p.RateBps = uint32(r.Intn(int(types.MaxRateBps) + 1)) //nolint:gosec // small
	}
	p.GrowthShareBps = uint32(r.Intn(int(types.BpsDenominator) + 1)) //nolint:gosec // small
	p.EpochBlocks = uint64(1 + r.Intn(30))                           //nolint:gosec // small
	if r.Intn(4) == 0 && len(simState.Accounts) > 0 {
		p.ExemptAddresses = []string{simState.Accounts[r.Intn(len(simState.Accounts))].Address.String()}
	}
	if err := gs.Validate(); err != nil {
		panic(fmt.Sprintf("pivc: invalid simulated genesis: %v", err))
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}
