package types

const (
	// MinMsgDepth is the smallest allowed params.max_msg_depth: a gov
	// proposal carrying a message is two levels deep, and the authority must
	// always be able to change the constitution.
	MinMsgDepth = 2
	// MaxMsgDepth is the largest allowed params.max_msg_depth, well below the
	// SDK decoder's own limit (about ten levels of Any nesting).
	MaxMsgDepth = 5
	// DefaultMsgDepth is the default params.max_msg_depth.
	DefaultMsgDepth = 5
)

// DefaultParams returns the default params.
func DefaultParams() Params {
	return Params{MaxMsgDepth: DefaultMsgDepth}
}

// Validate checks that the params are in range.
func (p Params) Validate() error {
	if p.MaxMsgDepth < MinMsgDepth || p.MaxMsgDepth > MaxMsgDepth {
		return ErrInvalidParams.Wrapf("max_msg_depth %d is not between %d and %d", p.MaxMsgDepth, MinMsgDepth, MaxMsgDepth)
	}
	return nil
}
