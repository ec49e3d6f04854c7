package types_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/x/mesh/types"
)

const goodHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestValidateNodeID(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		expErr error
	}{
		{"three chars", "abc", nil},
		{"digits first", "7dev", nil},
		{"all punctuation kinds", "cor-lagos.accra_1", nil},
		{"64 chars", strings.Repeat("a", 64), nil},
		{"empty", "", types.ErrInvalidNodeID},
		{"two chars", "ab", types.ErrInvalidNodeID},
		{"65 chars", strings.Repeat("a", 65), types.ErrInvalidNodeID},
		{"upper case", "Abc", types.ErrInvalidNodeID},
		{"upper case later", "abC", types.ErrInvalidNodeID},
		{"starts with dot", ".abc", types.ErrInvalidNodeID},
		{"starts with dash", "-abc", types.ErrInvalidNodeID},
		{"starts with underscore", "_abc", types.ErrInvalidNodeID},
		{"space", "ab c", types.ErrInvalidNodeID},
		{"slash", "ab/c", types.ErrInvalidNodeID},
		{"unicode", "abé", types.ErrInvalidNodeID},
		{"nul", "ab\x00", types.ErrInvalidNodeID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateNodeID(tc.input)
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

var nodeIDRegexp = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

// FuzzValidateNodeID checks the hand-written parser against the regexp of
// the spec.
func FuzzValidateNodeID(f *testing.F) {
	for _, s := range []string{"abc", "ab", "cor-lagos.accra_1", "-ab", "ABC", strings.Repeat("z", 64), strings.Repeat("z", 65), "a\x00b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := types.ValidateNodeID(s)
		if nodeIDRegexp.MatchString(s) != (err == nil) {
			t.Fatalf("ValidateNodeID(%q) = %v, regexp match = %t", s, err, nodeIDRegexp.MatchString(s))
		}
	})
}

func TestValidateModelName(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		expErr error
	}{
		{"one char", "m", nil},
		{"typical", "flow-forecast.v2_1", nil},
		{"64 chars", strings.Repeat("m", 64), nil},
		{"empty", "", types.ErrInvalidModel},
		{"65 chars", strings.Repeat("m", 65), types.ErrInvalidModel},
		{"upper case", "Flow", types.ErrInvalidModel},
		{"starts with dash", "-flow", types.ErrInvalidModel},
		{"space", "flow model", types.ErrInvalidModel},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateModelName(tc.input)
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestValidateEvidenceHash(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		expErr error
	}{
		{"sha-256 hex", goodHash, nil},
		{"empty", "", types.ErrInvalidEvidence},
		{"63 digits", goodHash[1:], types.ErrInvalidEvidence},
		{"65 digits", goodHash + "0", types.ErrInvalidEvidence},
		{"upper case", strings.ToUpper(goodHash), types.ErrInvalidEvidence},
		{"not hex", "g" + goodHash[1:], types.ErrInvalidEvidence},
		{"0x prefix", "0x" + goodHash[2:], types.ErrInvalidEvidence},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateEvidenceHash(tc.input)
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestValidateScoreTypeRole(t *testing.T) {
	require.NoError(t, types.ValidateScore(0))
	require.NoError(t, types.ValidateScore(1_000_000))
	require.ErrorIs(t, types.ValidateScore(1_000_001), types.ErrScoreOutOfRange)
	require.ErrorIs(t, types.ValidateScore(^uint64(0)), types.ErrScoreOutOfRange)

	for _, nt := range []types.NodeType{types.NodeTypeCorridor, types.NodeTypeDevice, types.NodeTypeEmployee} {
		require.NoError(t, types.ValidateNodeType(nt))
	}
	require.ErrorIs(t, types.ValidateNodeType(types.NodeTypeUnspecified), types.ErrInvalidNodeType)
	require.ErrorIs(t, types.ValidateNodeType(4), types.ErrInvalidNodeType)
	require.ErrorIs(t, types.ValidateNodeType(-1), types.ErrInvalidNodeType)

	require.NoError(t, types.ValidateRole(types.RoleRegistrar))
	require.NoError(t, types.ValidateRole(types.RoleReporter))
	require.ErrorIs(t, types.ValidateRole(types.RoleUnspecified), types.ErrInvalidRole)
	require.ErrorIs(t, types.ValidateRole(3), types.ErrInvalidRole)
}

func TestValidateActionID(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		expErr error
	}{
		{"one char", "a", nil},
		{"agent id", "fb-1f2e3d4c5b6a79880716253443526170", nil},
		{"dots and underscores", "run_7.item-3", nil},
		{"64 chars", strings.Repeat("a", 64), nil},
		{"empty", "", types.ErrInvalidActionID},
		{"65 chars", strings.Repeat("a", 65), types.ErrInvalidActionID},
		{"upper case", "Fb-1", types.ErrInvalidActionID},
		{"starts with dash", "-fb", types.ErrInvalidActionID},
		{"space", "fb 1", types.ErrInvalidActionID},
		{"slash", "fb/1", types.ErrInvalidActionID},
		{"colon", "fb:1", types.ErrInvalidActionID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateActionID(tc.input)
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestFeedbackItemValidate(t *testing.T) {
	good := types.FeedbackItem{NodeId: "cor-1", Model: "flow", Score: 10, EvidenceHash: goodHash}
	cases := []struct {
		name   string
		mut    func(*types.FeedbackItem)
		expErr error
	}{
		{"good", func(*types.FeedbackItem) {}, nil},
		{"bad node id", func(f *types.FeedbackItem) { f.NodeId = "X" }, types.ErrInvalidNodeID},
		{"bad model", func(f *types.FeedbackItem) { f.Model = "" }, types.ErrInvalidModel},
		{"score out of range", func(f *types.FeedbackItem) { f.Score = 1_000_001 }, types.ErrScoreOutOfRange},
		{"bad evidence", func(f *types.FeedbackItem) { f.EvidenceHash = "" }, types.ErrInvalidEvidence},
		{"with action id", func(f *types.FeedbackItem) { f.ActionId = "fb-1" }, nil},
		{"bad action id", func(f *types.FeedbackItem) { f.ActionId = "FB 1" }, types.ErrInvalidActionID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := good
			tc.mut(&f)
			err := f.Validate()
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestConsentMissingForFeedback(t *testing.T) {
	cases := []struct {
		name  string
		input types.Consent
		want  []string
	}{
		{"none", types.Consent{}, []string{"data_sharing", "model_training"}},
		{"only federated analysis", types.Consent{FederatedAnalysis: true}, []string{"data_sharing", "model_training"}},
		{"data sharing only", types.Consent{DataSharing: true}, []string{"model_training"}},
		{"model training only", types.Consent{ModelTraining: true}, []string{"data_sharing"}},
		{"both", types.Consent{DataSharing: true, ModelTraining: true}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, tc.input.MissingForFeedback())
		})
	}
}

func TestMsgHelpers(t *testing.T) {
	m := &types.MsgSubmitFeedback{Reporter: "r", NodeId: "n", Model: "m", Score: 5, EvidenceHash: "e", ActionId: "a"}
	require.Equal(t, types.FeedbackItem{NodeId: "n", Model: "m", Score: 5, EvidenceHash: "e", ActionId: "a"}, m.Item())
	c := &types.MsgSetConsent{DataSharing: true, FederatedAnalysis: true}
	require.Equal(t, types.Consent{DataSharing: true, FederatedAnalysis: true}, c.Consent())
}

func TestFindModel(t *testing.T) {
	n := types.Node{Models: []types.ModelState{{Name: "b"}, {Name: "d"}}}
	for _, tc := range []struct {
		name  string
		idx   int
		found bool
	}{{"a", 0, false}, {"b", 0, true}, {"c", 1, false}, {"d", 1, true}, {"e", 2, false}} {
		idx, found := n.FindModel(tc.name)
		require.Equal(t, tc.idx, idx, tc.name)
		require.Equal(t, tc.found, found, tc.name)
	}
}
