package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/azora-os/nexus/agent/store"
)

// The learning mesh's read endpoints: forecasts per corridor, flagged
// accounts with their reasons, the model versions the agent fitted — with
// the exact parameter bytes whose SHA-256 is committed on chain — and the
// federated analyses recorded on chain.

// ParamsDecoder turns a model's canonical parameter encoding into a JSON
// value a person can read (nil: the API serves the bytes only).
type ParamsDecoder func(params []byte) (any, error)

func registerModelRoutes(mux *http.ServeMux, b Backend, decode ParamsDecoder) {
	mux.HandleFunc("GET /v1/forecast", func(w http.ResponseWriter, r *http.Request) {
		fcs, err := b.Store().Forecasts(r.Context())
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		docs := make([]json.RawMessage, 0, len(fcs))
		for _, f := range fcs {
			docs = append(docs, f.Doc)
		}
		writeJSON(w, http.StatusOK, map[string]any{"corridors": docs})
	})
	mux.HandleFunc("GET /v1/forecast/{corridor}", func(w http.ResponseWriter, r *http.Request) {
		fcs, err := b.Store().Forecasts(r.Context())
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		for _, f := range fcs {
			if f.CorridorID == r.PathValue("corridor") {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(append(f.Doc, '\n'))
				return
			}
		}
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no forecast for corridor " + r.PathValue("corridor")})
	})
	mux.HandleFunc("GET /v1/anomalies", func(w http.ResponseWriter, r *http.Request) {
		as, err := b.Store().Anomalies(r.Context(), limit(r, 50, 1000))
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		if as == nil {
			as = []store.Anomaly{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"anomalies": as})
	})
	mux.HandleFunc("GET /v1/analyses", func(w http.ResponseWriter, r *http.Request) {
		as, err := b.Store().Analyses(r.Context(), limit(r, 50, 1000))
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		if as == nil {
			as = []store.Analysis{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"analyses": as})
	})
	mux.HandleFunc("GET /v1/models", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		ms, err := b.Store().AgentModels(r.Context(), q.Get("node"), q.Get("model"), limit(r, 100, 1000))
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		if ms == nil {
			ms = []store.AgentModel{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"models": ms})
	})
	mux.HandleFunc("GET /v1/models/{node}/{model}/{version}", func(w http.ResponseWriter, r *http.Request) {
		v, err := strconv.ParseUint(r.PathValue("version"), 10, 64)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "version must be a positive integer"})
			return
		}
		m, err := b.Store().AgentModel(r.Context(), r.PathValue("node"), r.PathValue("model"), v)
		if errors.Is(err, store.ErrNotFound) {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "the agent has no such model version"})
			return
		}
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		sum := sha256.Sum256(m.Params)
		out := map[string]any{
			"model":           m,
			"params_hex":      hex.EncodeToString(m.Params),
			"params_sha256":   hex.EncodeToString(sum[:]),
			"matches_hash":    hex.EncodeToString(sum[:]) == m.ParamsHash,
			"check_on_chain":  "nexusd q mesh model-record " + m.NodeID + " " + m.Model + " " + strconv.FormatUint(m.Version, 10),
			"params_encoding": "agent/models/federated README §2 (canonical, versioned; SHA-256 of these bytes is params_hash)",
		}
		if decode != nil {
			if p, err := decode(m.Params); err == nil {
				out["params"] = p
			} else {
				out["params_error"] = err.Error()
			}
		}
		writeJSON(w, http.StatusOK, out)
	})
}
