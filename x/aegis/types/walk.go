package types

import (
	"errors"

	"github.com/cosmos/gogoproto/proto"

	"github.com/azora-os/nexus/types/movement"
)

// Node is one value met while walking the messages of a transaction
// (types/movement owns the walker; see movement.Node).
type Node = movement.Node

// Walk is movement.Walk, the one walker of nested messages, with its
// failures as x/aegis's registered errors: ErrMsgTooDeep for a value deeper
// than maxDepth, ErrUnresolvedMsg for a nested Any whose value was not
// decoded (what cannot be read cannot be checked, so it is refused). An
// error from visit stops the walk and is returned as it is.
func Walk(msgs []proto.Message, maxDepth int, visit func(Node) error) error {
	err := movement.Walk(msgs, maxDepth, visit)
	var we *movement.WalkError
	if !errors.As(err, &we) {
		return err
	}
	if we.TooDeep {
		return ErrMsgTooDeep.Wrapf("aegis: nesting: %s", we.Detail)
	}
	return ErrUnresolvedMsg.Wrap(we.Detail)
}
