package keeper_test

import (
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
)

const stake = app.BondDenom

// power is n units of consensus power in ustake.
func power(n int64) sdk.Coin {
	return sdk.NewCoin(stake, sdk.TokensFromConsensusPower(n, sdk.DefaultPowerReduction))
}

// valSetup starts an app with the genesis validator (admitted, power 100),
// funded and verified test accounts, bob holding 5 STAKE from genesis, and
// gov voting periods of a few seconds. The validator operator gets 10 AZR
// for fees.
func valSetup(t *testing.T) *apptesting.TestApp {
	t.Helper()
	accounts := map[string]sdk.Coins{}
	for _, n := range testAccounts {
		accounts[n] = sdk.NewCoins(sdk.NewInt64Coin(denom, 1_000_000_000_000))
	}
	accounts["bob"] = accounts["bob"].Add(power(5))
	ta := apptesting.Setup(t, apptesting.Options{
		Accounts: accounts,
		EditGenesis: func(a *app.App, gen app.GenesisState) {
			cdc := a.AppCodec()
			var gs aegistypes.GenesisState
			cdc.MustUnmarshalJSON(gen[aegistypes.ModuleName], &gs)
			gs.Roles = append(gs.Roles, aegistypes.RoleGrant{Role: aegistypes.Role_ROLE_OFFICER, Address: addrOf("officer").String()})
			gen[aegistypes.ModuleName] = cdc.MustMarshalJSON(&gs)
			setVotingPeriod(cdc, gen)
		},
	})
	ta.MustDeliver(ta.Accounts["alice"], banktypes.NewMsgSend(ta.Accounts["alice"].Addr, ta.Val.Operator.Addr, coins(10_000_000)))
	return ta
}

// setVotingPeriod makes gov voting periods a few seconds (blocks are a
// second apart).
func setVotingPeriod(cdc codec.JSONCodec, gen app.GenesisState) {
	var govGen govv1.GenesisState
	cdc.MustUnmarshalJSON(gen[govtypes.ModuleName], &govGen)
	voting, expedited := 4*time.Second, 2*time.Second
	govGen.Params.VotingPeriod = &voting
	govGen.Params.ExpeditedVotingPeriod = &expedited
	gen[govtypes.ModuleName] = cdc.MustMarshalJSON(&govGen)
}

// valoper is the operator address of an account.
func valoper(a *apptesting.Account) sdk.ValAddress { return sdk.ValAddress(a.Addr) }

// createValidator is a MsgCreateValidator of account a bonding amt.
func createValidator(t *testing.T, a *apptesting.Account, amt sdk.Coin) *stakingtypes.MsgCreateValidator {
	t.Helper()
	pk := ed25519.GenPrivKeyFromSecret([]byte("nexus-test-consensus-" + a.Name)).PubKey()
	msg, err := stakingtypes.NewMsgCreateValidator(valoper(a).String(), pk, amt,
		stakingtypes.Description{Moniker: a.Name},
		stakingtypes.NewCommissionRates(sdkmath.LegacyNewDecWithPrec(1, 1), sdkmath.LegacyNewDecWithPrec(2, 1), sdkmath.LegacyNewDecWithPrec(1, 2)),
		sdkmath.OneInt())
	require.NoError(t, err)
	return msg
}

// authority is the x/gov module account.
func authority() string { return authtypes.NewModuleAddress(govtypes.ModuleName).String() }

// propose submits a proposal of msgs by alice (with the minimum deposit)
// and returns its id.
func propose(t *testing.T, ta *apptesting.TestApp, msgs ...sdk.Msg) uint64 {
	t.Helper()
	id, err := ta.GovKeeper.ProposalID.Peek(ta.Ctx())
	require.NoError(t, err)
	sub, err := govv1.NewMsgSubmitProposal(msgs, app.DefaultGovMinDeposit, ta.Accounts["alice"].Addr.String(), "", "test", "test proposal", false)
	require.NoError(t, err)
	ta.MustDeliver(ta.Accounts["alice"], sub)
	return id
}

// vote casts voter's vote on proposal id.
func vote(t *testing.T, ta *apptesting.TestApp, voter *apptesting.Account, id uint64, opt govv1.VoteOption) {
	t.Helper()
	ta.MustDeliver(voter, govv1.NewMsgVote(voter.Addr, id, opt, ""))
}

// finish runs blocks until proposal id leaves its voting period and returns
// its final status and the response of the block that decided it.
func finish(t *testing.T, ta *apptesting.TestApp, id uint64) (govv1.ProposalStatus, *abci.ResponseFinalizeBlock) {
	t.Helper()
	for i := 0; i < 30; i++ {
		res := ta.NextBlock()
		p, err := ta.GovKeeper.Proposals.Get(ta.Ctx(), id)
		require.NoError(t, err)
		if p.Status != govv1.StatusVotingPeriod {
			return p.Status, res
		}
	}
	t.Fatalf("proposal %d still in its voting period", id)
	return 0, nil
}

// pass proposes msgs, the genesis validator votes yes, and requires the
// proposal to pass; it returns the response of the block that executed it.
func pass(t *testing.T, ta *apptesting.TestApp, msgs ...sdk.Msg) *abci.ResponseFinalizeBlock {
	t.Helper()
	id := propose(t, ta, msgs...)
	vote(t, ta, ta.Val.Operator, id, govv1.OptionYes)
	status, res := finish(t, ta, id)
	p, err := ta.GovKeeper.Proposals.Get(ta.Ctx(), id)
	require.NoError(t, err)
	require.Equalf(t, govv1.StatusPassed, status, "proposal %d: %s", id, p.FailedReason)
	return res
}

// deliverCode delivers msgs signed by signer and requires the error exp.
func deliverCode(t *testing.T, ta *apptesting.TestApp, signer *apptesting.Account, exp error, substr string, msgs ...sdk.Msg) {
	t.Helper()
	res := ta.Deliver(signer, msgs...)
	e := exp.(interface {
		Codespace() string
		ABCICode() uint32
	})
	require.Equalf(t, e.Codespace(), res.Codespace, "log: %s", res.Log)
	require.Equalf(t, e.ABCICode(), res.Code, "log: %s", res.Log)
	require.Contains(t, res.Log, substr)
}

// routerErr executes msg through the app's message router, as authz, gov
// or any module would (no ante handler), in a cached context, and returns
// the error. It tests the staking guard on its own.
func routerErr(ta *apptesting.TestApp, msg sdk.Msg) error {
	ctx, _ := ta.Ctx().CacheContext()
	h := ta.MsgServiceRouter().Handler(msg)
	if h == nil {
		return nil
	}
	_, err := h(ctx, msg)
	return err
}

func TestNonAdmittedCreateValidatorRejected(t *testing.T) {
	ta := valSetup(t)
	bob := ta.Accounts["bob"]
	msg := createValidator(t, bob, power(5))

	// Top level: refused in CheckTx and in a block, with the article.
	requireRejected(t, ta, bob, aegistypes.ErrNotAdmitted, "article 5 (validator-admission)", msg)

	// Inside an authz MsgExec (carol executes for bob): refused the same.
	exec := authz.NewMsgExec(ta.Accounts["carol"].Addr, []sdk.Msg{msg})
	requireRejected(t, ta, ta.Accounts["carol"], aegistypes.ErrNotAdmitted, "cannot create a validator", &exec)

	// Executed by any module through the router (no ante): the staking
	// guard refuses it too.
	require.ErrorIs(t, routerErr(ta, msg), aegistypes.ErrNotAdmitted)
	require.ErrorIs(t, routerErr(ta, slashingtypes.NewMsgUnjail(valoper(bob).String())), aegistypes.ErrNotAdmitted)

	// Bonding to another operator's validator, and redelegating, are refused.
	valOp := sdk.ValAddress(ta.Val.Operator.Addr)
	requireRejected(t, ta, bob, aegistypes.ErrStakeNotSelf, "another operator's validator",
		stakingtypes.NewMsgDelegate(bob.Addr.String(), valOp.String(), power(1)))
	requireRejected(t, ta, bob, aegistypes.ErrStakeNotSelf, "redelegate",
		stakingtypes.NewMsgBeginRedelegate(bob.Addr.String(), valOp.String(), valoper(bob).String(), power(1)))
	_, err := ta.StakingKeeper.GetValidator(ta.Ctx(), valoper(bob))
	require.ErrorIs(t, err, stakingtypes.ErrNoValidatorFound)
}

func TestAdmittedValidatorJoinsWithinCapAndIsRemoved(t *testing.T) {
	ta := valSetup(t)
	alice := ta.Accounts["alice"]
	op := valoper(alice)

	// Minting before admission is refused (the proposal fails to execute).
	id := propose(t, ta, &aegistypes.MsgMintStake{Authority: authority(), Operator: op.String(), Amount: power(1)})
	vote(t, ta, ta.Val.Operator, id, govv1.OptionYes)
	status, _ := finish(t, ta, id)
	require.Equal(t, govv1.StatusFailed, status)

	// The authority admits alice with max power 10 and mints her 10 STAKE.
	res := pass(t, ta,
		&aegistypes.MsgAdmitValidator{Authority: authority(), Operator: op.String(), MaxPower: 10},
		&aegistypes.MsgMintStake{Authority: authority(), Operator: op.String(), Amount: power(10)},
	)
	require.True(t, hasEvent(res.Events, "azora.aegis.v1.EventValidatorAdmitted"))
	require.True(t, hasEvent(res.Events, "azora.aegis.v1.EventStakeMinted"))
	require.Equal(t, power(10).Amount, ta.Balance(alice.Addr, stake))
	adm, ok, err := ta.AegisKeeper.GetAdmission(ta.Ctx(), op)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, uint64(10), adm.MaxPower)

	// Minting above the cap is refused.
	id = propose(t, ta, &aegistypes.MsgMintStake{Authority: authority(), Operator: op.String(), Amount: power(1)})
	vote(t, ta, ta.Val.Operator, id, govv1.OptionYes)
	status, _ = finish(t, ta, id)
	require.Equal(t, govv1.StatusFailed, status)

	// Over the cap: refused before anything moves.
	requireRejected(t, ta, alice, aegistypes.ErrPowerCapExceeded, "max power 10", createValidator(t, alice, power(11)))

	// Within the cap: the validator is created and bonded at the end of the block.
	res = ta.NextBlock(ta.SignTx(alice, apptesting.DefaultFee(), createValidator(t, alice, power(10))))
	require.Zerof(t, res.TxResults[0].Code, "log: %s", res.TxResults[0].Log)
	alice.Seq++
	require.Len(t, res.ValidatorUpdates, 1)
	require.Equal(t, int64(10), res.ValidatorUpdates[0].Power)
	val, err := ta.StakingKeeper.GetValidator(ta.Ctx(), op)
	require.NoError(t, err)
	require.True(t, val.IsBonded())
	require.True(t, ta.Balance(alice.Addr, stake).IsZero())

	// Any more is over the cap, at the top level and through the router.
	requireRejected(t, ta, alice, aegistypes.ErrPowerCapExceeded, "max power 10",
		stakingtypes.NewMsgDelegate(alice.Addr.String(), op.String(), sdk.NewInt64Coin(stake, 1)))
	require.ErrorIs(t, routerErr(ta, stakingtypes.NewMsgDelegate(alice.Addr.String(), op.String(), sdk.NewInt64Coin(stake, 1))), aegistypes.ErrPowerCapExceeded)

	// Lock-out: an officer cannot freeze an admitted operator's account.
	deliverCode(t, ta, ta.Accounts["officer"], aegistypes.ErrInvalidStanding, "votes in governance",
		&aegistypes.MsgFreezeAccount{Officer: addrOf("officer").String(), Address: alice.Addr.String(), Reason: "test"})

	// Removal: alice leaves the active set at the end of the block that
	// executes the proposal, and stays out.
	res = pass(t, ta, &aegistypes.MsgRemoveValidator{Authority: authority(), Operator: op.String(), Reason: "retired"})
	require.True(t, hasEvent(res.Events, "azora.aegis.v1.EventValidatorRemoved"))
	require.Len(t, res.ValidatorUpdates, 1)
	require.Zero(t, res.ValidatorUpdates[0].Power)
	val, err = ta.StakingKeeper.GetValidator(ta.Ctx(), op)
	require.NoError(t, err)
	require.True(t, val.IsJailed())
	require.False(t, val.IsBonded())
	ta.NextBlock()
	val, err = ta.StakingKeeper.GetValidator(ta.Ctx(), op)
	require.NoError(t, err)
	require.False(t, val.IsBonded())
	_, ok, err = ta.AegisKeeper.GetAdmission(ta.Ctx(), op)
	require.NoError(t, err)
	require.False(t, ok)

	// It cannot return: unjail and bonding are refused until re-admitted.
	requireRejected(t, ta, alice, aegistypes.ErrNotAdmitted, "cannot unjail", slashingtypes.NewMsgUnjail(op.String()))
	requireRejected(t, ta, alice, aegistypes.ErrNotAdmitted, "is not admitted",
		stakingtypes.NewMsgDelegate(alice.Addr.String(), op.String(), sdk.NewInt64Coin(stake, 1)))

	// Unbonding stays allowed.
	ta.MustDeliver(alice, stakingtypes.NewMsgUndelegate(alice.Addr.String(), op.String(), power(4)))

	// Re-admitted, it may unjail and rejoin.
	pass(t, ta, &aegistypes.MsgAdmitValidator{Authority: authority(), Operator: op.String(), MaxPower: 10})
	res = ta.NextBlock(ta.SignTx(alice, apptesting.DefaultFee(), slashingtypes.NewMsgUnjail(op.String())))
	require.Zerof(t, res.TxResults[0].Code, "log: %s", res.TxResults[0].Log)
	alice.Seq++
	require.Len(t, res.ValidatorUpdates, 1)
	require.Equal(t, int64(6), res.ValidatorUpdates[0].Power)
}

func TestStakeNotTransferable(t *testing.T) {
	ta := valSetup(t)
	bob, carol := ta.Accounts["bob"], ta.Accounts["carol"]
	before := ta.Balance(bob.Addr, stake)

	// A bank send, a multi-send and a gov deposit of ustake are refused
	// before any fee is taken.
	requireRejected(t, ta, bob, aegistypes.ErrStakeNotTransferable, "cannot move",
		banktypes.NewMsgSend(bob.Addr, carol.Addr, sdk.NewCoins(power(1))))
	requireRejected(t, ta, bob, aegistypes.ErrStakeNotTransferable, "cannot move",
		banktypes.NewMsgMultiSend(banktypes.NewInput(bob.Addr, sdk.NewCoins(power(1))), []banktypes.Output{banktypes.NewOutput(carol.Addr, sdk.NewCoins(power(1)))}))

	// The send restriction refuses it on every path that skips the ante
	// (here: a send executed straight through the router).
	require.ErrorIs(t, routerErr(ta, banktypes.NewMsgSend(bob.Addr, carol.Addr, sdk.NewCoins(power(1)))), aegistypes.ErrStakeNotTransferable)
	ctx, _ := ta.Ctx().CacheContext()
	err := ta.BankKeeper.SendCoins(ctx, bob.Addr, carol.Addr, sdk.NewCoins(power(1)))
	require.ErrorIs(t, err, aegistypes.ErrStakeNotTransferable)

	require.Equal(t, before, ta.Balance(bob.Addr, stake))
	require.True(t, ta.Balance(carol.Addr, stake).IsZero())

	// The authority burns it (bob is not admitted: a removed operator's
	// stake is retired this way).
	res := pass(t, ta, &aegistypes.MsgBurnStake{Authority: authority(), Operator: valoper(bob).String(), Amount: power(2)})
	require.True(t, hasEvent(res.Events, "azora.aegis.v1.EventStakeBurned"))
	require.Equal(t, power(3).Amount, ta.Balance(bob.Addr, stake))
}

func TestGovTallyOneAdmittedValidatorOneVote(t *testing.T) {
	ta := valSetup(t)
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	op := valoper(alice)

	// alice joins with power 10 against the genesis validator's 100.
	pass(t, ta,
		&aegistypes.MsgAdmitValidator{Authority: authority(), Operator: op.String(), MaxPower: 10},
		&aegistypes.MsgMintStake{Authority: authority(), Operator: op.String(), Amount: power(10)},
	)
	ta.MustDeliver(alice, createValidator(t, alice, power(10)))
	electorate, err := ta.AegisKeeper.Electorate(ta.Ctx())
	require.NoError(t, err)
	require.Len(t, electorate, 2)

	newParams := aegistypes.DefaultParams()
	newParams.MaxMsgDepth = 4
	param := &aegistypes.MsgUpdateParams{Authority: authority(), Params: newParams}

	// One yes (power 10) against one no (power 100): one vote each, a tie,
	// which does not pass. Bob (no validator) voting yes does not count.
	id := propose(t, ta, param)
	vote(t, ta, alice, id, govv1.OptionYes)
	vote(t, ta, ta.Val.Operator, id, govv1.OptionNo)
	vote(t, ta, bob, id, govv1.OptionYes)
	status, _ := finish(t, ta, id)
	require.Equal(t, govv1.StatusRejected, status)
	p, err := ta.GovKeeper.Proposals.Get(ta.Ctx(), id)
	require.NoError(t, err)
	require.Equal(t, "1", p.FinalTallyResult.YesCount)
	require.Equal(t, "1", p.FinalTallyResult.NoCount)

	// alice alone (power 10, a tenth of the big validator): half the
	// electorate votes (quorum), all yes: it passes.
	id = propose(t, ta, param)
	vote(t, ta, alice, id, govv1.OptionYes)
	status, _ = finish(t, ta, id)
	require.Equal(t, govv1.StatusPassed, status)
	params, err := ta.AegisKeeper.GetParams(ta.Ctx())
	require.NoError(t, err)
	require.Equal(t, uint32(4), params.MaxMsgDepth)

	// Holding stake without an admitted bonded validator gives no vote:
	// bob alone is below quorum.
	id = propose(t, ta, param)
	vote(t, ta, bob, id, govv1.OptionYes)
	status, _ = finish(t, ta, id)
	require.Equal(t, govv1.StatusRejected, status)
}
