package app_test

import (
	"strconv"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
)

// shortVoting gives gov a 4 s voting period (4 blocks of apptesting).
func shortVoting(a *app.App, gen app.GenesisState) {
	var g govv1.GenesisState
	a.AppCodec().MustUnmarshalJSON(gen[govtypes.ModuleName], &g)
	voting, expedited := 4*time.Second, 2*time.Second
	g.Params.VotingPeriod, g.Params.ExpeditedVotingPeriod = &voting, &expedited
	gen[govtypes.ModuleName] = a.AppCodec().MustMarshalJSON(&g)
}

func submittedID(t *testing.T, res *abci.ExecTxResult) uint64 {
	t.Helper()
	for _, e := range res.Events {
		if e.Type != govtypes.EventTypeSubmitProposal {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == govtypes.AttributeKeyProposalID {
				id, err := strconv.ParseUint(a.Value, 10, 64)
				require.NoError(t, err)
				return id
			}
		}
	}
	t.Fatal("no proposal id in the events")
	return 0
}

// TestGovModuleAccountRefusesPlainSends: like every other module account,
// the gov account refuses bank sends (issue 14 §5): money sent there could
// only leave through a proposal spending the deposits of open proposals.
func TestGovModuleAccountRefusesPlainSends(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{})
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	gov := authtypes.NewModuleAddress(govtypes.ModuleName)
	coins := sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1000))

	for name, msg := range map[string]sdk.Msg{
		"send":       banktypes.NewMsgSend(alice.Addr, gov, coins),
		"multi-send": banktypes.NewMsgMultiSend(banktypes.NewInput(alice.Addr, coins.Add(coins...)), []banktypes.Output{banktypes.NewOutput(bob.Addr, coins), banktypes.NewOutput(gov, coins)}),
	} {
		t.Run(name, func(t *testing.T) {
			res := ta.Deliver(alice, msg)
			// Deliver keeps the sequence on sdk code 4 (a signature
			// failure); this one is the message's, so the sequence moved.
			alice.Seq = ta.AccountKeeper.GetAccount(ta.Ctx(), alice.Addr).GetSequence()
			require.Equal(t, sdkerrors.ErrUnauthorized.ABCICode(), res.Code, res.Log)
			require.Contains(t, res.Log, "not allowed to receive funds")
			require.True(t, ta.Balance(gov, app.BaseDenom).IsZero(), "gov received a plain send")
		})
	}
}

// TestGovProposalCannotSpendDeposits reproduces issue 14 §5: a passed
// proposal spending from the gov account takes the deposit of another open
// proposal, whose refund then fails in gov's EndBlock and halts the chain.
// A proposal whose messages report the movement (a bank send) is refused
// at submission; one whose message does not (x/mint's burn of the gov
// account's coins) fails when it executes, leaving the deposits whole, and
// the other proposal's refund goes through.
func TestGovProposalCannotSpendDeposits(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{EditGenesis: shortVoting})
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	gov := authtypes.NewModuleAddress(govtypes.ModuleName)
	deposit := app.DefaultGovMinDeposit
	propose := func(msgs ...sdk.Msg) *govv1.MsgSubmitProposal {
		p, err := govv1.NewMsgSubmitProposal(msgs, deposit, alice.Addr.String(), "", "t", "t", false)
		require.NoError(t, err)
		return p
	}

	// Refused at submission (CheckTx and in a block), nothing deposited.
	spend := propose(banktypes.NewMsgSend(gov, bob.Addr, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1))))
	check := ta.CheckTx(alice, spend)
	require.Equal(t, aegistypes.ErrGovFundsLocked.ABCICode(), check.Code, check.Log)
	require.Equal(t, aegistypes.ModuleName, check.Codespace)
	require.Contains(t, check.Log, "gov funds")
	res := ta.Deliver(alice, spend)
	require.Equal(t, aegistypes.ErrGovFundsLocked.ABCICode(), res.Code, res.Log)
	require.True(t, ta.Balance(gov, app.BaseDenom).IsZero())

	// The validator pays its votes' gas.
	ta.MustDeliver(alice, banktypes.NewMsgSend(alice.Addr, ta.Val.Operator.Addr, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 100_000))))

	// The floor: a burn of the gov account's coins passes the ante (x/mint's
	// MsgBurn reports no transfer) and fails when it executes.
	burn := &minttypes.MsgBurn{Owner: gov.String(), Amount: sdk.NewInt64Coin(app.BaseDenom, 1)}
	first := submittedID(t, ta.MustDeliver(alice, propose(burn)))
	second := submittedID(t, ta.MustDeliver(alice, propose(&minttypes.MsgUpdateParams{Authority: gov.String(), Params: minttypes.DefaultParams()})))
	ta.MustDeliver(ta.Val.Operator, govv1.NewMsgVote(ta.Val.Operator.Addr, first, govv1.OptionYes, ""))
	ta.MustDeliver(ta.Val.Operator, govv1.NewMsgVote(ta.Val.Operator.Addr, second, govv1.OptionYes, ""))
	aliceBefore := ta.Balance(alice.Addr, app.BaseDenom)
	for i := 0; i < 8; i++ {
		ta.NextBlock() // fails the test if a block fails
	}

	p, err := ta.GovKeeper.Proposals.Get(ta.Ctx(), first)
	require.NoError(t, err)
	require.Equal(t, govv1.StatusFailed, p.Status)
	require.Contains(t, p.FailedReason, "gov funds")
	p, err = ta.GovKeeper.Proposals.Get(ta.Ctx(), second)
	require.NoError(t, err)
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)
	// Both deposits came back in full; gov holds nothing.
	require.True(t, ta.Balance(gov, app.BaseDenom).IsZero(), "gov holds %s", ta.Balance(gov, app.BaseDenom))
	require.Equal(t, aliceBefore.Add(deposit.AmountOf(app.BaseDenom).MulRaw(2)), ta.Balance(alice.Addr, app.BaseDenom))
}
