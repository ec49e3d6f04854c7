package keeper

import (
	"context"

	"github.com/azora-os/nexus/x/aegis/types"
)

// getArticle returns the article with id.
func (k *Keeper) getArticle(ctx context.Context, id uint64) (types.Article, error) {
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

// addArticle adds an article and returns its id. The msg server has
// checked the authority.
func (k *Keeper) addArticle(ctx context.Context, title, text string, rule types.Rule, enabled bool) (uint64, error) {
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
	return id, emit(ctx, types.NewEventArticleAdded(a))
}

// amendArticle replaces an article's title, text, rule and enabled flag.
// The msg server has checked the authority.
func (k *Keeper) amendArticle(ctx context.Context, id uint64, title, text string, rule types.Rule, enabled bool) error {
	if err := types.ValidateArticleContent(title, text, rule); err != nil {
		return err
	}
	if _, err := k.getArticle(ctx, id); err != nil {
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
	return emit(ctx, types.NewEventArticleAmended(a))
}

// repealArticle removes an article. Its id is never given to another
// article. The msg server has checked the authority.
func (k *Keeper) repealArticle(ctx context.Context, id uint64) error {
	a, err := k.getArticle(ctx, id)
	if err != nil {
		return err
	}
	if err := k.Articles.Remove(ctx, id); err != nil {
		return err
	}
	if err := k.rebuildPolicy(ctx); err != nil {
		return err
	}
	return emit(ctx, types.NewEventArticleRepealed(a))
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
