package keeper

import (
	"context"

	"cosmossdk.io/math"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

// Internals the keeper_test package reads. They are exported to the tests
// only (this file is compiled with them); the module exports ViewKeeper
// and its wiring methods (see keeper.go).

// TransfersOf exposes transfersOf.
func (k *Keeper) TransfersOf(msg sdk.Msg, typeURL string) ([]types.Transfer, error) {
	return k.transfersOf(msg, typeURL)
}

// Evaluate exposes complianceCheck.
func (k *Keeper) Evaluate(ctx context.Context, facts TxFacts) (*Violation, error) {
	return k.complianceCheck(ctx, facts)
}

// GetArticle exposes getArticle.
func (k *Keeper) GetArticle(ctx context.Context, id uint64) (types.Article, error) {
	return k.getArticle(ctx, id)
}

// UsedToday exposes usedToday.
func (k *Keeper) UsedToday(ctx context.Context, addr sdk.AccAddress, denom string) (math.Int, error) {
	return k.usedToday(ctx, addr, denom)
}

// GetParams reads the params.
func (k *Keeper) GetParams(ctx context.Context) (types.Params, error) { return k.Params.Get(ctx) }

// GetAdmission exposes the admission list entry of operator.
func (k *Keeper) GetAdmission(ctx context.Context, operator sdk.ValAddress) (types.AdmittedValidator, bool, error) {
	return k.admission.get(ctx, operator)
}

// GuardStakingMsg exposes the staking guard's check.
func (k *Keeper) GuardStakingMsg(ctx context.Context, msg proto.Message) error {
	return k.admission.guardStakingMsg(ctx, msg)
}

// Electorate exposes the governance electorate.
func (k *Keeper) Electorate(ctx context.Context) ([]sdk.ValAddress, error) {
	return k.admission.electorate(ctx)
}

// HasRole exposes the role registry's check.
func (k *Keeper) HasRole(ctx context.Context, role types.Role, addr sdk.AccAddress) (bool, error) {
	return k.roles.Has(ctx, role, addr)
}
