package keeper_test

import (
	"context"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/suite"
	"go.uber.org/mock/gomock"

	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/x/mint"
	"github.com/azora-os/nexus/x/mint/keeper"
	minttestutil "github.com/azora-os/nexus/x/mint/testutil"
	"github.com/azora-os/nexus/x/mint/types"
)

// KeeperTestSuite runs the msg and query servers on an in-memory store, with
// gomock account and bank keepers backed by a small in-test ledger (supply
// and balances per denom) so that caps and headroom behave as on a chain.
type KeeperTestSuite struct {
	suite.Suite

	ctx sdk.Context
	key *storetypes.KVStoreKey
	k   keeper.Keeper
	ms  types.MsgServer
	qs  types.QueryServer
	ac  address.Codec

	ak *minttestutil.MockAccountKeeper
	bk *minttestutil.MockBankKeeper

	authority string
	// Accounts of the tests.
	treasurer, issuer, issuer2, alice, bob sdk.AccAddress
	// A module account that bank does not block (found through x/auth),
	// and a blocked module address.
	poolAcc, blockedAddr sdk.AccAddress

	// The fake bank: supply and balances (by address bytes), denom
	// metadata, accounts, blocked addresses and refused recipients.
	supply   map[string]math.Int
	balances map[string]sdk.Coins
	metadata map[string]banktypes.Metadata
	accounts map[string]sdk.AccountI
	blocked  map[string]bool
	refuse   map[string]error
}

func TestKeeperTestSuite(t *testing.T) {
	suite.Run(t, new(KeeperTestSuite))
}

func (s *KeeperTestSuite) SetupTest() {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	s.key = key
	tctx := testutil.DefaultContextWithDB(s.T(), key, storetypes.NewTransientStoreKey("transient_test"))
	s.ctx = tctx.Ctx.WithBlockHeight(42)
	encCfg := moduletestutil.MakeTestEncodingConfig(mint.AppModule{})
	s.ac = addresscodec.NewBech32Codec("azora")

	s.authority = s.str(authtypes.NewModuleAddress(govtypes.ModuleName))
	s.treasurer = sdk.AccAddress("treasurer___________")
	s.issuer = sdk.AccAddress("issuer______________")
	s.issuer2 = sdk.AccAddress("issuer2_____________")
	s.alice = sdk.AccAddress("alice_______________")
	s.bob = sdk.AccAddress("bob_________________")
	s.poolAcc = authtypes.NewModuleAddress("pool")
	s.blockedAddr = authtypes.NewModuleAddress(authtypes.FeeCollectorName)

	s.supply = map[string]math.Int{}
	s.balances = map[string]sdk.Coins{}
	s.metadata = map[string]banktypes.Metadata{}
	s.blocked = map[string]bool{string(s.blockedAddr): true}
	s.refuse = map[string]error{}
	mintAcc := authtypes.NewEmptyModuleAccount(types.ModuleName, authtypes.Minter, authtypes.Burner)
	s.accounts = map[string]sdk.AccountI{
		string(mintAcc.GetAddress()): mintAcc,
		string(s.poolAcc):            authtypes.NewEmptyModuleAccount("pool"),
		string(s.alice):              authtypes.NewBaseAccountWithAddress(s.alice),
	}

	ctrl := gomock.NewController(s.T())
	s.ak = minttestutil.NewMockAccountKeeper(ctrl)
	s.bk = minttestutil.NewMockBankKeeper(ctrl)
	s.wireMocks(mintAcc)

	s.k = keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), s.ak, s.bk, s.authority)
	s.ms = keeper.NewMsgServerImpl(s.k)
	s.qs = keeper.NewQueryServerImpl(s.k)
	s.Require().NoError(s.k.InitGenesis(s.ctx, types.DefaultGenesis()))

	// Genesis supply: alice holds 1,000 uazr.
	s.credit(s.alice, sdk.NewInt64Coin(types.NativeDenom, 1_000))
	s.supply[types.NativeDenom] = math.NewInt(1_000)
}

// wireMocks backs the mocks with the in-test ledger.
func (s *KeeperTestSuite) wireMocks(mintAcc sdk.ModuleAccountI) {
	s.ak.EXPECT().AddressCodec().Return(s.ac).AnyTimes()
	s.ak.EXPECT().GetModuleAddress(types.ModuleName).Return(mintAcc.GetAddress()).AnyTimes()
	s.ak.EXPECT().GetModuleAccount(gomock.Any(), types.ModuleName).Return(mintAcc).AnyTimes()
	s.ak.EXPECT().GetAccount(gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, a sdk.AccAddress) sdk.AccountI { return s.accounts[string(a)] }).AnyTimes()

	mintAddr := mintAcc.GetAddress()
	s.bk.EXPECT().GetSupply(gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, denom string) sdk.Coin { return sdk.NewCoin(denom, s.supplyOf(denom)) }).AnyTimes()
	s.bk.EXPECT().HasSupply(gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, denom string) bool { return s.supplyOf(denom).IsPositive() }).AnyTimes()
	s.bk.EXPECT().HasDenomMetaData(gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, denom string) bool { _, ok := s.metadata[denom]; return ok }).AnyTimes()
	s.bk.EXPECT().SetDenomMetaData(gomock.Any(), gomock.Any()).Do(
		func(_ context.Context, md banktypes.Metadata) { s.metadata[md.Base] = md }).AnyTimes()
	s.bk.EXPECT().BlockedAddr(gomock.Any()).DoAndReturn(
		func(a sdk.AccAddress) bool { return s.blocked[string(a)] }).AnyTimes()
	s.bk.EXPECT().MintCoins(gomock.Any(), types.ModuleName, gomock.Any()).DoAndReturn(
		func(_ context.Context, _ string, amt sdk.Coins) error {
			for _, c := range amt {
				s.supply[c.Denom] = s.supplyOf(c.Denom).Add(c.Amount)
			}
			s.credit(mintAddr, amt...)
			return nil
		}).AnyTimes()
	s.bk.EXPECT().BurnCoins(gomock.Any(), types.ModuleName, gomock.Any()).DoAndReturn(
		func(_ context.Context, _ string, amt sdk.Coins) error {
			if err := s.debit(mintAddr, amt); err != nil {
				return err
			}
			for _, c := range amt {
				s.supply[c.Denom] = s.supplyOf(c.Denom).Sub(c.Amount)
			}
			return nil
		}).AnyTimes()
	s.bk.EXPECT().SendCoinsFromModuleToAccount(gomock.Any(), types.ModuleName, gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, _ string, to sdk.AccAddress, amt sdk.Coins) error {
			if err := s.refuse[string(to)]; err != nil {
				return err // a bank send restriction refusing the recipient
			}
			if err := s.debit(mintAddr, amt); err != nil {
				return err
			}
			s.credit(to, amt...)
			return nil
		}).AnyTimes()
	s.bk.EXPECT().SendCoinsFromAccountToModule(gomock.Any(), gomock.Any(), types.ModuleName, gomock.Any()).DoAndReturn(
		func(_ context.Context, from sdk.AccAddress, _ string, amt sdk.Coins) error {
			if err := s.debit(from, amt); err != nil {
				return err
			}
			s.credit(mintAddr, amt...)
			return nil
		}).AnyTimes()
}

func (s *KeeperTestSuite) supplyOf(denom string) math.Int {
	if v, ok := s.supply[denom]; ok {
		return v
	}
	return math.ZeroInt()
}

func (s *KeeperTestSuite) credit(a sdk.AccAddress, amt ...sdk.Coin) {
	s.balances[string(a)] = s.balances[string(a)].Add(amt...)
}

func (s *KeeperTestSuite) debit(a sdk.AccAddress, amt sdk.Coins) error {
	bal := s.balances[string(a)]
	if !bal.IsAllGTE(amt) {
		return sdkerrors.ErrInsufficientFunds.Wrapf("spendable balance %s is smaller than %s", bal, amt)
	}
	s.balances[string(a)] = bal.Sub(amt...)
	return nil
}

func (s *KeeperTestSuite) balance(a sdk.AccAddress, denom string) math.Int {
	return s.balances[string(a)].AmountOf(denom)
}

func (s *KeeperTestSuite) str(a sdk.AccAddress) string {
	out, err := addresscodec.NewBech32Codec("azora").BytesToString(a)
	if err != nil {
		panic(err)
	}
	return out
}

// ledger is a copy of the fake bank's supply and balances, to prove that a
// refused message moved nothing.
type ledger struct {
	supply   map[string]string
	balances map[string]string
}

func (s *KeeperTestSuite) snapshot() ledger {
	l := ledger{supply: map[string]string{}, balances: map[string]string{}}
	for d, v := range s.supply {
		l.supply[d] = v.String()
	}
	for a, v := range s.balances {
		l.balances[a] = v.String()
	}
	return l
}

// freshEvents gives the context an empty event manager.
func (s *KeeperTestSuite) freshEvents() {
	s.ctx = s.ctx.WithEventManager(sdk.NewEventManager())
}

// requireEvents asserts that exactly these typed events were emitted since
// freshEvents, in order.
func (s *KeeperTestSuite) requireEvents(want ...proto.Message) {
	s.T().Helper()
	got := s.ctx.EventManager().Events()
	s.Require().Len(got, len(want), "events: %v", got)
	for i, w := range want {
		ev, err := sdk.TypedEventToEvent(w)
		s.Require().NoError(err)
		s.Require().Equal(ev.Type, got[i].Type)
		s.Require().Equal(ev.Attributes, got[i].Attributes, "event %s", ev.Type)
	}
}

// requireRefused asserts err is errType, that nothing moved and that no
// event was emitted.
func (s *KeeperTestSuite) requireRefused(before ledger, err error, errType error) {
	s.T().Helper()
	s.Require().ErrorIs(err, errType)
	s.Require().Equal(before, s.snapshot(), "a refused message must move nothing")
	s.Require().Empty(s.ctx.EventManager().Events(), "a refused message must emit nothing")
}

// charter charters symbol with issuer and cap through the msg server.
func (s *KeeperTestSuite) charter(symbol string, issuer sdk.AccAddress, maxSupply int64) {
	s.T().Helper()
	_, err := s.ms.CharterAToken(s.ctx, &types.MsgCharterAToken{
		Authority: s.authority, Symbol: symbol, Name: "Token " + symbol, Description: "test",
		Issuer: s.str(issuer), MaxSupply: math.NewInt(maxSupply),
	})
	s.Require().NoError(err)
}

func (s *KeeperTestSuite) grantTreasurer(a sdk.AccAddress, allowance int64) {
	s.T().Helper()
	_, err := s.ms.SetTreasurer(s.ctx, &types.MsgSetTreasurer{Authority: s.authority, Treasurer: s.str(a), Allowance: math.NewInt(allowance)})
	s.Require().NoError(err)
}

func (s *KeeperTestSuite) mint(minter, to sdk.AccAddress, amount sdk.Coin) (*types.MsgMintResponse, error) {
	return s.ms.Mint(s.ctx, &types.MsgMint{Minter: s.str(minter), Recipient: s.str(to), Amount: amount})
}
