package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/x/mesh/types"
)

func TestParamsValidate(t *testing.T) {
	cases := []struct {
		name   string
		mut    func(*types.Params)
		expErr bool
	}{
		{"default", func(*types.Params) {}, false},
		{"self registration on", func(p *types.Params) { p.SelfRegistration = true }, false},
		{"initial reputation 0", func(p *types.Params) { p.InitialReputation = 0 }, false},
		{"initial reputation max", func(p *types.Params) { p.InitialReputation = 1_000_000 }, false},
		{"initial reputation over max", func(p *types.Params) { p.InitialReputation = 1_000_001 }, true},
		{"weight 1 bps", func(p *types.Params) { p.EwmaWeightBps = 1 }, false},
		{"weight 100%", func(p *types.Params) { p.EwmaWeightBps = 10_000 }, false},
		{"weight 0", func(p *types.Params) { p.EwmaWeightBps = 0 }, true},
		{"weight over 100%", func(p *types.Params) { p.EwmaWeightBps = 10_001 }, true},
		{"batch 0", func(p *types.Params) { p.MaxBatchSize = 0 }, true},
		{"batch at limit", func(p *types.Params) { p.MaxBatchSize = types.MaxBatchSizeLimit }, false},
		{"batch over limit", func(p *types.Params) { p.MaxBatchSize = types.MaxBatchSizeLimit + 1 }, true},
		{"retention 0", func(p *types.Params) { p.AuditRetention = 0 }, true},
		{"retention 1", func(p *types.Params) { p.AuditRetention = 1 }, false},
		{"retention over limit", func(p *types.Params) { p.AuditRetention = types.MaxAuditRetentionLimit + 1 }, true},
		{"models 0", func(p *types.Params) { p.MaxModelsPerNode = 0 }, true},
		{"models over limit", func(p *types.Params) { p.MaxModelsPerNode = types.MaxModelsPerNodeLimit + 1 }, true},
		{"metadata 0", func(p *types.Params) { p.MaxMetadataBytes = 0 }, false},
		{"metadata over limit", func(p *types.Params) { p.MaxMetadataBytes = types.MaxMetadataBytesLimit + 1 }, true},
		{"reporters 0", func(p *types.Params) { p.MaxReportersPerNode = 0 }, true},
		{"reporters at limit", func(p *types.Params) { p.MaxReportersPerNode = types.MaxReportersPerNodeLimit }, false},
		{"reporters over limit", func(p *types.Params) { p.MaxReportersPerNode = types.MaxReportersPerNodeLimit + 1 }, true},
		{"window 0", func(p *types.Params) { p.FeedbackWindowBlocks = 0 }, true},
		{"window negative", func(p *types.Params) { p.FeedbackWindowBlocks = -5 }, true},
		{"window over limit", func(p *types.Params) { p.FeedbackWindowBlocks = types.MaxFeedbackWindowBlocksLimit + 1 }, true},
		{"per window 0", func(p *types.Params) { p.MaxFeedbackPerWindow = 0 }, true},
		{"per window over limit", func(p *types.Params) { p.MaxFeedbackPerWindow = types.MaxFeedbackPerWindowLimit + 1 }, true},
		{"history 0", func(p *types.Params) { p.ModelHistoryRetention = 0 }, true},
		{"history 1", func(p *types.Params) { p.ModelHistoryRetention = 1 }, false},
		{"history over limit", func(p *types.Params) { p.ModelHistoryRetention = types.MaxModelHistoryRetentionLimit + 1 }, true},
		{"weights sum under 100%", func(p *types.Params) { p.CorridorWeightBps-- }, true},
		{"weights sum over 100%", func(p *types.Params) { p.EmployeeWeightBps++ }, true},
		{"one weight 100%", func(p *types.Params) { p.EmployeeWeightBps, p.DeviceWeightBps, p.CorridorWeightBps = 10_000, 0, 0 }, false},
		{"weight over 100% wrapping", func(p *types.Params) {
			p.EmployeeWeightBps, p.DeviceWeightBps, p.CorridorWeightBps = 4_294_967_295, 10_001, 0
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := types.DefaultParams()
			tc.mut(&p)
			err := p.Validate()
			if tc.expErr {
				require.ErrorIs(t, err, types.ErrInvalidParams)
				return
			}
			require.NoError(t, err)
		})
	}
}

func TestWeightOf(t *testing.T) {
	p := types.DefaultParams()
	require.Equal(t, uint32(3000), p.WeightOf(types.NodeTypeEmployee))
	require.Equal(t, uint32(3000), p.WeightOf(types.NodeTypeDevice))
	require.Equal(t, uint32(4000), p.WeightOf(types.NodeTypeCorridor))
	require.Equal(t, uint32(0), p.WeightOf(types.NodeTypeUnspecified))
}
