package types

import (
	"strings"

	"github.com/cosmos/gogoproto/proto"

	errorsmod "cosmossdk.io/errors"

	"github.com/azora-os/nexus/types/roles"
)

// Roles are the roles of x/mesh, in enum order.
var Roles = []Role{RoleRegistrar, RoleReporter}

// RoleName returns the short name of a role ("registrar", "reporter").
func RoleName(r Role) string {
	return strings.ToLower(strings.TrimPrefix(r.String(), "ROLE_"))
}

// missingRole is the error of a signer that lacks role: x/mesh registered
// one per role.
func missingRole(r Role) *errorsmod.Error {
	if r == RoleRegistrar {
		return ErrNotRegistrar
	}
	return ErrNotReporter
}

// RoleConfig is the configuration of the x/mesh role registry
// (types/roles): its roles, errors and events. The events carry the
// authority that granted or revoked.
func RoleConfig() roles.Config[Role] {
	return roles.Config[Role]{
		Roles:          Roles,
		Validate:       ValidateRole,
		Name:           RoleName,
		ErrAlreadyHeld: ErrRoleAlreadyHeld,
		ErrNotHeld:     ErrRoleNotHeld,
		MissingFor:     missingRole,
		Granted: func(role Role, address, by string) proto.Message {
			return NewEventRoleGranted(role, address, by)
		},
		Revoked: func(role Role, address, by string) proto.Message {
			return NewEventRoleRevoked(role, address, by)
		},
	}
}
