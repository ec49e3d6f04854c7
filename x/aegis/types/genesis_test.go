package types_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

func addr(i byte) string {
	return sdk.AccAddress([]byte{i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}).String()
}

func verifiedRec(a, tier string) types.AccountStanding {
	return types.AccountStanding{Address: a, Tier: tier, AttestationRef: "ref", Attester: addr(99)}
}

func frozenRec(a string) types.AccountStanding {
	return types.AccountStanding{Address: a, Frozen: true, FreezeReason: "why", FrozenBy: addr(98)}
}

func TestDefaultGenesisValidates(t *testing.T) {
	gs := types.DefaultGenesis()
	require.NoError(t, gs.Validate())
	require.Len(t, gs.Articles, 5)
	for _, a := range gs.Articles {
		require.True(t, a.Enabled)
	}
	require.Equal(t, types.ArticleValidatorAdmission+1, gs.NextArticleId)
	require.Equal(t, types.ArticleValidatorAdmission, types.BuildPolicy(gs.Articles).AdmissionArticleId)
}

func TestGenesisValidate(t *testing.T) {
	now := time.Unix(1_700_000_000, 0).UTC()
	bucket := func(h uint64, n int64) types.UsageBucket { return types.UsageBucket{Hour: h, Amount: math.NewInt(n)} }
	cases := []struct {
		name   string
		edit   func(gs *types.GenesisState)
		expErr bool
	}{
		{"default", func(*types.GenesisState) {}, false},
		{"empty constitution", func(gs *types.GenesisState) { gs.Articles = nil }, false},
		{"bad params", func(gs *types.GenesisState) { gs.Params.MaxMsgDepth = 1 }, true},
		{"params too deep", func(gs *types.GenesisState) { gs.Params.MaxMsgDepth = types.MaxMsgDepth + 1 }, true},
		{"invalid article", func(gs *types.GenesisState) { gs.Articles[0].Title = "" }, true},
		{"article id not below next id", func(gs *types.GenesisState) { gs.NextArticleId = types.ArticlePausedModules }, true},
		{"two enabled velocity articles", func(gs *types.GenesisState) {
			a := gs.Articles[2]
			a.Id = 9
			gs.Articles = append(gs.Articles, a)
			gs.NextArticleId = 10
		}, true},
		{"verified and frozen records", func(gs *types.GenesisState) {
			r := verifiedRec(addr(1), types.TierStandard)
			r.VerifiedAt = &now
			gs.Standings = []types.AccountStanding{r, frozenRec(addr(2))}
		}, false},
		{"verified and frozen in one record", func(gs *types.GenesisState) {
			r := verifiedRec(addr(1), types.TierStandard)
			r.Frozen, r.FreezeReason, r.FrozenBy = true, "why", addr(98)
			gs.Standings = []types.AccountStanding{r}
		}, false},
		{"unknown tier", func(gs *types.GenesisState) { gs.Standings = []types.AccountStanding{verifiedRec(addr(1), "gold")} }, true},
		{"any tier without velocity article", func(gs *types.GenesisState) {
			gs.Articles = gs.Articles[:2]
			gs.Standings = []types.AccountStanding{verifiedRec(addr(1), "gold")}
		}, false},
		{"duplicate standing", func(gs *types.GenesisState) {
			gs.Standings = []types.AccountStanding{frozenRec(addr(1)), frozenRec(addr(1))}
		}, true},
		{"empty record", func(gs *types.GenesisState) { gs.Standings = []types.AccountStanding{{Address: addr(1)}} }, true},
		{"bad standing address", func(gs *types.GenesisState) { gs.Standings = []types.AccountStanding{frozenRec("azora1bad")} }, true},
		{"verified without attestation", func(gs *types.GenesisState) {
			r := verifiedRec(addr(1), types.TierBasic)
			r.AttestationRef = ""
			gs.Standings = []types.AccountStanding{r}
		}, true},
		{"verified without attester", func(gs *types.GenesisState) {
			r := verifiedRec(addr(1), types.TierBasic)
			r.Attester = ""
			gs.Standings = []types.AccountStanding{r}
		}, true},
		{"frozen without reason", func(gs *types.GenesisState) {
			r := frozenRec(addr(1))
			r.FreezeReason = ""
			gs.Standings = []types.AccountStanding{r}
		}, true},
		{"frozen without officer", func(gs *types.GenesisState) {
			r := frozenRec(addr(1))
			r.FrozenBy = ""
			gs.Standings = []types.AccountStanding{r}
		}, true},
		{"unverified with attestation", func(gs *types.GenesisState) {
			r := frozenRec(addr(1))
			r.AttestationRef = "ref"
			gs.Standings = []types.AccountStanding{r}
		}, true},
		{"not frozen with freeze reason", func(gs *types.GenesisState) {
			r := verifiedRec(addr(1), types.TierBasic)
			r.FreezeReason = "why"
			gs.Standings = []types.AccountStanding{r}
		}, true},
		{"roles", func(gs *types.GenesisState) {
			gs.Roles = []types.RoleGrant{{Role: types.Role_ROLE_ATTESTER, Address: addr(1)}, {Role: types.Role_ROLE_OFFICER, Address: addr(1)}}
		}, false},
		{"unspecified role", func(gs *types.GenesisState) { gs.Roles = []types.RoleGrant{{Address: addr(1)}} }, true},
		{"unknown role", func(gs *types.GenesisState) { gs.Roles = []types.RoleGrant{{Role: 7, Address: addr(1)}} }, true},
		{"bad role address", func(gs *types.GenesisState) {
			gs.Roles = []types.RoleGrant{{Role: types.Role_ROLE_OFFICER, Address: "x"}}
		}, true},
		{"duplicate role", func(gs *types.GenesisState) {
			g := types.RoleGrant{Role: types.Role_ROLE_OFFICER, Address: addr(1)}
			gs.Roles = []types.RoleGrant{g, g}
		}, true},
		{"usage", func(gs *types.GenesisState) {
			gs.Usage = []types.AccountUsage{{Address: addr(1), Denom: "uazr", Buckets: []types.UsageBucket{bucket(10, 5), bucket(11, 7)}}}
		}, false},
		{"usage out of order", func(gs *types.GenesisState) {
			gs.Usage = []types.AccountUsage{{Address: addr(1), Denom: "uazr", Buckets: []types.UsageBucket{bucket(11, 5), bucket(10, 7)}}}
		}, true},
		{"usage zero amount", func(gs *types.GenesisState) {
			gs.Usage = []types.AccountUsage{{Address: addr(1), Denom: "uazr", Buckets: []types.UsageBucket{bucket(11, 0)}}}
		}, true},
		{"usage too many buckets", func(gs *types.GenesisState) {
			b := make([]types.UsageBucket, types.WindowBuckets+1)
			for i := range b {
				b[i] = bucket(uint64(i), 1)
			}
			gs.Usage = []types.AccountUsage{{Address: addr(1), Denom: "uazr", Buckets: b}}
		}, true},
		{"usage bad denom", func(gs *types.GenesisState) {
			gs.Usage = []types.AccountUsage{{Address: addr(1), Denom: "!", Buckets: []types.UsageBucket{bucket(1, 1)}}}
		}, true},
		{"usage bad address", func(gs *types.GenesisState) {
			gs.Usage = []types.AccountUsage{{Address: "nope", Denom: "uazr", Buckets: []types.UsageBucket{bucket(1, 1)}}}
		}, true},
		{"duplicate usage", func(gs *types.GenesisState) {
			u := types.AccountUsage{Address: addr(1), Denom: "uazr", Buckets: []types.UsageBucket{bucket(1, 1)}}
			gs.Usage = []types.AccountUsage{u, u}
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs := types.DefaultGenesis()
			tc.edit(gs)
			err := gs.Validate()
			if tc.expErr {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
		})
	}
}

func TestStandingStatus(t *testing.T) {
	cases := []struct {
		name     string
		rec      types.AccountStanding
		status   types.Standing
		eligible bool
	}{
		{"unverified", types.AccountStanding{}, types.Standing_STANDING_UNVERIFIED, false},
		{"verified", verifiedRec(addr(1), "basic"), types.Standing_STANDING_VERIFIED, true},
		{"frozen", frozenRec(addr(1)), types.Standing_STANDING_FROZEN, false},
		{"verified and frozen", func() types.AccountStanding {
			r := verifiedRec(addr(1), "basic")
			r.Frozen = true
			return r
		}(), types.Standing_STANDING_FROZEN, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.status, tc.rec.Status())
			require.Equal(t, tc.eligible, tc.rec.Eligible())
		})
	}
}

func TestVerifiedGenesis(t *testing.T) {
	base := *types.DefaultGenesis()
	base.Standings = []types.AccountStanding{frozenRec(addr(2))}
	out := types.VerifiedGenesis(base, types.TierInstitutional, addr(1), addr(2))
	require.NoError(t, out.Validate())
	require.Len(t, out.Standings, 2)
	require.Len(t, base.Standings, 1, "base must not change")
	byAddr := map[string]types.AccountStanding{}
	for _, s := range out.Standings {
		byAddr[s.Address] = s
	}
	require.True(t, byAddr[addr(1)].Eligible())
	require.Equal(t, types.Standing_STANDING_FROZEN, byAddr[addr(2)].Status(), "an existing freeze stays")
	require.Equal(t, types.TierInstitutional, byAddr[addr(2)].Tier)
}

func TestParamsValidate(t *testing.T) {
	for d := uint32(0); d <= types.MaxMsgDepth+1; d++ {
		err := types.Params{MaxMsgDepth: d}.Validate()
		if d >= types.MinMsgDepth && d <= types.MaxMsgDepth {
			require.NoError(t, err, d)
		} else {
			require.ErrorIs(t, err, types.ErrInvalidParams, d)
		}
	}
	require.NoError(t, types.DefaultParams().Validate())
}

func TestRoleHelpers(t *testing.T) {
	require.Equal(t, "attester", types.RoleName(types.Role_ROLE_ATTESTER))
	require.Equal(t, "officer", types.RoleName(types.Role_ROLE_OFFICER))
	require.NoError(t, types.ValidateRole(types.Role_ROLE_OFFICER))
	require.ErrorIs(t, types.ValidateRole(types.Role_ROLE_UNSPECIFIED), types.ErrInvalidRole)
	require.ErrorIs(t, types.ValidateRole(types.Role(42)), types.ErrInvalidRole)
}
