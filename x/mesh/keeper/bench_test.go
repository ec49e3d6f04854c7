package keeper_test

import (
	"fmt"
	"testing"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/x/mesh"
	"github.com/azora-os/nexus/x/mesh/keeper"
	"github.com/azora-os/nexus/x/mesh/types"
)

// benchEnv is a keeper with nodes nodes, all consenting, and a reporter.
func benchEnv(b *testing.B, nodes int) (sdk.Context, types.MsgServer, string) {
	b.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(b, key, storetypes.NewTransientStoreKey("transient_bench"))
	ctx := tctx.Ctx.WithBlockHeight(10)
	ac := addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	str := func(a sdk.AccAddress) string { s, _ := ac.BytesToString(a); return s }
	enc := moduletestutil.MakeTestEncodingConfig(mesh.AppModule{})
	k := keeper.NewKeeper(enc.Codec, runtime.NewKVStoreService(key), ac, str(authtypes.NewModuleAddress(govtypes.ModuleName)))
	ms := keeper.NewMsgServerImpl(k)
	registrar, reporter, owner := sdk.AccAddress([]byte("registrar___________")), sdk.AccAddress([]byte("reporter____________")), sdk.AccAddress([]byte("owner_______________"))
	gs := types.DefaultGenesis()
	gs.Roles = []types.RoleGrant{{Role: types.RoleRegistrar, Address: str(registrar)}, {Role: types.RoleReporter, Address: str(reporter)}}
	if err := k.InitGenesis(ctx, *gs); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < nodes; i++ {
		id := fmt.Sprintf("node-%04d", i)
		if _, err := ms.RegisterNode(ctx, &types.MsgRegisterNode{Signer: str(registrar), Id: id, Type: types.NodeTypeDevice, Owner: str(owner)}); err != nil {
			b.Fatal(err)
		}
		if _, err := ms.SetConsent(ctx, &types.MsgSetConsent{Owner: str(owner), NodeId: id, DataSharing: true, ModelTraining: true}); err != nil {
			b.Fatal(err)
		}
	}
	return ctx, ms, str(reporter)
}

// BenchmarkSubmitFeedback: one feedback through the msg server (node write,
// owner aggregate, audit append with pruning, two events), in steady state
// (the audit window full, so every append also prunes).
func BenchmarkSubmitFeedback(b *testing.B) {
	ctx, ms, reporter := benchEnv(b, 16)
	msg := &types.MsgSubmitFeedback{Reporter: reporter, Model: "flow", EvidenceHash: evidence}
	for i := 0; i < 16*types.DefaultAuditRetention; i++ { // fill every window
		msg.NodeId, msg.Score = fmt.Sprintf("node-%04d", i%16), uint64(i%1000)*1000
		if _, err := ms.SubmitFeedback(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ctx = ctx.WithEventManager(sdk.NewEventManager())
		msg.NodeId, msg.Score = fmt.Sprintf("node-%04d", i%16), uint64(i%1000)*1000
		if _, err := ms.SubmitFeedback(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubmitFeedbackBatch100: a batch at the default bound (100 items
// over 16 nodes); ns/op is per batch.
func BenchmarkSubmitFeedbackBatch100(b *testing.B) {
	ctx, ms, reporter := benchEnv(b, 16)
	items := make([]types.FeedbackItem, types.DefaultMaxBatchSize)
	for i := range items {
		items[i] = types.FeedbackItem{NodeId: fmt.Sprintf("node-%04d", i%16), Model: fmt.Sprintf("m%d", i%4), Score: uint64(i) * 9_000, EvidenceHash: evidence}
	}
	msg := &types.MsgSubmitFeedbackBatch{Reporter: reporter, Items: items}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ctx = ctx.WithEventManager(sdk.NewEventManager())
		if _, err := ms.SubmitFeedbackBatch(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNextReputation: the EWMA step alone.
func BenchmarkNextReputation(b *testing.B) {
	rep := uint64(500_000)
	for i := 0; i < b.N; i++ {
		rep = types.NextReputation(rep, uint64(i%1_000_001), 2_000)
	}
	_ = rep
}
