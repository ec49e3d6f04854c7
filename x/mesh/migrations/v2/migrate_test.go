package v2_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/codec"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"

	v2 "github.com/azora-os/nexus/x/mesh/migrations/v2"
	"github.com/azora-os/nexus/x/mesh/types"
)

// TestMigrate writes a version-1 store (release 28bc9f4: params without the
// reporter and model params, model entries whose version counts
// feedbacks, one EWMA per node, no reporter scores and no per-type owner
// stats; proto3 leaves the new zero fields out, so these are the same
// bytes) and checks the version-2 state the migration builds.
func TestMigrate(t *testing.T) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	ac := addresscodec.NewBech32Codec("nexus")
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_test"))
	ss := runtime.NewKVStoreService(key)
	sb := collections.NewSchemaBuilder(ss)
	params := collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc))
	nodes := collections.NewMap(sb, types.NodesPrefix, "nodes", collections.StringKey, codec.CollValue[types.Node](cdc))
	auditLog := collections.NewMap(sb, types.AuditLogPrefix, "audit_log",
		collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), codec.CollValue[types.AuditEntry](cdc))
	ownerTypeStats := collections.NewMap(sb, types.OwnerTypeStatsPrefix, "owner_type_stats",
		collections.PairKeyCodec(sdk.AccAddressKey, collections.Int32Key), codec.CollValue[types.OwnerStats](cdc))
	reporterScores := collections.NewMap(sb, types.ReporterScoresPrefix, "reporter_scores",
		collections.PairKeyCodec(collections.StringKey, sdk.AccAddressKey), codec.CollValue[types.ReporterScore](cdc))

	addr := func(s string) (sdk.AccAddress, string) {
		a := sdk.AccAddress(s + "____________________"[:20-len(s)])
		str, err := ac.BytesToString(a)
		require.NoError(t, err)
		return a, str
	}
	alice, aliceS := addr("alice")
	_, bobS := addr("bob")
	rep1, rep1S := addr("rep1")
	rep2, rep2S := addr("rep2")

	// Arrange: version-1 params and three nodes.
	old := types.DefaultParams()
	old.MaxReportersPerNode, old.FeedbackWindowBlocks, old.MaxFeedbackPerWindow, old.ModelHistoryRetention = 0, 0, 0, 0
	require.Error(t, old.Validate(), "version-1 params are not valid version-2 params")
	require.NoError(t, params.Set(ctx, old))
	// emp: alice's employee, three feedbacks (rep1, rep1, then rep2 last).
	emp := types.Node{Id: "emp", Type: types.NodeTypeEmployee, Owner: aliceS, Reputation: 612_000, FeedbackCount: 3,
		Models: []types.ModelState{{Name: "flow", Version: 2, LastScore: 700_000, UpdatedHeight: 9}, {Name: "risk", Version: 1, LastScore: 400_000, UpdatedHeight: 8}}}
	// dev: alice's device, never rated.
	dev := types.Node{Id: "dev", Type: types.NodeTypeDevice, Owner: aliceS, Reputation: 500_000}
	// cor: bob's corridor, one feedback no longer in the audit log.
	cor := types.Node{Id: "cor", Type: types.NodeTypeCorridor, Owner: bobS, Reputation: 550_000, FeedbackCount: 1,
		Models: []types.ModelState{{Name: "flow", Version: 1, LastScore: 750_000, UpdatedHeight: 4}}}
	for _, n := range []types.Node{emp, dev, cor} {
		require.NoError(t, nodes.Set(ctx, n.Id, n))
	}
	for i, e := range []types.AuditEntry{
		{Action: types.AuditActionRegistered, Actor: aliceS, Height: 2},
		{Action: types.AuditActionFeedback, Actor: rep1S, Height: 5, Model: "flow", ModelVersion: 1},
		{Action: types.AuditActionFeedback, Actor: rep2S, Height: 8, Model: "risk", ModelVersion: 1},
		{Action: types.AuditActionFeedback, Actor: rep1S, Height: 9, Model: "flow", ModelVersion: 2},
		{Action: types.AuditActionConsentSet, Actor: aliceS, Height: 10},
	} {
		e.NodeId, e.Seq = "emp", uint64(i)
		require.NoError(t, auditLog.Set(ctx, collections.Join("emp", e.Seq), e))
	}

	// Act.
	require.NoError(t, v2.Migrate(ctx, ss, cdc, ac))

	// Assert: params.
	p, err := params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), p)

	// Model entries: the count moved to feedback_count, nothing committed.
	gotEmp, err := nodes.Get(ctx, "emp")
	require.NoError(t, err)
	require.Equal(t, []types.ModelState{
		{Name: "flow", Version: 0, FeedbackCount: 2, LastScore: 700_000, UpdatedHeight: 9},
		{Name: "risk", Version: 0, FeedbackCount: 1, LastScore: 400_000, UpdatedHeight: 8},
	}, gotEmp.Models)
	require.Equal(t, uint32(1), gotEmp.ReporterCount)
	require.Equal(t, emp.Reputation, gotEmp.Reputation, "the reputation does not move")

	// emp's reputation is carried by the reporter of its latest feedback
	// (rep1), with its two feedbacks in the log; nobody else has a score.
	rs, err := reporterScores.Get(ctx, collections.Join("emp", rep1))
	require.NoError(t, err)
	require.Equal(t, types.ReporterScore{NodeId: "emp", Reporter: rep1S, Ewma: 612_000, FeedbackCount: 2, LastHeight: 9}, rs)
	has, err := reporterScores.Has(ctx, collections.Join("emp", rep2))
	require.NoError(t, err)
	require.False(t, has)
	require.Equal(t, types.MedianReputation([]uint64{rs.Ewma}, 0), emp.Reputation)

	// dev: untouched but for nothing; cor: no feedback in the log, so no
	// reporter score, its reputation kept.
	gotDev, err := nodes.Get(ctx, "dev")
	require.NoError(t, err)
	require.Equal(t, dev, gotDev)
	gotCor, err := nodes.Get(ctx, "cor")
	require.NoError(t, err)
	require.Equal(t, uint32(0), gotCor.ReporterCount)
	require.Equal(t, uint64(1), gotCor.Models[0].FeedbackCount)
	n := 0
	require.NoError(t, reporterScores.Walk(ctx, nil, func(collections.Pair[string, sdk.AccAddress], types.ReporterScore) (bool, error) {
		n++
		return false, nil
	}))
	require.Equal(t, 1, n)

	// owner_type_stats: one entry per (owner, type) with its sum.
	bobB, _ := addr("bob")
	for _, c := range []struct {
		owner sdk.AccAddress
		typ   types.NodeType
		want  types.OwnerStats
	}{
		{alice, types.NodeTypeEmployee, types.OwnerStats{NodeCount: 1, ReputationSum: 612_000}},
		{alice, types.NodeTypeDevice, types.OwnerStats{NodeCount: 1, ReputationSum: 500_000}},
		{bobB, types.NodeTypeCorridor, types.OwnerStats{NodeCount: 1, ReputationSum: 550_000}},
	} {
		got, err := ownerTypeStats.Get(ctx, collections.Join(c.owner, int32(c.typ)))
		require.NoError(t, err)
		require.Equal(t, c.want, got)
	}
}

// TestMigrateModelsKeepsVersion2: an entry with a feedback count is
// version 2 and kept; nil stays nil.
func TestMigrateModelsKeepsVersion2(t *testing.T) {
	m := []types.ModelState{{Name: "flow", Version: 3, FeedbackCount: 7, ParamsHash: "ab", OldestVersion: 1}}
	require.Equal(t, m, v2.MigrateModels(m))
	require.Nil(t, v2.MigrateModels(nil))
}
