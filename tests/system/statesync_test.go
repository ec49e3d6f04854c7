package system

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"
)

// TestStateSyncJoin: a new node joins a running chain by state sync, as
// docs/operators.md ("Join by state sync") tells an operator: the member's
// node takes snapshots (every 1000 blocks by default; 10 here), the new
// node takes a trusted height and hash from the member's `nexusd status`,
// sets them with `nexusd config set config ...` and starts. It restores the
// snapshot instead of replaying from genesis, reaches the app hash the
// validators commit to, answers the modules' queries exactly as the member
// does, and then follows new blocks, transactions included.
func TestStateSyncJoin(t *testing.T) {
	requireSystem(t)
	const snapshotInterval = 10
	c := NewChain(t, Config{
		Accounts: []Account{
			{Name: "alice", Coins: "100000000000uazr"},
			{Name: "bob", Coins: "10000000uazr"},
		},
		EditGenesis: func(appState map[string]any) {
			appState["ledger"].(map[string]any)["params"].(map[string]any)["checkpoint_interval"] = "5"
		},
	})
	n0 := c.Nodes[0]
	// The serving node: snapshots every 10 blocks, all kept (the test's only
	// changes to what `nexusd init` writes: with 0.5 s blocks the default
	// two kept snapshots of 1000 blocks become two of 10, pruned within
	// seconds — sooner than the new node's 15 s of snapshot discovery).
	c.mustRun(n0.Home, "config", "set", "app", "state-sync.snapshot-interval", strconv.Itoa(snapshotInterval))
	c.mustRun(n0.Home, "config", "set", "app", "state-sync.snapshot-keep-recent", "0")
	c.Start()
	alice, bob := c.Address("alice"), c.Address("bob")

	// State worth restoring: payments in the journal, PIVC in the pools,
	// checkpoints.
	c.MustTx("alice", "bank", "send", alice, bob, "1000000uazr")
	c.MustTx("alice", "ledger", "transfer", bob, "2000000uazr", "INV-1")
	c.WaitForHeight(2*snapshotInterval+2, 90*time.Second)

	// 1. The trusted height and hash, from the member's node.
	var st struct {
		SyncInfo struct {
			Height string `json:"latest_block_height"`
			Hash   string `json:"latest_block_hash"`
		} `json:"sync_info"`
	}
	out := c.mustRun(n0.Home, "status")
	if err := json.Unmarshal([]byte(lastJSONLine(out)), &st); err != nil {
		t.Fatalf("nexusd status: %v\n%s", err, out)
	}
	if st.SyncInfo.Height == "" || len(st.SyncInfo.Hash) != 64 {
		t.Fatalf("nexusd status gave no trusted height and hash: %+v", st)
	}

	// 2. The new node: init, the chain's genesis, the member as peer (the
	// harness does docs/operators.md §1 with its free ports), then state
	// sync with `nexusd config set config`, enable last.
	fresh := c.AddFullNode()
	rpc := n0.RPCAddr()
	for _, kv := range [][2]string{
		{"statesync.rpc_servers", rpc + "," + rpc},
		{"statesync.trust_height", st.SyncInfo.Height},
		{"statesync.trust_hash", st.SyncInfo.Hash},
		{"statesync.enable", "true"},
	} {
		c.mustRun(fresh.Home, "config", "set", "config", kv[0], kv[1])
	}
	start := time.Now()
	c.StartNode(fresh)

	// 3. It restores a snapshot (its history starts there, not at genesis)
	// and catches up.
	var restoredAt int64
	c.eventually(t, 3*time.Minute, func() error {
		var s struct {
			SyncInfo struct {
				Earliest   string `json:"earliest_block_height"`
				Latest     string `json:"latest_block_height"`
				CatchingUp bool   `json:"catching_up"`
			} `json:"sync_info"`
		}
		if err := c.RPC(fresh, "status", &s); err != nil {
			return err
		}
		earliest, _ := strconv.ParseInt(s.SyncInfo.Earliest, 10, 64)
		latest, _ := strconv.ParseInt(s.SyncInfo.Latest, 10, 64)
		if earliest <= 1 || s.SyncInfo.CatchingUp || latest < c.Height(n0)-2 {
			return fmt.Errorf("fresh node: earliest %d, latest %d, catching up %v", earliest, latest, s.SyncInfo.CatchingUp)
		}
		restoredAt = earliest
		return nil
	})
	// Its first block is the one after a snapshot height.
	if (restoredAt-1)%snapshotInterval != 0 {
		t.Errorf("fresh node's history starts at %d, not after a snapshot height (a multiple of %d)", restoredAt, snapshotInterval)
	}
	t.Logf("fresh node restored the snapshot of height %d and caught up in %s", restoredAt-1, time.Since(start).Round(100*time.Millisecond))

	// 4. The app hash its application computed is the validators'.
	h, appHash, err := c.ABCIInfo(fresh)
	if err != nil {
		t.Fatal(err)
	}
	c.WaitForNodeHeight(n0, h+1, 30*time.Second)
	if want := blockAt(t, c, n0, h+1).AppHash; appHash != want {
		t.Fatalf("fresh node's app hash after height %d is %s, the validators' is %s", h, appHash, want)
	}

	// 5. Every module answers the same on both nodes at that height.
	height := strconv.FormatInt(h, 10)
	for _, q := range [][]string{
		{"ledger", "head"}, {"ledger", "reconciliation"}, {"pivc", "totals"}, {"pivc", "pools"},
		{"bank", "total-supply"}, {"aegis", "articles"}, {"forge", "escrow"}, {"mint", "params"},
		{"mesh", "params"}, {"staking", "validators"}, {"ledger", "reference", alice, "INV-1"},
	} {
		args := append(append([]string{"q"}, q...), "--height", height, "-o", "json")
		a := c.CLIOn(n0, append(args, "--node", n0.RPCAddr())...)
		b := c.CLIOn(n0, append(args, "--node", fresh.RPCAddr())...)
		if a.Err() != nil || b.Err() != nil {
			t.Fatalf("q %v at %s: member %v, fresh %v", q, height, a.Err(), b.Err())
		}
		if a.Stdout != b.Stdout {
			t.Fatalf("q %v at %s differs:\nmember: %s\nfresh:  %s", q, height, a.Stdout, b.Stdout)
		}
	}

	// Its metabolism exporter counts from its first block; the journal
	// counter, read from state, is the member's.
	m := c.waitMetabolismHeight(fresh, h)
	if first, _ := m.Get("nexus_metabolism_first_height"); int64(first) != restoredAt {
		t.Errorf("fresh node's exporter counts from %v, want %d", first, restoredAt)
	}
	m0 := c.waitMetabolismHeight(n0, h)
	// (No transaction ran since the snapshot, so the journal is the same.)
	if a, b := m0["nexus_ledger_journal_entries_total"][""], m["nexus_ledger_journal_entries_total"][""]; a == 0 || a != b {
		t.Errorf("nexus_ledger_journal_entries_total: member %v, fresh node %v", a, b)
	}

	// 6. It follows new blocks, with their transactions.
	tx := c.MustTx("alice", "bank", "send", alice, bob, "3000000uazr")
	c.WaitForNodeHeight(fresh, tx.Height+1, 30*time.Second)
	var bal struct {
		Balances []struct{ Denom, Amount string } `json:"balances"`
	}
	res := c.CLIOn(n0, "q", "bank", "balances", bob, "--node", fresh.RPCAddr(), "-o", "json")
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lastJSONLine(res.Stdout)), &bal); err != nil {
		t.Fatal(err)
	}
	if got := amountOf(bal.Balances, "uazr"); got != "16000000" {
		t.Fatalf("bob's balance on the fresh node = %s, want 16000000", got)
	}
	if err := c.CheckNodes(); err != nil {
		t.Fatal(err)
	}
}
