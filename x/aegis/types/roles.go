package types

import (
	"strings"

	"github.com/cosmos/gogoproto/proto"

	"github.com/azora-os/nexus/types/roles"
)

// Roles are the roles of x/aegis, in enum order.
var Roles = []Role{Role_ROLE_ATTESTER, Role_ROLE_OFFICER}

// ValidateRole checks that r is a known role.
func ValidateRole(r Role) error {
	switch r {
	case Role_ROLE_ATTESTER, Role_ROLE_OFFICER:
		return nil
	default:
		return ErrInvalidRole.Wrapf("%s", r)
	}
}

// RoleName returns the short name of a role ("attester", "officer").
func RoleName(r Role) string {
	return strings.ToLower(strings.TrimPrefix(r.String(), "ROLE_"))
}

// RoleConfig is the configuration of the x/aegis role registry
// (types/roles): its roles, errors and events.
func RoleConfig() roles.Config[Role] {
	return roles.Config[Role]{
		Roles:          Roles,
		Validate:       ValidateRole,
		Name:           RoleName,
		ErrAlreadyHeld: ErrRoleAlreadyHeld,
		ErrNotHeld:     ErrRoleNotHeld,
		ErrMissing:     ErrMissingRole,
		Granted: func(role Role, address, _ string) proto.Message {
			return NewEventRoleGranted(role, address)
		},
		Revoked: func(role Role, address, _ string) proto.Message {
			return NewEventRoleRevoked(role, address)
		},
	}
}
