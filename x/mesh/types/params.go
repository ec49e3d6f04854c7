package types

// Default params.
const (
	DefaultSelfRegistration  = false
	DefaultInitialReputation = MaxReputation / 2 // neutral
	DefaultEWMAWeightBps     = 2_000             // a new score counts 20%
	DefaultMaxBatchSize      = 100
	DefaultAuditRetention    = 100
	DefaultMaxModelsPerNode  = 32
	DefaultMaxMetadataBytes  = 1_024
	DefaultEmployeeWeightBps = 3_000
	DefaultDeviceWeightBps   = 3_000
	DefaultCorridorWeightBps = 4_000
	// DefaultMaxReportersPerNode bounds the reporters a reputation combines.
	DefaultMaxReportersPerNode = 16
	// DefaultFeedbackWindowBlocks is about 10 minutes of 6 s blocks.
	DefaultFeedbackWindowBlocks = 100
	// DefaultMaxFeedbackPerWindow is the feedbacks one reporter may give one
	// node per window.
	DefaultMaxFeedbackPerWindow = 20
	// DefaultModelHistoryRetention is the model versions kept per node model.
	DefaultModelHistoryRetention = 20
)

// DefaultParams returns the default mesh params.
func DefaultParams() Params {
	return Params{
		SelfRegistration:  DefaultSelfRegistration,
		InitialReputation: DefaultInitialReputation,
		EwmaWeightBps:     DefaultEWMAWeightBps,
		MaxBatchSize:      DefaultMaxBatchSize,
		AuditRetention:    DefaultAuditRetention,
		MaxModelsPerNode:  DefaultMaxModelsPerNode,
		MaxMetadataBytes:  DefaultMaxMetadataBytes,
		EmployeeWeightBps: DefaultEmployeeWeightBps,
		DeviceWeightBps:   DefaultDeviceWeightBps,
		CorridorWeightBps: DefaultCorridorWeightBps,

		MaxReportersPerNode:   DefaultMaxReportersPerNode,
		FeedbackWindowBlocks:  DefaultFeedbackWindowBlocks,
		MaxFeedbackPerWindow:  DefaultMaxFeedbackPerWindow,
		ModelHistoryRetention: DefaultModelHistoryRetention,
	}
}

// Validate checks every param against its bounds.
func (p Params) Validate() error {
	if p.InitialReputation > MaxReputation {
		return ErrInvalidParams.Wrapf("initial_reputation %d > %d", p.InitialReputation, MaxReputation)
	}
	if p.EwmaWeightBps == 0 || uint64(p.EwmaWeightBps) > BpsDenominator {
		return ErrInvalidParams.Wrapf("ewma_weight_bps %d not in 1..%d", p.EwmaWeightBps, BpsDenominator)
	}
	if p.MaxBatchSize == 0 || p.MaxBatchSize > MaxBatchSizeLimit {
		return ErrInvalidParams.Wrapf("max_batch_size %d not in 1..%d", p.MaxBatchSize, MaxBatchSizeLimit)
	}
	if p.AuditRetention == 0 || p.AuditRetention > MaxAuditRetentionLimit {
		return ErrInvalidParams.Wrapf("audit_retention %d not in 1..%d", p.AuditRetention, MaxAuditRetentionLimit)
	}
	if p.MaxModelsPerNode == 0 || p.MaxModelsPerNode > MaxModelsPerNodeLimit {
		return ErrInvalidParams.Wrapf("max_models_per_node %d not in 1..%d", p.MaxModelsPerNode, MaxModelsPerNodeLimit)
	}
	if p.MaxMetadataBytes > MaxMetadataBytesLimit {
		return ErrInvalidParams.Wrapf("max_metadata_bytes %d > %d", p.MaxMetadataBytes, MaxMetadataBytesLimit)
	}
	for _, w := range []struct {
		name string
		bps  uint32
	}{
		{"employee_weight_bps", p.EmployeeWeightBps},
		{"device_weight_bps", p.DeviceWeightBps},
		{"corridor_weight_bps", p.CorridorWeightBps},
	} {
		if uint64(w.bps) > BpsDenominator {
			return ErrInvalidParams.Wrapf("%s %d > %d", w.name, w.bps, BpsDenominator)
		}
	}
	if sum := uint64(p.EmployeeWeightBps) + uint64(p.DeviceWeightBps) + uint64(p.CorridorWeightBps); sum != BpsDenominator {
		return ErrInvalidParams.Wrapf("analysis weights sum to %d, want %d", sum, BpsDenominator)
	}
	if p.MaxReportersPerNode == 0 || p.MaxReportersPerNode > MaxReportersPerNodeLimit {
		return ErrInvalidParams.Wrapf("max_reporters_per_node %d not in 1..%d", p.MaxReportersPerNode, MaxReportersPerNodeLimit)
	}
	if p.FeedbackWindowBlocks < 1 || p.FeedbackWindowBlocks > MaxFeedbackWindowBlocksLimit {
		return ErrInvalidParams.Wrapf("feedback_window_blocks %d not in 1..%d", p.FeedbackWindowBlocks, MaxFeedbackWindowBlocksLimit)
	}
	if p.MaxFeedbackPerWindow == 0 || p.MaxFeedbackPerWindow > MaxFeedbackPerWindowLimit {
		return ErrInvalidParams.Wrapf("max_feedback_per_window %d not in 1..%d", p.MaxFeedbackPerWindow, MaxFeedbackPerWindowLimit)
	}
	if p.ModelHistoryRetention == 0 || p.ModelHistoryRetention > MaxModelHistoryRetentionLimit {
		return ErrInvalidParams.Wrapf("model_history_retention %d not in 1..%d", p.ModelHistoryRetention, MaxModelHistoryRetentionLimit)
	}
	return nil
}

// WeightOf returns the federated-analysis weight of a node type.
func (p Params) WeightOf(t NodeType) uint32 {
	switch t {
	case NodeTypeEmployee:
		return p.EmployeeWeightBps
	case NodeTypeDevice:
		return p.DeviceWeightBps
	case NodeTypeCorridor:
		return p.CorridorWeightBps
	default:
		return 0
	}
}
