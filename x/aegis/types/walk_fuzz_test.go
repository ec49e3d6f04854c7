package types_test

import (
	"errors"
	"testing"

	"github.com/cosmos/gogoproto/proto"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/std"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/azora-os/nexus/x/aegis/types"
)

// tree builds a message tree from fuzz bytes and records what it holds.
type tree struct {
	data          []byte
	pos           int
	maxNodeDepth  int
	hasDisallowed bool
	hasUnresolved bool
	nodes         int
}

func (tr *tree) next() byte {
	if tr.pos >= len(tr.data) {
		return 0
	}
	b := tr.data[tr.pos]
	tr.pos++
	return b
}

// anyOf wraps m in an Any with its value cached, as the decoder leaves it.
func anyOf(m proto.Message) *codectypes.Any {
	a, err := codectypes.NewAnyWithValue(m)
	if err != nil {
		panic(err)
	}
	return a
}

// node builds one message at depth. Leaves: a send, a disallowed message, a
// grant carrying a nested non-message value. Containers: MsgExec and gov
// proposals with up to three children. An undecoded Any or an empty Any can
// appear among the children.
func (tr *tree) node(depth int) sdk.Msg {
	tr.nodes++
	if depth > tr.maxNodeDepth {
		tr.maxNodeDepth = depth
	}
	op := tr.next() % 6
	if depth >= 9 { // stay below the SDK decoder's own nesting limit
		op = 0
	}
	switch op {
	case 0:
		return msgSend()
	case 1:
		tr.hasDisallowed = true
		return fundPool()
	case 2, 3:
		n := int(tr.next() % 4)
		var children []*codectypes.Any
		for i := 0; i < n; i++ {
			switch tr.next() % 8 {
			case 0:
				tr.hasUnresolved = true
				children = append(children, &codectypes.Any{TypeUrl: sendURL, Value: []byte{0x0a, 0x01, 0x61}})
			case 1:
				children = append(children, &codectypes.Any{})
			default:
				children = append(children, anyOf(tr.node(depth+1)))
			}
		}
		if op == 2 {
			return &authz.MsgExec{Grantee: addr(3), Msgs: children}
		}
		return &govv1.MsgSubmitProposal{Proposer: addr(4), Messages: children}
	default:
		tr.nodes++ // the authorization inside the grant
		if depth+1 > tr.maxNodeDepth {
			tr.maxNodeDepth = depth + 1
		}
		return &authz.MsgGrant{Granter: addr(1), Grantee: addr(2), Grant: authz.Grant{
			Authorization: anyOf(authz.NewGenericAuthorization(disallowedURL)),
		}}
	}
}

func fuzzRegistry() codectypes.InterfaceRegistry {
	reg := codectypes.NewInterfaceRegistry()
	std.RegisterInterfaces(reg)
	banktypes.RegisterInterfaces(reg)
	authz.RegisterInterfaces(reg)
	govv1.RegisterInterfaces(reg)
	distrtypes.RegisterInterfaces(reg)
	return reg
}

// FuzzWalk builds random trees of nested messages (MsgExec, gov proposals,
// grants, sends, a disallowed type, undecoded and empty Anys) and checks that
// Walk never panics and never lets a disallowed type, a too-deep tree or an
// unreadable message through: it succeeds exactly when the tree holds none
// of them, and then visits every node. The same tree is also encoded and
// decoded with an interface registry, as a transaction would be, and walked
// again.
func FuzzWalk(f *testing.F) {
	f.Add([]byte{0}, uint8(5))
	f.Add([]byte{1}, uint8(5))
	f.Add([]byte{2, 3, 2, 2, 2, 1, 0, 2, 1, 1}, uint8(5))
	f.Add([]byte{3, 2, 2, 2, 2, 1, 2, 2, 1, 2, 2, 1, 2, 2, 1, 0}, uint8(4))
	f.Add([]byte{2, 3, 0, 2, 1, 5, 2, 1, 3}, uint8(3))
	f.Add([]byte{2, 2, 0, 7, 5}, uint8(2))
	reg := fuzzRegistry()
	f.Fuzz(func(t *testing.T, data []byte, depthByte uint8) {
		maxDepth := int(depthByte%types.MaxMsgDepth) + 1
		tr := &tree{data: data}
		var msgs []proto.Message
		for n := 1 + int(tr.next()%3); n > 0; n-- {
			msgs = append(msgs, tr.node(1))
		}
		want := !tr.hasDisallowed && !tr.hasUnresolved && tr.maxNodeDepth <= maxDepth

		visited := 0
		err := types.Walk(msgs, maxDepth, func(n types.Node) error {
			visited++
			return rejectDisallowed(n)
		})
		if want != (err == nil) {
			t.Fatalf("Walk returned %v; disallowed=%v unresolved=%v depth=%d max=%d", err, tr.hasDisallowed, tr.hasUnresolved, tr.maxNodeDepth, maxDepth)
		}
		if err == nil && visited != tr.nodes {
			t.Fatalf("visited %d of %d nodes", visited, tr.nodes)
		}
		if err != nil && !errors.Is(err, errDisallowed) && !errors.Is(err, types.ErrMsgTooDeep) && !errors.Is(err, types.ErrUnresolvedMsg) {
			t.Fatalf("unexpected error %v", err)
		}
		if tr.hasUnresolved {
			return // an undecoded Any does not survive a real decode
		}

		// Round trip through bytes and the interface registry.
		decoded := make([]proto.Message, 0, len(msgs))
		for _, m := range msgs {
			a := anyOf(m)
			raw := &codectypes.Any{TypeUrl: a.TypeUrl, Value: a.Value}
			var out sdk.Msg
			if err := reg.UnpackAny(raw, &out); err != nil {
				return // refused by the decoder (for instance too deep): never reaches a check
			}
			decoded = append(decoded, out)
		}
		err2 := types.Walk(decoded, maxDepth, rejectDisallowed)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("decoded tree walked differently: %v vs %v", err, err2)
		}
	})
}
