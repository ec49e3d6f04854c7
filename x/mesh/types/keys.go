package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the mesh module's name, store key and error codespace.
	ModuleName = "mesh"
	// StoreKey is the KV store key of the module.
	StoreKey = ModuleName
)

// Collection prefixes. Numbered once and never reused (STYLE.md §3).
var (
	// ParamsKey holds the Params item.
	ParamsKey = collections.NewPrefix(0)
	// RolesPrefix holds the role grants: (role, address) → ∅.
	RolesPrefix = collections.NewPrefix(1)
	// NodesPrefix holds the nodes: id → Node.
	NodesPrefix = collections.NewPrefix(2)
	// NodesByOwnerPrefix is the nodes' owner index: (owner, id) → ∅.
	NodesByOwnerPrefix = collections.NewPrefix(3)
	// NodesByTypePrefix is the nodes' type index: (type, id) → ∅.
	NodesByTypePrefix = collections.NewPrefix(4)
	// AuditLogPrefix holds the audit log: (node id, seq) → AuditEntry.
	AuditLogPrefix = collections.NewPrefix(5)
	// AuditCursorsPrefix holds the audit cursors: node id → AuditCursor.
	AuditCursorsPrefix = collections.NewPrefix(6)
	// OwnerStatsPrefix holds each owner's node count and reputation sum:
	// owner → OwnerStats.
	OwnerStatsPrefix = collections.NewPrefix(7)
	// UsedActionsPrefix holds the reporters' applied action ids:
	// (reporter, action id) → height.
	UsedActionsPrefix = collections.NewPrefix(8)
	// OwnerTypeStatsPrefix holds each owner's node count and reputation sum
	// per node type: (owner, type) → OwnerStats (AccountReputation reads the
	// employee entry).
	OwnerTypeStatsPrefix = collections.NewPrefix(9)
	// ModelRecordsPrefix holds the committed model versions kept in state:
	// (node id, model, version) → ModelRecord.
	ModelRecordsPrefix = collections.NewPrefix(10)
	// ReporterScoresPrefix holds each reporter's EWMA of each node:
	// (node id, reporter) → ReporterScore.
	ReporterScoresPrefix = collections.NewPrefix(11)
)

// Fixed bounds of the module (not params).
const (
	// MaxReputation is the top of the reputation and score scale.
	MaxReputation uint64 = 1_000_000
	// BpsDenominator is 100% in basis points.
	BpsDenominator uint64 = 10_000

	// MaxBatchSizeLimit is the largest max_batch_size the params accept.
	MaxBatchSizeLimit = 1_000
	// MaxAuditRetentionLimit is the largest audit_retention the params accept.
	MaxAuditRetentionLimit = 10_000
	// MaxModelsPerNodeLimit is the largest max_models_per_node the params accept.
	MaxModelsPerNodeLimit = 256
	// MaxMetadataBytesLimit is the largest max_metadata_bytes the params accept.
	MaxMetadataBytesLimit = 16_384

	// MaxAuditPrunePerWrite bounds how many old audit entries one append
	// removes. One is enough while audit_retention is unchanged; the second
	// lets the log shrink to a lowered retention over the following writes.
	MaxAuditPrunePerWrite = 2

	// MaxReportersPerNodeLimit is the largest max_reporters_per_node the
	// params accept: it bounds the median of one feedback.
	MaxReportersPerNodeLimit = 64
	// MaxFeedbackWindowBlocksLimit is the longest feedback_window_blocks.
	MaxFeedbackWindowBlocksLimit = 1_000_000
	// MaxFeedbackPerWindowLimit is the largest max_feedback_per_window.
	MaxFeedbackPerWindowLimit = 10_000
	// MaxModelHistoryRetentionLimit is the largest model_history_retention.
	MaxModelHistoryRetentionLimit = 1_000
	// MaxModelPrunePerCommit bounds how many old model records one commit
	// removes (as MaxAuditPrunePerWrite does for the audit log).
	MaxModelPrunePerCommit = 2
	// MaxMetricsPerModel bounds the backtest metrics of a committed model.
	MaxMetricsPerModel = 16
)
