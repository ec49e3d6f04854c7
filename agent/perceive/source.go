package perceive

import (
	"context"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/azora-os/nexus/agent/chain"
)

// RPCSource reads blocks from the current endpoint of a chain client and
// subscribes over its websocket.
type RPCSource struct {
	Client *chain.Client
	Log    *slog.Logger
	// OnTx, if set, is called for every Tx event of the subscription
	// (the act loop uses it to look at its pending tx at once).
	OnTx func()
}

var _ Source = (*RPCSource)(nil)

// Latest implements Source.
func (s *RPCSource) Latest(ctx context.Context) (int64, error) {
	var h int64
	err := s.Client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		st, err := cn.RPC.Status(ctx)
		if err != nil {
			return err
		}
		h = st.SyncInfo.LatestBlockHeight
		return nil
	})
	return h, err
}

// Fetch implements Source: the block (hash, time, tx hashes) and its results.
func (s *RPCSource) Fetch(ctx context.Context, h int64) (*RawBlock, error) {
	var out *RawBlock
	err := s.Client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		b, err := cn.RPC.Block(ctx, &h)
		if err != nil {
			return err
		}
		res, err := cn.RPC.BlockResults(ctx, &h)
		if err != nil {
			return err
		}
		if b.Block == nil || b.Block.Height != h || res.Height != h {
			return fmt.Errorf("node answered block %d for %d", b.Block.Height, h)
		}
		if len(res.TxsResults) != len(b.Block.Txs) {
			return fmt.Errorf("block %d has %d txs but %d results", h, len(b.Block.Txs), len(res.TxsResults))
		}
		hashes := make([]string, len(b.Block.Txs))
		for i, tx := range b.Block.Txs {
			hashes[i] = strings.ToUpper(hex.EncodeToString(cmttypes.Tx(tx).Hash()))
		}
		out = &RawBlock{
			Height: h, Hash: b.BlockID.Hash.String(), Time: b.Block.Time.UTC(),
			TxHashes: hashes, TxResults: res.TxsResults, BlockEvents: res.FinalizeBlockEvents,
		}
		return nil
	})
	return out, err
}

// Subscribe implements Source: NewBlockHeader and Tx events over a fresh
// websocket to the current endpoint. The channel closes when ctx ends or
// the websocket gives up.
func (s *RPCSource) Subscribe(ctx context.Context) (<-chan int64, error) {
	idx := s.Client.Current()
	ep := s.Client.Endpoints()[idx]
	url := ep.RPC
	if strings.HasPrefix(url, "tcp://") {
		url = "http://" + strings.TrimPrefix(url, "tcp://")
	}
	ws, err := rpchttp.New(url, "/websocket")
	if err != nil {
		return nil, err
	}
	if err := ws.Start(); err != nil {
		return nil, fmt.Errorf("websocket %s: %w", url, err)
	}
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	blocks, err := ws.Subscribe(sctx, "nexus-agent", "tm.event='NewBlockHeader'", 16)
	if err != nil {
		_ = ws.Stop()
		return nil, fmt.Errorf("subscribe %s: %w", url, err)
	}
	txs, err := ws.Subscribe(sctx, "nexus-agent", "tm.event='Tx'", 64)
	if err != nil {
		_ = ws.Stop()
		return nil, fmt.Errorf("subscribe %s: %w", url, err)
	}
	out := make(chan int64, 16)
	go func() {
		defer close(out)
		defer func() { _ = ws.Stop() }()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ws.Quit():
				return
			case ev := <-blocks:
				var h int64
				if d, ok := ev.Data.(cmttypes.EventDataNewBlockHeader); ok {
					h = d.Header.Height
				}
				select {
				case out <- h:
				default: // the listener is busy catching up anyway
				}
			case <-txs:
				if s.OnTx != nil {
					s.OnTx()
				}
			}
			if s.Client.Current() != idx {
				// Failed over: the next subscription goes to the new endpoint.
				return
			}
		}
	}()
	return out, nil
}
