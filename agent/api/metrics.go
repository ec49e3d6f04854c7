package api

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are the agent's Prometheus metrics, on its own registry (served
// at /metrics; nothing global).
type Metrics struct {
	Registry *prometheus.Registry

	BlocksProcessed    prometheus.Counter
	Observations       *prometheus.CounterVec
	LastHeight         prometheus.Gauge
	ChainHeight        prometheus.Gauge
	Lag                prometheus.Gauge
	ActionsProposed    *prometheus.CounterVec
	Actions            *prometheus.CounterVec
	ActionsRefused     *prometheus.CounterVec
	Reconciliations    *prometheus.CounterVec
	ReconMismatch      prometheus.Gauge
	DBSeconds          *prometheus.HistogramVec
	RPCErrors          *prometheus.CounterVec
	Failovers          prometheus.Counter
	Endpoint           prometheus.Gauge
	SubscriptionResets *prometheus.CounterVec
	Stalls             prometheus.Counter
}

// NewMetrics registers the metrics on a fresh registry.
func NewMetrics() *Metrics {
	const ns = "nexus_agent"
	r := prometheus.NewRegistry()
	m := &Metrics{
		Registry:        r,
		BlocksProcessed: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "blocks_processed_total", Help: "Blocks processed (each exactly once)."}),
		Observations:    prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "events_processed_total", Help: "Typed Nexus events decoded into observations, by kind."}, []string{"kind"}),
		LastHeight:      prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "last_height", Help: "Last processed height."}),
		ChainHeight:     prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "chain_height", Help: "Latest height the node reported."}),
		Lag:             prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "lag_blocks", Help: "Chain height minus last processed height."}),
		ActionsProposed: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "actions_proposed_total", Help: "Actions proposed by planners."}, []string{"planner"}),
		Actions:         prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "actions_total", Help: "Action outcomes: refused (by a rule), signed (sent), included, failed."}, []string{"outcome"}),
		ActionsRefused:  prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "actions_refused_total", Help: "Actions the governor refused, by rule."}, []string{"rule"}),
		Reconciliations: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "reconciliations_total", Help: "Checkpoint reconciliations, by result (ok, mismatch, error)."}, []string{"result"}),
		ReconMismatch:   prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "reconciliation_mismatch", Help: "1 while the latest checked checkpoint did not reconcile."}),
		DBSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "db_seconds", Help: "Store operation latency.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"op"}),
		RPCErrors:          prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "rpc_errors_total", Help: "Transient RPC/gRPC errors, by endpoint index."}, []string{"endpoint"}),
		Failovers:          prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "failovers_total", Help: "Switches to another endpoint."}),
		Endpoint:           prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "endpoint", Help: "Index of the endpoint in use."}),
		SubscriptionResets: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "subscription_restarts_total", Help: "Websocket subscriptions re-established, by reason."}, []string{"reason"}),
		Stalls:             prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "stalls_total", Help: "Times no block arrived for perceive.stall_timeout."}),
	}
	r.MustRegister(m.BlocksProcessed, m.Observations, m.LastHeight, m.ChainHeight, m.Lag, m.ActionsProposed, m.Actions,
		m.ActionsRefused, m.Reconciliations, m.ReconMismatch, m.DBSeconds, m.RPCErrors, m.Failovers, m.Endpoint,
		m.SubscriptionResets, m.Stalls,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ActionOutcome implements act.Metrics.
func (m *Metrics) ActionOutcome(status, rule string, n int) {
	m.Actions.WithLabelValues(status).Add(float64(n))
	if status == "refused" && rule != "" {
		m.ActionsRefused.WithLabelValues(rule).Add(float64(n))
	}
}

// ObserveDB records a store operation's latency.
func (m *Metrics) ObserveDB(op string, d time.Duration) {
	m.DBSeconds.WithLabelValues(op).Observe(d.Seconds())
}

// RPCError counts a transient error of an endpoint.
func (m *Metrics) RPCError(endpoint int) {
	m.RPCErrors.WithLabelValues(strconv.Itoa(endpoint)).Inc()
}
