package keeper_test

import (
	"context"
	"testing"
	"time"

	"cosmossdk.io/core/address"
	sdkmath "cosmossdk.io/math"
	"github.com/stretchr/testify/suite"
	"go.uber.org/mock/gomock"

	"github.com/cosmos/cosmos-sdk/baseapp"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/x/aegis/keeper"
	aegistestutil "github.com/azora-os/nexus/x/aegis/testutil"
	"github.com/azora-os/nexus/x/aegis/types"
)

// recordingHooks records eligibility notifications.
type recordingHooks struct {
	calls []string
}

func (h *recordingHooks) AfterEligibilityChanged(_ context.Context, addr sdk.AccAddress, eligible bool) error {
	s := "-"
	if eligible {
		s = "+"
	}
	h.calls = append(h.calls, s+addr.String())
	return nil
}

// KeeperSuite tests the keeper, its Msg and Query services and its
// restriction against an in-memory store with mocked auth and router.
type KeeperSuite struct {
	suite.Suite

	key    *storetypes.KVStoreKey
	ctx    sdk.Context
	k      *keeper.Keeper
	ak     *aegistestutil.MockAccountKeeper
	router *aegistestutil.MockMsgRouter
	ms     types.MsgServer
	qs     types.QueryServer
	hooks  *recordingHooks
	ac     address.Codec

	authority, attester, officer string
	modules                      map[string]string // address bytes → module name
}

func TestKeeperSuite(t *testing.T) { suite.Run(t, new(KeeperSuite)) }

// acc returns the bech32 address of test account i.
func acc(i byte) string {
	return sdk.AccAddress(append([]byte{0xAE, i}, make([]byte, 18)...)).String()
}

func accAddr(i byte) sdk.AccAddress {
	return sdk.AccAddress(append([]byte{0xAE, i}, make([]byte, 18)...))
}

var routable = map[string]bool{
	sdk.MsgTypeURL(&banktypes.MsgSend{}):               true,
	sdk.MsgTypeURL(&banktypes.MsgMultiSend{}):          true,
	sdk.MsgTypeURL(&authz.MsgExec{}):                   true,
	sdk.MsgTypeURL(&authz.MsgRevoke{}):                 true,
	sdk.MsgTypeURL(&govv1.MsgSubmitProposal{}):         true,
	sdk.MsgTypeURL(&govv1.MsgDeposit{}):                true,
	sdk.MsgTypeURL(&distrtypes.MsgFundCommunityPool{}): true,
}

func (s *KeeperSuite) SetupTest() {
	enc := app.MakeEncodingConfig()
	banktypes.RegisterInterfaces(enc.InterfaceRegistry)
	authz.RegisterInterfaces(enc.InterfaceRegistry)
	govv1.RegisterInterfaces(enc.InterfaceRegistry)
	distrtypes.RegisterInterfaces(enc.InterfaceRegistry)
	types.RegisterInterfaces(enc.InterfaceRegistry)

	s.key = storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(s.T(), s.key, storetypes.NewTransientStoreKey("transient_test"))
	s.ctx = tctx.Ctx.WithBlockTime(time.Unix(1_700_000_000, 0).UTC()).WithBlockHeight(10)

	s.ac = addresscodec.NewBech32Codec(app.Bech32Prefix)
	s.authority = authtypes.NewModuleAddress(govtypes.ModuleName).String()
	s.attester, s.officer = acc(200), acc(201)
	s.modules = map[string]string{}
	for _, name := range []string{govtypes.ModuleName, authtypes.FeeCollectorName, distrtypes.ModuleName, "escrow"} {
		s.modules[string(authtypes.NewModuleAddress(name))] = name
	}

	ctrl := gomock.NewController(s.T())
	s.ak = aegistestutil.NewMockAccountKeeper(ctrl)
	s.ak.EXPECT().AddressCodec().Return(s.ac).AnyTimes()
	s.ak.EXPECT().GetModuleAddress(gomock.Any()).DoAndReturn(func(name string) sdk.AccAddress {
		return authtypes.NewModuleAddress(name)
	}).AnyTimes()
	s.ak.EXPECT().GetModulePermissions().DoAndReturn(func() map[string]authtypes.PermissionsForAddress {
		perms := map[string]authtypes.PermissionsForAddress{}
		for _, name := range s.modules {
			perms[name] = authtypes.NewPermissionsForAddress(name, nil)
		}
		return perms
	}).AnyTimes()
	s.ak.EXPECT().GetAccount(gomock.Any(), gomock.Any()).DoAndReturn(func(_ context.Context, a sdk.AccAddress) sdk.AccountI {
		if name, ok := s.modules[string(a)]; ok {
			return authtypes.NewEmptyModuleAccount(name)
		}
		return authtypes.NewBaseAccountWithAddress(a)
	}).AnyTimes()
	s.router = aegistestutil.NewMockMsgRouter(ctrl)
	s.router.EXPECT().HandlerByTypeURL(gomock.Any()).DoAndReturn(func(url string) baseapp.MsgServiceHandler {
		if routable[url] {
			return func(sdk.Context, sdk.Msg) (*sdk.Result, error) { return &sdk.Result{}, nil }
		}
		return nil
	}).AnyTimes()

	s.k = keeper.NewKeeper(enc.Codec, runtime.NewKVStoreService(s.key), s.ak, s.router, s.authority)
	s.hooks = &recordingHooks{}
	s.k.SetEligibilityHooks(s.hooks)
	s.ms = keeper.NewMsgServerImpl(s.k)
	s.qs = keeper.NewQueryServerImpl(s.k)

	gs := types.DefaultGenesis()
	gs.Roles = []types.RoleGrant{
		{Role: types.Role_ROLE_ATTESTER, Address: s.attester},
		{Role: types.Role_ROLE_OFFICER, Address: s.officer},
	}
	s.Require().NoError(s.k.InitGenesis(s.ctx, gs))
	s.hooks.calls = nil
}

// fresh returns the context with a new event manager.
func (s *KeeperSuite) fresh() sdk.Context {
	s.ctx = s.ctx.WithEventManager(sdk.NewEventManager())
	return s.ctx
}

// requireEvent fails unless an event of the proto type name was emitted.
func (s *KeeperSuite) requireEvent(name string) {
	s.T().Helper()
	for _, e := range s.ctx.EventManager().Events() {
		if e.Type == name {
			return
		}
	}
	s.Failf("event not emitted", "%s not in %v", name, s.ctx.EventManager().Events())
}

// snapshot exports the genesis, to prove a failed message changed nothing.
func (s *KeeperSuite) snapshot() *types.GenesisState {
	gs, err := s.k.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	return gs
}

// policy returns the derived policy.
func (s *KeeperSuite) policy() types.Policy {
	p, err := s.k.Policy.Get(s.ctx)
	s.Require().NoError(err)
	return p
}

func (s *KeeperSuite) verify(i byte, tier string) {
	_, err := s.ms.VerifyAccount(s.fresh(), &types.MsgVerifyAccount{Attester: s.attester, Address: acc(i), Tier: tier, AttestationRef: "case-1"})
	s.Require().NoError(err)
}

func (s *KeeperSuite) freeze(i byte) {
	_, err := s.ms.FreezeAccount(s.fresh(), &types.MsgFreezeAccount{Officer: s.officer, Address: acc(i), Reason: "court order"})
	s.Require().NoError(err)
}

func uazr(n int64) sdk.Coins { return sdk.NewCoins(sdk.NewInt64Coin("uazr", n)) }

// setBasicLimits sets the uazr limits of the basic tier through an amendment.
func (s *KeeperSuite) setBasicLimits(perTx, perDay int64) {
	a, err := s.k.GetArticle(s.ctx, types.ArticleVelocity)
	s.Require().NoError(err)
	v := *a.Rule.GetVelocity()
	tiers := append([]types.Tier(nil), v.Tiers...)
	tiers[0] = types.Tier{Name: types.TierBasic, Limits: []types.DenomLimit{{Denom: "uazr", PerTx: sdkmath.NewInt(perTx), PerDay: sdkmath.NewInt(perDay)}}}
	_, err = s.ms.AmendArticle(s.fresh(), &types.MsgAmendArticle{
		Authority: s.authority, Id: a.Id, Title: a.Title, Text: a.Text, Enabled: true,
		Rule: types.Rule{Kind: &types.Rule_Velocity{Velocity: &types.VelocityRule{Tiers: tiers}}},
	})
	s.Require().NoError(err)
}
