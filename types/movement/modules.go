package movement

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
)

// ModuleAccounts is the set of the app's module account addresses: every
// account x/auth's module account permissions (app/modules.go maccPerms)
// name, whether or not it exists in state yet. It is built once, when a
// keeper is constructed, so the restrictions and the ante ask "is this a
// module account?" with one map lookup and no state read on the hot path.
// x/aegis, x/pivc and x/ledger all use it, so the three agree.
type ModuleAccounts struct {
	set map[string]struct{}
}

// ModulePermissions is the part of x/auth's keeper ModuleAccountsOf reads.
type ModulePermissions interface {
	GetModulePermissions() map[string]authtypes.PermissionsForAddress
}

// ModuleAccountsOf returns the set of the module accounts ak's permissions
// name.
func ModuleAccountsOf(ak ModulePermissions) ModuleAccounts {
	perms := ak.GetModulePermissions()
	set := make(map[string]struct{}, len(perms))
	for _, p := range perms {
		set[string(p.GetAddress())] = struct{}{}
	}
	return ModuleAccounts{set: set}
}

// NewModuleAccounts returns the set of the module accounts of the named
// modules (authtypes.NewModuleAddress of each name).
func NewModuleAccounts(names ...string) ModuleAccounts {
	set := make(map[string]struct{}, len(names))
	for _, n := range names {
		set[string(authtypes.NewModuleAddress(n))] = struct{}{}
	}
	return ModuleAccounts{set: set}
}

// Has reports whether addr is one of the module accounts.
func (m ModuleAccounts) Has(addr sdk.AccAddress) bool {
	_, ok := m.set[string(addr)]
	return ok
}

// Len returns the number of module accounts in the set.
func (m ModuleAccounts) Len() int { return len(m.set) }
