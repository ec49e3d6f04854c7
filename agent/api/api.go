// Package api is the agent's Help and Discover capabilities over HTTP:
// health and readiness probes, the status, Prometheus metrics and JSON
// queries over the store. Every endpoint is read-only.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/azora-os/nexus/agent/store"
)

// Status is the agent's state at a glance (GET /status, `nexus-agent status`).
type Status struct {
	Version   string `json:"version"`
	ChainID   string `json:"chain_id"`
	Reporter  string `json:"reporter"`
	Endpoint  string `json:"endpoint"`
	StartedAt string `json:"started_at"`
	// LastHeight is the last processed block; ChainHeight the node's latest.
	LastHeight  int64 `json:"last_height"`
	ChainHeight int64 `json:"chain_height"`
	Lag         int64 `json:"lag"`
	CaughtUp    bool  `json:"caught_up"`
	// Actions counts the action log by status.
	Actions map[string]int64 `json:"actions"`
	// PendingActions are planned or signed but not yet included.
	PendingActions int64 `json:"pending_actions"`
	FailedActions  int64 `json:"failed_actions"`
	// LastReconciliation is the newest checked checkpoint.
	LastReconciliation *store.Checkpoint `json:"last_reconciliation,omitempty"`
	// ReconciliationMismatches counts checkpoints that did not reconcile.
	ReconciliationMismatches int64  `json:"reconciliation_mismatches"`
	Store                    string `json:"store"`
}

// Backend is what the API serves.
type Backend interface {
	Status(ctx context.Context) (Status, error)
	// Ready says whether the agent is caught up (within 2 blocks) and why not.
	Ready(ctx context.Context) (bool, string)
	Store() *store.Store
	// DecodeParams shows a model's canonical parameter encoding as JSON
	// (/v1/models/{node}/{model}/{version}).
	DecodeParams(params []byte) (any, error)
	// Route advises how to pay (/v1/route); an error wrapping ErrBadRequest
	// is the caller's.
	Route(ctx context.Context, req RouteRequest) (RouteAdvice, error)
}

// Server is the HTTP API.
type Server struct {
	b   Backend
	m   *Metrics
	srv *http.Server
	ln  net.Listener
}

// Handler returns the API's routes.
func Handler(b Backend, m *Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := b.Store().Ping(r.Context()); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unhealthy", "error": "store: " + err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ok, why := b.Ready(r.Context())
		if !ok {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready", "reason": why})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "reason": why})
	})
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, r *http.Request) {
		st, err := b.Status(r.Context())
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		writeJSON(w, http.StatusOK, st)
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry}))
	mux.HandleFunc("GET /{$}", dashboardHandler(b))
	registerModelRoutes(mux, b, b.DecodeParams)
	mux.HandleFunc("GET /v1/route", routeHandler(b))
	mux.Handle("GET /assets/", assets())
	mux.HandleFunc("GET /v1/accounts/{address}", func(w http.ResponseWriter, r *http.Request) {
		p, err := b.Store().AccountProfile(r.Context(), r.PathValue("address"), limit(r, 20, 200))
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		writeJSON(w, http.StatusOK, p)
	})
	mux.HandleFunc("GET /v1/actions", func(w http.ResponseWriter, r *http.Request) {
		status := r.URL.Query().Get("status")
		switch status {
		case "", store.ActionPlanned, store.ActionRefused, store.ActionSigned, store.ActionIncluded, store.ActionFailed:
		default:
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "status must be planned, refused, signed, included or failed"})
			return
		}
		as, err := b.Store().Actions(r.Context(), status, limit(r, 50, 1000))
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		if as == nil {
			as = []store.Action{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"actions": as})
	})
	mux.HandleFunc("GET /v1/actions/{id}", func(w http.ResponseWriter, r *http.Request) {
		a, err := b.Store().Action(r.Context(), r.PathValue("id"))
		if errors.Is(err, store.ErrNotFound) {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "no action " + r.PathValue("id")})
			return
		}
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		writeJSON(w, http.StatusOK, a)
	})
	mux.HandleFunc("GET /v1/reconciliation", func(w http.ResponseWriter, r *http.Request) {
		cps, err := b.Store().Checkpoints(r.Context(), limit(r, 20, 1000))
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		counts, err := b.Store().CheckpointCounts(r.Context())
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		if cps == nil {
			cps = []store.Checkpoint{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"counts": counts, "checkpoints": cps})
	})
	mux.HandleFunc("GET /v1/blocks", func(w http.ResponseWriter, r *http.Request) {
		from, _ := strconv.ParseInt(r.URL.Query().Get("from"), 10, 64)
		bs, err := b.Store().Blocks(r.Context(), from, limit(r, 100, 1000))
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		if bs == nil {
			bs = []store.Block{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"blocks": bs})
	})
	return mux
}

func limit(r *http.Request, def, maxN int) int {
	n, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || n <= 0 {
		return def
	}
	return min(n, maxN)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, code int, err error) {
	writeJSON(w, code, map[string]string{"error": err.Error()})
}

// Listen binds the API's address (so a taken port fails the start at once).
func Listen(addr string, b Backend, m *Metrics) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Server{b: b, m: m, ln: ln, srv: &http.Server{Handler: Handler(b, m), ReadHeaderTimeout: 10 * time.Second}}, nil
}

// Addr is the bound address.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Serve serves until Shutdown.
func (s *Server) Serve() error {
	if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops the server.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }
