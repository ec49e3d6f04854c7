package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

// GetArticle returns the article with id.
func (k *Keeper) GetArticle(ctx context.Context, id uint64) (types.Article, error) {
	a, err := k.Articles.Get(ctx, id)
	if err != nil {
		if errorsIsNotFound(err) {
			return types.Article{}, types.ErrArticleNotFound.Wrapf("no article %d", id)
		}
		return types.Article{}, err
	}
	return a, nil
}

// allArticles returns the constitution in id order. It is bounded by
// types.MaxArticles.
func (k *Keeper) allArticles(ctx context.Context) ([]types.Article, error) {
	iter, err := k.Articles.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	return iter.Values()
}

// AddArticle adds an article on behalf of the authority and returns its id.
func (k *Keeper) AddArticle(ctx context.Context, authority, title, text string, rule types.Rule, enabled bool) (uint64, error) {
	if err := k.checkAuthority(ctx, authority); err != nil {
		return 0, err
	}
	if err := types.ValidateArticleContent(title, text, rule); err != nil {
		return 0, err
	}
	articles, err := k.allArticles(ctx)
	if err != nil {
		return 0, err
	}
	id, err := k.NextArticleID.Peek(ctx)
	if err != nil {
		return 0, err
	}
	if id == 0 {
		id = 1 // ids start at 1
	}
	a := types.Article{Id: id, Title: title, Text: text, Rule: rule, Enabled: enabled}
	if err := types.ValidateConstitution(append(articles, a)); err != nil {
		return 0, err
	}
	if err := k.NextArticleID.Set(ctx, id+1); err != nil {
		return 0, err
	}
	if err := k.Articles.Set(ctx, id, a); err != nil {
		return 0, err
	}
	if err := k.rebuildPolicy(ctx); err != nil {
		return 0, err
	}
	return id, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventArticleAdded{
		ArticleId: id, Title: title, RuleKind: rule.KindName(), Enabled: enabled,
	})
}

// AmendArticle replaces an article's title, text, rule and enabled flag on
// behalf of the authority.
func (k *Keeper) AmendArticle(ctx context.Context, authority string, id uint64, title, text string, rule types.Rule, enabled bool) error {
	if err := k.checkAuthority(ctx, authority); err != nil {
		return err
	}
	if err := types.ValidateArticleContent(title, text, rule); err != nil {
		return err
	}
	if _, err := k.GetArticle(ctx, id); err != nil {
		return err
	}
	articles, err := k.allArticles(ctx)
	if err != nil {
		return err
	}
	a := types.Article{Id: id, Title: title, Text: text, Rule: rule, Enabled: enabled}
	for i := range articles {
		if articles[i].Id == id {
			articles[i] = a
		}
	}
	if err := types.ValidateConstitution(articles); err != nil {
		return err
	}
	if err := k.Articles.Set(ctx, id, a); err != nil {
		return err
	}
	if err := k.rebuildPolicy(ctx); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventArticleAmended{
		ArticleId: id, Title: title, RuleKind: rule.KindName(), Enabled: enabled,
	})
}

// RepealArticle removes an article on behalf of the authority. Its id is
// never given to another article.
func (k *Keeper) RepealArticle(ctx context.Context, authority string, id uint64) error {
	if err := k.checkAuthority(ctx, authority); err != nil {
		return err
	}
	a, err := k.GetArticle(ctx, id)
	if err != nil {
		return err
	}
	if err := k.Articles.Remove(ctx, id); err != nil {
		return err
	}
	if err := k.rebuildPolicy(ctx); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventArticleRepealed{
		ArticleId: id, Title: a.Title, RuleKind: a.Rule.KindName(),
	})
}

// rebuildPolicy derives the policy, the tier limits and the disallowed and
// paused indexes from the enabled articles. It runs only when the
// constitution changes (authority messages and genesis), never per
// transfer, and is bounded by the constitution's size limits.
func (k *Keeper) rebuildPolicy(ctx context.Context) error {
	articles, err := k.allArticles(ctx)
	if err != nil {
		return err
	}
	if err := k.TierLimits.Clear(ctx, nil); err != nil {
		return err
	}
	if err := k.DisallowedTypes.Clear(ctx, nil); err != nil {
		return err
	}
	if err := k.PausedModules.Clear(ctx, nil); err != nil {
		return err
	}
	policy := types.BuildPolicy(articles)
	if err := k.Policy.Set(ctx, policy); err != nil {
		return err
	}
	for _, a := range articles {
		if !a.Enabled {
			continue
		}
		switch r := a.Rule.Kind.(type) {
		case *types.Rule_Velocity:
			for _, t := range r.Velocity.Tiers {
				for _, l := range t.Limits {
					if err := k.TierLimits.Set(ctx, tierLimitKey(t.Name, l.Denom), l); err != nil {
						return err
					}
				}
			}
		case *types.Rule_MessageTypes:
			for _, u := range r.MessageTypes.DisallowedTypeUrls {
				// The lowest article id names the rejection.
				has, err := k.DisallowedTypes.Has(ctx, u)
				if err != nil {
					return err
				}
				if !has {
					if err := k.DisallowedTypes.Set(ctx, u, a.Id); err != nil {
						return err
					}
				}
			}
		case *types.Rule_PausedModules:
			for _, m := range r.PausedModules.Modules {
				has, err := k.PausedModules.Has(ctx, m)
				if err != nil {
					return err
				}
				if !has {
					if err := k.PausedModules.Set(ctx, m, a.Id); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}
