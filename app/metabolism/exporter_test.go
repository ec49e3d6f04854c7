package metabolism_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	"github.com/azora-os/nexus/app/metabolism"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
)

const (
	msgSend     = "/cosmos.bank.v1beta1.MsgSend"
	msgTransfer = "/azora.ledger.v1.MsgTransfer"
)

// sample returns the value of the series name{labels} in reg, and whether
// it exists.
func sample(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) (float64, bool) {
	t.Helper()
	families, err := reg.Gather()
	require.NoError(t, err)
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if !labelsMatch(m, labels) {
				continue
			}
			switch {
			case m.Counter != nil:
				return m.Counter.GetValue(), true
			case m.Gauge != nil:
				return m.Gauge.GetValue(), true
			}
		}
	}
	return 0, false
}

func labelsMatch(m *dto.Metric, want map[string]string) bool {
	if len(m.GetLabel()) != len(want) {
		return false
	}
	for _, l := range m.GetLabel() {
		if want[l.GetName()] != l.GetValue() {
			return false
		}
	}
	return true
}

func requireSample(t *testing.T, reg *prometheus.Registry, want float64, name string, kv ...string) {
	t.Helper()
	labels := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		labels[kv[i]] = kv[i+1]
	}
	got, ok := sample(t, reg, name, labels)
	require.True(t, ok, "no series %s%v", name, labels)
	require.Equal(t, want, got, "%s%v", name, labels)
}

// attach starts an exporter on its own registry and appends it to the
// app's streaming listeners, as app.toml's [metabolism] does on a node.
func attach(t *testing.T, ta *apptesting.TestApp) (*metabolism.Exporter, *prometheus.Registry) {
	t.Helper()
	reg := prometheus.NewRegistry()
	exp, err := metabolism.New(metabolism.Options{
		Registerer: reg,
		Accounts:   app.MetabolismAccounts(),
		State:      metabolism.QueryReader{App: ta.App, Cdc: ta.AppCodec()},
	})
	require.NoError(t, err)
	t.Cleanup(exp.Close)
	sm := ta.StreamingManager()
	sm.ABCIListeners = append(sm.ABCIListeners, exp)
	ta.SetStreamingManager(sm)
	return exp, reg
}

func flush(t *testing.T, exp *metabolism.Exporter) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, exp.Flush(ctx))
}

// TestExporterCountsCommittedBlocks runs known transfers and a forge order
// through the real app (FinalizeBlock + Commit) and reads the exact series;
// CheckTx and simulation of the same messages change nothing.
func TestExporterCountsCommittedBlocks(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{})
	exp, reg := attach(t, ta)
	alice, bob, carol := ta.Accounts["alice"], ta.Accounts["bob"], ta.Accounts["carol"]
	startHeight := ta.LastBlockHeight() + 1

	// CheckTx and simulation are not committed: nothing is counted.
	send := &banktypes.MsgSend{FromAddress: alice.String(), ToAddress: bob.String(), Amount: sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1_000_000))}
	_, _, err := ta.Simulate(ta.SignTx(alice, apptesting.DefaultFee(), send))
	require.NoError(t, err)
	require.Zero(t, ta.CheckTx(alice, send).Code)

	ta.MustDeliver(alice, send)
	deadline := ta.Ctx().BlockTime().Add(time.Hour)
	ta.MustDeliver(alice, &ledgertypes.MsgTransfer{
		From: alice.String(), To: carol.String(), Reference: "INV-1", Deadline: &deadline,
		Amount: sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 2_500_000)),
	})
	price := sdk.NewInt64Coin(app.BaseDenom, 1_000_000)
	expiry := ta.Time.Add(time.Hour)
	ta.MustDeliver(bob, &forgetypes.MsgCreateListing{
		Seller: bob.String(), Kind: forgetypes.ListingKindGoods, Title: "maize, 10 kg", Price: price, Quantity: 5, Expiry: &expiry,
	})
	ta.MustDeliver(alice, &forgetypes.MsgPlaceOrder{Buyer: alice.String(), ListingId: 1, Quantity: 2, UnitPrice: price})
	// A failed payment (the reference is used) is counted as a failed tx,
	// moves nothing and is no constitution refusal.
	res := ta.Deliver(alice, &ledgertypes.MsgTransfer{
		From: alice.String(), To: carol.String(), Reference: "INV-1", Deadline: &deadline,
		Amount: sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1)),
	})
	require.NotZero(t, res.Code)
	flush(t, exp)

	const vol, moves, cap = "nexus_value_volume_total", "nexus_value_movements_total", "nexus_pivc_captured_total"
	requireSample(t, reg, 1_000_000, vol, "denom", "uazr", "msg_type", msgSend, "kind", "transfer")
	requireSample(t, reg, 1, moves, "denom", "uazr", "msg_type", msgSend, "kind", "transfer")
	requireSample(t, reg, 2_500_000, vol, "denom", "uazr", "msg_type", msgTransfer, "kind", "transfer")
	// The order locks 2,000,000 + 100,000 PIVC in escrow (two movements).
	requireSample(t, reg, 2_100_000, vol, "denom", "uazr", "msg_type", "/azora.forge.v1.MsgPlaceOrder", "kind", "to_module")
	// PIVC: 50,000 + 125,000 on the transfers; the order's is held, not
	// captured, until it settles.
	requireSample(t, reg, 175_000, cap, "denom", "uazr", "source", "transfer")
	requireSample(t, reg, 105_000, "nexus_pivc_to_growth_total", "denom", "uazr")
	requireSample(t, reg, 70_000, "nexus_pivc_to_ubo_total", "denom", "uazr")
	requireSample(t, reg, 1, "nexus_forge_orders_total", "state", "placed")
	requireSample(t, reg, 0, "nexus_forge_orders_total", "state", "settled")
	requireSample(t, reg, 4, "nexus_metabolism_txs_total", "result", "ok")
	requireSample(t, reg, 1, "nexus_metabolism_txs_total", "result", "failed")
	_, refused := sample(t, reg, "nexus_aegis_refusals_total", map[string]string{"article": "1", "rule": "standing", "source": "tx"})
	require.False(t, refused)

	// Gauges: the state after the latest block.
	requireSample(t, reg, 105_000, "nexus_pivc_pool_balance", "pool", "growth", "denom", "uazr")
	requireSample(t, reg, 70_000, "nexus_pivc_pool_balance", "pool", "ubo", "denom", "uazr")
	requireSample(t, reg, 2_100_000, "nexus_forge_escrow_held", "denom", "uazr")
	requireSample(t, reg, 1, "nexus_forge_open_orders")
	supply := ta.BankKeeper.GetSupply(ta.Ctx(), app.BaseDenom).Amount
	requireSample(t, reg, float64(supply.Int64()), "nexus_supply", "denom", "uazr")
	head, err := ta.LedgerKeeper.Head.Get(ta.Ctx())
	require.NoError(t, err)
	requireSample(t, reg, float64(head.LastSequence), "nexus_ledger_journal_entries_total")
	requireSample(t, reg, float64(ta.LastBlockHeight()), "nexus_metabolism_height")
	requireSample(t, reg, float64(startHeight), "nexus_metabolism_first_height")
	requireSample(t, reg, float64(ta.LastBlockHeight()-startHeight+1), "nexus_metabolism_blocks_total")

	// Counters only grow: another block with a send adds to them.
	ta.MustDeliver(alice, send)
	flush(t, exp)
	requireSample(t, reg, 2_000_000, vol, "denom", "uazr", "msg_type", msgSend, "kind", "transfer")
	requireSample(t, reg, 225_000, cap, "denom", "uazr", "source", "transfer")
}

// TestEveryExportedSeriesIsDocumented keeps docs/operations.md in step with
// the exporter: every series it registers is described there.
func TestEveryExportedSeriesIsDocumented(t *testing.T) {
	names, err := metabolism.SeriesNames()
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "operations.md"))
	require.NoError(t, err)
	doc := string(b)
	var missing []string
	for _, name := range names {
		if !strings.Contains(doc, "`"+name+"`") {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	require.Empty(t, missing, "series not described in docs/operations.md")
	require.GreaterOrEqual(t, len(names), 25)
}

func TestExporterEdges(t *testing.T) {
	reg := prometheus.NewRegistry()
	exp, err := metabolism.New(metabolism.Options{Registerer: reg, Accounts: app.MetabolismAccounts()})
	require.NoError(t, err)

	// The same series cannot be registered twice on one registry.
	_, err = metabolism.New(metabolism.Options{Registerer: reg, Accounts: app.MetabolismAccounts()})
	require.Error(t, err)
	_, err = metabolism.New(metabolism.Options{})
	require.Error(t, err)

	// A commit without a finalized block counts nothing.
	require.NoError(t, exp.ListenCommit(context.Background(), abci.ResponseCommit{}, nil))
	flush(t, exp)
	requireSample(t, reg, 0, "nexus_metabolism_blocks_total")

	// After Close, commits are ignored (no panic on the closed queue).
	exp.Close()
	exp.Close()
	require.NoError(t, exp.ListenFinalizeBlock(context.Background(), abci.RequestFinalizeBlock{Height: 2}, abci.ResponseFinalizeBlock{}))
	require.NoError(t, exp.ListenCommit(context.Background(), abci.ResponseCommit{}, nil))
	require.Error(t, exp.Flush(context.Background()))
}
