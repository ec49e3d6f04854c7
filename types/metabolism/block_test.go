package metabolism_test

import (
	"strconv"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/types/metabolism"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

const (
	msgSend      = "/cosmos.bank.v1beta1.MsgSend"
	msgMultiSend = "/cosmos.bank.v1beta1.MsgMultiSend"
	msgExec      = "/cosmos.authz.v1beta1.MsgExec"
)

var (
	alice = sdk.AccAddress("alice_______________").String()
	bob   = sdk.AccAddress("bob_________________").String()
	carol = sdk.AccAddress("carol_______________").String()

	feeCollector = authtypes.NewModuleAddress(metabolism.FeeCollectorName).String()
	growth       = authtypes.NewModuleAddress(pivctypes.GrowthPoolName).String()
	ubo          = authtypes.NewModuleAddress(pivctypes.UBOPoolName).String()
	forge        = authtypes.NewModuleAddress(forgetypes.ModuleName).String()
	mint         = authtypes.NewModuleAddress(minttypes.ModuleName).String()
	bonded       = authtypes.NewModuleAddress("bonded_tokens_pool").String()
	notBonded    = authtypes.NewModuleAddress("not_bonded_tokens_pool").String()

	accounts = metabolism.NewAccounts(map[string]string{
		feeCollector: metabolism.FeeCollectorName, growth: pivctypes.GrowthPoolName, ubo: pivctypes.UBOPoolName,
		forge: forgetypes.ModuleName, mint: minttypes.ModuleName,
		bonded: "bonded_tokens_pool", notBonded: "not_bonded_tokens_pool",
	})
)

// ev builds an event, as the baseapp marks it: msgIndex < 0 leaves msg_index
// out (ante events, block events).
func ev(typ string, msgIndex int, kv ...string) abci.Event {
	e := abci.Event{Type: typ}
	for i := 0; i+1 < len(kv); i += 2 {
		e.Attributes = append(e.Attributes, abci.EventAttribute{Key: kv[i], Value: kv[i+1]})
	}
	if msgIndex >= 0 {
		e.Attributes = append(e.Attributes, abci.EventAttribute{Key: "msg_index", Value: strconv.Itoa(msgIndex)})
	}
	return e
}

func transfer(msgIndex int, from, to, amount string) abci.Event {
	return ev("transfer", msgIndex, "recipient", to, "sender", from, "amount", amount)
}

func action(msgIndex int, typeURL string) abci.Event {
	return ev("message", msgIndex, "action", typeURL, "sender", alice, "module", "bank")
}

func typed(t *testing.T, msgIndex int, msg proto.Message) abci.Event {
	t.Helper()
	e, err := sdk.TypedEventToEvent(msg)
	require.NoError(t, err)
	if msgIndex >= 0 {
		e.Attributes = append(e.Attributes, abci.EventAttribute{Key: "msg_index", Value: strconv.Itoa(msgIndex)})
	}
	return abci.Event(e)
}

func coins(s string) sdk.Coins {
	c, err := sdk.ParseCoinsNormalized(s)
	if err != nil {
		panic(err)
	}
	return c
}

// charged is the events of one charged transfer as bank and x/pivc emit
// them: the fee to the two pools (virtual sends), the capture, the transfer.
func charged(t *testing.T, msgIndex int, from, to, amount, fee, toGrowth, toUBO string) []abci.Event {
	t.Helper()
	fromAcc, _ := sdk.AccAddressFromBech32(from)
	toAcc, _ := sdk.AccAddressFromBech32(to)
	return []abci.Event{
		transfer(msgIndex, from, growth, toGrowth),
		transfer(msgIndex, from, ubo, toUBO),
		typed(t, msgIndex, pivctypes.NewEventFeeCaptured(fromAcc, toAcc, "transfer", coins(amount), coins(fee), coins(toGrowth), coins(toUBO))),
		transfer(msgIndex, from, to, amount),
	}
}

func gasFee(from string) abci.Event { return transfer(-1, from, feeCollector, "2000uazr") }

func TestFromResultsTransfersAndPIVC(t *testing.T) {
	// Arrange: a MsgSend; a multi-send with two outputs; an authz-executed
	// send; a failed tx refused by the constitution; each paying gas.
	send := append([]abci.Event{gasFee(alice), action(0, msgSend)}, charged(t, 0, alice, bob, "1000000uazr", "50000uazr", "30000uazr", "20000uazr")...)
	multi := append([]abci.Event{gasFee(alice), action(0, msgMultiSend)}, charged(t, 0, alice, bob, "400000uazr", "20000uazr", "12000uazr", "8000uazr")...)
	multi = append(multi, charged(t, 0, alice, carol, "400000uazr", "20000uazr", "12000uazr", "8000uazr")...)
	// MsgExec: the nested send's events carry the outer message's index.
	exec := append([]abci.Event{gasFee(bob), action(0, msgExec), action(0, msgSend)}, charged(t, 0, alice, carol, "100a/kasi", "5a/kasi", "3a/kasi", "2a/kasi")...)
	failed := &abci.ExecTxResult{
		Code: 11, Codespace: "aegis",
		Log:    "aegis: article 1 (standing): azora1... is frozen (court order 7): account frozen",
		Events: []abci.Event{gasFee(carol), transfer(0, carol, bob, "999uazr")},
	}
	txs := []*abci.ExecTxResult{{Events: send}, {Events: multi}, {Events: exec}, failed}

	// Act
	b := metabolism.FromResults(7, txs, nil, accounts)

	// Assert: gas fees and fee moves are not flows; every transfer is, under
	// its message type; the failed tx counts only as a refusal.
	require.Equal(t, int64(7), b.Height)
	require.Equal(t, uint64(4), b.Txs)
	require.Equal(t, uint64(1), b.FailedTxs)
	require.Len(t, b.Flows, 3)
	requireFlow(t, b, metabolism.FlowKey{Denom: "uazr", MsgType: msgSend, Kind: metabolism.KindTransfer}, 1_000_000, 1)
	requireFlow(t, b, metabolism.FlowKey{Denom: "uazr", MsgType: msgMultiSend, Kind: metabolism.KindTransfer}, 800_000, 2)
	requireFlow(t, b, metabolism.FlowKey{Denom: "a/kasi", MsgType: msgExec, Kind: metabolism.KindTransfer}, 100, 1)

	require.Equal(t, int64(90_000), b.Captured[metabolism.PIVCKey{Denom: "uazr", Source: "transfer"}].Int64())
	require.Equal(t, int64(54_000), b.ToGrowth["uazr"].Int64())
	require.Equal(t, int64(36_000), b.ToUBO["uazr"].Int64())
	require.Equal(t, int64(5), b.Captured[metabolism.PIVCKey{Denom: "a/kasi", Source: "transfer"}].Int64())

	require.Len(t, b.Corridors, 3)
	require.Equal(t, int64(1_400_000), b.Corridors[metabolism.CorridorKey{From: alice, To: bob, Denom: "uazr"}].Amount.Int64())
	require.Equal(t, uint64(2), b.Corridors[metabolism.CorridorKey{From: alice, To: bob, Denom: "uazr"}].Count)

	require.Equal(t, map[metabolism.RefusalKey]uint64{{Article: "1", Rule: "standing", Source: metabolism.RefusalTx}: 1}, b.Refusals)
}

func requireFlow(t *testing.T, b *metabolism.Block, k metabolism.FlowKey, amount int64, count uint64) {
	t.Helper()
	f, ok := b.Flows[k]
	require.True(t, ok, "no flow %+v in %v", k, b.Flows)
	require.Equal(t, amount, f.Amount.Int64(), "%+v", k)
	require.Equal(t, count, f.Count, "%+v", k)
}

func TestFromResultsModulesAndBlockEvents(t *testing.T) {
	aliceAcc, _ := sdk.AccAddressFromBech32(alice)
	bobAcc, _ := sdk.AccAddressFromBech32(bob)
	// A mint (mint → alice), a forge order (alice → escrow), a settlement
	// paid out of escrow with the PIVC captured from it, a UBO claim.
	mintTx := []abci.Event{
		action(0, "/azora.mint.v1.MsgMint"),
		transfer(0, mint, alice, "5000000a/kasi"),
		typed(t, 0, &minttypes.EventMinted{Minter: bob, Recipient: alice, Amount: sdk.NewInt64Coin("a/kasi", 5_000_000), Supply: sdk.NewInt64Coin("a/kasi", 5_000_000)}),
	}
	order := []abci.Event{
		action(0, "/azora.forge.v1.MsgPlaceOrder"),
		transfer(0, alice, forge, "1000000uazr"),
		transfer(0, alice, forge, "50000uazr"),
		typed(t, 0, &forgetypes.EventOrderPlaced{OrderId: "1-1", Buyer: alice, Seller: bob, Amount: sdk.NewInt64Coin("uazr", 1_000_000), Fee: sdk.NewInt64Coin("uazr", 50_000)}),
	}
	settle := []abci.Event{
		action(0, "/azora.forge.v1.MsgConfirmOrder"),
		transfer(0, forge, bob, "1000000uazr"),
		transfer(0, forge, growth, "30000uazr"),
		transfer(0, forge, ubo, "20000uazr"),
		typed(t, 0, pivctypes.NewEventFeeCaptured(aliceAcc, nil, "forge", nil, coins("50000uazr"), coins("30000uazr"), coins("20000uazr"))),
		typed(t, 0, &forgetypes.EventOrderSettled{OrderId: "1-1", Buyer: alice, Seller: bob, Amount: sdk.NewInt64Coin("uazr", 1_000_000), Fee: sdk.NewInt64Coin("uazr", 50_000)}),
	}
	claim := []abci.Event{
		action(0, "/azora.pivc.v1.MsgClaimUBO"),
		transfer(0, ubo, bob, "7uazr"),
		typed(t, 0, pivctypes.NewEventUBOClaimed(bobAcc, coins("7uazr"))),
	}
	mode := func(e abci.Event, m string) abci.Event {
		e.Attributes = append(e.Attributes, abci.EventAttribute{Key: "mode", Value: m})
		return e
	}
	blockEvents := []abci.Event{
		mode(transfer(-1, feeCollector, authtypes.NewModuleAddress("distribution").String(), "5000uazr"), "BeginBlock"),
		mode(transfer(-1, bonded, notBonded, "100ustake"), "EndBlock"),
		mode(transfer(-1, forge, alice, "1050000uazr"), "EndBlock"), // an expiry refund
		mode(typed(t, -1, &forgetypes.EventOrderRefunded{OrderId: "1-2", Buyer: alice, Refund: sdk.NewInt64Coin("uazr", 1_050_000)}), "EndBlock"),
		mode(typed(t, -1, &ledgertypes.EventCheckpointRecorded{Height: 10, Reconciled: false}), "EndBlock"),
		mode(typed(t, -1, &ledgertypes.EventReconciliationFailed{Height: 10, Check: "supply", Denom: "uazr"}), "EndBlock"),
		mode(typed(t, -1, &ledgertypes.EventReconciliationFailed{Height: 10, Check: "account", Denom: "uazr"}), "EndBlock"),
		mode(typed(t, -1, &meshtypes.EventFeedbackSubmitted{NodeId: "n1", Score: 9}), "EndBlock"),
		mode(ev(govtypes.EventTypeActiveProposal, -1, govtypes.AttributeKeyProposalID, "3",
			govtypes.AttributeKeyProposalResult, govtypes.AttributeValueProposalFailed,
			govtypes.AttributeKeyProposalLog, "failed to execute message; message index: 0: aegis: article 4 (paused-modules): module paused"), "EndBlock"),
		mode(ev(govtypes.EventTypeActiveProposal, -1, govtypes.AttributeKeyProposalID, "4",
			govtypes.AttributeKeyProposalResult, govtypes.AttributeValueProposalPassed), "EndBlock"),
	}

	b := metabolism.FromResults(10, []*abci.ExecTxResult{{Events: mintTx}, {Events: order}, {Events: settle}, {Events: claim}}, blockEvents, accounts)

	requireFlow(t, b, metabolism.FlowKey{Denom: "a/kasi", MsgType: "/azora.mint.v1.MsgMint", Kind: metabolism.KindFromModule}, 5_000_000, 1)
	requireFlow(t, b, metabolism.FlowKey{Denom: "uazr", MsgType: "/azora.forge.v1.MsgPlaceOrder", Kind: metabolism.KindToModule}, 1_050_000, 2)
	requireFlow(t, b, metabolism.FlowKey{Denom: "uazr", MsgType: "/azora.forge.v1.MsgConfirmOrder", Kind: metabolism.KindFromModule}, 1_000_000, 1)
	requireFlow(t, b, metabolism.FlowKey{Denom: "uazr", MsgType: "/azora.pivc.v1.MsgClaimUBO", Kind: metabolism.KindFromModule}, 7, 1)
	requireFlow(t, b, metabolism.FlowKey{Denom: "ustake", MsgType: metabolism.MsgTypeEndBlock, Kind: metabolism.KindModule}, 100, 1)
	requireFlow(t, b, metabolism.FlowKey{Denom: "uazr", MsgType: metabolism.MsgTypeEndBlock, Kind: metabolism.KindFromModule}, 1_050_000, 1)
	require.Len(t, b.Flows, 6, "the fee collector sweep is not a flow")
	require.Empty(t, b.Corridors, "no account-to-account transfer")

	require.Equal(t, int64(50_000), b.Captured[metabolism.PIVCKey{Denom: "uazr", Source: "forge"}].Int64())
	require.Equal(t, int64(7), b.UBOClaimed["uazr"].Int64())
	require.Equal(t, int64(5_000_000), b.Minted["a/kasi"].Int64())
	require.Equal(t, map[string]uint64{metabolism.OrderPlaced: 1, metabolism.OrderSettled: 1, metabolism.OrderRefunded: 1}, b.ForgeOrders)
	require.Equal(t, uint64(1), b.Checkpoints)
	require.Equal(t, uint64(1), b.Mismatched)
	require.Equal(t, map[string]uint64{"supply": 1, "account": 1}, b.ReconFailures)
	require.Equal(t, uint64(1), b.MeshFeedback)
	require.Equal(t, map[metabolism.RefusalKey]uint64{{Article: "4", Rule: "paused-modules", Source: metabolism.RefusalProposal}: 1}, b.Refusals)
}

func TestFromResultsIgnoresWhatItCannotRead(t *testing.T) {
	// A malformed amount, an unknown azora event and a tx without events are
	// skipped, never counted wrongly and never a panic.
	txs := []*abci.ExecTxResult{
		nil,
		{},
		{Events: []abci.Event{action(0, msgSend), transfer(0, alice, bob, "not-coins"), ev("azora.unknown.v1.EventX", 0, "a", "1")}},
		{Code: 5, Log: "insufficient funds"},
	}
	b := metabolism.FromResults(1, txs, nil, accounts)
	require.Empty(t, b.Flows)
	require.Empty(t, b.Refusals)
	require.Equal(t, uint64(3), b.Txs)
	require.Equal(t, uint64(1), b.FailedTxs)
}

func TestReport(t *testing.T) {
	// Two blocks summed into a window.
	sum := metabolism.NewBlock(0)
	first := metabolism.FromResults(1, []*abci.ExecTxResult{{Events: append([]abci.Event{action(0, msgSend)},
		charged(t, 0, alice, bob, "3000000uazr", "150000uazr", "90000uazr", "60000uazr")...)}}, nil, accounts)
	second := metabolism.FromResults(2, []*abci.ExecTxResult{
		{Events: append([]abci.Event{action(0, msgSend)}, charged(t, 0, alice, carol, "1000000uazr", "50000uazr", "30000uazr", "20000uazr")...)},
		{Events: append([]abci.Event{action(0, msgSend)}, charged(t, 0, bob, carol, "1000000uazr", "50000uazr", "30000uazr", "20000uazr")...)},
		{Events: append([]abci.Event{action(0, msgSend)}, charged(t, 0, alice, carol, "500000uazr", "25000uazr", "15000uazr", "10000uazr")...)},
	}, nil, accounts)
	sum.Add(first)
	sum.Add(second)
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

	r := metabolism.NewReport(metabolism.Window{
		Sum: sum, FromHeight: 1, ToHeight: 2, FromTime: start, ToTime: start.Add(2 * time.Second),
		Supply: map[string]math.Int{"uazr": math.NewInt(11_000_000)}, CorridorsPerDenom: 2,
	})

	require.Equal(t, int64(2), r.Blocks)
	require.Equal(t, int64(2), r.Seconds)
	require.Len(t, r.Denoms, 1)
	d := r.Denoms[0]
	require.Equal(t, "5500000", d.Volume.String())
	require.Equal(t, uint64(4), d.Transfers)
	require.Equal(t, "275000", d.PIVC.String())
	require.Equal(t, "165000", d.ToGrowth.String())
	require.Equal(t, "110000", d.ToUBO.String())
	require.Equal(t, "0.500000000000000000", d.Velocity.String())
	require.NotNil(t, d.VelocityPerDay)
	require.Equal(t, "21600.000000000000000000", d.VelocityPerDay.String())

	// alice→bob 3,000,000 then alice→carol 1,500,000 (two transfers);
	// bob→carol (1,000,000) is third and cut by the limit.
	require.Len(t, r.TopCorridors, 2)
	require.Equal(t, []string{bob, carol}, []string{r.TopCorridors[0].To, r.TopCorridors[1].To})
	require.Equal(t, "1500000", r.TopCorridors[1].Amount.String())
	require.Equal(t, uint64(2), r.TopCorridors[1].Count)
}

func TestVelocityWithoutSupply(t *testing.T) {
	v, perDay := metabolism.Velocity(math.NewInt(5), math.ZeroInt(), 10)
	require.True(t, v.IsZero())
	require.Nil(t, perDay)
	v, perDay = metabolism.Velocity(math.NewInt(5), math.NewInt(10), 0)
	require.Equal(t, "0.500000000000000000", v.String())
	require.Nil(t, perDay)
}

func TestFloat(t *testing.T) {
	require.Equal(t, float64(9_007_199_254_740_992), metabolism.Float(math.NewInt(9_007_199_254_740_992)))
	require.Equal(t, float64(0), metabolism.Float(math.Int{}))
}

func TestBlockEventWithoutModeIsPreBlock(t *testing.T) {
	b := metabolism.FromResults(1, nil, []abci.Event{transfer(-1, mint, alice, "5uazr")}, accounts)
	requireFlow(t, b, metabolism.FlowKey{Denom: "uazr", MsgType: metabolism.MsgTypePreBlock, Kind: metabolism.KindFromModule}, 5, 1)
}

// TestSplitIntoBlocksIsAdditive: however the same transactions are split
// into blocks, the sum of the blocks is the same. This is what makes the
// exporter's counters (one Add per block) and `q ledger metabolism` (any
// window) agree.
func TestSplitIntoBlocksIsAdditive(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		people := []string{alice, bob, carol, forge, ubo}
		n := rapid.IntRange(0, 30).Draw(rt, "txs")
		txs := make([]*abci.ExecTxResult, n)
		for i := range txs {
			from := rapid.SampledFrom(people).Draw(rt, "from")
			to := rapid.SampledFrom(people).Draw(rt, "to")
			amt := rapid.Int64Range(1, 1_000_000_000).Draw(rt, "amount")
			denom := rapid.SampledFrom([]string{"uazr", "a/kasi"}).Draw(rt, "denom")
			events := []abci.Event{gasFee(from), action(0, msgSend), transfer(0, from, to, strconv.FormatInt(amt, 10)+denom)}
			tx := &abci.ExecTxResult{Events: events}
			if rapid.IntRange(0, 9).Draw(rt, "fails") == 0 {
				tx.Code, tx.Log = 15, "aegis: article 3 (velocity): over the limit"
			}
			txs[i] = tx
		}
		whole := metabolism.FromResults(1, txs, nil, accounts)

		sum := metabolism.NewBlock(0)
		for rest := txs; len(rest) > 0; {
			k := rapid.IntRange(1, len(rest)).Draw(rt, "block size")
			sum.Add(metabolism.FromResults(2, rest[:k], nil, accounts))
			rest = rest[k:]
		}

		if len(sum.Flows) != len(whole.Flows) || len(sum.Corridors) != len(whole.Corridors) {
			rt.Fatalf("flows %d/%d corridors %d/%d", len(sum.Flows), len(whole.Flows), len(sum.Corridors), len(whole.Corridors))
		}
		for k, f := range whole.Flows {
			g := sum.Flows[k]
			if g == nil || !g.Amount.Equal(f.Amount) || g.Count != f.Count {
				rt.Fatalf("flow %+v: whole %v/%d, blocks %v", k, f.Amount, f.Count, g)
			}
		}
		for k, f := range whole.Corridors {
			g := sum.Corridors[k]
			if g == nil || !g.Amount.Equal(f.Amount) || g.Count != f.Count {
				rt.Fatalf("corridor %+v differs", k)
			}
		}
		if sum.Txs != whole.Txs || sum.FailedTxs != whole.FailedTxs || len(sum.Refusals) != len(whole.Refusals) {
			rt.Fatalf("txs %d/%d failed %d/%d refusals %v/%v", sum.Txs, whole.Txs, sum.FailedTxs, whole.FailedTxs, sum.Refusals, whole.Refusals)
		}
		for k, v := range whole.Refusals {
			if sum.Refusals[k] != v {
				rt.Fatalf("refusals %+v: %d vs %d", k, sum.Refusals[k], v)
			}
		}
	})
}

// TestFeeCapturedFastPathMatchesTypedEvent: the reflection-free reading of
// EventFeeCaptured gives what the typed decoder gives, for the event as
// x/pivc emits it (ToEvent) and as EmitTypedEvent would.
func TestFeeCapturedFastPathMatchesTypedEvent(t *testing.T) {
	payer, _ := sdk.AccAddressFromBech32(alice)
	to, _ := sdk.AccAddressFromBech32(bob)
	e := pivctypes.NewEventFeeCaptured(payer, to, "transfer", coins("1000a/kasi,1000000uazr"), coins("50a/kasi,50000uazr"), coins("30a/kasi,30000uazr"), coins("20a/kasi,20000uazr"))
	for name, event := range map[string]abci.Event{
		"ToEvent":        abci.Event(e.ToEvent()),
		"EmitTypedEvent": typed(t, 0, e),
	} {
		b := metabolism.FromResults(1, []*abci.ExecTxResult{{Events: []abci.Event{event}}}, nil, accounts)
		require.Equal(t, int64(50_000), b.Captured[metabolism.PIVCKey{Denom: "uazr", Source: "transfer"}].Int64(), name)
		require.Equal(t, int64(50), b.Captured[metabolism.PIVCKey{Denom: "a/kasi", Source: "transfer"}].Int64(), name)
		require.Equal(t, int64(30_000), b.ToGrowth["uazr"].Int64(), name)
		require.Equal(t, int64(20), b.ToUBO["a/kasi"].Int64(), name)
	}
	// A value the fast path cannot read is not half-counted: the typed
	// decoder refuses it too, and nothing is added.
	bad := abci.Event{Type: "azora.pivc.v1.EventFeeCaptured", Attributes: []abci.EventAttribute{
		{Key: "fee", Value: `[{"denom":"uazr","amount":"5"}]`}, {Key: "to_growth", Value: `[{"denom":"uazr","amount":"x"}]`},
	}}
	b := metabolism.FromResults(1, []*abci.ExecTxResult{{Events: []abci.Event{bad}}}, nil, accounts)
	require.Empty(t, b.Captured)
	require.Empty(t, b.ToGrowth)
}
