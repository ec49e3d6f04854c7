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
//   - one collection key: (int32 role, account address) under the module's
//     own prefix, so "who holds role r" is one prefix walk. A grant carries
//     no value (New: `collections.KeySet`, which encodes the same bytes as
//     `collections.Map[..., NoValue]`; x/aegis, x/forge) or the value true
//     (NewMarked: x/mesh, whose store values are proven with ICS-23 proofs,
//     which cannot prove an empty value). Both keep the bytes each module has
//     stored since genesis;
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
	// MissingFor, when set, is the module's "signer lacks the role" error
	// per role, for a module that registered one per role (x/forge: not an
	// arbiter, not a custodian); it takes the place of ErrMissing.
	MissingFor func(R) *errorsmod.Error

	// Granted and Revoked build the module's EventRoleGranted and
	// EventRoleRevoked. by is the account that granted or revoked (the
	// authority), for modules whose events carry it.
	Granted func(role R, address, by string) proto.Message
	Revoked func(role R, address, by string) proto.Message
}

// GrantKey is the key of a grant: (int32 role, account address).
type GrantKey = collections.Pair[int32, sdk.AccAddress]

// Registry is a module's role store: the (role, address) grants under the
// module's prefix, and the rules of granting and revoking.
type Registry[R Role] struct {
	cfg   Config[R]
	ac    address.Codec
	store grantStore

	// Grants holds every (role, address) grant of a registry built by New
	// (no value). A registry built by NewMarked keeps its grants in Marked
	// instead; use the registry's methods, which work on either.
	Grants collections.KeySet[GrantKey]
	// Marked holds every grant of a registry built by NewMarked, with the
	// value true.
	Marked collections.Map[GrantKey, bool]
}

// New adds the registry's key set to the module's schema under prefix,
// named name ("roles"), and returns the registry. It panics on an
// incomplete config (a wiring mistake, like NewKeeper's other checks).
func New[R Role](sb *collections.SchemaBuilder, prefix collections.Prefix, name string, ac address.Codec, cfg Config[R]) Registry[R] {
	checkConfig(ac, cfg)
	grants := collections.NewKeySet(sb, prefix, name, grantKeyCodec)
	return Registry[R]{cfg: cfg, ac: ac, store: keySetStore{grants}, Grants: grants}
}

// NewMarked is New for a module whose grants carry the value true (one
// byte, 0x01) rather than no value: x/mesh, which proves its store values
// with ICS-23 proofs and so keeps no empty value in its store. The keys are
// the same as New's.
func NewMarked[R Role](sb *collections.SchemaBuilder, prefix collections.Prefix, name string, ac address.Codec, cfg Config[R]) Registry[R] {
	checkConfig(ac, cfg)
	grants := collections.NewMap(sb, prefix, name, grantKeyCodec, collections.BoolValue)
	return Registry[R]{cfg: cfg, ac: ac, store: markedStore{grants}, Marked: grants}
}

var grantKeyCodec = collections.PairKeyCodec(collections.Int32Key, sdk.AccAddressKey)

func checkConfig[R Role](ac address.Codec, cfg Config[R]) {
	if len(cfg.Roles) == 0 || cfg.Validate == nil || cfg.Name == nil || cfg.ErrAlreadyHeld == nil ||
		cfg.ErrNotHeld == nil || (cfg.ErrMissing == nil && cfg.MissingFor == nil) || cfg.Granted == nil || cfg.Revoked == nil || ac == nil {
		panic("roles: incomplete registry config")
	}
}

// grantStore is where a registry keeps its grants: a key set (New) or a
// map to true (NewMarked).
type grantStore interface {
	has(ctx context.Context, k GrantKey) (bool, error)
	set(ctx context.Context, k GrantKey) error
	remove(ctx context.Context, k GrantKey) error
	walk(ctx context.Context, fn func(GrantKey) (bool, error)) error
	paginate(ctx context.Context, page *query.PageRequest, opts ...func(*query.CollectionsPaginateOptions[GrantKey])) ([]GrantKey, *query.PageResponse, error)
}

type keySetStore struct{ s collections.KeySet[GrantKey] }

func (g keySetStore) has(ctx context.Context, k GrantKey) (bool, error) { return g.s.Has(ctx, k) }
func (g keySetStore) set(ctx context.Context, k GrantKey) error         { return g.s.Set(ctx, k) }
func (g keySetStore) remove(ctx context.Context, k GrantKey) error      { return g.s.Remove(ctx, k) }
func (g keySetStore) walk(ctx context.Context, fn func(GrantKey) (bool, error)) error {
	return g.s.Walk(ctx, nil, fn)
}

func (g keySetStore) paginate(ctx context.Context, page *query.PageRequest, opts ...func(*query.CollectionsPaginateOptions[GrantKey])) ([]GrantKey, *query.PageResponse, error) {
	return query.CollectionPaginate(ctx, g.s, page,
		func(k GrantKey, _ collections.NoValue) (GrantKey, error) { return k, nil }, opts...)
}

type markedStore struct {
	m collections.Map[GrantKey, bool]
}

func (g markedStore) has(ctx context.Context, k GrantKey) (bool, error) { return g.m.Has(ctx, k) }
func (g markedStore) set(ctx context.Context, k GrantKey) error         { return g.m.Set(ctx, k, true) }
func (g markedStore) remove(ctx context.Context, k GrantKey) error      { return g.m.Remove(ctx, k) }
func (g markedStore) walk(ctx context.Context, fn func(GrantKey) (bool, error)) error {
	return g.m.Walk(ctx, nil, func(k GrantKey, _ bool) (bool, error) { return fn(k) })
}

func (g markedStore) paginate(ctx context.Context, page *query.PageRequest, opts ...func(*query.CollectionsPaginateOptions[GrantKey])) ([]GrantKey, *query.PageResponse, error) {
	return query.CollectionPaginate(ctx, g.m, page,
		func(k GrantKey, _ bool) (GrantKey, error) { return k, nil }, opts...)
}

func key[R Role](role R, addr sdk.AccAddress) GrantKey {
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
	return r.store.has(ctx, key(role, addr))
}

// Require returns the module's ErrMissing unless addr holds role.
func (r Registry[R]) Require(ctx context.Context, role R, addr sdk.AccAddress) error {
	ok, err := r.Has(ctx, role, addr)
	if err != nil {
		return err
	}
	if !ok {
		missing := r.cfg.ErrMissing
		if r.cfg.MissingFor != nil {
			missing = r.cfg.MissingFor(role)
		}
		return missing.Wrapf("%s is not %s", r.str(addr), Article(r.cfg.Name(role)))
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
	if err := r.store.set(ctx, key(role, addr)); err != nil {
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
	if err := r.store.remove(ctx, key(role, addr)); err != nil {
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
		if err := r.store.set(ctx, key(g.Role, g.Address)); err != nil {
			return err
		}
	}
	return nil
}

// Export returns every grant in key order (role, then address bytes).
func (r Registry[R]) Export(ctx context.Context) ([]Grant[R], error) {
	out := []Grant[R]{}
	err := r.store.walk(ctx, func(k GrantKey) (bool, error) {
		out = append(out, Grant[R]{Role: R(k.K1()), Address: k.K2()})
		return false, nil
	})
	return out, err
}

// Paginate returns a page of grants in key order: every grant, or those of
// one role when role is not the zero value.
func (r Registry[R]) Paginate(ctx context.Context, role R, page *query.PageRequest) ([]Grant[R], *query.PageResponse, error) {
	var opts []func(*query.CollectionsPaginateOptions[GrantKey])
	if role != 0 {
		if err := r.cfg.Validate(role); err != nil {
			return nil, nil, err
		}
		opts = append(opts, query.WithCollectionPaginationPairPrefix[int32, sdk.AccAddress](int32(role)))
	}
	keys, res, err := r.store.paginate(ctx, page, opts...)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Grant[R], 0, len(keys))
	for _, k := range keys {
		out = append(out, Grant[R]{Role: R(k.K1()), Address: k.K2()})
	}
	return out, res, nil
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
