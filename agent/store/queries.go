package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	sdkmath "cosmossdk.io/math"
)

const nodeCols = `node_id, node_type, owner, data_sharing, model_training, federated_analysis, reputation, active, updated_height, metadata`

func scanNodes(rows *sql.Rows) ([]Node, error) {
	defer func() { _ = rows.Close() }()
	var out []Node
	for rows.Next() {
		var (
			n   Node
			rep int64
		)
		if err := rows.Scan(&n.NodeID, &n.Type, &n.Owner, &n.DataSharing, &n.ModelTraining, &n.FederatedAnalysis, &rep, &n.Active, &n.UpdatedHeight, &n.Metadata); err != nil {
			return nil, fmt.Errorf("store: nodes: %w", err)
		}
		n.Reputation = uint64(rep) //nolint:gosec // stored from a uint64 ≤ 1e6
		out = append(out, n)
	}
	return out, rows.Err()
}

const partyCols = `address, orders, settled, refunded, disputes_opened, disputes_won, disputes_lost, seller_cancels, seller_expiries, updated_height`

func scanParty(row *sql.Row, addr string) (Party, error) {
	var p Party
	err := row.Scan(&p.Address, &p.Orders, &p.Settled, &p.Refunded, &p.DisputesOpened, &p.DisputesWon, &p.DisputesLost, &p.SellerCancels, &p.SellerExpiries, &p.UpdatedHeight)
	if errors.Is(err, sql.ErrNoRows) {
		return Party{Address: addr}, nil
	}
	if err != nil {
		return Party{}, fmt.Errorf("store: party: %w", err)
	}
	return p, nil
}

// Blocks returns up to limit per-height records from height from upward.
func (s *Store) Blocks(ctx context.Context, from int64, limit int) ([]Block, error) {
	rows, err := s.query(ctx, `SELECT height, hash, time_ms, txs, observations, processed_ms FROM blocks WHERE height >= ? ORDER BY height LIMIT ?`, from, limit)
	if err != nil {
		return nil, fmt.Errorf("store: blocks: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []Block
	for rows.Next() {
		var (
			b           Block
			tms, procMs int64
		)
		if err := rows.Scan(&b.Height, &b.Hash, &tms, &b.Txs, &b.Observations, &procMs); err != nil {
			return nil, err
		}
		b.Time, b.ProcessedAt = time.UnixMilli(tms).UTC(), time.UnixMilli(procMs).UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

// BlockStats returns the number of per-height records and their lowest and
// highest heights.
func (s *Store) BlockStats(ctx context.Context) (count, first, last int64, err error) {
	err = s.queryRow(ctx, `SELECT COUNT(*), COALESCE(MIN(height), 0), COALESCE(MAX(height), 0) FROM blocks`).Scan(&count, &first, &last)
	return count, first, last, err
}

// ObservationCounts returns how many observations each height in
// [from, to] has in the store.
func (s *Store) ObservationCounts(ctx context.Context, from, to int64) (map[int64]int, error) {
	rows, err := s.query(ctx, `SELECT height, COUNT(*) FROM observations WHERE height >= ? AND height <= ? GROUP BY height`, from, to)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	out := map[int64]int{}
	for rows.Next() {
		var (
			h int64
			n int
		)
		if err := rows.Scan(&h, &n); err != nil {
			return nil, err
		}
		out[h] = n
	}
	return out, rows.Err()
}

const obsSelect = `SELECT height, seq, tx_index, tx_hash, kind, account, counterparty, amount, fee, ref, detail FROM observations`

func scanObservations(rows *sql.Rows) ([]Observation, error) {
	defer func() { _ = rows.Close() }()
	var out []Observation
	for rows.Next() {
		var o Observation
		if err := rows.Scan(&o.Height, &o.Seq, &o.TxIndex, &o.TxHash, &o.Kind, &o.Account, &o.Counterparty, &o.Amount, &o.Fee, &o.Ref, &o.Detail); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Observations returns the observations of a height range.
func (s *Store) Observations(ctx context.Context, from, to int64) ([]Observation, error) {
	rows, err := s.query(ctx, obsSelect+` WHERE height >= ? AND height <= ? ORDER BY height, seq`, from, to)
	if err != nil {
		return nil, err
	}
	return scanObservations(rows)
}

// Profile is what the store knows about one account.
type Profile struct {
	Address  string        `json:"address"`
	Flows    []Flow        `json:"flows"`
	Forge    Party         `json:"forge"`
	Standing *Standing     `json:"standing,omitempty"`
	Nodes    []Node        `json:"nodes"`
	Recent   []Observation `json:"recent"`
}

// AccountProfile returns an account's activity profile: flows per denom,
// forge history, standing, owned mesh nodes and its latest observations.
func (s *Store) AccountProfile(ctx context.Context, addr string, recent int) (Profile, error) {
	defer s.timed("account_profile")()
	p := Profile{Address: addr, Flows: []Flow{}, Nodes: []Node{}, Recent: []Observation{}}
	rows, err := s.query(ctx, `SELECT denom, sent_count, sent_amount, received_count, received_amount, fees_paid, first_height, last_height FROM account_flows WHERE address = ? ORDER BY denom`, addr)
	if err != nil {
		return p, err
	}
	for rows.Next() {
		var f Flow
		if err := rows.Scan(&f.Denom, &f.SentCount, &f.SentAmount, &f.ReceivedCount, &f.ReceivedAmount, &f.FeesPaid, &f.FirstHeight, &f.LastHeight); err != nil {
			_ = rows.Close()
			return p, err
		}
		p.Flows = append(p.Flows, f)
	}
	_ = rows.Close()
	if p.Forge, err = scanParty(s.queryRow(ctx, `SELECT `+partyCols+` FROM forge_parties WHERE address = ?`, addr), addr); err != nil {
		return p, err
	}
	var st Standing
	err = s.queryRow(ctx, `SELECT address, tier, frozen, updated_height FROM standings WHERE address = ?`, addr).Scan(&st.Address, &st.Tier, &st.Frozen, &st.UpdatedHeight)
	switch {
	case err == nil:
		p.Standing = &st
	case !errors.Is(err, sql.ErrNoRows):
		return p, err
	}
	nrows, err := s.query(ctx, `SELECT `+nodeCols+` FROM mesh_nodes WHERE owner = ? ORDER BY node_id`, addr)
	if err != nil {
		return p, err
	}
	if p.Nodes, err = scanNodes(nrows); err != nil {
		return p, err
	}
	if p.Nodes == nil {
		p.Nodes = []Node{}
	}
	orows, err := s.query(ctx, obsSelect+` WHERE account = ? OR counterparty = ? ORDER BY height DESC, seq DESC LIMIT ?`, addr, addr, recent)
	if err != nil {
		return p, err
	}
	if p.Recent, err = scanObservations(orows); err != nil {
		return p, err
	}
	if p.Recent == nil {
		p.Recent = []Observation{}
	}
	return p, nil
}

// Node returns a mesh node as the agent saw it.
func (s *Store) Node(ctx context.Context, id string) (Node, error) {
	rows, err := s.query(ctx, `SELECT `+nodeCols+` FROM mesh_nodes WHERE node_id = ?`, id)
	if err != nil {
		return Node{}, err
	}
	nodes, err := scanNodes(rows)
	if err != nil {
		return Node{}, err
	}
	if len(nodes) == 0 {
		return Node{}, ErrNotFound
	}
	return nodes[0], nil
}

// FeeTotals returns the PIVC captured per denom in heights (after, upTo].
func (s *Store) FeeTotals(ctx context.Context, after, upTo int64) (map[string]sdkmath.Int, int64, error) {
	rows, err := s.query(ctx, `SELECT denom, amount, captures FROM fee_totals WHERE height > ? AND height <= ?`, after, upTo)
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = rows.Close() }()
	out := map[string]sdkmath.Int{}
	var captures int64
	for rows.Next() {
		var (
			denom, amt string
			n          int64
		)
		if err := rows.Scan(&denom, &amt, &n); err != nil {
			return nil, 0, err
		}
		v, ok := sdkmath.NewIntFromString(amt)
		if !ok {
			return nil, 0, fmt.Errorf("store: fee total %q is not an integer", amt)
		}
		if cur, ok := out[denom]; ok {
			v = v.Add(cur)
		}
		out[denom] = v
		captures += n
	}
	return out, captures, rows.Err()
}

const cpCols = `height, first_sequence, last_sequence, entries_hash, hash, chain_reconciled, status, proof, detail, checked_ms`

func scanCheckpoints(rows *sql.Rows) ([]Checkpoint, error) {
	defer func() { _ = rows.Close() }()
	var out []Checkpoint
	for rows.Next() {
		var (
			c           Checkpoint
			first, last int64
			checked     int64
		)
		if err := rows.Scan(&c.Height, &first, &last, &c.EntriesHash, &c.Hash, &c.ChainReconciled, &c.Status, &c.Proof, &c.Detail, &checked); err != nil {
			return nil, err
		}
		c.FirstSequence, c.LastSequence = uint64(first), uint64(last) //nolint:gosec // stored from uint64
		if checked > 0 {
			c.CheckedAt = time.UnixMilli(checked).UTC()
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CheckpointsToReconcile returns up to limit checkpoints that are pending
// or whose check could not run, oldest first.
func (s *Store) CheckpointsToReconcile(ctx context.Context, limit int) ([]Checkpoint, error) {
	rows, err := s.query(ctx, `SELECT `+cpCols+` FROM checkpoints WHERE status = ? OR status = ? ORDER BY height LIMIT ?`, CheckPending, CheckError, limit)
	if err != nil {
		return nil, err
	}
	return scanCheckpoints(rows)
}

// Checkpoints returns up to limit checkpoints, newest first.
func (s *Store) Checkpoints(ctx context.Context, limit int) ([]Checkpoint, error) {
	rows, err := s.query(ctx, `SELECT `+cpCols+` FROM checkpoints ORDER BY height DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	return scanCheckpoints(rows)
}

// PreviousCheckpoint returns the checkpoint before height (ErrNotFound if
// the agent saw none).
func (s *Store) PreviousCheckpoint(ctx context.Context, height int64) (Checkpoint, error) {
	rows, err := s.query(ctx, `SELECT `+cpCols+` FROM checkpoints WHERE height < ? ORDER BY height DESC LIMIT 1`, height)
	if err != nil {
		return Checkpoint{}, err
	}
	cps, err := scanCheckpoints(rows)
	if err != nil {
		return Checkpoint{}, err
	}
	if len(cps) == 0 {
		return Checkpoint{}, ErrNotFound
	}
	return cps[0], nil
}

// SetCheckpointResult records a reconciliation's outcome.
func (s *Store) SetCheckpointResult(ctx context.Context, height int64, status, proof, detail string) error {
	defer s.timed("checkpoint_result")()
	return s.exec(ctx, `UPDATE checkpoints SET status = ?, proof = ?, detail = ?, checked_ms = ? WHERE height = ?`, status, proof, detail, ms(s.now()), height)
}

// CheckpointCounts returns the number of checkpoints per status.
func (s *Store) CheckpointCounts(ctx context.Context) (map[string]int64, error) {
	return s.counts(ctx, `SELECT status, COUNT(*) FROM checkpoints GROUP BY status`)
}

func (s *Store) counts(ctx context.Context, q string) (map[string]int64, error) {
	rows, err := s.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	out := map[string]int64{}
	for rows.Next() {
		var (
			k string
			n int64
		)
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

const actionCols = `id, kind, planner, cause_height, msg_type, msg, subject, counterparties, value, summary, status, rule, article, reason, tx_hash, included_height, attempts, created_ms, updated_ms, signed_ms`

func scanActions(rows *sql.Rows) ([]Action, error) {
	defer func() { _ = rows.Close() }()
	var out []Action
	for rows.Next() {
		var (
			a                         Action
			msg, cps                  string
			article                   int64
			created, updated, signedM int64
		)
		if err := rows.Scan(&a.ID, &a.Kind, &a.Planner, &a.CauseHeight, &a.MsgType, &msg, &a.Subject, &cps, &a.Value, &a.Summary, &a.Status, &a.Rule, &article, &a.Reason, &a.TxHash, &a.IncludedHeight, &a.Attempts, &created, &updated, &signedM); err != nil {
			return nil, err
		}
		var err error
		if a.Msg, err = base64.StdEncoding.DecodeString(msg); err != nil {
			return nil, fmt.Errorf("store: action %s: msg: %w", a.ID, err)
		}
		if err := json.Unmarshal([]byte(cps), &a.Counterparties); err != nil {
			return nil, fmt.Errorf("store: action %s: counterparties: %w", a.ID, err)
		}
		a.Article = uint64(article) //nolint:gosec // stored from uint64
		a.CreatedAt, a.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
		if signedM > 0 {
			a.SignedAt = time.UnixMilli(signedM).UTC()
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Actions returns up to limit actions, newest first (by cause height, then
// id), optionally of one status.
func (s *Store) Actions(ctx context.Context, status string, limit int) ([]Action, error) {
	defer s.timed("actions")()
	q := `SELECT ` + actionCols + ` FROM actions`
	args := []any{}
	if status != "" {
		q += ` WHERE status = ?`
		args = append(args, status)
	}
	q += ` ORDER BY cause_height DESC, id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanActions(rows)
}

// Action returns one action.
func (s *Store) Action(ctx context.Context, id string) (Action, error) {
	rows, err := s.query(ctx, `SELECT `+actionCols+` FROM actions WHERE id = ?`, id)
	if err != nil {
		return Action{}, err
	}
	as, err := scanActions(rows)
	if err != nil {
		return Action{}, err
	}
	if len(as) == 0 {
		return Action{}, ErrNotFound
	}
	return as[0], nil
}

// PlannedActions returns up to limit planned actions, oldest first.
func (s *Store) PlannedActions(ctx context.Context, limit int) ([]Action, error) {
	rows, err := s.query(ctx, `SELECT `+actionCols+` FROM actions WHERE status = ? ORDER BY cause_height, id LIMIT ?`, ActionPlanned, limit)
	if err != nil {
		return nil, err
	}
	return scanActions(rows)
}

// ActionsOfTx returns the actions a tx carries.
func (s *Store) ActionsOfTx(ctx context.Context, hash string) ([]Action, error) {
	rows, err := s.query(ctx, `SELECT `+actionCols+` FROM actions WHERE tx_hash = ? ORDER BY id`, hash)
	if err != nil {
		return nil, err
	}
	return scanActions(rows)
}

// ActionCounts returns the number of actions per status.
func (s *Store) ActionCounts(ctx context.Context) (map[string]int64, error) {
	return s.counts(ctx, `SELECT status, COUNT(*) FROM actions GROUP BY status`)
}

// SignedSince returns how many actions were signed at or after t, and the
// values they move (non-empty only).
func (s *Store) SignedSince(ctx context.Context, t time.Time) (int, []string, error) {
	rows, err := s.query(ctx, `SELECT value FROM actions WHERE signed_ms >= ?`, ms(t))
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = rows.Close() }()
	n := 0
	var values []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return 0, nil, err
		}
		n++
		if v != "" {
			values = append(values, v)
		}
	}
	return n, values, rows.Err()
}

// RefuseAction records the governor's refusal of a planned action: the rule
// (and article) that refused it and why. A refused action is never signed.
func (s *Store) RefuseAction(ctx context.Context, id, rule string, article uint64, reason string) error {
	defer s.timed("refuse_action")()
	return s.exec(ctx, `UPDATE actions SET status = ?, rule = ?, article = ?, reason = ?, updated_ms = ? WHERE id = ? AND status = ?`,
		ActionRefused, rule, int64(article), reason, ms(s.now()), id, ActionPlanned) //nolint:gosec // article ids are small
}

// FailAction marks an action failed for good.
func (s *Store) FailAction(ctx context.Context, id, rule, reason string) error {
	return s.exec(ctx, `UPDATE actions SET status = ?, rule = ?, reason = ?, updated_ms = ? WHERE id = ? AND status <> ?`,
		ActionFailed, rule, reason, ms(s.now()), id, ActionIncluded)
}

// MarkIncluded records that actions are on chain at height (found by a
// query after a crash, or by the tx's result).
func (s *Store) MarkIncluded(ctx context.Context, ids []string, height int64, txHash string) error {
	defer s.timed("mark_included")()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, id := range ids {
		q := `UPDATE actions SET status = ?, included_height = ?, updated_ms = ?`
		args := []any{ActionIncluded, height, ms(s.now())}
		if txHash != "" {
			q += `, tx_hash = ?`
			args = append(args, txHash)
		}
		q += ` WHERE id = ?`
		args = append(args, id)
		if _, err := tx.ExecContext(ctx, s.rebind(q), args...); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

// RecordSigned stores a signed tx and marks its actions signed, in one
// transaction, before the tx is broadcast: after a crash the agent finds the
// tx and broadcasts the same bytes, never a new signature for the same
// actions while the first may still be included.
func (s *Store) RecordSigned(ctx context.Context, t Tx, actionIDs []string) error {
	defer s.timed("record_signed")()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	now := ms(s.now())
	if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO txs (hash, raw, sequence, timeout_height, status, height, code, log, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, 0, 0, '', ?, ?)`),
		t.Hash, base64.StdEncoding.EncodeToString(t.Raw), int64(t.Sequence), t.TimeoutHeight, TxSigned, now, now); err != nil { //nolint:gosec // sequences fit int64
		_ = tx.Rollback()
		return fmt.Errorf("store: record tx: %w", err)
	}
	for _, id := range actionIDs {
		res, err := tx.ExecContext(ctx, s.rebind(`UPDATE actions SET status = ?, tx_hash = ?, attempts = attempts + 1, signed_ms = ?, updated_ms = ? WHERE id = ? AND status = ?`),
			ActionSigned, t.Hash, now, now, id, ActionPlanned)
		if err != nil {
			_ = tx.Rollback()
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			_ = tx.Rollback()
			return fmt.Errorf("store: action %s is not planned any more", id)
		}
	}
	return tx.Commit()
}

// PendingTxs returns the signed txs whose outcome is not known yet.
func (s *Store) PendingTxs(ctx context.Context) ([]Tx, error) {
	rows, err := s.query(ctx, `SELECT hash, raw, sequence, timeout_height, status, height, code, log, created_ms FROM txs WHERE status = ? ORDER BY created_ms, hash`, TxSigned)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []Tx
	for rows.Next() {
		var (
			t        Tx
			raw      string
			seq      int64
			created  int64
			codeSign int64
		)
		if err := rows.Scan(&t.Hash, &raw, &seq, &t.TimeoutHeight, &t.Status, &t.Height, &codeSign, &t.Log, &created); err != nil {
			return nil, err
		}
		if t.Raw, err = base64.StdEncoding.DecodeString(raw); err != nil {
			return nil, err
		}
		t.Sequence, t.Code = uint64(seq), uint32(codeSign) //nolint:gosec // stored from these types
		t.CreatedAt = time.UnixMilli(created).UTC()
		out = append(out, t)
	}
	return out, rows.Err()
}

// ResolveTx records a tx's outcome. included: its actions are on chain at
// height. Otherwise each action not included goes back to planned to be
// signed again — or, when the tx failed (on chain or in CheckTx) and the
// action was signed maxAttempts times, to failed.
func (s *Store) ResolveTx(ctx context.Context, hash, status string, height int64, code uint32, log string, maxAttempts int) error {
	defer s.timed("resolve_tx")()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	now := ms(s.now())
	if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE txs SET status = ?, height = ?, code = ?, log = ?, updated_ms = ? WHERE hash = ?`),
		status, height, int64(code), truncate(log, 2000), now, hash); err != nil {
		_ = tx.Rollback()
		return err
	}
	if status == TxIncluded {
		_, err = tx.ExecContext(ctx, s.rebind(`UPDATE actions SET status = ?, included_height = ?, updated_ms = ? WHERE tx_hash = ? AND status = ?`),
			ActionIncluded, height, now, hash, ActionSigned)
	} else {
		reason := fmt.Sprintf("tx %s %s", hash, status)
		if log != "" {
			reason += ": " + truncate(log, 500)
		}
		// Only a failure on chain (or in CheckTx) uses up an attempt; a tx
		// dropped unseen is simply signed again.
		limit := maxAttempts
		if status == TxDropped {
			limit = 1 << 30
		}
		if _, err = tx.ExecContext(ctx, s.rebind(`UPDATE actions SET status = ?, rule = ?, reason = ?, updated_ms = ? WHERE tx_hash = ? AND status = ? AND attempts >= ?`),
			ActionFailed, "act.max_attempts", reason, now, hash, ActionSigned, limit); err == nil {
			_, err = tx.ExecContext(ctx, s.rebind(`UPDATE actions SET status = ?, reason = ?, tx_hash = '', updated_ms = ? WHERE tx_hash = ? AND status = ?`),
				ActionPlanned, reason, now, hash, ActionSigned)
		}
	}
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// RecentBlocks returns the last n per-height records, oldest first.
func (s *Store) RecentBlocks(ctx context.Context, n int) ([]Block, error) {
	var last int64
	if err := s.queryRow(ctx, `SELECT COALESCE(MAX(height), 0) FROM blocks`).Scan(&last); err != nil {
		return nil, err
	}
	return s.Blocks(ctx, max(last-int64(n)+1, 0), n)
}
