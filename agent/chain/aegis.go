package chain

import (
	"context"

	"github.com/cosmos/cosmos-sdk/types/query"

	aegistypes "github.com/azora-os/nexus/x/aegis/types"
)

// VelocityRule returns the constitution's enabled velocity rule (the
// verification tiers with their per-transaction and per-day limits), and
// false when no enabled article has one. The anomaly model reads the limits
// (structuring is many sends just under per_tx), and demo traffic aims just
// under them.
func (c *Client) VelocityRule(ctx context.Context) (aegistypes.VelocityRule, bool, error) {
	var (
		rule  aegistypes.VelocityRule
		found bool
	)
	err := c.Do(ctx, func(ctx context.Context, cn *Conn) error {
		var key []byte
		for {
			res, err := aegistypes.NewQueryClient(cn.GRPC).Articles(ctx, &aegistypes.QueryArticlesRequest{Pagination: &query.PageRequest{Key: key, Limit: 100}})
			if err != nil {
				return err
			}
			for _, a := range res.Articles {
				if v := a.Rule.GetVelocity(); v != nil && a.Enabled {
					rule, found = *v, true
					return nil
				}
			}
			if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
				return nil
			}
			key = res.Pagination.NextKey
		}
	})
	return rule, found, err
}

// AccountTiers returns every verified account's x/aegis tier (address →
// tier name), walking the Standings query page by page. The agent learns
// later changes from events; this snapshot covers accounts verified at
// genesis, which no event announces.
func (c *Client) AccountTiers(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := c.Do(ctx, func(ctx context.Context, cn *Conn) error {
		var key []byte
		for {
			res, err := aegistypes.NewQueryClient(cn.GRPC).Standings(ctx, &aegistypes.QueryStandingsRequest{Pagination: &query.PageRequest{Key: key, Limit: 1000}})
			if err != nil {
				return err
			}
			for _, s := range res.Standings {
				if s.Tier != "" {
					out[s.Address] = s.Tier
				}
			}
			if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
				return nil
			}
			key = res.Pagination.NextKey
		}
	})
	return out, err
}
