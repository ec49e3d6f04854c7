// Package v2 migrates the x/mesh store from consensus version 1 (release
// 28bc9f4) to 2: committed models, per-reporter reputations and per-type
// owner statistics.
//
// What version 2 changed, and what the migration does about it:
//
//   - Params gained max_reporters_per_node, feedback_window_blocks,
//     max_feedback_per_window and model_history_retention: unset ones get
//     their defaults.
//   - ModelState.version meant "feedbacks applied" in version 1; in version
//     2 it is the latest committed model version (MsgCommitModel) and the
//     count moved to feedback_count. Every model entry gets
//     feedback_count = its old version and version 0 (nothing committed:
//     version 1 had no model commits, so there are no model records).
//   - A node's reputation is the median of its reporters' EWMAs
//     (reporter_scores 0x0b, Node.reporter_count); version 1 kept one EWMA
//     per node. So that no reputation jumps at the upgrade, each node that
//     has received feedback gets one reporter score holding its current
//     reputation, attributed to the reporter of its latest feedback still
//     in the audit log (with that reporter's feedback count and latest
//     height from the log), and reporter_count 1: the median of that one
//     score is the reputation the node had. A node whose feedback entries
//     have all been pruned from the audit log keeps its reputation with no
//     reporter score; its first feedback after the upgrade starts the
//     median.
//   - owner_type_stats (0x09: (owner, type) → node count and reputation
//     sum) is new: it is built from the nodes.
//   - used_actions (0x08) and model_records (0x0a) start empty: version 1
//     had neither action ids nor model commits.
//
// Nodes keep their owner and type, so their owner and type indexes are
// unchanged; the audit log, the cursors, owner_stats and the roles are not
// written. The migration works on the store through its own collections
// (the layout of types/keys.go), not through the keeper. It moves no key.
package v2

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

// stores are the collections the migration reads and writes.
type stores struct {
	params         collections.Item[types.Params]
	nodes          collections.Map[string, types.Node]
	auditLog       collections.Map[collections.Pair[string, uint64], types.AuditEntry]
	ownerTypeStats collections.Map[collections.Pair[sdk.AccAddress, int32], types.OwnerStats]
	reporterScores collections.Map[collections.Pair[string, sdk.AccAddress], types.ReporterScore]
}

func newStores(storeService store.KVStoreService, cdc codec.BinaryCodec) (stores, error) {
	sb := collections.NewSchemaBuilder(storeService)
	s := stores{
		params: collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		nodes:  collections.NewMap(sb, types.NodesPrefix, "nodes", collections.StringKey, codec.CollValue[types.Node](cdc)),
		auditLog: collections.NewMap(sb, types.AuditLogPrefix, "audit_log",
			collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), codec.CollValue[types.AuditEntry](cdc)),
		ownerTypeStats: collections.NewMap(sb, types.OwnerTypeStatsPrefix, "owner_type_stats",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.Int32Key), codec.CollValue[types.OwnerStats](cdc)),
		reporterScores: collections.NewMap(sb, types.ReporterScoresPrefix, "reporter_scores",
			collections.PairKeyCodec(collections.StringKey, sdk.AccAddressKey), codec.CollValue[types.ReporterScore](cdc)),
	}
	_, err := sb.Build()
	return s, err
}

// Migrate migrates the params, the nodes' model entries and reporter
// scores, and builds owner_type_stats. ac is the account address codec.
func Migrate(ctx context.Context, storeService store.KVStoreService, cdc codec.BinaryCodec, ac address.Codec) error {
	s, err := newStores(storeService, cdc)
	if err != nil {
		return err
	}
	p, err := s.params.Get(ctx)
	if err != nil {
		return err
	}
	p = MigrateParams(p)
	if err := p.Validate(); err != nil {
		return err
	}
	if err := s.params.Set(ctx, p); err != nil {
		return err
	}

	// Collect first, write after: no writes under an open iterator.
	var nodes []types.Node
	if err := s.nodes.Walk(ctx, nil, func(_ string, n types.Node) (bool, error) {
		nodes = append(nodes, n)
		return false, nil
	}); err != nil {
		return err
	}
	for _, n := range nodes {
		owner, err := ac.StringToBytes(n.Owner)
		if err != nil {
			return err
		}
		n.Models = MigrateModels(n.Models)
		if n.FeedbackCount > 0 && n.ReporterCount == 0 {
			rs, found, err := s.seedReporter(ctx, ac, n, owner)
			if err != nil {
				return err
			}
			if found {
				reporter, err := ac.StringToBytes(rs.Reporter)
				if err != nil {
					return err
				}
				if err := s.reporterScores.Set(ctx, collections.Join(n.Id, sdk.AccAddress(reporter)), rs); err != nil {
					return err
				}
				n.ReporterCount = 1
			}
		}
		if err := s.nodes.Set(ctx, n.Id, n); err != nil {
			return err
		}
		key := collections.Join(sdk.AccAddress(owner), int32(n.Type))
		ts, err := s.ownerTypeStats.Get(ctx, key)
		if err != nil && !isNotFound(err) {
			return err
		}
		ts.NodeCount++
		ts.ReputationSum += n.Reputation
		if err := s.ownerTypeStats.Set(ctx, key, ts); err != nil {
			return err
		}
	}
	return nil
}

// seedReporter returns the reporter score that carries node n's reputation
// over: the reporter of its latest feedback in the audit log (not its
// owner), with the node's reputation as its EWMA and its feedback count and
// latest height from the log. found is false when the log keeps no such
// feedback.
func (s stores) seedReporter(ctx context.Context, ac address.Codec, n types.Node, owner []byte) (types.ReporterScore, bool, error) {
	var rs types.ReporterScore
	found := false
	rng := collections.NewPrefixedPairRange[string, uint64](n.Id).Descending()
	err := s.auditLog.Walk(ctx, rng, func(_ collections.Pair[string, uint64], e types.AuditEntry) (bool, error) {
		if e.Action != types.AuditActionFeedback {
			return false, nil
		}
		if !found {
			actor, err := ac.StringToBytes(e.Actor)
			if err != nil || sdk.AccAddress(actor).Equals(sdk.AccAddress(owner)) {
				return false, nil //nolint:nilerr // an actor that is not a reporter address is skipped
			}
			rs = types.ReporterScore{NodeId: n.Id, Reporter: e.Actor, Ewma: n.Reputation, LastHeight: e.Height}
			found = true
		}
		if e.Actor == rs.Reporter {
			rs.FeedbackCount++
		}
		return false, nil
	})
	return rs, found, err
}

// MigrateParams sets the version-2 params left unset (zero) to their
// defaults.
func MigrateParams(p types.Params) types.Params {
	d := types.DefaultParams()
	if p.MaxReportersPerNode == 0 {
		p.MaxReportersPerNode = d.MaxReportersPerNode
	}
	if p.FeedbackWindowBlocks == 0 {
		p.FeedbackWindowBlocks = d.FeedbackWindowBlocks
	}
	if p.MaxFeedbackPerWindow == 0 {
		p.MaxFeedbackPerWindow = d.MaxFeedbackPerWindow
	}
	if p.ModelHistoryRetention == 0 {
		p.ModelHistoryRetention = d.ModelHistoryRetention
	}
	return p
}

// MigrateModels moves each version-1 model entry's feedback count from
// version to feedback_count and leaves version 0 (no committed model). An
// entry that already has a feedback count is version 2 and kept.
func MigrateModels(models []types.ModelState) []types.ModelState {
	if models == nil {
		return nil
	}
	out := make([]types.ModelState, len(models))
	for i, m := range models {
		if m.FeedbackCount == 0 && m.ParamsHash == "" && m.OldestVersion == 0 {
			m.FeedbackCount, m.Version = m.Version, 0
		}
		out[i] = m
	}
	return out
}

func isNotFound(err error) bool { return errors.Is(err, collections.ErrNotFound) }
