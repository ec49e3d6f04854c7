// Package chain is the agent's connection to the nodes: a list of endpoints
// (CometBFT RPC + gRPC of one node each) used in failover order, with
// exponential backoff on transient errors. Every call goes through Do, which
// retries on the current endpoint, then moves to the next; an application
// error (a refused tx, a missing height) is returned at once.
package chain

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	sdkcodec "github.com/cosmos/cosmos-sdk/codec"

	"github.com/azora-os/nexus/agent/config"
)

// Conn is one endpoint's clients.
type Conn struct {
	// Index is the endpoint's position in the config.
	Index int
	// Endpoint is its config.
	Endpoint config.Node
	// RPC is the CometBFT client (HTTP calls and the websocket).
	RPC *rpchttp.HTTP
	// GRPC is the node's gRPC connection.
	GRPC *grpc.ClientConn
}

// Client holds the endpoints and the current one.
type Client struct {
	chainID   string
	endpoints []config.Node
	cdc       *sdkcodec.ProtoCodec
	log       *slog.Logger

	mu    sync.Mutex
	cur   int
	conns []*Conn
	// checked marks endpoints whose chain id was verified.
	checked []bool

	// Backoff bounds (tests shorten them).
	MinBackoff, MaxBackoff time.Duration
	// AttemptsPerEndpoint is how many times a call is tried on one endpoint
	// before failing over.
	AttemptsPerEndpoint int

	// OnFailover is called when the current endpoint changes.
	OnFailover func(from, to int, reason error)
	// OnError is called for every transient error.
	OnError func(endpoint int, err error)
}

// New returns a client over the endpoints, starting with the first.
func New(chainID string, endpoints []config.Node, cdc *sdkcodec.ProtoCodec, log *slog.Logger) *Client {
	return &Client{
		chainID: chainID, endpoints: endpoints, cdc: cdc, log: log,
		conns: make([]*Conn, len(endpoints)), checked: make([]bool, len(endpoints)),
		MinBackoff: 200 * time.Millisecond, MaxBackoff: 5 * time.Second, AttemptsPerEndpoint: 3,
	}
}

// Current returns the index of the endpoint in use.
func (c *Client) Current() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur
}

// Endpoints returns the configured endpoints.
func (c *Client) Endpoints() []config.Node { return c.endpoints }

// rpcURL turns tcp:// into http:// (CometBFT's own form of the address).
func rpcURL(s string) string {
	if strings.HasPrefix(s, "tcp://") {
		return "http://" + strings.TrimPrefix(s, "tcp://")
	}
	return s
}

func (c *Client) conn(i int) (*Conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conns[i] != nil {
		return c.conns[i], nil
	}
	ep := c.endpoints[i]
	rpc, err := rpchttp.New(rpcURL(ep.RPC), "/websocket")
	if err != nil {
		return nil, fmt.Errorf("endpoint %d rpc %s: %w", i, ep.RPC, err)
	}
	g, err := grpc.NewClient(ep.GRPC,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(c.cdc.GRPCCodec()), grpc.MaxCallRecvMsgSize(64<<20)))
	if err != nil {
		return nil, fmt.Errorf("endpoint %d grpc %s: %w", i, ep.GRPC, err)
	}
	c.conns[i] = &Conn{Index: i, Endpoint: ep, RPC: rpc, GRPC: g}
	return c.conns[i], nil
}

// ErrWrongChain is returned for an endpoint of another chain.
var ErrWrongChain = errors.New("endpoint serves another chain")

func (c *Client) checkChain(ctx context.Context, cn *Conn) error {
	c.mu.Lock()
	ok := c.checked[cn.Index]
	c.mu.Unlock()
	if ok {
		return nil
	}
	st, err := cn.RPC.Status(ctx)
	if err != nil {
		return err
	}
	if st.NodeInfo.Network != c.chainID {
		return fmt.Errorf("%w: endpoint %d (%s) is on %q, not %q", ErrWrongChain, cn.Index, cn.Endpoint.RPC, st.NodeInfo.Network, c.chainID)
	}
	c.mu.Lock()
	c.checked[cn.Index] = true
	c.mu.Unlock()
	return nil
}

// Do runs fn on the current endpoint. A transient error is retried with
// exponential backoff; after AttemptsPerEndpoint failures the client fails
// over to the next endpoint (wrapping around) and keeps going until ctx is
// done or every endpoint failed twice in a row. Any other error is returned
// at once.
func (c *Client) Do(ctx context.Context, fn func(ctx context.Context, cn *Conn) error) error {
	backoff := c.MinBackoff
	var lastErr error
	maxTries := c.AttemptsPerEndpoint * len(c.endpoints) * 2
	for try := 0; try < maxTries; try++ {
		idx := c.Current()
		cn, err := c.conn(idx)
		if err == nil {
			if err = c.checkChain(ctx, cn); err == nil {
				err = fn(ctx, cn)
			}
		}
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, ErrWrongChain) {
			c.log.Error("endpoint refused", "endpoint", idx, "err", err)
			c.failover(idx, err)
			lastErr = err
			continue
		}
		if !IsTransient(err) {
			return err
		}
		lastErr = err
		if c.OnError != nil {
			c.OnError(idx, err)
		}
		if (try+1)%c.AttemptsPerEndpoint == 0 && len(c.endpoints) > 1 {
			c.failover(idx, err)
			backoff = c.MinBackoff
			continue
		}
		c.log.Debug("rpc error, backing off", "endpoint", idx, "backoff", backoff, "err", err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, c.MaxBackoff)
	}
	return fmt.Errorf("every endpoint failed: %w", lastErr)
}

// Failover moves to the endpoint after from (if from is still current).
func (c *Client) Failover(from int, reason error) { c.failover(from, reason) }

func (c *Client) failover(from int, reason error) {
	c.mu.Lock()
	if c.cur != from || len(c.endpoints) < 2 {
		c.mu.Unlock()
		return
	}
	c.cur = (from + 1) % len(c.endpoints)
	to := c.cur
	c.mu.Unlock()
	c.log.Warn("failing over", "from", c.endpoints[from].RPC, "to", c.endpoints[to].RPC, "reason", reason)
	if c.OnFailover != nil {
		c.OnFailover(from, to, reason)
	}
}

// UseFirstHealthy makes the lowest-index endpoint that answers current
// (called on start and periodically, so the agent returns to the preferred
// node once it is back).
func (c *Client) UseFirstHealthy(ctx context.Context) {
	for i := range c.endpoints {
		cn, err := c.conn(i)
		if err != nil {
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		err = c.checkChain(cctx, cn)
		if err == nil {
			_, err = cn.RPC.Status(cctx)
		}
		cancel()
		if err == nil {
			c.mu.Lock()
			prev := c.cur
			c.cur = i
			c.mu.Unlock()
			if prev != i {
				c.log.Info("using endpoint", "endpoint", c.endpoints[i].RPC)
				if c.OnFailover != nil {
					c.OnFailover(prev, i, nil)
				}
			}
			return
		}
	}
}

// Close closes every connection.
func (c *Client) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cn := range c.conns {
		if cn == nil {
			continue
		}
		if cn.RPC.IsRunning() {
			_ = cn.RPC.Stop()
		}
		_ = cn.GRPC.Close()
	}
}

// IsTransient says whether err is worth retrying or failing over for: the
// node is unreachable, slow or restarting, as opposed to refusing a request.
func IsTransient(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return true
	}
	if s, ok := status.FromError(err); ok {
		switch s.Code() {
		case codes.Unavailable, codes.DeadlineExceeded, codes.ResourceExhausted, codes.Aborted:
			return true
		}
	}
	msg := err.Error()
	for _, m := range []string{"connection refused", "connection reset", "broken pipe", "EOF", "no such host", "i/o timeout", "server closed", "transport is closing", "error reading server preface", "post failed"} {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}
