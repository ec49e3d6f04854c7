package perceive_test

import (
	"encoding/json"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/agent/codec"
	"github.com/azora-os/nexus/agent/perceive"
	"github.com/azora-os/nexus/agent/store"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

func addr(s string) string {
	codec.SetPrefixes()
	b := make([]byte, 20)
	copy(b, s)
	return sdk.AccAddress(b).String()
}

// typed encodes ev the way the chain does (EmitTypedEvent), with baseapp's
// msg_index attribute (or mode, for block events).
func typed(t *testing.T, ev proto.Message, extra ...abci.EventAttribute) abci.Event {
	t.Helper()
	e, err := sdk.TypedEventToEvent(ev)
	require.NoError(t, err)
	out := abci.Event(e)
	out.Attributes = append(out.Attributes, extra...)
	return out
}

var msgIndex = abci.EventAttribute{Key: "msg_index", Value: "0"}

func coins(s string) sdk.Coins {
	c, err := sdk.ParseCoinsNormalized(s)
	if err != nil {
		panic(err)
	}
	return c
}

func TestDecode(t *testing.T) {
	alice, bob, carol, me, other := addr("alice"), addr("bob"), addr("carol"), addr("reporter"), addr("other")
	raw := &perceive.RawBlock{
		Height: 42, Hash: "ABCD", Time: time.Unix(1_700_000_000, 0).UTC(), TxHashes: []string{"T0", "T1", "T2"},
		BlockEvents: []abci.Event{
			typed(t, &aegistypes.EventAccountFrozen{Address: carol, Officer: alice, Reason: "court order"}, abci.EventAttribute{Key: "mode", Value: "BeginBlock"}),
			{Type: "coin_spent", Attributes: []abci.EventAttribute{{Key: "spender", Value: alice}, {Key: "mode", Value: "EndBlock"}}},
			typed(t, &ledgertypes.EventCheckpointRecorded{Height: 40, FirstSequence: 3, LastSequence: 9, EntriesHash: "ee", Hash: "hh", Reconciled: true}, abci.EventAttribute{Key: "mode", Value: "EndBlock"}),
			typed(t, &forgetypes.EventOrderRefunded{OrderId: "o2", Buyer: alice, Seller: carol, Refund: sdk.NewInt64Coin("uazr", 105), Reason: forgetypes.CloseReasonArbiterRefund}, abci.EventAttribute{Key: "mode", Value: "EndBlock"}),
		},
		TxResults: []*abci.ExecTxResult{
			{Code: 0, Events: []abci.Event{
				{Type: "tx", Attributes: []abci.EventAttribute{{Key: "fee", Value: "200uazr"}}},
				typed(t, &pivctypes.EventFeeCaptured{Payer: alice, Recipient: bob, Source: "transfer", Amount: coins("100uazr"), Fee: coins("5uazr"), ToGrowth: coins("3uazr"), ToUbo: coins("2uazr")}, msgIndex),
				typed(t, &ledgertypes.EventPaymentSent{From: alice, To: bob, Amount: coins("100uazr"), Fee: coins("5uazr"), Reference: "INV-1"}, msgIndex),
				typed(t, &forgetypes.EventOrderPlaced{OrderId: "o1", ListingId: 1, Buyer: alice, Seller: bob, Quantity: 1, Amount: sdk.NewInt64Coin("uazr", 1000), Fee: sdk.NewInt64Coin("uazr", 50)}, msgIndex),
			}},
			// A failed tx changed nothing: its events are not observed.
			{Code: 5, Events: []abci.Event{typed(t, &pivctypes.EventFeeCaptured{Payer: alice, Recipient: bob, Source: "transfer", Amount: coins("999uazr"), Fee: coins("50uazr")})}},
			{Code: 0, Events: []abci.Event{
				typed(t, &forgetypes.EventOrderSettled{OrderId: "o1", Buyer: alice, Seller: bob, Amount: sdk.NewInt64Coin("uazr", 1000), Fee: sdk.NewInt64Coin("uazr", 50), Reason: forgetypes.CloseReasonConfirmed}),
				typed(t, &pivctypes.EventFeeCaptured{Payer: "forge-module", Source: "forge", Fee: coins("50uazr"), ToGrowth: coins("30uazr"), ToUbo: coins("20uazr")}),
				typed(t, &forgetypes.EventDisputeOpened{OrderId: "o3", OpenedBy: bob, Reason: "late"}),
				typed(t, &meshtypes.EventNodeRegistered{NodeId: "emp-bob", Type: meshtypes.NodeTypeEmployee, Owner: bob, Registrar: alice, Reputation: 500_000}),
				typed(t, &meshtypes.EventConsentSet{NodeId: "emp-bob", Owner: bob, Consent: meshtypes.Consent{DataSharing: true, ModelTraining: true}}),
				typed(t, &meshtypes.EventFeedbackSubmitted{NodeId: "emp-bob", Reporter: me, Model: "m", ModelVersion: 1, Score: 900_000, EvidenceHash: "e", ReputationBefore: 500_000, ReputationAfter: 580_000, ActionId: "fb-1"}),
				typed(t, &meshtypes.EventFeedbackSubmitted{NodeId: "emp-bob", Reporter: other, Model: "m", ModelVersion: 2, Score: 0, EvidenceHash: "e", ReputationBefore: 580_000, ReputationAfter: 464_000, ActionId: "fb-2"}),
			}},
		},
	}

	out, err := perceive.Decoder{Reporter: me}.Decode(raw)
	require.NoError(t, err)

	kinds := make([]string, len(out.Observations))
	for i, o := range out.Observations {
		kinds[i] = o.Kind
		require.Equal(t, i, o.Seq)
		require.Equal(t, int64(42), o.Height)
		require.True(t, json.Valid([]byte(o.Detail)), o.Detail)
	}
	// Begin-block events, then the successful txs in order, then end block.
	require.Equal(t, []string{
		"aegis.account_frozen",
		"pivc.fee_captured", "ledger.payment_sent", "forge.order_placed",
		"forge.order_settled", "pivc.fee_captured", "forge.dispute_opened", "mesh.node_registered", "mesh.consent_set", "mesh.feedback_submitted", "mesh.feedback_submitted",
		"ledger.checkpoint_recorded", "forge.order_refunded",
	}, kinds)
	require.Equal(t, store.Block{Height: 42, Hash: "ABCD", Time: raw.Time, Txs: 3, Observations: 13}, out.Block)
	pay := out.Observations[2]
	require.Equal(t, store.Observation{Height: 42, Seq: 2, TxIndex: 0, TxHash: "T0", Kind: "ledger.payment_sent", Account: alice, Counterparty: bob, Amount: "100uazr", Fee: "5uazr", Ref: "INV-1", Detail: pay.Detail}, pay)
	require.Equal(t, -1, out.Observations[0].TxIndex)
	require.Equal(t, "T2", out.Observations[4].TxHash)

	c := out.Changes
	require.Equal(t, int64(1), c.Flows[store.FlowKey{Address: alice, Denom: "uazr"}].SentCount)
	require.True(t, c.Flows[store.FlowKey{Address: alice, Denom: "uazr"}].Sent.Equal(sdkmath.NewInt(100)))
	require.True(t, c.Flows[store.FlowKey{Address: alice, Denom: "uazr"}].Fees.Equal(sdkmath.NewInt(5)))
	require.True(t, c.Flows[store.FlowKey{Address: bob, Denom: "uazr"}].Received.Equal(sdkmath.NewInt(100)))
	require.True(t, c.Fees["uazr"].Amount.Equal(sdkmath.NewInt(55)), "5 from the transfer + 50 captured by forge; the failed tx's 50 not")
	require.Equal(t, int64(2), c.Fees["uazr"].Captures)

	require.Equal(t, &store.PartyDelta{Orders: 1, Settled: 1, Refunded: 1, DisputesWon: 1}, c.Parties[alice])
	require.Equal(t, &store.PartyDelta{Orders: 1, Settled: 1, DisputesOpened: 1}, c.Parties[bob])
	require.Equal(t, &store.PartyDelta{Refunded: 1, DisputesLost: 1}, c.Parties[carol])
	require.Len(t, c.Orders, 4)
	require.True(t, c.Orders[0].Placed)
	require.Equal(t, store.OrderSettled, c.Orders[1].Status)
	require.True(t, c.Orders[2].Disputed)
	require.Equal(t, "CLOSE_REASON_ARBITER_REFUND", c.Orders[3].CloseReason)

	require.Equal(t, []store.NodeChange{
		{Kind: store.NodeRegistered, NodeID: "emp-bob", Type: "employee", Owner: bob, Reputation: 500_000, Height: 42},
		{Kind: store.NodeConsent, NodeID: "emp-bob", DataSharing: true, ModelTraining: true, Height: 42},
		{Kind: store.NodeReputation, NodeID: "emp-bob", Reputation: 580_000, Height: 42},
		{Kind: store.NodeReputation, NodeID: "emp-bob", Reputation: 464_000, Height: 42},
	}, c.Nodes)
	require.Equal(t, []string{"fb-1"}, c.Included, "only the agent's own feedback marks an action included")
	require.Equal(t, []store.StandingChange{{Address: carol, Frozen: true, SetFrozen: true, Height: 42}}, c.Standings)
	require.Equal(t, []store.Checkpoint{{Height: 40, FirstSequence: 3, LastSequence: 9, EntriesHash: "ee", Hash: "hh", ChainReconciled: true}}, c.Checkpoints)

	// Decoding is a pure function of the block.
	again, err := perceive.Decoder{Reporter: me}.Decode(raw)
	require.NoError(t, err)
	require.Equal(t, out, again)
}

func TestDecodeRefusesUnknownNexusEvent(t *testing.T) {
	raw := &perceive.RawBlock{Height: 3, TxResults: []*abci.ExecTxResult{{Events: []abci.Event{{Type: "azora.ledger.v1.EventFromTheFuture", Attributes: []abci.EventAttribute{{Key: "x", Value: `"1"`}}}}}}}
	_, err := perceive.Decoder{}.Decode(raw)
	require.ErrorContains(t, err, "unknown event type")

	raw = &perceive.RawBlock{Height: 3, TxResults: []*abci.ExecTxResult{{Events: []abci.Event{{Type: "azora.ledger.v1.EventPaymentSent", Attributes: []abci.EventAttribute{{Key: "from", Value: `not json`}}}}}}}
	_, err = perceive.Decoder{}.Decode(raw)
	require.ErrorContains(t, err, "block 3")
}

func TestKind(t *testing.T) {
	for in, want := range map[string]string{
		"azora.pivc.v1.EventFeeCaptured":          "pivc.fee_captured",
		"azora.pivc.v1.EventUBOClaimed":           "pivc.ubo_claimed",
		"azora.mint.v1.EventATokenChartered":      "mint.a_token_chartered",
		"azora.ledger.v1.EventCheckpointRecorded": "ledger.checkpoint_recorded",
		"azora.mesh.v1.EventFeedbackSubmitted":    "mesh.feedback_submitted",
	} {
		require.Equal(t, want, perceive.Kind(in), in)
	}
}

// TestDecodeLearningMesh: transfers between accounts (with the block time),
// node metadata, committed models and recorded analyses are decoded; the
// agent's own commits and analyses mark its actions included.
func TestDecodeLearningMesh(t *testing.T) {
	alice, bob, me, other := addr("alice"), addr("bob"), addr("reporter"), addr("other")
	at := time.Unix(1_700_000_000, 0).UTC()
	rec := meshtypes.ModelRecord{
		NodeId: "cor-1", Model: "flow-volume", Version: 3, ParamsHash: "ab", TrainStartHeight: 1, TrainEndHeight: 40,
		Metrics: []meshtypes.ModelMetric{{Name: "mase_ppm", Value: "812000"}}, Committer: me, CommittedHeight: 42,
	}
	outcome := meshtypes.AnalysisOutcome{Score: 700_000, TotalWeight: 10, ContextHash: "cc",
		Inputs:   []meshtypes.WeightedScore{{NodeId: "cor-1", Type: meshtypes.NodeTypeCorridor, Model: "flow-volume", ModelVersion: 3, Score: 700_000, Weight: 10}},
		Excluded: []meshtypes.ExcludedNode{{NodeId: "emp-1", Type: meshtypes.NodeTypeEmployee, Reason: meshtypes.ExclusionReasonNoConsent}},
	}
	raw := &perceive.RawBlock{
		Height: 42, Hash: "ABCD", Time: at, TxHashes: []string{"T0"},
		TxResults: []*abci.ExecTxResult{{Code: 0, Events: []abci.Event{
			typed(t, &pivctypes.EventFeeCaptured{Payer: alice, Recipient: bob, Source: "transfer", Amount: coins("100uazr,7a/kasi"), Fee: coins("5uazr,1a/kasi")}, msgIndex),
			typed(t, &pivctypes.EventFeeCaptured{Payer: "forge-module", Source: "forge", Fee: coins("50uazr")}),
			typed(t, &meshtypes.EventNodeRegistered{NodeId: "cor-1", Type: meshtypes.NodeTypeCorridor, Owner: bob, Registrar: alice, Reputation: 500_000, Metadata: `{"v":1,"denoms":["uazr"]}`}),
			typed(t, &meshtypes.EventModelCommitted{Record: rec, ActionId: "mc-1"}),
			typed(t, &meshtypes.EventModelCommitted{Record: meshtypes.ModelRecord{NodeId: "cor-1", Model: "x", Version: 1, ParamsHash: "cd", TrainStartHeight: 1, TrainEndHeight: 2, Committer: other, CommittedHeight: 42}, ActionId: "mc-1"}),
			typed(t, &meshtypes.EventAnalysisRecorded{Reporter: me, CorridorId: "cor-1", EmployeeId: "emp-1", Outcome: outcome, ActionId: "fa-1"}),
		}}},
	}
	out, err := perceive.Decoder{Reporter: me}.Decode(raw)
	require.NoError(t, err)
	c := out.Changes

	require.Equal(t, []store.Transfer{
		{Height: 42, Seq: 0, Time: at, From: alice, To: bob, Denom: "a/kasi", Amount: "7"},
		{Height: 42, Seq: 0, Time: at, From: alice, To: bob, Denom: "uazr", Amount: "100"},
	}, c.Transfers, "one row per coin; a module capture is not a transfer")
	require.Equal(t, `{"v":1,"denoms":["uazr"]}`, c.Nodes[0].Metadata)
	require.Len(t, c.Models, 2)
	require.Equal(t, store.ModelCommit{
		NodeID: "cor-1", Model: "flow-volume", Version: 3, ParamsHash: "ab", TrainStartHeight: 1, TrainEndHeight: 40,
		Metrics: []store.Metric{{Name: "mase_ppm", Value: "812000"}}, Committer: me, CommittedHeight: 42,
	}, c.Models[0])
	require.Len(t, c.Analyses, 1)
	a := c.Analyses[0]
	require.Equal(t, uint64(700_000), a.Score)
	require.Equal(t, "fa-1", a.ActionID)
	var got meshtypes.AnalysisOutcome
	require.NoError(t, json.Unmarshal(a.Outcome, &got))
	require.Equal(t, outcome, got)
	require.Equal(t, []string{"mc-1", "fa-1"}, c.Included, "another reporter's commit does not mark ours")
}
