package keeper_test

import (
	"time"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

func (s *KeeperSuite) TestGenesisRoundTrip() {
	now := s.ctx.BlockTime()
	hour := types.HourOf(now)
	gs := types.DefaultGenesis()
	gs.Params = types.DefaultParams()
	gs.Params.MaxMsgDepth = 4
	gs.Articles = append(gs.Articles, types.Article{
		Id: 7, Title: "Pause forge", Text: "x", Enabled: false,
		Rule: types.Rule{Kind: &types.Rule_PausedModules{PausedModules: &types.PausedModulesRule{Modules: []string{"azora.forge.v1"}}}},
	})
	gs.NextArticleId = 9
	gs.Standings = []types.AccountStanding{
		{Address: acc(1), Tier: "standard", AttestationRef: "r1", Attester: s.attester, VerifiedAt: &now},
		{Address: acc(2), Frozen: true, FreezeReason: "why", FrozenBy: s.officer, FrozenAt: &now},
	}
	gs.Roles = []types.RoleGrant{
		{Role: types.Role_ROLE_ATTESTER, Address: s.attester},
		{Role: types.Role_ROLE_OFFICER, Address: s.officer},
	}
	gs.Usage = []types.AccountUsage{{Address: acc(1), Denom: "uazr", Buckets: []types.UsageBucket{
		{Hour: hour - 3, Amount: sdkmath.NewInt(5)}, {Hour: hour, Amount: sdkmath.NewInt(9)},
	}}}
	gs.AdmittedValidators = []types.AdmittedValidator{
		{Operator: valAddr(3).String(), MaxPower: 100},
		{Operator: valAddr(4).String(), MaxPower: 7, AdmittedHeight: 5},
	}
	s.Require().NoError(gs.Validate())

	s.SetupTest()
	s.Require().NoError(s.k.Standings.Clear(s.ctx, nil))
	s.Require().NoError(s.k.Roles.Clear(s.ctx, nil))
	s.Require().NoError(s.k.InitGenesis(s.ctx, gs))
	got, err := s.k.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().Equal(gs, got)

	// Usage that left the window is not exported.
	later := s.ctx.WithBlockTime(now.Add(30 * time.Hour))
	got, err = s.k.ExportGenesis(later)
	s.Require().NoError(err)
	s.Require().Empty(got.Usage)

	// Default genesis round-trips too.
	s.SetupTest()
	s.Require().NoError(s.k.Roles.Clear(s.ctx, nil))
	got, err = s.k.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().Equal(types.DefaultGenesis(), got)
}

func (s *KeeperSuite) TestInitGenesisRejects() {
	bad := types.DefaultGenesis()
	bad.Params.MaxMsgDepth = 0
	s.Require().Error(s.k.InitGenesis(s.ctx, bad))

	module := types.DefaultGenesis()
	module.Standings = []types.AccountStanding{{
		Address: authtypes.NewModuleAddress("escrow").String(), Frozen: true, FreezeReason: "x", FrozenBy: s.officer,
	}}
	s.Require().ErrorIs(s.k.InitGenesis(s.ctx, module), types.ErrInvalidStanding)

	moduleOp := types.DefaultGenesis()
	moduleOp.AdmittedValidators = []types.AdmittedValidator{{Operator: sdk.ValAddress(authtypes.NewModuleAddress("escrow")).String(), MaxPower: 1}}
	s.Require().ErrorIs(s.k.InitGenesis(s.ctx, moduleOp), types.ErrInvalidAdmission)
}

// TestStateCompatibility pins the collection prefixes and key encodings: a
// change here breaks existing chains and needs a migration.
func (s *KeeperSuite) TestStateCompatibility() {
	s.Require().Equal([]byte{0}, types.ParamsKey.Bytes())
	s.Require().Equal([]byte{1}, types.ArticlesKey.Bytes())
	s.Require().Equal([]byte{2}, types.NextArticleIDKey.Bytes())
	s.Require().Equal([]byte{3}, types.StandingsKey.Bytes())
	s.Require().Equal([]byte{4}, types.RolesKey.Bytes())
	s.Require().Equal([]byte{5}, types.UsageKey.Bytes())
	s.Require().Equal([]byte{6}, types.PolicyKey.Bytes())
	s.Require().Equal([]byte{7}, types.TierLimitsKey.Bytes())
	s.Require().Equal([]byte{8}, types.DisallowedTypesKey.Bytes())
	s.Require().Equal([]byte{9}, types.PausedModulesKey.Bytes())
	s.Require().Equal([]byte{10}, types.AdmittedValidatorsKey.Bytes())

	store := s.ctx.KVStore(s.key)
	s.freeze(1)
	s.Require().True(store.Has(append([]byte{3}, accAddr(1)...)), "standing key = 0x03 | address")
	s.Require().True(store.Has(append([]byte{1}, 0, 0, 0, 0, 0, 0, 0, 3)), "article key = 0x01 | big-endian id")
	roleKey := append([]byte{4}, 0x80, 0, 0, byte(types.Role_ROLE_OFFICER)) // int32 keys are sign-flipped big endian
	roleKey = append(roleKey, accAddr(201)...)
	s.Require().True(store.Has(roleKey), "role key = 0x04 | int32 role | address")
	s.withValidatorKeepers()
	s.admit(7, 1)
	s.Require().True(store.Has(append([]byte{10}, valAddr(7)...)), "admission key = 0x0a | operator")
	disallowed := append([]byte{8}, []byte(types.DefaultDisallowedTypeURLs[0])...)
	s.Require().True(store.Has(disallowed), "disallowed key = 0x08 | type URL")

	s.setBasicLimits(1000, 2500)
	_, err := s.k.SendRestriction(s.ctx.WithTxBytes([]byte{1}), accAddr(2), accAddr(3), uazr(7))
	s.Require().NoError(err)
	usageKey := append(append([]byte{5, byte(len(accAddr(2)))}, accAddr(2)...), []byte("uazr")...)
	s.Require().True(store.Has(usageKey), "usage key = 0x05 | len | address | denom")
}
