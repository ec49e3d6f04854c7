// Package simulation holds the x/forge parts of the app simulation
// (docs/simulation.md): the randomized genesis and the simsx factories of
// every message users and role holders send — the asset registry (register,
// transfer, the custodian's handover), listings (create, update, withdraw)
// and the order flow (place, accept, confirm, cancel, dispute, and the
// arbiter's resolution).
//
// Left out: MsgUpdateParams, MsgGrantRole and MsgRevokeRole, which only the
// authority (x/gov) sends; the randomized genesis grants the roles instead.
//
// The factories read x/forge's state only through its query server, so they
// do not depend on the keeper's internals.
package simulation

import (
	"fmt"
	"math/rand" // nolint:nondeterminism // the app simulation's seeded source, never run by a node
	"time"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/azora-os/nexus/x/forge/types"
)

// RandomizedGenState writes a random, valid x/forge genesis into simState:
// random params with durations from minutes to days, so that orders,
// listings and disputes expire within a simulation of a few hundred blocks
// (blocks are 1 s to 10 min apart), and one to three arbiters and
// custodians among the accounts. The registry, listings and orders start
// empty: the factories fill them.
func RandomizedGenState(simState *module.SimulationState) {
	r := simState.Rand
	gs := types.DefaultGenesis()
	gs.Params = RandomParams(r)
	for _, role := range []types.Role{types.RoleArbiter, types.RoleCustodian} {
		n := min(1+r.Intn(3), len(simState.Accounts))
		for _, i := range r.Perm(len(simState.Accounts))[:n] {
			gs.Roles = append(gs.Roles, types.RoleGrant{Role: role, Address: simState.Accounts[i].Address.String()})
		}
	}
	if err := gs.Validate(addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())); err != nil {
		panic(fmt.Sprintf("forge: invalid simulated genesis: %v", err))
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomParams returns valid random params.
func RandomParams(r *rand.Rand) types.Params {
	between := func(lo, hi time.Duration) time.Duration { return lo + time.Duration(r.Int63n(int64(hi-lo))) }
	return types.Params{
		MaxExpiriesPerBlock:  uint32(1 + r.Intn(types.DefaultMaxExpiriesPerBlock)), //nolint:gosec // small
		OrderTtl:             between(10*time.Minute, 3*24*time.Hour),
		MaxListingDuration:   between(time.Hour, 30*24*time.Hour),
		ClosedOrderRetention: between(10*time.Minute, 7*24*time.Hour),
		DisputeTtl:           between(10*time.Minute, 3*24*time.Hour),
	}
}
