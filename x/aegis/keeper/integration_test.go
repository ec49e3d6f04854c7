package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/azora-os/nexus/app/apptesting"
	"github.com/azora-os/nexus/x/aegis/keeper"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

const standingArticle = "article 1 (standing)"

func send(from, to string, n int64) *banktypes.MsgSend {
	return banktypes.NewMsgSend(addrOf(from), addrOf(to), coins(n))
}

func exec(grantee string, msgs ...sdk.Msg) *authz.MsgExec {
	m := authz.NewMsgExec(addrOf(grantee), msgs)
	return &m
}

func grantSend(t *testing.T, ta *apptesting.TestApp, granter, grantee string) {
	t.Helper()
	g, err := authz.NewMsgGrant(addrOf(granter), addrOf(grantee), banktypes.NewSendAuthorization(coins(1_000_000_000), nil), nil)
	require.NoError(t, err)
	ta.MustDeliver(ta.Accounts[granter], g)
}

func grantGeneric(t *testing.T, ta *apptesting.TestApp, granter, grantee, typeURL string) {
	t.Helper()
	g, err := authz.NewMsgGrant(addrOf(granter), addrOf(grantee), authz.NewGenericAuthorization(typeURL), nil)
	require.NoError(t, err)
	ta.MustDeliver(ta.Accounts[granter], g)
}

func freeze(t *testing.T, ta *apptesting.TestApp, name string) {
	t.Helper()
	res := ta.MustDeliver(ta.Accounts["officer"], &aegistypes.MsgFreezeAccount{
		Officer: addrOf("officer").String(), Address: addrOf(name).String(), Reason: "suspicious activity",
	})
	require.True(t, hasEvent(res.Events, "azora.aegis.v1.EventAccountFrozen"))
}

// A frozen account can neither send nor receive through MsgSend.
func TestFrozenMsgSend(t *testing.T) {
	ta := setup(t, frozen("alice"))
	requireRejected(t, ta, ta.Accounts["alice"], aegistypes.ErrAccountFrozen, standingArticle, send("alice", "bob", 1000))
	requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrAccountFrozen, "recipient", send("bob", "alice", 1000))
	// An unfrozen account still sends.
	ta.MustDeliver(ta.Accounts["bob"], send("bob", "carol", 1000))
}

// Nor through MsgMultiSend, as the input or as any output.
func TestFrozenMultiSend(t *testing.T) {
	ta := setup(t, frozen("alice"))
	in := func(from string, n int64) banktypes.Input { return banktypes.NewInput(addrOf(from), coins(n)) }
	out := func(to string, n int64) banktypes.Output { return banktypes.NewOutput(addrOf(to), coins(n)) }

	requireRejected(t, ta, ta.Accounts["alice"], aegistypes.ErrAccountFrozen, standingArticle,
		banktypes.NewMsgMultiSend(in("alice", 300), []banktypes.Output{out("bob", 100), out("carol", 200)}))
	requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrAccountFrozen, "recipient "+addrOf("alice").String(),
		banktypes.NewMsgMultiSend(in("bob", 300), []banktypes.Output{out("carol", 100), out("alice", 200)}))
}

// authz cannot launder a frozen account's standing: not as granter, not as
// grantee, not nested in another MsgExec.
func TestFrozenThroughAuthz(t *testing.T) {
	ta := setup(t)
	grantSend(t, ta, "alice", "bob")                                      // bob may spend alice's funds
	grantSend(t, ta, "carol", "dave")                                     // dave may spend carol's funds
	grantGeneric(t, ta, "carol", "bob", sdk.MsgTypeURL(&authz.MsgExec{})) // bob may exec as carol
	grantSend(t, ta, "alice", "carol")                                    // carol may spend alice's funds

	// Controls: each path works while nobody is frozen.
	ta.MustDeliver(ta.Accounts["bob"], exec("bob", send("alice", "carol", 10)))
	ta.MustDeliver(ta.Accounts["dave"], exec("dave", send("carol", "bob", 10)))
	ta.MustDeliver(ta.Accounts["bob"], exec("bob", exec("carol", send("alice", "dave", 10))))

	freeze(t, ta, "alice")
	freeze(t, ta, "dave")

	t.Run("frozen granter", func(t *testing.T) {
		requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrAccountFrozen, "signer "+addrOf("alice").String(),
			exec("bob", send("alice", "carol", 10)))
	})
	t.Run("frozen grantee", func(t *testing.T) {
		requireRejected(t, ta, ta.Accounts["dave"], aegistypes.ErrAccountFrozen, "signer "+addrOf("dave").String(),
			exec("dave", send("carol", "bob", 10)))
	})
	t.Run("frozen recipient inside MsgExec", func(t *testing.T) {
		requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrAccountFrozen, "recipient "+addrOf("dave").String(),
			exec("bob", exec("carol", send("carol", "dave", 10))))
	})
	t.Run("MsgExec nested in MsgExec", func(t *testing.T) {
		requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrAccountFrozen, standingArticle,
			exec("bob", exec("carol", send("alice", "bob", 10))))
	})
	t.Run("frozen granter behind an allowed first message", func(t *testing.T) {
		// No early return: the second nested message is checked too.
		requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrAccountFrozen, standingArticle,
			exec("bob", exec("carol", send("carol", "bob", 10)), exec("carol", send("alice", "bob", 10))))
	})
}

// A frozen fee payer or fee granter cannot pay for anyone's transaction.
func TestFrozenFeePayerAndGranter(t *testing.T) {
	ta := setup(t)
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	grant, err := feegrant.NewMsgGrantAllowance(&feegrant.BasicAllowance{}, alice.Addr, bob.Addr)
	require.NoError(t, err)
	ta.MustDeliver(alice, grant)

	// Controls: alice pays bob's fees as fee payer and as fee granter.
	res := ta.NextBlock(signTx(t, ta, alice.Addr, nil, []*apptesting.Account{bob, alice}, send("bob", "carol", 10)))
	require.Zero(t, res.TxResults[0].Code, res.TxResults[0].Log)
	refreshSeq(ta, alice, bob)
	res = ta.NextBlock(signTx(t, ta, nil, alice.Addr, []*apptesting.Account{bob}, send("bob", "carol", 10)))
	require.Zero(t, res.TxResults[0].Code, res.TxResults[0].Log)
	refreshSeq(ta, alice, bob)

	freeze(t, ta, "alice")
	before := balances(ta, testAccounts...)

	payer := signTx(t, ta, alice.Addr, nil, []*apptesting.Account{bob, alice}, send("bob", "carol", 10))
	c := checkRaw(t, ta, payer)
	requireCode(t, c.Codespace, c.Code, c.Log, aegistypes.ErrAccountFrozen, standingArticle)
	r := ta.NextBlock(payer).TxResults[0]
	requireCode(t, r.Codespace, r.Code, r.Log, aegistypes.ErrAccountFrozen, standingArticle)

	granter := signTx(t, ta, nil, alice.Addr, []*apptesting.Account{bob}, send("bob", "carol", 10))
	c = checkRaw(t, ta, granter)
	requireCode(t, c.Codespace, c.Code, c.Log, aegistypes.ErrAccountFrozen, "fee granter "+alice.Addr.String())
	r = ta.NextBlock(granter).TxResults[0]
	requireCode(t, r.Codespace, r.Code, r.Log, aegistypes.ErrAccountFrozen, "fee granter")

	requireUnchanged(t, ta, before)
}

// proposal submits a gov proposal by bob with msgs and returns its id.
func proposal(t *testing.T, ta *apptesting.TestApp, msgs ...sdk.Msg) uint64 {
	t.Helper()
	params, err := ta.GovKeeper.Params.Get(ta.Ctx())
	require.NoError(t, err)
	msg, err := govv1.NewMsgSubmitProposal(msgs, params.MinDeposit, addrOf("bob").String(), "", "aegis test", "aegis test", false)
	require.NoError(t, err)
	id, err := ta.GovKeeper.ProposalID.Peek(ta.Ctx())
	require.NoError(t, err)
	ta.MustDeliver(ta.Accounts["bob"], msg)
	return id
}

// passProposal has the validator vote yes and runs blocks until the voting
// period is over; it returns the proposal after tallying.
func passProposal(t *testing.T, ta *apptesting.TestApp, id uint64) govv1.Proposal {
	t.Helper()
	op := ta.Val.Operator
	if ta.Balance(op.Addr, denom).IsZero() {
		ta.MustDeliver(ta.Accounts["carol"], banktypes.NewMsgSend(addrOf("carol"), op.Addr, coins(1_000_000)))
	}
	ta.MustDeliver(op, govv1.NewMsgVote(op.Addr, id, govv1.OptionYes, ""))
	for i := 0; i < 10; i++ {
		ta.NextBlock()
		p, err := ta.GovKeeper.Proposals.Get(ta.Ctx(), id)
		require.NoError(t, err)
		if p.Status != govv1.StatusVotingPeriod {
			return p
		}
	}
	t.Fatalf("proposal %d still in voting period", id)
	return govv1.Proposal{}
}

// A gov proposal cannot pay a frozen account: refused at submission if the
// account is frozen already, and at execution if it was frozen meanwhile.
// The authority pays from the pivc growth pool (MsgSpendGrowth).
func TestGovProposalCannotPayFrozenAccount(t *testing.T) {
	ta := setup(t)
	gov := authtypes.NewModuleAddress(govtypes.ModuleName)
	growth := authtypes.NewModuleAddress(pivctypes.GrowthPoolName)
	// carol's payment fills the growth pool with 3% of it (PIVC 5%, 60% growth).
	ta.MustDeliver(ta.Accounts["carol"], banktypes.NewMsgSend(addrOf("carol"), addrOf("bob"), coins(100_000_000)))
	pay := &pivctypes.MsgSpendGrowth{Authority: gov.String(), Recipient: addrOf("alice").String(), Amount: coins(1_000_000), Purpose: "grant"}

	id := proposal(t, ta, pay)
	freeze(t, ta, "alice")
	before := balances(ta, "alice")
	growthBefore := ta.Balance(growth, denom)

	p := passProposal(t, ta, id)
	require.Equal(t, govv1.StatusFailed, p.Status)
	require.Contains(t, p.FailedReason, standingArticle)
	requireUnchanged(t, ta, before)
	require.True(t, ta.Balance(growth, denom).GTE(growthBefore), "growth pool paid out")
	params, err := ta.GovKeeper.Params.Get(ta.Ctx())
	require.NoError(t, err)

	// Submitting the same proposal now is refused before it reaches a block.
	submit, err := govv1.NewMsgSubmitProposal([]sdk.Msg{pay}, params.MinDeposit, addrOf("bob").String(), "", "t", "t", false)
	require.NoError(t, err)
	requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrAccountFrozen, "recipient "+addrOf("alice").String(), submit)
}

// A module returning a frozen account's own funds at the end of a block (a
// gov deposit refund) does not halt the chain: the funds stay frozen in it.
func TestFrozenDepositorRefundDoesNotHaltChain(t *testing.T) {
	ta := setup(t)
	id := proposal(t, ta, &aegistypes.MsgUpdateParams{
		Authority: authtypes.NewModuleAddress(govtypes.ModuleName).String(), Params: aegistypes.DefaultParams(),
	})
	freeze(t, ta, "bob")
	before := ta.Balance(addrOf("bob"), denom)
	p := passProposal(t, ta, id) // fails the test if a block fails
	require.Equal(t, govv1.StatusPassed, p.Status)
	params, err := ta.GovKeeper.Params.Get(ta.Ctx())
	require.NoError(t, err)
	require.True(t, ta.Balance(addrOf("bob"), denom).Equal(before.Add(params.MinDeposit[0].Amount)), "deposit not refunded")
	// bob still cannot move it.
	requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrAccountFrozen, standingArticle, send("bob", "carol", 1))
}

// A disallowed message type is refused on its own, inside MsgExec and inside
// a gov proposal; a paused module likewise.
func TestDisallowedAndPausedTypes(t *testing.T) {
	fund := distrtypes.NewMsgFundCommunityPool(coins(1000), addrOf("alice").String())
	fundURL := sdk.MsgTypeURL(fund)

	t.Run("disallowed", func(t *testing.T) {
		ta := setup(t, disallow(fundURL))
		grantGeneric(t, ta, "alice", "bob", fundURL)
		requireRejected(t, ta, ta.Accounts["alice"], aegistypes.ErrMsgDisallowed, "article 2 (message-types)", fund)
		requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrMsgDisallowed, fundURL, exec("bob", fund))
		requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrMsgDisallowed, fundURL, exec("bob", exec("bob", fund)))

		params, err := ta.GovKeeper.Params.Get(ta.Ctx())
		require.NoError(t, err)
		gov := authtypes.NewModuleAddress(govtypes.ModuleName).String()
		submit, err := govv1.NewMsgSubmitProposal([]sdk.Msg{distrtypes.NewMsgFundCommunityPool(coins(1), gov)},
			params.MinDeposit, addrOf("bob").String(), "", "t", "t", false)
		require.NoError(t, err)
		requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrMsgDisallowed, "article 2 (message-types)", submit)

		// Any module executing the message through the router meets the guard.
		ctx, _ := ta.Ctx().CacheContext()
		_, err = ta.MsgServiceRouter().Handler(fund)(ctx, fund)
		require.ErrorIs(t, err, aegistypes.ErrMsgDisallowed)
	})

	t.Run("paused", func(t *testing.T) {
		ta := setup(t, pause("cosmos.distribution"))
		requireRejected(t, ta, ta.Accounts["alice"], aegistypes.ErrModulePaused, "article 4 (paused-modules)", fund)
		requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrModulePaused, "cosmos.distribution", exec("bob", fund))
	})
}

// The router guard refuses a disallowed type when gov executes it, even if
// it was allowed when the proposal was submitted: the proposal's first
// message disallows the second.
func TestRouterGuardInsideGovExecution(t *testing.T) {
	ta := setup(t)
	gov := authtypes.NewModuleAddress(govtypes.ModuleName)
	ta.MustDeliver(ta.Accounts["carol"], banktypes.NewMsgSend(addrOf("carol"), addrOf("bob"), coins(100_000_000)))
	fund := &pivctypes.MsgSpendGrowth{Authority: gov.String(), Recipient: addrOf("carol").String(), Amount: coins(1000), Purpose: "grant"}

	article, err := ta.AegisKeeper.GetArticle(ta.Ctx(), aegistypes.ArticleMessageTypes)
	require.NoError(t, err)
	rule := article.Rule.GetMessageTypes()
	amend := &aegistypes.MsgAmendArticle{
		Authority: gov.String(), Id: article.Id, Title: article.Title, Text: article.Text, Enabled: true,
		Rule: aegistypes.Rule{Kind: &aegistypes.Rule_MessageTypes{MessageTypes: &aegistypes.MessageTypesRule{
			DisallowedTypeUrls: append(append([]string{}, rule.DisallowedTypeUrls...), sdk.MsgTypeURL(fund)),
		}}},
	}
	id := proposal(t, ta, amend, fund)
	p := passProposal(t, ta, id)
	require.Equal(t, govv1.StatusFailed, p.Status)
	require.Contains(t, p.FailedReason, "article 2 (message-types)")

	// The guard on its own.
	ok, err := ta.AegisKeeper.RouterGuard().IsAllowed(ta.Ctx(), aegistypes.DefaultDisallowedTypeURLs[0])
	require.False(t, ok)
	require.ErrorIs(t, err, aegistypes.ErrMsgDisallowed)
	ok, err = ta.AegisKeeper.RouterGuard().IsAllowed(ta.Ctx(), sdk.MsgTypeURL(&banktypes.MsgSend{}))
	require.True(t, ok)
	require.NoError(t, err)
}

// Messages nested deeper than params.max_msg_depth are refused.
func TestNestingDepth(t *testing.T) {
	ta := setup(t)
	var m sdk.Msg = send("alice", "bob", 1)
	for i := 0; i < aegistypes.DefaultMsgDepth-1; i++ {
		m = exec("bob", m)
	}
	// Five levels pass the constitution (authz refuses it later: no grant).
	c := ta.CheckTx(ta.Accounts["bob"], m)
	require.Zero(t, c.Code, c.Log)
	ta.NextBlock() // drop the check state the passing CheckTx left behind
	requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrMsgTooDeep, "nesting", exec("bob", m))
}

// Per-transaction limits hold for the sum over every transfer of a tx: split
// across messages, across MultiSend outputs, or inside MsgExec.
func TestPerTxLimitSummedAcrossTransfers(t *testing.T) {
	ta := setup(t, limits(1000, 2500))
	grantSend(t, ta, "alice", "bob")

	const velocity = "article 3 (velocity)"
	requireRejected(t, ta, ta.Accounts["alice"], aegistypes.ErrTxLimit, velocity, send("alice", "bob", 1001))
	requireRejected(t, ta, ta.Accounts["alice"], aegistypes.ErrTxLimit, velocity, send("alice", "bob", 600), send("alice", "carol", 600))
	requireRejected(t, ta, ta.Accounts["alice"], aegistypes.ErrTxLimit, velocity,
		banktypes.NewMsgMultiSend(banktypes.NewInput(addrOf("alice"), coins(1200)), []banktypes.Output{
			banktypes.NewOutput(addrOf("bob"), coins(400)), banktypes.NewOutput(addrOf("carol"), coins(400)), banktypes.NewOutput(addrOf("dave"), coins(400)),
		}))
	requireRejected(t, ta, ta.Accounts["bob"], aegistypes.ErrTxLimit, addrOf("alice").String(),
		exec("bob", send("alice", "carol", 600)), send("bob", "carol", 10), exec("bob", send("alice", "dave", 600)))

	// Within the limit it passes, and gas fees are not counted.
	ta.MustDeliver(ta.Accounts["alice"], send("alice", "bob", 500), send("alice", "carol", 500))
}

// The rolling 24-hour limit counts what was sent in earlier blocks and
// frees up once the window has passed; a verified tier gets its own limits.
func TestDailyLimit(t *testing.T) {
	ta := setup(t, limits(1000, 2500), verified(aegistypes.TierInstitutional, "carol"))
	q := keeper.NewQueryServerImpl(ta.AegisKeeper)
	alice := ta.Accounts["alice"]

	ta.MustDeliver(alice, send("alice", "bob", 900))
	ta.MustDeliver(alice, send("alice", "bob", 900))
	res, err := q.RemainingAllowance(ta.Ctx(), &aegistypes.QueryRemainingAllowanceRequest{Address: alice.Addr.String(), Denom: denom})
	require.NoError(t, err)
	require.True(t, res.Limited)
	require.Equal(t, "1800", res.Used.String())
	require.Equal(t, "700", res.Remaining.String())
	require.Equal(t, "700", res.MaxNextTx.String())

	requireRejected(t, ta, alice, aegistypes.ErrDailyLimit, "article 3 (velocity)", send("alice", "bob", 900))
	ta.MustDeliver(alice, send("alice", "bob", 700))

	ta.Time = ta.Time.Add(25 * time.Hour)
	ta.MustDeliver(alice, send("alice", "bob", 900))

	// carol is verified at an unlimited tier.
	ta.MustDeliver(ta.Accounts["carol"], send("carol", "bob", 1_000_000))
	res, err = q.RemainingAllowance(ta.Ctx(), &aegistypes.QueryRemainingAllowanceRequest{Address: addrOf("carol").String(), Denom: denom})
	require.NoError(t, err)
	require.False(t, res.Limited)
	require.Equal(t, aegistypes.TierInstitutional, res.Tier)
}

// Officers and attesters act through transactions; the standing query and
// the eligibility follow.
func TestStandingLifecycle(t *testing.T) {
	ta := setup(t)
	q := keeper.NewQueryServerImpl(ta.AegisKeeper)
	alice := addrOf("alice").String()

	res := ta.MustDeliver(ta.Accounts["attester"], &aegistypes.MsgVerifyAccount{
		Attester: addrOf("attester").String(), Address: alice, Tier: aegistypes.TierStandard, AttestationRef: "case-42",
	})
	require.True(t, hasEvent(res.Events, "azora.aegis.v1.EventAccountVerified"))
	st, err := q.Standing(ta.Ctx(), &aegistypes.QueryStandingRequest{Address: alice})
	require.NoError(t, err)
	require.Equal(t, aegistypes.Standing_STANDING_VERIFIED, st.Standing)
	require.True(t, st.Eligible)

	freeze(t, ta, "alice")
	st, err = q.Standing(ta.Ctx(), &aegistypes.QueryStandingRequest{Address: alice})
	require.NoError(t, err)
	require.Equal(t, aegistypes.Standing_STANDING_FROZEN, st.Standing)
	require.False(t, st.Eligible)
	require.Equal(t, "suspicious activity", st.Record.FreezeReason)

	// A non-officer cannot unfreeze; the officer can.
	r := ta.Deliver(ta.Accounts["bob"], &aegistypes.MsgUnfreezeAccount{Officer: addrOf("bob").String(), Address: alice, Reason: "x"})
	requireCode(t, r.Codespace, r.Code, r.Log, aegistypes.ErrMissingRole, "is not an officer")
	ta.MustDeliver(ta.Accounts["officer"], &aegistypes.MsgUnfreezeAccount{Officer: addrOf("officer").String(), Address: alice, Reason: "cleared"})
	st, err = q.Standing(ta.Ctx(), &aegistypes.QueryStandingRequest{Address: alice})
	require.NoError(t, err)
	require.Equal(t, aegistypes.Standing_STANDING_VERIFIED, st.Standing)
	require.Equal(t, aegistypes.TierStandard, st.Record.Tier)
	ta.MustDeliver(ta.Accounts["alice"], send("alice", "bob", 1000))

	// The officer cannot freeze the authority.
	r = ta.Deliver(ta.Accounts["officer"], &aegistypes.MsgFreezeAccount{
		Officer: addrOf("officer").String(), Address: authtypes.NewModuleAddress(govtypes.ModuleName).String(), Reason: "x",
	})
	requireCode(t, r.Codespace, r.Code, r.Log, aegistypes.ErrInvalidStanding, "authority")
}

// ComplianceCheck answers as the ante decorator would, without executing.
func TestComplianceCheckQuery(t *testing.T) {
	ta := setup(t, frozen("dave"), limits(1000, 2500))
	q := keeper.NewQueryServerImpl(ta.AegisKeeper)
	check := func(signer string, msgs ...sdk.Msg) *aegistypes.QueryComplianceCheckResponse {
		t.Helper()
		anys := make([]*codectypes.Any, len(msgs))
		for i, m := range msgs {
			a, err := codectypes.NewAnyWithValue(m)
			require.NoError(t, err)
			anys[i] = a
		}
		res, err := q.ComplianceCheck(ta.Ctx(), &aegistypes.QueryComplianceCheckRequest{Signer: addrOf(signer).String(), Msgs: anys})
		require.NoError(t, err)
		return res
	}
	before := balances(ta, testAccounts...)

	ok := check("alice", send("alice", "bob", 10))
	require.True(t, ok.Allowed)

	frozenRes := check("alice", send("alice", "dave", 10))
	require.False(t, frozenRes.Allowed)
	require.Equal(t, aegistypes.ArticleStanding, frozenRes.ArticleId)
	require.Equal(t, aegistypes.RuleStanding, frozenRes.Rule)
	require.Equal(t, aegistypes.ErrAccountFrozen.ABCICode(), frozenRes.Code)
	require.Equal(t, aegistypes.ModuleName, frozenRes.Codespace)

	limit := check("alice", send("alice", "bob", 600), send("alice", "carol", 600))
	require.Equal(t, aegistypes.ArticleVelocity, limit.ArticleId)
	require.Equal(t, aegistypes.ErrTxLimit.ABCICode(), limit.Code)

	vesting := check("bob", exec("bob", send("alice", "bob", 1)), exec("bob", exec("bob", exec("bob", exec("bob", exec("bob", send("bob", "alice", 1)))))))
	require.Equal(t, aegistypes.RuleNesting, vesting.Rule)
	require.Equal(t, aegistypes.ErrMsgTooDeep.ABCICode(), vesting.Code)

	requireUnchanged(t, ta, before)
}

// TestGasOverhead measures what the constitution adds to a plain send (ante
// check, router guard and send restriction), against a chain whose
// constitution is empty.
func TestGasOverhead(t *testing.T) {
	gasOf := func(ta *apptesting.TestApp) int64 {
		ta.MustDeliver(ta.Accounts["alice"], send("alice", "bob", 1000)) // warm the accounts
		return ta.MustDeliver(ta.Accounts["alice"], send("alice", "bob", 1000)).GasUsed
	}
	with := gasOf(setup(t))
	without := gasOf(setup(t, func(gs *aegistypes.GenesisState) { gs.Articles = nil }))
	t.Logf("MsgSend gas: %d with the default constitution, %d with none (+%d, +%.1f%%)",
		with, without, with-without, 100*float64(with-without)/float64(without))
	require.Less(t, with-without, without/3, "the constitution should add well under a third to a send")
}
