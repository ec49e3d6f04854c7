package keeper_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	"github.com/azora-os/nexus/x/mint/types"
)

// maxPIVCBps is the highest PIVC rate x/pivc allows (DESIGN.md §5). The
// transfer assertions below hold with or without x/pivc wired: the
// recipient always gets exactly the amount, the sender pays the amount plus
// a fee between 0 and ceil(amount × 10%).
const maxPIVCBps = 1000

const (
	kasi       = "a/kasi"
	kasiCap    = 1_000_000_000_000
	allowance  = 5_000_000_000
	votingSecs = 4
	govDeposit = 10_000_000
)

// TestATokenLifecycle charters a/kasi through a governance proposal, mints
// it to alice, lets alice pay bob and burn, then issues AZR as a treasurer,
// on the real app with signed txs.
func TestATokenLifecycle(t *testing.T) {
	ta := setupWithTreasurer(t)
	alice, bob, issuer, treasurer := ta.Accounts["alice"], ta.Accounts["bob"], ta.Accounts["issuer"], ta.Accounts["treasurer"]

	// 1. Charter a/kasi by proposal; the validator votes yes.
	charter := &types.MsgCharterAToken{
		Authority: authtypes.NewModuleAddress(govtypes.ModuleName).String(),
		Symbol:    "kasi", Name: "Kasi Rand", Description: "Kasi local currency",
		Issuer: issuer.String(), MaxSupply: math.NewInt(kasiCap),
	}
	passProposal(t, ta, alice, charter)

	tok, err := ta.MintKeeper.GetAToken(ta.Ctx(), "kasi")
	require.NoError(t, err)
	require.Equal(t, uint32(6), tok.Exponent)
	require.Equal(t, issuer.String(), tok.Issuer)
	md, ok := ta.BankKeeper.GetDenomMetaData(ta.Ctx(), kasi)
	require.True(t, ok, "bank denom metadata of a/kasi")
	require.Equal(t, "KASI", md.Symbol)
	require.Equal(t, "kasi", md.Display)

	// 2. The issuer mints 1,000,000 a/kasi to alice.
	res := ta.MustDeliver(issuer, &types.MsgMint{Minter: issuer.String(), Recipient: alice.String(), Amount: sdk.NewInt64Coin(kasi, 1_000_000)})
	require.True(t, hasEvent(res, "azora.mint.v1.EventMinted"))
	require.Equal(t, math.NewInt(1_000_000), ta.Balance(alice.Addr, kasi))
	require.Equal(t, math.NewInt(1_000_000), supply(ta, kasi))

	// 3. Alice pays bob 250,000 a/kasi with a plain bank send.
	const pay = 250_000
	ta.MustDeliver(alice, banktypes.NewMsgSend(alice.Addr, bob.Addr, sdk.NewCoins(sdk.NewInt64Coin(kasi, pay))))
	require.Equal(t, math.NewInt(pay), ta.Balance(bob.Addr, kasi), "the recipient gets exactly the amount")
	paid := math.NewInt(1_000_000).Sub(ta.Balance(alice.Addr, kasi))
	fee := paid.SubRaw(pay)
	require.False(t, fee.IsNegative(), "alice paid %s for a %d transfer", paid, pay)
	require.True(t, fee.LTE(math.NewInt((pay*maxPIVCBps+9999)/10000)), "fee %s above the highest PIVC rate", fee)
	require.Equal(t, math.NewInt(1_000_000), supply(ta, kasi), "a transfer never changes the supply")

	// 4. Alice burns 100,000 a/kasi: exactly that leaves her and the supply.
	aliceBefore := ta.Balance(alice.Addr, kasi)
	res = ta.MustDeliver(alice, &types.MsgBurn{Owner: alice.String(), Amount: sdk.NewInt64Coin(kasi, 100_000)})
	require.True(t, hasEvent(res, "azora.mint.v1.EventBurned"))
	require.Equal(t, aliceBefore.SubRaw(100_000), ta.Balance(alice.Addr, kasi))
	require.Equal(t, math.NewInt(900_000), supply(ta, kasi))

	// 5. The treasurer issues AZR to bob within its allowance.
	azrBefore, bobBefore := supply(ta, app.BaseDenom), ta.Balance(bob.Addr, app.BaseDenom)
	ta.MustDeliver(treasurer, &types.MsgMint{Minter: treasurer.String(), Recipient: bob.String(), Amount: sdk.NewInt64Coin(app.BaseDenom, 1_000_000_000)})
	require.Equal(t, bobBefore.AddRaw(1_000_000_000), ta.Balance(bob.Addr, app.BaseDenom))
	// Gas fees go to the fee collector (nothing is burned), so the supply
	// grew by exactly the mint.
	require.Equal(t, azrBefore.AddRaw(1_000_000_000), supply(ta, app.BaseDenom))
	left, err := ta.MintKeeper.GetTreasurerAllowance(ta.Ctx(), treasurer.Addr)
	require.NoError(t, err)
	require.Equal(t, math.NewInt(allowance-1_000_000_000), left)

	// 6. Queries answer through the app's ABCI query router.
	reqBz, err := (&types.QuerySupplyRequest{Denom: kasi}).Marshal()
	require.NoError(t, err)
	qres, err := ta.Query(context.Background(), &abci.RequestQuery{Path: "/azora.mint.v1.Query/Supply", Data: reqBz})
	require.NoError(t, err)
	require.Zero(t, qres.Code, qres.Log)
	var sup types.QuerySupplyResponse
	require.NoError(t, sup.Unmarshal(qres.Value))
	require.Equal(t, math.NewInt(kasiCap-900_000), sup.Headroom)
	require.Equal(t, math.NewInt(900_000), sup.Supply.Amount)
}

// TestBadInputFailsCleanly sends every kind of bad mint and burn as real
// txs: each fails with a registered x/mint error, nothing moves, and the
// chain keeps producing blocks.
func TestBadInputFailsCleanly(t *testing.T) {
	ta := setupWithTreasurer(t)
	alice, bob, issuer, treasurer := ta.Accounts["alice"], ta.Accounts["bob"], ta.Accounts["issuer"], ta.Accounts["treasurer"]
	ctx := ta.NewUncachedContext(false, ta.Ctx().BlockHeader()) //nolint:staticcheck // SA1019: set-up writes straight to the committed store, before the next block runs
	_, err := ta.MintKeeper.CharterAToken(ctx, "kasi", "Kasi Rand", "", 0, issuer.Addr, math.NewInt(1_000))
	require.NoError(t, err)
	ta.NextBlock()
	ta.MustDeliver(issuer, &types.MsgMint{Minter: issuer.String(), Recipient: alice.String(), Amount: sdk.NewInt64Coin(kasi, 10)})

	pool := authtypes.NewModuleAddress(types.ModuleName).String()
	feeCollector := authtypes.NewModuleAddress(authtypes.FeeCollectorName).String()
	gov := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	cases := []struct {
		name   string
		signer *apptesting.Account
		msg    sdk.Msg
		expErr *errors.Error
	}{
		{"mint over the cap", issuer, &types.MsgMint{Minter: issuer.String(), Recipient: bob.String(), Amount: sdk.NewInt64Coin(kasi, 991)}, types.ErrExceedsMaxSupply},
		{"mint over the allowance", treasurer, &types.MsgMint{Minter: treasurer.String(), Recipient: bob.String(), Amount: sdk.NewInt64Coin(app.BaseDenom, allowance+1)}, types.ErrExceedsAllowance},
		{"mint by a non-issuer", alice, &types.MsgMint{Minter: alice.String(), Recipient: bob.String(), Amount: sdk.NewInt64Coin(kasi, 1)}, types.ErrNotIssuer},
		{"mint uazr by a non-treasurer", issuer, &types.MsgMint{Minter: issuer.String(), Recipient: bob.String(), Amount: sdk.NewInt64Coin(app.BaseDenom, 1)}, types.ErrNotTreasurer},
		{"mint zero", issuer, &types.MsgMint{Minter: issuer.String(), Recipient: bob.String(), Amount: sdk.NewInt64Coin(kasi, 0)}, types.ErrInvalidAmount},
		{"mint to the mint module account", issuer, &types.MsgMint{Minter: issuer.String(), Recipient: pool, Amount: sdk.NewInt64Coin(kasi, 1)}, types.ErrModuleAccountRecipient},
		{"mint to the fee collector", treasurer, &types.MsgMint{Minter: treasurer.String(), Recipient: feeCollector, Amount: sdk.NewInt64Coin(app.BaseDenom, 1)}, types.ErrModuleAccountRecipient},
		{"mint to the gov account", treasurer, &types.MsgMint{Minter: treasurer.String(), Recipient: gov, Amount: sdk.NewInt64Coin(app.BaseDenom, 1)}, types.ErrModuleAccountRecipient},
		{"mint ustake", treasurer, &types.MsgMint{Minter: treasurer.String(), Recipient: bob.String(), Amount: sdk.NewInt64Coin(app.BondDenom, 1)}, types.ErrUnsupportedDenom},
		{"mint an unknown a-Token", issuer, &types.MsgMint{Minter: issuer.String(), Recipient: bob.String(), Amount: sdk.NewInt64Coin("a/nope", 1)}, types.ErrUnknownAToken},
		{"burn zero", alice, &types.MsgBurn{Owner: alice.String(), Amount: sdk.NewInt64Coin(kasi, 0)}, types.ErrInvalidAmount},
		{"burn ustake", alice, &types.MsgBurn{Owner: alice.String(), Amount: sdk.NewInt64Coin(app.BondDenom, 1)}, types.ErrUnsupportedDenom},
		{"charter without authority", alice, &types.MsgCharterAToken{Authority: alice.String(), Symbol: "evil", Name: "Evil", Issuer: alice.String(), MaxSupply: math.NewInt(1)}, govtypes.ErrInvalidSigner},
		{"charter a reserved symbol", alice, &types.MsgCharterAToken{Authority: gov, Symbol: "stake", Name: "Stake", Issuer: alice.String(), MaxSupply: math.NewInt(1)}, types.ErrReservedSymbol},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			kasiSupply, azrSupply := supply(ta, kasi), supply(ta, app.BaseDenom)
			bobKasi := ta.Balance(bob.Addr, kasi)
			r := ta.Deliver(tc.signer, tc.msg)
			require.Equal(t, tc.expErr.Codespace(), r.Codespace, r.Log)
			require.Equal(t, tc.expErr.ABCICode(), r.Code, r.Log)
			require.Equal(t, kasiSupply, supply(ta, kasi))
			// Only the gas fee (to the fee collector) moved; supply is unchanged.
			require.Equal(t, azrSupply, supply(ta, app.BaseDenom))
			require.Equal(t, bobKasi, ta.Balance(bob.Addr, kasi))
		})
	}
	left, err := ta.MintKeeper.GetTreasurerAllowance(ta.Ctx(), treasurer.Addr)
	require.NoError(t, err)
	require.Equal(t, math.NewInt(allowance), left)

	// The chain keeps going and good txs still pass.
	ta.NextBlock()
	ta.MustDeliver(issuer, &types.MsgMint{Minter: issuer.String(), Recipient: bob.String(), Amount: sdk.NewInt64Coin(kasi, 990)})
}

// TestMintToRefusedRecipient checks the contract with the compliance layer:
// a bank send restriction that refuses a recipient (as x/aegis does for a
// frozen account) makes the mint fail, with no supply change.
func TestMintToRefusedRecipient(t *testing.T) {
	ta := setupWithTreasurer(t)
	treasurer, frozen := ta.Accounts["treasurer"], ta.Accounts["frozen"]
	errFrozen := errors.Register("minttest_aegis", 2, "account is frozen")
	ta.BankKeeper.AppendSendRestriction(func(_ context.Context, _, to sdk.AccAddress, _ sdk.Coins) (sdk.AccAddress, error) {
		if to.Equals(frozen.Addr) {
			return nil, errFrozen
		}
		return to, nil
	})

	before := supply(ta, app.BaseDenom)
	r := ta.Deliver(treasurer, &types.MsgMint{Minter: treasurer.String(), Recipient: frozen.String(), Amount: sdk.NewInt64Coin(app.BaseDenom, 5)})
	require.Equal(t, errFrozen.Codespace(), r.Codespace, r.Log)
	require.Equal(t, errFrozen.ABCICode(), r.Code, r.Log)
	require.Equal(t, before, supply(ta, app.BaseDenom))
	left, err := ta.MintKeeper.GetTreasurerAllowance(ta.Ctx(), treasurer.Addr)
	require.NoError(t, err)
	require.Equal(t, math.NewInt(allowance), left)
}

// TestExportImportPreservesMintState exports a chain with a-Tokens, caps,
// a pause and allowances, imports it into a fresh app and checks that the
// state survives and that exporting again gives the same document.
func TestExportImportPreservesMintState(t *testing.T) {
	ta := setupWithTreasurer(t)
	alice, issuer, treasurer := ta.Accounts["alice"], ta.Accounts["issuer"], ta.Accounts["treasurer"]
	ctx := ta.NewUncachedContext(false, ta.Ctx().BlockHeader()) //nolint:staticcheck // SA1019: set-up writes straight to the committed store, before the next block runs
	_, err := ta.MintKeeper.CharterAToken(ctx, "kasi", "Kasi Rand", "Kasi local currency", 0, issuer.Addr, math.NewInt(kasiCap))
	require.NoError(t, err)
	_, err = ta.MintKeeper.CharterAToken(ctx, "hours", "Labour hours", "", 2, alice.Addr, math.NewInt(500))
	require.NoError(t, err)
	require.NoError(t, ta.MintKeeper.SetATokenPaused(ctx, "hours", true))
	ta.NextBlock()
	ta.MustDeliver(issuer, &types.MsgMint{Minter: issuer.String(), Recipient: alice.String(), Amount: sdk.NewInt64Coin(kasi, 777)})
	ta.MustDeliver(treasurer, &types.MsgMint{Minter: treasurer.String(), Recipient: alice.String(), Amount: sdk.NewInt64Coin(app.BaseDenom, 1_000)})

	export1, height := ta.Export()
	want, err := ta.MintKeeper.ExportGenesis(ta.Ctx())
	require.NoError(t, err)
	require.Len(t, want.ATokens, 2)
	require.Len(t, want.Treasurers, 1)

	b := importApp(t, export1, height, ta.Val.ConsAddress())
	ctxB := b.NewContext(true)
	got, err := b.MintKeeper.ExportGenesis(ctxB)
	require.NoError(t, err)
	require.Equal(t, want, got, "tokens, caps, pause flags and allowances survive export/import")
	require.Equal(t, math.NewInt(777), b.BankKeeper.GetSupply(ctxB, kasi).Amount)

	exp2, err := b.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	var s1, s2 map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(export1, &s1))
	require.NoError(t, json.Unmarshal(exp2.AppState, &s2))
	require.JSONEq(t, string(s1[types.ModuleName]), string(s2[types.ModuleName]))
}

func setupWithTreasurer(t testing.TB) *apptesting.TestApp {
	t.Helper()
	coins := sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1_000_000_000_000))
	names := map[string]sdk.Coins{"alice": coins, "bob": coins, "issuer": coins, "treasurer": coins, "frozen": coins}
	ta := apptesting.Setup(t, apptesting.Options{
		Accounts: names,
		EditGenesis: func(a *app.App, gen app.GenesisState) {
			cdc := a.AppCodec()
			var govGen govv1.GenesisState
			cdc.MustUnmarshalJSON(gen[govtypes.ModuleName], &govGen)
			vp := time.Duration(votingSecs) * time.Second
			ep := vp / 2
			govGen.Params.VotingPeriod = &vp
			govGen.Params.MaxDepositPeriod = &vp
			govGen.Params.ExpeditedVotingPeriod = &ep
			gen[govtypes.ModuleName] = cdc.MustMarshalJSON(&govGen)

			var mintGen types.GenesisState
			cdc.MustUnmarshalJSON(gen[types.ModuleName], &mintGen)
			mintGen.Treasurers = []types.Treasurer{{Address: treasurerAddr().String(), Allowance: math.NewInt(allowance)}}
			gen[types.ModuleName] = cdc.MustMarshalJSON(&mintGen)
		},
	})
	require.Equal(t, ta.Accounts["treasurer"].Addr, treasurerAddr(), "apptesting changed how it derives account keys")
	return ta
}

// treasurerAddr is the address apptesting gives the account "treasurer"
// (its key is derived from the name), known before Setup so that genesis can
// name it.
func treasurerAddr() sdk.AccAddress {
	return sdk.AccAddress(secp256k1.GenPrivKeyFromSecret([]byte("nexus-test-account-treasurer")).PubKey().Address())
}

// passProposal submits msg in a proposal by proposer with the full deposit,
// has the validator vote yes, runs blocks past the voting period and checks
// that the proposal passed.
func passProposal(t *testing.T, ta *apptesting.TestApp, proposer *apptesting.Account, msg sdk.Msg) {
	t.Helper()
	// The validator's operator needs a little AZR for its vote's gas fee.
	op := ta.Val.Operator
	ta.MustDeliver(proposer, banktypes.NewMsgSend(proposer.Addr, op.Addr, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 10_000_000))))

	submit, err := govv1.NewMsgSubmitProposal([]sdk.Msg{msg}, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, govDeposit)),
		proposer.String(), "", "Charter", "Charter an a-Token", false)
	require.NoError(t, err)
	ta.MustDeliver(proposer, submit)
	ids, err := ta.GovKeeper.ProposalID.Peek(ta.Ctx())
	require.NoError(t, err)
	id := ids - 1

	ta.MustDeliver(op, govv1.NewMsgVote(op.Addr, id, govv1.OptionYes, ""))
	for i := 0; i <= votingSecs+1; i++ {
		ta.NextBlock()
	}
	p, err := ta.GovKeeper.Proposals.Get(ta.Ctx(), id)
	require.NoError(t, err)
	require.Equal(t, govv1.StatusPassed, p.Status, "proposal %d: %s", id, p.FailedReason)
}

func supply(ta *apptesting.TestApp, denom string) math.Int {
	return ta.BankKeeper.GetSupply(ta.Ctx(), denom).Amount
}

func hasEvent(r *abci.ExecTxResult, typ string) bool {
	for _, e := range r.Events {
		if e.Type == typ {
			return true
		}
	}
	return false
}

// importApp initialises a fresh app from an exported app state, runs and
// commits one block, and returns it.
func importApp(t *testing.T, appState json.RawMessage, height int64, proposer sdk.ConsAddress) *app.App {
	t.Helper()
	a := apptesting.NewApp(t, dbm.NewMemDB())
	gt := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	_, err := a.InitChain(&abci.RequestInitChain{
		ChainId: apptesting.ChainID, Time: gt, ConsensusParams: apptesting.ConsensusParams(),
		AppStateBytes: appState, InitialHeight: height,
	})
	require.NoError(t, err)
	_, err = a.FinalizeBlock(&abci.RequestFinalizeBlock{Height: height, Time: gt, ProposerAddress: proposer})
	require.NoError(t, err)
	_, err = a.Commit()
	require.NoError(t, err)
	return a
}
