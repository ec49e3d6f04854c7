package daemon_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/agent/codec"
	"github.com/azora-os/nexus/agent/daemon"
	"github.com/azora-os/nexus/agent/internal/pgtest"
	"github.com/azora-os/nexus/agent/perceive"
	"github.com/azora-os/nexus/agent/plan"
	"github.com/azora-os/nexus/agent/plan/feedback"
	"github.com/azora-os/nexus/agent/store"
)

// testdata/block_transfer.json is block_results of a devnet block holding
// one x/ledger MsgTransfer (alice pays bob 1 AZR under a reference), as the
// node's RPC returned it: 20 tx events (fee deduction, PIVC capture, the
// payment's bank events, EventFeeCaptured, EventPaymentSent) and the
// block's distribution events.
const (
	recordedAlice = "azora19qh4p6s7lm2w52rzlfdwhktvrzhhalt0mjuq0u"
	recordedBob   = "azora1zelupa2m03ec9x625q90jwwpglrgfpucztjet4"
)

func recorded(t testing.TB) *coretypes.ResultBlockResults {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "block_transfer.json"))
	require.NoError(t, err)
	var res coretypes.ResultBlockResults
	require.NoError(t, cmtjson.Unmarshal(b, &res))
	require.Len(t, res.TxsResults, 1)
	return &res
}

// account returns the i-th of a pool of distinct test addresses.
func account(i int) string {
	codec.SetPrefixes()
	b := make([]byte, 20)
	copy(b, fmt.Sprintf("acct-%06d", i))
	return sdkAcc(b)
}

// transferBlock builds block h with n transfers: the recorded tx result n
// times, each with its payer and payee replaced by accounts of a pool of
// `pool` senders and `pool` recipients, plus the recorded block events.
func transferBlock(t testing.TB, rec *coretypes.ResultBlockResults, h int64, n, pool int) *perceive.RawBlock {
	t.Helper()
	tmpl := rec.TxsResults[0]
	raw := &perceive.RawBlock{Height: h, Hash: fmt.Sprintf("%064X", h), Time: time.Unix(1_800_000_000+h, 0).UTC(), BlockEvents: rec.FinalizeBlockEvents}
	for i := 0; i < n; i++ {
		k := int(h)*n + i
		from, to := account(k%pool), account(pool+(k*7)%pool)
		evs := make([]abci.Event, len(tmpl.Events))
		for j, e := range tmpl.Events {
			attrs := make([]abci.EventAttribute, len(e.Attributes))
			for a, at := range e.Attributes {
				v := strings.ReplaceAll(strings.ReplaceAll(at.Value, recordedAlice, from), recordedBob, to)
				attrs[a] = abci.EventAttribute{Key: at.Key, Value: v, Index: at.Index}
			}
			evs[j] = abci.Event{Type: e.Type, Attributes: attrs}
		}
		raw.TxResults = append(raw.TxResults, &abci.ExecTxResult{Code: 0, Events: evs, GasUsed: tmpl.GasUsed, GasWanted: tmpl.GasWanted})
		raw.TxHashes = append(raw.TxHashes, fmt.Sprintf("%064X", k))
	}
	return raw
}

// TestRecordedBlock: the chain's own encoding of a transfer decodes into
// the PIVC capture and the payment, and moves the flows and fee totals.
func TestRecordedBlock(t *testing.T) {
	rec := recorded(t)
	raw := transferBlock(t, rec, 1, 3, 10)
	s := openSQLite(t)
	p := &daemon.Processor{Store: s, Decoder: perceive.Decoder{}, Planners: []plan.Planner{feedback.New("reporter", feedback.NewSettlementScorer(""))}}
	n, err := p.Process(context.Background(), raw)
	require.NoError(t, err)
	require.Equal(t, 6, n.Observations, "EventFeeCaptured and EventPaymentSent per transfer")
	obs, err := s.Observations(context.Background(), 1, 1)
	require.NoError(t, err)
	require.Equal(t, "pivc.fee_captured", obs[0].Kind)
	require.Equal(t, "1000000uazr", obs[0].Amount)
	require.Equal(t, "50000uazr", obs[0].Fee)
	require.Equal(t, "ledger.payment_sent", obs[1].Kind)
	require.Equal(t, "INV-BENCH-1", obs[1].Ref)
	fees, captures, err := s.FeeTotals(context.Background(), 0, 1)
	require.NoError(t, err)
	require.Equal(t, "150000", fees["uazr"].String())
	require.Equal(t, int64(3), captures)
}

func openSQLite(tb testing.TB) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), store.SQLite, filepath.Join(tb.TempDir(), "agent.db"))
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	_, err = s.InitChain(context.Background(), "bench")
	require.NoError(tb, err)
	return s
}

var (
	pgOnce sync.Once
	pgSrv  *pgtest.Server
	pgErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if pgSrv != nil {
		pgSrv.Close()
	}
	os.Exit(code)
}

func openPostgres(tb testing.TB) *store.Store {
	tb.Helper()
	pgOnce.Do(func() { pgSrv, pgErr = pgtest.Start() })
	require.NoError(tb, pgErr)
	url, err := pgSrv.NewDatabase(context.Background())
	require.NoError(tb, err)
	s, err := store.Open(context.Background(), store.Postgres, url)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	_, err = s.InitChain(context.Background(), "bench")
	require.NoError(tb, err)
	return s
}

// BenchmarkPerceiveStore measures the perceive → store path on recorded
// blocks: decode each block's events, write observations, aggregates and
// the per-height record in one transaction, run the feedback planner. The
// blocks carry 2,000 transfers each (one block a second at 2,000
// transfers/s) between 1,000 accounts; the figure that matters is
// transfers/s.
func BenchmarkPerceiveStore(b *testing.B) {
	rec := recorded(b)
	const perBlock, pool = 2000, 500
	// Build the blocks before timing: fetching is the node's cost, not ours.
	blocks := make([]*perceive.RawBlock, 0, 64)
	for h := int64(1); h <= 64; h++ {
		blocks = append(blocks, transferBlock(b, rec, h, perBlock, pool))
	}
	for _, engine := range []string{store.SQLite, store.Postgres} {
		b.Run(engine, func(b *testing.B) {
			var s *store.Store
			if engine == store.SQLite {
				s = openSQLite(b)
			} else {
				s = openPostgres(b)
			}
			p := &daemon.Processor{Store: s, Decoder: perceive.Decoder{}, Planners: []plan.Planner{feedback.New("reporter", feedback.NewSettlementScorer(""))}}
			ctx := context.Background()
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				raw := blocks[i%len(blocks)]
				cp := *raw
				cp.Height = int64(i + 1)
				if _, err := p.Process(ctx, &cp); err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			b.ReportMetric(float64(b.N*perBlock)/elapsed.Seconds(), "transfers/s")
			b.ReportMetric(float64(b.N*perBlock*2)/elapsed.Seconds(), "events/s")
		})
	}
}

func sdkAcc(b []byte) string { return sdk.AccAddress(b).String() }
