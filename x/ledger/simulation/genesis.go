// Package simulation holds the x/ledger parts of the app simulation: the
// randomized genesis (params only: the journal starts empty) and the simsx
// factories of the payments users send.
package simulation

import (
	"fmt"
	"time"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/azora-os/nexus/x/ledger/types"
)

// RandomizedGenState writes a random, valid x/ledger genesis into simState:
// checkpoints every 1 to 20 blocks, a retention short enough that pruning
// (bounded per block) happens within the simulation, or none, small batches
// and payment deadlines of a minute to a week.
func RandomizedGenState(simState *module.SimulationState) {
	r := simState.Rand
	gs := types.DefaultGenesis()
	p := &gs.Params
	p.CheckpointInterval = uint64(1 + r.Intn(20)) //nolint:gosec // small
	if r.Intn(3) == 0 {
		p.RetentionBlocks = 0 // keep forever
	} else {
		p.RetentionBlocks = p.CheckpointInterval + uint64(r.Intn(100)) //nolint:gosec // small
	}
	p.PrunePerBlock = uint32(1 + r.Intn(50)) //nolint:gosec // small
	p.MaxBatchSize = uint32(1 + r.Intn(10))  //nolint:gosec // small
	p.MaxPaymentDeadline = types.MinMaxPaymentDeadline + time.Duration(r.Int63n(int64(types.DefaultMaxPaymentDeadline)))
	if err := gs.Validate(); err != nil {
		panic(fmt.Sprintf("ledger: invalid simulated genesis: %v", err))
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}
