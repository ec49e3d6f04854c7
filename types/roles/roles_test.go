package roles_test

import (
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/types/roles"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
)

// role is a test role enum, like a module's proto enum.
type role int32

const (
	roleUnspecified role = iota
	roleOfficer
	roleCustodian
)

func (r role) String() string {
	return map[role]string{roleUnspecified: "ROLE_UNSPECIFIED", roleOfficer: "ROLE_OFFICER", roleCustodian: "ROLE_CUSTODIAN"}[r]
}

var (
	errInvalid = errorsmod.Register("rolestest", 2, "invalid role")
	errHeld    = errorsmod.Register("rolestest", 3, "role already held")
	errNotHeld = errorsmod.Register("rolestest", 4, "role not held")
	errMissing = errorsmod.Register("rolestest", 5, "signer lacks the required role")
)

// The events are x/aegis's here (any registered proto message does); a
// module passes its own.
func config() roles.Config[role] {
	return roles.Config[role]{
		Roles: []role{roleOfficer, roleCustodian},
		Validate: func(r role) error {
			if r == roleOfficer || r == roleCustodian {
				return nil
			}
			return errInvalid.Wrapf("%d", r)
		},
		Name:           func(r role) string { return map[role]string{roleOfficer: "officer", roleCustodian: "custodian"}[r] },
		ErrAlreadyHeld: errHeld, ErrNotHeld: errNotHeld, ErrMissing: errMissing,
		Granted: func(r role, addr, _ string) proto.Message {
			return &aegistypes.EventRoleGranted{Role: aegistypes.Role(r), Address: addr}
		},
		Revoked: func(r role, addr, _ string) proto.Message {
			return &aegistypes.EventRoleRevoked{Role: aegistypes.Role(r), Address: addr}
		},
	}
}

var key = storetypes.NewKVStoreKey("roles")

func setup(t *testing.T) (sdk.Context, roles.Registry[role]) {
	t.Helper()
	ctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("t")).Ctx
	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(key))
	r := roles.New(sb, collections.NewPrefix(4), "roles", addresscodec.NewBech32Codec("azora"), config())
	_, err := sb.Build()
	require.NoError(t, err)
	return ctx.WithEventManager(sdk.NewEventManager()), r
}

func addr(i byte) sdk.AccAddress { return sdk.AccAddress(append([]byte{i}, make([]byte, 19)...)) }

func TestGrantRevokeRequire(t *testing.T) {
	ctx, r := setup(t)
	a, gov := addr(1), addr(9)

	require.ErrorIs(t, r.Require(ctx, roleOfficer, a), errMissing)
	require.ErrorContains(t, r.Require(ctx, roleOfficer, a), "is not an officer")
	require.ErrorContains(t, r.Require(ctx, roleCustodian, a), "is not a custodian")

	require.NoError(t, r.Grant(ctx, roleOfficer, a, gov))
	require.NoError(t, r.Require(ctx, roleOfficer, a))
	require.Len(t, ctx.EventManager().Events(), 1)

	// Refusals change nothing and emit nothing.
	require.ErrorIs(t, r.Grant(ctx, roleOfficer, a, gov), errHeld)
	require.ErrorIs(t, r.Grant(ctx, roleUnspecified, a, gov), errInvalid)
	require.ErrorIs(t, r.Grant(ctx, role(7), a, gov), errInvalid)
	require.ErrorIs(t, r.Revoke(ctx, roleCustodian, a, gov), errNotHeld)
	require.Len(t, ctx.EventManager().Events(), 1)

	held, err := r.Of(ctx, a)
	require.NoError(t, err)
	require.Equal(t, []role{roleOfficer}, held)

	require.NoError(t, r.Revoke(ctx, roleOfficer, a, gov))
	require.ErrorIs(t, r.Require(ctx, roleOfficer, a), errMissing)
	evs := ctx.EventManager().Events()
	require.Len(t, evs, 2)
	require.Equal(t, "azora.aegis.v1.EventRoleRevoked", evs[1].Type)

	held, err = r.Of(ctx, a)
	require.NoError(t, err)
	require.Empty(t, held)
	require.NotNil(t, held, "no roles is an empty list, not nil")
}

func TestImportExportPaginate(t *testing.T) {
	ctx, r := setup(t)
	grants := []roles.Grant[role]{
		{Role: roleCustodian, Address: addr(3)},
		{Role: roleOfficer, Address: addr(2)},
		{Role: roleOfficer, Address: addr(1)},
	}
	require.NoError(t, r.Import(ctx, grants))
	require.Empty(t, ctx.EventManager().Events(), "genesis emits no events")
	require.ErrorIs(t, r.Import(ctx, []roles.Grant[role]{{Role: 0, Address: addr(4)}}), errInvalid)

	// Export walks in key order: role, then address bytes.
	out, err := r.Export(ctx)
	require.NoError(t, err)
	require.Equal(t, []roles.Grant[role]{
		{Role: roleOfficer, Address: addr(1)},
		{Role: roleOfficer, Address: addr(2)},
		{Role: roleCustodian, Address: addr(3)},
	}, out)

	page, res, err := r.Paginate(ctx, roleOfficer, &query.PageRequest{Limit: 1, CountTotal: true})
	require.NoError(t, err)
	require.Equal(t, []roles.Grant[role]{{Role: roleOfficer, Address: addr(1)}}, page)
	require.Equal(t, uint64(2), res.Total)

	all, _, err := r.Paginate(ctx, roleUnspecified, nil)
	require.NoError(t, err)
	require.Len(t, all, 3)

	_, _, err = r.Paginate(ctx, role(7), nil)
	require.ErrorIs(t, err, errInvalid)
}

// TestLayout pins the bytes of a grant: prefix, int32 role (big-endian,
// sign bit flipped), the address bytes (last in the pair: not length
// prefixed), and no value: the layout
// x/aegis has stored since genesis.
func TestLayout(t *testing.T) {
	ctx, r := setup(t)
	require.NoError(t, r.Grant(ctx, roleOfficer, addr(1), addr(9)))
	want := append([]byte{4, 0x80, 0, 0, 1, 1}, make([]byte, 19)...)
	it := ctx.KVStore(key).Iterator(nil, nil)
	defer it.Close()
	require.True(t, it.Valid())
	require.Equal(t, want, it.Key())
	require.Empty(t, it.Value())
	it.Next()
	require.False(t, it.Valid(), "one grant, one key")
}

func TestArticle(t *testing.T) {
	require.Equal(t, "an attester", roles.Article("attester"))
	require.Equal(t, "an officer", roles.Article("officer"))
	require.Equal(t, "an arbiter", roles.Article("arbiter"))
	require.Equal(t, "a custodian", roles.Article("custodian"))
	require.Equal(t, "a registrar", roles.Article("registrar"))
	require.Equal(t, "a reporter", roles.Article("reporter"))
}

// TestMarkedLayout pins the bytes of a NewMarked grant: the same key as
// New's and the value true (0x01), the layout x/mesh has stored since
// genesis; the registry behaves the same over it.
func TestMarkedLayout(t *testing.T) {
	k := storetypes.NewKVStoreKey("marked")
	ctx := testutil.DefaultContextWithDB(t, k, storetypes.NewTransientStoreKey("t2")).Ctx.WithEventManager(sdk.NewEventManager())
	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(k))
	r := roles.NewMarked(sb, collections.NewPrefix(1), "roles", addresscodec.NewBech32Codec("azora"), config())
	_, err := sb.Build()
	require.NoError(t, err)

	require.NoError(t, r.Grant(ctx, roleOfficer, addr(1), addr(9)))
	require.ErrorIs(t, r.Grant(ctx, roleOfficer, addr(1), addr(9)), errHeld)
	require.NoError(t, r.Require(ctx, roleOfficer, addr(1)))
	require.NoError(t, r.Import(ctx, []roles.Grant[role]{{Role: roleCustodian, Address: addr(2)}}))

	it := ctx.KVStore(k).Iterator(nil, nil)
	require.True(t, it.Valid())
	require.Equal(t, append([]byte{1, 0x80, 0, 0, 1, 1}, make([]byte, 19)...), it.Key())
	require.Equal(t, []byte{1}, it.Value())
	require.NoError(t, it.Close())

	out, err := r.Export(ctx)
	require.NoError(t, err)
	require.Equal(t, []roles.Grant[role]{{Role: roleOfficer, Address: addr(1)}, {Role: roleCustodian, Address: addr(2)}}, out)
	page, res, err := r.Paginate(ctx, roleCustodian, &query.PageRequest{CountTotal: true})
	require.NoError(t, err)
	require.Equal(t, []roles.Grant[role]{{Role: roleCustodian, Address: addr(2)}}, page)
	require.Equal(t, uint64(1), res.Total)

	require.NoError(t, r.Revoke(ctx, roleOfficer, addr(1), addr(9)))
	require.ErrorIs(t, r.Revoke(ctx, roleOfficer, addr(1), addr(9)), errNotHeld)
	require.False(t, ctx.KVStore(k).Has(append([]byte{1, 0x80, 0, 0, 1, 1}, make([]byte, 19)...)))
}
