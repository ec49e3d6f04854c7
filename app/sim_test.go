//go:build sims

package app

import (
	"encoding/json"
	"flag"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/azora-os/nexus/x/aegis"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
)

// The app simulation tests (docs/simulation.md). They build only with the
// `sims` tag: `make test-sim` runs the short configuration (part of `make
// test`), `make test-sim-long` the long one (-SimLong); or set the flags
// yourself:
//
//	go test -tags sims ./app -run 'TestFullAppSimulation|TestAppImportExport|TestAppStateDeterminism' \
//	    -SimLong -timeout 2h
//	go test -tags sims ./app -run TestFullAppSimulation -SimSeeds 7,42 -NumBlocks 300 -BlockSize 60
var (
	flagSimLong     = flag.Bool("SimLong", false, "simulation: the long configuration (10 seeds, 400 blocks of up to 100 operations)")
	flagSimSeeds    = flag.String("SimSeeds", "", "simulation: comma-separated seeds (overrides the configuration's)")
	flagNumBlocks   = flag.Int("NumBlocks", 0, "simulation: blocks per run (overrides the configuration's)")
	flagBlockSize   = flag.Int("BlockSize", 0, "simulation: most operations per block (overrides the configuration's)")
	flagNumAccounts = flag.Int("NumAccounts", 0, "simulation: accounts (overrides the configuration's)")
)

// simSettings is a configuration: its seeds and the run it makes per seed.
type simSettings struct {
	seeds []int64
	run   simConfig
	// determinismRuns is how many times TestAppStateDeterminism runs the
	// first seed (with real IAVL hashes) and determinismBlocks how far.
	determinismRuns, determinismBlocks int
	// afterImportBlocks is how far TestAppImportExport simulates on the
	// imported app.
	afterImportBlocks int
	// coverage requires every message type to succeed at least once over
	// the seeds: only for a configuration's own seeds and sizes (a single
	// seed or a shorter run, as when a failure is reproduced, may well
	// never reach, say, an asset's handover).
	coverage bool
}

func settings(t *testing.T) simSettings {
	t.Helper()
	s := simSettings{
		seeds:           []int64{1, 7, 42},
		run:             simConfig{NumBlocks: 60, BlockSize: 30, NumAccounts: 40, InvariantsEvery: 1, FauxMerkle: true},
		determinismRuns: 3, determinismBlocks: 30, afterImportBlocks: 20, coverage: true,
	}
	if *flagSimLong {
		s = simSettings{
			seeds:           []int64{1, 2, 4, 7, 32, 123, 124, 582, 1893, 2989},
			run:             simConfig{NumBlocks: 400, BlockSize: 100, NumAccounts: 100, InvariantsEvery: 5, FauxMerkle: true},
			determinismRuns: 3, determinismBlocks: 150, afterImportBlocks: 100, coverage: true,
		}
	}
	if *flagSimSeeds != "" || *flagNumBlocks > 0 || *flagBlockSize > 0 || *flagNumAccounts > 0 {
		s.coverage = false
	}
	if *flagSimSeeds != "" {
		s.seeds = nil
		for _, f := range strings.Split(*flagSimSeeds, ",") {
			seed, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			require.NoError(t, err, "-SimSeeds")
			s.seeds = append(s.seeds, seed)
		}
	}
	if *flagNumBlocks > 0 {
		s.run.NumBlocks = *flagNumBlocks
		s.determinismBlocks = min(s.determinismBlocks, *flagNumBlocks)
	}
	if *flagBlockSize > 0 {
		s.run.BlockSize = *flagBlockSize
	}
	if *flagNumAccounts > 0 {
		s.run.NumAccounts = *flagNumAccounts
	}
	return s
}

// TestFullAppSimulation runs every seed from a random genesis through
// random blocks of the modules' operations, checking the invariants after
// every block (sim_invariants_test.go), and at the end that the state
// exports to a genesis every module validates. Over the configuration's
// seeds every registered message type must have been delivered
// successfully at least once, so a factory that never produces a valid
// message does not go unnoticed.
func TestFullAppSimulation(t *testing.T) {
	cfg := settings(t)
	delivered := map[string]int{}
	var registered []string
	for _, seed := range cfg.seeds {
		run := cfg.run
		run.Seed = seed
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			s := newSimRun(t, run, dbm.NewMemDB())
			s.run()
			t.Log(s.summary())
			s.requireExportValidates()
			for url, st := range s.stats {
				delivered[url] += st.ok
			}
			registered = s.registeredTypes()
		})
	}
	if t.Failed() || !cfg.coverage {
		return
	}
	for _, url := range registered {
		require.Positive(t, delivered[url], "%s was never delivered successfully in %d seeds", url, len(cfg.seeds))
	}
}

// TestAppImportExport simulates, exports the state at the last height,
// imports it into a fresh app with InitChain (as `nexusd` does with an
// exported genesis), and requires the two apps' stores to be identical
// except where a module's export prunes on purpose; then it simulates on
// the imported app, invariants included, to prove the exported state is a
// working chain.
func TestAppImportExport(t *testing.T) {
	cfg := settings(t)
	run := cfg.run
	run.Seed = cfg.seeds[0]
	s := newSimRun(t, run, dbm.NewMemDB())
	s.run()

	exported, err := s.app.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	newApp := newSimApp(t, dbm.NewMemDB(), run.FauxMerkle)
	res, err := newApp.InitChain(&abci.RequestInitChain{
		ChainId: simChainID, Time: s.blockTime, AppStateBytes: exported.AppState,
		InitialHeight: exported.Height, ConsensusParams: &exported.ConsensusParams,
	})
	require.NoError(t, err, "import the exported genesis")

	// Compare every KV store: the committed state of the simulated app with
	// the imported app's state after InitChain.
	// Both apps are read at the simulated chain's last block time: x/aegis
	// prunes the usage buckets it exports by the context's block time.
	header := cmtproto.Header{ChainID: simChainID, Height: s.height, Time: s.blockTime}
	ctxA := s.queryContext()
	ctxB := newApp.NewContextLegacy(false, header)
	skip := map[string][][]byte{
		// Queues and indexes keyed by time or height, rebuilt on import
		// (as the SDK's own import/export test skips them).
		stakingtypes.StoreKey: {
			stakingtypes.UnbondingQueueKey, stakingtypes.RedelegationQueueKey, stakingtypes.ValidatorQueueKey,
			stakingtypes.HistoricalInfoKey, stakingtypes.UnbondingIDKey, stakingtypes.UnbondingIndexKey,
			stakingtypes.UnbondingTypeKey, stakingtypes.ValidatorUpdatesKey,
		},
		authzkeeper.StoreKey:   {authzkeeper.GrantQueuePrefix},
		feegrant.StoreKey:      {feegrant.FeeAllowanceQueueKeyPrefix},
		slashingtypes.StoreKey: {slashingtypes.ValidatorMissedBlockBitmapKeyPrefix},
		// x/ledger exports each reserved reference with its deadline and
		// InitGenesis queues every deadline for release; the running chain
		// already dequeued the ones whose deadline passed while their
		// journal entries are kept (retention releases those). Compared by
		// requireReferenceQueues below.
		ledgertypes.StoreKey: {ledgertypes.ReferenceExpiryKey},
	}
	names := make([]string, 0, len(s.app.keys))
	for name := range s.app.keys {
		names = append(names, name)
	}
	sort.Strings(names)
	sm := s.app.simulationStoreDecoders()
	for _, name := range names {
		storeA, storeB := ctxA.KVStore(s.app.keys[name]), ctxB.KVStore(newApp.keys[name])
		diffA, diffB := simtestutil.DiffKVStores(storeA, storeB, skip[name])
		require.Equal(t, len(diffA), len(diffB), "store %s: unequal sets of key-values", name)
		require.Empty(t, diffA, "store %s differs after import:\n%s", name, simtestutil.GetSimulationLog(name, sm, diffA, diffB))
	}

	s.requireReferenceQueues(ctxA, newApp, ctxB)

	// Round trip: the imported app exports the same genesis.
	again := exportNexusGenesis(t, newApp, ctxB)
	before := exportNexusGenesis(t, s.app, ctxA)
	for name, bz := range before {
		require.JSONEq(t, string(bz), string(again[name]), "%s genesis after export → import → export", name)
	}

	// Simulate on the imported app: its first block is the exported height.
	s.continueOn(newApp, res.Validators, exported.Height)
	s.cfg.NumBlocks = cfg.afterImportBlocks
	s.run()
	t.Log(s.summary())
}

// TestAppStateDeterminism runs the first seed several times from scratch,
// with real IAVL stores, and requires the same app hash after every block
// of every run.
func TestAppStateDeterminism(t *testing.T) {
	cfg := settings(t)
	run := cfg.run
	run.Seed, run.NumBlocks, run.FauxMerkle = cfg.seeds[0], cfg.determinismBlocks, false
	var first [][]byte
	for i := range cfg.determinismRuns {
		s := newSimRun(t, run, dbm.NewMemDB())
		s.run()
		require.Len(t, s.appHashes, run.NumBlocks)
		if i == 0 {
			first = s.appHashes
			continue
		}
		for h := range first {
			require.Equal(t, first[h], s.appHashes[h], "run %d: app hash of block %d differs from run 1 (seed %d)", i+1, h+1, run.Seed)
		}
	}
}

// requireReferenceQueues requires x/ledger's reference expiry queue of the
// imported app (b) to hold every entry of the simulated app's (a), and
// besides those only references whose deadline has passed while their
// journal entries are still kept: the entries the running chain dequeued
// and that the first EndBlock after the import dequeues again, without
// effect (releaseExpiredReferences skips a reference with kept entries).
func (s *simRun) requireReferenceQueues(ctxA sdk.Context, b *App, ctxB sdk.Context) {
	type entry = collections.Triple[int64, sdk.AccAddress, string]
	collect := func(app *App, ctx sdk.Context) map[string]entry {
		out := map[string]entry{} // the triple holds pointers: keyed by value
		require.NoError(s.t, app.LedgerKeeper.ReferenceExpiry.Walk(ctx, nil, func(e entry) (bool, error) {
			out[fmt.Sprintf("%d/%s/%s", e.K1(), e.K2(), e.K3())] = e
			return false, nil
		}))
		return out
	}
	qa, qb := collect(s.app, ctxA), collect(b, ctxB)
	for k := range qa {
		_, ok := qb[k]
		require.True(s.t, ok, "x/ledger: reference %s queued before the export, not after the import", k)
	}
	now := ctxA.BlockTime().UnixNano()
	for k, e := range qb {
		if _, ok := qa[k]; ok {
			continue
		}
		require.Less(s.t, e.K1(), now, "x/ledger: reference %s queued after the import only, deadline not passed", k)
		it, err := b.LedgerKeeper.ReferenceIndex.Iterate(ctxB, collections.NewPrefixedPairRange[[]byte, uint64](ledgertypes.ReferenceKey(e.K2(), e.K3())))
		require.NoError(s.t, err)
		kept := it.Valid()
		require.NoError(s.t, it.Close())
		require.True(s.t, kept, "x/ledger: reference %s queued after the import only, its entries pruned", k)
	}
}

// continueOn switches the run to app, imported at initialHeight with the
// validators InitChain returned.
func (s *simRun) continueOn(app *App, validators []abci.ValidatorUpdate, initialHeight int64) {
	s.app = app
	s.ops, s.total = nil, 0
	s.registerOps() // the factories hold the new app's keepers
	s.validators = map[string]int64{}
	s.updateValidators(validators)
	s.height = initialHeight - 1
	s.appHashes = nil
	s.fresh = true
}

// requireExportValidates exports the state at the last height and requires
// every module's genesis, and x/aegis's cross-module check of the genesis
// validators, to validate.
func (s *simRun) requireExportValidates() {
	exported, err := s.app.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(s.t, err)
	var gen GenesisState
	require.NoError(s.t, json.Unmarshal(exported.AppState, &gen))
	require.NoError(s.t, s.app.BasicModuleManager.ValidateGenesis(s.app.appCodec, s.app.txConfig, gen), "exported genesis")
	require.NoError(s.t, aegis.ValidateGenesisValidators(s.app.appCodec, s.app.txConfig.TxJSONDecoder(), gen, BondDenom), "exported validators")
}

// registeredTypes lists the message types of the registered factories.
func (s *simRun) registeredTypes() []string {
	var out []string
	for _, o := range s.ops {
		out = append(out, sdk.MsgTypeURL(o.factory.MsgType()))
	}
	sort.Strings(out)
	return out
}

// exportNexusGenesis exports the Nexus modules' genesis at ctx.
func exportNexusGenesis(t *testing.T, app *App, ctx sdk.Context) map[string]json.RawMessage {
	t.Helper()
	out := map[string]json.RawMessage{}
	for _, name := range nexusModules {
		gen, err := app.ModuleManager.ExportGenesisForModules(ctx, app.appCodec, []string{name})
		require.NoError(t, err)
		out[name] = gen[name]
	}
	return out
}

// simulationStoreDecoders decodes the Nexus modules' store entries for the
// import/export diff log.
func (app *App) simulationStoreDecoders() simtypes.StoreDecoderRegistry {
	sdr := simtypes.StoreDecoderRegistry{}
	for _, name := range nexusModules {
		if m, ok := app.ModuleManager.Modules[name].(interface {
			RegisterStoreDecoder(simtypes.StoreDecoderRegistry)
		}); ok {
			m.RegisterStoreDecoder(sdr)
		}
	}
	return sdr
}
