package perceive_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/perceive"
)

// fakeChain is a node whose height the test moves, whose fetches can fail,
// and whose subscriptions the test can feed, drop or starve.
type fakeChain struct {
	mu         sync.Mutex
	latest     int64
	failFetch  map[int64]int // height → failures left
	failLatest int
	subs       []chan int64
	subscribed int
	noSub      bool
}

func (f *fakeChain) Latest(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failLatest > 0 {
		f.failLatest--
		return 0, errors.New("connection refused")
	}
	return f.latest, nil
}

func (f *fakeChain) Fetch(_ context.Context, h int64) (*perceive.RawBlock, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if h > f.latest {
		return nil, errors.New("height not available yet")
	}
	if f.failFetch[h] > 0 {
		f.failFetch[h]--
		return nil, errors.New("EOF")
	}
	return &perceive.RawBlock{Height: h}, nil
}

func (f *fakeChain) Subscribe(ctx context.Context) (<-chan int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subscribed++
	if f.noSub {
		return nil, errors.New("websocket refused")
	}
	ch := make(chan int64, 64)
	f.subs = append(f.subs, ch)
	go func() {
		<-ctx.Done()
		f.mu.Lock()
		defer f.mu.Unlock()
		for i, s := range f.subs {
			if s == ch {
				f.subs = append(f.subs[:i], f.subs[i+1:]...)
				close(ch)
				return
			}
		}
	}()
	return ch, nil
}

// advance moves the chain to h and notifies with the given heights.
func (f *fakeChain) advance(h int64, notify ...int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.latest = h
	for _, s := range f.subs {
		for _, n := range notify {
			s <- n
		}
	}
}

// dropSubs closes every subscription, like a websocket that went away.
func (f *fakeChain) dropSubs() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.subs {
		close(s)
	}
	f.subs = nil
}

func (f *fakeChain) subscriptions() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.subscribed
}

// recordSink records heights and can fail on chosen heights once.
type recordSink struct {
	mu      sync.Mutex
	heights []int64
	failOn  map[int64]int
}

func (s *recordSink) Process(_ context.Context, raw *perceive.RawBlock) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failOn[raw.Height] > 0 {
		s.failOn[raw.Height]--
		return errors.New("database is locked")
	}
	s.heights = append(s.heights, raw.Height)
	return nil
}

func (s *recordSink) got() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int64(nil), s.heights...)
}

func seq(from, to int64) []int64 {
	var out []int64
	for h := from; h <= to; h++ {
		out = append(out, h)
	}
	return out
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func run(t *testing.T, l *perceive.Listener) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		_ = l.Run(ctx)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

func waitFor(t *testing.T, sink *recordSink, last int64) {
	t.Helper()
	require.Eventually(t, func() bool {
		g := sink.got()
		return len(g) > 0 && g[len(g)-1] >= last
	}, 10*time.Second, 5*time.Millisecond)
}

// TestCatchUpAndFollow: from a stored height the listener catches up block
// by block, then follows notifications — duplicated, out of order, skipped
// — and a dropped subscription, failing fetches and a failing sink; every
// height is processed exactly once, in order.
func TestCatchUpAndFollow(t *testing.T) {
	src := &fakeChain{latest: 25, failFetch: map[int64]int{7: 2, 30: 1}}
	sink := &recordSink{failOn: map[int64]int{12: 1, 33: 2}}
	l := perceive.NewListener(src, sink, 4, 3, 10*time.Second, quiet())
	l.RetryDelay = 5 * time.Millisecond
	run(t, l)

	waitFor(t, sink, 25)
	require.Equal(t, seq(5, 25), sink.got(), "caught up from the stored height 4")

	// Notifications: a duplicate, one out of order, gaps.
	src.advance(28, 27, 26, 26, 28)
	waitFor(t, sink, 28)
	// The websocket goes away while the chain moves on.
	src.dropSubs()
	src.advance(35)
	waitFor(t, sink, 35)
	require.Eventually(t, func() bool { return src.subscriptions() >= 2 }, 5*time.Second, 5*time.Millisecond, "re-subscribed")
	src.advance(40, 40)
	waitFor(t, sink, 40)

	require.Equal(t, seq(5, 40), sink.got(), "every height once, in order")
	require.Equal(t, int64(40), l.Last())
}

// TestStalledSubscription: a subscription that stays open but says nothing
// while the chain moves is detected after the stall timeout and
// re-established, and the blocks are processed.
func TestStalledSubscription(t *testing.T) {
	src := &fakeChain{latest: 3}
	sink := &recordSink{}
	l := perceive.NewListener(src, sink, 0, 4, 150*time.Millisecond, quiet())
	var (
		mu     sync.Mutex
		stalls []bool
	)
	l.OnStall = func(moved bool) {
		mu.Lock()
		stalls = append(stalls, moved)
		mu.Unlock()
	}
	run(t, l)
	waitFor(t, sink, 3)

	src.advance(9) // no notification
	waitFor(t, sink, 9)
	require.Equal(t, seq(1, 9), sink.got())
	mu.Lock()
	require.Contains(t, stalls, true, "the stall was seen with the chain moving")
	mu.Unlock()
	require.GreaterOrEqual(t, src.subscriptions(), 2)
}

// TestNoSubscriptionPolls: without a websocket the listener polls.
func TestNoSubscriptionPolls(t *testing.T) {
	src := &fakeChain{latest: 2, noSub: true, failLatest: 2}
	sink := &recordSink{}
	l := perceive.NewListener(src, sink, 0, 2, time.Second, quiet())
	l.PollInterval, l.RetryDelay = 10*time.Millisecond, 5*time.Millisecond
	run(t, l)
	waitFor(t, sink, 2)
	src.advance(6)
	waitFor(t, sink, 6)
	require.Equal(t, seq(1, 6), sink.got())
}
