package anomaly

import (
	"fmt"
	"sort"
	"strings"

	"github.com/azora-os/nexus/agent/models/flow"
)

// cycles finds circular flows in the window: sequences of transfers
// A→B→…→A of CycleMinLen…CycleMaxLen legs in one denom, each leg later
// than the one before, all within CycleSpan of the first, each leg's amount
// within [CycleRatioLo, CycleRatioHi] × the previous leg's (value passed
// on, minus a cut), visiting no account twice. Each cycle is found once,
// from its earliest leg (legs are time-ordered). The depth-first search is
// bounded: CycleMaxLen legs deep and CycleBudget candidate legs in total;
// it reports whether the budget ran out. Every account on a cycle has its
// onCycle count raised.
func cycles(window []flow.Transfer, get func(string) *account, cfg Config) (truncated bool) {
	out := map[string][]flow.Transfer{} // canonical (time) order, as window
	for _, t := range window {
		if t.From != t.To {
			out[t.From] = append(out[t.From], t)
		}
	}
	budget := cfg.CycleBudget
	path := make([]flow.Transfer, 0, cfg.CycleMaxLen)
	var dfs func(first flow.Transfer)
	dfs = func(first flow.Transfer) {
		last := path[len(path)-1]
		next := out[last.To]
		i := sort.Search(len(next), func(i int) bool { return next[i].Time.After(last.Time) })
		deadline := first.Time.Add(cfg.CycleSpan)
		for ; i < len(next); i++ {
			e := next[i]
			if e.Time.After(deadline) {
				return
			}
			if budget <= 0 {
				truncated = true
				return
			}
			budget--
			if e.Denom != first.Denom {
				continue
			}
			r := e.Amount / last.Amount
			if r < cfg.CycleRatioLo || r > cfg.CycleRatioHi {
				continue
			}
			if e.To == first.From {
				if len(path)+1 >= cfg.CycleMinLen {
					record(append(path, e), get)
				}
				continue
			}
			if len(path)+1 >= cfg.CycleMaxLen || onPath(path, e.To) {
				continue
			}
			path = append(path, e)
			dfs(first)
			path = path[:len(path)-1]
		}
	}
	for _, first := range window {
		if first.From == first.To || first.Amount <= 0 {
			continue
		}
		path = append(path[:0], first)
		dfs(first)
		if truncated {
			break
		}
	}
	return truncated
}

func onPath(path []flow.Transfer, acct string) bool {
	for _, e := range path {
		if e.From == acct {
			return true
		}
	}
	return path[len(path)-1].To == acct
}

func record(legs []flow.Transfer, get func(string) *account) {
	var b strings.Builder
	for _, e := range legs {
		fmt.Fprintf(&b, "%s →(%.0f%s) ", short(e.From), e.Amount, e.Denom)
	}
	b.WriteString(short(legs[0].From))
	for _, e := range legs {
		a := get(e.From)
		a.onCycle++
		if a.cycleExample == "" {
			a.cycleExample = b.String()
		}
	}
}

// short abbreviates an address for a reason text.
func short(addr string) string {
	if len(addr) <= 14 {
		return addr
	}
	return addr[:10] + "…" + addr[len(addr)-4:]
}
