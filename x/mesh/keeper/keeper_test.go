package keeper_test

import (
	"fmt"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/suite"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"

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

// evidence is a well-formed evidence hash (64 lowercase hex digits).
const evidence = "2c1ab4d6a4b1b6d2a3f0a0d5b0a4f3e2c1d0b9a8f7e6d5c4b3a2f1e0d9c8b7a6"

// KeeperTestSuite tests the keeper and the msg and query servers on an
// in-memory store with a real keeper (the module has no keeper
// dependencies to mock).
type KeeperTestSuite struct {
	suite.Suite

	ctx       sdk.Context
	storeKey  *storetypes.KVStoreKey
	k         keeper.Keeper
	ms        types.MsgServer
	qs        types.QueryServer
	ac        address.Codec
	authority string

	registrar, reporter, alice, bob, carol sdk.AccAddress
}

func TestKeeperTestSuite(t *testing.T) {
	suite.Run(t, new(KeeperTestSuite))
}

func (s *KeeperTestSuite) SetupTest() {
	s.storeKey = storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(s.T(), s.storeKey, storetypes.NewTransientStoreKey("transient_test"))
	s.ctx = tctx.Ctx.WithBlockHeight(10).WithEventManager(sdk.NewEventManager())
	enc := moduletestutil.MakeTestEncodingConfig(mesh.AppModule{})
	s.ac = addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	s.authority = s.str(authtypes.NewModuleAddress(govtypes.ModuleName))
	s.k = keeper.NewKeeper(enc.Codec, runtime.NewKVStoreService(s.storeKey), s.ac, s.authority)
	s.ms = keeper.NewMsgServerImpl(s.k)
	s.qs = keeper.NewQueryServerImpl(s.k)

	s.registrar = sdk.AccAddress([]byte("registrar___________"))
	s.reporter = sdk.AccAddress([]byte("reporter____________"))
	s.alice = sdk.AccAddress([]byte("alice_______________"))
	s.bob = sdk.AccAddress([]byte("bob_________________"))
	s.carol = sdk.AccAddress([]byte("carol_______________"))

	gs := types.DefaultGenesis()
	gs.Roles = []types.RoleGrant{
		{Role: types.RoleRegistrar, Address: s.str(s.registrar)},
		{Role: types.RoleReporter, Address: s.str(s.reporter)},
	}
	s.Require().NoError(s.k.InitGenesis(s.ctx, *gs))
}

// str encodes an address with the suite's codec.
func (s *KeeperTestSuite) str(a sdk.AccAddress) string {
	str, err := s.ac.BytesToString(a)
	s.Require().NoError(err)
	return str
}

// freshEvents resets the event manager so a test sees only its own events.
func (s *KeeperTestSuite) freshEvents() {
	s.ctx = s.ctx.WithEventManager(sdk.NewEventManager())
}

// events returns the typed events emitted since freshEvents.
func (s *KeeperTestSuite) events() []proto.Message {
	var out []proto.Message
	for _, e := range s.ctx.EventManager().ABCIEvents() {
		msg, err := sdk.ParseTypedEvent(e)
		s.Require().NoError(err, "event %s is not a typed event", e.Type)
		out = append(out, msg)
	}
	return out
}

// snapshot is the whole module state, for "state unchanged" checks.
type snapshot struct {
	gen    *types.GenesisState
	owners map[string]types.OwnerStats
}

func (s *KeeperTestSuite) snapshot() snapshot {
	gen, err := s.k.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	owners := map[string]types.OwnerStats{}
	s.Require().NoError(s.k.OwnerStats.Walk(s.ctx, nil, func(a sdk.AccAddress, st types.OwnerStats) (bool, error) {
		owners[string(a)] = st
		return false, nil
	}))
	return snapshot{gen: gen, owners: owners}
}

// requireRejected checks that run fails with want, changes no state and
// emits no event.
func (s *KeeperTestSuite) requireRejected(want error, run func() error) {
	s.T().Helper()
	before := s.snapshot()
	s.freshEvents()
	err := run()
	s.Require().Error(err)
	s.Require().ErrorIs(err, want, "got %v", err)
	s.Require().Equal(before, s.snapshot(), "state changed by a rejected call")
	s.Require().Empty(s.ctx.EventManager().ABCIEvents(), "events emitted by a rejected call")
}

// register registers a node by the registrar.
func (s *KeeperTestSuite) register(id string, typ types.NodeType, owner sdk.AccAddress) types.Node {
	s.T().Helper()
	res, err := s.ms.RegisterNode(s.ctx, &types.MsgRegisterNode{
		Signer: s.str(s.registrar), Id: id, Type: typ, Owner: s.str(owner), Metadata: `{"k":"v"}`,
	})
	s.Require().NoError(err)
	return res.Node
}

// consent sets consent flags as the owner.
func (s *KeeperTestSuite) consent(id string, owner sdk.AccAddress, ds, mt, fa bool) {
	s.T().Helper()
	_, err := s.ms.SetConsent(s.ctx, &types.MsgSetConsent{
		Owner: s.str(owner), NodeId: id, DataSharing: ds, ModelTraining: mt, FederatedAnalysis: fa,
	})
	s.Require().NoError(err)
}

// feedback submits one feedback by the reporter.
func (s *KeeperTestSuite) feedback(id, model string, score uint64) (*types.MsgSubmitFeedbackResponse, error) {
	return s.ms.SubmitFeedback(s.ctx, &types.MsgSubmitFeedback{
		Reporter: s.str(s.reporter), NodeId: id, Model: model, Score: score, EvidenceHash: evidence,
	})
}

// commit commits version v of model on node id by the reporter, trained on
// blocks [1, height-1].
func (s *KeeperTestSuite) commit(id, model string, v uint64, actionID string) types.ModelRecord {
	s.T().Helper()
	res, err := s.ms.CommitModel(s.ctx, &types.MsgCommitModel{
		Reporter: s.str(s.reporter), NodeId: id, Model: model, Version: v, ParamsHash: paramsHash(v),
		TrainStartHeight: 1, TrainEndHeight: s.ctx.BlockHeight() - 1,
		Metrics:  []types.ModelMetric{{Name: "mase", Value: "0.8"}, {Name: "smape", Value: "0.125"}},
		ActionId: actionID,
	})
	s.Require().NoError(err)
	return res.Record
}

// paramsHash is a well-formed, version-specific params hash.
func paramsHash(v uint64) string {
	return fmt.Sprintf("%064x", v)
}

func (s *KeeperTestSuite) setParams(mut func(*types.Params)) {
	p, err := s.k.Params.Get(s.ctx)
	s.Require().NoError(err)
	mut(&p)
	_, err = s.ms.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: p})
	s.Require().NoError(err)
}

func (s *KeeperTestSuite) auditEntries(id string) []types.AuditEntry {
	var out []types.AuditEntry
	rng := collections.NewPrefixedPairRange[string, uint64](id)
	s.Require().NoError(s.k.AuditLog.Walk(s.ctx, rng, func(_ collections.Pair[string, uint64], e types.AuditEntry) (bool, error) {
		out = append(out, e)
		return false, nil
	}))
	return out
}
