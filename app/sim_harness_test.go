//go:build sims

package app

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	coreheader "cosmossdk.io/core/header"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client/flags"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	cryptocodec "github.com/cosmos/cosmos-sdk/crypto/codec"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/azora-os/nexus/testutil/nexussim"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// The Nexus app simulation (docs/simulation.md).
//
// Why not simsx.Run / simulation.SimulateFromSeedX: the SDK's runner calls
// FinalizeBlock first and then delivers the block's operations with
// SimDeliver into the same finalize state, after EndBlock and before Commit.
// A chain that accumulates per block in object stores and folds in EndBlock
// (bank's virtual accounts, x/pivc's fee totals, x/ledger's journal, x/forge's
// escrow totals: the BlockSTM-ready design of DESIGN.md §2) loses what
// those late txs accumulated when Commit clears the object stores, so the
// runner would report broken invariants that no real chain can have. This
// harness keeps the simsx message factories and the SDK's sim accounts,
// signing and store diffing, and delivers the operations the way CometBFT
// does: as the txs of the block, through FinalizeBlock.
//
// Per block it (1) branches the committed state and runs the factories'
// messages in that branch one after the other (a dry run of the block, so
// each factory sees what the ones before it did and signs with the right
// sequence), (2) delivers the txs that passed the ante handler in a real
// FinalizeBlock and checks that every tx ends exactly as in the dry run,
// (3) commits, and (4) checks the invariants.
//
// A tx the constitution refuses (x/aegis: a frozen account, a velocity
// limit...) is what the Nexus agent's governor would not broadcast: it is
// counted as refused, like a skip. Any other failure is a failure of the
// simulation, unless the factory's result handler expects it.

// nexusModules are the Nexus modules. Those that implement
// module.AppModuleSimulation get a randomized genesis and register their
// factories; the others (x/forge and x/mesh, until they have them) start
// from their default genesis and send no operations.
var nexusModules = []string{
	pivctypes.ModuleName, aegistypes.ModuleName, ledgertypes.ModuleName,
	minttypes.ModuleName, forgetypes.ModuleName, meshtypes.ModuleName,
}

const simChainID = "nexus-sim-1"

// simConfig is one simulation run.
type simConfig struct {
	Seed        int64
	NumBlocks   int
	BlockSize   int // at most this many operations per block
	NumAccounts int
	// InvariantsEvery checks the invariants every n blocks (and after the
	// last one).
	InvariantsEvery int
	// FauxMerkle skips IAVL hashing (faster; no meaningful app hash).
	FauxMerkle bool
}

// simRun is the state of one simulation run.
type simRun struct {
	t   testing.TB
	cfg simConfig
	r   *rand.Rand

	app      *App
	accounts []simtypes.Account
	ops      []weightedFactory
	total    uint32

	validators map[string]int64 // cons address → power
	blockTime  time.Time
	height     int64
	// fresh is set from InitChain until the first block is committed.
	fresh     bool
	appHashes [][]byte

	// supplyStart is the supply at genesis; minted and burned add up the
	// x/mint events since.
	supplyStart    sdk.Coins
	minted, burned sdk.Coins

	stats map[string]*opStats
}

type weightedFactory struct {
	weight  uint32
	factory simsx.SimMsgFactoryX
}

// opStats counts what became of a message type's operations.
type opStats struct {
	ok, failedAsExpected, refused, skipped int
	reasons                                map[string]int
}

// registry collects the modules' factories (simsx.Registry).
type registry struct{ ops *[]weightedFactory }

func (r registry) Add(weight uint32, f simsx.SimMsgFactoryX) {
	if weight > 0 {
		*r.ops = append(*r.ops, weightedFactory{weight: weight, factory: f})
	}
}

// newSimApp returns a fresh app over db.
func newSimApp(t testing.TB, db dbm.DB, fauxMerkle bool) *App {
	t.Helper()
	opts := []func(*baseapp.BaseApp){baseapp.SetChainID(simChainID)}
	if fauxMerkle {
		opts = append(opts, simsx.FauxMerkleModeOpt)
	}
	return New(log.NewNopLogger(), db, nil, true, simtestutil.AppOptionsMap{flags.FlagHome: t.TempDir()}, opts...)
}

// newSimRun builds the app over db, the accounts and the operations, and
// starts the chain from a randomized genesis.
func newSimRun(t testing.TB, cfg simConfig, db dbm.DB) *simRun {
	t.Helper()
	s := &simRun{
		t: t, cfg: cfg, r: rand.New(rand.NewSource(cfg.Seed)), //nolint:gosec // deterministic simulation
		app:        newSimApp(t, db, cfg.FauxMerkle),
		validators: map[string]int64{},
		stats:      map[string]*opStats{},
	}
	s.accounts = simtypes.RandomAccounts(s.r, cfg.NumAccounts)
	s.registerOps()
	genesis, genTime := s.randomGenesis()
	s.initChain(genesis, genTime)
	return s
}

// registerOps collects the factories of every module with simsx
// factories, in module-name order, with their default weights.
func (s *simRun) registerOps() {
	reg := registry{ops: &s.ops}
	weights := simsx.ParamWeightSource(simtypes.AppParams{})
	names := make([]string, 0, len(s.app.ModuleManager.Modules))
	for name := range s.app.ModuleManager.Modules {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !isNexusModule(name) {
			continue
		}
		if m, ok := s.app.ModuleManager.Modules[name].(simsx.HasWeightedOperationsX); ok {
			m.WeightedOperationsX(weights, reg)
		}
	}
	for _, o := range s.ops {
		s.total += o.weight
	}
	require.NotEmpty(s.t, s.ops, "no message factories registered")
}

func isNexusModule(name string) bool {
	for _, n := range nexusModules {
		if n == name {
			return true
		}
	}
	return false
}

// randomGenesis returns a random genesis: every account funded in uazr, one
// to four genesis validators (bonded in ustake, with the accounts' consensus
// keys), default genesis for the SDK modules, and each Nexus module's own
// randomized genesis (default for a module without one).
func (s *simRun) randomGenesis() (GenesisState, time.Time) {
	cdc := s.app.appCodec
	r := s.r
	genTime := time.Unix(1_700_000_000+r.Int63n(100_000_000), 0).UTC()
	gen := s.app.DefaultGenesis()

	// auth: one base account per simulation account.
	accs := make(authtypes.GenesisAccounts, 0, len(s.accounts))
	for _, a := range s.accounts {
		accs = append(accs, authtypes.NewBaseAccount(a.Address, nil, 0, 0))
	}
	packed, err := authtypes.PackAccounts(accs)
	require.NoError(s.t, err)
	var authGen authtypes.GenesisState
	cdc.MustUnmarshalJSON(gen[authtypes.ModuleName], &authGen)
	authGen.Accounts = packed
	gen[authtypes.ModuleName] = cdc.MustMarshalJSON(&authGen)

	// staking: 1-4 bonded validators operated by the first accounts.
	var stakingGen stakingtypes.GenesisState
	cdc.MustUnmarshalJSON(gen[stakingtypes.ModuleName], &stakingGen)
	bonded := sdkmath.ZeroInt()
	for i := range min(1+r.Intn(4), len(s.accounts)) {
		a := s.accounts[i]
		pk, err := codectypes.NewAnyWithValue(a.ConsKey.PubKey())
		require.NoError(s.t, err)
		tokens := sdk.TokensFromConsensusPower(int64(1+r.Intn(100)), sdk.DefaultPowerReduction)
		op := sdk.ValAddress(a.Address)
		stakingGen.Validators = append(stakingGen.Validators, stakingtypes.Validator{
			OperatorAddress: op.String(), ConsensusPubkey: pk, Status: stakingtypes.Bonded,
			Tokens: tokens, DelegatorShares: sdkmath.LegacyNewDecFromInt(tokens),
			Description:       stakingtypes.NewDescription(fmt.Sprintf("sim-%d", i), "", "", "", ""),
			UnbondingTime:     time.Unix(0, 0).UTC(),
			Commission:        stakingtypes.NewCommission(sdkmath.LegacyNewDecWithPrec(1, 1), sdkmath.LegacyNewDecWithPrec(2, 1), sdkmath.LegacyNewDecWithPrec(1, 2)),
			MinSelfDelegation: sdkmath.OneInt(),
		})
		stakingGen.Delegations = append(stakingGen.Delegations,
			stakingtypes.NewDelegation(a.Address.String(), op.String(), sdkmath.LegacyNewDecFromInt(tokens)))
		bonded = bonded.Add(tokens)
	}
	gen[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&stakingGen)

	// slashing: a signing info per genesis validator (staking's genesis
	// does not run the bonding hook that creates it).
	var slashingGen slashingtypes.GenesisState
	cdc.MustUnmarshalJSON(gen[slashingtypes.ModuleName], &slashingGen)
	for i := range stakingGen.Validators {
		cons := sdk.ConsAddress(s.accounts[i].ConsKey.PubKey().Address())
		slashingGen.SigningInfos = append(slashingGen.SigningInfos, slashingtypes.SigningInfo{
			Address:              cons.String(),
			ValidatorSigningInfo: slashingtypes.NewValidatorSigningInfo(cons, 0, 0, time.Unix(0, 0).UTC(), false, 0),
		})
	}
	gen[slashingtypes.ModuleName] = cdc.MustMarshalJSON(&slashingGen)

	// bank: 10^10 to 10^12 uazr per account, the bonded stake in the
	// bonded pool, the supply their sum.
	var bankGen banktypes.GenesisState
	cdc.MustUnmarshalJSON(gen[banktypes.ModuleName], &bankGen)
	for _, a := range s.accounts {
		bankGen.Balances = append(bankGen.Balances, banktypes.Balance{
			Address: a.Address.String(), Coins: sdk.NewCoins(sdk.NewCoin(BaseDenom, sdkmath.NewInt(10_000_000_000+r.Int63n(990_000_000_000)))),
		})
	}
	bankGen.Balances = append(bankGen.Balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(stakingtypes.BondedPoolName).String(), Coins: sdk.NewCoins(sdk.NewCoin(BondDenom, bonded)),
	})
	supply := sdk.NewCoins()
	for _, b := range bankGen.Balances {
		supply = supply.Add(b.Coins...)
	}
	bankGen.Supply = supply
	bankGen.Balances = banktypes.SanitizeGenesisBalances(bankGen.Balances)
	gen[banktypes.ModuleName] = cdc.MustMarshalJSON(&bankGen)
	s.supplyStart = supply

	// The Nexus modules, in InitGenesis order (aegis reads staking's
	// validators, mint reads bank's supply: both are written above).
	simState := &module.SimulationState{
		AppParams: simtypes.AppParams{}, Cdc: cdc, Rand: r, GenState: gen, Accounts: s.accounts,
		InitialStake: sdkmath.ZeroInt(), NumBonded: int64(len(stakingGen.Validators)),
		BondDenom: BondDenom, GenTimestamp: genTime,
	}
	for _, name := range s.app.ModuleManager.OrderInitGenesis {
		if !isNexusModule(name) {
			continue
		}
		if m, ok := s.app.ModuleManager.Modules[name].(module.AppModuleSimulation); ok {
			m.GenerateGenesisState(simState)
		}
	}
	require.NoError(s.t, s.app.BasicModuleManager.ValidateGenesis(cdc, s.app.txConfig, gen), "simulated genesis")
	return gen, genTime
}

// initChain starts the chain from genesis.
func (s *simRun) initChain(genesis GenesisState, genTime time.Time) {
	bz, err := json.Marshal(genesis)
	require.NoError(s.t, err)
	res, err := s.app.InitChain(&abci.RequestInitChain{
		ChainId: simChainID, Time: genTime, AppStateBytes: bz, InitialHeight: 1,
		ConsensusParams: simtestutil.DefaultConsensusParams,
	})
	require.NoError(s.t, err)
	s.updateValidators(res.Validators)
	require.NotEmpty(s.t, s.validators, "genesis has no validators")
	s.blockTime = genTime
	s.fresh = true
}

// updateValidators applies CometBFT validator updates.
func (s *simRun) updateValidators(updates []abci.ValidatorUpdate) {
	for _, u := range updates {
		pk, err := cryptocodec.FromCmtProtoPublicKey(u.PubKey)
		require.NoError(s.t, err)
		addr := string(pk.Address())
		if u.Power == 0 {
			delete(s.validators, addr)
			continue
		}
		s.validators[addr] = u.Power
	}
}

// lastCommit is every validator's commit vote (all sign).
func (s *simRun) lastCommit() (abci.CommitInfo, []byte) {
	addrs := make([]string, 0, len(s.validators))
	for a := range s.validators {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	info := abci.CommitInfo{}
	for _, a := range addrs {
		info.Votes = append(info.Votes, abci.VoteInfo{
			Validator:   abci.Validator{Address: []byte(a), Power: s.validators[a]},
			BlockIdFlag: cmtproto.BlockIDFlagCommit,
		})
	}
	return info, []byte(addrs[0])
}

// run simulates cfg.NumBlocks blocks.
func (s *simRun) run() {
	for range s.cfg.NumBlocks {
		s.block()
		if s.height%int64(max(s.cfg.InvariantsEvery, 1)) == 0 {
			s.checkInvariants()
		}
	}
	s.checkInvariants()
}

// expectation is how a tx of the block must end.
type expectation struct {
	codespace string
	code      uint32
	what      string
}

// block builds, delivers and commits one block.
func (s *simRun) block() {
	s.height++
	if s.height > 1 {
		s.blockTime = s.blockTime.Add(time.Duration(1+s.r.Intn(600)) * time.Second)
	}
	commit, proposer := s.lastCommit()
	if s.height == 1 {
		commit = abci.CommitInfo{}
	}
	txs, expect := s.buildBlock(proposer)

	res, err := s.app.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height: s.height, Time: s.blockTime, Txs: txs, DecidedLastCommit: commit, ProposerAddress: proposer,
	})
	require.NoError(s.t, err, "block %d", s.height)
	require.Len(s.t, res.TxResults, len(txs))
	for i, tr := range res.TxResults {
		e := expect[i]
		require.True(s.t, tr.Code == e.code && tr.Codespace == e.codespace,
			"block %d tx %d (%s): the block ended it with %s/%d (%s), the dry run with %s/%d",
			s.height, i, e.what, tr.Codespace, tr.Code, tr.Log, e.codespace, e.code)
		s.countSupplyEvents(tr.Events)
	}
	s.countSupplyEvents(res.Events)
	s.checkBlockEvents(res.Events)
	for _, tr := range res.TxResults {
		s.checkBlockEvents(tr.Events)
	}
	_, err = s.app.Commit()
	require.NoError(s.t, err, "commit %d", s.height)
	s.fresh = false
	s.appHashes = append(s.appHashes, s.app.LastCommitID().Hash)
	s.updateValidators(res.ValidatorUpdates)
	require.NotEmpty(s.t, s.validators, "no validators left after block %d", s.height)
}

// blockContext is a context on a branch of the committed state with the
// header of the block being built.
func (s *simRun) blockContext(proposer []byte) sdk.Context {
	header := cmtproto.Header{ChainID: simChainID, Height: s.height, Time: s.blockTime, ProposerAddress: proposer}
	ms := s.app.CommitMultiStore().CacheMultiStore()
	if s.fresh {
		// The first block after InitChain: the genesis state is not
		// committed yet; it is in the finalize state, which the block
		// continues.
		ms = s.app.NewContextLegacy(false, header).MultiStore().CacheMultiStore()
	}
	ctx := sdk.NewContext(ms, header, false, log.NewNopLogger()).
		WithHeaderInfo(coreheader.Info{Height: s.height, Time: s.blockTime, ChainID: simChainID}).
		WithBlockGasMeter(storetypes.NewInfiniteGasMeter()).
		WithEventManager(sdk.NewEventManager())
	return ctx.WithConsensusParams(s.app.GetConsensusParams(ctx))
}

// buildBlock draws up to BlockSize operations, runs each in the dry run of
// the block, and returns the txs to deliver and how each must end.
//
// The dry run skips the begin blockers: none of the modules whose state the
// factories read (accounts, balances, the Nexus modules) changes in
// BeginBlock, and the real block runs them anyway.
func (s *simRun) buildBlock(proposer []byte) ([][]byte, []expectation) {
	ctx := s.blockContext(proposer)
	reporter := simsx.NewBasicSimulationReporter()
	var (
		txs    [][]byte
		expect []expectation
	)
	for range 1 + s.r.Intn(s.cfg.BlockSize) {
		f := s.pick()
		st := s.stat(f.MsgType())
		rep := reporter.WithScope(f.MsgType())
		testData := simsx.NewChainDataSource(ctx, s.r, s.app.AccountKeeper, s.app.BankKeeper, s.app.AccountKeeper.AddressCodec(), s.accounts...)
		signers, msg := s.create(ctx, testData, rep, f)
		if rep.IsSkipped() || msg == nil {
			st.skip(rep.Comment())
			continue
		}
		bz, tx, ok := s.sign(ctx, signers, msg, st)
		if !ok {
			continue
		}
		anteErr, msgErr := s.dryRun(ctx, bz, tx, len(txs))
		what := fmt.Sprintf("%s by %s", sdk.MsgTypeURL(msg), signers[0].AddressBech32)
		switch {
		case anteErr != nil && aegistypes.IsConstitutionalRefusal(anteErr):
			st.refuse(anteErr)
			continue // the governor does not broadcast it
		case anteErr != nil:
			s.t.Fatalf("block %d: %s: refused before execution: %v\nmsg: %v", s.height, what, anteErr, msg)
		case msgErr != nil && (aegistypes.IsConstitutionalRefusal(msgErr) || f.DeliveryResultHandler()(msgErr) == nil):
			st.failedAsExpected++
			if aegistypes.IsConstitutionalRefusal(msgErr) {
				st.refuse(msgErr)
				st.failedAsExpected--
			}
		case msgErr != nil:
			s.t.Fatalf("block %d: %s: failed: %v\nmsg: %v", s.height, what, msgErr, msg)
		default:
			st.ok++
		}
		codespace, code, _ := errorsmod.ABCIInfo(msgErr, false)
		txs = append(txs, bz)
		expect = append(expect, expectation{codespace: codespace, code: code, what: what})
	}
	return txs, expect
}

// pick draws a factory by weight.
func (s *simRun) pick() simsx.SimMsgFactoryX {
	n := s.r.Uint32() % s.total
	for _, o := range s.ops {
		if n < o.weight {
			return o.factory
		}
		n -= o.weight
	}
	return s.ops[len(s.ops)-1].factory
}

// create runs a factory. A factory that panics after it skipped (using the
// empty account a skip returns) has skipped; any other panic fails.
func (s *simRun) create(ctx sdk.Context, testData *simsx.ChainDataSource, rep simsx.SimulationReporter, f simsx.SimMsgFactoryX) (signers []simsx.SimAccount, msg sdk.Msg) {
	defer func() {
		if p := recover(); p != nil {
			if !rep.IsSkipped() {
				s.t.Fatalf("block %d: factory of %s panicked: %v", s.height, sdk.MsgTypeURL(f.MsgType()), p)
			}
			signers, msg = nil, nil
		}
	}()
	return f.Create()(ctx, testData, rep)
}

// sign builds the tx as a wallet does: gas limit nexussim.GasLimit, fee at
// x/aegis's base gas price in its fee denom, paid by the first signer, with
// the signers' account numbers and sequences in the dry run's state.
func (s *simRun) sign(ctx sdk.Context, signers []simsx.SimAccount, msg sdk.Msg, st *opStats) ([]byte, sdk.Tx, bool) {
	params, err := s.app.AegisKeeper.Params.Get(ctx)
	require.NoError(s.t, err)
	rule := params.FeeRule()
	fee := sdk.NewCoins(sdk.NewCoin(rule.Denom, rule.BoundsFor(nexussim.GasLimit).Free))
	if !s.app.BankKeeper.SpendableCoins(ctx, signers[0].Address).IsAllGTE(fee) {
		st.skip("signer cannot pay the fee")
		return nil, nil, false
	}
	nums := make([]uint64, len(signers))
	seqs := make([]uint64, len(signers))
	keys := make([]cryptotypes.PrivKey, len(signers))
	for i, a := range signers {
		acc := s.app.AccountKeeper.GetAccount(ctx, a.Address)
		require.NotNil(s.t, acc, "signer %s has no account", a.AddressBech32)
		nums[i], seqs[i], keys[i] = acc.GetAccountNumber(), acc.GetSequence(), a.PrivKey
	}
	tx, err := simtestutil.GenSignedMockTx(s.r, s.app.txConfig, []sdk.Msg{msg}, fee, nexussim.GasLimit, simChainID, nums, seqs, keys...)
	require.NoError(s.t, err)
	bz, err := s.app.txConfig.TxEncoder()(tx)
	require.NoError(s.t, err)
	return bz, tx, true
}

// dryRun executes a tx in the block's branch as BaseApp.RunTx does in
// FinalizeBlock: ValidateBasic, the ante handler in a branch written on
// success, then the messages and the post handler in a branch written if
// they succeed. It returns the ante's error (nothing changed) or the
// messages' error (the ante's changes, fee and sequence, stay).
func (s *simRun) dryRun(block sdk.Context, bz []byte, tx sdk.Tx, index int) (anteErr, msgErr error) {
	ctx := block.WithTxBytes(bz).WithTxIndex(index).WithGasMeter(storetypes.NewInfiniteGasMeter()).
		WithEventManager(sdk.NewEventManager()).WithExecMode(sdk.ExecModeFinalize).WithIsSigverifyTx(true)
	for _, m := range tx.GetMsgs() {
		if v, ok := m.(sdk.HasValidateBasic); ok {
			if err := v.ValidateBasic(); err != nil {
				return err, nil
			}
		}
	}
	anteCtx, writeAnte := ctx.CacheContext()
	newCtx, err := s.runGuarded(func() (sdk.Context, error) { return s.app.AnteHandler()(anteCtx, tx, false) })
	if err != nil {
		return err, nil
	}
	writeAnte()
	ctx = newCtx.WithMultiStore(ctx.MultiStore())

	msgCtx, writeMsgs := ctx.CacheContext()
	_, err = s.runGuarded(func() (sdk.Context, error) {
		for i, m := range tx.GetMsgs() {
			h := s.app.MsgServiceRouter().Handler(m)
			if h == nil {
				return msgCtx, fmt.Errorf("no handler for %s", sdk.MsgTypeURL(m))
			}
			if _, err := h(msgCtx.WithMsgIndex(i), m); err != nil {
				return msgCtx, err
			}
		}
		return msgCtx, nil
	})
	_, postErr := s.runGuarded(func() (sdk.Context, error) {
		return s.app.newPostHandler()(msgCtx.WithEventManager(sdk.NewEventManager()), tx, false, err == nil)
	})
	if err == nil && postErr != nil {
		err = postErr
	}
	if err == nil {
		writeMsgs()
	}
	return nil, err
}

// runGuarded turns a panic into an error, as RunTx does (out of gas
// included).
func (s *simRun) runGuarded(f func() (sdk.Context, error)) (ctx sdk.Context, err error) {
	defer func() {
		if p := recover(); p != nil {
			if oog, ok := p.(storetypes.ErrorOutOfGas); ok {
				err = errorsmod.Wrap(errOutOfGas, oog.Descriptor)
				return
			}
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return f()
}

var errOutOfGas = errorsmod.Register("nexussim", 2, "out of gas in the dry run")

func (s *simRun) stat(msg sdk.Msg) *opStats {
	url := sdk.MsgTypeURL(msg)
	st, ok := s.stats[url]
	if !ok {
		st = &opStats{reasons: map[string]int{}}
		s.stats[url] = st
	}
	return st
}

func (st *opStats) skip(reason string) {
	st.skipped++
	st.reasons["skip: "+reason]++
}

func (st *opStats) refuse(err error) {
	st.refused++
	codespace, code, _ := errorsmod.ABCIInfo(err, false)
	st.reasons[fmt.Sprintf("refused: %s/%d", codespace, code)]++
}

// summary prints what became of each message type's operations.
func (s *simRun) summary() string {
	urls := make([]string, 0, len(s.stats))
	for u := range s.stats {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d: %d blocks\n", s.cfg.Seed, s.height)
	for _, u := range urls {
		st := s.stats[u]
		fmt.Fprintf(&b, "  %-45s ok %4d  failed as expected %3d  refused by the constitution %3d  skipped %4d\n",
			u, st.ok, st.failedAsExpected, st.refused, st.skipped)
		reasons := make([]string, 0, len(st.reasons))
		for r := range st.reasons {
			reasons = append(reasons, r)
		}
		sort.Strings(reasons)
		for _, r := range reasons {
			fmt.Fprintf(&b, "      %5d  %s\n", st.reasons[r], r)
		}
	}
	return b.String()
}
