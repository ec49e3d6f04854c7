package movement

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/cosmos/gogoproto/proto"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
)

// MaxMsgDepth is the deepest nesting any walk of a transaction's messages
// goes: 1 is a top-level message, 2 a message inside it (an authz MsgExec's
// messages, a proposal's), and so on. It is the ceiling of x/aegis's
// governable params.max_msg_depth, well below the SDK decoder's own limit
// (about ten levels of Any nesting). x/pivc's authz walk uses it as its
// bound; x/aegis, whose decorator runs first, refuses deeper transactions
// at its own (possibly lower) limit before pivc sees them.
const MaxMsgDepth = 5

// Node is one value met while walking the messages of a transaction: a
// top-level message, or a value nested in one through an Any field (the
// messages of an authz MsgExec or a gov proposal, an authorization, ...).
type Node struct {
	// Value is the decoded message or nested value.
	Value proto.Message
	// TypeURL is the type URL of Value, e.g. "/cosmos.bank.v1beta1.MsgSend".
	TypeURL string
	// Depth is 1 for a top-level message, 2 for a value nested in one, ...
	Depth int
	// Path locates the node, e.g. "1" for the second top-level message and
	// "1.0" for the first value nested in it.
	Path string
	// InProposal is true for values nested in a gov proposal: they execute
	// later, as the gov module account.
	InProposal bool
	// Parent is the value this one is nested in (nil at the top level): an
	// authz MsgExec for the messages it executes, for example.
	Parent proto.Message
}

// WalkError is how a walk itself fails (an error from visit is returned
// as it is). It carries no codespace: each module maps it to its own
// registered error (x/aegis: ErrMsgTooDeep and ErrUnresolvedMsg; x/pivc:
// ErrNestingTooDeep).
type WalkError struct {
	// TooDeep is true for a value deeper than the walk's maxDepth, false
	// for a nested value that was not decoded (or not a proto message).
	TooDeep bool
	// Detail names the value and where it is.
	Detail string
}

func (e *WalkError) Error() string { return e.Detail }

// proposalTypeURLs are messages whose nested messages execute later as
// proposals of the gov module.
var proposalTypeURLs = map[string]bool{
	"/cosmos.gov.v1.MsgSubmitProposal":      true,
	"/cosmos.gov.v1beta1.MsgSubmitProposal": true,
}

// Walk visits every message of msgs and every value nested in them through
// Any fields, depth first, parents before children, in order. It is the one
// walker of nested messages: x/aegis checks every node against the
// constitution with it, x/pivc finds the sends an authz grant pays for.
// Nothing is skipped: every child of every message is visited (there is no
// early return once a MsgExec or a proposal has been seen).
//
// Nested values are found through the messages' own UnpackInterfaces method,
// so any message carrying Any fields is walked, not only the ones Walk knows.
// Walk fails with a *WalkError for a value deeper than maxDepth (TooDeep)
// and for a nested Any whose value was not decoded: what cannot be read
// cannot be checked, so it is refused. An error from visit stops the walk
// and is returned.
//
// msgs is []sdk.Msg as a transaction returns them (sdk.Msg is proto.Message).
func Walk(msgs []proto.Message, maxDepth int, visit func(Node) error) error {
	for i, m := range msgs {
		if m == nil {
			return &WalkError{Detail: fmt.Sprintf("message %d is empty", i)}
		}
		if err := walk(Node{Value: m, TypeURL: codectypes.MsgTypeURL(m), Depth: 1, Path: strconv.Itoa(i)}, maxDepth, visit); err != nil {
			return err
		}
	}
	return nil
}

func walk(n Node, maxDepth int, visit func(Node) error) error {
	if n.Depth > maxDepth {
		return &WalkError{TooDeep: true, Detail: fmt.Sprintf("%s at %s is %d levels deep, at most %d are allowed", n.TypeURL, n.Path, n.Depth, maxDepth)}
	}
	if err := visit(n); err != nil {
		return err
	}
	children, err := nestedAnys(n.Value)
	if err != nil {
		return &WalkError{Detail: fmt.Sprintf("%s at %s: %s", n.TypeURL, n.Path, err)}
	}
	inProposal := n.InProposal || proposalTypeURLs[n.TypeURL]
	for i, a := range children {
		path := n.Path + "." + strconv.Itoa(i)
		if a == nil {
			continue // an absent optional Any carries nothing
		}
		cached := a.GetCachedValue()
		if cached == nil {
			if a.TypeUrl == "" && len(a.Value) == 0 {
				continue // an empty Any carries nothing
			}
			return &WalkError{Detail: fmt.Sprintf("%s at %s was not decoded", a.TypeUrl, path)}
		}
		child, ok := cached.(proto.Message)
		if !ok {
			return &WalkError{Detail: fmt.Sprintf("%s at %s is not a proto message", a.TypeUrl, path)}
		}
		typeURL := a.TypeUrl
		if typeURL == "" || typeURL != codectypes.MsgTypeURL(child) {
			// The decoder resolves the value from the type URL, so the two
			// always agree; if they ever do not, check the value's own type.
			typeURL = codectypes.MsgTypeURL(child)
		}
		next := Node{Value: child, TypeURL: typeURL, Depth: n.Depth + 1, Path: path, InProposal: inProposal, Parent: n.Value}
		if err := walk(next, maxDepth, visit); err != nil {
			return err
		}
	}
	return nil
}

// nestedAnys returns the Any fields of m, in the order m's UnpackInterfaces
// declares them. It never panics: a panic in a message's UnpackInterfaces
// becomes an error.
func nestedAnys(m proto.Message) (anys []*codectypes.Any, err error) {
	u, ok := m.(codectypes.UnpackInterfacesMessage)
	if !ok {
		return nil, nil
	}
	defer func() {
		if r := recover(); r != nil {
			anys, err = nil, fmt.Errorf("reading nested messages: %v", r)
		}
	}()
	c := &anyCollector{}
	if err := u.UnpackInterfaces(c); err != nil {
		return nil, err
	}
	return c.anys, nil
}

// anyCollector is an AnyUnpacker that records every Any a message declares
// and hands back the value the decoder already cached, as the interface
// registry would.
type anyCollector struct {
	anys []*codectypes.Any
}

// UnpackAny implements codectypes.AnyUnpacker.
func (c *anyCollector) UnpackAny(a *codectypes.Any, iface any) error {
	c.anys = append(c.anys, a)
	if a == nil {
		return nil
	}
	cached := a.GetCachedValue()
	if cached == nil {
		return nil
	}
	rv := reflect.ValueOf(iface)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	cv := reflect.ValueOf(cached)
	if cv.Type().AssignableTo(rv.Elem().Type()) {
		rv.Elem().Set(cv)
	}
	return nil
}
