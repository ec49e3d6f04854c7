package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// This file holds what the models read and write: the transfers they learn
// from, the model versions committed on chain, the agent's own fitted
// versions, forecasts and anomalies (migration 0002).

const transferCols = 7

func (t *BlockTx) insertTransfers(ts []Transfer) error {
	const chunk = 200
	for start := 0; start < len(ts); start += chunk {
		end := min(start+chunk, len(ts))
		var b strings.Builder
		b.WriteString(`INSERT INTO transfers (height, seq, denom, time_ms, sender, recipient, amount) VALUES `)
		args := make([]any, 0, (end-start)*transferCols)
		for i, x := range ts[start:end] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?,?,?,?,?,?,?)")
			args = append(args, x.Height, x.Seq, x.Denom, ms(x.Time), x.From, x.To, x.Amount)
		}
		if err := t.exec(b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

func (t *BlockTx) insertModelCommit(m ModelCommit) error {
	metrics, err := json.Marshal(nonNilMetrics(m.Metrics))
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO mesh_models (node_id, model, version, params_hash, train_start_height, train_end_height, metrics, committer, committed_height)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id, model, version) DO NOTHING`,
		m.NodeID, m.Model, int64(m.Version), m.ParamsHash, m.TrainStartHeight, m.TrainEndHeight, string(metrics), m.Committer, m.CommittedHeight) //nolint:gosec // versions fit int64
}

func nonNilMetrics(m []Metric) []Metric {
	if m == nil {
		return []Metric{}
	}
	return m
}

func (t *BlockTx) query(q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(t.ctx, t.s.rebind(q), args...)
}

// Time is the block time of a processed height (zero if unknown).
func (t *BlockTx) Time(height int64) (time.Time, error) {
	var tms int64
	err := t.tx.QueryRowContext(t.ctx, t.s.rebind(`SELECT time_ms FROM blocks WHERE height = ?`), height).Scan(&tms)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("store: block time: %w", err)
	}
	return time.UnixMilli(tms).UTC(), nil
}

// TransfersSince returns the transfers with block time at or after since,
// in (height, seq, denom) order.
func (t *BlockTx) TransfersSince(since time.Time) ([]Transfer, error) {
	rows, err := t.query(`SELECT height, seq, denom, time_ms, sender, recipient, amount FROM transfers WHERE time_ms >= ? ORDER BY height, seq, denom`, ms(since))
	if err != nil {
		return nil, fmt.Errorf("store: transfers: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []Transfer
	for rows.Next() {
		var (
			x   Transfer
			tms int64
		)
		if err := rows.Scan(&x.Height, &x.Seq, &x.Denom, &tms, &x.From, &x.To, &x.Amount); err != nil {
			return nil, err
		}
		x.Time = time.UnixMilli(tms).UTC()
		out = append(out, x)
	}
	return out, rows.Err()
}

// FirstTransferHeight is the height of the first transfer at or after since
// (0 if none).
func (t *BlockTx) FirstTransferHeight(since time.Time) (int64, error) {
	var h sql.NullInt64
	if err := t.tx.QueryRowContext(t.ctx, t.s.rebind(`SELECT MIN(height) FROM transfers WHERE time_ms >= ?`), ms(since)).Scan(&h); err != nil {
		return 0, fmt.Errorf("store: first transfer: %w", err)
	}
	return h.Int64, nil
}

// ActiveNodes returns the active mesh nodes, by id.
func (t *BlockTx) ActiveNodes() ([]Node, error) {
	rows, err := t.query(`SELECT `+nodeCols+` FROM mesh_nodes WHERE active = ? ORDER BY node_id`, true)
	if err != nil {
		return nil, fmt.Errorf("store: nodes: %w", err)
	}
	return scanNodes(rows)
}

// Standings returns every account's x/aegis standing as the agent saw it.
func (t *BlockTx) Standings() (map[string]Standing, error) {
	rows, err := t.query(`SELECT address, tier, frozen, updated_height FROM standings`)
	if err != nil {
		return nil, fmt.Errorf("store: standings: %w", err)
	}
	defer func() { _ = rows.Close() }()
	out := map[string]Standing{}
	for rows.Next() {
		var st Standing
		if err := rows.Scan(&st.Address, &st.Tier, &st.Frozen, &st.UpdatedHeight); err != nil {
			return nil, err
		}
		out[st.Address] = st
	}
	return out, rows.Err()
}

// LatestCommitted returns the latest version of a node's model committed on
// chain as the agent saw it (ok = false if none).
func (t *BlockTx) LatestCommitted(nodeID, model string) (ModelCommit, bool, error) {
	rows, err := t.query(`SELECT node_id, model, version, params_hash, train_start_height, train_end_height, metrics, committer, committed_height
		FROM mesh_models WHERE node_id = ? AND model = ? ORDER BY version DESC LIMIT 1`, nodeID, model)
	if err != nil {
		return ModelCommit{}, false, fmt.Errorf("store: mesh models: %w", err)
	}
	ms, err := scanModelCommits(rows)
	if err != nil || len(ms) == 0 {
		return ModelCommit{}, false, err
	}
	return ms[0], true, nil
}

func scanModelCommits(rows *sql.Rows) ([]ModelCommit, error) {
	defer func() { _ = rows.Close() }()
	var out []ModelCommit
	for rows.Next() {
		var (
			m       ModelCommit
			v       int64
			metrics string
		)
		if err := rows.Scan(&m.NodeID, &m.Model, &v, &m.ParamsHash, &m.TrainStartHeight, &m.TrainEndHeight, &metrics, &m.Committer, &m.CommittedHeight); err != nil {
			return nil, err
		}
		m.Version = uint64(v) //nolint:gosec // stored from a uint64
		if err := json.Unmarshal([]byte(metrics), &m.Metrics); err != nil {
			return nil, fmt.Errorf("store: model metrics: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

const agentModelCols = `node_id, model, version, params, params_hash, train_start_height, train_end_height, metrics, fitted_height, action_id, model_json`

// PutAgentModel records a model version the agent fitted (a repeated
// (node, model, version, hash) keeps the first record).
func (t *BlockTx) PutAgentModel(m AgentModel) error {
	metrics, err := json.Marshal(nonNilMetrics(m.Metrics))
	if err != nil {
		return err
	}
	mj := string(m.ModelJSON)
	if mj == "" {
		mj = "null"
	}
	return t.exec(`INSERT INTO agent_models (`+agentModelCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id, model, version, params_hash) DO NOTHING`,
		m.NodeID, m.Model, int64(m.Version), base64.StdEncoding.EncodeToString(m.Params), m.ParamsHash, //nolint:gosec // versions fit int64
		m.TrainStartHeight, m.TrainEndHeight, string(metrics), m.FittedHeight, m.ActionID, mj)
}

// AgentModelVersion returns the agent's fitted model with a version and
// hash (ok = false if the agent has none).
func (t *BlockTx) AgentModelVersion(nodeID, model string, version uint64, hash string) (AgentModel, bool, error) {
	rows, err := t.query(`SELECT `+agentModelCols+` FROM agent_models WHERE node_id = ? AND model = ? AND version = ? AND params_hash = ?`,
		nodeID, model, int64(version), hash) //nolint:gosec // versions fit int64
	if err != nil {
		return AgentModel{}, false, fmt.Errorf("store: agent models: %w", err)
	}
	ms, err := scanAgentModels(rows)
	if err != nil || len(ms) == 0 {
		return AgentModel{}, false, err
	}
	return ms[0], true, nil
}

// LatestAgentModel returns the agent's latest fitted version of a node's
// model (ok = false if none).
func (t *BlockTx) LatestAgentModel(nodeID, model string) (AgentModel, bool, error) {
	rows, err := t.query(`SELECT `+agentModelCols+` FROM agent_models WHERE node_id = ? AND model = ? ORDER BY version DESC, fitted_height DESC LIMIT 1`, nodeID, model)
	if err != nil {
		return AgentModel{}, false, fmt.Errorf("store: agent models: %w", err)
	}
	ms, err := scanAgentModels(rows)
	if err != nil || len(ms) == 0 {
		return AgentModel{}, false, err
	}
	return ms[0], true, nil
}

func scanAgentModels(rows *sql.Rows) ([]AgentModel, error) {
	defer func() { _ = rows.Close() }()
	var out []AgentModel
	for rows.Next() {
		var (
			m                   AgentModel
			v                   int64
			params, metrics, mj string
		)
		if err := rows.Scan(&m.NodeID, &m.Model, &v, &params, &m.ParamsHash, &m.TrainStartHeight, &m.TrainEndHeight, &metrics, &m.FittedHeight, &m.ActionID, &mj); err != nil {
			return nil, err
		}
		m.ModelJSON = json.RawMessage(mj)
		m.Version = uint64(v) //nolint:gosec // stored from a uint64
		var err error
		if m.Params, err = base64.StdEncoding.DecodeString(params); err != nil {
			return nil, fmt.Errorf("store: model params: %w", err)
		}
		if err := json.Unmarshal([]byte(metrics), &m.Metrics); err != nil {
			return nil, fmt.Errorf("store: model metrics: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// PutForecast replaces a corridor's latest forecast.
func (t *BlockTx) PutForecast(f Forecast) error {
	return t.exec(`INSERT INTO forecasts (corridor_id, height, doc) VALUES (?, ?, ?)
		ON CONFLICT (corridor_id) DO UPDATE SET height = excluded.height, doc = excluded.doc`, f.CorridorID, f.Height, string(f.Doc))
}

// PutAnomaly records an account the anomaly model flagged.
func (t *BlockTx) PutAnomaly(a Anomaly) error {
	return t.exec(`INSERT INTO anomalies (height, account, score_ppm, reasons) VALUES (?, ?, ?, ?) ON CONFLICT (height, account) DO NOTHING`,
		a.Height, a.Account, int64(a.ScorePPM), string(a.Reasons)) //nolint:gosec // ≤ 1e6
}

// FlaggedAt returns the accounts flagged at a height.
func (t *BlockTx) FlaggedAt(height int64) ([]Anomaly, error) {
	rows, err := t.query(`SELECT height, account, score_ppm, reasons FROM anomalies WHERE height = ? ORDER BY account`, height)
	if err != nil {
		return nil, fmt.Errorf("store: anomalies: %w", err)
	}
	return scanAnomalies(rows)
}

func scanAnomalies(rows *sql.Rows) ([]Anomaly, error) {
	defer func() { _ = rows.Close() }()
	var out []Anomaly
	for rows.Next() {
		var (
			a       Anomaly
			score   int64
			reasons string
		)
		if err := rows.Scan(&a.Height, &a.Account, &score, &reasons); err != nil {
			return nil, err
		}
		a.ScorePPM = uint64(score) //nolint:gosec // stored from a uint64
		a.Reasons = json.RawMessage(reasons)
		out = append(out, a)
	}
	return out, rows.Err()
}

// --- reads for the API (outside block transactions) ---

// AgentModels returns the agent's fitted model versions, newest first;
// node and model filter when not empty.
func (s *Store) AgentModels(ctx context.Context, node, model string, limit int) ([]AgentModel, error) {
	rows, err := s.query(ctx, `SELECT `+agentModelCols+` FROM agent_models WHERE (? = '' OR node_id = ?) AND (? = '' OR model = ?)
		ORDER BY fitted_height DESC, node_id, model, version DESC LIMIT ?`, node, node, model, model, limit)
	if err != nil {
		return nil, fmt.Errorf("store: agent models: %w", err)
	}
	return scanAgentModels(rows)
}

// AgentModel returns one fitted version, or ErrNotFound: the one whose
// hash the chain committed if there is one, else the latest fitted.
func (s *Store) AgentModel(ctx context.Context, node, model string, version uint64) (AgentModel, error) {
	v := int64(version) //nolint:gosec // versions fit int64
	rows, err := s.query(ctx, `SELECT `+agentModelCols+` FROM agent_models a WHERE node_id = ? AND model = ? AND version = ?
		ORDER BY CASE WHEN EXISTS (SELECT 1 FROM mesh_models c WHERE c.node_id = a.node_id AND c.model = a.model AND c.version = a.version AND c.params_hash = a.params_hash) THEN 1 ELSE 0 END DESC,
		fitted_height DESC LIMIT 1`, node, model, v)
	if err != nil {
		return AgentModel{}, fmt.Errorf("store: agent models: %w", err)
	}
	ms, err := scanAgentModels(rows)
	if err != nil {
		return AgentModel{}, err
	}
	if len(ms) == 0 {
		return AgentModel{}, ErrNotFound
	}
	return ms[0], nil
}

// CommittedModels returns the model versions committed on chain as the
// agent saw them, newest first; node filters when not empty.
func (s *Store) CommittedModels(ctx context.Context, node string, limit int) ([]ModelCommit, error) {
	rows, err := s.query(ctx, `SELECT node_id, model, version, params_hash, train_start_height, train_end_height, metrics, committer, committed_height
		FROM mesh_models WHERE (? = '' OR node_id = ?) ORDER BY committed_height DESC, node_id, model, version DESC LIMIT ?`, node, node, limit)
	if err != nil {
		return nil, fmt.Errorf("store: mesh models: %w", err)
	}
	return scanModelCommits(rows)
}

// Forecasts returns every corridor's latest forecast, by corridor id.
func (s *Store) Forecasts(ctx context.Context) ([]Forecast, error) {
	rows, err := s.query(ctx, `SELECT corridor_id, height, doc FROM forecasts ORDER BY corridor_id`)
	if err != nil {
		return nil, fmt.Errorf("store: forecasts: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []Forecast
	for rows.Next() {
		var (
			f   Forecast
			doc string
		)
		if err := rows.Scan(&f.CorridorID, &f.Height, &doc); err != nil {
			return nil, err
		}
		f.Doc = json.RawMessage(doc)
		out = append(out, f)
	}
	return out, rows.Err()
}

// Anomalies returns the latest flagged accounts, newest first.
func (s *Store) Anomalies(ctx context.Context, limit int) ([]Anomaly, error) {
	rows, err := s.query(ctx, `SELECT height, account, score_ppm, reasons FROM anomalies ORDER BY height DESC, score_ppm DESC, account LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: anomalies: %w", err)
	}
	return scanAnomalies(rows)
}

// Analyses returns the federated analyses recorded on chain, newest first.
func (s *Store) Analyses(ctx context.Context, limit int) ([]Analysis, error) {
	rows, err := s.query(ctx, `SELECT height, seq, reporter, employee_id, device_id, corridor_id, score, outcome, action_id FROM mesh_analyses ORDER BY height DESC, seq DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: analyses: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []Analysis
	for rows.Next() {
		var (
			a       Analysis
			score   int64
			outcome string
		)
		if err := rows.Scan(&a.Height, &a.Seq, &a.Reporter, &a.EmployeeID, &a.DeviceID, &a.CorridorID, &score, &outcome, &a.ActionID); err != nil {
			return nil, err
		}
		a.Score = uint64(score) //nolint:gosec // ≤ 1e6
		a.Outcome = json.RawMessage(outcome)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Nodes returns every mesh node the agent saw, by id.
func (s *Store) Nodes(ctx context.Context) ([]Node, error) {
	rows, err := s.query(ctx, `SELECT `+nodeCols+` FROM mesh_nodes ORDER BY node_id`)
	if err != nil {
		return nil, fmt.Errorf("store: nodes: %w", err)
	}
	return scanNodes(rows)
}
