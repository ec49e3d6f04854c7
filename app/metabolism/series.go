package metabolism

import (
	"regexp"
	"sort"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	tm "github.com/azora-os/nexus/types/metabolism"
)

// Namespace prefixes every series (CometBFT's own series share it:
// config.toml instrumentation.namespace is "nexus").
const Namespace = "nexus"

// series are the exported Prometheus series. docs/operations.md describes
// each; TestSeriesAreDocumented keeps the two in step.
type series struct {
	volume, movements                        *prometheus.CounterVec
	captured                                 *prometheus.CounterVec
	toGrowth, toUBO, uboClaimed, growthSpent *prometheus.CounterVec
	minted, burned                           *prometheus.CounterVec
	journalEntries                           prometheus.Counter
	checkpoints                              prometheus.Counter
	reconciliations, reconFailures           *prometheus.CounterVec
	refusals                                 *prometheus.CounterVec
	forgeOrders                              *prometheus.CounterVec
	meshFeedback                             prometheus.Counter
	blocks                                   prometheus.Counter
	txs                                      *prometheus.CounterVec

	pools, supply, escrow *prometheus.GaugeVec
	openOrders            prometheus.Gauge
	lastCheckpoint        prometheus.Gauge
	height, firstHeight   prometheus.Gauge

	// all are every collector, for SeriesNames.
	all []prometheus.Collector

	mu sync.Mutex
	// journalSeq is the journal sequence exported so far.
	journalSeq uint64
	// seen are the label values each gauge vector was set for, so a value
	// that disappears (a pool emptied) is set to 0 rather than left stale.
	seen  map[*prometheus.GaugeVec]map[[2]string]bool
	first bool
}

func counterVec(reg *[]prometheus.Collector, subsystem, name, help string, labels ...string) *prometheus.CounterVec {
	v := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: subsystem, Name: name, Help: help}, labels)
	*reg = append(*reg, v)
	return v
}

func counter(reg *[]prometheus.Collector, subsystem, name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Namespace: Namespace, Subsystem: subsystem, Name: name, Help: help})
	*reg = append(*reg, c)
	return c
}

func gaugeVec(reg *[]prometheus.Collector, subsystem, name, help string, labels ...string) *prometheus.GaugeVec {
	v := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: Namespace, Subsystem: subsystem, Name: name, Help: help}, labels)
	*reg = append(*reg, v)
	return v
}

func gauge(reg *[]prometheus.Collector, subsystem, name, help string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Subsystem: subsystem, Name: name, Help: help})
	*reg = append(*reg, g)
	return g
}

func newSeries(r prometheus.Registerer) (*series, error) {
	var cs []prometheus.Collector
	s := &series{
		volume: counterVec(&cs, "value", "volume_total",
			"Value moved by committed blocks, in base units, by denom, message type and kind (transfer = account to account).",
			"denom", "msg_type", "kind"),
		movements: counterVec(&cs, "value", "movements_total",
			"Number of value movements in committed blocks, by denom, message type and kind.",
			"denom", "msg_type", "kind"),
		captured: counterVec(&cs, "pivc", "captured_total",
			"PIVC captured, in base units, by denom and source (transfer, or the module that captured from escrow).",
			"denom", "source"),
		toGrowth:    counterVec(&cs, "pivc", "to_growth_total", "PIVC credited to the growth pool, in base units.", "denom"),
		toUBO:       counterVec(&cs, "pivc", "to_ubo_total", "PIVC credited to the UBO pool, in base units.", "denom"),
		uboClaimed:  counterVec(&cs, "pivc", "ubo_claimed_total", "UBO claimed by accounts, in base units.", "denom"),
		growthSpent: counterVec(&cs, "pivc", "growth_spent_total", "Growth pool spent by the authority, in base units.", "denom"),
		minted:      counterVec(&cs, "mint", "minted_total", "AZR and a-Tokens minted by x/mint, in base units.", "denom"),
		burned:      counterVec(&cs, "mint", "burned_total", "AZR and a-Tokens burned through x/mint, in base units.", "denom"),
		journalEntries: counter(&cs, "ledger", "journal_entries_total",
			"Entries the x/ledger journal has recorded since genesis (its newest sequence, from state)."),
		checkpoints: counter(&cs, "ledger", "checkpoints_total", "Journal checkpoints recorded."),
		reconciliations: counterVec(&cs, "ledger", "reconciliations_total",
			"Reconciliations run at checkpoints, by result (reconciled or mismatch).", "result"),
		reconFailures: counterVec(&cs, "ledger", "reconciliation_failures_total",
			"Reconciliation checks that did not match, by check (pivc_fees, pivc_pools, account, supply).", "check"),
		refusals: counterVec(&cs, "aegis", "refusals_total",
			"Committed transactions and proposals the constitution refused, by article, rule and source (tx or proposal).",
			"article", "rule", "source"),
		forgeOrders: counterVec(&cs, "forge", "orders_total",
			"Forge order transitions, by the state entered (placed, accepted, disputed, held, settled, refunded).", "state"),
		meshFeedback: counter(&cs, "mesh", "feedback_total", "Mesh feedback reports applied."),
		blocks:       counter(&cs, "metabolism", "blocks_total", "Committed blocks the exporter has read."),
		txs:          counterVec(&cs, "metabolism", "txs_total", "Committed transactions, by result (ok or failed).", "result"),

		pools: gaugeVec(&cs, "pivc", "pool_balance",
			"Balance of the PIVC pools after the latest block, in base units, by pool (growth, ubo) and denom.", "pool", "denom"),
		supply: gaugeVec(&cs, "", "supply",
			"Supply of every denom (AZR, ustake, a-Tokens) after the latest block, in base units.", "denom"),
		escrow: gaugeVec(&cs, "forge", "escrow_held",
			"Value held in forge escrow for open orders after the latest block, in base units.", "denom"),
		openOrders: gauge(&cs, "forge", "open_orders", "Open forge orders after the latest block."),
		lastCheckpoint: gauge(&cs, "ledger", "last_checkpoint_height",
			"Height of the newest journal checkpoint (0 before the first)."),
		height: gauge(&cs, "metabolism", "height", "Height of the latest block the exporter has read."),
		firstHeight: gauge(&cs, "metabolism", "first_height",
			"Height of the first block this process read: event counters count from it."),

		seen:  map[*prometheus.GaugeVec]map[[2]string]bool{},
		first: true,
	}
	s.all = cs
	for i, c := range cs {
		if err := r.Register(c); err != nil {
			for _, done := range cs[:i] {
				r.Unregister(done)
			}
			return nil, err
		}
	}
	// Series with a fixed set of labels exist from the start, at 0.
	for _, res := range []string{"reconciled", "mismatch"} {
		s.reconciliations.WithLabelValues(res)
	}
	for _, st := range []string{tm.OrderPlaced, tm.OrderAccepted, tm.OrderDisputed, tm.OrderHeld, tm.OrderSettled, tm.OrderRefunded} {
		s.forgeOrders.WithLabelValues(st)
	}
	for _, res := range []string{"ok", "failed"} {
		s.txs.WithLabelValues(res)
	}
	return s, nil
}

// fqNameRe reads the name out of a prometheus.Desc's String().
var fqNameRe = regexp.MustCompile(`fqName: "([a-z_]+)"`)

// SeriesNames returns the name of every series the exporter exports.
func SeriesNames() ([]string, error) {
	s, err := newSeries(prometheus.NewRegistry())
	if err != nil {
		return nil, err
	}
	var names []string
	for _, c := range s.all {
		ch := make(chan *prometheus.Desc, 4)
		go func() { c.Describe(ch); close(ch) }() // nolint:nondeterminism // Describe writes to a channel
		for d := range ch {
			if m := fqNameRe.FindStringSubmatch(d.String()); m != nil {
				names = append(names, m[1])
			}
		}
	}
	sort.Strings(names)
	return names, nil
}

// apply adds one committed block to the counters.
func (s *series) apply(b *tm.Block) {
	for k, f := range b.Flows {
		s.volume.WithLabelValues(k.Denom, k.MsgType, k.Kind).Add(amount(f.Amount))
		s.movements.WithLabelValues(k.Denom, k.MsgType, k.Kind).Add(amount(math.NewIntFromUint64(f.Count)))
	}
	for k, v := range b.Captured {
		s.captured.WithLabelValues(k.Denom, k.Source).Add(amount(v))
	}
	addDenoms(s.toGrowth, b.ToGrowth)
	addDenoms(s.toUBO, b.ToUBO)
	addDenoms(s.uboClaimed, b.UBOClaimed)
	addDenoms(s.growthSpent, b.GrowthSpent)
	addDenoms(s.minted, b.Minted)
	addDenoms(s.burned, b.Burned)
	addCount(s.checkpoints, b.Checkpoints)
	addCount(s.reconciliations.WithLabelValues("reconciled"), b.Reconciled)
	addCount(s.reconciliations.WithLabelValues("mismatch"), b.Mismatched)
	for check, n := range b.ReconFailures {
		addCount(s.reconFailures.WithLabelValues(check), n)
	}
	for k, n := range b.Refusals {
		addCount(s.refusals.WithLabelValues(k.Article, k.Rule, k.Source), n)
	}
	for st, n := range b.ForgeOrders {
		addCount(s.forgeOrders.WithLabelValues(st), n)
	}
	addCount(s.meshFeedback, b.MeshFeedback)
	s.blocks.Inc()
	addCount(s.txs.WithLabelValues("ok"), b.Txs-b.FailedTxs)
	addCount(s.txs.WithLabelValues("failed"), b.FailedTxs)
}

func addDenoms(v *prometheus.CounterVec, m map[string]math.Int) {
	for denom, x := range m {
		v.WithLabelValues(denom).Add(amount(x))
	}
}

func addCount(c prometheus.Counter, n uint64) {
	if n > 0 {
		c.Add(amount(math.NewIntFromUint64(n)))
	}
}

// setLevels sets the gauges (and the journal counter, which follows state).
func (s *series) setLevels(lv Levels) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setCoins(s.pools, "growth", lv.GrowthPool)
	s.setCoins(s.pools, "ubo", lv.UBOPool)
	s.setCoins(s.supply, "", lv.Supply)
	s.setCoins(s.escrow, "", lv.EscrowHeld)
	s.openOrders.Set(amount(math.NewIntFromUint64(lv.OpenOrders)))
	s.lastCheckpoint.Set(amount(math.NewInt(lv.LastCheckpointHeight)))
	// The journal's sequence only grows; a counter follows it.
	if lv.JournalLastSequence > s.journalSeq {
		s.journalEntries.Add(amount(math.NewIntFromUint64(lv.JournalLastSequence - s.journalSeq)))
		s.journalSeq = lv.JournalLastSequence
	}
}

// setCoins sets v{[prefix,] denom} for every coin, and to 0 every denom
// set before that coins no longer has.
func (s *series) setCoins(v *prometheus.GaugeVec, prefix string, coins sdk.Coins) {
	seen := s.seen[v]
	if seen == nil {
		seen = map[[2]string]bool{}
		s.seen[v] = seen
	}
	labels := func(denom string) []string {
		if prefix == "" {
			return []string{denom}
		}
		return []string{prefix, denom}
	}
	now := map[string]bool{}
	for _, c := range coins {
		v.WithLabelValues(labels(c.Denom)...).Set(amount(c.Amount))
		seen[[2]string{prefix, c.Denom}] = true
		now[c.Denom] = true
	}
	for k := range seen {
		if k[0] == prefix && !now[k[1]] {
			v.WithLabelValues(labels(k[1])...).Set(0)
		}
	}
}

// setHeight records the latest block read.
func (s *series) setHeight(h int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.first {
		s.firstHeight.Set(amount(math.NewInt(h)))
		s.first = false
	}
	s.height.Set(amount(math.NewInt(h)))
}
