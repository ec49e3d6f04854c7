// Package roles is the one role registry of the Nexus modules that keep
// operational roles in state (DESIGN.md §3): x/aegis (attester, officer),
// x/forge (arbiter, custodian) and x/mesh (registrar, reporter). Roles let
// operational work go ahead without a governance vote; only the module's
// authority grants and revokes them.
//
// Every module with roles has the same shape (docs/architecture.md, "Roles"):
//
//   - a typed role: the module's proto enum `Role` (ROLE_UNSPECIFIED = 0 is
//     never a role), with a pure `ValidateRole` in its types package;
//   - one collection layout: a key set of (int32 role, account address) under
//     the module's own prefix, so "who holds role r" is one prefix walk and a
//     grant carries no value (`collections.Map[..., NoValue]` and
//     `collections.KeySet` encode the same bytes);
//   - one pair of messages, `MsgGrantRole{authority, role, address}` and
//     `MsgRevokeRole{authority, role, address}`, and one pair of typed events,
//     `EventRoleGranted{role, address}` and `EventRoleRevoked{role, address}`,
//     each in the module's own proto package, so codespaces, type URLs and
//     amino names stay per module;
//   - one query, `Roles{role, pagination}` → `RoleGrant{role, address}`.
//
// The module keeps its registered errors (codes never move between
// modules) and its event types; the Registry takes them in its Config and
// holds the logic: validate, check, write, emit.
package roles

import (
	"context"
	"strings"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
)

// Role is a module's role enum (a gogoproto enum: int32 with String).
type Role interface {
	~int32
	String() string
}

// Grant is one (role, address) pair of a registry, in key order.
type Grant[R Role] struct {
	Role    R
	Address sdk.AccAddress
}

// Config is what a module gives its registry: its roles and how it names
// them, its registered errors and its typed events.
type Config[R Role] struct {
	// Roles are the module's roles in enum order, without the unspecified
	// zero value. Of walks them in this order.
	Roles []R
	// Validate is the module's pure role check (its types.ValidateRole),
	// returning its registered invalid-role error for anything else.
	Validate func(R) error
	// Name is the short lower-case name of a role, as messages print it
	// ("attester", "officer").
	Name func(R) string

	// ErrAlreadyHeld is the module's "role already held" error.
	ErrAlreadyHeld *errorsmod.Error
	// ErrNotHeld is the module's "role not held" error (revoking a role
	// the address does not hold).
	ErrNotHeld *errorsmod.Error
	// ErrMissing is the module's "signer lacks the required role" error.
	ErrMissing *errorsmod.Error

	// Granted and Revoked build the module's EventRoleGranted and
	// EventRoleRevoked. by is the account that granted or revoked (the
	// authority), for modules whose events carry it.
	Granted func(role R, address, by string) proto.Message
	Revoked func(role R, address, by string) proto.Message
}

// Registry is a module's role store: a key set of (role, address) under
// the module's prefix, and the rules of granting and revoking.
type Registry[R Role] struct {
	cfg Config[R]
	ac  address.Codec

	// Grants holds every (role, address) grant.
	Grants collections.KeySet[collections.Pair[int32, sdk.AccAddress]]
}

// New adds the registry's key set to the module's schema under prefix,
// named name ("roles"), and returns the registry. It panics on an
// incomplete config (a wiring mistake, like NewKeeper's other checks).
func New[R Role](sb *collections.SchemaBuilder, prefix collections.Prefix, name string, ac address.Codec, cfg Config[R]) Registry[R] {
	if len(cfg.Roles) == 0 || cfg.Validate == nil || cfg.Name == nil || cfg.ErrAlreadyHeld == nil ||
		cfg.ErrNotHeld == nil || cfg.ErrMissing == nil || cfg.Granted == nil || cfg.Revoked == nil || ac == nil {
		panic("roles: incomplete registry config")
	}
	return Registry[R]{
		cfg: cfg,
		ac:  ac,
		Grants: collections.NewKeySet(sb, prefix, name,
			collections.PairKeyCodec(collections.Int32Key, sdk.AccAddressKey)),
	}
}

func key[R Role](role R, addr sdk.AccAddress) collections.Pair[int32, sdk.AccAddress] {
	return collections.Join(int32(role), addr)
}

// Article returns "a name" or "an name", as error messages print a role
// ("is not an officer", "is not a custodian").
func Article(name string) string {
	if name != "" && strings.ContainsRune("aeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// Validate checks role with the module's check.
func (r Registry[R]) Validate(role R) error { return r.cfg.Validate(role) }

// Has reports whether addr holds role.
func (r Registry[R]) Has(ctx context.Context, role R, addr sdk.AccAddress) (bool, error) {
	return r.Grants.Has(ctx, key(role, addr))
}

// Require returns the module's ErrMissing unless addr holds role.
func (r Registry[R]) Require(ctx context.Context, role R, addr sdk.AccAddress) error {
	ok, err := r.Has(ctx, role, addr)
	if err != nil {
		return err
	}
	if !ok {
		return r.cfg.ErrMissing.Wrapf("%s is not %s", r.str(addr), Article(r.cfg.Name(role)))
	}
	return nil
}

// Grant grants role to addr on behalf of by (the authority, checked by the
// msg server) and emits the module's EventRoleGranted. Granting a role the
// address holds is the module's ErrAlreadyHeld; nothing changes then.
func (r Registry[R]) Grant(ctx context.Context, role R, addr, by sdk.AccAddress) error {
	if err := r.cfg.Validate(role); err != nil {
		return err
	}
	held, err := r.Has(ctx, role, addr)
	if err != nil {
		return err
	}
	if held {
		return r.cfg.ErrAlreadyHeld.Wrapf("%s is already %s", r.str(addr), Article(r.cfg.Name(role)))
	}
	if err := r.Grants.Set(ctx, key(role, addr)); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(r.cfg.Granted(role, r.str(addr), r.str(by)))
}

// Revoke revokes role from addr on behalf of by and emits the module's
// EventRoleRevoked. Revoking a role the address does not hold is the
// module's ErrNotHeld; nothing changes then.
func (r Registry[R]) Revoke(ctx context.Context, role R, addr, by sdk.AccAddress) error {
	if err := r.cfg.Validate(role); err != nil {
		return err
	}
	held, err := r.Has(ctx, role, addr)
	if err != nil {
		return err
	}
	if !held {
		return r.cfg.ErrNotHeld.Wrapf("%s is not %s", r.str(addr), Article(r.cfg.Name(role)))
	}
	if err := r.Grants.Remove(ctx, key(role, addr)); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(r.cfg.Revoked(role, r.str(addr), r.str(by)))
}

// Of returns the roles addr holds, in the order of Config.Roles (one
// lookup per role of the module).
func (r Registry[R]) Of(ctx context.Context, addr sdk.AccAddress) ([]R, error) {
	out := []R{}
	for _, role := range r.cfg.Roles {
		ok, err := r.Has(ctx, role, addr)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, role)
		}
	}
	return out, nil
}

// Import sets grants without events (InitGenesis; the genesis was
// validated). A grant of an invalid role is the module's invalid-role error.
func (r Registry[R]) Import(ctx context.Context, grants []Grant[R]) error {
	for _, g := range grants {
		if err := r.cfg.Validate(g.Role); err != nil {
			return err
		}
		if err := r.Grants.Set(ctx, key(g.Role, g.Address)); err != nil {
			return err
		}
	}
	return nil
}

// Export returns every grant in key order (role, then address bytes).
func (r Registry[R]) Export(ctx context.Context) ([]Grant[R], error) {
	out := []Grant[R]{}
	err := r.Grants.Walk(ctx, nil, func(k collections.Pair[int32, sdk.AccAddress]) (bool, error) {
		out = append(out, Grant[R]{Role: R(k.K1()), Address: k.K2()})
		return false, nil
	})
	return out, err
}

// Paginate returns a page of grants in key order: every grant, or those of
// one role when role is not the zero value.
func (r Registry[R]) Paginate(ctx context.Context, role R, page *query.PageRequest) ([]Grant[R], *query.PageResponse, error) {
	var opts []func(*query.CollectionsPaginateOptions[collections.Pair[int32, sdk.AccAddress]])
	if role != 0 {
		if err := r.cfg.Validate(role); err != nil {
			return nil, nil, err
		}
		opts = append(opts, query.WithCollectionPaginationPairPrefix[int32, sdk.AccAddress](int32(role)))
	}
	return query.CollectionPaginate(ctx, r.Grants, page,
		func(k collections.Pair[int32, sdk.AccAddress], _ collections.NoValue) (Grant[R], error) {
			return Grant[R]{Role: R(k.K1()), Address: k.K2()}, nil
		}, opts...)
}

// str prints an address with the registry's codec.
func (r Registry[R]) str(addr sdk.AccAddress) string {
	if len(addr) == 0 {
		return ""
	}
	s, err := r.ac.BytesToString(addr)
	if err != nil {
		return addr.String()
	}
	return s
}
