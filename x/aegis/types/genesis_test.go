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
	depth := func(d uint32) types.Params {
		p := types.DefaultParams()
		p.MaxMsgDepth = d
		return p
	}
	for d := uint32(0); d <= types.MaxMsgDepth+1; d++ {
		err := depth(d).Validate()
		if d >= types.MinMsgDepth && d <= types.MaxMsgDepth {
			require.NoError(t, err, d)
		} else {
			require.ErrorIs(t, err, types.ErrInvalidParams, d)
		}
	}
	require.NoError(t, types.DefaultParams().Validate())

	// The fee rule's params (issue 14).
	cases := []struct {
		name string
		edit func(*types.Params)
		ok   bool
	}{
		{"defaults", func(*types.Params) {}, true},
		{"no fee denom", func(p *types.Params) { p.FeeDenom = "" }, false},
		{"bad fee denom", func(p *types.Params) { p.FeeDenom = "1x" }, false},
		{"a-Token fee denom", func(p *types.Params) { p.FeeDenom = "a/kasi" }, true},
		{"base price zero", func(p *types.Params) { p.BaseGasPrice = "0" }, true},
		{"base price negative", func(p *types.Params) { p.BaseGasPrice = "-0.001" }, false},
		{"base price missing", func(p *types.Params) { p.BaseGasPrice = "" }, false},
		{"base price not a number", func(p *types.Params) { p.BaseGasPrice = "cheap" }, false},
		{"max price zero", func(p *types.Params) { p.MaxGasPrice = "0" }, false},
		{"max price missing", func(p *types.Params) { p.MaxGasPrice = "" }, false},
		{"max price at its bound", func(p *types.Params) { p.MaxGasPrice = "1000000" }, true},
		{"max price above its bound", func(p *types.Params) { p.MaxGasPrice = "1000000.1" }, false},
		{"base above max", func(p *types.Params) { p.BaseGasPrice = "0.02" }, false},
		{"base equal to max", func(p *types.Params) { p.BaseGasPrice = p.MaxGasPrice }, true},
		{"max tx gas too low to propose", func(p *types.Params) { p.MaxTxGas = types.MinMaxTxGas - 1 }, false},
		{"max tx gas at its minimum", func(p *types.Params) { p.MaxTxGas = types.MinMaxTxGas }, true},
		{"max tx gas too high", func(p *types.Params) { p.MaxTxGas = types.MaxMaxTxGas + 1 }, false},
	}
	for _, tc := range cases {
		p := types.DefaultParams()
		tc.edit(&p)
		if tc.ok {
			require.NoError(t, p.Validate(), tc.name)
		} else {
			require.ErrorIs(t, p.Validate(), types.ErrInvalidParams, tc.name)
		}
	}
	require.Equal(t, "0.01", types.DefaultParams().MaxGasPrice)
	require.Equal(t, "0.001", types.DefaultParams().BaseGasPrice)
	require.Equal(t, "2", types.DecString(math.LegacyNewDec(2)))
	// Params without the fee rule (a version-1 store before the v2
	// migration) fail closed: no denom, no gas, zero prices.
	unset := types.Params{MaxMsgDepth: types.DefaultMsgDepth}.FeeRule()
	require.Equal(t, "", unset.Denom)
	require.Zero(t, unset.MaxTxGas)
	require.True(t, unset.MaxGasPrice.IsZero() && unset.BaseGasPrice.IsZero())
}

// TestFeeBounds: ceil(gas × max price) and ceil(gas × base price).
func TestFeeBounds(t *testing.T) {
	p := types.DefaultParams().FeeRule()
	b := p.BoundsFor(200_000)
	require.Equal(t, "2000", b.Max.String())
	require.Equal(t, "200", b.Free.String())
	b = p.BoundsFor(150_001)
	require.Equal(t, "1501", b.Max.String(), "rounded up")
	require.Equal(t, "151", b.Free.String(), "rounded up, like the CLI's fee from --gas-prices")
	b = p.BoundsFor(types.MaxMaxTxGas)
	require.Equal(t, "100000000", b.Max.String())
	b = p.BoundsFor(0)
	require.True(t, b.Max.IsZero() && b.Free.IsZero())
}

func TestRoleHelpers(t *testing.T) {
	require.Equal(t, "attester", types.RoleName(types.Role_ROLE_ATTESTER))
	require.Equal(t, "officer", types.RoleName(types.Role_ROLE_OFFICER))
	require.NoError(t, types.ValidateRole(types.Role_ROLE_OFFICER))
	require.ErrorIs(t, types.ValidateRole(types.Role_ROLE_UNSPECIFIED), types.ErrInvalidRole)
	require.ErrorIs(t, types.ValidateRole(types.Role(42)), types.ErrInvalidRole)
}
