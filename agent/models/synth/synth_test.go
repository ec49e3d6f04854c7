package synth

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/models/flow"
)

// TestRespectsLimits: no generated send breaks the sender's aegis limits —
// per_tx, and per_day over every rolling 24 hours — so the traffic is what
// the chain would accept; and every kind is injected.
func TestRespectsLimits(t *testing.T) {
	cfg := DefaultConfig(9)
	cfg.Accounts = 600
	cfg.PerKind = 12
	tr, err := Generate(cfg)
	require.NoError(t, err)
	require.Len(t, tr.Accounts, 600)
	bySender := map[string][]flow.Transfer{}
	for _, x := range flow.Sorted(tr.Transfers) {
		require.NotEqual(t, x.From, x.To)
		require.Positive(t, x.Amount)
		require.True(t, !x.Time.Before(cfg.Start) && x.Time.Before(tr.End))
		bySender[x.From] = append(bySender[x.From], x)
	}
	for from, ts := range bySender {
		l, ok := tr.Limits.Limit(from, Denom)
		require.True(t, ok)
		lo := 0
		var sum float64
		for _, x := range ts {
			require.LessOrEqual(t, x.Amount, l.PerTx, "%s per_tx", from)
			sum += x.Amount
			for !ts[lo].Time.Add(24 * time.Hour).After(x.Time) {
				sum -= ts[lo].Amount
				lo++
			}
			require.LessOrEqual(t, sum, l.PerDay*(1+1e-9), "%s per_day at %s", from, x.Time)
		}
	}
	kinds := map[Kind]int{}
	for _, k := range tr.Kind {
		kinds[k]++
	}
	for _, k := range Kinds {
		require.GreaterOrEqual(t, kinds[k], 12, "kind %s", k)
	}
	_, err = Generate(Config{Accounts: 10})
	require.Error(t, err)
}
