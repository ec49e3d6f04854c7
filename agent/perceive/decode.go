package perceive

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/jsonpb"
	"github.com/cosmos/gogoproto/proto"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/agent/store"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// RawBlock is what the node returns for one height: the block's hash, time
// and transaction hashes, each transaction's result code and events, and
// the block's own (begin and end block) events.
type RawBlock struct {
	Height    int64
	Hash      string
	Time      time.Time
	TxHashes  []string
	TxResults []*abci.ExecTxResult
	// BlockEvents are finalize_block_events: begin-block events (attribute
	// mode=BeginBlock) then end-block events (mode=EndBlock).
	BlockEvents []abci.Event
}

// Decoder turns a RawBlock into the store's BlockData: one Observation per
// typed event of a Nexus module (type azora.<module>.v1.Event...) and the
// aggregates they change. It is a pure function of the block (and of the
// agent's reporter address, to recognise its own feedback).
type Decoder struct {
	// Reporter is the agent's own address; its feedback with an action id
	// marks that action included.
	Reporter string
}

// Decode decodes one block. Events of failed transactions are skipped (a
// failed tx changed nothing). An azora event that does not decode is an
// error: the agent and the chain disagree about a type, and processing
// must stop rather than record a wrong history.
func (d Decoder) Decode(raw *RawBlock) (*store.BlockData, error) {
	out := &store.BlockData{
		Block: store.Block{Height: raw.Height, Hash: raw.Hash, Time: raw.Time, Txs: len(raw.TxResults)},
		Changes: store.Changes{
			Flows:   map[store.FlowKey]*store.FlowDelta{},
			Fees:    map[string]*store.FeeDelta{},
			Parties: map[string]*store.PartyDelta{},
		},
	}
	var begin, end []abci.Event
	for _, ev := range raw.BlockEvents {
		if blockMode(ev) == "EndBlock" {
			end = append(end, ev)
		} else {
			begin = append(begin, ev)
		}
	}
	st := &decodeState{d: d, out: out, height: raw.Height, time: raw.Time}
	for _, ev := range begin {
		if err := st.event(ev, -1, ""); err != nil {
			return nil, err
		}
	}
	for i, res := range raw.TxResults {
		if res == nil || res.Code != 0 {
			continue
		}
		hash := ""
		if i < len(raw.TxHashes) {
			hash = raw.TxHashes[i]
		}
		for _, ev := range res.Events {
			if err := st.event(ev, i, hash); err != nil {
				return nil, err
			}
		}
	}
	for _, ev := range end {
		if err := st.event(ev, -1, ""); err != nil {
			return nil, err
		}
	}
	out.Block.Observations = len(out.Observations)
	return out, nil
}

func blockMode(ev abci.Event) string {
	for _, a := range ev.Attributes {
		if a.Key == "mode" {
			return a.Value
		}
	}
	return ""
}

type decodeState struct {
	d      Decoder
	out    *store.BlockData
	height int64
	time   time.Time
}

// IsNexusEvent says whether an event type is a typed event of a Nexus module.
func IsNexusEvent(typ string) bool { return strings.HasPrefix(typ, "azora.") }

func (s *decodeState) event(ev abci.Event, txIndex int, txHash string) error {
	if !IsNexusEvent(ev.Type) {
		return nil
	}
	msg, detail, err := ParseEvent(ev)
	if err != nil {
		return fmt.Errorf("block %d: event %s: %w", s.height, ev.Type, err)
	}
	o := store.Observation{
		Height: s.height, Seq: len(s.out.Observations), TxIndex: txIndex, TxHash: txHash,
		Kind: Kind(ev.Type), Detail: detail,
	}
	if err := s.apply(msg, &o); err != nil {
		return fmt.Errorf("block %d: event %s: %w", s.height, ev.Type, err)
	}
	s.out.Observations = append(s.out.Observations, o)
	return nil
}

// Kind names an event type: azora.pivc.v1.EventFeeCaptured → pivc.fee_captured.
func Kind(typ string) string {
	parts := strings.Split(typ, ".")
	if len(parts) < 4 {
		return typ
	}
	name := strings.TrimPrefix(parts[len(parts)-1], "Event")
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			// A new word starts at an upper-case letter that follows a
			// lower-case one or precedes one (UBOClaimed → ubo_claimed).
			if i > 0 {
				prev := rune(name[i-1])
				next := rune(0)
				if i+1 < len(name) {
					next = rune(name[i+1])
				}
				if unicode.IsLower(prev) || (unicode.IsUpper(prev) && unicode.IsLower(next)) {
					b.WriteByte('_')
				}
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return parts[1] + "." + b.String()
}

// ParseEvent decodes a typed event into its proto message and returns its
// attributes as one JSON object. It drops the attributes baseapp adds
// (msg_index, mode), whose values are not JSON.
func ParseEvent(ev abci.Event) (proto.Message, string, error) {
	t := proto.MessageType(ev.Type)
	if t == nil {
		return nil, "", fmt.Errorf("unknown event type %q (is the agent older than the chain?)", ev.Type)
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	n := 0
	for _, a := range ev.Attributes {
		if a.Key == "msg_index" || a.Key == "mode" {
			continue
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		n++
		k, _ := json.Marshal(a.Key)
		buf.Write(k)
		buf.WriteByte(':')
		if a.Value == "" {
			buf.WriteString("null")
		} else {
			buf.WriteString(a.Value)
		}
	}
	buf.WriteByte('}')
	detail := buf.String()
	msg, ok := reflect.New(t.Elem()).Interface().(proto.Message)
	if !ok {
		return nil, "", fmt.Errorf("%s is not a proto message", ev.Type)
	}
	u := jsonpb.Unmarshaler{AllowUnknownFields: true}
	if err := u.Unmarshal(strings.NewReader(detail), msg); err != nil {
		return nil, "", fmt.Errorf("decode attributes: %w", err)
	}
	return msg, detail, nil
}

func (s *decodeState) flow(addr, denom string) *store.FlowDelta {
	k := store.FlowKey{Address: addr, Denom: denom}
	f, ok := s.out.Changes.Flows[k]
	if !ok {
		f = &store.FlowDelta{Sent: sdkmath.ZeroInt(), Received: sdkmath.ZeroInt(), Fees: sdkmath.ZeroInt()}
		s.out.Changes.Flows[k] = f
	}
	return f
}

func (s *decodeState) party(addr string) *store.PartyDelta {
	p, ok := s.out.Changes.Parties[addr]
	if !ok {
		p = &store.PartyDelta{}
		s.out.Changes.Parties[addr] = p
	}
	return p
}

func (s *decodeState) fee(c sdk.Coin) {
	f, ok := s.out.Changes.Fees[c.Denom]
	if !ok {
		f = &store.FeeDelta{Amount: sdkmath.ZeroInt()}
		s.out.Changes.Fees[c.Denom] = f
	}
	f.Amount = f.Amount.Add(c.Amount)
	f.Captures++
}

func (s *decodeState) apply(msg proto.Message, o *store.Observation) error {
	h := s.height
	switch e := msg.(type) {
	// x/pivc: every charged transfer, and every explicit capture.
	case *pivctypes.EventFeeCaptured:
		o.Account, o.Counterparty, o.Amount, o.Fee, o.Ref = e.Payer, e.Recipient, e.Amount.String(), e.Fee.String(), e.Source
		if e.Recipient != "" {
			for _, c := range e.Amount {
				sf := s.flow(e.Payer, c.Denom)
				sf.SentCount++
				sf.Sent = sf.Sent.Add(c.Amount)
				rf := s.flow(e.Recipient, c.Denom)
				rf.ReceivedCount++
				rf.Received = rf.Received.Add(c.Amount)
				s.out.Changes.Transfers = append(s.out.Changes.Transfers, store.Transfer{
					Height: h, Seq: o.Seq, Time: s.time, From: e.Payer, To: e.Recipient, Denom: c.Denom, Amount: c.Amount.String(),
				})
			}
		}
		for _, c := range e.Fee {
			pf := s.flow(e.Payer, c.Denom)
			pf.Fees = pf.Fees.Add(c.Amount)
			s.fee(c)
		}
	case *pivctypes.EventUBOClaimed:
		o.Account, o.Amount = e.Claimant, e.Amount.String()

	// x/ledger.
	case *ledgertypes.EventPaymentSent:
		o.Account, o.Counterparty, o.Amount, o.Fee, o.Ref = e.From, e.To, e.Amount.String(), e.Fee.String(), e.Reference
	case *ledgertypes.EventCheckpointRecorded:
		o.Ref = strconv.FormatInt(e.Height, 10)
		s.out.Changes.Checkpoints = append(s.out.Changes.Checkpoints, store.Checkpoint{
			Height: e.Height, FirstSequence: e.FirstSequence, LastSequence: e.LastSequence,
			EntriesHash: e.EntriesHash, Hash: e.Hash, ChainReconciled: e.Reconciled,
		})
	case *ledgertypes.EventReconciliationFailed:
		o.Account, o.Ref, o.Amount, o.Fee = e.Account, e.Check, e.Expected+e.Denom, e.Actual+e.Denom

	// x/forge: orders and their outcomes, the scorer's input.
	case *forgetypes.EventOrderPlaced:
		o.Account, o.Counterparty, o.Amount, o.Fee, o.Ref = e.Buyer, e.Seller, e.Amount.String(), e.Fee.String(), e.OrderId
		s.out.Changes.Orders = append(s.out.Changes.Orders, store.OrderChange{OrderID: e.OrderId, Placed: true, Buyer: e.Buyer, Seller: e.Seller, Amount: e.Amount.String(), Height: h})
		s.party(e.Buyer).Orders++
		s.party(e.Seller).Orders++
	case *forgetypes.EventOrderSettled:
		o.Account, o.Counterparty, o.Amount, o.Fee, o.Ref = e.Seller, e.Buyer, e.Amount.String(), e.Fee.String(), e.OrderId
		s.out.Changes.Orders = append(s.out.Changes.Orders, store.OrderChange{OrderID: e.OrderId, Status: store.OrderSettled, CloseReason: e.Reason.String(), Buyer: e.Buyer, Seller: e.Seller, Amount: e.Amount.String(), Height: h})
		seller, buyer := s.party(e.Seller), s.party(e.Buyer)
		seller.Settled++
		if e.Reason == forgetypes.CloseReasonArbiterRelease {
			seller.DisputesWon++
			buyer.DisputesLost++
		} else {
			buyer.Settled++
		}
	case *forgetypes.EventOrderRefunded:
		o.Account, o.Counterparty, o.Amount, o.Ref = e.Buyer, e.Seller, e.Refund.String(), e.OrderId
		s.out.Changes.Orders = append(s.out.Changes.Orders, store.OrderChange{OrderID: e.OrderId, Status: store.OrderRefunded, CloseReason: e.Reason.String(), Buyer: e.Buyer, Seller: e.Seller, Amount: e.Refund.String(), Height: h})
		seller, buyer := s.party(e.Seller), s.party(e.Buyer)
		seller.Refunded++
		buyer.Refunded++
		switch e.Reason {
		case forgetypes.CloseReasonCancelledBySeller:
			seller.SellerCancels++
		case forgetypes.CloseReasonExpired:
			seller.SellerExpiries++
		case forgetypes.CloseReasonArbiterRefund:
			buyer.DisputesWon++
			seller.DisputesLost++
		}
	case *forgetypes.EventDisputeOpened:
		o.Account, o.Ref = e.OpenedBy, e.OrderId
		s.out.Changes.Orders = append(s.out.Changes.Orders, store.OrderChange{OrderID: e.OrderId, Disputed: true, Height: h})
		s.party(e.OpenedBy).DisputesOpened++
	case *forgetypes.EventDisputeResolved:
		o.Account, o.Ref = e.Arbiter, e.OrderId
	case *forgetypes.EventOrderHeld:
		o.Account, o.Ref = e.Party, e.OrderId
	case *forgetypes.EventListingCreated:
		o.Account, o.Ref = e.Seller, strconv.FormatUint(e.ListingId, 10)

	// x/mint.
	case *minttypes.EventMinted:
		o.Account, o.Counterparty, o.Amount = e.Minter, e.Recipient, e.Amount.String()
	case *minttypes.EventBurned:
		o.Account, o.Amount = e.Owner, e.Amount.String()

	// x/aegis: standing.
	case *aegistypes.EventAccountVerified:
		o.Account, o.Ref = e.Address, e.Tier
		s.out.Changes.Standings = append(s.out.Changes.Standings, store.StandingChange{Address: e.Address, Tier: e.Tier, SetTier: true, Height: h})
	case *aegistypes.EventVerificationRevoked:
		o.Account = e.Address
		s.out.Changes.Standings = append(s.out.Changes.Standings, store.StandingChange{Address: e.Address, Tier: "", SetTier: true, Height: h})
	case *aegistypes.EventAccountFrozen:
		o.Account, o.Counterparty, o.Ref = e.Address, e.Officer, e.Reason
		s.out.Changes.Standings = append(s.out.Changes.Standings, store.StandingChange{Address: e.Address, Frozen: true, SetFrozen: true, Height: h})
	case *aegistypes.EventAccountUnfrozen:
		o.Account, o.Counterparty, o.Ref = e.Address, e.Officer, e.Reason
		s.out.Changes.Standings = append(s.out.Changes.Standings, store.StandingChange{Address: e.Address, Frozen: false, SetFrozen: true, Height: h})

	// x/mesh: nodes, consent and reputation; the agent's own feedback.
	case *meshtypes.EventNodeRegistered:
		o.Account, o.Counterparty, o.Ref = e.Owner, e.Registrar, e.NodeId
		s.out.Changes.Nodes = append(s.out.Changes.Nodes, store.NodeChange{Kind: store.NodeRegistered, NodeID: e.NodeId, Type: NodeType(e.Type), Owner: e.Owner, Reputation: e.Reputation, Metadata: e.Metadata, Height: h})
	case *meshtypes.EventNodeDeregistered:
		o.Account, o.Ref = e.Owner, e.NodeId
		s.out.Changes.Nodes = append(s.out.Changes.Nodes, store.NodeChange{Kind: store.NodeDeregistered, NodeID: e.NodeId, Height: h})
	case *meshtypes.EventConsentSet:
		o.Account, o.Ref = e.Owner, e.NodeId
		s.out.Changes.Nodes = append(s.out.Changes.Nodes, store.NodeChange{Kind: store.NodeConsent, NodeID: e.NodeId,
			DataSharing: e.Consent.DataSharing, ModelTraining: e.Consent.ModelTraining, FederatedAnalysis: e.Consent.FederatedAnalysis, Height: h})
	case *meshtypes.EventFeedbackSubmitted:
		o.Account, o.Ref, o.Amount = e.Reporter, e.NodeId, strconv.FormatUint(e.Score, 10)
		s.out.Changes.Nodes = append(s.out.Changes.Nodes, store.NodeChange{Kind: store.NodeReputation, NodeID: e.NodeId, Reputation: e.ReputationAfter, Height: h})
		s.own(e.Reporter, e.ActionId)
	case *meshtypes.EventAuditEntryAppended:
		o.Account, o.Ref = e.Entry.Actor, e.Entry.NodeId
	case *meshtypes.EventModelCommitted:
		r := e.Record
		o.Account, o.Ref, o.Amount = r.Committer, r.NodeId, strconv.FormatUint(r.Version, 10)
		metrics := make([]store.Metric, len(r.Metrics))
		for i, m := range r.Metrics {
			metrics[i] = store.Metric{Name: m.Name, Value: m.Value}
		}
		s.out.Changes.Models = append(s.out.Changes.Models, store.ModelCommit{
			NodeID: r.NodeId, Model: r.Model, Version: r.Version, ParamsHash: r.ParamsHash,
			TrainStartHeight: r.TrainStartHeight, TrainEndHeight: r.TrainEndHeight, Metrics: metrics,
			Committer: r.Committer, CommittedHeight: r.CommittedHeight,
		})
		s.own(r.Committer, e.ActionId)
	case *meshtypes.EventAnalysisRecorded:
		o.Account, o.Ref, o.Amount = e.Reporter, e.CorridorId, strconv.FormatUint(e.Outcome.Score, 10)
		outcome, err := json.Marshal(e.Outcome)
		if err != nil {
			return err
		}
		s.out.Changes.Analyses = append(s.out.Changes.Analyses, store.Analysis{
			Height: h, Seq: o.Seq, Reporter: e.Reporter, EmployeeID: e.EmployeeId, DeviceID: e.DeviceId, CorridorID: e.CorridorId,
			Score: e.Outcome.Score, Outcome: outcome, ActionID: e.ActionId,
		})
		s.own(e.Reporter, e.ActionId)
	}
	return nil
}

// own marks the agent's own action included when reporter is the agent.
func (s *decodeState) own(reporter, actionID string) {
	if actionID != "" && s.d.Reporter != "" && reporter == s.d.Reporter {
		s.out.Changes.Included = append(s.out.Changes.Included, actionID)
	}
}

// NodeType is the short name of a mesh node type (corridor, device, employee).
func NodeType(t meshtypes.NodeType) string {
	switch t {
	case meshtypes.NodeTypeCorridor:
		return "corridor"
	case meshtypes.NodeTypeDevice:
		return "device"
	case meshtypes.NodeTypeEmployee:
		return "employee"
	default:
		return t.String()
	}
}
