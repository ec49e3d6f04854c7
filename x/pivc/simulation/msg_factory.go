package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/azora-os/nexus/testutil/nexussim"
	"github.com/azora-os/nexus/x/pivc/keeper"
	"github.com/azora-os/nexus/x/pivc/types"
)

// DefaultWeightMsgClaimUBO is the default weight of MsgClaimUBO (app param
// "op_weight_msg_claim_ubo").
const DefaultWeightMsgClaimUBO = 15

// MsgClaimUBOFactory: an eligible account with UBO accrued claims it (an
// account that is not eligible now keeps what it accrued until it is).
func MsgClaimUBOFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgClaimUBO] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgClaimUBO) {
		claimant := nexussim.Pick(testData, reporter, simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool {
			pending, eligible, err := k.PendingUBO(ctx, a.Address)
			return err == nil && eligible && !pending.IsZero()
		}))
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{claimant}, &types.MsgClaimUBO{Claimant: claimant.AddressBech32}
	}
}
