package types_test

import (
	"strings"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/x/aegis/types"
)

func velocityRule(tiers ...types.Tier) types.Rule {
	return types.Rule{Kind: &types.Rule_Velocity{Velocity: &types.VelocityRule{Tiers: tiers}}}
}

func typesRule(urls ...string) types.Rule {
	return types.Rule{Kind: &types.Rule_MessageTypes{MessageTypes: &types.MessageTypesRule{DisallowedTypeUrls: urls}}}
}

func pausedRule(mods ...string) types.Rule {
	return types.Rule{Kind: &types.Rule_PausedModules{PausedModules: &types.PausedModulesRule{Modules: mods}}}
}

func standingRule() types.Rule {
	return types.Rule{Kind: &types.Rule_Standing{Standing: &types.StandingRule{}}}
}

func limit(denom string, perTx, perDay int64) types.DenomLimit {
	return types.DenomLimit{Denom: denom, PerTx: math.NewInt(perTx), PerDay: math.NewInt(perDay)}
}

func TestDenomLimitValidate(t *testing.T) {
	cases := []struct {
		name   string
		input  types.DenomLimit
		expErr error
	}{
		{"valid", limit("uazr", 10, 100), nil},
		{"equal limits", limit("uazr", 100, 100), nil},
		{"zero per_tx", limit("uazr", 0, 100), types.ErrInvalidLimit},
		{"negative per_tx", limit("uazr", -1, 100), types.ErrInvalidLimit},
		{"zero per_day", limit("uazr", 1, 0), types.ErrInvalidLimit},
		{"negative per_day", limit("uazr", 1, -5), types.ErrInvalidLimit},
		{"per_tx above per_day", limit("uazr", 101, 100), types.ErrInvalidLimit},
		{"nil amounts", types.DenomLimit{Denom: "uazr"}, types.ErrInvalidLimit},
		{"bad denom", limit("1bad", 1, 1), types.ErrInvalidLimit},
		{"empty denom", limit("", 1, 1), types.ErrInvalidLimit},
		{"a-token denom", limit("a/kasi", 1, 1), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.input.Validate()
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestRuleValidate(t *testing.T) {
	long := "/" + strings.Repeat("a.", types.MaxTypeURLLength) + "Msg"
	tooManyTiers := make([]types.Tier, types.MaxTiers+1)
	for i := range tooManyTiers {
		tooManyTiers[i] = types.Tier{Name: "t" + strings.Repeat("x", i+1)}
	}
	tooManyURLs := make([]string, types.MaxTypeURLsPerRule+1)
	for i := range tooManyURLs {
		tooManyURLs[i] = "/a.b.Msg" + strings.Repeat("x", i)
	}
	cases := []struct {
		name   string
		input  types.Rule
		expErr error
	}{
		{"standing", standingRule(), nil},
		{"no kind", types.Rule{}, types.ErrInvalidArticle},
		{"nil standing", types.Rule{Kind: &types.Rule_Standing{}}, types.ErrInvalidArticle},
		{"nil velocity", types.Rule{Kind: &types.Rule_Velocity{}}, types.ErrInvalidArticle},
		{"nil message types", types.Rule{Kind: &types.Rule_MessageTypes{}}, types.ErrInvalidArticle},
		{"nil paused", types.Rule{Kind: &types.Rule_PausedModules{}}, types.ErrInvalidArticle},
		{"velocity", velocityRule(types.Tier{Name: "basic", Limits: []types.DenomLimit{limit("uazr", 1, 2)}}, types.Tier{Name: "vip"}), nil},
		{"velocity without tiers", velocityRule(), types.ErrInvalidTier},
		{"too many tiers", velocityRule(tooManyTiers...), types.ErrInvalidTier},
		{"duplicate tier", velocityRule(types.Tier{Name: "basic"}, types.Tier{Name: "basic"}), types.ErrInvalidTier},
		{"bad tier name", velocityRule(types.Tier{Name: "Basic"}), types.ErrInvalidTier},
		{"one-letter tier name", velocityRule(types.Tier{Name: "b"}), types.ErrInvalidTier},
		{"duplicate denom", velocityRule(types.Tier{Name: "basic", Limits: []types.DenomLimit{limit("uazr", 1, 2), limit("uazr", 1, 2)}}), types.ErrInvalidLimit},
		{"zero limit", velocityRule(types.Tier{Name: "basic", Limits: []types.DenomLimit{limit("uazr", 0, 2)}}), types.ErrInvalidLimit},
		{"message types", typesRule("/cosmos.bank.v1beta1.MsgSend"), nil},
		{"empty message types", typesRule(), nil},
		{"type URL without slash", typesRule("cosmos.bank.v1beta1.MsgSend"), types.ErrInvalidArticle},
		{"type URL without package", typesRule("/MsgSend"), types.ErrInvalidArticle},
		{"type URL with bad segment", typesRule("/cosmos..MsgSend"), types.ErrInvalidArticle},
		{"type URL too long", typesRule(long), types.ErrInvalidArticle},
		{"duplicate type URL", typesRule("/a.b.MsgX", "/a.b.MsgX"), types.ErrInvalidArticle},
		{"too many type URLs", typesRule(tooManyURLs...), types.ErrInvalidArticle},
		{"protected aegis type", typesRule("/azora.aegis.v1.MsgAmendArticle"), types.ErrProtectedType},
		{"protected gov submit", typesRule("/cosmos.gov.v1.MsgSubmitProposal"), types.ErrProtectedType},
		{"protected gov vote", typesRule("/cosmos.gov.v1.MsgVote"), types.ErrProtectedType},
		{"legacy gov may be disallowed", typesRule("/cosmos.gov.v1beta1.MsgSubmitProposal"), nil},
		{"paused", pausedRule("cosmos.distribution", "azora.forge.v1"), nil},
		{"empty paused", pausedRule(), nil},
		{"pause everything", pausedRule("cosmos"), types.ErrProtectedType},
		{"pause gov", pausedRule("cosmos.gov"), types.ErrProtectedType},
		{"pause gov v1", pausedRule("cosmos.gov.v1"), types.ErrProtectedType},
		{"pause azora", pausedRule("azora"), types.ErrProtectedType},
		{"pause aegis", pausedRule("azora.aegis.v1"), types.ErrProtectedType},
		{"pause inside aegis", pausedRule("azora.aegis.v1.sub"), types.ErrProtectedType},
		{"pause legacy gov", pausedRule("cosmos.gov.v1beta1"), nil},
		{"bad package", pausedRule("cosmos bank"), types.ErrInvalidArticle},
		{"empty package", pausedRule(""), types.ErrInvalidArticle},
		{"duplicate package", pausedRule("x.y", "x.y"), types.ErrInvalidArticle},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.input.Validate()
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestRuleKindName(t *testing.T) {
	require.Equal(t, types.RuleStanding, standingRule().KindName())
	require.Equal(t, types.RuleVelocity, velocityRule().KindName())
	require.Equal(t, types.RuleMessageTypes, typesRule().KindName())
	require.Equal(t, types.RulePausedModules, pausedRule().KindName())
	require.Equal(t, "", types.Rule{}.KindName())
}

func TestValidateConstitution(t *testing.T) {
	art := func(id uint64, enabled bool, r types.Rule) types.Article {
		return types.Article{Id: id, Title: "t", Text: "x", Enabled: enabled, Rule: r}
	}
	tooMany := make([]types.Article, types.MaxArticles+1)
	for i := range tooMany {
		tooMany[i] = art(uint64(i+1), true, typesRule())
	}
	cases := []struct {
		name   string
		input  []types.Article
		expErr error
	}{
		{"default", types.DefaultArticles(), nil},
		{"empty", nil, nil},
		{"duplicate id", []types.Article{art(1, true, standingRule()), art(1, true, typesRule())}, types.ErrInvalidArticle},
		{"zero id", []types.Article{art(0, true, standingRule())}, types.ErrInvalidArticle},
		{"two enabled standing", []types.Article{art(1, true, standingRule()), art(2, true, standingRule())}, types.ErrInvalidArticle},
		{"one standing disabled", []types.Article{art(1, true, standingRule()), art(2, false, standingRule())}, nil},
		{"two enabled velocity", []types.Article{art(1, true, velocityRule(types.Tier{Name: "aa"})), art(2, true, velocityRule(types.Tier{Name: "bb"}))}, types.ErrInvalidArticle},
		{"two message-types articles", []types.Article{art(1, true, typesRule("/a.b.C")), art(2, true, typesRule("/a.b.C"))}, nil},
		{"too many", tooMany, types.ErrInvalidArticle},
		{"empty title", []types.Article{{Id: 1, Text: "x", Rule: standingRule()}}, types.ErrInvalidArticle},
		{"blank text", []types.Article{{Id: 1, Title: "t", Text: "  ", Rule: standingRule()}}, types.ErrInvalidArticle},
		{"long title", []types.Article{{Id: 1, Title: strings.Repeat("t", types.MaxTitleLength+1), Text: "x", Rule: standingRule()}}, types.ErrInvalidArticle},
		{"long text", []types.Article{{Id: 1, Title: "t", Text: strings.Repeat("x", types.MaxTextLength+1), Rule: standingRule()}}, types.ErrInvalidArticle},
		{"no rule", []types.Article{{Id: 1, Title: "t", Text: "x"}}, types.ErrInvalidArticle},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateConstitution(tc.input)
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestBuildPolicy(t *testing.T) {
	p := types.BuildPolicy(types.DefaultArticles())
	require.Equal(t, types.ArticleStanding, p.StandingArticleId)
	require.Equal(t, types.ArticleVelocity, p.VelocityArticleId)
	require.Equal(t, []string{"basic", "standard", "enhanced", "institutional"}, p.Tiers)

	arts := types.DefaultArticles()
	for i := range arts {
		arts[i].Enabled = false
	}
	require.Equal(t, types.Policy{}, types.BuildPolicy(arts))
}

func TestPolicyEffectiveTier(t *testing.T) {
	p := types.Policy{Tiers: []string{"basic", "standard"}}
	cases := []struct{ name, tier, want string }{
		{"unverified", "", "basic"},
		{"known tier", "standard", "standard"},
		{"tier no longer defined", "gold", "basic"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, p.EffectiveTier(tc.tier))
		})
	}
	require.Equal(t, "", types.Policy{}.EffectiveTier("standard"))
}

func TestTypeURLHelpers(t *testing.T) {
	require.Equal(t, []string{"cosmos", "cosmos.bank", "cosmos.bank.v1beta1"}, types.PackagePrefixes("/cosmos.bank.v1beta1.MsgSend"))
	require.Empty(t, types.PackagePrefixes("/MsgSend"))
	require.True(t, types.IsProtectedTypeURL("/azora.aegis.v1.MsgFreezeAccount"))
	require.True(t, types.IsProtectedTypeURL("/cosmos.gov.v1.MsgDeposit"))
	require.False(t, types.IsProtectedTypeURL("/cosmos.gov.v1.MsgCancelProposal"))
	require.False(t, types.IsProtectedTypeURL("/azora.aegisx.v1.Msg"))
	require.False(t, types.IsProtectedTypeURL("/cosmos.bank.v1beta1.MsgSend"))
}
