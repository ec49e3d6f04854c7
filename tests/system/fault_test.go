package system

import (
	"fmt"
	"sync"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// TestFaultTolerance runs four validators as real nexusd processes under a
// steady transfer load and injects faults one after the other on the same
// chain (each step needs what the previous one left, and one chain keeps
// the run short):
//
//  1. SIGKILL one validator: blocks keep coming, it catches up after restart.
//  2. SIGSTOP one validator for 15 s, then SIGCONT: the same.
//  3. Stop two of four: no quorum, so no new block and no fork; after their
//     restart the chain resumes from the height where it stopped.
//  4. SIGKILL all four at once and restart: the chain resumes and every
//     transfer the client saw committed before the crash is there, once.
//  5. Determinism: block and app hashes are identical on every node at every
//     height, and a fresh node that block-syncs from genesis computes the
//     same app hash.
//
// After every step: the height has increased, every node follows, no node
// crashed or logged a consensus failure, and the balances of all accounts
// (module accounts included) add up to the supply.
func TestFaultTolerance(t *testing.T) {
	requireSystem(t)
	began := time.Now()

	const workers = 3
	var accounts []Account
	for i := range workers {
		accounts = append(accounts, Account{Name: fmt.Sprintf("load%d", i), Coins: "100000000000uazr"})
	}
	c := NewChain(t, Config{Validators: 4, Accounts: accounts})
	c.Start()
	t.Logf("4 validators up at height %d after %s", c.Height(c.Nodes[0]), time.Since(began).Round(100*time.Millisecond))

	// Each worker pays a fresh address of its own, so the recipient's balance
	// is exactly the sum of the worker's committed transfers.
	senders := make([]LoadSender, workers)
	for i := range senders {
		senders[i] = LoadSender{Account: accounts[i].Name, To: sdk.AccAddress(secp256k1.GenPrivKey().PubKey().Address()).String()}
	}
	f := &faultSuite{senders: senders, loadFrom: mustStatus(t, c, c.Nodes[0]).Height}
	f.load = c.StartTransferLoad("uazr", senders...)
	if err := f.load.WaitAcked(workers, 60*time.Second); err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		name string
		run  func(t *testing.T, c *Chain)
	}{
		{"KillOneValidatorUnderLoad", f.killOne},
		{"PauseOneValidator", f.pauseOne},
		{"TwoOfFourDownHaltsWithoutFork", f.noQuorum},
		{"CrashAllAndRestart", f.crashAll},
		{"Determinism", f.determinism},
	}
	for _, s := range steps {
		ok := t.Run(s.name, func(t *testing.T) {
			v := c.WithT(t)
			start := time.Now()
			before := mustStatus(t, v, v.Nodes[0]).Height
			s.run(t, v)
			f.globalChecks(t, v, before)
			t.Logf("%s passed in %s", s.name, time.Since(start).Round(100*time.Millisecond))
		})
		if !ok {
			t.Fatalf("stopping after %s failed: the later steps depend on the chain it leaves", s.name)
		}
	}
	if k := f.load.RestartRejections(); k > 0 {
		t.Logf("%d broadcasts were rejected by a node that had not committed a block since its restart (cosmos-sdk#24628) and went to another node", k)
	}
	t.Logf("fault tests took %s in total", time.Since(began).Round(time.Second))
}

type faultSuite struct {
	load     *TransferLoad
	senders  []LoadSender
	loadFrom int64 // the height before the first load tx
}

// globalChecks runs after every step: no node died or logged a consensus
// failure or panic, the chain grew past before and every node follows it,
// value is conserved, and the load met no unexpected error.
func (f *faultSuite) globalChecks(t *testing.T, c *Chain, before int64) {
	t.Helper()
	if err := c.CheckNodes(); err != nil {
		t.Fatal(err)
	}
	for _, n := range c.Nodes {
		if !n.Running() || n.Paused() {
			t.Fatalf("node %d is not running at the end of the step", n.Index)
		}
	}
	n0 := c.Nodes[0]
	c.WaitForNodeHeight(n0, before+1, 30*time.Second)
	h := mustStatus(t, c, n0).Height
	for _, n := range c.Nodes[1:] {
		c.WaitForNodeHeight(n, h, 60*time.Second)
	}
	rep, err := c.CheckConservation(n0, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("height %d → %d; at %d Σ balances of %d accounts = supply %s", before, h, rep.Height, rep.Accounts, rep.Supply)
	if err := f.load.Err(); err != nil {
		t.Fatal(err)
	}
}

// waitCaughtUp waits until n has reached the height the chain had when the
// wait began and has left block sync, and returns how long that took.
func waitCaughtUp(t *testing.T, c *Chain, n *Node, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	target := mustStatus(t, c, c.Nodes[0]).Height
	for time.Since(start) < within {
		if !n.Running() {
			t.Fatalf("node %d exited while catching up", n.Index)
		}
		if st, err := c.Status(n); err == nil && st.Height >= target && !st.CatchingUp {
			d := time.Since(start)
			t.Logf("node %d caught up to height %d in %s", n.Index, target, d.Round(100*time.Millisecond))
			return d
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("node %d did not catch up to height %d within %s (at %d)", n.Index, target, within, c.Height(n))
	return 0
}

// 1. SIGKILL one of four validators under load.
func (f *faultSuite) killOne(t *testing.T, c *Chain) {
	n0, victim := c.Nodes[0], c.Nodes[3]
	h, acked := mustStatus(t, c, n0).Height, f.load.Acked()
	c.KillNode(victim)
	t.Logf("SIGKILL node %d at height %d", victim.Index, h)

	// Three of four validators hold 75% of the power: blocks keep coming and
	// transfers keep being committed.
	c.WaitForNodeHeight(n0, h+8, 60*time.Second)
	if err := f.load.WaitAcked(acked+5, 30*time.Second); err != nil {
		t.Fatalf("load while node %d was down: %v", victim.Index, err)
	}
	t.Logf("%d blocks and %d transfers without node %d", c.Height(n0)-h, f.load.Acked()-acked, victim.Index)

	c.StartNode(victim)
	waitCaughtUp(t, c, victim, 60*time.Second)
}

// 2. SIGSTOP one validator for 15 s, then SIGCONT.
func (f *faultSuite) pauseOne(t *testing.T, c *Chain) {
	n0, victim := c.Nodes[0], c.Nodes[2]
	h, acked := mustStatus(t, c, n0).Height, f.load.Acked()
	c.PauseNode(victim)
	t.Logf("SIGSTOP node %d at height %d", victim.Index, h)
	time.Sleep(15 * time.Second)
	hPaused, ackedPaused := mustStatus(t, c, n0).Height, f.load.Acked()
	c.ResumeNode(victim)
	t.Logf("SIGCONT node %d: %d blocks and %d transfers while it was paused", victim.Index, hPaused-h, ackedPaused-acked)
	if hPaused < h+3 {
		t.Fatalf("only %d blocks in the 15 s node %d was paused", hPaused-h, victim.Index)
	}
	if ackedPaused < acked+2 {
		t.Fatalf("only %d transfers committed in the 15 s node %d was paused", ackedPaused-acked, victim.Index)
	}
	waitCaughtUp(t, c, victim, 60*time.Second)
}

// 3. Stop two of four validators: the other two hold 50% of the power, less
// than the two thirds a block needs.
func (f *faultSuite) noQuorum(t *testing.T, c *Chain) {
	a, b := c.Nodes[0], c.Nodes[1]
	down := []*Node{c.Nodes[2], c.Nodes[3]}
	var wg sync.WaitGroup
	for _, n := range down {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.StopNode(n)
		}()
	}
	wg.Wait()
	t.Logf("stopped nodes 2 and 3 at height %d", c.Height(a))

	// A block whose precommits were already out may still be committed; the
	// two live nodes then agree on the last block and stay there.
	time.Sleep(3 * time.Second)
	halted := settledHeight(t, c, a, b)
	ref := blockAt(t, c, a, halted)
	if got := blockAt(t, c, b, halted); got.Hash != ref.Hash {
		t.Fatalf("fork at height %d: node 0 has %s, node 1 has %s", halted, ref.Hash, got.Hash)
	}
	time.Sleep(10 * time.Second)
	for _, n := range []*Node{a, b} {
		if st := mustStatus(t, c, n); st.Height != halted || st.BlockHash != ref.Hash {
			t.Fatalf("node %d moved from %d (%s) to %d (%s) without a quorum", n.Index, halted, ref.Hash, st.Height, st.BlockHash)
		}
	}
	t.Logf("no block for 10 s at height %d without a quorum", halted)

	for _, n := range down {
		c.StartNode(n)
	}
	c.WaitForNodeHeight(a, halted+3, 60*time.Second)
	// The chain resumed on top of the block it halted at, on every node.
	for _, n := range c.Nodes {
		c.WaitForNodeHeight(n, halted+1, 60*time.Second)
		metas, err := c.BlockMetas(n, halted, halted+1)
		if err != nil {
			t.Fatal(err)
		}
		if metas[0].Hash != ref.Hash || metas[1].LastBlockHash != ref.Hash {
			t.Fatalf("node %d: block %d is %s and block %d builds on %s; want both %s",
				n.Index, halted, metas[0].Hash, halted+1, metas[1].LastBlockHash, ref.Hash)
		}
	}
	t.Logf("resumed from height %d", halted)
}

// mustStatus returns the status of n, retrying for up to 15 s while the node
// does not answer (a loaded machine can delay a live node's RPC).
func mustStatus(t *testing.T, c *Chain, n *Node) NodeStatus {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		st, err := c.Status(n)
		if err == nil {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("node %d status: %v", n.Index, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// settledHeight waits until nodes a and b report the same height and
// returns it.
func settledHeight(t *testing.T, c *Chain, a, b *Node) int64 {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		ha, hb := c.Height(a), c.Height(b)
		if ha == hb && ha > 0 {
			return ha
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("nodes %d and %d do not settle on one height (%d, %d)", a.Index, b.Index, c.Height(a), c.Height(b))
	return 0
}

func blockAt(t *testing.T, c *Chain, n *Node, h int64) BlockMeta {
	t.Helper()
	metas, err := c.BlockMetas(n, h, h)
	if err != nil {
		t.Fatal(err)
	}
	return metas[0]
}

// 4. SIGKILL all four validators at once under load, then restart them.
func (f *faultSuite) crashAll(t *testing.T, c *Chain) {
	n0 := c.Nodes[0]
	if err := f.load.WaitAcked(f.load.Acked()+3, 30*time.Second); err != nil {
		t.Fatalf("load before the crash: %v", err)
	}
	var top int64
	for _, n := range c.Nodes {
		top = max(top, c.Height(n))
	}
	c.KillNodes(c.Nodes...)
	var ackedBefore []TransferRecord
	for _, r := range f.load.History() {
		if r.Acked {
			ackedBefore = append(ackedBefore, r)
		}
	}
	t.Logf("SIGKILL all four at height ~%d, %d transfers acknowledged", top, len(ackedBefore))

	for _, n := range c.Nodes {
		c.StartNode(n)
	}
	c.WaitForNodeHeight(n0, top+3, 90*time.Second)
	t.Logf("resumed: height %d", c.Height(n0))

	// Every transfer acknowledged before the crash is still in the index,
	// at the height the client saw, with success.
	for _, r := range ackedBefore {
		got, found, err := c.TxByHash(n0, r.Hash)
		if err != nil {
			t.Fatal(err)
		}
		if !found || got.Height != r.Height || got.Code != 0 {
			t.Fatalf("acknowledged transfer %s (height %d) after restart: found=%v height=%d code=%d", r.Hash, r.Height, found, got.Height, got.Code)
		}
	}
	if err := f.load.WaitAcked(len(ackedBefore)+5, 60*time.Second); err != nil {
		t.Fatalf("load after the restart: %v", err)
	}

	// Stop the load, let the last tx in flight land, and check the whole
	// client-side history against the chain at one height.
	f.load.Stop()
	c.WaitBlocks(3, 30*time.Second)
	f.checkHistory(t, c, len(ackedBefore))
}

// checkHistory compares every transfer the load signed with the blocks from
// the start of the load to the latest height H of node 0: a tx is in at most
// one block; every acknowledged tx is in the block the client saw, with
// success; each recipient's balance at H is the sum of its committed
// transfers and each sender's sequence at H is the number of its committed
// txs (so no transfer was lost, duplicated or replayed).
func (f *faultSuite) checkHistory(t *testing.T, c *Chain, ackedBeforeCrash int) {
	t.Helper()
	n0 := c.Nodes[0]
	top := mustStatus(t, c, n0).Height
	inChain := map[string][]BlockTx{}
	for h := f.loadFrom; h <= top; h++ {
		txs, err := c.BlockTxs(n0, h)
		if err != nil {
			t.Fatalf("block %d: %v", h, err)
		}
		for _, tx := range txs {
			inChain[tx.Hash] = append(inChain[tx.Hash], tx)
		}
	}

	credited := map[string]int64{}
	committed := map[string]uint64{}
	var acked, unacked int
	for _, r := range f.load.History() {
		blocks := inChain[r.Hash]
		switch {
		case len(blocks) > 1:
			t.Fatalf("transfer %s is in %d blocks: %+v", r.Hash, len(blocks), blocks)
		case r.Acked && (len(blocks) != 1 || blocks[0].Height != r.Height || blocks[0].Code != 0):
			t.Fatalf("acknowledged transfer %s (height %d): in blocks %+v", r.Hash, r.Height, blocks)
		case len(blocks) == 1:
			if blocks[0].Code != 0 {
				t.Fatalf("transfer %s failed at height %d: code %d: %s", r.Hash, blocks[0].Height, blocks[0].Code, blocks[0].Log)
			}
			credited[r.To] += r.Amount
			committed[r.From]++
			if !r.Acked {
				unacked++
			}
		}
		if r.Acked {
			acked++
		}
	}
	for _, s := range f.senders {
		from := c.Address(s.Account)
		got, err := c.BalanceAt(n0, s.To, "uazr", top)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(sdkmath.NewInt(credited[s.To])) {
			t.Fatalf("recipient %s has %s uazr at height %d; its committed transfers add up to %d", s.To, got, top, credited[s.To])
		}
		_, seq, err := c.AccountAt(n0, from, top)
		if err != nil {
			t.Fatal(err)
		}
		if seq != committed[from] {
			t.Fatalf("sender %s has sequence %d at height %d but %d of its txs are in blocks", from, seq, top, committed[from])
		}
	}
	t.Logf("history checked up to height %d: %d transfers signed, %d acknowledged (%d before the crash), %d more committed without an acknowledgement; each in exactly one block",
		top, len(f.load.History()), acked, ackedBeforeCrash, unacked)
}

// 5. Identical block and app hashes on every node at every height, and a
// fresh node that block-syncs from genesis computes the same app hash.
func (f *faultSuite) determinism(t *testing.T, c *Chain) {
	n0 := c.Nodes[0]
	top := mustStatus(t, c, n0).Height
	for _, n := range c.Nodes[1:] {
		c.WaitForNodeHeight(n, top, 60*time.Second)
	}
	ref, err := c.BlockMetas(n0, 1, top)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range c.Nodes[1:] {
		compareMetas(t, c, n, ref)
	}
	t.Logf("block and app hashes of heights 1..%d are identical on the %d validators", top, len(c.Nodes))

	start := time.Now()
	fresh := c.AddFullNode()
	c.StartNode(fresh)
	c.WaitForNodeHeight(fresh, top+1, 90*time.Second)
	compareMetas(t, c, fresh, ref)
	// It leaves block sync and follows the chain in consensus.
	for deadline := time.Now().Add(30 * time.Second); mustStatus(t, c, fresh).CatchingUp; {
		if time.Now().After(deadline) {
			t.Fatal("fresh node still catching up 30 s after reaching the chain's height")
		}
		time.Sleep(250 * time.Millisecond)
	}

	// The app hash the fresh node's application computed itself equals the
	// one the validators' next block commits to.
	h, appHash, err := c.ABCIInfo(fresh)
	if err != nil {
		t.Fatal(err)
	}
	c.WaitForNodeHeight(n0, h+1, 30*time.Second)
	if want := blockAt(t, c, n0, h+1).AppHash; appHash != want {
		t.Fatalf("fresh node's app hash after height %d is %s, the validators' is %s", h, appHash, want)
	}
	t.Logf("fresh node block-synced from genesis to height %d in %s with app hash %s", h, time.Since(start).Round(100*time.Millisecond), appHash)
}

func compareMetas(t *testing.T, c *Chain, n *Node, ref []BlockMeta) {
	t.Helper()
	got, err := c.BlockMetas(n, ref[0].Height, ref[len(ref)-1].Height)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range got {
		if m.Hash != ref[i].Hash || m.AppHash != ref[i].AppHash {
			t.Fatalf("node %d diverges at height %d: block %s app %s; node 0 has block %s app %s",
				n.Index, m.Height, m.Hash, m.AppHash, ref[i].Hash, ref[i].AppHash)
		}
	}
}
