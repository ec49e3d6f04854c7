// Package perceive is the agent's Listen capability: it follows the chain
// block by block from the last height it processed, decodes every Nexus
// module's typed events into observations and hands each block to a sink
// (the daemon, which writes it to the store in one transaction).
//
// The websocket subscription only says "there is something new"; the data
// always comes from fetching block h and its results, for h = last+1, last+2,
// ... in order. So a dropped or duplicated notification, a reconnect, a
// restart or a failover can neither skip a block nor process one twice.
package perceive

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Source is the node as the listener sees it.
type Source interface {
	// Latest returns the newest height whose block and results the node
	// serves.
	Latest(ctx context.Context) (int64, error)
	// Fetch returns block h with its results.
	Fetch(ctx context.Context, h int64) (*RawBlock, error)
	// Subscribe returns a channel that receives a value for each new block
	// (the height, or 0 if unknown) until the subscription breaks, when it
	// is closed. Cancelling ctx ends the subscription.
	Subscribe(ctx context.Context) (<-chan int64, error)
}

// Sink processes one block; it is called with heights last+1, last+2, ...
// exactly once each (unless it returns an error, then the same height is
// retried).
type Sink interface {
	Process(ctx context.Context, raw *RawBlock) error
}

// Listener follows the chain.
type Listener struct {
	src    Source
	sink   Sink
	log    *slog.Logger
	window int
	stall  time.Duration
	// PollInterval is how often the node is polled while there is no
	// working subscription.
	PollInterval time.Duration
	// RetryDelay is the pause before a failed block is tried again.
	RetryDelay time.Duration

	last      atomic.Int64
	latest    atomic.Int64
	lastBlock atomic.Int64 // unix nanos of the last progress

	// OnStall is told when no block arrived for the stall timeout:
	// chainMoved says whether the node's height moved meanwhile (then the
	// subscription was the problem and is re-established; otherwise the
	// node looks stuck).
	OnStall func(chainMoved bool)
	// OnResubscribe is told each time the subscription is re-established.
	OnResubscribe func(reason string)
	// OnBlock is told after each processed block.
	OnBlock func(h int64, lag int64)
}

// NewListener returns a listener that continues after height last.
func NewListener(src Source, sink Sink, last int64, window int, stall time.Duration, log *slog.Logger) *Listener {
	l := &Listener{src: src, sink: sink, log: log, window: max(window, 1), stall: stall, PollInterval: time.Second, RetryDelay: time.Second}
	l.last.Store(last)
	l.lastBlock.Store(time.Now().UnixNano())
	return l
}

// Last returns the last processed height.
func (l *Listener) Last() int64 { return l.last.Load() }

// Latest returns the newest height the node reported.
func (l *Listener) Latest() int64 { return l.latest.Load() }

// SinceProgress is how long ago the last block was processed (or the
// listener started).
func (l *Listener) SinceProgress() time.Duration {
	return time.Since(time.Unix(0, l.lastBlock.Load()))
}

// Run follows the chain until ctx is done.
func (l *Listener) Run(ctx context.Context) error {
	for ctx.Err() == nil {
		subCtx, cancel := context.WithCancel(ctx)
		sub, err := l.src.Subscribe(subCtx)
		if err != nil {
			l.log.Warn("subscription failed; polling", "err", err)
			sub = nil
		}
		reason := l.follow(ctx, sub)
		cancel()
		if ctx.Err() != nil {
			break
		}
		l.log.Info("re-establishing the subscription", "reason", reason)
		if l.OnResubscribe != nil {
			l.OnResubscribe(reason)
		}
	}
	return ctx.Err()
}

// follow catches up and waits for news until the subscription must be
// re-established; it returns why.
func (l *Listener) follow(ctx context.Context, sub <-chan int64) string {
	poll := l.PollInterval
	start := time.Now()
	lastNews := start
	for {
		progressed, err := l.CatchUp(ctx)
		if ctx.Err() != nil {
			return "stopping"
		}
		if err != nil {
			l.log.Warn("catch-up interrupted", "last", l.Last(), "err", err)
			select {
			case <-ctx.Done():
				return "stopping"
			case <-time.After(l.RetryDelay):
			}
			continue
		}
		if progressed {
			lastNews = time.Now()
		}
		var tick <-chan time.Time
		if sub == nil {
			if time.Since(start) > l.stall {
				return "no subscription"
			}
			tick = time.After(poll)
		} else {
			tick = time.After(time.Until(lastNews.Add(l.stall)))
		}
		select {
		case <-ctx.Done():
			return "stopping"
		case _, ok := <-sub:
			if !ok {
				return "subscription closed"
			}
			lastNews = time.Now()
		case <-tick:
			if sub == nil {
				continue
			}
			// Nothing for a stall timeout: did the chain move?
			latest, err := l.src.Latest(ctx)
			moved := err == nil && latest > l.Last()
			if l.OnStall != nil {
				l.OnStall(moved)
			}
			if moved {
				return fmt.Sprintf("no block notification for %s while the chain moved to %d", l.stall, latest)
			}
			l.log.Warn("no new block", "for", l.stall, "last", l.Last(), "node_latest", latest, "err", err)
			return "node stalled"
		}
	}
}

// CatchUp processes every block from last+1 to the node's latest height, in
// order, fetching up to window blocks ahead. It reports whether it
// processed any.
func (l *Listener) CatchUp(ctx context.Context) (bool, error) {
	latest, err := l.src.Latest(ctx)
	if err != nil {
		return false, fmt.Errorf("latest height: %w", err)
	}
	l.latest.Store(latest)
	progressed := false
	for next := l.Last() + 1; next <= latest; {
		end := min(next+int64(l.window)-1, latest)
		blocks, err := l.fetchRange(ctx, next, end)
		for _, b := range blocks {
			if b == nil {
				break
			}
			if err := l.sink.Process(ctx, b); err != nil {
				return progressed, fmt.Errorf("process block %d: %w", b.Height, err)
			}
			l.last.Store(b.Height)
			l.lastBlock.Store(time.Now().UnixNano())
			progressed = true
			if l.OnBlock != nil {
				l.OnBlock(b.Height, l.latest.Load()-b.Height)
			}
		}
		if err != nil {
			return progressed, err
		}
		next = end + 1
		if next > latest {
			// The chain may have moved while we worked.
			if nl, err := l.src.Latest(ctx); err == nil && nl > latest {
				latest = nl
				l.latest.Store(nl)
			}
		}
	}
	return progressed, nil
}

// fetchRange fetches [from, to] concurrently. It returns the blocks in
// order up to the first failure (the rest nil) and that failure.
func (l *Listener) fetchRange(ctx context.Context, from, to int64) ([]*RawBlock, error) {
	n := int(to - from + 1)
	out := make([]*RawBlock, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out[i], errs[i] = l.src.Fetch(ctx, from+int64(i))
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			for j := i; j < n; j++ {
				out[j] = nil
			}
			return out, fmt.Errorf("fetch block %d: %w", from+int64(i), err)
		}
		if out[i] == nil || out[i].Height != from+int64(i) {
			for j := i; j < n; j++ {
				out[j] = nil
			}
			return out, errors.New("node returned the wrong block")
		}
	}
	return out, nil
}
