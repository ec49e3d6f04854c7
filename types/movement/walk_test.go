package movement_test

import (
	"errors"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/azora-os/nexus/types/movement"
)

func wrap(t *testing.T, m proto.Message) *codectypes.Any {
	t.Helper()
	a, err := codectypes.NewAnyWithValue(m)
	require.NoError(t, err)
	return a
}

// TestWalkParentsAndProposals: every node knows the value it is nested in
// (x/pivc finds authz sends by their MsgExec parent) and whether it sits in
// a gov proposal.
func TestWalkParentsAndProposals(t *testing.T) {
	send := &banktypes.MsgSend{FromAddress: "a", ToAddress: "b"}
	exec := &authz.MsgExec{Grantee: "g", Msgs: []*codectypes.Any{wrap(t, send)}}
	prop := &govv1.MsgSubmitProposal{Messages: []*codectypes.Any{wrap(t, exec)}}

	type seen struct {
		path       string
		depth      int
		parent     proto.Message
		inProposal bool
	}
	var got []seen
	err := movement.Walk([]proto.Message{exec, prop}, movement.MaxMsgDepth, func(n movement.Node) error {
		got = append(got, seen{n.Path, n.Depth, n.Parent, n.InProposal})
		return nil
	})
	require.NoError(t, err)
	require.Len(t, got, 5)
	require.Equal(t, seen{"0", 1, nil, false}, got[0])
	require.Equal(t, "0.0", got[1].path)
	require.Same(t, exec, got[1].parent)
	require.False(t, got[1].inProposal)
	require.Equal(t, seen{"1", 1, nil, false}, got[2])
	require.Equal(t, "1.0", got[3].path)
	require.Same(t, prop, got[3].parent)
	require.True(t, got[3].inProposal)
	require.Equal(t, "1.0.0", got[4].path)
	require.Equal(t, 3, got[4].depth)
	require.True(t, got[4].inProposal)
}

// TestWalkErrors: the walk's own failures are *WalkError (too deep, not
// decoded, empty); an error from visit comes back as it is.
func TestWalkErrors(t *testing.T) {
	var m proto.Message = &banktypes.MsgSend{}
	for range movement.MaxMsgDepth {
		m = &authz.MsgExec{Grantee: "g", Msgs: []*codectypes.Any{wrap(t, m)}}
	}
	var we *movement.WalkError
	err := movement.Walk([]proto.Message{m}, movement.MaxMsgDepth, func(movement.Node) error { return nil })
	require.ErrorAs(t, err, &we)
	require.True(t, we.TooDeep)
	require.Contains(t, err.Error(), "6 levels deep, at most 5")

	undecoded := &authz.MsgExec{Grantee: "g", Msgs: []*codectypes.Any{{TypeUrl: sdk.MsgTypeURL(&banktypes.MsgSend{}), Value: []byte{1}}}}
	err = movement.Walk([]proto.Message{undecoded}, movement.MaxMsgDepth, func(movement.Node) error { return nil })
	require.ErrorAs(t, err, &we)
	require.False(t, we.TooDeep)
	require.Contains(t, err.Error(), "was not decoded")

	err = movement.Walk([]proto.Message{nil}, movement.MaxMsgDepth, func(movement.Node) error { return nil })
	require.ErrorAs(t, err, &we)
	require.Contains(t, err.Error(), "message 0 is empty")

	stop := errors.New("stop")
	err = movement.Walk([]proto.Message{&banktypes.MsgSend{}}, movement.MaxMsgDepth, func(movement.Node) error { return stop })
	require.Same(t, stop, err)
}
