package app_test

import (
	"testing"

	"cosmossdk.io/core/header"

	"github.com/stretchr/testify/require"

	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/azora-os/nexus/app/apptesting"
	v2 "github.com/azora-os/nexus/app/upgrades/v2"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
)

// TestUpgradeV2Handler applies the v2 plan through the app's upgrade keeper
// (the handler app.go registered, the migrations the modules registered on
// the configurator) to a state made to look like release 28bc9f4's: the
// five modules at consensus version 1 and params without their version-2
// fields. Afterwards the modules are at version 2 and the params are the
// defaults. tests/system/upgrade_test.go does the same with real binaries.
func TestUpgradeV2Handler(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{})
	// The upgrade module records the plan as done at the header info's
	// height (what FinalizeBlock sets on a node).
	ctx := ta.Ctx()
	ctx = ctx.WithHeaderInfo(header.Info{Height: ctx.BlockHeight(), Time: ctx.BlockTime(), ChainID: ctx.ChainID()})

	vm, err := ta.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	migrated := []string{aegistypes.ModuleName, ledgertypes.ModuleName, forgetypes.ModuleName, meshtypes.ModuleName, minttypes.ModuleName}
	for _, m := range migrated {
		require.Equal(t, uint64(2), vm[m], m)
		vm[m] = 1
	}
	require.NoError(t, ta.UpgradeKeeper.SetModuleVersionMap(ctx, vm))
	require.NoError(t, ta.AegisKeeper.Params.Set(ctx, aegistypes.Params{MaxMsgDepth: aegistypes.DefaultMsgDepth}))
	lp := ledgertypes.DefaultParams()
	lp.MaxPaymentDeadline = 0
	require.NoError(t, ta.LedgerKeeper.Params.Set(ctx, lp))
	fp := forgetypes.DefaultParams()
	fp.DisputeTtl = 0
	require.NoError(t, ta.ForgeKeeper.Params.Set(ctx, fp))
	mp := meshtypes.DefaultParams()
	mp.MaxReportersPerNode, mp.FeedbackWindowBlocks, mp.MaxFeedbackPerWindow, mp.ModelHistoryRetention = 0, 0, 0, 0
	require.NoError(t, ta.MeshKeeper.Params.Set(ctx, mp))

	require.NoError(t, ta.UpgradeKeeper.ApplyUpgrade(ctx, upgradetypes.Plan{Name: v2.UpgradeName, Height: ctx.BlockHeight()}))

	vm, err = ta.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	for _, m := range migrated {
		require.Equal(t, uint64(2), vm[m], m)
	}
	ap, err := ta.AegisKeeper.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, aegistypes.DefaultParams(), ap)
	gotLedger, err := ta.LedgerKeeper.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, ledgertypes.DefaultParams(), gotLedger)
	gotForge, err := ta.ForgeKeeper.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, forgetypes.DefaultParams(), gotForge)
	gotMesh, err := ta.MeshKeeper.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, meshtypes.DefaultParams(), gotMesh)
	h, err := ta.UpgradeKeeper.GetDoneHeight(ctx, v2.UpgradeName)
	require.NoError(t, err)
	require.Positive(t, h)
	require.Equal(t, ctx.BlockHeight(), h)
}
