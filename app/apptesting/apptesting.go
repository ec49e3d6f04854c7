// Package apptesting builds the real Nexus app against an in-memory database
// for whole-app tests: one bonded validator, funded accounts with private
// keys, and helpers to sign txs and run blocks through FinalizeBlock/Commit.
package apptesting

import (
	"encoding/json"
	"math/rand"
	"sort"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	dbm "github.com/cosmos/cosmos-db"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/azora-os/nexus/app"
	aegistestutil "github.com/azora-os/nexus/x/aegis/testutil"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
)

// ChainID is the chain id of test apps.
const ChainID = "nexus-test-1"

// DefaultGas is the gas limit of txs built by the helpers.
const DefaultGas = 2_000_000

// Account is a funded test account with its private key.
type Account struct {
	Name   string
	Priv   cryptotypes.PrivKey
	Addr   sdk.AccAddress
	Coins  sdk.Coins
	AccNum uint64
	Seq    uint64
}

// String returns the bech32 address.
func (a *Account) String() string { return a.Addr.String() }

// TestApp is a running in-memory Nexus app.
type TestApp struct {
	*app.App
	T        testing.TB
	DB       dbm.DB
	Val      *Validator
	Accounts map[string]*Account
	Time     time.Time

	rand *rand.Rand
}

// Validator is the single bonded validator of a test app.
type Validator struct {
	ConsPriv cryptotypes.PrivKey
	Operator *Account
	Power    int64
}

// ConsAddress returns the validator's consensus address.
func (v *Validator) ConsAddress() sdk.ConsAddress {
	return sdk.ConsAddress(v.ConsPriv.PubKey().Address())
}

// Options configure Setup.
type Options struct {
	// Accounts are funded accounts by name → coins.
	Accounts map[string]sdk.Coins
	// EditGenesis edits the genesis state before InitChain.
	EditGenesis func(a *app.App, gen app.GenesisState)
	// Unverified lists accounts (by name) to leave unverified in x/aegis.
	// Every other account and the validator operator are verified at the
	// institutional tier, so tests move amounts freely unless they test the
	// constitution.
	Unverified []string
	// DB, if set, is used instead of a fresh in-memory DB.
	DB dbm.DB
}

// DefaultAccounts are the accounts of Setup when Options.Accounts is nil.
func DefaultAccounts() map[string]sdk.Coins {
	coins := sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1_000_000_000_000))
	return map[string]sdk.Coins{"alice": coins, "bob": coins, "carol": coins}
}

// NewApp builds an app on db without initialising the chain.
func NewApp(t testing.TB, db dbm.DB) *app.App {
	t.Helper()
	return app.New(log.NewNopLogger(), db, nil, true,
		simtestutil.NewAppOptionsWithFlagHome(t.TempDir()),
		baseapp.SetChainID(ChainID),
	)
}

// Setup builds the app, writes a genesis with one bonded validator and the
// requested accounts, runs InitChain and commits the first block.
func Setup(t testing.TB, opts Options) *TestApp {
	t.Helper()
	if opts.Accounts == nil {
		opts.Accounts = DefaultAccounts()
	}
	db := opts.DB
	if db == nil {
		db = dbm.NewMemDB()
	}
	a := NewApp(t, db)
	ta := &TestApp{
		App: a, T: t, DB: db, Accounts: map[string]*Account{},
		Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		rand: rand.New(rand.NewSource(1)),
	}

	// Deterministic keys so failures are reproducible.
	names := sortedNames(opts.Accounts)
	for i, name := range names {
		priv := secp256k1.GenPrivKeyFromSecret([]byte("nexus-test-account-" + name))
		ta.Accounts[name] = &Account{Name: name, Priv: priv, Addr: sdk.AccAddress(priv.PubKey().Address()), Coins: opts.Accounts[name], AccNum: uint64(i)}
	}
	opPriv := secp256k1.GenPrivKeyFromSecret([]byte("nexus-test-validator-operator"))
	ta.Val = &Validator{
		ConsPriv: ed25519.GenPrivKeyFromSecret([]byte("nexus-test-validator-consensus")),
		Operator: &Account{Name: "validator", Priv: opPriv, Addr: sdk.AccAddress(opPriv.PubKey().Address()), AccNum: uint64(len(names))},
		Power:    100,
	}

	gen := ta.genesis()
	skip := map[string]bool{}
	for _, name := range opts.Unverified {
		skip[name] = true
	}
	verified := []string{ta.Val.Operator.Addr.String()}
	for _, name := range names {
		if !skip[name] {
			verified = append(verified, ta.Accounts[name].Addr.String())
		}
	}
	if err := aegistestutil.VerifyInAppGenesis(a.AppCodec(), gen, aegistypes.TierInstitutional, verified...); err != nil {
		t.Fatal(err)
	}
	// The genesis validator is on the x/aegis admission list (issue 9), with
	// a max power twice its bonded power so tests can mint and bond more.
	if err := aegistestutil.AdmitInAppGenesis(a.AppCodec(), gen, uint64(2*ta.Val.Power), sdk.ValAddress(ta.Val.Operator.Addr).String()); err != nil {
		t.Fatal(err)
	}
	if opts.EditGenesis != nil {
		opts.EditGenesis(a, gen)
	}
	if err := a.BasicModuleManager.ValidateGenesis(a.AppCodec(), a.TxConfig(), gen); err != nil {
		t.Fatalf("genesis does not validate: %v", err)
	}
	stateBytes, err := json.Marshal(gen)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.InitChain(&abci.RequestInitChain{
		ChainId:         ChainID,
		Time:            ta.Time,
		Validators:      []abci.ValidatorUpdate{},
		ConsensusParams: ConsensusParams(),
		AppStateBytes:   stateBytes,
		InitialHeight:   1,
	}); err != nil {
		t.Fatalf("InitChain: %v", err)
	}
	ta.NextBlock()
	return ta
}

// ConsensusParams are the consensus params of test apps (no consensus-level
// authority: each module's authority is the gov module account).
func ConsensusParams() *cmtproto.ConsensusParams {
	p := cmttypes.DefaultConsensusParams().ToProto()
	p.Block.MaxGas = 100_000_000
	return &p
}

// genesis returns the default genesis plus the validator, its delegation,
// the accounts and their balances.
func (ta *TestApp) genesis() app.GenesisState {
	a := ta.App
	cdc := a.AppCodec()
	gen := a.DefaultGenesis()

	bond := sdk.TokensFromConsensusPower(ta.Val.Power, sdk.DefaultPowerReduction)
	accs := []authtypes.GenesisAccount{}
	balances := []banktypes.Balance{}
	for _, name := range sortedNamesOf(ta.Accounts) {
		acc := ta.Accounts[name]
		accs = append(accs, authtypes.NewBaseAccount(acc.Addr, nil, acc.AccNum, 0))
		balances = append(balances, banktypes.Balance{Address: acc.Addr.String(), Coins: acc.Coins})
	}
	op := ta.Val.Operator
	accs = append(accs, authtypes.NewBaseAccount(op.Addr, nil, op.AccNum, 0))

	var authGen authtypes.GenesisState
	cdc.MustUnmarshalJSON(gen[authtypes.ModuleName], &authGen)
	packed, err := authtypes.PackAccounts(accs)
	if err != nil {
		ta.T.Fatal(err)
	}
	authGen.Accounts = packed
	gen[authtypes.ModuleName] = cdc.MustMarshalJSON(&authGen)

	pkAny, err := codectypes.NewAnyWithValue(ta.Val.ConsPriv.PubKey())
	if err != nil {
		ta.T.Fatal(err)
	}
	valAddr := sdk.ValAddress(op.Addr)
	var stakingGen stakingtypes.GenesisState
	cdc.MustUnmarshalJSON(gen[stakingtypes.ModuleName], &stakingGen)
	stakingGen.Validators = []stakingtypes.Validator{{
		OperatorAddress:   valAddr.String(),
		ConsensusPubkey:   pkAny,
		Status:            stakingtypes.Bonded,
		Tokens:            bond,
		DelegatorShares:   sdkmath.LegacyNewDecFromInt(bond),
		Description:       stakingtypes.Description{Moniker: "validator"},
		UnbondingTime:     time.Unix(0, 0).UTC(),
		Commission:        stakingtypes.NewCommission(sdkmath.LegacyZeroDec(), sdkmath.LegacyOneDec(), sdkmath.LegacyZeroDec()),
		MinSelfDelegation: sdkmath.OneInt(),
	}}
	stakingGen.Delegations = []stakingtypes.Delegation{
		stakingtypes.NewDelegation(op.Addr.String(), valAddr.String(), sdkmath.LegacyNewDecFromInt(bond)),
	}
	stakingGen.LastTotalPower = sdkmath.NewInt(ta.Val.Power)
	stakingGen.LastValidatorPowers = []stakingtypes.LastValidatorPower{{Address: valAddr.String(), Power: ta.Val.Power}}
	gen[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&stakingGen)

	// Slashing tracks liveness from the first block, as for a gentx validator.
	cons := ta.Val.ConsAddress().String()
	var slashingGen slashingtypes.GenesisState
	cdc.MustUnmarshalJSON(gen[slashingtypes.ModuleName], &slashingGen)
	slashingGen.SigningInfos = []slashingtypes.SigningInfo{{
		Address:              cons,
		ValidatorSigningInfo: slashingtypes.NewValidatorSigningInfo(ta.Val.ConsAddress(), 0, 0, time.Unix(0, 0).UTC(), false, 0),
	}}
	gen[slashingtypes.ModuleName] = cdc.MustMarshalJSON(&slashingGen)

	balances = append(balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(stakingtypes.BondedPoolName).String(),
		Coins:   sdk.NewCoins(sdk.NewCoin(app.BondDenom, bond)),
	})
	var bankGen banktypes.GenesisState
	cdc.MustUnmarshalJSON(gen[banktypes.ModuleName], &bankGen)
	bankGen.Balances = banktypes.SanitizeGenesisBalances(append(bankGen.Balances, balances...))
	supply := sdk.NewCoins()
	for _, b := range bankGen.Balances {
		supply = supply.Add(b.Coins...)
	}
	bankGen.Supply = supply
	gen[banktypes.ModuleName] = cdc.MustMarshalJSON(&bankGen)
	return gen
}

// NextBlock finalises a block with the given txs at the next height (one
// second after the previous block), commits it and returns the results.
func (ta *TestApp) NextBlock(txs ...[]byte) *abci.ResponseFinalizeBlock {
	ta.T.Helper()
	height := ta.LastBlockHeight() + 1
	if height > 1 {
		ta.Time = ta.Time.Add(time.Second)
	}
	cons := ta.Val.ConsAddress()
	res, err := ta.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height:          height,
		Time:            ta.Time,
		Txs:             txs,
		ProposerAddress: cons,
		DecidedLastCommit: abci.CommitInfo{Votes: []abci.VoteInfo{{
			Validator:   abci.Validator{Address: cons, Power: ta.Val.Power},
			BlockIdFlag: cmtproto.BlockIDFlagCommit,
		}}},
	})
	if err != nil {
		ta.T.Fatalf("FinalizeBlock at %d: %v", height, err)
	}
	if _, err := ta.Commit(); err != nil {
		ta.T.Fatalf("Commit at %d: %v", height, err)
	}
	return res
}

// SignTx builds and signs a tx of msgs by signer, paying fee.
func (ta *TestApp) SignTx(signer *Account, fee sdk.Coins, msgs ...sdk.Msg) []byte {
	ta.T.Helper()
	tx, err := simtestutil.GenSignedMockTx(ta.rand, ta.TxConfig(), msgs, fee, DefaultGas, ChainID,
		[]uint64{signer.AccNum}, []uint64{signer.Seq}, signer.Priv)
	if err != nil {
		ta.T.Fatal(err)
	}
	bz, err := ta.TxConfig().TxEncoder()(tx)
	if err != nil {
		ta.T.Fatal(err)
	}
	return bz
}

// DefaultFee pays DefaultGas at the default minimum gas price.
func DefaultFee() sdk.Coins {
	return sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, DefaultGas/1000))
}

// Deliver signs msgs by signer, runs them in the next block and returns the
// tx result. The signer's sequence advances if the tx passed the ante chain.
func (ta *TestApp) Deliver(signer *Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	ta.T.Helper()
	res := ta.NextBlock(ta.SignTx(signer, DefaultFee(), msgs...))
	r := res.TxResults[0]
	if r.Code == 0 || r.Codespace != "sdk" || (r.Code != 4 && r.Code != 32) {
		// Sequence increments unless the ante rejected the signature or
		// sequence itself; any other failure after the ante still counts.
		ta.bumpSeqIfUsed(signer)
	}
	return r
}

// MustDeliver delivers msgs and fails the test unless the tx succeeded.
func (ta *TestApp) MustDeliver(signer *Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	ta.T.Helper()
	r := ta.Deliver(signer, msgs...)
	if r.Code != 0 {
		ta.T.Fatalf("tx failed: codespace %s code %d: %s", r.Codespace, r.Code, r.Log)
	}
	return r
}

// CheckTx runs msgs signed by signer through CheckTx only.
func (ta *TestApp) CheckTx(signer *Account, msgs ...sdk.Msg) *abci.ResponseCheckTx {
	ta.T.Helper()
	res, err := ta.App.CheckTx(&abci.RequestCheckTx{Tx: ta.SignTx(signer, DefaultFee(), msgs...), Type: abci.CheckTxType_New})
	if err != nil {
		ta.T.Fatal(err)
	}
	return res
}

// bumpSeqIfUsed re-reads the signer's sequence from committed state.
func (ta *TestApp) bumpSeqIfUsed(signer *Account) {
	acc := ta.AccountKeeper.GetAccount(ta.Ctx(), signer.Addr)
	if acc != nil {
		signer.Seq = acc.GetSequence()
		signer.AccNum = acc.GetAccountNumber()
	}
}

// Ctx returns a read context on the latest committed state.
func (ta *TestApp) Ctx() sdk.Context {
	return ta.NewContextLegacy(true, cmtproto.Header{Height: ta.LastBlockHeight(), Time: ta.Time, ChainID: ChainID})
}

// Balance returns the committed balance of addr in denom.
func (ta *TestApp) Balance(addr sdk.AccAddress, denom string) sdkmath.Int {
	return ta.BankKeeper.GetBalance(ta.Ctx(), addr, denom).Amount
}

// Export exports the app state (not for zero height).
func (ta *TestApp) Export() (json.RawMessage, int64) {
	ta.T.Helper()
	exp, err := ta.ExportAppStateAndValidators(false, nil, nil)
	if err != nil {
		ta.T.Fatalf("export: %v", err)
	}
	return exp.AppState, exp.Height
}

func sortedNames(m map[string]sdk.Coins) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedNamesOf(m map[string]*Account) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
