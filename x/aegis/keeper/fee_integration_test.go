package keeper_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"

	"github.com/azora-os/nexus/app/apptesting"
	"github.com/azora-os/nexus/x/aegis/keeper"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
)

// feeTx is a tx with a chosen fee, gas limit and fee granter.
type feeTx struct {
	fee     sdk.Coins
	gas     uint64
	granter sdk.AccAddress
}

// sign signs msgs by signer with the tx's fee, gas limit and granter.
func (f feeTx) sign(t *testing.T, ta *apptesting.TestApp, signer *apptesting.Account, msgs ...sdk.Msg) []byte {
	t.Helper()
	return signTxWithFee(t, ta, f.fee, f.gas, nil, f.granter, []*apptesting.Account{signer}, msgs...)
}

// refused checks the tx is refused with exp, naming every substring, in
// CheckTx, in simulation and in a block, and that nothing was paid.
func (f feeTx) refused(t *testing.T, ta *apptesting.TestApp, signer *apptesting.Account, exp *errorsmod.Error, substrs []string, msgs ...sdk.Msg) {
	t.Helper()
	before := balances(ta, testAccounts...)
	usedBefore := used(t, ta, testAccounts...)
	bz := f.sign(t, ta, signer, msgs...)
	check := checkRaw(t, ta, bz)
	requireCode(t, check.Codespace, check.Code, check.Log, exp, substrs...)
	_, _, err := ta.Simulate(bz)
	require.ErrorIs(t, err, exp)
	res := ta.NextBlock(bz).TxResults[0]
	requireCode(t, res.Codespace, res.Code, res.Log, exp, substrs...)
	requireUnchanged(t, ta, before)
	require.Equal(t, usedBefore, used(t, ta, testAccounts...), "velocity usage changed")
}

// deliver runs the tx in a block and requires success.
func (f feeTx) deliver(t *testing.T, ta *apptesting.TestApp, signer *apptesting.Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	t.Helper()
	res := ta.NextBlock(f.sign(t, ta, signer, msgs...)).TxResults[0]
	require.Equal(t, uint32(0), res.Code, res.Log)
	refreshSeq(ta, signer)
	return res
}

// used returns what each named account sent of uazr in its rolling window.
func used(t *testing.T, ta *apptesting.TestApp, names ...string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, n := range names {
		u, err := ta.AegisKeeper.UsedToday(ta.Ctx(), addrOf(n), denom)
		require.NoError(t, err)
		out[n] = u.Int64()
	}
	return out
}

// TestFeeRule is issue 14 §1: `tx bank send alice <bob> 1uazr --fees
// 30000000000uazr --gas 200000` succeeded although alice's tier allows
// 1,000 AZR per transaction, moving 30,000 AZR to the validators outside
// PIVC, the limits and the journal. The fee rule (x/aegis params): fees in
// uazr only, a gas limit of at most max_tx_gas, a fee of at most gas limit ×
// max_gas_price, and the part above gas limit × base_gas_price counted
// against the payer's limits — for a fee paid directly, through a fee
// grant or with authz, in CheckTx, simulation and a block.
func TestFeeRule(t *testing.T) {
	// max_tx_gas below the test chain's block max gas (100,000,000), so
	// the rule, not CometBFT's bound, is what refuses.
	const maxGas = 50_000_000
	ta := setup(t, limits(1_000_000, 1_000_000), func(gs *aegistypes.GenesisState) { gs.Params.MaxTxGas = maxGas })
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	send := banktypes.NewMsgSend(alice.Addr, bob.Addr, coins(1))

	// The tx.
	feeTx{fee: coins(30_000_000_000), gas: 200_000}.refused(t, ta, alice, aegistypes.ErrFeeTooHigh,
		[]string{"fee rule (params.max_gas_price)", "fee 30000000000uazr", "gas limit 200000 × max gas price 0.01uazr = 2000uazr"}, send)
	// One uazr above the bound.
	feeTx{fee: coins(2001), gas: 200_000}.refused(t, ta, alice, aegistypes.ErrFeeTooHigh, []string{"fee 2001uazr"}, send)
	// Not uazr (alice holds none of it: the rule refuses before bank would).
	feeTx{fee: sdk.NewCoins(sdk.NewInt64Coin("a/kasi", 5)), gas: 200_000}.refused(t, ta, alice, aegistypes.ErrFeeDenom,
		[]string{"fee rule (params.fee_denom)", "fees are paid in uazr only", "5a/kasi"}, send)
	feeTx{fee: sdk.NewCoins(sdk.NewInt64Coin("uazr", 200), sdk.NewInt64Coin("ustake", 1)), gas: 200_000}.refused(t, ta, alice, aegistypes.ErrFeeDenom,
		[]string{"fees are paid in uazr only"}, send)
	// A gas limit above max_tx_gas.
	feeTx{fee: coins(1), gas: maxGas + 1}.refused(t, ta, alice, aegistypes.ErrGasLimitTooHigh,
		[]string{"fee rule (params.max_tx_gas)", "gas limit 50000001 is above max_tx_gas 50000000"}, send)

	// At the bound it passes; the part above gas × base price (2000 − 200)
	// counts against alice's limits, with the 1uazr sent.
	feeTx{fee: coins(2000), gas: 200_000}.deliver(t, ta, alice, send)
	require.Equal(t, int64(1800+1), used(t, ta, "alice")["alice"])
	// At the base price the fee is not counted.
	feeTx{fee: coins(200), gas: 200_000}.deliver(t, ta, alice, send)
	require.Equal(t, int64(1800+2), used(t, ta, "alice")["alice"])

	// The counted part of a fee and the transfers share the per-transaction
	// limit: 450,000 of fee (500,000 at 50,000,000 gas, 50,000 free)
	// + 550,001 sent > 1,000,000.
	feeTx{fee: coins(500_000), gas: maxGas}.refused(t, ta, alice, aegistypes.ErrTxLimit,
		[]string{"article 3 (velocity)", "1000001uazr in one transaction (of which 450000uazr is fee above gas limit × base gas price 0.001uazr)", "limit 1000000uazr"},
		banktypes.NewMsgSend(alice.Addr, bob.Addr, coins(550_001)))
	// ... and the daily limit: a third such fee would take alice past
	// 1,000,000 in 24 hours.
	feeTx{fee: coins(500_000), gas: maxGas}.deliver(t, ta, alice, send)
	require.Equal(t, int64(1802+450_000+1), used(t, ta, "alice")["alice"])
	feeTx{fee: coins(500_000), gas: maxGas}.deliver(t, ta, alice, send)
	feeTx{fee: coins(500_000), gas: maxGas}.refused(t, ta, alice, aegistypes.ErrDailyLimit,
		[]string{"article 3 (velocity)", "daily limit 1000000uazr"}, send)

	// Through a fee grant: the granter's funds and limits. carol grants bob
	// an allowance; bob's fee above the bound is refused and carol pays
	// nothing; within the bound carol's window counts the excess.
	carol := ta.Accounts["carol"]
	grant, err := feegrant.NewMsgGrantAllowance(&feegrant.BasicAllowance{}, carol.Addr, bob.Addr)
	require.NoError(t, err)
	ta.MustDeliver(carol, grant)
	toCarol := banktypes.NewMsgSend(bob.Addr, carol.Addr, coins(5))
	feeTx{fee: coins(30_000_000_000), gas: 200_000, granter: carol.Addr}.refused(t, ta, bob, aegistypes.ErrFeeTooHigh,
		[]string{"gas limit 200000 × max gas price 0.01uazr = 2000uazr"}, toCarol)
	carolBefore, bobUsed := ta.Balance(carol.Addr, denom), used(t, ta, "bob")["bob"]
	feeTx{fee: coins(2000), gas: 200_000, granter: carol.Addr}.deliver(t, ta, bob, toCarol)
	require.Equal(t, int64(1800), used(t, ta, "carol")["carol"], "the granter's window counts the excess")
	require.Equal(t, bobUsed+5, used(t, ta, "bob")["bob"], "bob's window counts his transfer only (PIVC is never counted)")
	require.Equal(t, carolBefore.AddRaw(5-2000), ta.Balance(carol.Addr, denom))

	// Inside authz: dave executes carol's send; the fee rule holds for the
	// MsgExec tx like any other.
	dave := ta.Accounts["dave"]
	authGrant, err := authz.NewMsgGrant(carol.Addr, dave.Addr, banktypes.NewSendAuthorization(coins(1_000), nil), nil)
	require.NoError(t, err)
	ta.MustDeliver(carol, authGrant)
	exec := authz.NewMsgExec(dave.Addr, []sdk.Msg{banktypes.NewMsgSend(carol.Addr, bob.Addr, coins(10))})
	feeTx{fee: coins(30_000_000_000), gas: 200_000}.refused(t, ta, dave, aegistypes.ErrFeeTooHigh,
		[]string{"fee 30000000000uazr"}, &exec)
	feeTx{fee: coins(2000), gas: 200_000}.deliver(t, ta, dave, &exec)

	// Simulation with an unknown gas limit (the CLI's --gas auto) is checked
	// as if it declared max_tx_gas: a fee above 50,000,000 × 0.01 is refused
	// before anything is broadcast; a normal one passes.
	_, _, err = ta.Simulate(feeTx{fee: coins(30_000_000_000)}.sign(t, ta, bob, toCarol))
	require.ErrorIs(t, err, aegistypes.ErrFeeTooHigh)
	_, _, err = ta.Simulate(feeTx{}.sign(t, ta, bob, toCarol))
	require.NoError(t, err)
}

// TestFeeRuleFollowsParams: the bound is the params' (governance changes
// it), and the query for dApps (ComplianceCheck with a fee) checks a fee
// the same way.
func TestFeeRuleFollowsParams(t *testing.T) {
	ta := setup(t)
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	send := banktypes.NewMsgSend(alice.Addr, bob.Addr, coins(1))
	anyMsg, err := codectypes.NewAnyWithValue(send)
	require.NoError(t, err)

	ctx := ta.Ctx()
	p := aegistypes.DefaultParams()
	p.MaxGasPrice = "0.05"
	require.NoError(t, ta.AegisKeeper.Params.Set(ctx, p))
	q := keeper.NewQueryServerImpl(ta.AegisKeeper)
	check := func(fee sdk.Coins, gas uint64) *aegistypes.QueryComplianceCheckResponse {
		res, err := q.ComplianceCheck(ctx, &aegistypes.QueryComplianceCheckRequest{
			Signer: alice.Addr.String(), Msgs: []*codectypes.Any{anyMsg}, Fee: fee, GasLimit: gas,
		})
		require.NoError(t, err)
		return res
	}
	require.True(t, check(coins(10_000), 200_000).Allowed, "0.05 × 200000 = 10000 is allowed")
	res := check(coins(10_001), 200_000)
	require.False(t, res.Allowed)
	require.Equal(t, aegistypes.RuleFees, res.Rule)
	require.Equal(t, aegistypes.ErrFeeTooHigh.ABCICode(), res.Code)
	require.Contains(t, res.Reason, "max gas price 0.05uazr = 10000uazr")
	// Gas limit 0 with a fee: checked as in simulation (max_tx_gas).
	require.True(t, check(coins(10_001), 0).Allowed)
	require.False(t, check(coins(5_000_001), 0).Allowed)
	// Without a fee the rule has nothing to check.
	require.True(t, check(nil, 0).Allowed)
}

// TestFeeChargeCostsNoGas: the gas a transaction uses does not depend on its
// gas price. A wallet estimates gas by simulating without a fee and pays
// more than the base price ("average" in chain.json); if counting the fee
// above gas limit × base_gas_price against the payer's window cost gas, the
// estimate would fall short and the tx would run out of gas (it did for
// CosmJS "auto" fees, a MsgCreateListing at 0.0025uazr: 57k simulated, 80k used).
func TestFeeChargeCostsNoGas(t *testing.T) {
	ta := setup(t)
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	send := banktypes.NewMsgSend(alice.Addr, bob.Addr, coins(1))
	// The first send creates alice's window; the two compared update it.
	feeTx{fee: coins(200), gas: 200_000}.deliver(t, ta, alice, send)
	atBase := feeTx{fee: coins(200), gas: 200_000}.deliver(t, ta, alice, send)
	above := feeTx{fee: coins(2000), gas: 200_000}.deliver(t, ta, alice, send)
	require.Equal(t, int64(1800+3), used(t, ta, "alice")["alice"], "the fee above the base price still counts")
	// Only the fee's own bytes differ (the tx and the balances it changes
	// are a few bytes longer: 10 gas a tx byte, 30 a written byte).
	require.InDelta(t, atBase.GasUsed, above.GasUsed, 300, "gas used at the base price and at max_gas_price")
}
