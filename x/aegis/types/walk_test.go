package types_test

import (
	"errors"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/azora-os/nexus/x/aegis/types"
)

var (
	sendURL       = sdk.MsgTypeURL(&banktypes.MsgSend{})
	disallowedURL = sdk.MsgTypeURL(&distrtypes.MsgFundCommunityPool{})
	errDisallowed = errors.New("disallowed")
)

func msgSend() sdk.Msg {
	return &banktypes.MsgSend{FromAddress: addr(1), ToAddress: addr(2), Amount: sdk.NewCoins(sdk.NewInt64Coin("uazr", 1))}
}

func fundPool() sdk.Msg { return &distrtypes.MsgFundCommunityPool{Depositor: addr(1)} }

func mustAny(t testing.TB, m proto.Message) *codectypes.Any {
	a, err := codectypes.NewAnyWithValue(m)
	require.NoError(t, err)
	return a
}

func execOf(t testing.TB, msgs ...sdk.Msg) *authz.MsgExec {
	e := &authz.MsgExec{Grantee: addr(3)}
	for _, m := range msgs {
		e.Msgs = append(e.Msgs, mustAny(t, m))
	}
	return e
}

func proposalOf(t testing.TB, msgs ...sdk.Msg) *govv1.MsgSubmitProposal {
	p := &govv1.MsgSubmitProposal{Proposer: addr(4)}
	for _, m := range msgs {
		p.Messages = append(p.Messages, mustAny(t, m))
	}
	return p
}

// panicky is a message whose UnpackInterfaces panics.
type panicky struct{}

func (*panicky) Reset()         {}
func (*panicky) String() string { return "panicky" }
func (*panicky) ProtoMessage()  {}
func (*panicky) UnpackInterfaces(codectypes.AnyUnpacker) error {
	panic("boom")
}

func rejectDisallowed(n types.Node) error {
	if n.TypeURL == disallowedURL {
		return errDisallowed
	}
	return nil
}

func TestWalk(t *testing.T) {
	type visit struct {
		url        string
		depth      int
		path       string
		inProposal bool
	}
	cases := []struct {
		name     string
		msgs     []proto.Message
		maxDepth int
		expErr   error
		visits   []visit
	}{
		{
			name: "flat", msgs: []proto.Message{msgSend(), msgSend()}, maxDepth: 5,
			visits: []visit{{sendURL, 1, "0", false}, {sendURL, 1, "1", false}},
		},
		{
			name: "exec and proposal", maxDepth: 5,
			msgs: []proto.Message{execOf(t, msgSend(), execOf(t, msgSend())), proposalOf(t, msgSend())},
			visits: []visit{
				{"/cosmos.authz.v1beta1.MsgExec", 1, "0", false},
				{sendURL, 2, "0.0", false},
				{"/cosmos.authz.v1beta1.MsgExec", 2, "0.1", false},
				{sendURL, 3, "0.1.0", false},
				{"/cosmos.gov.v1.MsgSubmitProposal", 1, "1", false},
				{sendURL, 2, "1.0", true},
			},
		},
		{
			name: "disallowed behind an allowed sibling", maxDepth: 5,
			msgs:   []proto.Message{execOf(t, msgSend(), msgSend(), fundPool())},
			expErr: errDisallowed,
		},
		{
			name: "disallowed deep in a proposal", maxDepth: 5,
			msgs:   []proto.Message{proposalOf(t, execOf(t, execOf(t, fundPool())))},
			expErr: errDisallowed,
		},
		{
			name: "exactly max depth", maxDepth: 3,
			msgs: []proto.Message{execOf(t, execOf(t, msgSend()))},
			visits: []visit{
				{"/cosmos.authz.v1beta1.MsgExec", 1, "0", false},
				{"/cosmos.authz.v1beta1.MsgExec", 2, "0.0", false},
				{sendURL, 3, "0.0.0", false},
			},
		},
		{
			name: "one level too deep", maxDepth: 2,
			msgs:   []proto.Message{execOf(t, execOf(t, msgSend()))},
			expErr: types.ErrMsgTooDeep,
		},
		{name: "nil message", msgs: []proto.Message{nil}, maxDepth: 5, expErr: types.ErrUnresolvedMsg},
		{
			name: "undecoded Any", maxDepth: 5,
			msgs:   []proto.Message{&authz.MsgExec{Grantee: addr(3), Msgs: []*codectypes.Any{{TypeUrl: sendURL, Value: []byte{1, 2}}}}},
			expErr: types.ErrUnresolvedMsg,
		},
		{
			name: "empty Any carries nothing", maxDepth: 5,
			msgs:   []proto.Message{&authz.MsgExec{Grantee: addr(3), Msgs: []*codectypes.Any{{}, nil}}},
			visits: []visit{{"/cosmos.authz.v1beta1.MsgExec", 1, "0", false}},
		},
		{name: "panicking UnpackInterfaces", msgs: []proto.Message{&panicky{}}, maxDepth: 5, expErr: types.ErrUnresolvedMsg},
		{
			name: "nested non-message values are walked", maxDepth: 5,
			msgs: []proto.Message{&authz.MsgGrant{Granter: addr(1), Grantee: addr(2), Grant: authz.Grant{
				Authorization: mustAny(t, authz.NewGenericAuthorization(disallowedURL)),
			}}},
			visits: []visit{
				{"/cosmos.authz.v1beta1.MsgGrant", 1, "0", false},
				{"/cosmos.authz.v1beta1.GenericAuthorization", 2, "0.0", false},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []visit
			err := types.Walk(tc.msgs, tc.maxDepth, func(n types.Node) error {
				got = append(got, visit{n.TypeURL, n.Depth, n.Path, n.InProposal})
				return rejectDisallowed(n)
			})
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.visits, got)
		})
	}
}
