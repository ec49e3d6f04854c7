// Package simulation holds the x/mint parts of the app simulation: the
// randomized genesis and the simsx factories of the messages treasurers,
// issuers and holders send (MsgMint, MsgBurn). Charters, treasurer grants,
// pauses and params are the authority's and are not simulated as user
// operations.
package simulation

import (
	"fmt"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/module"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/x/mint/types"
)

// RandomizedGenState writes a random, valid x/mint genesis into simState:
// a uazr cap 1 to 3 times the supply in x/bank's simulated genesis
// (generated before this module's), one to three treasurers with random
// allowances, and one to three chartered a-Tokens with random issuers and
// caps, one in five of them paused.
func RandomizedGenState(simState *module.SimulationState) {
	r := simState.Rand
	gs := types.DefaultGenesis()

	supply := math.ZeroInt()
	if bz := simState.GenState[banktypes.ModuleName]; bz != nil {
		var bank banktypes.GenesisState
		simState.Cdc.MustUnmarshalJSON(bz, &bank)
		for _, b := range bank.Balances {
			supply = supply.Add(b.Coins.AmountOf(types.NativeDenom))
		}
	}
	gs.Params.MaxSupply = math.MaxInt(supply.MulRaw(int64(1+r.Intn(3))), types.DefaultMaxSupply.QuoRaw(1000))

	accs := simState.Accounts
	if len(accs) == 0 {
		simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
		return
	}
	for _, i := range r.Perm(len(accs))[:min(1+r.Intn(3), len(accs))] {
		gs.Treasurers = append(gs.Treasurers, types.Treasurer{
			Address: accs[i].Address.String(), Allowance: math.NewInt(r.Int63n(100_000_000_000)),
		})
	}
	for i := range 1 + r.Intn(3) {
		gs.ATokens = append(gs.ATokens, types.AToken{
			Symbol:        fmt.Sprintf("sim%c%d", 'a'+rune(r.Intn(26)), i),
			Name:          fmt.Sprintf("Simulated local currency %d", i),
			Description:   "An a-Token of the simulation",
			Exponent:      6,
			Issuer:        accs[r.Intn(len(accs))].Address.String(),
			MaxSupply:     math.NewInt(1_000_000 + r.Int63n(1_000_000_000_000)),
			MintingPaused: r.Intn(5) == 0,
		})
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}
