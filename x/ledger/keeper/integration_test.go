package keeper_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	"github.com/azora-os/nexus/x/ledger/keeper"
	"github.com/azora-os/nexus/x/ledger/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// Whole-app tests: the real Nexus app on an in-memory DB, signed txs through
// FinalizeBlock. The central assertion (requireJournalExplainsBalances) is
// that the journal entries of a stretch of blocks, plus the gas fee of each
// tx (which the journal leaves out by design), explain every balance change
// of every account exactly: sender −(coins + fee), recipient +coins, the
// PIVC pools +fee.

const denom = app.BaseDenom

var gasFee = apptesting.DefaultFee().AmountOf(denom)

func coins(amt int64) sdk.Coins { return sdk.NewCoins(sdk.NewInt64Coin(denom, amt)) }

const (
	testInterval = 5
	allowance    = 1_000_000_000
)

func treasurerAddr() sdk.AccAddress {
	return sdk.AccAddress(secp256k1.GenPrivKeyFromSecret([]byte("nexus-test-account-treasurer")).PubKey().Address())
}

// setup returns an app with alice, bob, carol, dave and a treasurer, short
// gov periods and a checkpoint every testInterval blocks.
func setup(t *testing.T, edits ...func(*types.GenesisState)) *apptesting.TestApp {
	t.Helper()
	c := coins(1_000_000_000_000)
	ta := apptesting.Setup(t, apptesting.Options{
		Accounts: map[string]sdk.Coins{"alice": c, "bob": c, "carol": c, "dave": c, "treasurer": c},
		EditGenesis: func(a *app.App, gen app.GenesisState) {
			cdc := a.AppCodec()
			var g govv1.GenesisState
			cdc.MustUnmarshalJSON(gen[govtypes.ModuleName], &g)
			voting, expedited, deposit := 4*time.Second, 2*time.Second, 10*time.Second
			g.Params.VotingPeriod, g.Params.ExpeditedVotingPeriod, g.Params.MaxDepositPeriod = &voting, &expedited, &deposit
			gen[govtypes.ModuleName] = cdc.MustMarshalJSON(&g)

			var m minttypes.GenesisState
			cdc.MustUnmarshalJSON(gen[minttypes.ModuleName], &m)
			m.Treasurers = []minttypes.Treasurer{{Address: treasurerAddr().String(), Allowance: sdkmath.NewInt(allowance)}}
			gen[minttypes.ModuleName] = cdc.MustMarshalJSON(&m)

			var l types.GenesisState
			cdc.MustUnmarshalJSON(gen[types.ModuleName], &l)
			l.Params.CheckpointInterval = testInterval
			for _, e := range edits {
				e(&l)
			}
			gen[types.ModuleName] = cdc.MustMarshalJSON(&l)
		},
	})
	require.Equal(t, treasurerAddr(), ta.Accounts["treasurer"].Addr)
	return ta
}

// tracked returns every address whose balance the tests follow: the named
// accounts, the validator operator and the module accounts value moves to.
func tracked(ta *apptesting.TestApp) map[string]sdk.AccAddress {
	m := map[string]sdk.AccAddress{"validator": ta.Val.Operator.Addr}
	for name, a := range ta.Accounts {
		m[name] = a.Addr
	}
	for _, mod := range []string{pivctypes.GrowthPoolName, pivctypes.UBOPoolName, govtypes.ModuleName, minttypes.ModuleName} {
		m[mod] = authtypes.NewModuleAddress(mod)
	}
	return m
}

type balances map[string]sdkmath.Int

func snapshot(ta *apptesting.TestApp) balances {
	b := balances{}
	for name, addr := range tracked(ta) {
		b[name] = ta.Balance(addr, denom)
	}
	return b
}

func head(t *testing.T, ta *apptesting.TestApp) types.JournalHead {
	t.Helper()
	h, err := ta.LedgerKeeper.Head.Get(ta.Ctx())
	require.NoError(t, err)
	return h
}

// entriesAfter returns the entries with a sequence above seq.
func entriesAfter(t *testing.T, ta *apptesting.TestApp, seq uint64) []types.JournalEntry {
	t.Helper()
	h := head(t, ta)
	var out []types.JournalEntry
	for s := seq + 1; s <= h.LastSequence; s++ {
		e, err := ta.LedgerKeeper.Entries.Get(ta.Ctx(), s)
		require.NoError(t, err)
		out = append(out, e)
	}
	return out
}

// requireJournalExplainsBalances checks that before + the entries' effects
// − gas (per signer) = after for every tracked account (minted and burned
// amounts are given per account: they change balances without a movement).
func requireJournalExplainsBalances(t *testing.T, ta *apptesting.TestApp, before, after balances, entries []types.JournalEntry, gas map[string]int64, mintBurn map[string]int64) {
	t.Helper()
	byAddr := map[string]string{}
	for name, addr := range tracked(ta) {
		byAddr[addr.String()] = name
	}
	delta := map[string]sdkmath.Int{}
	addTo := func(name string, v sdkmath.Int) {
		if cur, ok := delta[name]; ok {
			delta[name] = cur.Add(v)
		} else {
			delta[name] = v
		}
	}
	for _, e := range entries {
		from, ok := byAddr[e.From]
		require.Truef(t, ok, "entry %d from an untracked account %s", e.Sequence, e.From)
		to, ok := byAddr[e.To]
		require.Truef(t, ok, "entry %d to an untracked account %s", e.Sequence, e.To)
		addTo(from, e.Coins.AmountOf(denom).Add(e.Fee.AmountOf(denom)).Neg())
		addTo(to, e.Coins.AmountOf(denom))
		addTo("pools", e.Fee.AmountOf(denom)) // the fee goes to the PIVC pools
	}
	for name, g := range gas {
		addTo(name, sdkmath.NewInt(-g))
	}
	for name, v := range mintBurn {
		addTo(name, sdkmath.NewInt(v))
	}
	for name, b := range before {
		if name == pivctypes.GrowthPoolName || name == pivctypes.UBOPoolName {
			continue
		}
		want := b
		if d, ok := delta[name]; ok {
			want = b.Add(d)
		}
		require.Truef(t, after[name].Equal(want), "%s: balance %s, journal says %s", name, after[name], want)
	}
	pools := func(b balances) sdkmath.Int { return b[pivctypes.GrowthPoolName].Add(b[pivctypes.UBOPoolName]) }
	wantPools := pools(before)
	for _, n := range []string{"pools", pivctypes.GrowthPoolName, pivctypes.UBOPoolName} {
		if d, ok := delta[n]; ok {
			wantPools = wantPools.Add(d)
		}
	}
	require.Truef(t, pools(after).Equal(wantPools), "pools: %s, journal says %s", pools(after), wantPools)
}

// deliverBlock signs one tx per (signer, msgs) and runs them in one block.
func deliverBlock(t *testing.T, ta *apptesting.TestApp, txs ...signed) *abci.ResponseFinalizeBlock {
	t.Helper()
	raw := make([][]byte, 0, len(txs))
	for _, tx := range txs {
		raw = append(raw, ta.SignTx(tx.signer, apptesting.DefaultFee(), tx.msgs...))
	}
	res := ta.NextBlock(raw...)
	for i, tx := range txs {
		r := res.TxResults[i]
		if tx.fail {
			require.NotZerof(t, r.Code, "tx %d should fail", i)
		} else {
			require.Zerof(t, r.Code, "tx %d: %s", i, r.Log)
		}
		tx.signer.Seq++
	}
	return res
}

type signed struct {
	signer *apptesting.Account
	msgs   []sdk.Msg
	fail   bool
}

func transfer(from, to *apptesting.Account, amt int64, ref string) *types.MsgTransfer {
	return &types.MsgTransfer{Deadline: &testDeadline, From: from.String(), To: to.String(), Amount: coins(amt), Reference: ref, Memo: "test"}
}

func TestIntegrationJournalMatchesBalancesAcrossPaths(t *testing.T) {
	ta := setup(t)
	alice, bob, carol, dave := ta.Accounts["alice"], ta.Accounts["bob"], ta.Accounts["carol"], ta.Accounts["dave"]
	start := head(t, ta)
	before := snapshot(ta)

	// One block, four txs, four paths: a bank send, a multi-send, a ledger
	// payment and a payroll batch.
	deliverBlock(t, ta,
		signed{signer: alice, msgs: []sdk.Msg{banktypes.NewMsgSend(alice.Addr, bob.Addr, coins(1000))}},
		signed{signer: bob, msgs: []sdk.Msg{banktypes.NewMsgMultiSend(banktypes.NewInput(bob.Addr, coins(60)), []banktypes.Output{
			banktypes.NewOutput(carol.Addr, coins(39)), banktypes.NewOutput(dave.Addr, coins(21)),
		})}},
		signed{signer: carol, msgs: []sdk.Msg{transfer(carol, alice, 2000, "INV-1")}},
		signed{signer: dave, msgs: []sdk.Msg{&types.MsgBatchTransfer{Deadline: &testDeadline, From: dave.String(), Reference: "PAYROLL-03", Outputs: []types.BatchOutput{
			{To: alice.String(), Amount: coins(300)}, {To: bob.String(), Amount: coins(500)},
		}}}},
	)
	// A second block: an authz-executed send and a send that is both
	// journalled and cancelled within one tx (alice → bob → alice).
	grant, err := authz.NewMsgGrant(alice.Addr, carol.Addr, banktypes.NewSendAuthorization(coins(10_000), nil), nil)
	require.NoError(t, err)
	ta.MustDeliver(alice, grant)
	exec := authz.NewMsgExec(carol.Addr, []sdk.Msg{banktypes.NewMsgSend(alice.Addr, dave.Addr, coins(700))})
	deliverBlock(t, ta, signed{signer: carol, msgs: []sdk.Msg{&exec}})

	after := snapshot(ta)
	entries := entriesAfter(t, ta, start.LastSequence)
	require.Len(t, entries, 7)

	// Order: the txs of the block in order, each output in order.
	want := []struct {
		from, to   *apptesting.Account
		amt, fee   int64
		ref, typeU string
	}{
		{alice, bob, 1000, 50, "", "/cosmos.bank.v1beta1.MsgSend"},
		{bob, carol, 39, 2, "", "/cosmos.bank.v1beta1.MsgMultiSend"},
		{bob, dave, 21, 2, "", "/cosmos.bank.v1beta1.MsgMultiSend"},
		{carol, alice, 2000, 100, "INV-1", "/azora.ledger.v1.MsgTransfer"},
		{dave, alice, 300, 15, "PAYROLL-03", "/azora.ledger.v1.MsgBatchTransfer"},
		{dave, bob, 500, 25, "PAYROLL-03", "/azora.ledger.v1.MsgBatchTransfer"},
		{alice, dave, 700, 35, "", "/cosmos.authz.v1beta1.MsgExec"},
	}
	for i, w := range want {
		e := entries[i]
		require.Equal(t, start.LastSequence+uint64(i)+1, e.Sequence)
		require.Equal(t, w.from.String(), e.From, "entry %d", i)
		require.Equal(t, w.to.String(), e.To, "entry %d", i)
		require.Equal(t, coins(w.amt), e.Coins, "entry %d", i)
		require.Equal(t, coins(w.fee), e.Fee, "entry %d", i)
		require.Equal(t, w.ref, e.Reference, "entry %d", i)
		require.Equal(t, w.typeU, e.MsgType, "entry %d", i)
	}
	gas := map[string]int64{"alice": 2 * gasFee.Int64(), "bob": gasFee.Int64(), "carol": 2 * gasFee.Int64(), "dave": gasFee.Int64()}
	requireJournalExplainsBalances(t, ta, before, after, entries, gas, nil)

	// The chain links every entry to the previous one.
	_, err = types.VerifyChain(start.LastHash, entries)
	require.NoError(t, err)
	require.Equal(t, entries[len(entries)-1].Hash, head(t, ta).LastHash)

	// Statement of alice: newest first, both directions.
	qs := queryServer(ta)
	st, err := qs.Statement(ta.Ctx(), &types.QueryStatementRequest{Address: alice.String()})
	require.NoError(t, err)
	require.Len(t, st.Lines, 4)
	require.Equal(t, types.DirectionOut, st.Lines[0].Direction)
	require.Equal(t, dave.String(), st.Lines[0].Counterparty)
	require.Equal(t, types.DirectionIn, st.Lines[1].Direction)
	require.Equal(t, "PAYROLL-03", st.Lines[1].Entry.Reference)
	require.Equal(t, types.DirectionOut, st.Lines[3].Direction)
	require.Greater(t, st.Lines[0].Entry.Sequence, st.Lines[3].Entry.Sequence)

	// By reference: the batch's two entries.
	byRef, err := qs.EntriesByReference(ta.Ctx(), &types.QueryEntriesByReferenceRequest{Sender: dave.String(), Reference: "PAYROLL-03"})
	require.NoError(t, err)
	require.Len(t, byRef.Entries, 2)
	require.True(t, byRef.Used)
}

func TestIntegrationModulePathsAndReconciliation(t *testing.T) {
	ta := setup(t)
	alice, bob, treasurer := ta.Accounts["alice"], ta.Accounts["bob"], ta.Accounts["treasurer"]
	ta.MustDeliver(alice, banktypes.NewMsgSend(alice.Addr, ta.Val.Operator.Addr, coins(100_000)))
	start := head(t, ta)
	before := snapshot(ta)
	mintAddr := authtypes.NewModuleAddress(minttypes.ModuleName)
	govAddr := authtypes.NewModuleAddress(govtypes.ModuleName)

	// Mint (module → account), burn (account → module), a gov deposit
	// (account → module) refunded at the end of a later block (module →
	// account, outside any tx), all journalled.
	ta.MustDeliver(treasurer, &minttypes.MsgMint{Minter: treasurer.String(), Recipient: bob.String(), Amount: sdk.NewInt64Coin(denom, 5000)})
	ta.MustDeliver(bob, &minttypes.MsgBurn{Owner: bob.String(), Amount: sdk.NewInt64Coin(denom, 1200)})
	// A proposal pays alice 1uazr from the growth pool (filled by the PIVC
	// of alice's payment above) when it passes, in gov's EndBlock.
	growthAddr := authtypes.NewModuleAddress(pivctypes.GrowthPoolName)
	send := &pivctypes.MsgSpendGrowth{Authority: govAddr.String(), Recipient: alice.Addr.String(), Amount: coins(1), Purpose: "grant"}
	sub, err := govv1.NewMsgSubmitProposal([]sdk.Msg{send}, app.DefaultGovMinDeposit, alice.Addr.String(), "", "t", "t", false)
	require.NoError(t, err)
	res := ta.MustDeliver(alice, sub)
	id := proposalID(t, res.Events)
	ta.MustDeliver(ta.Val.Operator, govv1.NewMsgVote(ta.Val.Operator.Addr, id, govv1.OptionYes, ""))
	for i := 0; i < 8; i++ {
		ta.NextBlock()
	}
	p, err := ta.GovKeeper.Proposals.Get(ta.Ctx(), id)
	require.NoError(t, err)
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)

	after := snapshot(ta)
	entries := entriesAfter(t, ta, start.LastSequence)
	var sawMint, sawBurn, sawDeposit, sawRefund, sawGovSend bool
	for _, e := range entries {
		switch {
		case e.From == mintAddr.String() && e.To == bob.String():
			sawMint = e.MsgType == "/azora.mint.v1.MsgMint"
		case e.From == bob.String() && e.To == mintAddr.String():
			sawBurn = e.MsgType == "/azora.mint.v1.MsgBurn" && e.Fee.IsZero()
		case e.From == alice.String() && e.To == govAddr.String():
			sawDeposit = e.MsgType == "/cosmos.gov.v1.MsgSubmitProposal"
		case e.From == growthAddr.String() && e.To == alice.String() && e.Coins.Equal(coins(1)):
			sawGovSend = e.MsgType == "" // executed in gov's EndBlock
		case e.From == govAddr.String() && e.To == alice.String():
			sawRefund = e.MsgType == ""
		}
	}
	require.True(t, sawMint && sawBurn && sawDeposit && sawRefund && sawGovSend, "mint %t burn %t deposit %t refund %t gov send %t",
		sawMint, sawBurn, sawDeposit, sawRefund, sawGovSend)
	gas := map[string]int64{"treasurer": gasFee.Int64(), "bob": gasFee.Int64(), "alice": gasFee.Int64(), "validator": gasFee.Int64()}
	requireJournalExplainsBalances(t, ta, before, after, entries, gas, map[string]int64{minttypes.ModuleName: 5000 - 1200})

	// Every checkpoint so far reconciled; none emitted a failure.
	cps := checkpoints(t, ta)
	require.NotEmpty(t, cps)
	for _, c := range cps {
		require.Truef(t, c.Reconciled, "checkpoint %d: %d mismatches", c.Height, c.Mismatches)
	}
}

func proposalID(t *testing.T, events []abci.Event) uint64 {
	t.Helper()
	for _, e := range events {
		if e.Type == govtypes.EventTypeSubmitProposal {
			for _, a := range e.Attributes {
				if a.Key == govtypes.AttributeKeyProposalID {
					var id uint64
					require.NoError(t, json.Unmarshal([]byte(a.Value), &id))
					return id
				}
			}
		}
	}
	t.Fatal("no proposal id")
	return 0
}

func queryServer(ta *apptesting.TestApp) types.QueryServer {
	return keeper.NewQueryServerImpl(ta.LedgerKeeper)
}

func checkpoints(t *testing.T, ta *apptesting.TestApp) []types.Checkpoint {
	t.Helper()
	res, err := queryServer(ta).Checkpoints(ta.Ctx(), &types.QueryCheckpointsRequest{})
	require.NoError(t, err)
	return res.Checkpoints
}

func TestIntegrationDuplicateReference(t *testing.T) {
	ta := setup(t)
	alice, bob, carol := ta.Accounts["alice"], ta.Accounts["bob"], ta.Accounts["carol"]

	ta.MustDeliver(alice, transfer(alice, bob, 1000, "ORDER-42"))
	bobBefore, aliceBefore := ta.Balance(bob.Addr, denom), ta.Balance(alice.Addr, denom)
	h := head(t, ta)

	// The client retries after a timeout: refused, nothing but gas moves.
	res := ta.Deliver(alice, transfer(alice, bob, 1000, "ORDER-42"))
	require.Equal(t, types.ModuleName, res.Codespace)
	require.Equal(t, types.ErrDuplicateReference.ABCICode(), res.Code, res.Log)
	require.Equal(t, bobBefore, ta.Balance(bob.Addr, denom))
	require.Equal(t, aliceBefore.Sub(gasFee), ta.Balance(alice.Addr, denom))
	require.Equal(t, h.LastSequence, head(t, ta).LastSequence)

	// A batch cannot reuse it either; another sender can.
	res = ta.Deliver(alice, &types.MsgBatchTransfer{Deadline: &testDeadline, From: alice.String(), Reference: "ORDER-42", Outputs: []types.BatchOutput{{To: carol.String(), Amount: coins(5)}}})
	require.Equal(t, types.ErrDuplicateReference.ABCICode(), res.Code, res.Log)
	ta.MustDeliver(carol, transfer(carol, bob, 10, "ORDER-42"))

	// Two txs with one reference in one block: the first pays, the second
	// is refused.
	aliceBefore = ta.Balance(alice.Addr, denom)
	deliverBlock(t, ta,
		signed{signer: alice, msgs: []sdk.Msg{transfer(alice, bob, 100, "ORDER-43")}},
	)
	res2 := ta.NextBlock(ta.SignTx(alice, apptesting.DefaultFee(), transfer(alice, bob, 100, "ORDER-43")))
	alice.Seq++
	require.Equal(t, types.ErrDuplicateReference.ABCICode(), res2.TxResults[0].Code)
	require.Equal(t, aliceBefore.SubRaw(105).Sub(gasFee).Sub(gasFee), ta.Balance(alice.Addr, denom))

	// Same block, two txs of alice with one reference.
	raw1 := ta.SignTx(alice, apptesting.DefaultFee(), transfer(alice, bob, 100, "ORDER-44"))
	alice.Seq++
	raw2 := ta.SignTx(alice, apptesting.DefaultFee(), transfer(alice, bob, 100, "ORDER-44"))
	alice.Seq++
	res3 := ta.NextBlock(raw1, raw2)
	require.Zero(t, res3.TxResults[0].Code, res3.TxResults[0].Log)
	require.Equal(t, types.ErrDuplicateReference.ABCICode(), res3.TxResults[1].Code)
	byRef, err := queryServer(ta).EntriesByReference(ta.Ctx(), &types.QueryEntriesByReferenceRequest{Sender: alice.String(), Reference: "ORDER-44"})
	require.NoError(t, err)
	require.Len(t, byRef.Entries, 1)
}

func TestIntegrationFailedTxLeavesNoEntries(t *testing.T) {
	ta := setup(t)
	alice, bob, carol := ta.Accounts["alice"], ta.Accounts["bob"], ta.Accounts["carol"]
	h := head(t, ta)
	before := snapshot(ta)

	// alice's tx sends, then pays a module account (refused): the whole tx
	// fails, so its first send's entry vanishes with it. bob's tx in the
	// same block goes through and gets the next sequence.
	bad := transfer(alice, bob, 10, "X-1")
	bad.To = authtypes.NewModuleAddress(govtypes.ModuleName).String()
	deliverBlock(t, ta,
		signed{signer: alice, msgs: []sdk.Msg{banktypes.NewMsgSend(alice.Addr, carol.Addr, coins(500)), bad}, fail: true},
		signed{signer: bob, msgs: []sdk.Msg{banktypes.NewMsgSend(bob.Addr, carol.Addr, coins(700))}},
	)
	entries := entriesAfter(t, ta, h.LastSequence)
	require.Len(t, entries, 1)
	require.Equal(t, bob.String(), entries[0].From)
	require.Equal(t, h.LastSequence+1, entries[0].Sequence)
	requireJournalExplainsBalances(t, ta, before, snapshot(ta), entries, map[string]int64{"alice": gasFee.Int64(), "bob": gasFee.Int64()}, nil)
	// The failed tx did not reserve its reference.
	byRef, err := queryServer(ta).EntriesByReference(ta.Ctx(), &types.QueryEntriesByReferenceRequest{Sender: alice.String(), Reference: "X-1"})
	require.NoError(t, err)
	require.False(t, byRef.Used)
}

func TestIntegrationCheckpointChainAndStoreKeys(t *testing.T) {
	ta := setup(t)
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	for i := 0; i < 2*testInterval+1; i++ {
		ta.MustDeliver(alice, banktypes.NewMsgSend(alice.Addr, bob.Addr, coins(int64(100+i))))
	}
	cps := checkpoints(t, ta)
	require.GreaterOrEqual(t, len(cps), 2)

	// Each checkpoint continues the previous one, and its entries recompute
	// its entries hash: the chain is continuous across checkpoints.
	var prev *types.Checkpoint
	for i := range cps {
		c := cps[i]
		require.Zero(t, c.Height%testInterval)
		require.True(t, c.Reconciled)
		var entries []types.JournalEntry
		for s := c.FirstSequence; s <= c.LastSequence; s++ {
			e, err := ta.LedgerKeeper.Entries.Get(ta.Ctx(), s)
			require.NoError(t, err)
			entries = append(entries, e)
		}
		require.NoError(t, c.VerifyCheckpoint(entries))
		if prev != nil {
			require.Equal(t, prev.Hash, c.PreviousHash)
			require.Equal(t, prev.EntriesHash, c.StartHash)
			require.Equal(t, prev.LastSequence+1, c.FirstSequence)
		} else {
			require.Empty(t, c.PreviousHash)
			require.Equal(t, types.GenesisHash(), c.StartHash)
		}
		require.False(t, c.Supply.IsZero())
		prev = &cps[i]
	}
	// An altered entry breaks the recomputation.
	last := cps[len(cps)-1]
	e, err := ta.LedgerKeeper.Entries.Get(ta.Ctx(), last.FirstSequence)
	require.NoError(t, err)
	e.Coins = coins(1)
	require.Error(t, last.VerifyCheckpoint([]types.JournalEntry{e}))

	// The raw store keys proofs use (client/lightproof proves them) are
	// the collections' keys: the values under them are the checkpoint and
	// the entry, byte for byte.
	for ta.LastBlockHeight()%testInterval != 0 {
		ta.NextBlock()
	}
	h := ta.LastBlockHeight()
	c, err := ta.LedgerKeeper.Checkpoints.Get(ta.Ctx(), h)
	require.NoError(t, err)
	want, err := c.Marshal()
	require.NoError(t, err)
	q, err := ta.Query(ta.Ctx().Context(), &abci.RequestQuery{Path: types.CheckpointStoreQueryPath, Data: types.CheckpointStoreKey(h), Height: h})
	require.NoError(t, err)
	require.Zero(t, q.Code, q.Log)
	require.Equal(t, want, q.Value)
	e, err = ta.LedgerKeeper.Entries.Get(ta.Ctx(), c.LastSequence)
	require.NoError(t, err)
	want, err = e.Marshal()
	require.NoError(t, err)
	q, err = ta.Query(ta.Ctx().Context(), &abci.RequestQuery{Path: types.CheckpointStoreQueryPath, Data: types.EntryStoreKey(c.LastSequence), Height: h})
	require.NoError(t, err)
	require.Zero(t, q.Code, q.Log)
	require.Equal(t, want, q.Value)
}

func TestIntegrationGenesisRoundTrip(t *testing.T) {
	ta := setup(t)
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	for i := 0; i < testInterval+2; i++ {
		ta.MustDeliver(alice, transfer(alice, bob, int64(10+i), "R-"+string(rune('a'+i))))
	}
	exported, err := ta.LedgerKeeper.ExportGenesis(ta.Ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.NotEmpty(t, exported.Entries)
	require.NotEmpty(t, exported.Checkpoints)
	require.Len(t, exported.UsedReferences, testInterval+2)

	// A new app started from it exports the same state.
	ta2 := setup(t, func(gs *types.GenesisState) { *gs = *exported })
	again, err := ta2.LedgerKeeper.ExportGenesis(ta2.Ctx())
	require.NoError(t, err)
	require.Equal(t, exported, again)

	// Indexes are rebuilt: the statement and the references answer.
	st, err := queryServer(ta2).Statement(ta2.Ctx(), &types.QueryStatementRequest{Address: bob.String()})
	require.NoError(t, err)
	require.Len(t, st.Lines, testInterval+2)
	alice2 := ta2.Accounts["alice"]
	res := ta2.Deliver(alice2, transfer(alice2, bob, 1, "R-a"))
	require.Equal(t, types.ErrDuplicateReference.ABCICode(), res.Code)
}

// TestIntegrationAegisLimitsInTheAnte: payments report their transfers to
// x/aegis, so an unverified account's per-tx limit (1,000 AZR) is checked
// in the ante — CheckTx refuses the tx before it can enter a block — for a
// single payment and for a batch whose outputs add up past it.
func TestIntegrationAegisLimitsInTheAnte(t *testing.T) {
	c := coins(10_000_000_000)
	ta := apptesting.Setup(t, apptesting.Options{
		Accounts:   map[string]sdk.Coins{"erin": c, "bob": c, "carol": c},
		Unverified: []string{"erin"},
	})
	erin, bob, carol := ta.Accounts["erin"], ta.Accounts["bob"], ta.Accounts["carol"]
	const azr = 1_000_000

	res := ta.CheckTx(erin, transfer(erin, bob, 1001*azr, "BIG-1"))
	require.Equal(t, "aegis", res.Codespace, res.Log)
	batch := &types.MsgBatchTransfer{Deadline: &testDeadline, From: erin.String(), Reference: "BIG-2", Outputs: []types.BatchOutput{
		{To: bob.String(), Amount: coins(600 * azr)}, {To: carol.String(), Amount: coins(401 * azr)},
	}}
	res = ta.CheckTx(erin, batch)
	require.Equal(t, "aegis", res.Codespace, res.Log)

	// Within the limit it pays.
	ta.MustDeliver(erin, transfer(erin, bob, 999*azr, "OK-1"))
}

// TestIntegrationPaymentNeverPaysTwice is issue 14 §3: a reference was
// refused only while its journal entries were retained; after pruning, the
// same payment (a client retrying it, re-signed) paid again. Now a payment
// carries a deadline: the reference stays reserved until the deadline has
// passed, and after it the payment is invalid. With retention far shorter
// than the deadline: a retry after pruning is refused as a duplicate;
// after the deadline it is refused as expired; nothing pays twice.
func TestIntegrationPaymentNeverPaysTwice(t *testing.T) {
	ta := setup(t, func(g *types.GenesisState) {
		g.Params.CheckpointInterval, g.Params.RetentionBlocks = 2, 4
		g.Params.MaxPaymentDeadline = time.Minute
	})
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	deadline := ta.Time.Add(30 * time.Second) // apptesting: one block per second
	pay := &types.MsgTransfer{From: alice.String(), To: bob.String(), Amount: coins(1000), Reference: "INV-77", Deadline: &deadline}

	// Bad deadlines are refused.
	tooFar := ta.Time.Add(2 * time.Minute)
	res := ta.Deliver(alice, &types.MsgTransfer{From: alice.String(), To: bob.String(), Amount: coins(1), Reference: "FAR", Deadline: &tooFar})
	require.Equal(t, types.ErrInvalidDeadline.ABCICode(), res.Code, res.Log)
	require.Contains(t, res.Log, "max_payment_deadline 1m0s")
	res = ta.Deliver(alice, &types.MsgTransfer{From: alice.String(), To: bob.String(), Amount: coins(1), Reference: "NONE"})
	require.Equal(t, types.ErrInvalidDeadline.ABCICode(), res.Code, res.Log)

	ta.MustDeliver(alice, pay)
	bobAfter := ta.Balance(bob.Addr, denom)
	// Retention prunes the payment's entry within a few blocks ...
	for i := 0; i < 8; i++ {
		ta.NextBlock()
	}
	byRef, err := queryServer(ta).EntriesByReference(ta.Ctx(), &types.QueryEntriesByReferenceRequest{Sender: alice.String(), Reference: "INV-77"})
	require.NoError(t, err)
	require.Empty(t, byRef.Entries, "the entry should be pruned by now")
	require.True(t, byRef.Used, "the reference is still reserved")
	// ... but a retry is still a duplicate.
	res = ta.Deliver(alice, pay)
	require.Equal(t, types.ErrDuplicateReference.ABCICode(), res.Code, res.Log)
	// After the deadline the payment is invalid, and the reservation goes.
	for ta.Time.Before(deadline) {
		ta.NextBlock()
	}
	res = ta.Deliver(alice, pay)
	require.Equal(t, types.ErrPaymentExpired.ABCICode(), res.Code, res.Log)
	require.Contains(t, res.Log, "deadline "+deadline.UTC().Format(time.RFC3339Nano)+" has passed")
	byRef, err = queryServer(ta).EntriesByReference(ta.Ctx(), &types.QueryEntriesByReferenceRequest{Sender: alice.String(), Reference: "INV-77"})
	require.NoError(t, err)
	require.False(t, byRef.Used, "released once the deadline passed")
	require.Equal(t, bobAfter, ta.Balance(bob.Addr, denom), "paid twice")
}
