package keeper_test

import (
	"context"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/suite"
	"go.uber.org/mock/gomock"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/forge"
	"github.com/azora-os/nexus/x/forge/keeper"
	forgetestutil "github.com/azora-os/nexus/x/forge/testutil"
	"github.com/azora-os/nexus/x/forge/types"
)

// move is one bank movement the keeper made, with the context facts the
// send restrictions would see.
type move struct {
	from, to   sdk.AccAddress
	amt        sdk.Coins
	reference  string
	feeCapture bool
	heldFee    bool
}

// KeeperTestSuite runs the msg and query servers and EndBlock on an
// in-memory store, with gomock account, bank, pivc and aegis keepers backed
// by a small in-test ledger: balances, the PIVC pools, frozen accounts and
// recipients bank refuses.
type KeeperTestSuite struct {
	suite.Suite

	ctx sdk.Context
	key *storetypes.KVStoreKey
	k   keeper.Keeper
	ms  types.MsgServer
	qs  types.QueryServer
	ac  address.Codec

	ak    *forgetestutil.MockAccountKeeper
	bk    *forgetestutil.MockBankKeeper
	pivc  *forgetestutil.MockPivcKeeper
	aegis *forgetestutil.MockAegisKeeper
	denom *forgetestutil.MockDenomKeeper

	authority                                  string
	alice, bob, carol, custodian, arbiter      sdk.AccAddress
	aliceS, bobS, carolS, custodianS, arbiterS string
	escrow, pivcPool                           sdk.AccAddress
	balances                                   map[string]sdk.Coins
	frozen                                     map[string]bool
	refuse                                     map[string]error
	exempt                                     map[string]bool
	moves                                      []move
	captures                                   []sdk.Coins
}

func TestKeeperTestSuite(t *testing.T) {
	suite.Run(t, new(KeeperTestSuite))
}

var genesisTime = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// payable are the denoms the fake x/mint calls money: uazr and the
// chartered a-Tokens of the tests.
var payable = map[string]bool{"uazr": true, "a/kasi": true, "a/big": true}

func (s *KeeperTestSuite) SetupTest() { s.setup(true) }

// SetupTestEmpty sets the suite up without running InitGenesis.
func (s *KeeperTestSuite) SetupTestEmpty() { s.setup(false) }

func (s *KeeperTestSuite) setup(initGenesis bool) {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	s.key = key
	okey := storetypes.NewObjectStoreKey(types.ObjectStoreKey)
	tctx := testutil.DefaultContextWithObjectStore(s.T(), key, storetypes.NewTransientStoreKey("transient_test"), okey)
	s.ctx = tctx.Ctx.WithBlockHeight(10).WithBlockTime(genesisTime)
	encCfg := moduletestutil.MakeTestEncodingConfig(forge.AppModule{})
	s.ac = addresscodec.NewBech32Codec("azora")

	s.authority = s.str(authtypes.NewModuleAddress(govtypes.ModuleName))
	s.alice = sdk.AccAddress("alice_______________")
	s.bob = sdk.AccAddress("bob_________________")
	s.carol = sdk.AccAddress("carol_______________")
	s.custodian = sdk.AccAddress("custodian___________")
	s.arbiter = sdk.AccAddress("arbiter_____________")
	s.aliceS, s.bobS, s.carolS = s.str(s.alice), s.str(s.bob), s.str(s.carol)
	s.custodianS, s.arbiterS = s.str(s.custodian), s.str(s.arbiter)
	s.escrow = authtypes.NewModuleAddress(types.ModuleName)
	s.pivcPool = authtypes.NewModuleAddress("pivc_pools")

	s.balances = map[string]sdk.Coins{}
	s.frozen = map[string]bool{}
	s.refuse = map[string]error{}
	s.exempt = map[string]bool{}
	s.moves = nil
	s.captures = nil
	for _, a := range []sdk.AccAddress{s.alice, s.bob, s.carol} {
		s.balances[string(a)] = sdk.NewCoins(sdk.NewInt64Coin("uazr", 1_000_000_000), sdk.NewInt64Coin("a/kasi", 1_000_000))
	}

	ctrl := gomock.NewController(s.T())
	s.ak = forgetestutil.NewMockAccountKeeper(ctrl)
	s.bk = forgetestutil.NewMockBankKeeper(ctrl)
	s.pivc = forgetestutil.NewMockPivcKeeper(ctrl)
	s.aegis = forgetestutil.NewMockAegisKeeper(ctrl)
	s.denom = forgetestutil.NewMockDenomKeeper(ctrl)
	s.wireMocks()

	s.k = keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), okey, s.ak, s.bk, s.pivc, s.aegis, s.denom, s.authority)
	s.ms = keeper.NewMsgServerImpl(s.k)
	s.qs = keeper.NewQueryServerImpl(s.k)
	if !initGenesis {
		return
	}
	gs := types.DefaultGenesis()
	gs.Roles = []types.RoleGrant{
		{Role: types.RoleCustodian, Address: s.custodianS},
		{Role: types.RoleArbiter, Address: s.arbiterS},
	}
	s.Require().NoError(s.k.InitGenesis(s.ctx, gs))
}

func (s *KeeperTestSuite) wireMocks() {
	moduleAcc := authtypes.NewEmptyModuleAccount(types.ModuleName)
	s.ak.EXPECT().AddressCodec().Return(s.ac).AnyTimes()
	s.ak.EXPECT().GetModuleAddress(types.ModuleName).Return(s.escrow).AnyTimes()
	s.ak.EXPECT().GetModuleAccount(gomock.Any(), types.ModuleName).Return(moduleAcc).AnyTimes()

	s.bk.EXPECT().GetBalance(gomock.Any(), gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, a sdk.AccAddress, denom string) sdk.Coin {
			return sdk.NewCoin(denom, s.balances[string(a)].AmountOf(denom))
		}).AnyTimes()
	s.bk.EXPECT().GetAllBalances(gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, a sdk.AccAddress) sdk.Coins { return s.balances[string(a)] }).AnyTimes()
	s.bk.EXPECT().LockedCoins(gomock.Any(), gomock.Any()).Return(sdk.NewCoins()).AnyTimes()
	s.bk.EXPECT().BlockedAddr(gomock.Any()).DoAndReturn(
		func(a sdk.AccAddress) bool { return a.Equals(s.escrow) || a.Equals(s.pivcPool) }).AnyTimes()
	s.bk.EXPECT().SendCoinsFromAccountToModule(gomock.Any(), gomock.Any(), types.ModuleName, gomock.Any()).DoAndReturn(
		func(ctx context.Context, from sdk.AccAddress, _ string, amt sdk.Coins) error {
			return s.send(ctx, from, s.escrow, amt)
		}).AnyTimes()
	s.bk.EXPECT().SendCoinsFromModuleToAccount(gomock.Any(), types.ModuleName, gomock.Any(), gomock.Any()).DoAndReturn(
		func(ctx context.Context, _ string, to sdk.AccAddress, amt sdk.Coins) error {
			if err := s.refuse[string(to)]; err != nil {
				return err // a send restriction refusing the recipient
			}
			return s.send(ctx, s.escrow, to, amt)
		}).AnyTimes()

	// PIVC: 5%, rounded up, zero for exempt parties.
	s.pivc.EXPECT().FeeFor(gomock.Any(), gomock.Any(), gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, from, to sdk.AccAddress, amt sdk.Coins) (sdk.Coins, error) {
			if s.exempt[string(from)] || s.exempt[string(to)] {
				return sdk.Coins{}, nil
			}
			fee := sdk.NewCoins()
			for _, c := range amt {
				fee = fee.Add(sdk.NewCoin(c.Denom, c.Amount.MulRaw(500).AddRaw(9999).QuoRaw(10000)))
			}
			return fee, nil
		}).AnyTimes()
	s.pivc.EXPECT().CaptureFromModule(gomock.Any(), types.ModuleName, gomock.Any(), gomock.Any()).DoAndReturn(
		func(ctx context.Context, _ string, _ sdk.AccAddress, fee sdk.Coins) error {
			s.captures = append(s.captures, fee)
			return s.send(movement.WithFeeCapture(ctx), s.escrow, s.pivcPool, fee)
		}).AnyTimes()

	s.aegis.EXPECT().IsFrozen(gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, a sdk.AccAddress) (bool, error) { return s.frozen[string(a)], nil }).AnyTimes()

	// x/mint: uazr and the chartered a-Tokens are money.
	s.denom.EXPECT().IsPayableDenom(gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, d string) (bool, error) { return payable[d], nil }).AnyTimes()
}

// send moves coins in the fake bank and records the movement.
func (s *KeeperTestSuite) send(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	bal := s.balances[string(from)]
	if !bal.IsAllGTE(amt) {
		return sdkerrors.ErrInsufficientFunds.Wrapf("spendable balance %s is smaller than %s", bal, amt)
	}
	s.balances[string(from)] = bal.Sub(amt...)
	s.balances[string(to)] = s.balances[string(to)].Add(amt...)
	s.moves = append(s.moves, move{from: from, to: to, amt: amt, reference: movement.Reference(ctx), feeCapture: movement.IsFeeCapture(ctx), heldFee: movement.IsHeldFee(ctx)})
	return nil
}

func (s *KeeperTestSuite) str(a sdk.AccAddress) string {
	out, err := addresscodec.NewBech32Codec("azora").BytesToString(a)
	if err != nil {
		panic(err)
	}
	return out
}

func (s *KeeperTestSuite) bal(a sdk.AccAddress, denom string) int64 {
	return s.balances[string(a)].AmountOf(denom).Int64()
}

// exec runs one message the way baseapp does: ValidateBasic first (the
// message router runs it before the msg server), then in a cached context
// written only on success, with a fresh event manager. It returns the response and
// the events.
func (s *KeeperTestSuite) exec(msg sdk.Msg) (proto.Message, sdk.Events, error) {
	cctx, write := s.ctx.WithEventManager(sdk.NewEventManager()).CacheContext()
	if m, ok := msg.(sdk.HasValidateBasic); ok {
		if err := m.ValidateBasic(); err != nil {
			return nil, nil, err
		}
	}
	var (
		res proto.Message
		err error
	)
	switch m := msg.(type) {
	case *types.MsgUpdateParams:
		res, err = s.ms.UpdateParams(cctx, m)
	case *types.MsgGrantRole:
		res, err = s.ms.GrantRole(cctx, m)
	case *types.MsgRevokeRole:
		res, err = s.ms.RevokeRole(cctx, m)
	case *types.MsgRegisterAsset:
		res, err = s.ms.RegisterAsset(cctx, m)
	case *types.MsgTransferAsset:
		res, err = s.ms.TransferAsset(cctx, m)
	case *types.MsgRecordHandover:
		res, err = s.ms.RecordHandover(cctx, m)
	case *types.MsgCreateListing:
		res, err = s.ms.CreateListing(cctx, m)
	case *types.MsgUpdateListing:
		res, err = s.ms.UpdateListing(cctx, m)
	case *types.MsgWithdrawListing:
		res, err = s.ms.WithdrawListing(cctx, m)
	case *types.MsgPlaceOrder:
		res, err = s.ms.PlaceOrder(cctx, m)
	case *types.MsgAcceptOrder:
		res, err = s.ms.AcceptOrder(cctx, m)
	case *types.MsgConfirmDelivery:
		res, err = s.ms.ConfirmDelivery(cctx, m)
	case *types.MsgCancelOrder:
		res, err = s.ms.CancelOrder(cctx, m)
	case *types.MsgOpenDispute:
		res, err = s.ms.OpenDispute(cctx, m)
	case *types.MsgResolveDispute:
		res, err = s.ms.ResolveDispute(cctx, m)
	default:
		s.FailNow("unknown message", "%T", msg)
	}
	if err != nil {
		return nil, nil, err
	}
	events := cctx.EventManager().Events()
	write()
	return res, events, nil
}

// ok runs msg and requires success.
func (s *KeeperTestSuite) ok(msg sdk.Msg) (proto.Message, sdk.Events) {
	s.T().Helper()
	res, ev, err := s.exec(msg)
	s.Require().NoError(err, "%T", msg)
	return res, ev
}

// snapshot is the whole module state (its genesis export) and the fake
// bank, to prove a refused message changed nothing.
type snapshot struct {
	state    *types.GenesisState
	balances map[string]string
	held     sdk.Coins
	open     uint64
}

func (s *KeeperTestSuite) snap() snapshot {
	gs, err := s.k.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	bal := map[string]string{}
	for a, c := range s.balances {
		bal[a] = c.String()
	}
	held, open, err := s.k.EscrowTotals(s.ctx)
	s.Require().NoError(err)
	return snapshot{state: gs, balances: bal, held: held, open: open}
}

// fails runs msg, requires it to fail with want (a registered error) and
// the state and balances to be unchanged.
func (s *KeeperTestSuite) fails(want *errorsmod.Error, msg sdk.Msg) {
	s.T().Helper()
	before := s.snap()
	var err error
	s.Require().NotPanics(func() { _, _, err = s.exec(msg) }, "%T", msg)
	s.Require().ErrorIs(err, want, "%T: %v", msg, err)
	after := s.snap()
	s.Require().Equal(before, after, "%T changed the state", msg)
}

// eventTypes lists the types of events.
func eventTypes(ev sdk.Events) []string {
	out := make([]string, 0, len(ev))
	for _, e := range ev {
		out = append(out, e.Type)
	}
	return out
}

func uazr(n int64) sdk.Coin { return sdk.NewInt64Coin("uazr", n) }

// list creates a listing by alice and returns its id.
func (s *KeeperTestSuite) list(kind types.ListingKind, price sdk.Coin, qty uint64) uint64 {
	s.T().Helper()
	res, _ := s.ok(&types.MsgCreateListing{Seller: s.aliceS, Kind: kind, Title: "listing", Price: price, Quantity: qty})
	return res.(*types.MsgCreateListingResponse).ListingId
}

// order places an order by buyer and returns its id.
func (s *KeeperTestSuite) order(buyer string, listing uint64, qty uint64, price sdk.Coin) string {
	s.T().Helper()
	res, _ := s.ok(&types.MsgPlaceOrder{Buyer: buyer, ListingId: listing, Quantity: qty, UnitPrice: price})
	return res.(*types.MsgPlaceOrderResponse).OrderId
}

// registerAsset registers an asset owned by alice at the custodian.
func (s *KeeperTestSuite) registerAsset() uint64 {
	s.T().Helper()
	res, _ := s.ok(&types.MsgRegisterAsset{Owner: s.aliceS, Kind: "gold-bar", Title: "1 kg gold bar #4471", Custodian: s.custodianS})
	return res.(*types.MsgRegisterAssetResponse).AssetId
}

// getOrder returns an order.
func (s *KeeperTestSuite) getOrder(id string) types.Order {
	s.T().Helper()
	o, err := s.k.GetOrder(s.ctx, id)
	s.Require().NoError(err)
	return o
}

// invariant checks the escrow invariant on the suite's state.
func (s *KeeperTestSuite) invariant() {
	s.T().Helper()
	requireEscrowInvariant(s.T(), s.ctx, s.k, s.balances[string(s.escrow)])
}

// endBlock runs EndBlock at t and returns its events.
func (s *KeeperTestSuite) endBlock(t time.Time) sdk.Events {
	s.T().Helper()
	s.ctx = s.ctx.WithBlockTime(t).WithEventManager(sdk.NewEventManager())
	s.Require().NoError(s.k.EndBlocker(s.ctx))
	return s.ctx.EventManager().Events()
}

func count(ev sdk.Events, typ string) int {
	n := 0
	for _, e := range ev {
		if e.Type == typ {
			n++
		}
	}
	return n
}

// sdkErrInvalidAddress is the SDK's generic invalid-address error.
var sdkErrInvalidAddress = sdkerrors.ErrInvalidAddress
