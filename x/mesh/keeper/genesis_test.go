package keeper_test

import (
	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/azora-os/nexus/x/mesh"
	"github.com/azora-os/nexus/x/mesh/keeper"
	"github.com/azora-os/nexus/x/mesh/types"
)

// buildState drives the msg server to a state with every kind of entry:
// roles, nodes of every type with models, a deregistered id and a pruned
// audit log.
func (s *KeeperTestSuite) buildState() {
	s.setParams(func(p *types.Params) { p.AuditRetention = 4 })
	s.register("cor-1", types.NodeTypeCorridor, s.alice)
	s.register("dev-1", types.NodeTypeDevice, s.bob)
	s.register("emp-1", types.NodeTypeEmployee, s.bob)
	s.register("emp-gone", types.NodeTypeEmployee, s.alice)
	s.consent("cor-1", s.alice, true, true, true)
	s.consent("dev-1", s.bob, true, true, false)
	for i, m := range []string{"flow", "anomaly", "flow", "flow"} {
		_, err := s.feedback("cor-1", m, uint64(i)*250_000)
		s.Require().NoError(err)
	}
	_, err := s.feedback("dev-1", "uptime", 999_999)
	s.Require().NoError(err)
	_, err = s.ms.SubmitFeedback(s.ctx, &types.MsgSubmitFeedback{
		Reporter: s.str(s.reporter), NodeId: "dev-1", Model: "uptime", Score: 1, EvidenceHash: evidence, ActionId: "fb-1",
	})
	s.Require().NoError(err)
	// Committed models, one pruned (retention 2), and a second reporter.
	s.setParams(func(p *types.Params) { p.ModelHistoryRetention = 2 })
	for v := uint64(1); v <= 3; v++ {
		s.commit("cor-1", "flow", v, "")
	}
	_, err = s.ms.GrantRole(s.ctx, &types.MsgGrantRole{Authority: s.authority, Role: types.RoleReporter, Address: s.str(s.carol)})
	s.Require().NoError(err)
	_, err = s.ms.SubmitFeedback(s.ctx, &types.MsgSubmitFeedback{
		Reporter: s.str(s.carol), NodeId: "cor-1", Model: "flow", ModelVersion: 3, Score: 100_000, EvidenceHash: evidence,
	})
	s.Require().NoError(err)
	_, err = s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.registrar), NodeId: "emp-gone"})
	s.Require().NoError(err)
}

func (s *KeeperTestSuite) newKeeper() (keeper.Keeper, sdk.Context) {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(s.T(), key, storetypes.NewTransientStoreKey("transient_test"))
	enc := moduletestutil.MakeTestEncodingConfig(mesh.AppModule{})
	return keeper.NewKeeper(enc.Codec, runtime.NewKVStoreService(key), s.ac, s.authority), tctx.Ctx
}

// TestGenesisRoundTrip: export after init equals the input, and the derived
// owner aggregates are rebuilt.
func (s *KeeperTestSuite) TestGenesisRoundTrip() {
	s.buildState()
	exported, err := s.k.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().NoError(exported.Validate())
	s.Require().Len(exported.Nodes, 3)
	s.Require().Len(exported.AuditCursors, 4, "the deregistered id keeps its cursor")
	s.Require().Len(exported.Roles, 3, "registrar, reporter and carol (reporter)")
	s.Require().Equal([]types.UsedAction{{Reporter: s.str(s.reporter), ActionId: "fb-1", Height: s.ctx.BlockHeight()}}, exported.UsedActions)
	s.Require().Len(exported.ModelRecords, 2, "versions 2 and 3 of flow; 1 was pruned")
	s.Require().Len(exported.ReporterScores, 3, "reporter and carol on cor-1, reporter on dev-1")

	k2, ctx2 := s.newKeeper()
	s.Require().NoError(k2.InitGenesis(ctx2, *exported))
	again, err := k2.ExportGenesis(ctx2)
	s.Require().NoError(err)
	s.Require().Equal(exported, again)

	for _, owner := range []sdk.AccAddress{s.alice, s.bob, s.carol} {
		want, err := s.k.OwnerReputation(s.ctx, owner)
		s.Require().NoError(err)
		got, err := k2.OwnerReputation(ctx2, owner)
		s.Require().NoError(err)
		s.Require().Equal(want, got)
		wantRep, wantN, err := s.k.AccountReputation(s.ctx, owner)
		s.Require().NoError(err)
		gotRep, gotN, err := k2.AccountReputation(ctx2, owner)
		s.Require().NoError(err)
		s.Require().Equal([2]uint64{wantRep, wantN}, [2]uint64{gotRep, gotN})
	}
	// The imported chain refuses the used ids too.
	_, err = keeper.NewMsgServerImpl(k2).RegisterNode(ctx2, &types.MsgRegisterNode{
		Signer: s.str(s.registrar), Id: "emp-gone", Type: types.NodeTypeEmployee, Owner: s.str(s.alice),
	})
	s.Require().ErrorIs(err, types.ErrDuplicateNode)
	// ... and the used action ids.
	_, err = keeper.NewMsgServerImpl(k2).SubmitFeedback(ctx2, &types.MsgSubmitFeedback{
		Reporter: s.str(s.reporter), NodeId: "dev-1", Model: "uptime", Score: 1, EvidenceHash: evidence, ActionId: "fb-1",
	})
	s.Require().ErrorIs(err, types.ErrDuplicateAction)
}

func (s *KeeperTestSuite) TestDefaultGenesisInit() {
	k2, ctx2 := s.newKeeper()
	s.Require().NoError(k2.InitGenesis(ctx2, *types.DefaultGenesis()))
	got, err := k2.ExportGenesis(ctx2)
	s.Require().NoError(err)
	s.Require().Equal(types.DefaultGenesis(), got)
}

// TestStateCompatibility pins each collection's prefix and key encoding, and
// the raw key node-proof asks for.
func (s *KeeperTestSuite) TestStateCompatibility() {
	s.buildState()
	store := s.ctx.KVStore(s.storeKey)

	// Node: prefix 2 + id bytes, value = the Node's proto bytes.
	raw := store.Get(types.NodeStoreKey("cor-1"))
	s.Require().NotNil(raw)
	s.Require().Equal(append([]byte{2}, "cor-1"...), types.NodeStoreKey("cor-1"))
	n, err := s.k.GetNode(s.ctx, "cor-1")
	s.Require().NoError(err)
	enc := moduletestutil.MakeTestEncodingConfig(mesh.AppModule{})
	bz, err := enc.Codec.Marshal(&n)
	s.Require().NoError(err)
	s.Require().Equal(bz, raw)

	// Every other collection under its numbered prefix.
	for _, tc := range []struct {
		name   string
		prefix collections.Prefix
	}{
		{"params", types.ParamsKey},
		{"roles", types.RolesPrefix},
		{"nodes_by_owner", types.NodesByOwnerPrefix},
		{"nodes_by_type", types.NodesByTypePrefix},
		{"audit_log", types.AuditLogPrefix},
		{"audit_cursors", types.AuditCursorsPrefix},
		{"owner_stats", types.OwnerStatsPrefix},
		{"used_actions", types.UsedActionsPrefix},
		{"owner_type_stats", types.OwnerTypeStatsPrefix},
		{"model_records", types.ModelRecordsPrefix},
		{"reporter_scores", types.ReporterScoresPrefix},
	} {
		it := storetypes.KVStorePrefixIterator(store, tc.prefix)
		s.Require().True(it.Valid(), "no key under the %s prefix", tc.name)
		s.Require().NoError(it.Close())
	}
	s.Require().Equal([]byte{0}, []byte(types.ParamsKey))
	s.Require().Equal([]byte{7}, []byte(types.OwnerStatsPrefix))
	s.Require().Equal([]byte{8}, []byte(types.UsedActionsPrefix))
	s.Require().Equal([]byte{9}, []byte(types.OwnerTypeStatsPrefix))
	s.Require().Equal([]byte{10}, []byte(types.ModelRecordsPrefix))
	s.Require().Equal([]byte{11}, []byte(types.ReporterScoresPrefix))

	// A model record's key is (node id, model, version): two non-terminal
	// strings + big-endian uint64.
	mkey, err := collections.EncodeKeyWithPrefix(types.ModelRecordsPrefix,
		collections.TripleKeyCodec(collections.StringKey, collections.StringKey, collections.Uint64Key), collections.Join3("cor-1", "flow", uint64(3)))
	s.Require().NoError(err)
	s.Require().Equal(append(append([]byte{10}, "cor-1\x00flow\x00"...), 0, 0, 0, 0, 0, 0, 0, 3), mkey)
	s.Require().True(store.Has(mkey))
	// A reporter score's key is (node id, reporter): non-terminal string +
	// the address bytes (last part).
	rkey, err := collections.EncodeKeyWithPrefix(types.ReporterScoresPrefix,
		collections.PairKeyCodec(collections.StringKey, sdk.AccAddressKey), collections.Join("cor-1", s.carol))
	s.Require().NoError(err)
	s.Require().Equal(append(append([]byte{11}, "cor-1\x00"...), s.carol...), rkey)
	s.Require().True(store.Has(rkey))

	// A used action's key is (reporter, id): length-prefixed address bytes +
	// the id (last part: no terminator); the value is the height as collections'
	// Int64Value (8 bytes, never empty).
	key0, err := collections.EncodeKeyWithPrefix(types.UsedActionsPrefix,
		collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey), collections.Join(s.reporter, "fb-1"))
	s.Require().NoError(err)
	s.Require().Equal(append(append([]byte{8, byte(len(s.reporter))}, s.reporter...), "fb-1"...), key0)
	s.Require().Len(store.Get(key0), 8)

	// The audit log key is (id, seq): non-terminal string + big-endian uint64.
	key, err := collections.EncodeKeyWithPrefix(types.AuditLogPrefix,
		collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), collections.Join("cor-1", uint64(8)))
	s.Require().NoError(err)
	s.Require().Equal(append(append([]byte{5}, "cor-1\x00"...), 0, 0, 0, 0, 0, 0, 0, 8), key)
	s.Require().True(store.Has(key))

	// No value in the mesh store is empty: ICS-23 cannot prove a key with an
	// empty value, and absence proofs of nodes rest on their neighbours.
	it := store.Iterator(nil, nil)
	count := 0
	for ; it.Valid(); it.Next() {
		s.Require().NotEmpty(it.Value(), "empty value under key %x", it.Key())
		count++
	}
	s.Require().NoError(it.Close())
	s.Require().Greater(count, 20)

	// Schema names are stable.
	names := []string{}
	for _, c := range s.k.Schema.ListCollections() {
		names = append(names, c.GetName())
	}
	s.Require().Equal([]string{
		"audit_cursors", "audit_log", "model_records", "nodes", "nodes_by_owner", "nodes_by_type",
		"owner_stats", "owner_type_stats", "params", "reporter_scores", "roles", "used_actions",
	}, names) // sorted by name
}
