package keeper_test

import (
	"math/rand"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	"github.com/azora-os/nexus/x/forge/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

const denom = app.BaseDenom

// gasFee is what every tx built by apptesting pays in gas (to the fee
// collector, never charged PIVC).
var gasFee = apptesting.DefaultFee().AmountOf(denom).Int64()

// forgeApp is a real Nexus app with the forge roles granted in genesis:
// "custodian" holds the custodian role, "arbiter" the arbiter role, and
// "officer" is an x/aegis officer (freezes accounts).
type forgeApp struct {
	*apptesting.TestApp
	t                                              testing.TB
	alice, bob, carol, custodian, arbiter, officer *apptesting.Account
}

type forgeOpts struct {
	// params replaces the default forge params.
	params *types.Params
	// unverified accounts stay at aegis's basic tier.
	unverified []string
	// accounts replaces the default balances (100,000 AZR each).
	accounts map[string]sdk.Coins
}

func setupForge(t testing.TB, o forgeOpts) *forgeApp {
	t.Helper()
	accounts := o.accounts
	if accounts == nil {
		coins := sdk.NewCoins(sdk.NewInt64Coin(denom, 100_000_000_000))
		accounts = map[string]sdk.Coins{}
		for _, n := range []string{"alice", "bob", "carol", "custodian", "arbiter", "officer"} {
			accounts[n] = coins
		}
	}
	ta := apptesting.Setup(t, apptesting.Options{
		Accounts:   accounts,
		Unverified: o.unverified,
		EditGenesis: func(a *app.App, gen app.GenesisState) {
			cdc := a.AppCodec()
			addr := func(name string) string {
				return sdk.AccAddress(apptestingKey(name)).String()
			}
			var fg types.GenesisState
			cdc.MustUnmarshalJSON(gen[types.ModuleName], &fg)
			fg.Roles = append(fg.Roles,
				types.RoleGrant{Role: types.RoleCustodian, Address: addr("custodian")},
				types.RoleGrant{Role: types.RoleArbiter, Address: addr("arbiter")},
			)
			if o.params != nil {
				fg.Params = *o.params
			}
			gen[types.ModuleName] = cdc.MustMarshalJSON(&fg)

			var ag aegistypes.GenesisState
			cdc.MustUnmarshalJSON(gen[aegistypes.ModuleName], &ag)
			ag.Roles = append(ag.Roles, aegistypes.RoleGrant{Role: aegistypes.Role_ROLE_OFFICER, Address: addr("officer")})
			gen[aegistypes.ModuleName] = cdc.MustMarshalJSON(&ag)
		},
	})
	fa := &forgeApp{TestApp: ta, t: t}
	fa.alice, fa.bob, fa.carol = ta.Accounts["alice"], ta.Accounts["bob"], ta.Accounts["carol"]
	fa.custodian, fa.arbiter, fa.officer = ta.Accounts["custodian"], ta.Accounts["arbiter"], ta.Accounts["officer"]
	return fa
}

// apptestingKey derives a test account's address bytes as apptesting does.
func apptestingKey(name string) []byte {
	return secp256k1.GenPrivKeyFromSecret([]byte("nexus-test-account-" + name)).PubKey().Address()
}

// balance returns a committed uazr balance.
func (fa *forgeApp) balance(a sdk.AccAddress) int64 {
	return fa.Balance(a, denom).Int64()
}

// pools returns the committed balances of the PIVC growth and UBO pools.
func (fa *forgeApp) pools() (growth, ubo int64) {
	return fa.balance(authtypes.NewModuleAddress(pivctypes.GrowthPoolName)),
		fa.balance(authtypes.NewModuleAddress(pivctypes.UBOPoolName))
}

// escrowBalance returns the forge module account's committed uazr balance.
func (fa *forgeApp) escrowBalance() int64 {
	return fa.balance(authtypes.NewModuleAddress(types.ModuleName))
}

// requireEscrowInvariant checks, on committed state, that the escrow
// account's balance equals the sum of the open orders' escrows and the
// folded totals, and that every open order has exactly one escrow.
func (fa *forgeApp) requireEscrowInvariant() {
	fa.t.Helper()
	requireEscrowInvariant(fa.t, fa.Ctx(), fa.ForgeKeeper, fa.BankKeeper.GetAllBalances(fa.Ctx(), authtypes.NewModuleAddress(types.ModuleName)))
}

// mustOK delivers msgs signed by signer and returns the tx result.
func (fa *forgeApp) mustOK(signer *apptesting.Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	fa.t.Helper()
	return fa.MustDeliver(signer, msgs...)
}

// mustFail delivers msgs and requires the tx to fail with err's codespace
// and code; it returns the log.
func (fa *forgeApp) mustFail(want interface {
	Codespace() string
	ABCICode() uint32
}, signer *apptesting.Account, msgs ...sdk.Msg,
) string {
	fa.t.Helper()
	r := fa.Deliver(signer, msgs...)
	require.Equal(fa.t, want.Codespace(), r.Codespace, "log: %s", r.Log)
	require.Equal(fa.t, want.ABCICode(), r.Code, "log: %s", r.Log)
	return r.Log
}

// response decodes the i-th message response of a tx result.
func (fa *forgeApp) response(r *abci.ExecTxResult, i int, out proto.Message) {
	fa.t.Helper()
	var data sdk.TxMsgData
	require.NoError(fa.t, fa.AppCodec().Unmarshal(r.Data, &data))
	require.Greater(fa.t, len(data.MsgResponses), i)
	require.NoError(fa.t, fa.AppCodec().Unmarshal(data.MsgResponses[i].Value, out))
}

// hasEvent reports whether r has an event of type typ.
func hasEvent(r *abci.ExecTxResult, typ string) bool {
	for _, e := range r.Events {
		if e.Type == typ {
			return true
		}
	}
	return false
}

// eventAttr returns attribute key of the first event of type typ, unquoted.
func eventAttr(events []abci.Event, typ, key string) (string, bool) {
	for _, e := range events {
		if e.Type != typ {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				return strings.Trim(a.Value, `"`), true
			}
		}
	}
	return "", false
}

// order returns a committed order.
func (fa *forgeApp) order(id string) types.Order {
	fa.t.Helper()
	o, err := fa.ForgeKeeper.GetOrder(fa.Ctx(), id)
	require.NoError(fa.t, err)
	return o
}

// signTx signs msgs by signer with a gas limit of its own (apptesting's
// SignTx uses a fixed one), paying the minimum gas price. The caller
// advances signer.Seq.
func (fa *forgeApp) signTx(signer *apptesting.Account, gas uint64, msgs ...sdk.Msg) []byte {
	fa.t.Helper()
	fee := sdk.NewCoins(sdk.NewInt64Coin(denom, int64(gas/1000)))
	tx, err := simtestutil.GenSignedMockTx(rand.New(rand.NewSource(int64(signer.Seq))), fa.TxConfig(), msgs, fee, gas, apptesting.ChainID,
		[]uint64{signer.AccNum}, []uint64{signer.Seq}, signer.Priv)
	require.NoError(fa.t, err)
	bz, err := fa.TxConfig().TxEncoder()(tx)
	require.NoError(fa.t, err)
	return bz
}

// advance moves the block time forward by d before the next block.
func (fa *forgeApp) advance(d time.Duration) { fa.Time = fa.Time.Add(d) }

func coin(n int64) sdk.Coin { return sdk.NewInt64Coin(denom, n) }

// fee5 is the default 5% PIVC: ceil(n × 500 / 10000).
func fee5(n int64) int64 { return (n*500 + 9999) / 10000 }
