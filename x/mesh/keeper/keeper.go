// Package keeper holds the state and rules of the mesh module.
//
// The keeper API has one shape (docs/architecture.md): each Msg has one
// keeper method taking typed values (decoded sdk.AccAddress, ids, typed
// items), called by the msg server after it has decoded the addresses and
// checked the authority; no keeper method takes a Msg or a bech32 string or
// returns a Msg response. The roles (registrar, reporter) live in the
// shared registry (types/roles).
package keeper

import (
	"context"
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	corestore "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/addresses"
	"github.com/azora-os/nexus/types/roles"
	"github.com/azora-os/nexus/x/mesh/types"
)

// NodeIndexes are the secondary indexes of the Nodes IndexedMap.
type NodeIndexes struct {
	// Owner indexes nodes by owner: (owner, id).
	Owner *provableMulti[sdk.AccAddress, string, types.Node]
	// Type indexes nodes by type: (type, id).
	Type *provableMulti[int32, string, types.Node]
}

// IndexesList implements collections.Indexes.
func (i NodeIndexes) IndexesList() []collections.Index[string, types.Node] {
	return []collections.Index[string, types.Node]{i.Owner, i.Type}
}

func newNodeIndexes(sb *collections.SchemaBuilder, ac address.Codec) NodeIndexes {
	return NodeIndexes{
		Owner: newProvableMulti(sb, types.NodesByOwnerPrefix, "nodes_by_owner",
			sdk.AccAddressKey, collections.StringKey,
			func(_ string, n types.Node) (sdk.AccAddress, error) {
				return ac.StringToBytes(n.Owner)
			},
			func(old, updated types.Node) bool { return old.Owner == updated.Owner }),
		Type: newProvableMulti(sb, types.NodesByTypePrefix, "nodes_by_type",
			collections.Int32Key, collections.StringKey,
			func(_ string, n types.Node) (int32, error) {
				return int32(n.Type), nil
			},
			func(old, updated types.Node) bool { return old.Type == updated.Type }),
	}
}

// Keeper keeps the mesh state: params, roles, nodes (with owner and type
// indexes), the bounded per-node audit log and the per-owner reputation
// aggregates.
type Keeper struct {
	cdc          codec.BinaryCodec
	storeService corestore.KVStoreService
	addressCodec address.Codec
	authority    string

	// roles is the role registry (registrar, reporter) over Roles.
	roles roles.Registry[types.Role]

	Schema collections.Schema
	// Params are the module params.
	Params collections.Item[types.Params]
	// Roles holds the granted roles of the role registry: (role, address) →
	// true. A Map rather than a KeySet so that no value in the store is
	// empty (see provableMulti): the registry's NewMarked layout.
	Roles collections.Map[collections.Pair[int32, sdk.AccAddress], bool]
	// Nodes holds the nodes by id, indexed by owner and by type.
	Nodes *collections.IndexedMap[string, types.Node, NodeIndexes]
	// AuditLog holds the last audit_retention entries of each node id:
	// (id, seq) → entry. Append-only: a key is written once and later
	// deleted by pruning, never overwritten.
	AuditLog collections.Map[collections.Pair[string, uint64], types.AuditEntry]
	// AuditCursors holds, per node id ever registered, which sequence
	// numbers are in state. It outlives the node, so ids are never reused.
	AuditCursors collections.Map[string, types.AuditCursor]
	// OwnerStats holds each owner's node count and reputation sum.
	OwnerStats collections.Map[sdk.AccAddress, types.OwnerStats]
	// UsedActions holds the action ids of applied feedback:
	// (reporter, action id) → height. Written once, never deleted.
	UsedActions collections.Map[collections.Pair[sdk.AccAddress, string], int64]
	// OwnerTypeStats holds each owner's node count and reputation sum per
	// node type: (owner, type) → stats. AccountReputation reads the employee
	// entry in O(1). Derived from the nodes (not in genesis).
	OwnerTypeStats collections.Map[collections.Pair[sdk.AccAddress, int32], types.OwnerStats]
	// ModelRecords holds the committed model versions kept in state:
	// (node id, model, version) → record. Each (node, model) keeps its last
	// model_history_retention versions; events carry every one.
	ModelRecords collections.Map[collections.Triple[string, string, uint64], types.ModelRecord]
	// ReporterScores holds each reporter's EWMA of a node and its rate
	// window: (node id, reporter) → score. At most max_reporters_per_node
	// per node; the node's reputation is their median.
	ReporterScores collections.Map[collections.Pair[string, sdk.AccAddress], types.ReporterScore]
}

var _ types.ReputationKeeper = Keeper{}

// NewKeeper returns the mesh keeper. authority is the account allowed to
// change params and roles (the x/gov module account in Nexus). It panics
// on a bad authority or a schema error (a misconfiguration).
func NewKeeper(cdc codec.BinaryCodec, storeService corestore.KVStoreService, addressCodec address.Codec, authority string) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("mesh: invalid authority address %q: %w", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc:          cdc,
		storeService: storeService,
		addressCodec: addressCodec,
		authority:    authority,
		Params:       collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		roles:        roles.NewMarked(sb, types.RolesPrefix, "roles", addressCodec, types.RoleConfig()),
		Nodes: collections.NewIndexedMap(sb, types.NodesPrefix, "nodes",
			collections.StringKey, codec.CollValue[types.Node](cdc), newNodeIndexes(sb, addressCodec)),
		AuditLog: collections.NewMap(sb, types.AuditLogPrefix, "audit_log",
			collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), codec.CollValue[types.AuditEntry](cdc)),
		AuditCursors: collections.NewMap(sb, types.AuditCursorsPrefix, "audit_cursors",
			collections.StringKey, codec.CollValue[types.AuditCursor](cdc)),
		OwnerStats: collections.NewMap(sb, types.OwnerStatsPrefix, "owner_stats",
			sdk.AccAddressKey, codec.CollValue[types.OwnerStats](cdc)),
		UsedActions: collections.NewMap(sb, types.UsedActionsPrefix, "used_actions",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey), collections.Int64Value),
		OwnerTypeStats: collections.NewMap(sb, types.OwnerTypeStatsPrefix, "owner_type_stats",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.Int32Key), codec.CollValue[types.OwnerStats](cdc)),
		ModelRecords: collections.NewMap(sb, types.ModelRecordsPrefix, "model_records",
			collections.TripleKeyCodec(collections.StringKey, collections.StringKey, collections.Uint64Key), codec.CollValue[types.ModelRecord](cdc)),
		ReporterScores: collections.NewMap(sb, types.ReporterScoresPrefix, "reporter_scores",
			collections.PairKeyCodec(collections.StringKey, sdk.AccAddressKey), codec.CollValue[types.ReporterScore](cdc)),
	}
	k.Roles = k.roles.Marked
	schema, err := sb.Build()
	if err != nil {
		panic(fmt.Errorf("mesh: build schema: %w", err))
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the module authority.
func (k Keeper) GetAuthority() string { return k.authority }

// AddressCodec returns the account address codec.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }

// GetParams returns the params.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}

// updateParams is the one params flow: Validate, Set, then emit the params
// as stored (with the authority that changed them, by). The msg server has
// checked the authority.
func (k Keeper) updateParams(ctx context.Context, by sdk.AccAddress, p types.Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, p); err != nil {
		return err
	}
	stored, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	return emit(ctx, types.NewEventParamsUpdated(k.str(by), stored))
}

// str prints an account address with the app's codec.
func (k Keeper) str(addr sdk.AccAddress) string { return addresses.String(k.addressCodec, addr) }

// GetNode returns a node or ErrNodeNotFound.
func (k Keeper) GetNode(ctx context.Context, id string) (types.Node, error) {
	n, err := k.Nodes.Get(ctx, id)
	if err != nil {
		if isNotFound(err) {
			return types.Node{}, types.ErrNodeNotFound.Wrapf("%q", id)
		}
		return types.Node{}, err
	}
	return n, nil
}

// NodeReputation implements types.ReputationKeeper.
func (k Keeper) NodeReputation(ctx context.Context, nodeID string) (uint64, error) {
	n, err := k.GetNode(ctx, nodeID)
	if err != nil {
		return 0, err
	}
	return n.Reputation, nil
}

// OwnerReputation implements types.ReputationKeeper.
func (k Keeper) OwnerReputation(ctx context.Context, owner sdk.AccAddress) (types.OwnerStats, error) {
	s, err := k.OwnerStats.Get(ctx, owner)
	if err != nil {
		if isNotFound(err) {
			return types.OwnerStats{}, nil // an owner without nodes has zero stats
		}
		return types.OwnerStats{}, err
	}
	return s, nil
}

// AccountReputation implements types.ReputationKeeper: the mean reputation
// of the employee nodes addr owns (rounded down) and their number; an
// account without employee nodes is unrated (0, 0). One store read.
//
// Why employee nodes: an employee node stands for the person or
// organisation acting in the mesh; corridor and device nodes rate routes
// and machines, which say nothing about how their owner trades.
func (k Keeper) AccountReputation(ctx context.Context, addr sdk.AccAddress) (reputation, employeeNodes uint64, err error) {
	s, err := k.OwnerTypeStats.Get(ctx, collections.Join(addr, int32(types.NodeTypeEmployee)))
	if err != nil {
		if isNotFound(err) {
			return 0, 0, nil
		}
		return 0, 0, err
	}
	return s.Mean(), s.NodeCount, nil
}

// emit emits a typed event on the context's event manager.
func emit(ctx context.Context, ev proto.Message) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(ev)
}
