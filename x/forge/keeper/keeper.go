// Package keeper implements x/forge: the physical-asset registry, listings,
// escrowed orders and disputes, and their queries and messages.
//
// The keeper API has one shape (docs/architecture.md): each Msg has one
// keeper method taking typed values (decoded sdk.AccAddress, ids, coins),
// called by the msg server after it has decoded the addresses and checked
// the signer's role; no keeper method takes a Msg or a bech32 string or
// returns a Msg response. The roles (arbiter, custodian) live in the shared
// registry (types/roles).
package keeper

import (
	"context"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/codec"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/addresses"
	"github.com/azora-os/nexus/types/authority"
	"github.com/azora-os/nexus/types/roles"
	"github.com/azora-os/nexus/x/forge/types"
)

// OrderKey is the store key of an order and its escrow: (listing id, seq).
type OrderKey = collections.Pair[uint64, uint64]

// QueueKey is the key of an order in a time queue: (time in Unix
// nanoseconds, listing id, seq). Int64 keys sort in time order.
type QueueKey = collections.Triple[int64, uint64, uint64]

// queueTime is the queue position of a time: Unix nanoseconds, which cover
// the years 1678 to 2262 (block times and every expiry the params allow).
func queueTime(t time.Time) int64 { return t.UnixNano() }

// Keeper holds the x/forge state and rules.
type Keeper struct {
	cdc          codec.BinaryCodec
	storeService store.KVStoreService
	objStoreKey  storetypes.StoreKey
	authority    string
	ac           address.Codec

	ak     types.AccountKeeper
	bk     types.BankKeeper
	pivc   types.PivcKeeper
	aegis  types.AegisKeeper
	denoms types.DenomKeeper

	// escrowAddr is the forge module account, which holds every escrow.
	escrowAddr sdk.AccAddress

	// rep reads x/mesh reputation (SetReputationKeeper, reputation.go).
	rep types.ReputationKeeper

	// roles is the role registry (arbiter, custodian) over Roles.
	roles roles.Registry[types.Role]

	Schema collections.Schema
	// Params are the module parameters.
	Params collections.Item[types.Params]
	// Roles are the role grants of the role registry: (role, address) → ∅.
	Roles collections.KeySet[collections.Pair[int32, sdk.AccAddress]]
	// NextAssetID is the asset id sequence (the next id to assign).
	NextAssetID collections.Sequence
	// Assets are the registered assets.
	Assets collections.Map[uint64, types.Asset]
	// AssetsByOwner indexes the assets by owner.
	AssetsByOwner collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	// NextListingID is the listing id sequence (the next id to assign).
	NextListingID collections.Sequence
	// Listings are the listings.
	Listings collections.Map[uint64, types.Listing]
	// ListingsBySeller indexes the listings by seller.
	ListingsBySeller collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	// ListingsByKind indexes the listings by kind.
	ListingsByKind collections.KeySet[collections.Pair[int32, uint64]]
	// Orders are the open orders and the closed ones not yet pruned.
	Orders collections.Map[OrderKey, types.Order]
	// OrdersByBuyer indexes the orders by buyer.
	OrdersByBuyer collections.KeySet[collections.Pair[sdk.AccAddress, OrderKey]]
	// OrdersBySeller indexes the orders by seller.
	OrdersBySeller collections.KeySet[collections.Pair[sdk.AccAddress, OrderKey]]
	// Escrows are the escrows of the open orders.
	Escrows collections.Map[OrderKey, types.Escrow]
	// OrderExpiryQueue holds the placed and accepted orders by expiry.
	OrderExpiryQueue collections.KeySet[QueueKey]
	// ListingExpiryQueue holds the listings by expiry.
	ListingExpiryQueue collections.KeySet[collections.Pair[int64, uint64]]
	// PruneQueue holds the closed orders by the time they are pruned.
	PruneQueue collections.KeySet[QueueKey]
	// EscrowHeld is the sum of the open orders' escrows per denom, folded
	// once per block.
	EscrowHeld collections.Map[string, math.Int]
	// OpenOrders is the number of open orders, folded once per block.
	OpenOrders collections.Item[uint64]
	// DisputeQueue holds the disputed orders by dispute deadline.
	DisputeQueue collections.KeySet[QueueKey]
}

// NewKeeper returns the x/forge keeper. objStoreKey is the module's object
// store (types.ObjectStoreKey); authority is the x/gov module account. It
// panics on a misconfiguration (bad authority, missing dependency).
func NewKeeper(
	cdc codec.BinaryCodec,
	storeService store.KVStoreService,
	objStoreKey storetypes.StoreKey,
	ak types.AccountKeeper,
	bk types.BankKeeper,
	pivc types.PivcKeeper,
	aegis types.AegisKeeper,
	denoms types.DenomKeeper,
	authority string,
) Keeper {
	ac := ak.AddressCodec()
	if _, err := ac.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("invalid forge authority %q: %w", authority, err))
	}
	if objStoreKey == nil || bk == nil || pivc == nil || aegis == nil || denoms == nil {
		panic("forge: the object store key and the bank, pivc, aegis and mint (denoms) keepers are required")
	}
	escrowAddr := ak.GetModuleAddress(types.ModuleName)
	if escrowAddr == nil {
		panic("forge: the forge module account is missing from maccPerms")
	}

	orderKeyCodec := collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)
	queueCodec := collections.TripleKeyCodec(collections.Int64Key, collections.Uint64Key, collections.Uint64Key)

	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc:          cdc,
		storeService: storeService,
		objStoreKey:  objStoreKey,
		authority:    authority,
		ac:           ac,
		ak:           ak,
		bk:           bk,
		pivc:         pivc,
		aegis:        aegis,
		denoms:       denoms,
		escrowAddr:   escrowAddr,

		Params:        collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		roles:         roles.New(sb, types.RolesPrefix, "roles", ac, types.RoleConfig()),
		NextAssetID:   collections.NewSequence(sb, types.NextAssetIDKey, "next_asset_id"),
		Assets:        collections.NewMap(sb, types.AssetsPrefix, "assets", collections.Uint64Key, codec.CollValue[types.Asset](cdc)),
		AssetsByOwner: collections.NewKeySet(sb, types.AssetsByOwnerPrefix, "assets_by_owner", collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)),
		NextListingID: collections.NewSequence(sb, types.NextListingIDKey, "next_listing_id"),
		Listings:      collections.NewMap(sb, types.ListingsPrefix, "listings", collections.Uint64Key, codec.CollValue[types.Listing](cdc)),
		ListingsBySeller: collections.NewKeySet(sb, types.ListingsBySellerPrefix, "listings_by_seller",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)),
		ListingsByKind: collections.NewKeySet(sb, types.ListingsByKindPrefix, "listings_by_kind",
			collections.PairKeyCodec(collections.Int32Key, collections.Uint64Key)),
		Orders: collections.NewMap(sb, types.OrdersPrefix, "orders", orderKeyCodec, codec.CollValue[types.Order](cdc)),
		OrdersByBuyer: collections.NewKeySet(sb, types.OrdersByBuyerPrefix, "orders_by_buyer",
			collections.PairKeyCodec(sdk.AccAddressKey, orderKeyCodec)),
		OrdersBySeller: collections.NewKeySet(sb, types.OrdersBySellerPrefix, "orders_by_seller",
			collections.PairKeyCodec(sdk.AccAddressKey, orderKeyCodec)),
		Escrows:            collections.NewMap(sb, types.EscrowsPrefix, "escrows", orderKeyCodec, codec.CollValue[types.Escrow](cdc)),
		OrderExpiryQueue:   collections.NewKeySet(sb, types.OrderExpiryQueuePrefix, "order_expiry_queue", queueCodec),
		ListingExpiryQueue: collections.NewKeySet(sb, types.ListingExpiryQueuePrefix, "listing_expiry_queue", collections.PairKeyCodec(collections.Int64Key, collections.Uint64Key)),
		PruneQueue:         collections.NewKeySet(sb, types.PruneQueuePrefix, "prune_queue", queueCodec),
		EscrowHeld:         collections.NewMap(sb, types.EscrowHeldPrefix, "escrow_held", collections.StringKey, sdk.IntValue),
		OpenOrders:         collections.NewItem(sb, types.OpenOrdersKey, "open_orders", collections.Uint64Value),
		DisputeQueue:       collections.NewKeySet(sb, types.DisputeQueuePrefix, "dispute_queue", queueCodec),
	}
	k.Roles = k.roles.Grants
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the module's authority (the x/gov module account).
func (k Keeper) GetAuthority() string { return k.authority }

// AddressCodec returns the account address codec.
func (k Keeper) AddressCodec() address.Codec { return k.ac }

// EscrowAddress returns the forge module account, which holds the escrows.
func (k Keeper) EscrowAddress() sdk.AccAddress { return k.escrowAddr }

// Logger returns the module logger.
func (k Keeper) Logger(ctx context.Context) log.Logger {
	return sdk.UnwrapSDKContext(ctx).Logger().With("module", "x/"+types.ModuleName)
}

// checkAuthority returns govtypes.ErrInvalidSigner unless signer is the
// authority (or the consensus-level authority, when one is set, as
// sdk.ValidateAuthority decides).
func (k Keeper) checkAuthority(ctx context.Context, signer string) error {
	return authority.Check(ctx, k.authority, signer)
}

// GetParams returns the parameters.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}

// updateParams is the one params flow: Validate, Set, then emit the params
// as stored. The msg server has checked the authority.
func (k Keeper) updateParams(ctx context.Context, p types.Params) error {
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
	return emit(ctx, types.NewEventParamsUpdated(stored))
}

// str returns the canonical (lower-case) bech32 form of a decoded address:
// the keeper stores and compares only canonical strings, so a party is
// recognised however its client spelled the address.
func (k Keeper) str(a sdk.AccAddress) string { return addresses.String(k.ac, a) }

// addr decodes a bech32 account address the module stored (a party of a
// listing or an order), with the shared invalid-address error.
func (k Keeper) addr(what, s string) (sdk.AccAddress, error) {
	return addresses.Account(k.ac, what, s)
}

// blockTime returns the block time of ctx.
func blockTime(ctx context.Context) time.Time {
	return sdk.UnwrapSDKContext(ctx).BlockTime()
}

// emit emits a typed event.
func emit(ctx context.Context, ev proto.Message) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(ev)
}
