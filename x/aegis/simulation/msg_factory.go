package simulation

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/testutil/nexussim"
	"github.com/azora-os/nexus/x/aegis/keeper"
	"github.com/azora-os/nexus/x/aegis/types"
)

// Default weights of the x/aegis factories (app params
// "op_weight_msg_verify_account", ...). Relative to x/ledger's transfer
// (100): standing changes are an officer's or attester's occasional work.
const (
	DefaultWeightMsgVerifyAccount      = 20
	DefaultWeightMsgRevokeVerification = 5
	DefaultWeightMsgFreezeAccount      = 3
	DefaultWeightMsgUnfreezeAccount    = 6
)

// holds accepts accounts that hold role.
func holds(ctx context.Context, k *keeper.Keeper, role types.Role) simsx.SimAccountFilter {
	return simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool {
		ok, err := k.Roles.Has(ctx, collections.Join(int32(role), a.Address))
		return err == nil && ok
	})
}

// standing accepts accounts whose standing record passes ok.
func standing(ctx context.Context, k *keeper.Keeper, ok func(types.AccountStanding) bool) simsx.SimAccountFilter {
	return simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool {
		s, err := k.GetStanding(ctx, a.Address)
		return err == nil && ok(s)
	})
}

func frozen(s types.AccountStanding) bool   { return s.Frozen }
func unfrozen(s types.AccountStanding) bool { return !s.Frozen }
func verified(s types.AccountStanding) bool { return s.Tier != "" }

// MsgVerifyAccountFactory: an attester (not frozen) verifies another account
// at a tier of the velocity article, or changes its tier.
func MsgVerifyAccountFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgVerifyAccount] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgVerifyAccount) {
		attester := nexussim.Pick(testData, reporter, holds(ctx, k, types.Role_ROLE_ATTESTER), standing(ctx, k, unfrozen))
		target := nexussim.Pick(testData, reporter, simsx.ExcludeAccounts(attester))
		if reporter.IsSkipped() {
			return nil, nil
		}
		policy, err := k.Policy.Get(ctx)
		if err != nil {
			reporter.Skipf("no policy: %s", err)
			return nil, nil
		}
		tiers := policy.Tiers
		if len(tiers) == 0 {
			tiers = []string{types.TierBasic, types.TierStandard, types.TierEnhanced, types.TierInstitutional}
		}
		r := testData.Rand()
		return []simsx.SimAccount{attester}, &types.MsgVerifyAccount{
			Attester: attester.AddressBech32, Address: target.AddressBech32,
			Tier: tiers[r.Intn(len(tiers))], AttestationRef: "sim-" + r.StringN(12),
		}
	}
}

// MsgRevokeVerificationFactory: an attester revokes a verified account's
// verification.
func MsgRevokeVerificationFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRevokeVerification] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRevokeVerification) {
		attester := nexussim.Pick(testData, reporter, holds(ctx, k, types.Role_ROLE_ATTESTER), standing(ctx, k, unfrozen))
		target := nexussim.Pick(testData, reporter, simsx.ExcludeAccounts(attester), standing(ctx, k, verified))
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{attester}, &types.MsgRevokeVerification{
			Attester: attester.AddressBech32, Address: target.AddressBech32, Reason: "sim: attestation expired",
		}
	}
}

// MsgFreezeAccountFactory: an officer freezes an account that is neither
// frozen, itself, nor a validator operator (x/aegis refuses those).
func MsgFreezeAccountFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgFreezeAccount] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgFreezeAccount) {
		officer := nexussim.Pick(testData, reporter, holds(ctx, k, types.Role_ROLE_OFFICER), standing(ctx, k, unfrozen))
		notOperator := simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool {
			admitted, err := k.IsAdmitted(ctx, sdk.ValAddress(a.Address))
			return err == nil && !admitted
		})
		target := nexussim.Pick(testData, reporter, simsx.ExcludeAccounts(officer), standing(ctx, k, unfrozen), notOperator)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{officer}, &types.MsgFreezeAccount{
			Officer: officer.AddressBech32, Address: target.AddressBech32, Reason: "sim: investigation",
		}
	}
}

// MsgUnfreezeAccountFactory: an officer lifts a freeze.
func MsgUnfreezeAccountFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUnfreezeAccount] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUnfreezeAccount) {
		officer := nexussim.Pick(testData, reporter, holds(ctx, k, types.Role_ROLE_OFFICER), standing(ctx, k, unfrozen))
		target := nexussim.Pick(testData, reporter, simsx.ExcludeAccounts(officer), standing(ctx, k, frozen))
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{officer}, &types.MsgUnfreezeAccount{
			Officer: officer.AddressBech32, Address: target.AddressBech32, Reason: "sim: cleared",
		}
	}
}
