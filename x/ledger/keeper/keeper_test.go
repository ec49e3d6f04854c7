package keeper_test

import (
	"context"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"
	"github.com/stretchr/testify/suite"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/store/v2"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/bank"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/x/ledger"
	"github.com/azora-os/nexus/x/ledger/keeper"
	"github.com/azora-os/nexus/x/ledger/types"
	"github.com/azora-os/nexus/x/pivc"
	pivckeeper "github.com/azora-os/nexus/x/pivc/keeper"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// Keeper tests run x/ledger against real x/auth, x/bank and x/pivc keepers
// on an in-memory multistore (with bank's, pivc's and ledger's object
// stores mounted), with the restrictions appended in the app's order
// (pivc, then ledger), so every fee and balance is real.

const (
	escrowModule = "escrow" // stands for x/forge's escrow account
	minterModule = "minter" // mints test funds (a mint/burn account)
)

// env is one in-memory chain: a committed multistore and the keepers on it.
type env struct {
	cms     storetypes.CommitMultiStore
	ctx     sdk.Context
	cdc     codec.Codec
	ak      authkeeper.AccountKeeper
	bk      bankkeeper.BaseKeeper
	pk      pivckeeper.Keeper
	k       keeper.Keeper
	reader  *sdkmetric.ManualReader
	gov     sdk.AccAddress
	txIndex int
	key     *storetypes.KVStoreKey
}

func newEnv(t testing.TB, edit func(*types.Params)) *env {
	t.Helper()
	app.SetAddressConfig()
	enc := moduletestutil.MakeTestEncodingConfig(auth.AppModuleBasic{}, bank.AppModuleBasic{}, pivc.AppModuleBasic{}, ledger.AppModuleBasic{})
	cdc := enc.Codec

	keys := storetypes.NewKVStoreKeys(authtypes.StoreKey, banktypes.StoreKey, pivctypes.StoreKey, types.StoreKey)
	oKeys := storetypes.NewObjectStoreKeys(banktypes.ObjectStoreKey, pivctypes.ObjectStoreKey, types.ObjectStoreKey)
	cms := store.NewCommitMultiStore(dbm.NewMemDB(), log.NewNopLogger())
	for _, k := range keys {
		cms.MountStoreWithDB(k, storetypes.StoreTypeIAVL, nil)
	}
	for _, k := range oKeys {
		cms.MountStoreWithDB(k, storetypes.StoreTypeObject, nil)
	}
	require.NoError(t, cms.LoadLatestVersion())

	gov := authtypes.NewModuleAddress(govtypes.ModuleName)
	maccPerms := map[string][]string{
		authtypes.FeeCollectorName: nil,
		govtypes.ModuleName:        {authtypes.Burner},
		pivctypes.GrowthPoolName:   nil,
		pivctypes.UBOPoolName:      nil,
		escrowModule:               nil,
		minterModule:               {authtypes.Minter, authtypes.Burner},
	}
	ak := authkeeper.NewAccountKeeper(cdc, runtime.NewKVStoreService(keys[authtypes.StoreKey]),
		authtypes.ProtoBaseAccount, maccPerms, address.NewBech32Codec(app.Bech32Prefix), app.Bech32Prefix, gov.String())
	blocked := map[string]bool{}
	for name := range maccPerms {
		blocked[authtypes.NewModuleAddress(name).String()] = true
	}
	bk := bankkeeper.NewBaseKeeper(cdc, runtime.NewKVStoreService(keys[banktypes.StoreKey]), ak, blocked, gov.String(), log.NewNopLogger()).
		WithObjStoreKey(oKeys[banktypes.ObjectStoreKey])
	pk := pivckeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[pivctypes.StoreKey]), oKeys[pivctypes.ObjectStoreKey], ak, bk, pivctypes.NoEligibility{}, gov.String())
	bk.AppendSendRestriction(pk.SendRestriction)
	reader := sdkmetric.NewManualReader()
	meter := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)).Meter(keeper.MeterName)
	k := keeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[types.StoreKey]), oKeys[types.ObjectStoreKey], ak, bk, pk,
		pivckeeper.NewQueryServerImpl(pk), gov.String(), keeper.Config{EscrowModules: []string{escrowModule}, UntrackedDenoms: []string{"ustake"}, Meter: meter})
	bk.AppendSendRestriction(k.SendRestriction)

	e := &env{cms: cms, cdc: cdc, ak: ak, bk: bk, pk: pk, k: k, reader: reader, gov: gov, key: keys[types.StoreKey]}
	e.ctx = sdk.NewContext(cms, cmtproto.Header{Height: 1, ChainID: "ledger-test", Time: genesisTime}, false, log.NewNopLogger())
	require.NoError(t, bk.SetParams(e.ctx, banktypes.DefaultParams()))
	require.NoError(t, pk.InitGenesis(e.ctx, pivctypes.DefaultGenesis()))
	gs := types.DefaultGenesis()
	gs.Params.CheckpointInterval = 5
	if edit != nil {
		edit(&gs.Params)
	}
	require.NoError(t, k.InitGenesis(e.ctx, gs))
	e.commit()
	return e
}

// fund mints coins to addr at genesis-like time (outside any tx): the
// movement minter → addr is journalled like any payout.
func (e *env) fund(t testing.TB, addr sdk.AccAddress, amt sdk.Coins) {
	t.Helper()
	require.NoError(t, e.bk.MintCoins(e.ctx, minterModule, amt))
	require.NoError(t, e.bk.SendCoinsFromModuleToAccount(e.ctx, minterModule, addr, amt))
}

// tx runs fn as one tx of the current block (tx bytes, the next tx index,
// the message types), in a cached branch written back only if fn succeeds.
func (e *env) tx(fn func(ctx sdk.Context) error, msgTypes ...string) (sdk.Events, error) {
	if len(msgTypes) == 0 {
		msgTypes = []string{"/test.Msg"}
	}
	cctx, write := e.ctx.WithTxBytes([]byte("tx")).WithTxIndex(e.txIndex).CacheContext()
	cctx = keeper.WithMsgTypes(cctx, msgTypes).WithMsgIndex(0)
	e.txIndex++
	err := fn(cctx)
	if err == nil {
		write()
	}
	return cctx.EventManager().Events(), err
}

// endBlock runs bank's, pivc's and ledger's EndBlockers (in the app's
// order), commits (which clears the object stores), starts the next block
// and returns the EndBlock events.
func (e *env) endBlock(t testing.TB) sdk.Events {
	t.Helper()
	ctx := e.ctx.WithEventManager(sdk.NewEventManager()).WithTxCount(e.txIndex)
	require.NoError(t, e.bk.CreditVirtualAccounts(ctx))
	require.NoError(t, e.pk.EndBlocker(ctx))
	require.NoError(t, e.k.EndBlocker(ctx))
	e.commit()
	return ctx.EventManager().Events()
}

func (e *env) commit() {
	e.cms.Commit()
	e.ctx = e.ctx.WithBlockHeight(e.ctx.BlockHeight() + 1).WithEventManager(sdk.NewEventManager()).WithTxCount(0)
	e.txIndex = 0
}

// endBlocksUntil ends blocks until the block at height h has ended.
func (e *env) endBlocksUntil(t testing.TB, h int64) {
	t.Helper()
	for e.ctx.BlockHeight() <= h {
		e.endBlock(t)
	}
}

func (e *env) head(t testing.TB) types.JournalHead {
	t.Helper()
	h, err := e.k.Head.Get(e.ctx)
	require.NoError(t, err)
	return h
}

func (e *env) entry(t testing.TB, seq uint64) types.JournalEntry {
	t.Helper()
	en, err := e.k.Entries.Get(e.ctx, seq)
	require.NoError(t, err)
	return en
}

// failures returns the reconciliation failure counter's total.
func (e *env) failures(t testing.TB) int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, e.reader.Collect(context.Background(), &rm))
	var total int64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != keeper.ReconciliationFailuresMetric {
				continue
			}
			for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
				total += dp.Value
			}
		}
	}
	return total
}

func testAddr(name string) sdk.AccAddress {
	return sdk.AccAddress([]byte(name + "____________________")[:20])
}

// KeeperTestSuite is the testify suite of the keeper tests.
type KeeperTestSuite struct {
	suite.Suite
	e                       *env
	alice, bob, carol, dave sdk.AccAddress
	escrow, growth, ubo     sdk.AccAddress
	msgServer               types.MsgServer
	queryServer             types.QueryServer
}

func TestKeeperTestSuite(t *testing.T) { suite.Run(t, new(KeeperTestSuite)) }

func (s *KeeperTestSuite) SetupTest() { s.setup(nil) }

func (s *KeeperTestSuite) setup(edit func(*types.Params)) {
	s.e = newEnv(s.T(), edit)
	s.alice, s.bob, s.carol, s.dave = testAddr("alice"), testAddr("bob"), testAddr("carol"), testAddr("dave")
	s.escrow = authtypes.NewModuleAddress(escrowModule)
	s.growth, s.ubo = s.e.pk.GrowthPoolAddress(), s.e.pk.UBOPoolAddress()
	s.msgServer = keeper.NewMsgServerImpl(s.e.k)
	s.queryServer = keeper.NewQueryServerImpl(s.e.k)
	for _, a := range []sdk.AccAddress{s.alice, s.bob, s.carol, s.dave} {
		s.e.fund(s.T(), a, uazr(1_000_000))
	}
	s.e.endBlock(s.T())
}

// genesisTime is the block time of the keeper tests' chain (it does not
// advance unless a test moves it); testDeadline is a payment deadline valid
// for the first days of it (and of apptesting's chain, which starts at the
// same time and advances one second per block).
var (
	genesisTime  = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	testDeadline = genesisTime.Add(6 * 24 * time.Hour)
)

func uazr(n int64) sdk.Coins { return sdk.NewCoins(sdk.NewInt64Coin("uazr", n)) }
