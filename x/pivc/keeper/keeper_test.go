package keeper_test

import (
	"context"
	"math/big"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/suite"

	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"

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
	"github.com/azora-os/nexus/types/satmath"
	"github.com/azora-os/nexus/x/pivc"
	"github.com/azora-os/nexus/x/pivc/keeper"
	"github.com/azora-os/nexus/x/pivc/types"
)

// Keeper tests run x/pivc against real x/auth and x/bank keepers on an
// in-memory multistore (with bank's and pivc's object stores mounted), so
// every balance is real; eligibility comes from a fake.

const (
	escrowModule = "escrow" // stands for x/forge's escrow account
	minterModule = "minter" // funds test accounts
)

// fakeEligibility is the x/aegis stand-in.
type fakeEligibility struct{ eligible map[string]bool }

func (f *fakeEligibility) IsEligible(_ context.Context, addr sdk.AccAddress) (bool, error) {
	return f.eligible[string(addr)], nil
}

// env is one in-memory chain: a committed multistore and the keepers on it.
type env struct {
	cms     storetypes.CommitMultiStore
	ctx     sdk.Context
	cdc     codec.Codec
	ak      authkeeper.AccountKeeper
	bk      bankkeeper.BaseKeeper
	k       keeper.Keeper
	elig    *fakeEligibility
	gov     sdk.AccAddress
	txIndex int
	key     *storetypes.KVStoreKey
}

func newEnv(t testing.TB) *env {
	t.Helper()
	app.SetAddressConfig()
	enc := moduletestutil.MakeTestEncodingConfig(auth.AppModuleBasic{}, bank.AppModuleBasic{}, pivc.AppModuleBasic{})
	cdc := enc.Codec

	keys := storetypes.NewKVStoreKeys(authtypes.StoreKey, banktypes.StoreKey, types.StoreKey)
	oKeys := storetypes.NewObjectStoreKeys(banktypes.ObjectStoreKey, types.ObjectStoreKey)
	db := dbm.NewMemDB()
	cms := store.NewCommitMultiStore(db, log.NewNopLogger())
	for _, k := range keys {
		cms.MountStoreWithDB(k, storetypes.StoreTypeIAVL, nil)
	}
	for _, k := range oKeys {
		cms.MountStoreWithDB(k, storetypes.StoreTypeObject, nil)
	}
	if err := cms.LoadLatestVersion(); err != nil {
		t.Fatal(err)
	}

	gov := authtypes.NewModuleAddress(govtypes.ModuleName)
	maccPerms := map[string][]string{
		authtypes.FeeCollectorName: nil,
		govtypes.ModuleName:        {authtypes.Burner},
		types.GrowthPoolName:       nil,
		types.UBOPoolName:          nil,
		escrowModule:               nil,
		minterModule:               {authtypes.Minter},
	}
	ak := authkeeper.NewAccountKeeper(cdc, runtime.NewKVStoreService(keys[authtypes.StoreKey]),
		authtypes.ProtoBaseAccount, maccPerms, address.NewBech32Codec(app.Bech32Prefix), app.Bech32Prefix, gov.String())
	blocked := map[string]bool{}
	for name := range maccPerms {
		blocked[authtypes.NewModuleAddress(name).String()] = true
	}
	bk := bankkeeper.NewBaseKeeper(cdc, runtime.NewKVStoreService(keys[banktypes.StoreKey]), ak, blocked, gov.String(), log.NewNopLogger()).
		WithObjStoreKey(oKeys[banktypes.ObjectStoreKey])
	elig := &fakeEligibility{eligible: map[string]bool{}}
	k := keeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[types.StoreKey]), oKeys[types.ObjectStoreKey], ak, bk, elig, gov.String())
	bk.AppendSendRestriction(k.SendRestriction)

	e := &env{cms: cms, cdc: cdc, ak: ak, bk: bk, k: k, elig: elig, gov: gov, key: keys[types.StoreKey]}
	e.ctx = sdk.NewContext(cms, cmtproto.Header{Height: 1, ChainID: "pivc-test"}, false, log.NewNopLogger())
	if err := k.InitGenesis(e.ctx, types.DefaultGenesis()); err != nil {
		t.Fatal(err)
	}
	e.commit()
	return e
}

// setParams replaces the params (as genesis would).
func (e *env) setParams(t testing.TB, mut func(*types.Params)) {
	t.Helper()
	p, err := e.k.Params.Get(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	mut(&p)
	if err := e.k.SetParams(e.ctx, p); err != nil {
		t.Fatal(err)
	}
}

// fund mints coins to addr (outside any tx).
func (e *env) fund(t testing.TB, addr sdk.AccAddress, amt sdk.Coins) {
	t.Helper()
	if err := e.bk.MintCoins(e.ctx, minterModule, amt); err != nil {
		t.Fatal(err)
	}
	if err := e.bk.SendCoinsFromModuleToAccount(e.ctx, minterModule, addr, amt); err != nil {
		t.Fatal(err)
	}
}

// fundModule mints coins to a module account (outside any tx).
func (e *env) fundModule(t testing.TB, module string, amt sdk.Coins) {
	t.Helper()
	if err := e.bk.MintCoins(e.ctx, minterModule, amt); err != nil {
		t.Fatal(err)
	}
	if err := e.bk.SendCoinsFromModuleToModule(e.ctx, minterModule, module, amt); err != nil {
		t.Fatal(err)
	}
}

// tx runs fn as one tx of the current block: with tx bytes and the next tx
// index set, in a cached branch written back only if fn succeeds. It returns
// fn's error and the events it emitted.
func (e *env) tx(fn func(ctx sdk.Context) error) (sdk.Events, error) {
	cctx, write := e.ctx.WithTxBytes([]byte("tx")).WithTxIndex(e.txIndex).CacheContext()
	e.txIndex++
	err := fn(cctx)
	if err == nil {
		write()
	}
	return cctx.EventManager().Events(), err
}

// send runs a bank send as a tx.
func (e *env) send(from, to sdk.AccAddress, amt sdk.Coins) (sdk.Events, error) {
	return e.tx(func(ctx sdk.Context) error { return e.bk.SendCoins(ctx, from, to, amt) })
}

// endBlock runs bank's and pivc's EndBlockers (in the app's order), commits
// (which clears the object stores) and starts the next block.
func (e *env) endBlock() error {
	if err := e.bk.CreditVirtualAccounts(e.ctx); err != nil {
		return err
	}
	if err := e.k.EndBlocker(e.ctx); err != nil {
		return err
	}
	e.commit()
	return nil
}

func (e *env) commit() {
	e.cms.Commit()
	e.ctx = e.ctx.WithBlockHeight(e.ctx.BlockHeight() + 1).WithEventManager(sdk.NewEventManager())
	e.txIndex = 0
}

// endBlocksUntil ends blocks until the block at height h has ended.
func (e *env) endBlocksUntil(t testing.TB, h int64) {
	t.Helper()
	for e.ctx.BlockHeight() <= h {
		if err := e.endBlock(); err != nil {
			t.Fatal(err)
		}
	}
}

func (e *env) balance(addr sdk.AccAddress, d string) sdkmath.Int {
	return e.bk.GetBalance(e.ctx, addr, d).Amount
}

func testAddr(name string) sdk.AccAddress {
	return sdk.AccAddress([]byte(name + "____________________")[:20])
}

// KeeperTestSuite is the testify suite of the keeper tests.
type KeeperTestSuite struct {
	suite.Suite
	e                           *env
	alice, bob, carol, dave     sdk.AccAddress
	msgServer                   types.MsgServer
	queryServer                 types.QueryServer
	growth, ubo, escrow, minter sdk.AccAddress
}

func TestKeeperTestSuite(t *testing.T) { suite.Run(t, new(KeeperTestSuite)) }

func (s *KeeperTestSuite) SetupTest() {
	s.e = newEnv(s.T())
	s.alice, s.bob, s.carol, s.dave = testAddr("alice"), testAddr("bob"), testAddr("carol"), testAddr("dave")
	for _, a := range []sdk.AccAddress{s.alice, s.bob, s.carol, s.dave} {
		s.e.fund(s.T(), a, sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000_000)))
	}
	s.msgServer = keeper.NewMsgServerImpl(s.e.k)
	s.queryServer = keeper.NewQueryServerImpl(s.e.k)
	s.growth, s.ubo = s.e.k.GrowthPoolAddress(), s.e.k.UBOPoolAddress()
	s.escrow = authtypes.NewModuleAddress(escrowModule)
	s.minter = authtypes.NewModuleAddress(minterModule)
	s.e.commit()
}

func (s *KeeperTestSuite) bal(addr sdk.AccAddress) int64 { return s.e.balance(addr, denom).Int64() }

func abciEvent(e sdk.Event) abci.Event { return abci.Event(e) }

// normalizeEvent turns empty coin lists into sdk.Coins{} so events decoded
// from JSON compare equal to literals.
func normalizeEvent(e *types.EventFeeCaptured) *types.EventFeeCaptured {
	for _, c := range []*sdk.Coins{&e.Amount, &e.Fee, &e.ToGrowth, &e.ToUbo} {
		if len(*c) == 0 {
			*c = sdk.Coins{}
		}
	}
	return e
}

func sdkIntFromString(s string) (sdkmath.Int, bool) { return sdkmath.NewIntFromString(s) }

func sdkIntRaw(v int64) sdkmath.Int { return sdkmath.NewInt(v) }

func authModuleAddr(name string) sdk.AccAddress { return authtypes.NewModuleAddress(name) }

// TestTotalsSaturate (issue 14): the lifetime totals grow with every fee
// however often the same coins circulate, so they are the sums users can
// grow without bound. Two captures of 2^255 would overflow a math.Int in
// EndBlock (a halt); the total stops at 2^256 - 1 and EventTotalSaturated
// reports it.
func (s *KeeperTestSuite) TestTotalsSaturate() {
	const bigDenom = "a/big"
	x := sdkmath.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), 255))
	fee := sdk.NewCoins(sdk.NewCoin(bigDenom, x))
	s.e.fundModule(s.T(), escrowModule, fee)

	capture := func() sdk.Events {
		_, err := s.e.tx(func(ctx sdk.Context) error { return s.e.k.CaptureFromModule(ctx, escrowModule, s.alice, fee) })
		s.Require().NoError(err)
		ctx := s.e.ctx.WithEventManager(sdk.NewEventManager())
		s.Require().NoError(s.e.bk.CreditVirtualAccounts(ctx))
		s.Require().NoError(s.e.k.EndBlocker(ctx)) // panicked before the fix
		s.e.commit()
		return ctx.EventManager().Events()
	}
	s.Require().Empty(saturatedEvents(capture()))

	// The same coins come back to the escrow (a growth spend and a new
	// order would do it over several txs) and are captured again.
	for _, pool := range []string{types.GrowthPoolName, types.UBOPoolName} {
		bal := s.e.bk.GetBalance(s.e.ctx, s.e.ak.GetModuleAddress(pool), bigDenom)
		s.Require().NoError(s.e.bk.SendCoinsFromModuleToModule(s.e.ctx, pool, escrowModule, sdk.NewCoins(bal)))
	}
	// captured reaches 2^256; the 60/40 shares of it do not.
	s.Require().Equal([]string{bigDenom + "/captured"}, saturatedEvents(capture()))

	res, err := s.queryServer.Totals(s.e.ctx, &types.QueryTotalsRequest{})
	s.Require().NoError(err)
	var got types.DenomTotals
	for _, t := range res.Totals {
		if t.Denom == bigDenom {
			got = t
		}
	}
	s.Require().True(got.Captured.Equal(satmath.Max()), "captured %s", got.Captured)
	s.Require().True(got.ToUbo.LT(satmath.Max()), "to_ubo %s", got.ToUbo)
}

func saturatedEvents(events sdk.Events) []string {
	var out []string
	for _, e := range events {
		if e.Type != "azora.pivc.v1.EventTotalSaturated" {
			continue
		}
		m := map[string]string{}
		for _, a := range e.Attributes {
			m[a.Key] = strings.Trim(a.Value, `"`)
		}
		out = append(out, m["denom"]+"/"+m["total"])
	}
	return out
}
