package act

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	cmtbytes "github.com/cometbft/cometbft/libs/bytes"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/agent/chain"
	"github.com/azora-os/nexus/agent/config"
	"github.com/azora-os/nexus/agent/governor"
	"github.com/azora-os/nexus/agent/store"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// Metrics is what the actor reports.
type Metrics interface {
	ActionOutcome(status, rule string, n int)
}

// Actor signs, broadcasts and follows actions.
type Actor struct {
	Cfg      config.Act
	Store    *store.Store
	Client   *chain.Client
	Signer   *Signer
	Governor *governor.Governor
	Log      *slog.Logger
	Metrics  Metrics
	Fail     Failpoints
	// Ready says whether perceive has caught up; new actions are signed only
	// then (pending ones are always followed).
	Ready func() bool

	wake chan struct{}
	// rebroadcast remembers when each pending tx was last (re)broadcast.
	rebroadcast map[string]time.Time
}

// Wake asks the actor to look at once (a new block, a Tx event).
func (a *Actor) Wake() {
	if a.wake == nil {
		return
	}
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

// Init prepares the wake channel; call before Run and Wake.
func (a *Actor) Init() {
	a.wake = make(chan struct{}, 1)
	a.rebroadcast = map[string]time.Time{}
}

// Run acts until ctx is done.
func (a *Actor) Run(ctx context.Context) {
	for ctx.Err() == nil {
		if err := a.Step(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("act", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-a.wake:
		case <-time.After(a.Cfg.PollInterval.Duration):
		}
	}
}

// Step does one round: follow the pending tx if there is one, else review
// planned actions and sign and broadcast a batch. One tx is in flight at a
// time, so sequences never race.
func (a *Actor) Step(ctx context.Context) error {
	pending, err := a.Store.PendingTxs(ctx)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		for _, t := range pending {
			if err := a.follow(ctx, t); err != nil {
				return err
			}
		}
		return nil
	}
	if a.Ready != nil && !a.Ready() {
		return nil
	}
	return a.round(ctx)
}

// follow finds out what became of a signed tx: included (its actions
// included), failed on chain, or — once the chain is past its timeout
// height without it — dropped for good (its actions signed again). While
// neither is known it broadcasts the same bytes again now and then.
func (a *Actor) follow(ctx context.Context, t store.Tx) error {
	var (
		found  bool
		height int64
		code   uint32
		log    string
	)
	err := a.Client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := cn.RPC.Tx(ctx, hexBytes(t.Hash), false)
		if err != nil {
			if strings.Contains(err.Error(), "not found") {
				return nil
			}
			return err
		}
		found, height, code, log = true, res.Height, res.TxResult.Code, res.TxResult.Log
		return nil
	})
	if err != nil {
		return fmt.Errorf("look up tx %s: %w", t.Hash, err)
	}
	if found {
		a.Fail.Hit(FailAfterInclusion)
		if code == 0 {
			if err := a.Store.ResolveTx(ctx, t.Hash, store.TxIncluded, height, 0, "", a.Cfg.MaxAttempts); err != nil {
				return err
			}
			n := a.countOf(ctx, t.Hash)
			a.Log.Info("tx included", "tx", t.Hash, "height", height, "actions", n)
			a.Metrics.ActionOutcome(store.ActionIncluded, "", n)
			delete(a.rebroadcast, t.Hash)
			return nil
		}
		// Failed on chain. Actions whose ids the chain has anyway (a
		// duplicate after a lost log) are included; the rest are retried.
		if err := a.markApplied(ctx, t.Hash); err != nil {
			return err
		}
		a.Log.Warn("tx failed on chain", "tx", t.Hash, "height", height, "code", code, "log", log)
		a.Metrics.ActionOutcome(store.ActionFailed, "chain", 1)
		delete(a.rebroadcast, t.Hash)
		return a.Store.ResolveTx(ctx, t.Hash, store.TxFailed, height, code, log, a.Cfg.MaxAttempts)
	}

	latest, err := a.latest(ctx)
	if err != nil {
		return err
	}
	if latest > t.TimeoutHeight {
		// The chain is past the tx's timeout height: it can never be
		// included. What the chain has of its actions is included anyway
		// (by another tx, after a lost log); the rest are signed again.
		if err := a.markApplied(ctx, t.Hash); err != nil {
			return err
		}
		a.Log.Warn("tx dropped: past its timeout height", "tx", t.Hash, "timeout_height", t.TimeoutHeight, "height", latest)
		delete(a.rebroadcast, t.Hash)
		return a.Store.ResolveTx(ctx, t.Hash, store.TxDropped, 0, 0, fmt.Sprintf("not included by timeout height %d", t.TimeoutHeight), a.Cfg.MaxAttempts)
	}
	if last, ok := a.rebroadcast[t.Hash]; !ok || time.Since(last) > 5*time.Second {
		// Same bytes, same hash, same sequence: broadcasting again can only
		// put the one tx in a mempool, never a second one.
		a.rebroadcast[t.Hash] = time.Now()
		code, log, err := a.broadcast(ctx, t.Raw)
		switch {
		case err != nil:
			a.Log.Debug("rebroadcast", "tx", t.Hash, "err", err)
		case code == 0 || code == sdkerrors.ErrTxInMempoolCache.ABCICode():
		case code == sdkerrors.ErrWrongSequence.ABCICode():
			// Its sequence is used: by this tx (the lookup raced the block)
			// or by another. The next look finds it, or the timeout drops it.
		default:
			a.Log.Debug("rebroadcast refused", "tx", t.Hash, "code", code, "log", log)
		}
	}
	return nil
}

func (a *Actor) countOf(ctx context.Context, hash string) int {
	as, err := a.Store.ActionsOfTx(ctx, hash)
	if err != nil {
		return 0
	}
	return len(as)
}

// markApplied records as included each signed action of tx hash that the
// chain reports applied.
func (a *Actor) markApplied(ctx context.Context, hash string) error {
	as, err := a.Store.ActionsOfTx(ctx, hash)
	if err != nil {
		return err
	}
	for _, x := range as {
		if x.Status != store.ActionSigned {
			continue
		}
		used, h, err := a.Signer.ActionApplied(ctx, x.ID)
		if err != nil {
			return err
		}
		if used {
			if err := a.Store.MarkIncluded(ctx, []string{x.ID}, h, ""); err != nil {
				return err
			}
			a.Metrics.ActionOutcome(store.ActionIncluded, "", 1)
		}
	}
	return nil
}

func (a *Actor) latest(ctx context.Context) (int64, error) {
	var h int64
	err := a.Client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		st, err := cn.RPC.Status(ctx)
		if err != nil {
			return err
		}
		h = st.SyncInfo.LatestBlockHeight
		return nil
	})
	return h, err
}

func (a *Actor) broadcast(ctx context.Context, raw []byte) (uint32, string, error) {
	var (
		code uint32
		log  string
	)
	err := a.Client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := cn.RPC.BroadcastTxSync(ctx, raw)
		if err != nil {
			return err
		}
		code, log = res.Code, res.Log
		return nil
	})
	return code, log, err
}

func hexBytes(h string) cmtbytes.HexBytes {
	b, _ := hex.DecodeString(h)
	return b
}

type approved struct {
	action store.Action
	msg    sdk.Msg
}

// round reviews planned actions and signs one batch.
func (a *Actor) round(ctx context.Context) error {
	planned, err := a.Store.PlannedActions(ctx, a.Cfg.BatchSize*2)
	if err != nil || len(planned) == 0 {
		return err
	}
	r, err := a.Governor.NewRound(ctx)
	if err != nil {
		return err
	}
	var batch []approved
	for _, x := range planned {
		if len(batch) >= a.Cfg.BatchSize {
			break
		}
		msg, err := DecodeMsg(x.MsgType, x.Msg)
		if err != nil {
			if err := a.Store.RefuseAction(ctx, x.ID, "act.decode", 0, err.Error()); err != nil {
				return err
			}
			a.Metrics.ActionOutcome(store.ActionRefused, "act.decode", 1)
			continue
		}
		d, err := a.Governor.Review(ctx, r, x, msg)
		if err != nil {
			return fmt.Errorf("governor: action %s: %w", x.ID, err)
		}
		switch d.Verdict {
		case governor.Approve:
			batch = append(batch, approved{x, msg})
		case governor.Refuse:
			a.Log.Warn("action refused by the governor", "action", x.ID, "rule", d.Rule, "article", d.Article, "reason", d.Reason)
			if err := a.Store.RefuseAction(ctx, x.ID, d.Rule, d.Article, d.Reason); err != nil {
				return err
			}
			a.Metrics.ActionOutcome(store.ActionRefused, d.Rule, 1)
		case governor.AlreadyApplied:
			used, h, err := a.Signer.ActionApplied(ctx, x.ID)
			if err != nil {
				return err
			}
			if used {
				a.Log.Info("action already on chain", "action", x.ID, "height", h)
				if err := a.Store.MarkIncluded(ctx, []string{x.ID}, h, ""); err != nil {
					return err
				}
				a.Metrics.ActionOutcome(store.ActionIncluded, "", 1)
			}
		case governor.Defer:
			a.Log.Info("actions wait for the rate limit", "rule", d.Rule, "reason", d.Reason)
			goto sign
		}
	}
sign:
	if len(batch) == 0 {
		return nil
	}
	return a.signAndBroadcast(ctx, batch)
}

// msgsOf packs a batch into one tx's messages, in action order: feedback
// into one MsgSubmitFeedbackBatch when the policy allows it and there is
// more than one (else each MsgSubmitFeedback as it is), model commits and
// analysis records each as they are. The tx is all or nothing.
func (a *Actor) msgsOf(batch []approved) []sdk.Msg {
	var (
		items    []meshtypes.FeedbackItem
		feedback []sdk.Msg
		others   []sdk.Msg
	)
	for _, b := range batch {
		if fb, ok := b.msg.(*meshtypes.MsgSubmitFeedback); ok {
			items = append(items, fb.Item())
			feedback = append(feedback, fb)
			continue
		}
		others = append(others, b.msg)
	}
	if len(items) > 1 && a.Governor.Allowed(MsgSubmitFeedbackBatch) {
		feedback = []sdk.Msg{&meshtypes.MsgSubmitFeedbackBatch{Reporter: a.Signer.Address(), Items: items}}
	}
	return append(feedback, others...)
}

func (a *Actor) signAndBroadcast(ctx context.Context, batch []approved) error {
	msgs := a.msgsOf(batch)
	used, err := a.Signer.Simulate(ctx, msgs)
	if err != nil {
		var se *SimError
		if errors.As(err, &se) && len(batch) > 1 {
			// The batch fails where each item passed: sign the first alone;
			// the rest are reviewed again next round.
			a.Log.Warn("batch simulation failed; signing the first action alone", "err", err)
			batch = batch[:1]
			msgs = []sdk.Msg{batch[0].msg}
			used, err = a.Signer.Simulate(ctx, msgs)
		}
		if err != nil {
			return fmt.Errorf("simulate batch: %w", err)
		}
	}
	number, seq, err := a.Signer.Account(ctx)
	if err != nil {
		return err
	}
	latest, err := a.latest(ctx)
	if err != nil {
		return err
	}
	signed, err := a.Signer.Sign(number, seq, a.Signer.GasFor(used), latest+a.Cfg.TimeoutBlocks, msgs)
	if err != nil {
		return err
	}
	ids := make([]string, len(batch))
	for i, b := range batch {
		ids[i] = b.action.ID
	}
	// The signed tx and its actions are in the log before anything leaves
	// the process.
	if err := a.Store.RecordSigned(ctx, store.Tx{Hash: signed.Hash, Raw: signed.Raw, Sequence: signed.Sequence, TimeoutHeight: signed.TimeoutHeight}, ids); err != nil {
		return err
	}
	a.Metrics.ActionOutcome(store.ActionSigned, "", len(ids))
	a.Fail.Hit(FailBeforeBroadcast)
	a.rebroadcast[signed.Hash] = time.Now()
	code, log, err := a.broadcast(ctx, signed.Raw)
	if err != nil {
		// Unknown outcome: the tx may be in a mempool. follow() finds out.
		a.Log.Warn("broadcast: outcome unknown", "tx", signed.Hash, "err", err)
		return nil
	}
	switch {
	case code == 0 || code == sdkerrors.ErrTxInMempoolCache.ABCICode():
		a.Log.Info("tx broadcast", "tx", signed.Hash, "actions", len(ids), "sequence", seq, "timeout_height", signed.TimeoutHeight)
		a.Fail.Hit(FailAfterBroadcast)
		return nil
	case code == sdkerrors.ErrWrongSequence.ABCICode():
		// Refused by CheckTx, so in no mempool: safe to sign again.
		a.Log.Warn("sequence mismatch; signing again", "tx", signed.Hash, "log", log)
		return a.Store.ResolveTx(ctx, signed.Hash, store.TxDropped, 0, code, log, a.Cfg.MaxAttempts)
	default:
		a.Log.Warn("tx refused by CheckTx", "tx", signed.Hash, "code", code, "log", log)
		a.Metrics.ActionOutcome(store.ActionFailed, "checktx", len(ids))
		return a.Store.ResolveTx(ctx, signed.Hash, store.TxFailed, 0, code, log, a.Cfg.MaxAttempts)
	}
}
