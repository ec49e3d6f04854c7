// Package keeper implements x/ledger: the payment messages, the journal
// written by the bank send restriction, checkpoints, reconciliation and
// their queries.
package keeper

import (
	"context"
	"fmt"
	"sort"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/codec"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/azora-os/nexus/types/authority"
	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/ledger/types"
)

// MeterName is the OpenTelemetry instrumentation scope of the module's
// metrics.
const MeterName = "github.com/azora-os/nexus/x/ledger"

// ReconciliationFailuresMetric counts reconciliation checks that did not
// match (attribute "check"). With the node's OpenTelemetry or Prometheus
// exporter on, it is exported as ledger_reconciliation_failures_total.
const ReconciliationFailuresMetric = "ledger.reconciliation.failures"

// Config is the app wiring of the reconciliation.
type Config struct {
	// EscrowModules are module accounts that hold value for users and
	// neither mint nor burn (e.g. "forge"): at every checkpoint their
	// balance change must equal their journal flows.
	EscrowModules []string
	// UntrackedDenoms are denoms that move through bank paths that bypass
	// the send restrictions (the staking bond denom: delegations use bank's
	// DelegateCoins): the supply check skips them.
	UntrackedDenoms []string
	// Meter is the OpenTelemetry meter of the reconciliation counter; nil
	// takes the global meter provider's (which the node's telemetry
	// config sets up).
	Meter metric.Meter
}

// Keeper holds the x/ledger state and rules.
type Keeper struct {
	cdc          codec.BinaryCodec
	storeService store.KVStoreService
	objStoreKey  storetypes.StoreKey
	authority    string

	ak         types.AccountKeeper
	bk         types.BankKeeper
	pivc       types.PivcKeeper
	pivcTotals types.PivcTotals

	// modules are the app's module accounts (types/movement).
	modules      movement.ModuleAccounts
	feeCollector sdk.AccAddress
	// recon are the reconciled module accounts, in name order.
	recon     []types.ReconciledAccount
	reconAddr map[string]string // string(bytes) → role
	untracked map[string]bool
	failures  metric.Int64Counter

	Schema collections.Schema
	// Params are the module parameters.
	Params collections.Item[types.Params]
	// Head is the end of the journal, written once per block.
	Head collections.Item[types.JournalHead]
	// Entries are the journal entries by sequence.
	Entries collections.Map[uint64, types.JournalEntry]
	// AccountIndex holds (account, sequence) for both sides of each entry.
	AccountIndex collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	// ReferenceIndex holds (ReferenceKey(sender, reference), sequence) for
	// every entry with a reference.
	ReferenceIndex collections.KeySet[collections.Pair[[]byte, uint64]]
	// UsedReferences are the references reserved by MsgTransfer and
	// MsgBatchTransfer: (sender, reference) → height.
	UsedReferences collections.Map[collections.Pair[sdk.AccAddress, string], int64]
	// Checkpoints are the checkpoints by height.
	Checkpoints collections.Map[int64, types.Checkpoint]
	// Recon is the reconciliation baseline and the flows since.
	Recon collections.Item[types.ReconState]
	// ReferenceDeadlines hold the deadline of each reserved reference:
	// (sender, reference) → Unix nanoseconds.
	ReferenceDeadlines collections.Map[collections.Pair[sdk.AccAddress, string], int64]
	// ReferenceExpiry queues the reserved references by (deadline in Unix
	// nanoseconds, sender, reference).
	ReferenceExpiry collections.KeySet[collections.Triple[int64, sdk.AccAddress, string]]
}

// NewKeeper returns the x/ledger keeper. objStoreKey is the module's object
// store (types.ObjectStoreKey); authority is the x/gov module account. It
// panics on a misconfiguration (bad authority, missing object store, an
// escrow module that is not a module account).
func NewKeeper(
	cdc codec.BinaryCodec,
	storeService store.KVStoreService,
	objStoreKey storetypes.StoreKey,
	ak types.AccountKeeper,
	bk types.BankKeeper,
	pivc types.PivcKeeper,
	pivcTotals types.PivcTotals,
	authority string,
	cfg Config,
) Keeper {
	if _, err := ak.AddressCodec().StringToBytes(authority); err != nil {
		panic(fmt.Errorf("invalid ledger authority %q: %w", authority, err))
	}
	if objStoreKey == nil {
		panic("ledger: the object store key is required")
	}
	if pivc == nil || pivcTotals == nil {
		panic("ledger: the pivc keeper and totals are required")
	}

	perms := ak.GetModulePermissions()
	recon, err := reconciledAccounts(ak, perms, pivc, cfg.EscrowModules)
	if err != nil {
		panic(err)
	}
	reconAddr := make(map[string]string, len(recon))
	for _, r := range recon {
		bz, err := ak.AddressCodec().StringToBytes(r.Address)
		if err != nil {
			panic(err)
		}
		reconAddr[string(bz)] = r.Role
	}
	untracked := map[string]bool{}
	for _, d := range cfg.UntrackedDenoms {
		untracked[d] = true
	}
	meter := cfg.Meter
	if meter == nil {
		meter = otel.GetMeterProvider().Meter(MeterName)
	}
	failures, err := meter.Int64Counter(ReconciliationFailuresMetric,
		metric.WithDescription("x/ledger reconciliation checks that did not match at a checkpoint"))
	if err != nil {
		panic(fmt.Errorf("ledger: metric: %w", err))
	}

	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc:          cdc,
		storeService: storeService,
		objStoreKey:  objStoreKey,
		authority:    authority,
		ak:           ak,
		bk:           bk,
		pivc:         pivc,
		pivcTotals:   pivcTotals,
		modules:      movement.ModuleAccountsOf(ak),
		feeCollector: ak.GetModuleAddress(authtypes.FeeCollectorName),
		recon:        recon,
		reconAddr:    reconAddr,
		untracked:    untracked,
		failures:     failures,

		Params:         collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Head:           collections.NewItem(sb, types.HeadKey, "head", codec.CollValue[types.JournalHead](cdc)),
		Entries:        collections.NewMap(sb, types.EntriesKey, "entries", collections.Uint64Key, codec.CollValue[types.JournalEntry](cdc)),
		AccountIndex:   collections.NewKeySet(sb, types.AccountIndexKey, "account_index", collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)),
		ReferenceIndex: collections.NewKeySet(sb, types.ReferenceIndexKey, "reference_index", collections.PairKeyCodec(collections.BytesKey, collections.Uint64Key)),
		UsedReferences: collections.NewMap(sb, types.UsedReferencesKey, "used_references", collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey), collections.Int64Value),
		Checkpoints:    collections.NewMap(sb, types.CheckpointsKey, "checkpoints", collections.Int64Key, codec.CollValue[types.Checkpoint](cdc)),
		Recon:          collections.NewItem(sb, types.ReconStateKey, "recon", codec.CollValue[types.ReconState](cdc)),
		ReferenceDeadlines: collections.NewMap(sb, types.ReferenceDeadlinesKey, "reference_deadlines",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey), collections.Int64Value),
		ReferenceExpiry: collections.NewKeySet(sb, types.ReferenceExpiryKey, "reference_expiry",
			collections.TripleKeyCodec(collections.Int64Key, sdk.AccAddressKey, collections.StringKey)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// reconciledAccounts lists the module accounts the reconciliation checks:
// the two PIVC pools, every account that may mint or burn (except the
// staking pools, whose bond-denom delegations bypass the send
// restrictions) and the escrow modules the app names.
func reconciledAccounts(ak types.AccountKeeper, perms map[string]authtypes.PermissionsForAddress, pivc types.PivcKeeper, escrow []string) ([]types.ReconciledAccount, error) {
	str := func(a sdk.AccAddress) (string, error) { return ak.AddressCodec().BytesToString(a) }
	pools := map[string]bool{string(pivc.GrowthPoolAddress()): true, string(pivc.UBOPoolAddress()): true}
	escrowSet := map[string]bool{}
	for _, name := range escrow {
		if _, ok := perms[name]; !ok {
			return nil, fmt.Errorf("ledger: escrow module %q is not a module account (maccPerms)", name)
		}
		escrowSet[name] = true
	}
	var out []types.ReconciledAccount
	for name, p := range perms {
		addr := p.GetAddress()
		role := ""
		switch {
		case pools[string(addr)]:
			role = types.RolePivcPool
		case (p.HasPermission(authtypes.Minter) || p.HasPermission(authtypes.Burner)) && !p.HasPermission(authtypes.Staking):
			role = types.RoleMintBurn
		case escrowSet[name]:
			role = types.RoleEscrow
		default:
			continue
		}
		s, err := str(addr)
		if err != nil {
			return nil, err
		}
		out = append(out, types.ReconciledAccount{Name: name, Address: s, Role: role})
	}
	if n := countRole(out, types.RolePivcPool); n != 2 {
		return nil, fmt.Errorf("ledger: the PIVC pools must be module accounts (found %d of 2)", n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func countRole(accs []types.ReconciledAccount, role string) int {
	n := 0
	for _, a := range accs {
		if a.Role == role {
			n++
		}
	}
	return n
}

// GetAuthority returns the module's authority (the x/gov module account).
func (k Keeper) GetAuthority() string { return k.authority }

// ReconciledAccounts returns the module accounts the reconciliation checks.
func (k Keeper) ReconciledAccounts() []types.ReconciledAccount {
	return append([]types.ReconciledAccount(nil), k.recon...)
}

// Logger returns the module logger.
func (k Keeper) Logger(ctx context.Context) log.Logger {
	return sdk.UnwrapSDKContext(ctx).Logger().With("module", "x/"+types.ModuleName)
}

// SetParams validates and stores the parameters (genesis and the params
// flow).
func (k Keeper) SetParams(ctx context.Context, p types.Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return k.Params.Set(ctx, p)
}

// updateParams is the one params flow: Validate, Set, then emit the params
// as stored. The msg server has checked the authority.
func (k Keeper) updateParams(ctx context.Context, p types.Params) error {
	if err := k.SetParams(ctx, p); err != nil {
		return err
	}
	stored, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(types.NewEventParamsUpdated(stored))
}

// checkAuthority returns govtypes.ErrInvalidSigner unless signer is the
// authority (the consensus-level authority param, when set, takes its place
// as in sdk.ValidateAuthority).
func (k Keeper) checkAuthority(ctx context.Context, signer string) error {
	return authority.Check(ctx, k.authority, signer)
}

// isModuleAccount reports whether addr is one of the app's module accounts.
func (k Keeper) isModuleAccount(addr sdk.AccAddress) bool {
	return k.modules.Has(addr)
}
