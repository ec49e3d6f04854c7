package bench

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
)

// observation is one block as the bench saw it commit on node 0, with the
// node processes' CPU time and memory and the machine's CPU counters at that
// moment.
type observation struct {
	Height  int64
	Seen    time.Time
	NodeCPU float64 // seconds, summed over the nodes
	NodeRSS []uint64
	Host    HostCPU
	SelfCPU float64
}

// collector watches node 0 commit blocks: it subscribes to NewBlockHeader
// events (sent after the block is committed) and, if the subscription fails
// or is dropped, polls /status every 50 ms instead. It samples /proc at each
// block, so CPU time can be cut exactly at block boundaries.
type collector struct {
	nodes  []*Node
	mu     sync.Mutex
	obs    []observation
	last   int64
	cancel context.CancelFunc
	done   chan struct{}
	mode   string
}

func startCollector(ctx context.Context, nodes []*Node) (*collector, error) {
	cctx, cancel := context.WithCancel(ctx)
	c := &collector{nodes: nodes, cancel: cancel, done: make(chan struct{})}
	cli, err := rpchttp.New(nodes[0].RPC(), "/websocket")
	if err != nil {
		cancel()
		return nil, err
	}
	st, err := cli.Status(cctx)
	if err != nil {
		cancel()
		return nil, err
	}
	c.last = st.SyncInfo.LatestBlockHeight
	go func() {
		defer close(c.done)
		if err := cli.Start(); err == nil {
			c.mode = "websocket"
			events, err := cli.Subscribe(cctx, "nexus-bench", cmttypes.QueryForEvent(cmttypes.EventNewBlockHeader).String(), 1000)
			if err == nil {
				c.watch(cctx, events)
			}
			_ = cli.Stop()
		}
		if cctx.Err() == nil {
			c.mode = "polling"
			c.poll(cctx, cli)
		}
	}()
	return c, nil
}

// watch records every NewBlockHeader event until ctx ends or the
// subscription is dropped (a slow subscriber is cut off by the node).
func (c *collector) watch(ctx context.Context, events <-chan coretypes.ResultEvent) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			if h, ok := ev.Data.(cmttypes.EventDataNewBlockHeader); ok {
				c.record(h.Header.Height)
			}
		}
	}
}

func (c *collector) record(height int64) {
	now := time.Now()
	o := observation{Seen: now, SelfCPU: SelfCPUSeconds()}
	for _, n := range c.nodes {
		if cpu, err := ProcCPUSeconds(n.PID()); err == nil {
			o.NodeCPU += cpu
		}
		rss, _, _ := ProcMemory(n.PID())
		o.NodeRSS = append(o.NodeRSS, rss)
	}
	o.Host, _ = ReadHostCPU()
	c.mu.Lock()
	defer c.mu.Unlock()
	// Heights the bench did not see one by one (a missed event, polling)
	// are committed by the time a later one is seen: they get its time.
	for h := c.last + 1; h <= height; h++ {
		o.Height = h
		c.obs = append(c.obs, o)
	}
	if height > c.last {
		c.last = height
	}
}

func (c *collector) poll(ctx context.Context, cli *rpchttp.HTTP) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		st, err := cli.Status(sctx)
		cancel()
		if err != nil {
			continue
		}
		c.record(st.SyncInfo.LatestBlockHeight)
	}
}

// Height returns the last height seen.
func (c *collector) Height() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// waitHeight waits until height h has been seen.
func (c *collector) waitHeight(ctx context.Context, h int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for c.Height() < h {
		if time.Now().After(deadline) {
			return fmt.Errorf("no block %d within %s (last seen %d)", h, timeout, c.Height())
		}
		if !sleepUntil(ctx, time.Now().Add(20*time.Millisecond)) {
			return ctx.Err()
		}
	}
	return nil
}

// Stop ends the collection and returns the observations.
func (c *collector) Stop() []observation {
	c.cancel()
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.obs
}

// committedTx is one bench transaction found in a block.
type committedTx struct {
	Height    int64
	Code      uint32
	Codespace string
	Log       string
	GasUsed   int64
}

// fetchedBlock is a block read back after the run.
type fetchedBlock struct {
	Height  int64
	Time    time.Time
	NumTxs  int
	Foreign int // transactions that are not the bench's
}

// fetchBlocks reads blocks from..to and their results from node and matches
// their transactions with the plan by hash.
func fetchBlocks(ctx context.Context, node *Node, plan *Plan, from, to int64) ([]fetchedBlock, map[int32]committedTx, error) {
	cli, err := rpchttp.New(node.RPC(), "/websocket")
	if err != nil {
		return nil, nil, err
	}
	index := make(map[[32]byte]int32, len(plan.Txs))
	for j := range plan.Txs {
		index[plan.Txs[j].Hash] = int32(j)
	}
	var blocks []fetchedBlock
	found := map[int32]committedTx{}
	for h := from; h <= to; h++ {
		b, err := cli.Block(ctx, &h)
		if err != nil {
			return nil, nil, fmt.Errorf("block %d: %w", h, err)
		}
		res, err := cli.BlockResults(ctx, &h)
		if err != nil {
			return nil, nil, fmt.Errorf("block results %d: %w", h, err)
		}
		if len(res.TxsResults) != len(b.Block.Txs) {
			return nil, nil, fmt.Errorf("block %d: %d txs but %d results", h, len(b.Block.Txs), len(res.TxsResults))
		}
		fb := fetchedBlock{Height: h, Time: b.Block.Time, NumTxs: len(b.Block.Txs)}
		for i, tx := range b.Block.Txs {
			j, ok := index[sha256.Sum256(tx)]
			if !ok {
				fb.Foreign++
				continue
			}
			r := res.TxsResults[i]
			found[j] = committedTx{Height: h, Code: r.Code, Codespace: r.Codespace, Log: r.Log, GasUsed: r.GasUsed}
		}
		blocks = append(blocks, fb)
	}
	return blocks, found, nil
}
