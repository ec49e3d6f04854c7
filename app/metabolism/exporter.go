// Package metabolism is the node's metabolism exporter: it reads the result
// of every block the node commits and a few state values after the commit,
// and exports the economy's inputs and outputs as Prometheus series on the
// node's Prometheus endpoint (CometBFT's instrumentation server, which
// serves the default Prometheus registry: config.toml
// instrumentation.prometheus_listen_addr, 26660 by default).
//
// It is an observer, not part of the state machine: it never writes state,
// nothing in consensus reads it, and it is wired at the app level (a baseapp
// ABCI listener, the SDK's streaming hook) so no module keeper carries
// metrics code. What a block did is read from its ResponseFinalizeBlock by
// types/metabolism — the same code `nexusd q ledger metabolism` runs on
// CometBFT's stored block results — and applied after the block's Commit,
// so a block that is never committed is never counted, and CheckTx and
// simulation are never seen.
//
// The work happens on one goroutine fed by a bounded queue: Commit only
// hands the block over. If the queue is full Commit waits (every committed
// block is counted, in order); gauges are read from the state of the newest
// block the worker has reached.
//
// docs/operations.md lists every series.
package metabolism

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/prometheus/client_golang/prometheus"

	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	tm "github.com/azora-os/nexus/types/metabolism"
)

// FlagEnabled is the app.toml key that turns the exporter on.
const FlagEnabled = "metabolism.enabled"

// Config is the [metabolism] section of app.toml.
type Config struct {
	// Enabled exports the metabolism series.
	Enabled bool `mapstructure:"enabled"`
}

// DefaultConfig is what `nexusd init` writes: on.
func DefaultConfig() Config { return Config{Enabled: true} }

// ConfigTemplate is the [metabolism] section of the app.toml template.
const ConfigTemplate = `
###############################################################################
###                          Metabolism metrics                             ###
###############################################################################

[metabolism]

# Enabled exports the economy's metrics, read from every committed block:
# value volume per denom and message type, PIVC captured and its pools, UBO
# claimed, journal entries, checkpoints and reconciliations, x/aegis refusals
# by article, supply per denom, forge orders and escrow, mesh feedback. They
# are served with CometBFT's on config.toml's
# instrumentation.prometheus_listen_addr (instrumentation.prometheus must be
# true). docs/operations.md lists every series.
enabled = {{ .Metabolism.Enabled }}
`

// Levels are the state values exported as gauges, read after a commit.
type Levels struct {
	// GrowthPool and UBOPool are the x/pivc pool balances.
	GrowthPool, UBOPool sdk.Coins
	// Supply is bank's supply of every denom (AZR, ustake and a-Tokens).
	Supply sdk.Coins
	// EscrowHeld is the forge escrow's open orders' total; OpenOrders their
	// number.
	EscrowHeld sdk.Coins
	OpenOrders uint64
	// JournalLastSequence is the x/ledger journal's newest sequence (the
	// number of entries ever journalled); LastCheckpointHeight the height
	// of the newest checkpoint (0 before the first).
	JournalLastSequence  uint64
	LastCheckpointHeight int64
}

// StateReader reads the Levels after the block at height was committed.
type StateReader interface {
	Read(ctx context.Context, height int64) (Levels, error)
}

// Options configure an Exporter.
type Options struct {
	Logger log.Logger
	// Registerer receives the series (prometheus.DefaultRegisterer on a
	// node: CometBFT's server gathers from it).
	Registerer prometheus.Registerer
	// Accounts classifies the module accounts.
	Accounts tm.Accounts
	// State reads the gauges' values; nil exports no gauges.
	State StateReader
	// QueueSize is the number of committed blocks that may wait for the
	// worker (default 64).
	QueueSize int
}

type job struct {
	height int64
	res    abci.ResponseFinalizeBlock
	// flushed, if set, is closed once the worker reaches this job (Flush).
	flushed chan struct{}
}

// Exporter is a storetypes.ABCIListener that exports the metabolism series.
type Exporter struct {
	logger   log.Logger
	accounts tm.Accounts
	state    StateReader
	m        *series

	mu      sync.Mutex
	pending *job
	closed  bool

	jobs chan job
	done chan struct{}
	// newest is the height of the newest block handed to the worker.
	newest atomic.Int64
}

var _ storetypes.ABCIListener = (*Exporter)(nil)

// New registers the series and starts the worker. Close stops it.
func New(opts Options) (*Exporter, error) {
	if opts.Registerer == nil {
		return nil, fmt.Errorf("metabolism: no Prometheus registerer")
	}
	if opts.Logger == nil {
		opts.Logger = log.NewNopLogger()
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 64
	}
	m, err := newSeries(opts.Registerer)
	if err != nil {
		return nil, err
	}
	e := &Exporter{
		logger:   opts.Logger.With("module", "metabolism"),
		accounts: opts.Accounts,
		state:    opts.State,
		m:        m,
		jobs:     make(chan job, opts.QueueSize),
		done:     make(chan struct{}),
	}
	go e.run() // nolint:nondeterminism // an observer of committed blocks, outside consensus
	return e, nil
}

// ListenFinalizeBlock keeps the block's result until its Commit.
func (e *Exporter) ListenFinalizeBlock(_ context.Context, req abci.RequestFinalizeBlock, res abci.ResponseFinalizeBlock) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.pending = &job{height: req.Height, res: res}
	return nil
}

// ListenCommit hands the committed block to the worker.
func (e *Exporter) ListenCommit(_ context.Context, _ abci.ResponseCommit, _ []*storetypes.StoreKVPair) error {
	// The lock is held while sending so that Close never closes the queue
	// under a send; the worker takes no lock, so a full queue drains.
	e.mu.Lock()
	defer e.mu.Unlock()
	j := e.pending
	e.pending = nil
	if j == nil || e.closed {
		return nil
	}
	e.newest.Store(j.height)
	e.jobs <- *j
	return nil
}

// Flush waits until the worker has processed every block committed so far.
func (e *Exporter) Flush(ctx context.Context) error {
	j := job{flushed: make(chan struct{})}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return fmt.Errorf("metabolism: exporter closed")
	}
	select {
	case e.jobs <- j:
		e.mu.Unlock()
	case <-ctx.Done():
		e.mu.Unlock()
		return ctx.Err()
	}
	select {
	case <-j.flushed:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the worker after the blocks already handed over. Blocks
// committed afterwards are not counted.
func (e *Exporter) Close() {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return
	}
	e.closed = true
	e.mu.Unlock()
	close(e.jobs)
	<-e.done
}

func (e *Exporter) run() {
	defer close(e.done)
	for j := range e.jobs {
		if j.flushed != nil {
			close(j.flushed)
			continue
		}
		e.process(j)
	}
}

// process applies one committed block. A panic is logged, never passed on:
// the exporter must not stop the node.
func (e *Exporter) process(j job) {
	defer func() {
		if r := recover(); r != nil {
			e.logger.Error("metabolism exporter recovered from a panic", "height", j.height, "panic", r)
		}
	}()
	b := tm.FromResults(j.height, j.res.TxResults, j.res.Events, e.accounts)
	e.m.apply(b)

	// Gauges only matter at the newest block: when newer blocks wait, the
	// newest one reads them.
	if e.state != nil && j.height >= e.newest.Load() {
		lv, err := e.state.Read(context.Background(), j.height)
		if err != nil {
			e.logger.Error("read state for metabolism gauges", "height", j.height, "err", err)
		} else {
			e.m.setLevels(lv)
		}
	}
	e.m.setHeight(j.height)
}

// amount is an Int as a sample value.
func amount(x math.Int) float { return tm.Float(x) }

// float is the type of a Prometheus sample.
type float = float64 // nolint:nondeterminism // Prometheus samples are floats; outside consensus
