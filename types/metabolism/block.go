// Package metabolism reads the economy's inputs and outputs from the result
// of one committed block: the value that moved (per denom, message type and
// kind), the PIVC captured and where it went, UBO claimed, what was minted
// and burned, journal checkpoints and reconciliations, x/aegis refusals by
// article, forge order transitions and mesh feedback.
//
// It is pure: a block result in, numbers out, no I/O. The node's metabolism
// exporter (app/metabolism) feeds it every block it commits and exports the
// sums as Prometheus counters; `nexusd q ledger metabolism --blocks N`
// (client/metabolism) feeds it the stored results of the last N blocks from
// CometBFT's block_results. Both therefore count exactly the same things:
// docs/operations.md defines each number.
//
// Only committed results are read (ResponseFinalizeBlock, or block_results,
// which is the same thing stored): a transaction refused in CheckTx or a
// simulation never reaches a block, so two nodes that committed the same
// blocks compute the same numbers.
package metabolism

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// Kinds of value movement, by who is on each side.
const (
	// KindTransfer is a movement between two accounts that are not module
	// accounts: the value the economy exchanges (bank sends, multi-send
	// outputs, ledger payments, authz-executed sends). It is what volume,
	// velocity and corridors are made of.
	KindTransfer = "transfer"
	// KindToModule is an account paying a module account: an escrow deposit,
	// a gov deposit, coins sent to be burned.
	KindToModule = "to_module"
	// KindFromModule is a module account paying an account: a mint, an escrow
	// payout or refund, a UBO claim, a growth spend, staking rewards.
	KindFromModule = "from_module"
	// KindModule is a movement between two module accounts (e.g. staking
	// moving bonded tokens between its pools).
	KindModule = "module"
)

// Message types given to movements that no transaction message caused.
const (
	MsgTypePreBlock   = "pre_block"
	MsgTypeBeginBlock = "begin_block"
	MsgTypeEndBlock   = "end_block"
	// MsgTypeTx is a movement inside a transaction but outside its messages
	// (the ante or post handler).
	MsgTypeTx = "tx"
)

// Sources of an x/aegis refusal.
const (
	// RefusalTx is a committed transaction that failed with a constitution
	// rejection (in the ante handler during the block, the router guard or
	// a send restriction).
	RefusalTx = "tx"
	// RefusalProposal is a passed governance proposal whose execution the
	// constitution refused.
	RefusalProposal = "proposal"
)

// Forge order transitions counted by Block.ForgeOrders.
const (
	OrderPlaced   = "placed"
	OrderAccepted = "accepted"
	OrderDisputed = "disputed"
	OrderHeld     = "held"
	OrderSettled  = "settled"
	OrderRefunded = "refunded"
)

// FlowKey identifies one series of value movements.
type FlowKey struct {
	Denom string
	// MsgType is the type URL of the top-level message that caused the
	// movement (the outer one when nested: an authz-executed send counts
	// under /cosmos.authz.v1beta1.MsgExec, as in the x/ledger journal), or
	// one of the MsgType* constants.
	MsgType string
	// Kind is one of the Kind* constants.
	Kind string
}

// Flow is the amount and number of movements of one series.
type Flow struct {
	Amount math.Int
	Count  uint64
}

func (f *Flow) add(amount math.Int) {
	if f.Amount.IsNil() {
		f.Amount = math.ZeroInt()
	}
	f.Amount = f.Amount.Add(amount)
	f.Count++
}

// CorridorKey is a payer → payee pair in one denom (a KindTransfer flow).
type CorridorKey struct {
	From, To, Denom string
}

// RefusalKey identifies the article that refused.
type RefusalKey struct {
	// Article is the article id ("3"), Rule its rule kind ("velocity").
	Article, Rule string
	// Source is RefusalTx or RefusalProposal.
	Source string
}

// PIVCKey identifies captured PIVC by denom and source ("transfer" for the
// bank send restriction, or the module that captured from its escrow, e.g.
// "forge").
type PIVCKey struct {
	Denom, Source string
}

// Block is what one committed block did to the economy.
type Block struct {
	Height int64

	// Flows are the value movements by denom, message type and kind. Gas
	// fees (any movement into or out of the fee collector) and PIVC moving
	// into its pools are not flows: the fee is counted in Captured.
	Flows map[FlowKey]*Flow
	// Corridors are the KindTransfer flows by payer and payee.
	Corridors map[CorridorKey]*Flow

	// Captured is the PIVC charged, by denom and source; ToGrowth and ToUBO
	// are the shares credited to the two pools, by denom.
	Captured map[PIVCKey]math.Int
	ToGrowth map[string]math.Int
	ToUBO    map[string]math.Int
	// UBOClaimed is what accounts claimed from the UBO pool; GrowthSpent what
	// the authority spent from the growth pool.
	UBOClaimed  map[string]math.Int
	GrowthSpent map[string]math.Int

	// Minted and Burned are x/mint's mints and burns (AZR and a-Tokens).
	Minted map[string]math.Int
	Burned map[string]math.Int

	// Checkpoints is the number of journal checkpoints recorded; each runs a
	// reconciliation, which Reconciled or Mismatched counts. ReconFailures
	// are the checks that did not match, by check.
	Checkpoints   uint64
	Reconciled    uint64
	Mismatched    uint64
	ReconFailures map[string]uint64

	// Refusals are the committed x/aegis refusals by article.
	Refusals map[RefusalKey]uint64

	// ForgeOrders counts forge order transitions by the state entered.
	ForgeOrders map[string]uint64
	// MeshFeedback is the number of mesh feedback reports applied.
	MeshFeedback uint64

	// Txs and FailedTxs count the block's transactions and those that failed.
	Txs, FailedTxs uint64
}

// NewBlock returns an empty Block at height.
func NewBlock(height int64) *Block {
	return &Block{
		Height:        height,
		Flows:         map[FlowKey]*Flow{},
		Corridors:     map[CorridorKey]*Flow{},
		Captured:      map[PIVCKey]math.Int{},
		ToGrowth:      map[string]math.Int{},
		ToUBO:         map[string]math.Int{},
		UBOClaimed:    map[string]math.Int{},
		GrowthSpent:   map[string]math.Int{},
		Minted:        map[string]math.Int{},
		Burned:        map[string]math.Int{},
		ReconFailures: map[string]uint64{},
		Refusals:      map[RefusalKey]uint64{},
		ForgeOrders:   map[string]uint64{},
	}
}

// Accounts classifies the addresses that movements name.
type Accounts struct {
	modules      map[string]string // bech32 address → module account name
	feeCollector string
	pools        map[string]bool // the PIVC pools
}

// NewAccounts returns the classifier for the given module accounts (bech32
// address → module name). The fee collector and the PIVC pools are found by
// their names ("fee_collector", "pivc_growth", "pivc_ubo").
func NewAccounts(modules map[string]string) Accounts {
	a := Accounts{modules: make(map[string]string, len(modules)), pools: map[string]bool{}}
	for addr, name := range modules {
		a.modules[addr] = name
		switch name {
		case FeeCollectorName:
			a.feeCollector = addr
		case pivctypes.GrowthPoolName, pivctypes.UBOPoolName:
			a.pools[addr] = true
		}
	}
	return a
}

// FeeCollectorName is x/auth's fee collector module account.
const FeeCollectorName = "fee_collector"

// IsModule reports whether addr is a module account.
func (a Accounts) IsModule(addr string) bool {
	_, ok := a.modules[addr]
	return ok
}

// kind returns the kind of a movement from → to, and false for movements
// that are not flows (gas fees, PIVC moving into its pools).
func (a Accounts) kind(from, to string) (string, bool) {
	if from == a.feeCollector || to == a.feeCollector || a.pools[to] {
		return "", false
	}
	fromMod, toMod := a.IsModule(from), a.IsModule(to)
	switch {
	case fromMod && toMod:
		return KindModule, true
	case fromMod:
		return KindFromModule, true
	case toMod:
		return KindToModule, true
	default:
		return KindTransfer, true
	}
}

// articleRe finds the article in an x/aegis rejection:
// "aegis: article 3 (velocity): ...".
var articleRe = regexp.MustCompile(`aegis: article (\d+) \(([a-z0-9-]+)\)`)

// refusalOf returns the article named by a failure log.
func refusalOf(log, source string) (RefusalKey, bool) {
	m := articleRe.FindStringSubmatch(log)
	if m == nil {
		return RefusalKey{}, false
	}
	return RefusalKey{Article: m[1], Rule: m[2], Source: source}, true
}

// FromResults reads one committed block: its transactions' results in block
// order and its block-level events (pre/begin/end block), as in
// ResponseFinalizeBlock and in CometBFT's block_results.
func FromResults(height int64, txs []*abci.ExecTxResult, blockEvents []abci.Event, accounts Accounts) *Block {
	b := NewBlock(height)
	for _, tx := range txs {
		if tx == nil {
			continue
		}
		b.Txs++
		if tx.Code != 0 {
			// A failed transaction changed nothing but its gas fee (not a
			// flow); only a constitution refusal is counted.
			b.FailedTxs++
			if r, ok := refusalOf(tx.Log, RefusalTx); ok {
				b.Refusals[r]++
			}
			continue
		}
		b.readTx(tx.Events, accounts)
	}
	for _, ev := range blockEvents {
		b.readEvent(ev, blockMsgType(ev), accounts)
		if ev.Type == govtypes.EventTypeActiveProposal && attr(ev, govtypes.AttributeKeyProposalResult) == govtypes.AttributeValueProposalFailed {
			if r, ok := refusalOf(attr(ev, govtypes.AttributeKeyProposalLog), RefusalProposal); ok {
				b.Refusals[r]++
			}
		}
	}
	return b
}

// readTx reads a successful transaction's events. The baseapp marks every
// event of message i with msg_index=i and opens each message's events with
// a "message" event whose action is the message's type URL.
func (b *Block) readTx(events []abci.Event, accounts Accounts) {
	actions := map[string]string{}
	for _, ev := range events {
		if ev.Type != sdk.EventTypeMessage {
			continue
		}
		action, idx := attr(ev, sdk.AttributeKeyAction), attr(ev, "msg_index")
		if action != "" && idx != "" {
			if _, seen := actions[idx]; !seen {
				actions[idx] = action
			}
		}
	}
	for _, ev := range events {
		msgType := MsgTypeTx
		if idx := attr(ev, "msg_index"); idx != "" {
			if a, ok := actions[idx]; ok {
				msgType = a
			}
		}
		b.readEvent(ev, msgType, accounts)
	}
}

// blockMsgType names the phase of a block-level event: the baseapp adds
// mode=BeginBlock or mode=EndBlock to those phases' events and nothing to
// the pre-block's.
func blockMsgType(ev abci.Event) string {
	switch attr(ev, "mode") {
	case "BeginBlock":
		return MsgTypeBeginBlock
	case "EndBlock":
		return MsgTypeEndBlock
	default:
		return MsgTypePreBlock
	}
}

// parseTyped decodes a typed event. The baseapp appends attributes that are
// not fields of the event (msg_index, and mode=BeginBlock|EndBlock, which is
// not even JSON): they are dropped first.
func parseTyped(ev abci.Event) (proto.Message, error) {
	own := abci.Event{Type: ev.Type, Attributes: make([]abci.EventAttribute, 0, len(ev.Attributes))}
	for _, a := range ev.Attributes {
		if a.Key != "msg_index" && a.Key != "mode" {
			own.Attributes = append(own.Attributes, a)
		}
	}
	return sdk.ParseTypedEvent(own)
}

// readEvent adds one committed event to b.
func (b *Block) readEvent(ev abci.Event, msgType string, accounts Accounts) {
	switch ev.Type {
	case banktypes.EventTypeTransfer:
		b.readTransfer(ev, msgType, accounts)
		return
	case govtypes.EventTypeActiveProposal, sdk.EventTypeMessage:
		return
	}
	if !strings.HasPrefix(ev.Type, "azora.") {
		return
	}
	if ev.Type == eventFeeCapturedType {
		// One per charged transfer: read without reflection (hot path).
		if err := b.readFeeCaptured(ev); err == nil {
			return
		}
	}
	msg, err := parseTyped(ev)
	if err != nil {
		// Not one of ours that this package knows (or a newer field it
		// cannot read): skip it rather than miscount.
		return
	}
	switch e := msg.(type) {
	case *pivctypes.EventFeeCaptured:
		for _, c := range e.Fee {
			k := PIVCKey{Denom: c.Denom, Source: e.Source}
			b.Captured[k] = add(b.Captured[k], c.Amount)
		}
		addCoins(b.ToGrowth, e.ToGrowth)
		addCoins(b.ToUBO, e.ToUbo)
	case *pivctypes.EventUBOClaimed:
		addCoins(b.UBOClaimed, e.Amount)
	case *pivctypes.EventGrowthSpent:
		addCoins(b.GrowthSpent, e.Amount)
	case *minttypes.EventMinted:
		addCoins(b.Minted, sdk.Coins{e.Amount})
	case *minttypes.EventBurned:
		addCoins(b.Burned, sdk.Coins{e.Amount})
	case *ledgertypes.EventCheckpointRecorded:
		b.Checkpoints++
		if e.Reconciled {
			b.Reconciled++
		} else {
			b.Mismatched++
		}
	case *ledgertypes.EventReconciliationFailed:
		b.ReconFailures[e.Check]++
	case *forgetypes.EventOrderPlaced:
		b.ForgeOrders[OrderPlaced]++
	case *forgetypes.EventOrderAccepted:
		b.ForgeOrders[OrderAccepted]++
	case *forgetypes.EventDisputeOpened:
		b.ForgeOrders[OrderDisputed]++
	case *forgetypes.EventOrderHeld:
		b.ForgeOrders[OrderHeld]++
	case *forgetypes.EventOrderSettled:
		b.ForgeOrders[OrderSettled]++
	case *forgetypes.EventOrderRefunded:
		b.ForgeOrders[OrderRefunded]++
	case *meshtypes.EventFeedbackSubmitted:
		b.MeshFeedback++
	}
}

// eventFeeCapturedType is the type of x/pivc's EventFeeCaptured.
const eventFeeCapturedType = "azora.pivc.v1.EventFeeCaptured"

// readFeeCaptured reads the fee, to_growth, to_ubo and source of an
// EventFeeCaptured: proto-JSON coin lists and a JSON string, as
// EmitTypedEvent (and x/pivc's ToEvent) write them. An error leaves b as it
// was, and the caller falls back to the typed decoder.
func (b *Block) readFeeCaptured(ev abci.Event) error {
	var source string
	var fee, growth, ubo sdk.Coins
	for _, a := range ev.Attributes {
		var err error
		switch a.Key {
		case "source":
			err = json.Unmarshal([]byte(a.Value), &source)
		case "fee":
			fee, err = jsonCoins(a.Value)
		case "to_growth":
			growth, err = jsonCoins(a.Value)
		case "to_ubo":
			ubo, err = jsonCoins(a.Value)
		}
		if err != nil {
			return err
		}
	}
	for _, c := range fee {
		k := PIVCKey{Denom: c.Denom, Source: source}
		b.Captured[k] = add(b.Captured[k], c.Amount)
	}
	addCoins(b.ToGrowth, growth)
	addCoins(b.ToUBO, ubo)
	return nil
}

// jsonCoins decodes a proto-JSON coin list: [{"denom":"uazr","amount":"5"}].
func jsonCoins(s string) (sdk.Coins, error) {
	var raw []struct {
		Denom  string `json:"denom"`
		Amount string `json:"amount"`
	}
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, err
	}
	out := make(sdk.Coins, 0, len(raw))
	for _, r := range raw {
		amt, ok := math.NewIntFromString(r.Amount)
		if !ok || amt.IsNegative() {
			return nil, fmt.Errorf("invalid amount %q", r.Amount)
		}
		out = append(out, sdk.Coin{Denom: r.Denom, Amount: amt})
	}
	return out, nil
}

// readTransfer adds a bank transfer event (one per SendCoins, and one per
// output of a multi-send) to the flows.
func (b *Block) readTransfer(ev abci.Event, msgType string, accounts Accounts) {
	from, to := attr(ev, banktypes.AttributeKeySender), attr(ev, banktypes.AttributeKeyRecipient)
	kind, ok := accounts.kind(from, to)
	if !ok {
		return
	}
	coins, err := sdk.ParseCoinsNormalized(attr(ev, sdk.AttributeKeyAmount))
	if err != nil {
		return
	}
	for _, c := range coins {
		if !c.Amount.IsPositive() {
			continue
		}
		k := FlowKey{Denom: c.Denom, MsgType: msgType, Kind: kind}
		f := b.Flows[k]
		if f == nil {
			f = &Flow{}
			b.Flows[k] = f
		}
		f.add(c.Amount)
		if kind == KindTransfer {
			ck := CorridorKey{From: from, To: to, Denom: c.Denom}
			cf := b.Corridors[ck]
			if cf == nil {
				cf = &Flow{}
				b.Corridors[ck] = cf
			}
			cf.add(c.Amount)
		}
	}
}

// attr returns the value of the first attribute key of ev.
func attr(ev abci.Event, key string) string {
	for _, a := range ev.Attributes {
		if a.Key == key {
			return a.Value
		}
	}
	return ""
}

func add(a, b math.Int) math.Int {
	if a.IsNil() {
		return b
	}
	return a.Add(b)
}

func addCoins(m map[string]math.Int, coins sdk.Coins) {
	for _, c := range coins {
		if c.Amount.IsNil() || c.Amount.IsZero() {
			continue
		}
		m[c.Denom] = add(m[c.Denom], c.Amount)
	}
}

// SortedFlowKeys returns the keys of flows in (denom, msg type, kind) order.
func SortedFlowKeys(flows map[FlowKey]*Flow) []FlowKey {
	keys := make([]FlowKey, 0, len(flows))
	for k := range flows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.Denom != b.Denom {
			return a.Denom < b.Denom
		}
		if a.MsgType != b.MsgType {
			return a.MsgType < b.MsgType
		}
		return a.Kind < b.Kind
	})
	return keys
}

// SortedDenoms returns the keys of an amount map in order.
func SortedDenoms(m map[string]math.Int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
