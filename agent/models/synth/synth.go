// Package synth generates synthetic Nexus payment traffic from a seed: a
// population of clean accounts with varied, realistic behaviour (consumers,
// near-limit spenders, merchants, businesses, payroll employers,
// subscribers, occasional and new accounts) that respects the aegis tier
// limits, plus injected anomalies of known kinds on known accounts in the
// last day. The anomaly tests tune on one draw and are evaluated on others;
// the agent's demo traffic can reuse it.
//
// Deterministic: the same Config gives the same Traffic.
package synth

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/cosmos/cosmos-sdk/types/bech32"

	"github.com/azora-os/nexus/agent/models/anomaly"
	"github.com/azora-os/nexus/agent/models/flow"
)

// Kind is what an account was made to do in the last day.
type Kind string

// Kinds.
const (
	Clean             Kind = "clean"
	Size              Kind = "size"
	Velocity          Kind = "velocity"
	NewCounterparties Kind = "new-counterparties"
	Circular          Kind = "circular"
	Structuring       Kind = "structuring"
	DailySplitting    Kind = "daily-splitting"
)

// Kinds lists the injected kinds.
var Kinds = []Kind{Size, Velocity, NewCounterparties, Circular, Structuring, DailySplitting}

// Denom is the only denom generated; amounts are in its base unit (1 AZR =
// 10^6).
const Denom = "uazr"

const azr = 1e6

// Tiers are the devnet's aegis tiers (x/aegis README, article 3).
var Tiers = []anomaly.Tier{
	{Name: "basic", Limits: map[string]anomaly.Limit{Denom: {PerTx: 1_000 * azr, PerDay: 5_000 * azr}}},
	{Name: "standard", Limits: map[string]anomaly.Limit{Denom: {PerTx: 25_000 * azr, PerDay: 100_000 * azr}}},
	{Name: "enhanced", Limits: map[string]anomaly.Limit{Denom: {PerTx: 250_000 * azr, PerDay: 1_000_000 * azr}}},
}

// Mix weighs the archetypes of the clean population.
type Mix struct {
	Consumer, Heavy, Merchant, Business, Payroll, Subscriber, Occasional, Newcomer float64
}

// DefaultMix is the tuning population's mix.
func DefaultMix() Mix {
	return Mix{Consumer: 0.50, Heavy: 0.06, Merchant: 0.12, Business: 0.06, Payroll: 0.03, Subscriber: 0.10, Occasional: 0.08, Newcomer: 0.05}
}

// Config sets a draw.
type Config struct {
	Seed uint64
	// Accounts is the population size (clean and to-be-injected together).
	Accounts int
	// HistoryDays of clean traffic precede the last day (the window).
	HistoryDays int
	// Start is the first day's midnight (block time).
	Start time.Time
	// PerKind is how many accounts of each injected kind (circular rings
	// are added until at least PerKind accounts are on rings).
	PerKind int
	Mix     Mix
}

// DefaultConfig: 2000 accounts, 28 days of history, 40 injected per kind.
func DefaultConfig(seed uint64) Config {
	return Config{Seed: seed, Accounts: 2000, HistoryDays: 28, Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), PerKind: 40, Mix: DefaultMix()}
}

// Traffic is a draw.
type Traffic struct {
	Transfers []flow.Transfer
	// End is the end of the last day; the window is the 24 h before it.
	End time.Time
	// Limits are the tiers and each account's tier.
	Limits anomaly.TierTable
	// Kind of every population account (Clean or injected), and Archetype.
	Kind      map[string]Kind
	Archetype map[string]string
	// Accounts is the population, sorted.
	Accounts []string
}

type archetype struct {
	name     string
	tier     int
	lambda   float64 // transfers a day
	median   float64 // AZR
	sigma    float64 // of log amount
	favs     []int   // favourite counterparties (population indices)
	zipf     []float64
	pNew     float64 // chance a transfer goes to a random population account
	fixed    float64 // subscriber / payroll: the fixed amount (AZR)
	every    int     // subscriber / payroll: period in days
	offset   int
	firstDay int // first active day
}

type gen struct {
	r        *rand.Rand
	cfg      Config
	addrs    []string
	arch     []archetype
	fresh    int
	seq      uint64
	out      []flow.Transfer
	merchIdx []int
	consIdx  []int
	recent   map[string][]sent
}

type sent struct {
	t      time.Time
	amount float64
}

// usedSince sums what from sent in (since, until].
func (g *gen) usedSince(from string, since, until time.Time) float64 {
	var u float64
	rs := g.recent[from]
	for k := len(rs) - 1; k >= 0 && rs[k].t.After(since); k-- {
		if !rs[k].t.After(until) {
			u += rs[k].amount
		}
	}
	return u
}

// Address returns the bech32 address of population index i of a seed
// (deterministic, valid azora1… addresses).
func Address(seed uint64, i int) string {
	b := make([]byte, 20)
	binary.BigEndian.PutUint64(b[:8], seed)
	binary.BigEndian.PutUint64(b[8:16], uint64(i))
	b[16] = 0x5e
	s, err := bech32.ConvertAndEncode("azora", b)
	if err != nil {
		panic(err)
	}
	return s
}

func (g *gen) freshAddr() string {
	g.fresh++
	return Address(g.cfg.Seed^0xf4e54, 1_000_000+g.fresh)
}

func (g *gen) logU(lo, hi float64) float64 {
	return math.Exp(math.Log(lo) + g.r.Float64()*(math.Log(hi)-math.Log(lo)))
}

func (g *gen) poisson(l float64) int {
	L, k, p := math.Exp(-l), 0, 1.0
	for {
		p *= g.r.Float64()
		if p <= L {
			return k
		}
		k++
	}
}

// Generate draws traffic.
func Generate(cfg Config) (*Traffic, error) {
	if cfg.Accounts < 100 || cfg.HistoryDays < 7 || cfg.PerKind < 0 || cfg.PerKind*8 > cfg.Accounts {
		return nil, fmt.Errorf("synth: need ≥ 100 accounts, ≥ 7 history days and PerKind ≤ accounts/8")
	}
	g := &gen{r: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed*0x9e3779b97f4a7c15+1)), cfg: cfg, recent: map[string][]sent{}}
	n := cfg.Accounts
	for i := range n {
		g.addrs = append(g.addrs, Address(cfg.Seed, i))
	}
	g.population()
	days := cfg.HistoryDays + 1
	tr := &Traffic{
		End:       cfg.Start.Add(time.Duration(days) * 24 * time.Hour),
		Limits:    anomaly.TierTable{Tiers: Tiers, AccountTier: map[string]string{}},
		Kind:      map[string]Kind{},
		Archetype: map[string]string{},
	}
	for i, a := range g.arch {
		tr.Limits.AccountTier[g.addrs[i]] = Tiers[a.tier].Name
		tr.Kind[g.addrs[i]] = Clean
		tr.Archetype[g.addrs[i]] = a.name
	}

	// History, then the last day with the injections.
	for i := range n {
		g.history(i)
	}
	forced := g.inject(tr)
	for i := range n {
		g.lastDay(i, forced[i])
	}
	tr.Transfers = g.out
	tr.Accounts = slices.Sorted(func(yield func(string) bool) {
		for _, a := range g.addrs {
			if !yield(a) {
				return
			}
		}
	})
	return tr, nil
}

func (g *gen) population() {
	m := g.cfg.Mix
	weights := []float64{m.Consumer, m.Heavy, m.Merchant, m.Business, m.Payroll, m.Subscriber, m.Occasional, m.Newcomer}
	names := []string{"consumer", "heavy", "merchant", "business", "payroll", "subscriber", "occasional", "newcomer"}
	var total float64
	for _, w := range weights {
		total += w
	}
	g.arch = make([]archetype, g.cfg.Accounts)
	for i := range g.arch {
		x, k := g.r.Float64()*total, 0
		for k < len(weights)-1 && x >= weights[k] {
			x -= weights[k]
			k++
		}
		a := archetype{name: names[k]}
		switch a.name {
		case "consumer":
			a.tier = b2i(g.r.Float64() < 0.3)
			a.lambda, a.median, a.sigma, a.pNew = g.logU(0.3, 5), g.logU(3, 150), 0.3+0.7*g.r.Float64(), 0.02+0.1*g.r.Float64()
		case "heavy":
			a.lambda, a.median, a.sigma, a.pNew = g.logU(0.5, 3), g.logU(120, 350), 0.3+0.3*g.r.Float64(), 0.03
		case "merchant":
			a.tier = 1
			a.lambda, a.median, a.sigma, a.pNew = g.logU(0.5, 3), g.logU(200, 3000), 0.4+0.4*g.r.Float64(), 0.05
		case "business":
			a.tier = 2
			a.lambda, a.median, a.sigma, a.pNew = g.logU(8, 30), g.logU(500, 20000), 0.5+0.7*g.r.Float64(), 0.1+0.15*g.r.Float64()
		case "payroll":
			a.tier = 2
			a.lambda, a.median, a.sigma, a.pNew = 0.5, g.logU(200, 2000), 0.6, 0.05
			a.fixed, a.every, a.offset = g.logU(300, 3000), 14, g.r.IntN(14)
		case "subscriber":
			a.lambda, a.median, a.sigma, a.pNew = 0.2, g.logU(5, 60), 0.6, 0.05
			a.fixed, a.every, a.offset = g.logU(20, 900), []int{1, 7, 7, 30}[g.r.IntN(4)], g.r.IntN(30)
		case "occasional":
			a.lambda, a.median, a.sigma, a.pNew = g.logU(0.05, 0.2), g.logU(5, 200), 0.6, 0.2
		case "newcomer":
			a.lambda, a.median, a.sigma, a.pNew = g.logU(1, 4), g.logU(5, 100), 0.6, 0.3
			a.firstDay = g.cfg.HistoryDays - g.r.IntN(7)
		}
		if a.name == "merchant" || a.name == "business" {
			g.merchIdx = append(g.merchIdx, i)
		} else {
			g.consIdx = append(g.consIdx, i)
		}
		g.arch[i] = a
	}
	// Favourites: merchants and businesses mostly, some consumers (friends);
	// payroll employers pay a fixed staff of consumers.
	for i := range g.arch {
		a := &g.arch[i]
		nf := 3 + g.r.IntN(10)
		switch a.name {
		case "business":
			nf = 30 + g.r.IntN(120)
		case "payroll":
			nf = 8 + g.r.IntN(33)
		case "subscriber":
			nf = 1 + g.r.IntN(2)
		}
		for len(a.favs) < nf {
			var j int
			if a.name == "payroll" || g.r.Float64() < 0.3 {
				j = g.consIdx[g.r.IntN(len(g.consIdx))]
			} else {
				j = g.merchIdx[g.r.IntN(len(g.merchIdx))]
			}
			if j != i && !slices.Contains(a.favs, j) {
				a.favs = append(a.favs, j)
			}
		}
		var z float64
		for k := range a.favs {
			w := 1 / math.Pow(float64(k+1), 1.1)
			a.zipf = append(a.zipf, w)
			z += w
		}
		for k := range a.zipf {
			a.zipf[k] /= z
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// event is one transfer an account wants to make.
type event struct {
	t      time.Time
	to     string
	amount float64 // base units
	forced bool
}

// draws an ordinary transfer of account i on day d.
func (g *gen) ordinary(i int, day time.Time) event {
	a := &g.arch[i]
	sec := 7*3600 + g.r.IntN(15*3600)
	ev := event{t: day.Add(time.Duration(sec) * time.Second)}
	if g.r.Float64() < a.pNew {
		j := g.r.IntN(len(g.addrs))
		if j == i {
			j = (j + 1) % len(g.addrs)
		}
		ev.to = g.addrs[j]
	} else {
		x, k := g.r.Float64(), 0
		for k < len(a.zipf)-1 && x >= a.zipf[k] {
			x -= a.zipf[k]
			k++
		}
		ev.to = g.addrs[a.favs[k]]
	}
	ev.amount = math.Round(math.Exp(math.Log(a.median)+a.sigma*g.r.NormFloat64()) * azr)
	return ev
}

// dayEvents draws account i's ordinary and scheduled transfers of day d.
func (g *gen) dayEvents(i, d int) []event {
	a := &g.arch[i]
	if d < a.firstDay {
		return nil
	}
	day := g.cfg.Start.Add(time.Duration(d) * 24 * time.Hour)
	var evs []event
	for range g.poisson(a.lambda) {
		evs = append(evs, g.ordinary(i, day))
	}
	if a.every > 0 && (d+a.offset)%a.every == 0 {
		t := day.Add(time.Duration(9*3600+g.r.IntN(600)) * time.Second)
		switch a.name {
		case "payroll":
			for k, f := range a.favs {
				evs = append(evs, event{t: t.Add(time.Duration(k) * time.Second), to: g.addrs[f], amount: math.Round(a.fixed * (1 + 0.1*float64(k%3)) * azr)})
			}
		case "subscriber":
			evs = append(evs, event{t: t, to: g.addrs[a.favs[0]], amount: math.Round(a.fixed * azr)})
		}
	}
	return evs
}

// emit sends events in time order under the account's aegis limits: an
// ordinary transfer that would break per_tx or the rolling per_day is not
// made (the chain would refuse it); a forced one is shrunk to fit.
func (g *gen) emit(i int, evs []event) {
	slices.SortStableFunc(evs, func(x, y event) int { return x.t.Compare(y.t) })
	lim := Tiers[g.arch[i].tier].Limits[Denom]
	from := g.addrs[i]
	for _, e := range evs {
		if e.to == from || e.amount < 1 {
			continue
		}
		used := g.usedSince(from, e.t.Add(-24*time.Hour), e.t)
		room := math.Min(lim.PerTx, lim.PerDay-used)
		if e.amount > room {
			if !e.forced || room < e.amount/2 {
				continue
			}
			e.amount = math.Floor(room)
		}
		g.seq++
		g.out = append(g.out, flow.Transfer{Seq: g.seq, Height: int64(e.t.Sub(g.cfg.Start) / time.Second), Time: e.t,
			From: from, To: e.to, Denom: Denom, Amount: e.amount})
		g.recent[from] = append(g.recent[from], sent{e.t, e.amount})
	}
}

func (g *gen) history(i int) {
	for d := range g.cfg.HistoryDays {
		g.emit(i, g.dayEvents(i, d))
	}
}

func (g *gen) lastDay(i int, forced []event) {
	g.emit(i, append(g.dayEvents(i, g.cfg.HistoryDays), forced...))
}

// stats are an account's history figures the injections are chosen by.
type stats struct {
	n      int
	maxDay int
	p90Sum float64
}

func (g *gen) stats() map[string]*stats {
	st := map[string]*stats{}
	perDay := map[string]map[int]float64{}
	cnt := map[string]map[int]int{}
	for _, t := range g.out {
		s, ok := st[t.From]
		if !ok {
			s = &stats{}
			st[t.From] = s
			perDay[t.From] = map[int]float64{}
			cnt[t.From] = map[int]int{}
		}
		s.n++
		d := int(t.Time.Sub(g.cfg.Start) / (24 * time.Hour))
		perDay[t.From][d] += t.Amount
		cnt[t.From][d]++
	}
	for a, s := range st {
		var sums []float64
		for d := range g.cfg.HistoryDays {
			sums = append(sums, perDay[a][d])
			s.maxDay = max(s.maxDay, cnt[a][d])
		}
		slices.Sort(sums)
		s.p90Sum = sums[int(0.9*float64(len(sums)-1))]
	}
	return st
}

// inject chooses the injected accounts (in population order after a seeded
// shuffle) and returns each account's forced last-day transfers.
func (g *gen) inject(tr *Traffic) [][]event {
	forced := make([][]event, len(g.addrs))
	st := g.stats()
	day := g.cfg.Start.Add(time.Duration(g.cfg.HistoryDays) * 24 * time.Hour)
	at := func(lo, hi float64) time.Time { // a time between lo and hi hours into the day
		return day.Add(time.Duration((lo + (hi-lo)*g.r.Float64()) * float64(time.Hour)))
	}
	order := g.r.Perm(len(g.addrs))
	used := map[int]bool{}
	pick := func(ok func(i int, a *archetype, s *stats) bool) int {
		for _, i := range order {
			if used[i] {
				continue
			}
			s := st[g.addrs[i]]
			if s == nil {
				s = &stats{}
			}
			if ok(i, &g.arch[i], s) {
				used[i] = true
				return i
			}
		}
		return -1
	}
	lim := func(a *archetype) anomaly.Limit { return Tiers[a.tier].Limits[Denom] }
	typical := func(a *archetype) float64 {
		return math.Round(math.Exp(math.Log(a.median)+a.sigma*g.r.NormFloat64()) * azr)
	}
	fav := func(a *archetype) string { return g.addrs[a.favs[g.r.IntN(len(a.favs))]] }
	mark := func(i int, k Kind) { tr.Kind[g.addrs[i]] = k }
	ordinaryKinds := func(a *archetype) bool {
		return a.name == "consumer" || a.name == "heavy" || a.name == "merchant" || a.name == "business"
	}
	for range g.cfg.PerKind {
		// Size: one transfer 6–9 robust SDs above the account's own median.
		if i := pick(func(i int, a *archetype, s *stats) bool {
			amt := a.median * math.Exp(7.5*math.Max(a.sigma, 0.25)) * azr
			return ordinaryKinds(a) && s.n >= 10 && amt < 0.8*lim(a).PerTx
		}); i >= 0 {
			a := &g.arch[i]
			k := 6 + 3*g.r.Float64()
			forced[i] = append(forced[i], event{t: at(8, 22), to: fav(a), amount: math.Round(a.median * math.Exp(k*math.Max(a.sigma, 0.25)) * azr), forced: true})
			mark(i, Size)
		}
		// Velocity: 2.5–4× the busiest past day, ordinary sizes and payees.
		if i := pick(func(i int, a *archetype, s *stats) bool {
			c := float64(max(s.maxDay, 3)) * 3.5
			return ordinaryKinds(a) && s.n >= 10 && c*a.median*azr*1.5 < 0.6*lim(a).PerDay
		}); i >= 0 {
			a := &g.arch[i]
			c := int(math.Ceil(float64(max(st[g.addrs[i]].maxDay, 3)) * (2.5 + 1.5*g.r.Float64())))
			for range c {
				forced[i] = append(forced[i], event{t: at(0, 24), to: fav(a), amount: typical(a), forced: true})
			}
			mark(i, Velocity)
		}
		// New counterparties: 10–20 accounts never paid before.
		if i := pick(func(i int, a *archetype, s *stats) bool {
			return ordinaryKinds(a) && a.name != "business" && s.n >= 10 && 20*a.median*azr*1.5 < 0.6*lim(a).PerDay
		}); i >= 0 {
			a := &g.arch[i]
			for range 10 + g.r.IntN(11) {
				forced[i] = append(forced[i], event{t: at(6, 23), to: g.freshAddr(), amount: typical(a), forced: true})
			}
			mark(i, NewCounterparties)
		}
		// Structuring: 4–5 (basic) or 4–8 transfers just under per_tx.
		if i := pick(func(i int, a *archetype, s *stats) bool {
			return a.name != "payroll" && a.name != "business" && s.p90Sum < 0.2*lim(a).PerDay
		}); i >= 0 {
			a := &g.arch[i]
			l := lim(a)
			k := 4 + g.r.IntN(int(math.Min(5, l.PerDay/l.PerTx))-3)
			payees := []string{fav(a), g.freshAddr()}
			for range k {
				forced[i] = append(forced[i], event{t: at(1, 23), to: payees[g.r.IntN(2)], amount: math.Round((0.9 + 0.095*g.r.Float64()) * l.PerTx), forced: true})
			}
			mark(i, Structuring)
		}
		// Daily splitting: 86–98% of per_day in 6–9 pieces well under per_tx.
		if i := pick(func(i int, a *archetype, s *stats) bool {
			return (a.name == "consumer" || a.name == "heavy" || a.name == "subscriber" || a.name == "occasional") && s.p90Sum < 0.3*lim(a).PerDay
		}); i >= 0 {
			a := &g.arch[i]
			l := lim(a)
			total := (0.86 + 0.12*g.r.Float64()) * l.PerDay
			k := 6 + g.r.IntN(4)
			payees := []string{fav(a), g.freshAddr(), g.freshAddr()}
			for range k {
				forced[i] = append(forced[i], event{t: at(12, 24), to: payees[g.r.IntN(3)], amount: math.Round(total / float64(k) * (0.9 + 0.2*g.r.Float64())), forced: true})
			}
			mark(i, DailySplitting)
		}
	}
	// Circular flows: rings of 3–4 accounts pass 3–8× the starter's median
	// round within hours, each keeping a small cut, once or twice.
	onRings := 0
	for onRings < g.cfg.PerKind {
		size := 3 + g.r.IntN(2)
		var ring []int
		for range size {
			if i := pick(func(i int, a *archetype, s *stats) bool {
				return a.name == "consumer" || a.name == "heavy" || a.name == "merchant"
			}); i >= 0 {
				ring = append(ring, i)
			}
		}
		if len(ring) < 3 {
			break
		}
		minTx := math.Inf(1)
		for _, i := range ring {
			minTx = math.Min(minTx, lim(&g.arch[i]).PerTx)
		}
		x := math.Min(g.arch[ring[0]].median*azr*(3+5*g.r.Float64()), 0.5*minTx)
		t := at(1, 8)
		for range 1 + g.r.IntN(2) {
			for k, i := range ring {
				to := g.addrs[ring[(k+1)%len(ring)]]
				forced[i] = append(forced[i], event{t: t, to: to, amount: math.Round(x), forced: true})
				t = t.Add(time.Duration(20+g.r.IntN(100)) * time.Minute)
				x *= 0.9 + 0.09*g.r.Float64()
			}
		}
		for _, i := range ring {
			mark(i, Circular)
		}
		onRings += len(ring)
	}
	return forced
}
