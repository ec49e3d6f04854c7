// Package simulation holds the x/mesh parts of the app simulation
// (docs/simulation.md): the randomized genesis and the simsx factories of
// every message users and role holders send — node registration and
// deregistration (registrars, or owners when self-registration is on), the
// owner's consent, and the reporters' feedback (alone and in batches),
// model commits and recorded federated analyses.
//
// Left out: MsgUpdateParams, MsgGrantRole and MsgRevokeRole, which only the
// authority (x/gov) sends; the randomized genesis grants the roles instead.
//
// The factories read x/mesh's state only through its query server, so they
// do not depend on the keeper's internals.
package simulation

import (
	"fmt"
	"math/rand" // nolint:nondeterminism // the app simulation's seeded source, never run by a node

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/azora-os/nexus/x/mesh/types"
)

// RandomizedGenState writes a random, valid x/mesh genesis into simState:
// random params (small rate windows, batches, retentions and model history,
// so their limits are reached within the simulation), and one to three
// registrars and reporters among the accounts. Nodes start empty: the
// factories register them.
func RandomizedGenState(simState *module.SimulationState) {
	r := simState.Rand
	gs := types.DefaultGenesis()
	gs.Params = RandomParams(r)
	for _, role := range []types.Role{types.RoleRegistrar, types.RoleReporter} {
		n := min(1+r.Intn(3), len(simState.Accounts))
		for _, i := range r.Perm(len(simState.Accounts))[:n] {
			gs.Roles = append(gs.Roles, types.RoleGrant{Role: role, Address: simState.Accounts[i].Address.String()})
		}
	}
	if err := gs.Validate(); err != nil {
		panic(fmt.Sprintf("mesh: invalid simulated genesis: %v", err))
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomParams returns valid random params. max_models_per_node admits the
// factories' model names and max_reporters_per_node the genesis reporters.
func RandomParams(r *rand.Rand) types.Params {
	p := types.DefaultParams()
	p.SelfRegistration = r.Intn(2) == 0
	p.InitialReputation = uint64(r.Int63n(int64(types.MaxReputation) + 1)) //nolint:gosec // bounded
	p.EwmaWeightBps = uint32(1 + r.Intn(int(types.BpsDenominator)))        //nolint:gosec // bounded
	p.MaxBatchSize = uint32(1 + r.Intn(10))                                //nolint:gosec // small
	p.AuditRetention = uint32(1 + r.Intn(50))                              //nolint:gosec // small
	p.MaxModelsPerNode = uint32(len(models) + r.Intn(10))                  //nolint:gosec // small
	p.MaxReportersPerNode = uint32(3 + r.Intn(10))                         //nolint:gosec // small
	p.FeedbackWindowBlocks = int64(1 + r.Intn(20))
	p.MaxFeedbackPerWindow = uint32(1 + r.Intn(10))                         //nolint:gosec // small
	p.ModelHistoryRetention = uint32(1 + r.Intn(5))                         //nolint:gosec // small
	employee := uint32(r.Intn(int(types.BpsDenominator) + 1))               //nolint:gosec // bounded
	device := uint32(r.Intn(int(types.BpsDenominator) - int(employee) + 1)) //nolint:gosec // bounded
	p.EmployeeWeightBps, p.DeviceWeightBps = employee, device
	p.CorridorWeightBps = uint32(types.BpsDenominator) - employee - device //nolint:gosec // bounded
	return p
}
