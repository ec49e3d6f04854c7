// Package reconcile is the reconciliation planner (Heal): every x/ledger
// checkpoint the agent perceives becomes a check, recorded with its block;
// the Reconciler then runs each check off the block path:
//
//  1. proof — the checkpoint is proven against the validators' signatures
//     (Verifier: client/lightproof from a trust root) and must be the one the event
//     announced (hash, entries hash, sequence range);
//  2. chain — it must continue the previous checkpoint the agent checked
//     (previous_hash, start_hash);
//  3. entries — its journal entries, fetched over gRPC, must recompute its
//     entries hash from its start hash (skipped above max_entries);
//  4. totals — the PIVC the journal entries carry must equal the PIVC the
//     agent saw captured in events (EventFeeCaptured) since the previous
//     checkpoint, per denom.
//
// A mismatch is recorded with both values, counted in metrics, shown in
// /status and logged. A check that could not run (node unreachable, height
// pruned) is recorded as an error and retried.
package reconcile

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	sdkmath "cosmossdk.io/math"

	"github.com/azora-os/nexus/agent/chain"
	"github.com/azora-os/nexus/agent/store"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
)

// ErrProof marks a checkpoint whose proof did not verify.
var ErrProof = errors.New("checkpoint proof failed")

// Verifier proves the checkpoint recorded at a height against the
// validators' signatures and returns it with a one-line summary of the proof.
type Verifier interface {
	VerifyCheckpoint(ctx context.Context, height int64) (ledgertypes.Checkpoint, string, error)
}

// Entries fetches journal entries by sequence.
type Entries interface {
	Entries(ctx context.Context, first, last uint64) ([]ledgertypes.JournalEntry, error)
}

// Result is one check's outcome.
type Result struct {
	Height int64
	Status string // store.CheckOK, CheckMismatch or CheckError
	Proof  string
	Detail string
}

// Reconciler runs the checks.
type Reconciler struct {
	Store      *store.Store
	Verifier   Verifier
	Entries    Entries
	MaxEntries int
	Log        *slog.Logger
	// OnResult is told every outcome (metrics, status).
	OnResult func(Result)
}

// RunOnce checks every pending (or previously failed) checkpoint, oldest
// first, and returns how many it checked.
func (r *Reconciler) RunOnce(ctx context.Context) (int, error) {
	cps, err := r.Store.CheckpointsToReconcile(ctx, 50)
	if err != nil {
		return 0, err
	}
	for _, cp := range cps {
		res := r.Check(ctx, cp)
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		if err := r.Store.SetCheckpointResult(ctx, res.Height, res.Status, res.Proof, res.Detail); err != nil {
			return 0, err
		}
		switch res.Status {
		case store.CheckMismatch:
			r.Log.Error("reconciliation MISMATCH", "checkpoint", res.Height, "detail", res.Detail)
		case store.CheckError:
			r.Log.Warn("reconciliation could not run", "checkpoint", res.Height, "detail", res.Detail)
		default:
			r.Log.Info("checkpoint reconciled", "checkpoint", res.Height, "proof", res.Proof)
		}
		if r.OnResult != nil {
			r.OnResult(res)
		}
	}
	return len(cps), nil
}

// Run checks pending checkpoints every interval until ctx is done.
func (r *Reconciler) Run(ctx context.Context, interval time.Duration, wake <-chan struct{}) {
	for {
		if _, err := r.RunOnce(ctx); err != nil && ctx.Err() == nil {
			r.Log.Warn("reconciliation", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(interval):
		}
	}
}

// Check runs the four steps on one checkpoint.
func (r *Reconciler) Check(ctx context.Context, seen store.Checkpoint) Result {
	res := Result{Height: seen.Height}
	var mism []string

	// 1. proof
	cp, proof, err := r.Verifier.VerifyCheckpoint(ctx, seen.Height)
	if err != nil {
		if errors.Is(err, ErrProof) {
			res.Status, res.Detail = store.CheckMismatch, err.Error()
			return res
		}
		res.Status, res.Detail = store.CheckError, err.Error()
		return res
	}
	res.Proof = proof
	if got := hex.EncodeToString(cp.Hash); got != seen.Hash {
		mism = append(mism, fmt.Sprintf("hash: event %s, proven %s", seen.Hash, got))
	}
	if got := hex.EncodeToString(cp.EntriesHash); got != seen.EntriesHash {
		mism = append(mism, fmt.Sprintf("entries hash: event %s, proven %s", seen.EntriesHash, got))
	}
	if cp.FirstSequence != seen.FirstSequence || cp.LastSequence != seen.LastSequence {
		mism = append(mism, fmt.Sprintf("sequences: event %d..%d, proven %d..%d", seen.FirstSequence, seen.LastSequence, cp.FirstSequence, cp.LastSequence))
	}
	var notes []string
	if !cp.Reconciled {
		notes = append(notes, fmt.Sprintf("the chain's own reconciliation reported %d mismatches", cp.Mismatches))
	}

	// 2. chain of checkpoints
	prev, err := r.Store.PreviousCheckpoint(ctx, seen.Height)
	havePrev := err == nil
	switch {
	case err != nil && !errors.Is(err, store.ErrNotFound):
		res.Status, res.Detail = store.CheckError, err.Error()
		return res
	case havePrev:
		if got := hex.EncodeToString(cp.PreviousHash); got != prev.Hash {
			mism = append(mism, fmt.Sprintf("previous hash: proven %s, previous checkpoint %d has %s", got, prev.Height, prev.Hash))
		}
		if got := hex.EncodeToString(cp.StartHash); got != prev.EntriesHash {
			mism = append(mism, fmt.Sprintf("start hash: proven %s, previous checkpoint %d ended at %s", got, prev.Height, prev.EntriesHash))
		}
	}

	// 3. entries
	var entryFees map[string]sdkmath.Int
	switch {
	case cp.EntryCount == 0:
		entryFees = map[string]sdkmath.Int{}
	case r.MaxEntries > 0 && cp.EntryCount <= uint64(r.MaxEntries):
		entries, err := r.Entries.Entries(ctx, cp.FirstSequence, cp.LastSequence)
		if err != nil {
			res.Status, res.Detail = store.CheckError, fmt.Sprintf("fetch entries %d..%d: %s", cp.FirstSequence, cp.LastSequence, err)
			return res
		}
		if err := cp.VerifyCheckpoint(entries); err != nil {
			mism = append(mism, "entries: "+err.Error())
		} else {
			entryFees = map[string]sdkmath.Int{}
			for _, e := range entries {
				for _, c := range e.Fee {
					if cur, ok := entryFees[c.Denom]; ok {
						entryFees[c.Denom] = cur.Add(c.Amount)
					} else {
						entryFees[c.Denom] = c.Amount
					}
				}
			}
		}
	default:
		notes = append(notes, fmt.Sprintf("%d entries > max_entries %d: hash chain and totals not recomputed", cp.EntryCount, r.MaxEntries))
	}

	// 4. totals seen in events vs the journal
	if entryFees != nil {
		if havePrev {
			seenFees, _, err := r.Store.FeeTotals(ctx, prev.Height, seen.Height)
			if err != nil {
				res.Status, res.Detail = store.CheckError, err.Error()
				return res
			}
			if d := diffTotals(seenFees, entryFees); d != "" {
				mism = append(mism, "PIVC totals: "+d)
			}
		} else {
			notes = append(notes, "first checkpoint seen: totals since the previous one not compared")
		}
	}

	if len(mism) > 0 {
		res.Status, res.Detail = store.CheckMismatch, strings.Join(append(mism, notes...), "; ")
		return res
	}
	res.Status, res.Detail = store.CheckOK, strings.Join(notes, "; ")
	return res
}

// diffTotals compares per-denom totals; "" when equal.
func diffTotals(seen, journal map[string]sdkmath.Int) string {
	denoms := map[string]bool{}
	for d := range seen {
		denoms[d] = true
	}
	for d := range journal {
		denoms[d] = true
	}
	keys := make([]string, 0, len(denoms))
	for d := range denoms {
		keys = append(keys, d)
	}
	sort.Strings(keys)
	var out []string
	for _, d := range keys {
		a, b := seen[d], journal[d]
		if a.IsNil() {
			a = sdkmath.ZeroInt()
		}
		if b.IsNil() {
			b = sdkmath.ZeroInt()
		}
		if !a.Equal(b) {
			out = append(out, fmt.Sprintf("%s: events %s, journal %s", d, a, b))
		}
	}
	return strings.Join(out, ", ")
}

// GRPCEntries fetches entries over gRPC, several at a time.
type GRPCEntries struct {
	Client *chain.Client
	// Parallel is the number of concurrent requests (default 8).
	Parallel int
}

// Entries implements Entries.
func (g *GRPCEntries) Entries(ctx context.Context, first, last uint64) ([]ledgertypes.JournalEntry, error) {
	n := int(last - first + 1)
	out := make([]ledgertypes.JournalEntry, n)
	par := g.Parallel
	if par <= 0 {
		par = 8
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		ferr error
		next = make(chan int)
	)
	for w := 0; w < par; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				seq := first + uint64(i) //nolint:gosec // i < n
				err := g.Client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
					resp, err := ledgertypes.NewQueryClient(cn.GRPC).Entry(ctx, &ledgertypes.QueryEntryRequest{Sequence: seq})
					if err != nil {
						return err
					}
					out[i] = resp.Entry
					return nil
				})
				if err != nil {
					mu.Lock()
					if ferr == nil {
						ferr = fmt.Errorf("entry %d: %w", seq, err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		mu.Lock()
		failed := ferr != nil
		mu.Unlock()
		if failed || ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if ferr != nil {
		return nil, ferr
	}
	return out, ctx.Err()
}
