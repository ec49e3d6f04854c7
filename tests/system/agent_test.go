package system

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/azora-os/nexus/agent/store"
	aegistestutil "github.com/azora-os/nexus/x/aegis/testutil"
)

// agentChain is a one-validator chain (or more nodes, added by the caller)
// with the accounts and roles the agent tests use: registrar and reporter
// hold x/mesh's roles, officer x/aegis's, arbiter x/forge's; checkpoints
// every 5 blocks.
func agentChain(t *testing.T) *Chain {
	t.Helper()
	c := NewChain(t, Config{Accounts: []Account{
		{Name: "alice", Coins: "100000000000uazr"},
		{Name: "bob", Coins: "100000000000uazr"},
		{Name: "carol", Coins: "100000000000uazr"},
		{Name: "registrar", Coins: "10000000000uazr"},
		{Name: "reporter", Coins: "10000000000uazr"},
		{Name: "officer", Coins: "10000000000uazr"},
	}})
	editGenesis(t, filepath.Join(c.Nodes[0].Home, "config", "genesis.json"), func(appState map[string]any) {
		appState["mesh"].(map[string]any)["roles"] = []any{
			map[string]any{"role": "ROLE_REGISTRAR", "address": c.Address("registrar")},
			map[string]any{"role": "ROLE_REPORTER", "address": c.Address("reporter")},
		}
		if err := aegistestutil.GrantRoleJSON(appState, "officer", c.Address("officer")); err != nil {
			t.Fatal(err)
		}
		appState["ledger"].(map[string]any)["params"].(map[string]any)["checkpoint_interval"] = "5"
	})
	c.mustRun(c.Nodes[0].Home, "genesis", "validate-genesis")
	return c
}

// meshNode is what the tests read of an x/mesh node.
type meshNode struct {
	FeedbackCount string `json:"feedback_count"`
	Reputation    string `json:"reputation"`
	Models        []struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"models"`
}

func (c *Chain) meshNode(t *testing.T, id string) meshNode {
	t.Helper()
	var res struct {
		Node meshNode `json:"node"`
	}
	c.QueryJSON(&res, "mesh", "node", id)
	return res.Node
}

func (c *Chain) feedbackAction(t *testing.T, id string) (bool, int64) {
	t.Helper()
	var res struct {
		Used   bool   `json:"used"`
		Height string `json:"height"`
	}
	c.QueryJSON(&res, "mesh", "feedback-action", c.Address("reporter"), id)
	h, _ := strconv.ParseInt(res.Height, 10, 64)
	return res.Used, h
}

// trade has buyer buy one unit of listing 1 from its seller and confirm:
// one settled x/forge order.
func (c *Chain) trade(t *testing.T, seller, buyer string) string {
	t.Helper()
	tx := c.MustTx(buyer, "forge", "place-order", "1", "1", "25000000uazr")
	order := forgeAttr(t, tx, "azora.forge.v1.EventOrderPlaced", "order_id")
	c.MustTx(seller, "forge", "accept-order", order)
	c.MustTx(buyer, "forge", "confirm-delivery", order)
	return order
}

// waitActions waits until the agent's log has no planned or signed action
// and at least n actions, and returns the log.
func (a *Agent) waitSettled(t *testing.T, n int, timeout time.Duration) []store.Action {
	t.Helper()
	var last []store.Action
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if st, ok := a.Status(); ok {
			last = a.Actions()
			if len(last) >= n && st.PendingActions == 0 {
				return last
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	a.DumpLog(80)
	t.Fatalf("agent actions did not settle at %d within %s: %+v", n, timeout, last)
	return nil
}

// TestAgentExactlyOnce runs the real agent beside a real node: traffic
// through every module; the agent's feedback lands on chain; the agent is
// SIGKILLed before broadcast, after broadcast and after inclusion, and the
// node is killed and restarted; a feedback on a frozen account's node is
// refused by the governor and never broadcast. At the end every action is
// on chain exactly once (chain state), the chain refuses a replay, and the
// store's per-height record has every block once, with the events the chain
// has.
func TestAgentExactlyOnce(t *testing.T) {
	requireSystem(t)
	c := agentChain(t)
	c.Start()
	alice, bob, carol := c.Address("alice"), c.Address("bob"), c.Address("carol")

	// Mesh: each trader has a consenting node; carol's too.
	for _, n := range [][2]string{{"emp-alice", alice}, {"emp-bob", bob}, {"emp-carol", carol}} {
		c.MustTx("registrar", "mesh", "register-node", n[0], "employee", n[1])
	}
	c.MustTx("alice", "mesh", "set-consent", "emp-alice", "true", "true", "true")
	c.MustTx("bob", "mesh", "set-consent", "emp-bob", "true", "true", "true")
	c.MustTx("carol", "mesh", "set-consent", "emp-carol", "true", "true", "true")
	c.MustTx("alice", "forge", "create-listing", "labour", "Plumbing, per hour", "25000000uazr", "1000")

	a := c.NewAgent(t, []*Node{c.Nodes[0]})
	a.Start()

	// Traffic through every module: bank (x/pivc charges it), a ledger
	// payment, an x/mint burn, a forge trade (escrow, settlement), aegis
	// (the freeze below), mesh feedback (the agent).
	c.MustTx("alice", "bank", "send", alice, carol, "1000000uazr")
	c.MustTx("bob", "ledger", "transfer", carol, "2000000uazr", "INV-1")
	c.MustTx("carol", "mint", "burn", "1000uazr")
	c.trade(t, "alice", "bob")
	actions := a.waitSettled(t, 2, 90*time.Second)
	for _, x := range actions {
		if x.Status != store.ActionIncluded {
			t.Fatalf("action %s: %s (%s: %s)", x.ID, x.Status, x.Rule, x.Reason)
		}
	}
	if got := c.meshNode(t, "emp-alice").FeedbackCount; got != "1" {
		t.Fatalf("emp-alice feedback count %s, want 1", got)
	}

	// SIGKILL at each point of the act path, then restart: the action ends
	// up on chain exactly once.
	for i, fp := range []string{"before-broadcast", "after-broadcast", "after-inclusion"} {
		t.Logf("failpoint %s", fp)
		a.Stop()
		a.Start("NEXUS_AGENT_FAILPOINTS=" + fp)
		c.trade(t, "alice", "bob")
		st := a.WaitExit(90 * time.Second)
		if ws, ok := st.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			a.DumpLog(40)
			t.Fatalf("failpoint %s: agent exited with %v, want SIGKILL", fp, st)
		}
		a.Start()
		a.waitSettled(t, 2*(i+2), 90*time.Second)
	}

	// The node crashes and comes back while the agent runs.
	c.KillNode(c.Nodes[0])
	time.Sleep(3 * time.Second)
	c.StartNode(c.Nodes[0])
	c.WaitBlocks(2, 60*time.Second)
	c.trade(t, "alice", "bob")
	a.waitSettled(t, 10, 120*time.Second)

	// The governor: carol trades, then is frozen before the agent sees the
	// trade. Feedback on her node is refused (the standing article) and
	// never broadcast; alice's feedback from the same trade goes through.
	a.Stop()
	c.trade(t, "alice", "carol")
	c.MustTx("officer", "aegis", "freeze-account", carol, "court order")
	carolBefore := c.meshNode(t, "emp-carol").FeedbackCount
	a.Start()
	actions = a.waitSettled(t, 12, 90*time.Second)
	var refused *store.Action
	for i, x := range actions {
		if x.Subject == "emp-carol" {
			refused = &actions[i]
		}
	}
	if refused == nil || refused.Status != store.ActionRefused || refused.Rule != "chain.compliance_check.counterparty" || refused.Article == 0 || !strings.Contains(refused.Reason, "frozen") {
		t.Fatalf("feedback on the frozen account's node not refused by the governor: %+v", refused)
	}
	if used, _ := c.feedbackAction(t, refused.ID); used {
		t.Fatalf("refused action %s is on chain", refused.ID)
	}
	if got := c.meshNode(t, "emp-carol").FeedbackCount; got != carolBefore {
		t.Fatalf("emp-carol feedback count moved %s → %s", carolBefore, got)
	}

	// Exactly once, from chain state: every included action's id is used
	// on chain at its inclusion height; each node's feedback count is the
	// number of its included actions (the reporter sends nothing else).
	perNode := map[string]int{}
	for _, x := range actions {
		used, h := c.feedbackAction(t, x.ID)
		switch x.Status {
		case store.ActionIncluded:
			if !used || h != x.IncludedHeight {
				t.Fatalf("action %s included at %d by the agent, chain says used=%v at %d", x.ID, x.IncludedHeight, used, h)
			}
			perNode[x.Subject]++
		case store.ActionRefused:
			if used {
				t.Fatalf("refused action %s is on chain", x.ID)
			}
		default:
			t.Fatalf("action %s left %s", x.ID, x.Status)
		}
	}
	for node, n := range perNode {
		if got := c.meshNode(t, node).FeedbackCount; got != strconv.Itoa(n) {
			t.Fatalf("%s: %s feedbacks on chain, %d included actions", node, got, n)
		}
	}
	if perNode["emp-alice"] != 6 || perNode["emp-bob"] != 5 {
		t.Fatalf("included per node %v, want emp-alice 6 and emp-bob 5", perNode)
	}

	// The chain refuses a replay of an applied action id.
	replay := actions[len(actions)-1]
	for _, x := range actions {
		if x.Status == store.ActionIncluded {
			replay = x
			break
		}
	}
	res, tx := c.SubmitTx("reporter", "mesh", "submit-feedback", replay.Subject, "forge-settlement", "1",
		strings.Repeat("ab", 32), "--action-id", replay.ID)
	if (tx != nil && tx.Code == 0) || !strings.Contains(res.Stdout+res.Stderr+rawLog(tx), "action id already used by this reporter") {
		t.Fatalf("replay of %s not refused: %s %s %+v", replay.ID, res.Stdout, res.Stderr, tx)
	}

	// Reconciliation ran on the checkpoints and found them consistent.
	st, _ := a.Status()
	if st.LastReconciliation == nil || st.LastReconciliation.Status != store.CheckOK || st.ReconciliationMismatches != 0 {
		t.Fatalf("reconciliation: %+v", st)
	}

	// The per-height record: every block from 1 to the last once, with the
	// chain's hash and as many observations as the chain has Nexus events.
	top := st.LastHeight
	a.Stop()
	a.Query(func(s *store.Store) {
		ctx := context.Background()
		n, first, last, err := s.BlockStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if first != 1 || last < top || n != last-first+1 {
			t.Fatalf("per-height record: %d blocks from %d to %d", n, first, last)
		}
		blocks, err := s.Blocks(ctx, 1, int(last))
		if err != nil {
			t.Fatal(err)
		}
		metas, err := c.BlockMetas(c.Nodes[0], 1, last)
		if err != nil {
			t.Fatal(err)
		}
		counts, err := s.ObservationCounts(ctx, 1, last)
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range blocks {
			if b.Height != int64(i+1) || !strings.EqualFold(b.Hash, metas[i].Hash) {
				t.Fatalf("block %d: stored %d %s, chain %s", i+1, b.Height, b.Hash, metas[i].Hash)
			}
			want := c.nexusEvents(t, b.Height)
			if b.Observations != want || counts[b.Height] != want {
				t.Fatalf("block %d: %d observations recorded (%d rows), the chain has %d Nexus events", b.Height, b.Observations, counts[b.Height], want)
			}
		}
	})
	if err := c.CheckNodes(); err != nil {
		t.Fatal(err)
	}
}

func rawLog(tx *Tx) string {
	if tx == nil {
		return ""
	}
	return tx.RawLog
}

// nexusEvents counts the typed Nexus events of block h (successful txs and
// the block's own), as the agent must observe them.
func (c *Chain) nexusEvents(t *testing.T, h int64) int {
	t.Helper()
	var res struct {
		TxsResults []struct {
			Code   uint32 `json:"code"`
			Events []struct {
				Type string `json:"type"`
			} `json:"events"`
		} `json:"txs_results"`
		FinalizeBlockEvents []struct {
			Type string `json:"type"`
		} `json:"finalize_block_events"`
	}
	if err := c.RPC(c.Nodes[0], fmt.Sprintf("block_results?height=%d", h), &res); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tx := range res.TxsResults {
		if tx.Code != 0 {
			continue
		}
		for _, e := range tx.Events {
			if strings.HasPrefix(e.Type, "azora.") {
				n++
			}
		}
	}
	for _, e := range res.FinalizeBlockEvents {
		if strings.HasPrefix(e.Type, "azora.") {
			n++
		}
	}
	return n
}

// TestAgentFailover points the agent at two endpoints — a full node first,
// the validator second — and kills the first: the agent moves to the second
// without skipping or repeating a block and its feedback still lands.
func TestAgentFailover(t *testing.T) {
	requireSystem(t)
	c := agentChain(t)
	full := c.AddFullNode()
	c.Start()
	c.WaitForNodeHeight(full, 2, 60*time.Second)
	alice, bob := c.Address("alice"), c.Address("bob")
	c.MustTx("registrar", "mesh", "register-node", "emp-alice", "employee", alice)
	c.MustTx("alice", "mesh", "set-consent", "emp-alice", "true", "true", "true")
	c.MustTx("alice", "forge", "create-listing", "labour", "Plumbing, per hour", "25000000uazr", "1000")
	_ = bob

	a := c.NewAgent(t, []*Node{full, c.Nodes[0]})
	a.Start()
	c.trade(t, "alice", "bob")
	a.waitSettled(t, 1, 90*time.Second)
	st, _ := a.Status()
	if !strings.Contains(st.Endpoint, strconv.Itoa(full.Ports.RPC)) {
		t.Fatalf("agent uses %s, want the first endpoint (full node %d)", st.Endpoint, full.Ports.RPC)
	}

	c.KillNode(full)
	c.trade(t, "alice", "bob")
	actions := a.waitSettled(t, 2, 120*time.Second)
	for _, x := range actions {
		if x.Status != store.ActionIncluded {
			t.Fatalf("action %s: %s (%s)", x.ID, x.Status, x.Reason)
		}
	}
	h := c.Height(c.Nodes[0])
	a.WaitCaughtUp(h, 60*time.Second)
	st, _ = a.Status()
	if !strings.Contains(st.Endpoint, strconv.Itoa(c.Nodes[0].Ports.RPC)) {
		t.Fatalf("agent uses %s after the first endpoint died, want the validator", st.Endpoint)
	}
	if got := c.meshNode(t, "emp-alice").FeedbackCount; got != "2" {
		t.Fatalf("emp-alice feedback count %s, want 2", got)
	}
	a.Stop()
	a.Query(func(s *store.Store) {
		n, first, last, err := s.BlockStats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if first != 1 || n != last-first+1 || last < h {
			t.Fatalf("per-height record after failover: %d blocks from %d to %d (chain at %d)", n, first, last, h)
		}
	})
}
