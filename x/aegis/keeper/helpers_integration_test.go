package keeper_test

import (
	"context"
	"strings"
	"testing"
	"time"

	errorsmod "cosmossdk.io/errors"
	sdkmath "cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsign "github.com/cosmos/cosmos-sdk/x/auth/signing"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
)

const denom = app.BaseDenom

// names of the funded test accounts.
var testAccounts = []string{"alice", "bob", "carol", "dave", "officer", "attester"}

// addrOf derives a test account's address as apptesting does; setup checks
// the two agree.
func addrOf(name string) sdk.AccAddress {
	return sdk.AccAddress(secp256k1.GenPrivKeyFromSecret([]byte("nexus-test-account-" + name)).PubKey().Address())
}

// genEdit edits the aegis genesis of a test app.
type genEdit func(gs *aegistypes.GenesisState)

// frozen freezes the named accounts in genesis.
func frozen(names ...string) genEdit {
	return func(gs *aegistypes.GenesisState) {
		for _, n := range names {
			gs.Standings = append(gs.Standings, aegistypes.AccountStanding{
				Address: addrOf(n).String(), Frozen: true, FreezeReason: "test freeze", FrozenBy: addrOf("officer").String(),
			})
		}
	}
}

// verified verifies the named accounts at tier in genesis.
func verified(tier string, names ...string) genEdit {
	return func(gs *aegistypes.GenesisState) {
		addrs := make([]string, len(names))
		for i, n := range names {
			addrs[i] = addrOf(n).String()
		}
		*gs = aegistypes.VerifiedGenesis(*gs, tier, addrs...)
	}
}

// limits sets the uazr limits of the basic tier (unverified accounts).
func limits(perTx, perDay int64) genEdit {
	return func(gs *aegistypes.GenesisState) {
		for i, a := range gs.Articles {
			if v, ok := a.Rule.Kind.(*aegistypes.Rule_Velocity); ok {
				tiers := v.Velocity.Tiers
				tiers[0].Limits = []aegistypes.DenomLimit{{Denom: denom, PerTx: sdkmath.NewInt(perTx), PerDay: sdkmath.NewInt(perDay)}}
				gs.Articles[i].Rule = aegistypes.Rule{Kind: &aegistypes.Rule_Velocity{Velocity: &aegistypes.VelocityRule{Tiers: tiers}}}
			}
		}
	}
}

// disallow adds type URLs to the message-types article.
func disallow(urls ...string) genEdit {
	return func(gs *aegistypes.GenesisState) {
		for _, a := range gs.Articles {
			if r, ok := a.Rule.Kind.(*aegistypes.Rule_MessageTypes); ok {
				r.MessageTypes.DisallowedTypeUrls = append(r.MessageTypes.DisallowedTypeUrls, urls...)
			}
		}
	}
}

// pause adds modules to the paused-modules article.
func pause(modules ...string) genEdit {
	return func(gs *aegistypes.GenesisState) {
		for _, a := range gs.Articles {
			if r, ok := a.Rule.Kind.(*aegistypes.Rule_PausedModules); ok {
				r.PausedModules.Modules = append(r.PausedModules.Modules, modules...)
			}
		}
	}
}

// setup starts a test app with the test accounts (1,000,000 AZR each), the
// officer and attester roles granted, gov voting periods of a few seconds,
// and the aegis genesis edits applied.
func setup(t *testing.T, edits ...genEdit) *apptesting.TestApp {
	t.Helper()
	accounts := map[string]sdk.Coins{}
	for _, n := range testAccounts {
		accounts[n] = sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000_000_000_000))
	}
	ta := apptesting.Setup(t, apptesting.Options{
		Accounts: accounts,
		// These tests set every standing themselves: all accounts start
		// unverified (the basic tier), as on a real chain.
		Unverified: testAccounts,
		EditGenesis: func(a *app.App, gen app.GenesisState) {
			cdc := a.AppCodec()
			var gs aegistypes.GenesisState
			cdc.MustUnmarshalJSON(gen[aegistypes.ModuleName], &gs)
			gs.Roles = append(gs.Roles,
				aegistypes.RoleGrant{Role: aegistypes.Role_ROLE_OFFICER, Address: addrOf("officer").String()},
				aegistypes.RoleGrant{Role: aegistypes.Role_ROLE_ATTESTER, Address: addrOf("attester").String()},
			)
			for _, e := range edits {
				e(&gs)
			}
			gen[aegistypes.ModuleName] = cdc.MustMarshalJSON(&gs)

			var govGen govv1.GenesisState
			cdc.MustUnmarshalJSON(gen[govtypes.ModuleName], &govGen)
			voting, expedited := 4*time.Second, 2*time.Second
			govGen.Params.VotingPeriod = &voting
			govGen.Params.ExpeditedVotingPeriod = &expedited
			gen[govtypes.ModuleName] = cdc.MustMarshalJSON(&govGen)
		},
	})
	for _, n := range testAccounts {
		require.Equal(t, addrOf(n), ta.Accounts[n].Addr, "apptesting derives account %s differently", n)
	}
	return ta
}

// balances returns the committed uazr balance of each named account.
func balances(ta *apptesting.TestApp, names ...string) map[string]sdkmath.Int {
	out := map[string]sdkmath.Int{}
	for _, n := range names {
		out[n] = ta.Balance(addrOf(n), denom)
	}
	return out
}

// requireUnchanged fails unless every balance in before is unchanged.
func requireUnchanged(t *testing.T, ta *apptesting.TestApp, before map[string]sdkmath.Int) {
	t.Helper()
	for n, b := range before {
		require.Truef(t, b.Equal(ta.Balance(addrOf(n), denom)), "balance of %s changed from %s to %s", n, b, ta.Balance(addrOf(n), denom))
	}
}

// requireCode fails unless the result carries exp (codespace and code) and
// its log contains every substring.
func requireCode(t *testing.T, codespace string, code uint32, log string, exp *errorsmod.Error, substrs ...string) {
	t.Helper()
	require.Equalf(t, exp.Codespace(), codespace, "log: %s", log)
	require.Equalf(t, exp.ABCICode(), code, "log: %s", log)
	for _, s := range substrs {
		require.Containsf(t, log, s, "log does not mention %q", s)
	}
}

// requireRejected checks a tx is refused in CheckTx and again when a
// proposer puts it in a block anyway, with exp, leaving the balances of the
// named accounts unchanged.
func requireRejected(t *testing.T, ta *apptesting.TestApp, signer *apptesting.Account, exp *errorsmod.Error, substr string, msgs ...sdk.Msg) {
	t.Helper()
	before := balances(ta, testAccounts...)
	check := ta.CheckTx(signer, msgs...)
	requireCode(t, check.Codespace, check.Code, check.Log, exp, substr)
	res := ta.Deliver(signer, msgs...)
	requireCode(t, res.Codespace, res.Code, res.Log, exp, substr)
	requireUnchanged(t, ta, before)
}

// signTx signs msgs by signers (in the tx's signer order) with an optional
// fee payer and fee granter.
func signTx(t *testing.T, ta *apptesting.TestApp, feePayer, feeGranter sdk.AccAddress, signers []*apptesting.Account, msgs ...sdk.Msg) []byte {
	t.Helper()
	return signTxWithFee(t, ta, apptesting.DefaultFee(), apptesting.DefaultGas, feePayer, feeGranter, signers, msgs...)
}

// signTxWithFee is signTx with a chosen fee and gas limit.
func signTxWithFee(t *testing.T, ta *apptesting.TestApp, fee sdk.Coins, gas uint64, feePayer, feeGranter sdk.AccAddress, signers []*apptesting.Account, msgs ...sdk.Msg) []byte {
	t.Helper()
	cfg := ta.TxConfig()
	b := cfg.NewTxBuilder()
	require.NoError(t, b.SetMsgs(msgs...))
	b.SetFeeAmount(fee)
	b.SetGasLimit(gas)
	if feePayer != nil {
		b.SetFeePayer(feePayer)
	}
	if feeGranter != nil {
		b.SetFeeGranter(feeGranter)
	}
	mode := signing.SignMode_SIGN_MODE_DIRECT
	sigs := make([]signing.SignatureV2, len(signers))
	for i, s := range signers {
		sigs[i] = signing.SignatureV2{PubKey: s.Priv.PubKey(), Data: &signing.SingleSignatureData{SignMode: mode}, Sequence: s.Seq}
	}
	require.NoError(t, b.SetSignatures(sigs...))
	for i, s := range signers {
		data := authsign.SignerData{
			Address: s.Addr.String(), ChainID: apptesting.ChainID, AccountNumber: s.AccNum, Sequence: s.Seq, PubKey: s.Priv.PubKey(),
		}
		bz, err := authsign.GetSignBytesAdapter(context.Background(), cfg.SignModeHandler(), mode, data, b.GetTx())
		require.NoError(t, err)
		sig, err := s.Priv.Sign(bz)
		require.NoError(t, err)
		sigs[i].Data.(*signing.SingleSignatureData).Signature = sig
	}
	require.NoError(t, b.SetSignatures(sigs...))
	bz, err := cfg.TxEncoder()(b.GetTx())
	require.NoError(t, err)
	return bz
}

// refreshSeq re-reads the sequences of accounts from committed state.
func refreshSeq(ta *apptesting.TestApp, accs ...*apptesting.Account) {
	for _, a := range accs {
		if acc := ta.AccountKeeper.GetAccount(ta.Ctx(), a.Addr); acc != nil {
			a.Seq = acc.GetSequence()
		}
	}
}

// checkRaw runs raw tx bytes through CheckTx.
func checkRaw(t *testing.T, ta *apptesting.TestApp, bz []byte) *abci.ResponseCheckTx {
	t.Helper()
	res, err := ta.App.CheckTx(&abci.RequestCheckTx{Tx: bz, Type: abci.CheckTxType_New})
	require.NoError(t, err)
	return res
}

// coins is n uazr.
func coins(n int64) sdk.Coins { return sdk.NewCoins(sdk.NewInt64Coin(denom, n)) }

// hasEvent reports whether the tx result has an event of type typ.
func hasEvent(events []abci.Event, typ string) bool {
	for _, e := range events {
		if strings.EqualFold(e.Type, typ) {
			return true
		}
	}
	return false
}
