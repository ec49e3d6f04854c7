package act_test

import (
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/act"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// TestDecodeMsg: every message type the agent signs decodes back to what
// the planner stored; any other type is refused.
func TestDecodeMsg(t *testing.T) {
	for typ, msg := range map[string]proto.Message{
		act.MsgSubmitFeedback: &meshtypes.MsgSubmitFeedback{Reporter: "r", NodeId: "emp-1", Model: "anomaly", ModelVersion: 2, Score: 5, EvidenceHash: "e", ActionId: "fb-1"},
		act.MsgCommitModel: &meshtypes.MsgCommitModel{Reporter: "r", NodeId: "cor-1", Model: "flow-volume", Version: 3, ParamsHash: "h",
			TrainStartHeight: 1, TrainEndHeight: 9, Metrics: []meshtypes.ModelMetric{{Name: "mase_ppm", Value: "800000"}}, ActionId: "mc-1"},
		act.MsgRecordAnalysis: &meshtypes.MsgRecordAnalysis{Reporter: "r", EmployeeId: "emp-1", CorridorId: "cor-1", ContextHash: "c",
			Inputs: []meshtypes.NodeModelScore{{NodeId: "cor-1", Model: "flow-volume", ModelVersion: 3, Score: 9}}, ActionId: "fa-1"},
	} {
		bz, err := proto.Marshal(msg)
		require.NoError(t, err)
		got, err := act.DecodeMsg(typ, bz)
		require.NoError(t, err, typ)
		require.Equal(t, msg, got, typ)
		_, err = act.DecodeMsg(typ, []byte{0xff, 0xff})
		require.Error(t, err, typ)
	}
	_, err := act.DecodeMsg("/cosmos.bank.v1beta1.MsgSend", nil)
	require.ErrorContains(t, err, "signs only x/mesh")
	_, err = act.DecodeMsg("/nope.Msg", nil)
	require.ErrorContains(t, err, "unknown message type")
}
