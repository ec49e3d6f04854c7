package bench

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
)

// Scenarios.
const (
	// ScenarioBankSend: every transaction is one bank MsgSend.
	ScenarioBankSend = "bank-send"
	// ScenarioLedgerTransfer: every transaction is one x/ledger MsgTransfer
	// with a fresh client reference. The stock chain, which has no x/ledger,
	// gets a MsgSend of the same amount between the same accounts instead.
	ScenarioLedgerTransfer = "ledger-transfer"
	// ScenarioMixed: transfers (bank and ledger), multi-sends, AZR mints by
	// treasurers, forge orders and mesh feedback by reporters, in fixed
	// shares (see mixedPattern). The stock chain gets a MsgSend for each
	// Nexus-only message and a MultiSend for each multi-send.
	ScenarioMixed = "mixed"
)

// Scenarios lists the scenario names.
var Scenarios = []string{ScenarioBankSend, ScenarioLedgerTransfer, ScenarioMixed}

// TxKind is what one transaction does.
type TxKind string

// Kinds of transactions.
const (
	KindSend      TxKind = "send"       // bank MsgSend
	KindTransfer  TxKind = "transfer"   // x/ledger MsgTransfer with a reference
	KindMultiSend TxKind = "multi-send" // bank MsgMultiSend, one input, MultiSendOutputs outputs
	KindMint      TxKind = "mint"       // x/mint MsgMint of uazr by a treasurer
	KindOrder     TxKind = "order"      // x/forge MsgPlaceOrder of one unit
	KindFeedback  TxKind = "feedback"   // x/mesh MsgSubmitFeedback by a reporter
)

// MultiSendOutputs is the number of recipients of a multi-send.
const MultiSendOutputs = 3

// DefaultGas is the gas limit of each kind of transaction, measured on Nexus
// with every rule on (the report's gas_used shows the real figures) plus a
// margin. The stock chain uses less, and the same limit changes nothing
// there: the fee is paid on the limit on both chains.
var DefaultGas = map[TxKind]uint64{
	KindSend:      200_000,
	KindTransfer:  250_000,
	KindMultiSend: 400_000,
	KindMint:      250_000,
	KindOrder:     300_000,
	KindFeedback:  250_000,
}

// mixedPattern is the kind each account sends in the mixed scenario,
// repeating every 20 accounts: 30% bank sends, 20% ledger transfers, 15%
// multi-sends, 10% mints, 15% forge orders, 10% mesh feedback. An account
// sends one kind only, so the roles genesis must grant (treasurer, reporter)
// go to the accounts that need them.
var mixedPattern = [20]TxKind{
	KindSend, KindTransfer, KindMultiSend, KindOrder, KindSend,
	KindMint, KindTransfer, KindSend, KindFeedback, KindOrder,
	KindSend, KindTransfer, KindMultiSend, KindSend, KindMint,
	KindOrder, KindTransfer, KindSend, KindFeedback, KindMultiSend,
}

// Layout is what a scenario needs from genesis and how each account takes
// part: the kind every sender sends, the role holders, the forge listings
// and the mesh nodes.
type Layout struct {
	Scenario string
	Accounts []Account
	// Senders is the number of accounts that send (the first Senders).
	Senders int
	// Amount is the uazr amount of a transfer, a mint and a listing's price.
	Amount int64
	// Treasurers are the accounts that mint (x/mint treasurer).
	Treasurers []int
	// Reporters are the accounts that send mesh feedback (x/mesh reporter).
	Reporters []int
	// Listings are the forge listings of genesis: Listings[k] has id k+1
	// and is sold by account Listings[k].
	Listings []int
	// Nodes are the mesh nodes of genesis: Nodes[k] is "bench-node-<k>",
	// owned by account Nodes[k].
	Nodes []int
	// Deadline is the x/ledger payment deadline of every transfer: the
	// transactions are signed before the chain starts, so one deadline a
	// day after the layout was made covers any run (the chain refuses one
	// more than params.max_payment_deadline, 7 days, ahead).
	Deadline time.Time
}

// NewLayout lays out a scenario over accounts, the first senders of which
// send.
func NewLayout(scenario string, accounts []Account, senders int, amount int64) (*Layout, error) {
	if !slices.Contains(Scenarios, scenario) {
		return nil, fmt.Errorf("unknown scenario %q (want one of %v)", scenario, Scenarios)
	}
	if len(accounts) < 2 {
		return nil, fmt.Errorf("a scenario needs at least 2 accounts, got %d", len(accounts))
	}
	if senders < 1 || senders > len(accounts) {
		return nil, fmt.Errorf("senders must be in [1, %d], got %d", len(accounts), senders)
	}
	l := &Layout{Scenario: scenario, Accounts: accounts, Senders: senders, Amount: amount,
		Deadline: time.Now().Add(24 * time.Hour).Truncate(time.Second)}
	if scenario != ScenarioMixed {
		return l, nil
	}
	if senders < len(mixedPattern) {
		return nil, fmt.Errorf("the mixed scenario needs at least %d senders, got %d", len(mixedPattern), senders)
	}
	var plain []int // senders of sends: they also sell on forge and own mesh nodes
	var buyers, reporters int
	for i := range senders {
		switch l.KindOf(i) {
		case KindMint:
			l.Treasurers = append(l.Treasurers, i)
		case KindFeedback:
			l.Reporters = append(l.Reporters, i)
			reporters++
		case KindOrder:
			buyers++
		case KindSend:
			plain = append(plain, i)
		}
	}
	// One listing per ~10 buyers and one node per ~5 reporters, so the
	// per-listing stock and per-node reputation are not one hot key.
	for k := range max(2, buyers/10) {
		l.Listings = append(l.Listings, plain[k%len(plain)])
	}
	for k := range max(2, reporters/5) {
		l.Nodes = append(l.Nodes, plain[(k+len(l.Listings))%len(plain)])
	}
	return l, nil
}

// KindOf returns the kind of transaction sender i sends on Nexus.
func (l *Layout) KindOf(i int) TxKind {
	switch l.Scenario {
	case ScenarioLedgerTransfer:
		return KindTransfer
	case ScenarioMixed:
		return mixedPattern[i%len(mixedPattern)]
	default:
		return KindSend
	}
}

// StockKind returns what the stock chain sends in place of kind: a multi-send
// stays a multi-send, everything else becomes a bank send between the same
// accounts.
func StockKind(kind TxKind) TxKind {
	if kind == KindMultiSend {
		return KindMultiSend
	}
	return KindSend
}

// Recipient returns the account that tx seq of sender receives (or is
// minted to): a pseudo-random account other than sender, spread over every
// account of genesis, not only the senders.
func (l *Layout) Recipient(sender, seq, output int) int {
	n := len(l.Accounts)
	r := splitmix64(uint64(sender)<<32 ^ uint64(seq)<<4 ^ uint64(output))
	return (sender + 1 + int(r%uint64(n-1))) % n
}

// Msgs returns the messages of tx seq of sender, for Nexus or, with stock,
// for the stock chain.
func (l *Layout) Msgs(sender, seq int, stock bool) ([]sdk.Msg, TxKind) {
	kind := l.KindOf(sender)
	if stock {
		kind = StockKind(kind)
	}
	from := l.Accounts[sender]
	to := l.Accounts[l.Recipient(sender, seq, 0)]
	amount := sdk.NewCoins(sdk.NewInt64Coin(FeeDenom, l.Amount))
	switch kind {
	case KindTransfer:
		return []sdk.Msg{LedgerTransferMsg(from, to, amount, fmt.Sprintf("bench-%d-%d", sender, seq), l.Deadline)}, kind
	case KindMultiSend:
		outputs := make([]banktypes.Output, MultiSendOutputs)
		for o := range outputs {
			outputs[o] = banktypes.NewOutput(l.Accounts[l.Recipient(sender, seq, o)].Addr, amount)
		}
		total := sdk.NewCoins(sdk.NewInt64Coin(FeeDenom, l.Amount*MultiSendOutputs))
		return []sdk.Msg{banktypes.NewMsgMultiSend(banktypes.NewInput(from.Addr, total), outputs)}, kind
	case KindMint:
		return []sdk.Msg{&minttypes.MsgMint{Minter: from.Bech32, Recipient: to.Bech32, Amount: amount[0]}}, kind
	case KindOrder:
		listing := (sender/len(mixedPattern) + seq) % len(l.Listings)
		return []sdk.Msg{&forgetypes.MsgPlaceOrder{
			Buyer: from.Bech32, ListingId: uint64(listing + 1), Quantity: 1, UnitPrice: amount[0],
		}}, kind
	case KindFeedback:
		node := (sender/len(mixedPattern) + seq) % len(l.Nodes)
		evidence := sha256.Sum256(fmt.Appendf(nil, "bench evidence %d/%d", sender, seq))
		return []sdk.Msg{&meshtypes.MsgSubmitFeedback{
			Reporter: from.Bech32, NodeId: NodeID(node), Model: "bench-model",
			Score: uint64(splitmix64(uint64(sender)<<20^uint64(seq)) % 1_000_001), EvidenceHash: hex.EncodeToString(evidence[:]),
			ActionId: fmt.Sprintf("bench-%d-%d", sender, seq),
		}}, kind
	default:
		return []sdk.Msg{banktypes.NewMsgSend(from.Addr, to.Addr, amount)}, KindSend
	}
}

// LedgerTransferMsg is the x/ledger payment the scenarios send. It is the one
// place that builds MsgTransfer, so a change to the message (a new field
// such as a deadline) is made here.
func LedgerTransferMsg(from, to Account, amount sdk.Coins, reference string, deadline time.Time) sdk.Msg {
	return &ledgertypes.MsgTransfer{From: from.Bech32, To: to.Bech32, Amount: amount, Reference: reference, Deadline: &deadline}
}

// NodeID is the id of mesh node k of the mixed scenario's genesis.
func NodeID(k int) string { return fmt.Sprintf("bench-node-%d", k) }

// splitmix64 is a fixed, well-mixed hash of x (Steele et al.), so the
// recipients are spread evenly and identical in every run.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
