package types

import (
	"strings"

	"github.com/cosmos/gogoproto/proto"

	errorsmod "cosmossdk.io/errors"

	"github.com/azora-os/nexus/types/roles"
)

// Roles are the roles of x/forge, in enum order.
var Roles = []Role{RoleArbiter, RoleCustodian}

// ValidateRole checks that r is a known role (ErrInvalidRole otherwise).
func ValidateRole(r Role) error { return r.Validate() }

// RoleName returns the short name of a role ("arbiter", "custodian").
func RoleName(r Role) string {
	return strings.ToLower(strings.TrimPrefix(r.String(), "ROLE_"))
}

// missingRole is the error of a signer that lacks role: x/forge registered
// one per role.
func missingRole(r Role) *errorsmod.Error {
	if r == RoleCustodian {
		return ErrNotCustodian
	}
	return ErrNotArbiter
}

// RoleConfig is the configuration of the x/forge role registry
// (types/roles): its roles, errors and events.
func RoleConfig() roles.Config[Role] {
	return roles.Config[Role]{
		Roles:          Roles,
		Validate:       ValidateRole,
		Name:           RoleName,
		ErrAlreadyHeld: ErrRoleAlreadyHeld,
		ErrNotHeld:     ErrRoleNotHeld,
		MissingFor:     missingRole,
		Granted: func(role Role, address, _ string) proto.Message {
			return NewEventRoleGranted(role, address)
		},
		Revoked: func(role Role, address, _ string) proto.Message {
			return NewEventRoleRevoked(role, address)
		},
	}
}
