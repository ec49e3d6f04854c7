// Package daemon wires the agent's capabilities into one process: perceive
// (listener) → store + plan (one transaction per block) → governor → act,
// with the reconciler and the HTTP API beside them.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/cosmos/cosmos-sdk/version"

	"github.com/azora-os/nexus/agent/act"
	"github.com/azora-os/nexus/agent/api"
	"github.com/azora-os/nexus/agent/chain"
	"github.com/azora-os/nexus/agent/codec"
	"github.com/azora-os/nexus/agent/config"
	"github.com/azora-os/nexus/agent/governor"
	"github.com/azora-os/nexus/agent/perceive"
	"github.com/azora-os/nexus/agent/plan"
	"github.com/azora-os/nexus/agent/plan/develop"
	"github.com/azora-os/nexus/agent/plan/feedback"
	"github.com/azora-os/nexus/agent/plan/reconcile"
	"github.com/azora-os/nexus/agent/store"
)

// ReadyLag is how many blocks behind the node the agent may be and still
// be ready (/readyz).
const ReadyLag = 2

// Daemon is a running agent.
type Daemon struct {
	cfg       config.Config
	log       *slog.Logger
	store     *store.Store
	client    *chain.Client
	signer    *act.Signer
	actor     *act.Actor
	listener  *perceive.Listener
	recon     *reconcile.Reconciler
	metrics   *api.Metrics
	server    *api.Server
	proc      *Processor
	startedAt time.Time
	reconWake chan struct{}
	// limits are the x/aegis tiers the anomaly model reads.
	limits limitsCache
}

// New opens the store, the keyring and the endpoints, and builds every part.
// Nothing runs until Run.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*Daemon, error) {
	enc := codec.New()
	m := api.NewMetrics()
	engine, dsn := cfg.DatabaseDSN()
	st, err := store.Open(ctx, engine, dsn)
	if err != nil {
		return nil, err
	}
	st.SetObserver(m.ObserveDB)
	last, err := st.InitChain(ctx, cfg.ChainID)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	client := chain.New(cfg.ChainID, cfg.Nodes, enc.ProtoCodec, log)
	client.OnError = func(endpoint int, _ error) { m.RPCError(endpoint) }
	client.OnFailover = func(_, to int, _ error) {
		m.Failovers.Inc()
		m.Endpoint.Set(float64(to))
	}
	signer, err := act.NewSigner(cfg, enc, client)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	gov, err := governor.New(cfg.Governor, signer.Address(), signer, st)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	gov.IsRefusal = func(err error) bool {
		var se *act.SimError
		return errors.As(err, &se)
	}

	d := &Daemon{cfg: cfg, log: log, store: st, client: client, signer: signer, metrics: m, startedAt: time.Now(), reconWake: make(chan struct{}, 1)}
	// Planners run in this order in every block's transaction: develop
	// first (it records the round's flagged accounts), then feedback (whose
	// anomaly scorer reads them).
	var planners []plan.Planner
	scorers := []plan.Scorer{feedback.NewSettlementScorer(cfg.Plan.Feedback.Model)}
	if dc := cfg.Plan.Develop; dc.Enabled {
		dev, err := develop.New(signer.Address(), develop.Config{
			Every: dc.EveryBlocks, Bucket: dc.Bucket.Duration, Season: dc.Season, Window: dc.Window, Horizon: dc.Horizon,
			AnomalyWindow: dc.AnomalyWindow.Duration, AnomalyHistory: dc.AnomalyHistory.Duration, MaxAnalyses: dc.MaxAnalyses,
		}, d.limits.get, log.With("part", "develop"))
		if err != nil {
			_ = st.Close()
			return nil, fmt.Errorf("plan.develop: %w", err)
		}
		planners = append(planners, dev)
		scorers = append(scorers, feedback.NewAnomalyScorer(dc.EveryBlocks))
	}
	if cfg.Plan.Feedback.Enabled {
		planners = append(planners, feedback.New(signer.Address(), scorers...))
	}
	d.proc = &Processor{
		Store: st, Decoder: perceive.Decoder{Reporter: signer.Address()}, Planners: planners, Metrics: m,
	}
	d.actor = &act.Actor{
		Cfg: cfg.Act, Store: st, Client: client, Signer: signer, Governor: gov, Log: log.With("part", "act"),
		Metrics: m, Fail: act.FailpointsFromEnv(),
	}
	d.actor.Init()
	src := &perceive.RPCSource{Client: client, Log: log, OnTx: d.actor.Wake}
	d.listener = perceive.NewListener(src, d, last, cfg.Perceive.FetchWindow, cfg.Perceive.StallTimeout.Duration, log.With("part", "perceive"))
	d.listener.OnBlock = func(h, lag int64) {
		m.LastHeight.Set(float64(h))
		m.Lag.Set(float64(lag))
		m.ChainHeight.Set(float64(d.listener.Latest()))
	}
	d.listener.OnStall = func(moved bool) {
		m.Stalls.Inc()
		if !moved {
			// The node stopped producing: another endpoint may be ahead.
			d.client.Failover(d.client.Current(), errors.New("node stalled"))
		}
	}
	d.listener.OnResubscribe = func(reason string) { m.SubscriptionResets.WithLabelValues(shortReason(reason)).Inc() }
	d.actor.Ready = func() bool { return d.caughtUp() }
	if cfg.Plan.Reconcile.Enabled {
		d.recon = &reconcile.Reconciler{
			Store:      st,
			Verifier:   &reconcile.LightproofVerifier{Client: client, ChainID: cfg.ChainID, GenesisFile: cfg.Plan.Reconcile.TrustGenesis, Wait: 30 * time.Second},
			Entries:    &reconcile.GRPCEntries{Client: client},
			MaxEntries: cfg.Plan.Reconcile.MaxEntries,
			Log:        log.With("part", "reconcile"),
			OnResult: func(r reconcile.Result) {
				m.Reconciliations.WithLabelValues(r.Status).Inc()
				switch r.Status {
				case store.CheckMismatch:
					m.ReconMismatch.Set(1)
				case store.CheckOK:
					m.ReconMismatch.Set(0)
				}
			},
		}
	}
	m.LastHeight.Set(float64(last))
	return d, nil
}

func shortReason(r string) string {
	switch {
	case len(r) >= 8 && r[:8] == "no block":
		return "stalled"
	case r == "node stalled", r == "no subscription", r == "subscription closed":
		return r
	default:
		return "other"
	}
}

// Process implements perceive.Sink: decode, write and plan in one store
// transaction, then wake the actor and the reconciler.
func (d *Daemon) Process(ctx context.Context, raw *perceive.RawBlock) error {
	n, err := d.proc.Process(ctx, raw)
	if err != nil {
		return err
	}
	if n.Actions > 0 {
		d.actor.Wake()
	}
	if n.Checkpoints > 0 {
		select {
		case d.reconWake <- struct{}{}:
		default:
		}
	}
	return nil
}

// Store implements api.Backend.
func (d *Daemon) Store() *store.Store { return d.store }

// Reporter is the agent's address.
func (d *Daemon) Reporter() string { return d.signer.Address() }

func (d *Daemon) caughtUp() bool {
	latest := d.listener.Latest()
	return latest > 0 && latest-d.listener.Last() <= ReadyLag
}

// Ready implements api.Backend.
func (d *Daemon) Ready(context.Context) (bool, string) {
	latest, last := d.listener.Latest(), d.listener.Last()
	if latest == 0 {
		return false, "the node's height is not known yet"
	}
	if latest-last > ReadyLag {
		return false, fmt.Sprintf("catching up: at %d, the node is at %d", last, latest)
	}
	return true, fmt.Sprintf("at %d, the node is at %d", last, latest)
}

// Status implements api.Backend.
func (d *Daemon) Status(ctx context.Context) (api.Status, error) {
	counts, err := d.store.ActionCounts(ctx)
	if err != nil {
		return api.Status{}, err
	}
	cpCounts, err := d.store.CheckpointCounts(ctx)
	if err != nil {
		return api.Status{}, err
	}
	latest, last := d.listener.Latest(), d.listener.Last()
	st := api.Status{
		Version: version.Version, ChainID: d.cfg.ChainID, Reporter: d.signer.Address(),
		Endpoint:   d.cfg.Nodes[d.client.Current()].RPC,
		StartedAt:  d.startedAt.UTC().Format(time.RFC3339),
		LastHeight: last, ChainHeight: latest, Lag: max(latest-last, 0), CaughtUp: d.caughtUp(),
		Actions:                  counts,
		PendingActions:           counts[store.ActionPlanned] + counts[store.ActionSigned],
		FailedActions:            counts[store.ActionFailed],
		ReconciliationMismatches: cpCounts[store.CheckMismatch],
		Store:                    d.store.Engine(),
	}
	cps, err := d.store.Checkpoints(ctx, 50)
	if err != nil {
		return api.Status{}, err
	}
	for _, c := range cps {
		if c.Status != store.CheckPending {
			c := c
			st.LastReconciliation = &c
			break
		}
	}
	return st, nil
}

// Run starts the API, the listener, the actor and the reconciler and runs
// until ctx is done; then it stops them and closes the store.
func (d *Daemon) Run(ctx context.Context) error {
	srv, err := api.Listen(d.cfg.API.Listen, d, d.metrics)
	if err != nil {
		return fmt.Errorf("api.listen %s: %w", d.cfg.API.Listen, err)
	}
	d.server = srv
	d.client.UseFirstHealthy(ctx)
	d.metrics.Endpoint.Set(float64(d.client.Current()))
	// The anomaly model's structuring detectors need the x/aegis tiers and
	// the accounts' tiers (chain state): read them before the first block is
	// planned if the node answers within 30 s; otherwise the loop below
	// keeps trying every 2 s, and rounds planned meanwhile run without them.
	if d.cfg.Plan.Develop.Enabled {
		tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		if err := d.loadLimits(tctx); err != nil {
			d.log.Warn("x/aegis tiers not read yet; structuring detection waits for them", "err", err)
		}
		cancel()
	}
	d.log.Info("nexus-agent started", "chain_id", d.cfg.ChainID, "reporter", d.signer.Address(),
		"api", "http://"+srv.Addr(), "store", d.store.Engine(), "last_height", d.listener.Last(), "endpoints", len(d.cfg.Nodes))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, 4)
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := srv.Serve(); err != nil {
			errc <- fmt.Errorf("api: %w", err)
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = d.listener.Run(ctx)
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		d.actor.Run(ctx)
	}()
	if d.recon != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.recon.Run(ctx, 5*time.Second, d.reconWake)
		}()
	}
	if d.cfg.Plan.Develop.Enabled {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				wait := 5 * time.Minute
				if d.limits.v.Load() == nil {
					wait = 2 * time.Second
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
					if err := d.loadLimits(ctx); err != nil && ctx.Err() == nil {
						d.log.Warn("x/aegis tiers not read", "err", err)
					}
				}
			}
		}()
	}
	// Return to the preferred endpoint once it is back.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(30 * time.Second):
				if d.client.Current() != 0 {
					d.client.UseFirstHealthy(ctx)
				}
			}
		}
	}()

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	cancel()
	shutCtx, c2 := context.WithTimeout(context.Background(), 5*time.Second)
	_ = srv.Shutdown(shutCtx)
	c2()
	wg.Wait()
	d.client.Close()
	if err := d.store.Close(); err != nil && runErr == nil {
		runErr = err
	}
	d.log.Info("nexus-agent stopped", "last_height", d.listener.Last())
	return runErr
}
