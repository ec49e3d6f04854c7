package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/azora-os/nexus/agent/internal/pgtest"
	"github.com/azora-os/nexus/agent/store"
)

var pg *pgtest.Server

// TestMain starts one throwaway PostgreSQL server for the package; every
// test gets its own database on it (and its own SQLite file).
func TestMain(m *testing.M) {
	var err error
	pg, err = pgtest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "store tests need a PostgreSQL server:", err)
		os.Exit(1)
	}
	code := m.Run()
	pg.Close()
	os.Exit(code)
}

// engines runs fn once on SQLite and once on PostgreSQL.
func engines(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		s, err := store.Open(context.Background(), store.SQLite, filepath.Join(t.TempDir(), "agent.db"))
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		fn(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		url, err := pg.NewDatabase(context.Background())
		require.NoError(t, err)
		s, err := store.Open(context.Background(), store.Postgres, url)
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		fn(t, s)
	})
}

func TestMigrations(t *testing.T) {
	migs, err := store.Migrations()
	require.NoError(t, err)
	require.NotEmpty(t, migs)
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v, err := s.SchemaVersion(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(len(migs)), v)
		// A schema newer than the agent is refused at open.
		_, err = s.DB().ExecContext(ctx, fmt.Sprintf("INSERT INTO schema_migrations (version, name, applied_ms) VALUES (%d, 'future', 0)", len(migs)+1))
		require.NoError(t, err)
		_, err = reopen(t, s)
		require.ErrorContains(t, err, "newer than this agent knows")
	})
}

// reopen opens the same database again (SQLite: the same file).
func reopen(t *testing.T, s *store.Store) (*store.Store, error) {
	t.Helper()
	var (
		engine, dsn string
	)
	engine = s.Engine()
	if engine == store.SQLite {
		var file string
		require.NoError(t, s.DB().QueryRow("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file))
		dsn = file
	} else {
		var db string
		require.NoError(t, s.DB().QueryRow("SELECT current_database()").Scan(&db))
		dsn = pg.URL(db)
	}
	s2, err := store.Open(context.Background(), engine, dsn)
	if err == nil {
		t.Cleanup(func() { _ = s2.Close() })
	}
	return s2, err
}

func TestReopenKeepsState(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, err := s.InitChain(ctx, "nexus-test-1")
		require.NoError(t, err)
		require.NoError(t, s.ProcessBlock(ctx, block(1, nil), nil))
		s2, err := reopen(t, s)
		require.NoError(t, err)
		last, err := s2.InitChain(ctx, "nexus-test-1")
		require.NoError(t, err)
		require.Equal(t, int64(1), last)
		_, err = s2.InitChain(ctx, "other-chain")
		require.ErrorIs(t, err, store.ErrChainMismatch)
	})
}

func block(h int64, obs []store.Observation) *store.BlockData {
	for i := range obs {
		obs[i].Height, obs[i].Seq = h, i
		if obs[i].Detail == "" {
			obs[i].Detail = "{}"
		}
	}
	return &store.BlockData{
		Block:        store.Block{Height: h, Hash: fmt.Sprintf("%064X", h), Time: time.Unix(1_700_000_000+h, 0).UTC(), Txs: len(obs)},
		Observations: obs,
	}
}

func i(v int64) sdkmath.Int { return sdkmath.NewInt(v) }

func TestProcessBlock(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, err := s.InitChain(ctx, "nexus-test-1")
		require.NoError(t, err)

		b1 := block(1, []store.Observation{
			{TxIndex: 0, TxHash: "AA", Kind: "pivc.fee_captured", Account: "alice", Counterparty: "bob", Amount: "100uazr", Fee: "5uazr"},
			{TxIndex: 0, TxHash: "AA", Kind: "ledger.payment_sent", Account: "alice", Counterparty: "bob", Amount: "100uazr", Ref: "INV-1"},
		})
		big, ok := sdkmath.NewIntFromString("18446744073709551616000") // > 2^64
		require.True(t, ok)
		b1.Changes = store.Changes{
			Flows: map[store.FlowKey]*store.FlowDelta{
				{Address: "alice", Denom: "uazr"}: {SentCount: 1, Sent: i(100), Fees: i(5)},
				{Address: "bob", Denom: "uazr"}:   {ReceivedCount: 1, Received: i(100)},
				{Address: "bob", Denom: "a/kasi"}: {ReceivedCount: 1, Received: big},
			},
			Fees:    map[string]*store.FeeDelta{"uazr": {Amount: i(5), Captures: 1}},
			Orders:  []store.OrderChange{{OrderID: "o1", Placed: true, Buyer: "alice", Seller: "bob", Amount: "100uazr", Height: 1}},
			Parties: map[string]*store.PartyDelta{"alice": {Orders: 1}, "bob": {Orders: 1}},
			Nodes: []store.NodeChange{
				{Kind: store.NodeRegistered, NodeID: "emp-bob", Type: "employee", Owner: "bob", Reputation: 500_000, Height: 1},
				{Kind: store.NodeConsent, NodeID: "emp-bob", DataSharing: true, ModelTraining: true, Height: 1},
			},
			Standings:   []store.StandingChange{{Address: "bob", Tier: "standard", SetTier: true, Height: 1}},
			Checkpoints: []store.Checkpoint{{Height: 1, FirstSequence: 1, LastSequence: 1, EntriesHash: "ab", Hash: "cd", ChainReconciled: true}},
		}
		var planned bool
		require.NoError(t, s.ProcessBlock(ctx, b1, func(tx *store.BlockTx) error {
			// Planners see the block's own changes.
			nodes, err := tx.NodesOwnedBy("bob")
			require.NoError(t, err)
			require.Len(t, nodes, 1)
			require.True(t, nodes[0].DataSharing && nodes[0].ModelTraining)
			p, err := tx.Party("bob")
			require.NoError(t, err)
			require.Equal(t, int64(1), p.Orders)
			planned = true
			return tx.InsertActions([]store.Action{action("fb-1", 1)})
		}))
		require.True(t, planned)

		b2 := block(2, []store.Observation{{TxIndex: 0, TxHash: "BB", Kind: "forge.order_settled", Account: "bob", Counterparty: "alice", Ref: "o1"}})
		b2.Changes = store.Changes{
			Flows:   map[store.FlowKey]*store.FlowDelta{{Address: "bob", Denom: "a/kasi"}: {ReceivedCount: 2, Received: big}},
			Fees:    map[string]*store.FeeDelta{"uazr": {Amount: i(7), Captures: 2}},
			Orders:  []store.OrderChange{{OrderID: "o1", Status: store.OrderSettled, CloseReason: "CLOSE_REASON_CONFIRMED", Buyer: "alice", Seller: "bob", Height: 2}},
			Parties: map[string]*store.PartyDelta{"bob": {Settled: 1}},
			Nodes:   []store.NodeChange{{Kind: store.NodeReputation, NodeID: "emp-bob", Reputation: 580_000, Height: 2}},
			Standings: []store.StandingChange{
				{Address: "bob", Frozen: true, SetFrozen: true, Height: 2},
			},
		}
		require.NoError(t, s.ProcessBlock(ctx, b2, nil))

		last, err := s.LastHeight(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(2), last)

		p, err := s.AccountProfile(ctx, "bob", 10)
		require.NoError(t, err)
		require.Equal(t, []store.Flow{
			{Denom: "a/kasi", ReceivedCount: 3, SentAmount: "0", ReceivedAmount: "36893488147419103232000", FeesPaid: "0", FirstHeight: 1, LastHeight: 2},
			{Denom: "uazr", ReceivedCount: 1, SentAmount: "0", ReceivedAmount: "100", FeesPaid: "0", FirstHeight: 1, LastHeight: 1},
		}, p.Flows)
		require.Equal(t, store.Party{Address: "bob", Orders: 1, Settled: 1, UpdatedHeight: 2}, p.Forge)
		require.Equal(t, &store.Standing{Address: "bob", Tier: "standard", Frozen: true, UpdatedHeight: 2}, p.Standing)
		require.Equal(t, []store.Node{{NodeID: "emp-bob", Type: "employee", Owner: "bob", DataSharing: true, ModelTraining: true, Reputation: 580_000, Active: true, UpdatedHeight: 2}}, p.Nodes)
		require.Len(t, p.Recent, 3)
		require.Equal(t, "forge.order_settled", p.Recent[0].Kind, "newest first")

		fees, captures, err := s.FeeTotals(ctx, 0, 2)
		require.NoError(t, err)
		require.Equal(t, map[string]sdkmath.Int{"uazr": i(12)}, fees)
		require.Equal(t, int64(3), captures)
		fees, _, err = s.FeeTotals(ctx, 1, 2)
		require.NoError(t, err)
		require.Equal(t, map[string]sdkmath.Int{"uazr": i(7)}, fees)

		blocks, err := s.Blocks(ctx, 1, 10)
		require.NoError(t, err)
		require.Len(t, blocks, 2)
		require.Equal(t, 2, blocks[0].Observations)
		counts, err := s.ObservationCounts(ctx, 1, 2)
		require.NoError(t, err)
		require.Equal(t, map[int64]int{1: 2, 2: 1}, counts)

		cps, err := s.CheckpointsToReconcile(ctx, 10)
		require.NoError(t, err)
		require.Len(t, cps, 1)
		require.Equal(t, store.CheckPending, cps[0].Status)
		require.NoError(t, s.SetCheckpointResult(ctx, 1, store.CheckOK, "verified", ""))
		cps, err = s.CheckpointsToReconcile(ctx, 10)
		require.NoError(t, err)
		require.Empty(t, cps)
		all, err := s.Checkpoints(ctx, 10)
		require.NoError(t, err)
		require.Equal(t, store.CheckOK, all[0].Status)
		require.False(t, all[0].CheckedAt.IsZero())
	})
}

// TestProcessBlockRefusesRepeatsAndGaps: the per-height record refuses to
// process a block twice or to skip one, and a failed block leaves nothing.
func TestProcessBlockRefusesRepeatsAndGaps(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, err := s.InitChain(ctx, "nexus-test-1")
		require.NoError(t, err)
		require.NoError(t, s.ProcessBlock(ctx, block(5, []store.Observation{{Kind: "mint.minted"}}), nil))

		err = s.ProcessBlock(ctx, block(5, []store.Observation{{Kind: "mint.minted"}}), nil)
		require.ErrorIs(t, err, store.ErrAlreadyProcessed)
		err = s.ProcessBlock(ctx, block(4, nil), nil)
		require.ErrorIs(t, err, store.ErrAlreadyProcessed)
		err = s.ProcessBlock(ctx, block(7, nil), nil)
		require.ErrorIs(t, err, store.ErrOutOfOrder)

		// A planner error rolls the whole block back.
		boom := errors.New("planner failed")
		err = s.ProcessBlock(ctx, block(6, []store.Observation{{Kind: "mint.minted"}}), func(tx *store.BlockTx) error {
			require.NoError(t, tx.InsertActions([]store.Action{action("fb-x", 6)}))
			return boom
		})
		require.ErrorIs(t, err, boom)
		last, err := s.LastHeight(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(5), last)
		n, first, top, err := s.BlockStats(ctx)
		require.NoError(t, err)
		require.Equal(t, []int64{1, 5, 5}, []int64{n, first, top})
		_, err = s.Action(ctx, "fb-x")
		require.ErrorIs(t, err, store.ErrNotFound)
		counts, err := s.ObservationCounts(ctx, 0, 10)
		require.NoError(t, err)
		require.Equal(t, map[int64]int{5: 1}, counts)

		// Then block 6 goes through.
		require.NoError(t, s.ProcessBlock(ctx, block(6, nil), nil))
	})
}

func action(id string, h int64) store.Action {
	return store.Action{
		ID: id, Kind: "mesh.feedback", Planner: "feedback", CauseHeight: h, MsgType: "/azora.mesh.v1.MsgSubmitFeedback",
		Msg: []byte{1, 2, 3}, Subject: "emp-bob", Counterparties: []string{"bob"}, Summary: "feedback",
	}
}

func TestActionLifecycle(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clock := time.Unix(1_800_000_000, 0)
		s.SetClock(func() time.Time { return clock })
		_, err := s.InitChain(ctx, "nexus-test-1")
		require.NoError(t, err)
		require.NoError(t, s.ProcessBlock(ctx, block(1, nil), func(tx *store.BlockTx) error {
			return tx.InsertActions([]store.Action{action("a1", 1), action("a2", 1), action("a3", 1), action("a4", 1)})
		}))
		// Re-proposing the same ids (a block processed again) changes nothing.
		require.NoError(t, s.ProcessBlock(ctx, block(2, nil), func(tx *store.BlockTx) error {
			a := action("a1", 2)
			a.Summary = "changed"
			return tx.InsertActions([]store.Action{a})
		}))
		a1, err := s.Action(ctx, "a1")
		require.NoError(t, err)
		require.Equal(t, "feedback", a1.Summary)
		require.Equal(t, int64(1), a1.CauseHeight)
		require.Equal(t, []byte{1, 2, 3}, a1.Msg)
		require.Equal(t, []string{"bob"}, a1.Counterparties)

		planned, err := s.PlannedActions(ctx, 10)
		require.NoError(t, err)
		require.Len(t, planned, 4)

		// Refused: recorded with its rule and article, never planned again.
		require.NoError(t, s.RefuseAction(ctx, "a4", "chain.compliance", 2, "aegis: article 2 (standing): signer frozen"))
		a4, err := s.Action(ctx, "a4")
		require.NoError(t, err)
		require.Equal(t, store.ActionRefused, a4.Status)
		require.Equal(t, uint64(2), a4.Article)

		// Signed in one tx before broadcast.
		require.NoError(t, s.RecordSigned(ctx, store.Tx{Hash: "T1", Raw: []byte("raw1"), Sequence: 7, TimeoutHeight: 30}, []string{"a1", "a2"}))
		require.Error(t, s.RecordSigned(ctx, store.Tx{Hash: "T2", Raw: []byte("raw2"), Sequence: 8, TimeoutHeight: 30}, []string{"a1"}), "a signed action is not signed twice")
		pending, err := s.PendingTxs(ctx)
		require.NoError(t, err)
		require.Len(t, pending, 1)
		require.Equal(t, store.Tx{Hash: "T1", Raw: []byte("raw1"), Sequence: 7, TimeoutHeight: 30, Status: store.TxSigned, CreatedAt: clock.UTC()}, pending[0])
		n, _, err := s.SignedSince(ctx, clock.Add(-time.Hour))
		require.NoError(t, err)
		require.Equal(t, 2, n)
		n, _, err = s.SignedSince(ctx, clock.Add(time.Second))
		require.NoError(t, err)
		require.Equal(t, 0, n)

		// Dropped (timed out): back to planned, attempts kept.
		require.NoError(t, s.ResolveTx(ctx, "T1", store.TxDropped, 0, 0, "past timeout height 30", 3))
		a1, err = s.Action(ctx, "a1")
		require.NoError(t, err)
		require.Equal(t, store.ActionPlanned, a1.Status)
		require.Equal(t, 1, a1.Attempts)
		require.Empty(t, a1.TxHash)
		pending, err = s.PendingTxs(ctx)
		require.NoError(t, err)
		require.Empty(t, pending)

		// Signed again and included.
		require.NoError(t, s.RecordSigned(ctx, store.Tx{Hash: "T3", Raw: []byte("raw3"), Sequence: 7, TimeoutHeight: 40}, []string{"a1", "a2"}))
		require.NoError(t, s.ResolveTx(ctx, "T3", store.TxIncluded, 12, 0, "", 3))
		ofTx, err := s.ActionsOfTx(ctx, "T3")
		require.NoError(t, err)
		require.Len(t, ofTx, 2)
		for _, a := range ofTx {
			require.Equal(t, store.ActionIncluded, a.Status)
			require.Equal(t, int64(12), a.IncludedHeight)
			require.Equal(t, 2, a.Attempts)
		}

		// A tx failed on chain at the last attempt: the action fails.
		require.NoError(t, s.RecordSigned(ctx, store.Tx{Hash: "T4", Raw: []byte("raw4"), Sequence: 8, TimeoutHeight: 40}, []string{"a3"}))
		require.NoError(t, s.ResolveTx(ctx, "T4", store.TxFailed, 13, 11, "out of gas", 1))
		a3, err := s.Action(ctx, "a3")
		require.NoError(t, err)
		require.Equal(t, store.ActionFailed, a3.Status)
		require.Contains(t, a3.Reason, "out of gas")

		// Inclusion seen in a block's events marks an action included.
		require.NoError(t, s.ProcessBlock(ctx, block(3, nil), func(tx *store.BlockTx) error {
			return tx.InsertActions([]store.Action{action("a5", 3)})
		}))
		b4 := block(4, nil)
		b4.Changes.Included = []string{"a5"}
		require.NoError(t, s.ProcessBlock(ctx, b4, nil))
		a5, err := s.Action(ctx, "a5")
		require.NoError(t, err)
		require.Equal(t, store.ActionIncluded, a5.Status)
		require.Equal(t, int64(4), a5.IncludedHeight)

		counts, err := s.ActionCounts(ctx)
		require.NoError(t, err)
		require.Equal(t, map[string]int64{store.ActionIncluded: 3, store.ActionRefused: 1, store.ActionFailed: 1}, counts)
		list, err := s.Actions(ctx, store.ActionIncluded, 10)
		require.NoError(t, err)
		require.Len(t, list, 3)
		require.Equal(t, "a5", list[0].ID, "newest cause first")
	})
}
