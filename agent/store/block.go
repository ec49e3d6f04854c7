package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	sdkmath "cosmossdk.io/math"
)

// ErrAlreadyProcessed is returned when a block's height is already in the
// store: the per-height record refuses to process a block twice.
var ErrAlreadyProcessed = errors.New("block already processed")

// ErrOutOfOrder is returned when a block does not follow the last one.
var ErrOutOfOrder = errors.New("block does not follow the last processed height")

// BlockTx is the transaction in which one block is written. Planners read
// and write through it, so their actions land with the block or not at all.
type BlockTx struct {
	s      *Store
	tx     *sql.Tx
	ctx    context.Context
	height int64
}

// ProcessBlock writes data in one transaction: the per-height record, the
// observations, the derived aggregates, then whatever plan adds (actions),
// then the cursor. The block must follow the last processed height.
func (s *Store) ProcessBlock(ctx context.Context, data *BlockData, plan func(*BlockTx) error) error {
	defer s.timed("process_block")()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	bt := &BlockTx{s: s, tx: tx, ctx: ctx, height: data.Block.Height}
	if err := bt.write(data); err != nil {
		_ = tx.Rollback()
		return err
	}
	if plan != nil {
		if err := plan(bt); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	if err := bt.exec(`UPDATE cursor SET last_height = ? WHERE id = 1`, data.Block.Height); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit block %d: %w", data.Block.Height, err)
	}
	return nil
}

// Height is the block being written.
func (t *BlockTx) Height() int64 { return t.height }

func (t *BlockTx) exec(q string, args ...any) error {
	if _, err := t.tx.ExecContext(t.ctx, t.s.rebind(q), args...); err != nil {
		return fmt.Errorf("store: block %d: %w", t.height, err)
	}
	return nil
}

func (t *BlockTx) write(d *BlockData) error {
	var last int64
	if err := t.tx.QueryRowContext(t.ctx, `SELECT last_height FROM cursor WHERE id = 1`).Scan(&last); err != nil {
		return fmt.Errorf("store: read cursor: %w", err)
	}
	if d.Block.Height <= last {
		return fmt.Errorf("%w: height %d (last processed %d)", ErrAlreadyProcessed, d.Block.Height, last)
	}
	if last != 0 && d.Block.Height != last+1 {
		return fmt.Errorf("%w: height %d after %d", ErrOutOfOrder, d.Block.Height, last)
	}
	if err := t.exec(`INSERT INTO blocks (height, hash, time_ms, txs, observations, processed_ms) VALUES (?, ?, ?, ?, ?, ?)`,
		d.Block.Height, d.Block.Hash, ms(d.Block.Time), d.Block.Txs, len(d.Observations), ms(t.s.now())); err != nil {
		return err
	}
	if err := t.insertObservations(d.Observations); err != nil {
		return err
	}
	c := &d.Changes
	if err := t.applyFlows(c.Flows); err != nil {
		return err
	}
	if err := t.applyFees(c.Fees); err != nil {
		return err
	}
	for _, o := range c.Orders {
		if err := t.applyOrder(o); err != nil {
			return err
		}
	}
	if err := t.applyParties(c.Parties); err != nil {
		return err
	}
	for _, n := range c.Nodes {
		if err := t.applyNode(n); err != nil {
			return err
		}
	}
	for _, st := range c.Standings {
		if err := t.applyStanding(st); err != nil {
			return err
		}
	}
	for _, cp := range c.Checkpoints {
		if err := t.exec(`INSERT INTO checkpoints (height, first_sequence, last_sequence, entries_hash, hash, chain_reconciled, status, proof, detail, checked_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, '', '', 0) ON CONFLICT (height) DO NOTHING`,
			cp.Height, int64(cp.FirstSequence), int64(cp.LastSequence), cp.EntriesHash, cp.Hash, cp.ChainReconciled, CheckPending); err != nil { //nolint:gosec // sequences fit int64
			return err
		}
	}
	if err := t.insertTransfers(c.Transfers); err != nil {
		return err
	}
	for _, m := range c.Models {
		if err := t.insertModelCommit(m); err != nil {
			return err
		}
	}
	for _, a := range c.Analyses {
		if err := t.exec(`INSERT INTO mesh_analyses (height, seq, reporter, employee_id, device_id, corridor_id, score, outcome, action_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.Height, a.Seq, a.Reporter, a.EmployeeID, a.DeviceID, a.CorridorID, int64(a.Score), string(a.Outcome), a.ActionID); err != nil { //nolint:gosec // score ≤ 1e6
			return err
		}
	}
	for _, id := range c.Included {
		if err := t.exec(`UPDATE actions SET status = ?, included_height = ?, updated_ms = ? WHERE id = ? AND status <> ?`,
			ActionIncluded, d.Block.Height, ms(t.s.now()), id, ActionIncluded); err != nil {
			return err
		}
	}
	return nil
}

const obsCols = 11

func (t *BlockTx) insertObservations(obs []Observation) error {
	const chunk = 200
	for start := 0; start < len(obs); start += chunk {
		end := min(start+chunk, len(obs))
		var b strings.Builder
		b.WriteString(`INSERT INTO observations (height, seq, tx_index, tx_hash, kind, account, counterparty, amount, fee, ref, detail) VALUES `)
		args := make([]any, 0, (end-start)*obsCols)
		for i, o := range obs[start:end] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?,?,?,?,?,?,?,?,?,?,?)")
			args = append(args, o.Height, o.Seq, o.TxIndex, o.TxHash, o.Kind, o.Account, o.Counterparty, o.Amount, o.Fee, o.Ref, o.Detail)
		}
		if err := t.exec(b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

func addDec(cur string, d sdkmath.Int) (string, error) {
	if d.IsNil() || d.IsZero() {
		if cur == "" {
			return "0", nil
		}
		return cur, nil
	}
	v, ok := sdkmath.NewIntFromString(cur)
	if !ok {
		return "", fmt.Errorf("store: stored amount %q is not an integer", cur)
	}
	return v.Add(d).String(), nil
}

func nz(i sdkmath.Int) sdkmath.Int {
	if i.IsNil() {
		return sdkmath.ZeroInt()
	}
	return i
}

func (t *BlockTx) applyFlows(flows map[FlowKey]*FlowDelta) error {
	keys := make([]FlowKey, 0, len(flows))
	for k := range flows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Address != keys[j].Address {
			return keys[i].Address < keys[j].Address
		}
		return keys[i].Denom < keys[j].Denom
	})
	for _, k := range keys {
		d := flows[k]
		var (
			sentCount, recvCount int64
			sent, recv, fees     string
			first                int64
		)
		err := t.tx.QueryRowContext(t.ctx, t.s.rebind(`SELECT sent_count, sent_amount, received_count, received_amount, fees_paid, first_height FROM account_flows WHERE address = ? AND denom = ?`),
			k.Address, k.Denom).Scan(&sentCount, &sent, &recvCount, &recv, &fees, &first)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := t.exec(`INSERT INTO account_flows (address, denom, sent_count, sent_amount, received_count, received_amount, fees_paid, first_height, last_height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				k.Address, k.Denom, d.SentCount, nz(d.Sent).String(), d.ReceivedCount, nz(d.Received).String(), nz(d.Fees).String(), t.height, t.height); err != nil {
				return err
			}
			continue
		case err != nil:
			return fmt.Errorf("store: flows: %w", err)
		}
		if sent, err = addDec(sent, d.Sent); err != nil {
			return err
		}
		if recv, err = addDec(recv, d.Received); err != nil {
			return err
		}
		if fees, err = addDec(fees, d.Fees); err != nil {
			return err
		}
		if err := t.exec(`UPDATE account_flows SET sent_count = ?, sent_amount = ?, received_count = ?, received_amount = ?, fees_paid = ?, last_height = ? WHERE address = ? AND denom = ?`,
			sentCount+d.SentCount, sent, recvCount+d.ReceivedCount, recv, fees, t.height, k.Address, k.Denom); err != nil {
			return err
		}
	}
	return nil
}

func (t *BlockTx) applyFees(fees map[string]*FeeDelta) error {
	denoms := make([]string, 0, len(fees))
	for d := range fees {
		denoms = append(denoms, d)
	}
	sort.Strings(denoms)
	for _, d := range denoms {
		f := fees[d]
		if err := t.exec(`INSERT INTO fee_totals (height, denom, amount, captures) VALUES (?, ?, ?, ?)`, t.height, d, nz(f.Amount).String(), f.Captures); err != nil {
			return err
		}
	}
	return nil
}

func (t *BlockTx) applyOrder(o OrderChange) error {
	if o.Placed {
		return t.exec(`INSERT INTO forge_orders (order_id, buyer, seller, amount, status, close_reason, disputed, placed_height, closed_height)
			VALUES (?, ?, ?, ?, ?, '', ?, ?, 0) ON CONFLICT (order_id) DO NOTHING`,
			o.OrderID, o.Buyer, o.Seller, o.Amount, OrderOpen, false, o.Height)
	}
	if o.Disputed && o.Status == "" {
		return t.exec(`UPDATE forge_orders SET disputed = ? WHERE order_id = ?`, true, o.OrderID)
	}
	// A close of an order placed before the agent's first block: record it
	// from the close event's parties.
	if err := t.exec(`INSERT INTO forge_orders (order_id, buyer, seller, amount, status, close_reason, disputed, placed_height, closed_height)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, close_reason = excluded.close_reason, closed_height = excluded.closed_height`,
		o.OrderID, o.Buyer, o.Seller, o.Amount, o.Status, o.CloseReason, false, o.Height); err != nil {
		return err
	}
	return nil
}

func (t *BlockTx) applyParties(parties map[string]*PartyDelta) error {
	addrs := make([]string, 0, len(parties))
	for a := range parties {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	for _, a := range addrs {
		d := parties[a]
		if err := t.exec(`INSERT INTO forge_parties (address, orders, settled, refunded, disputes_opened, disputes_won, disputes_lost, seller_cancels, seller_expiries, updated_height)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (address) DO UPDATE SET
				orders = forge_parties.orders + excluded.orders,
				settled = forge_parties.settled + excluded.settled,
				refunded = forge_parties.refunded + excluded.refunded,
				disputes_opened = forge_parties.disputes_opened + excluded.disputes_opened,
				disputes_won = forge_parties.disputes_won + excluded.disputes_won,
				disputes_lost = forge_parties.disputes_lost + excluded.disputes_lost,
				seller_cancels = forge_parties.seller_cancels + excluded.seller_cancels,
				seller_expiries = forge_parties.seller_expiries + excluded.seller_expiries,
				updated_height = excluded.updated_height`,
			a, d.Orders, d.Settled, d.Refunded, d.DisputesOpened, d.DisputesWon, d.DisputesLost, d.SellerCancels, d.SellerExpiries, t.height); err != nil {
			return err
		}
	}
	return nil
}

func (t *BlockTx) applyNode(n NodeChange) error {
	switch n.Kind {
	case NodeRegistered:
		return t.exec(`INSERT INTO mesh_nodes (node_id, node_type, owner, data_sharing, model_training, federated_analysis, reputation, active, updated_height, metadata)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET node_type = excluded.node_type, owner = excluded.owner,
			data_sharing = excluded.data_sharing, model_training = excluded.model_training, federated_analysis = excluded.federated_analysis,
			reputation = excluded.reputation, active = excluded.active, updated_height = excluded.updated_height, metadata = excluded.metadata`,
			n.NodeID, n.Type, n.Owner, false, false, false, int64(n.Reputation), true, n.Height, n.Metadata) //nolint:gosec // reputation ≤ 1e6
	case NodeDeregistered:
		return t.exec(`UPDATE mesh_nodes SET active = ?, updated_height = ? WHERE node_id = ?`, false, n.Height, n.NodeID)
	case NodeConsent:
		return t.exec(`UPDATE mesh_nodes SET data_sharing = ?, model_training = ?, federated_analysis = ?, updated_height = ? WHERE node_id = ?`,
			n.DataSharing, n.ModelTraining, n.FederatedAnalysis, n.Height, n.NodeID)
	case NodeReputation:
		return t.exec(`UPDATE mesh_nodes SET reputation = ?, updated_height = ? WHERE node_id = ?`, int64(n.Reputation), n.Height, n.NodeID) //nolint:gosec // reputation ≤ 1e6
	default:
		return fmt.Errorf("store: unknown node change %q", n.Kind)
	}
}

func (t *BlockTx) applyStanding(c StandingChange) error {
	if err := t.exec(`INSERT INTO standings (address, tier, frozen, updated_height) VALUES (?, '', ?, ?) ON CONFLICT (address) DO NOTHING`,
		c.Address, false, c.Height); err != nil {
		return err
	}
	if c.SetTier {
		if err := t.exec(`UPDATE standings SET tier = ?, updated_height = ? WHERE address = ?`, c.Tier, c.Height, c.Address); err != nil {
			return err
		}
	}
	if c.SetFrozen {
		if err := t.exec(`UPDATE standings SET frozen = ?, updated_height = ? WHERE address = ?`, c.Frozen, c.Height, c.Address); err != nil {
			return err
		}
	}
	return nil
}

// NodesOwnedBy returns the active nodes of owner, by id.
func (t *BlockTx) NodesOwnedBy(owner string) ([]Node, error) {
	rows, err := t.tx.QueryContext(t.ctx, t.s.rebind(`SELECT `+nodeCols+` FROM mesh_nodes WHERE owner = ? AND active = ? ORDER BY node_id`), owner, true)
	if err != nil {
		return nil, fmt.Errorf("store: nodes: %w", err)
	}
	return scanNodes(rows)
}

// Party returns an account's forge history (zero when none).
func (t *BlockTx) Party(addr string) (Party, error) {
	return scanParty(t.tx.QueryRowContext(t.ctx, t.s.rebind(`SELECT `+partyCols+` FROM forge_parties WHERE address = ?`), addr), addr)
}

// InsertActions records proposed actions as planned. An action whose id is
// already in the log is left as it is (a block processed again after a
// crash proposes the same ids).
func (t *BlockTx) InsertActions(actions []Action) error {
	now := ms(t.s.now())
	for _, a := range actions {
		cps, err := json.Marshal(a.Counterparties)
		if err != nil {
			return err
		}
		if err := t.exec(`INSERT INTO actions (id, kind, planner, cause_height, msg_type, msg, subject, counterparties, value, summary, status, rule, article, reason, tx_hash, included_height, attempts, created_ms, updated_ms, signed_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0, '', '', 0, 0, ?, ?, 0) ON CONFLICT (id) DO NOTHING`,
			a.ID, a.Kind, a.Planner, a.CauseHeight, a.MsgType, base64.StdEncoding.EncodeToString(a.Msg), a.Subject, string(cps), a.Value, a.Summary, ActionPlanned, now, now); err != nil {
			return err
		}
	}
	return nil
}
