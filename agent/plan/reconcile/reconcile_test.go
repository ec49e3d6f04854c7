package reconcile_test

import (
	"context"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/agent/plan/reconcile"
	"github.com/azora-os/nexus/agent/store"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
)

// journal builds n entries from start with the given fees, and the
// checkpoint over them, the way x/ledger does.
func journal(t *testing.T, height int64, first uint64, start []byte, prevHash []byte, fees ...int64) (ledgertypes.Checkpoint, []ledgertypes.JournalEntry) {
	t.Helper()
	h := start
	var entries []ledgertypes.JournalEntry
	for i, f := range fees {
		e := ledgertypes.JournalEntry{Sequence: first + uint64(i), Height: height - 1, From: "a", To: "b",
			Coins: sdk.NewCoins(sdk.NewInt64Coin("uazr", 100)), Fee: sdk.NewCoins(sdk.NewInt64Coin("uazr", f))}
		next, err := ledgertypes.EntryHash(h, e)
		require.NoError(t, err)
		e.Hash, h = next, next
		entries = append(entries, e)
	}
	cp := ledgertypes.Checkpoint{Height: height, FirstSequence: first, LastSequence: first + uint64(len(fees)) - 1, EntryCount: uint64(len(fees)),
		StartHash: start, EntriesHash: h, PreviousHash: prevHash, Reconciled: true}
	hash, err := ledgertypes.CheckpointHash(cp)
	require.NoError(t, err)
	cp.Hash = hash
	return cp, entries
}

type fakeVerifier struct {
	cps map[int64]ledgertypes.Checkpoint
	err error
}

func (f *fakeVerifier) VerifyCheckpoint(_ context.Context, h int64) (ledgertypes.Checkpoint, string, error) {
	if f.err != nil {
		return ledgertypes.Checkpoint{}, "", f.err
	}
	return f.cps[h], "proven", nil
}

type fakeEntries struct{ all []ledgertypes.JournalEntry }

func (f *fakeEntries) Entries(_ context.Context, first, last uint64) ([]ledgertypes.JournalEntry, error) {
	var out []ledgertypes.JournalEntry
	for _, e := range f.all {
		if e.Sequence >= first && e.Sequence <= last {
			out = append(out, e)
		}
	}
	return out, nil
}

func seen(cp ledgertypes.Checkpoint) store.Checkpoint {
	return store.Checkpoint{Height: cp.Height, FirstSequence: cp.FirstSequence, LastSequence: cp.LastSequence,
		EntriesHash: hex.EncodeToString(cp.EntriesHash), Hash: hex.EncodeToString(cp.Hash), ChainReconciled: true}
}

// TestReconcile: checkpoints proven, chained and recomputed reconcile; a
// difference between the fees seen in events and the journal's is a
// mismatch that names both values; a proof failure is a mismatch; an
// unreachable node is an error, retried later.
func TestReconcile(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.SQLite, filepath.Join(t.TempDir(), "a.db"))
	require.NoError(t, err)
	defer func() { _ = st.Close() }()
	_, err = st.InitChain(ctx, "c")
	require.NoError(t, err)

	cp10, e10 := journal(t, 10, 1, ledgertypes.GenesisHash(), nil, 5, 5)
	cp20, e20 := journal(t, 20, 3, cp10.EntriesHash, cp10.Hash, 5, 7)
	cp30, e30 := journal(t, 30, 5, cp20.EntriesHash, cp20.Hash, 9)
	// Fees seen in events per block: 10 by block 10, 12 by 20, only 8 by 30
	// (one capture of 9 "seen" as 8).
	for h := int64(1); h <= 30; h++ {
		d := &store.BlockData{Block: store.Block{Height: h, Time: time.Unix(h, 0)}}
		fee := map[int64]int64{9: 10, 19: 12, 29: 8}[h]
		if fee > 0 {
			d.Changes.Fees = map[string]*store.FeeDelta{"uazr": {Amount: sdkmath.NewInt(fee), Captures: 1}}
		}
		switch h {
		case 10:
			d.Changes.Checkpoints = []store.Checkpoint{seen(cp10)}
		case 20:
			d.Changes.Checkpoints = []store.Checkpoint{seen(cp20)}
		case 30:
			d.Changes.Checkpoints = []store.Checkpoint{seen(cp30)}
		}
		require.NoError(t, st.ProcessBlock(ctx, d, nil))
	}

	ver := &fakeVerifier{cps: map[int64]ledgertypes.Checkpoint{10: cp10, 20: cp20, 30: cp30}}
	var results []reconcile.Result
	r := &reconcile.Reconciler{
		Store: st, Verifier: ver, Entries: &fakeEntries{all: append(append(e10, e20...), e30...)}, MaxEntries: 100,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), OnResult: func(res reconcile.Result) { results = append(results, res) },
	}
	n, err := r.RunOnce(ctx)
	require.NoError(t, err)
	require.Equal(t, 3, n)
	require.Equal(t, store.CheckOK, results[0].Status)
	require.Contains(t, results[0].Detail, "first checkpoint seen")
	require.Equal(t, store.CheckOK, results[1].Status, results[1].Detail)
	require.Equal(t, store.CheckMismatch, results[2].Status)
	require.Contains(t, results[2].Detail, "PIVC totals: uazr: events 8, journal 9")

	cps, err := st.Checkpoints(ctx, 10)
	require.NoError(t, err)
	require.Equal(t, store.CheckMismatch, cps[0].Status)
	require.Equal(t, store.CheckOK, cps[1].Status)

	// A tampered entry breaks the hash chain.
	bad := append([]ledgertypes.JournalEntry(nil), e20...)
	bad[1].Fee = sdk.NewCoins(sdk.NewInt64Coin("uazr", 6))
	r.Entries = &fakeEntries{all: bad}
	res := r.Check(ctx, seen(cp20))
	require.Equal(t, store.CheckMismatch, res.Status)
	require.Contains(t, res.Detail, "entries:")

	// A checkpoint that does not continue the previous one.
	other, _ := journal(t, 20, 3, make([]byte, 32), cp10.Hash, 5, 7)
	ver.cps[20] = other
	r.Entries = &fakeEntries{all: e20}
	res = r.Check(ctx, seen(other))
	require.Equal(t, store.CheckMismatch, res.Status)
	require.Contains(t, res.Detail, "start hash")

	// The event and the proven value disagree.
	ver.cps[20] = cp20
	s := seen(cp20)
	s.Hash = "00"
	res = r.Check(ctx, s)
	require.Equal(t, store.CheckMismatch, res.Status)
	require.Contains(t, res.Detail, "hash: event 00, proven "+hex.EncodeToString(cp20.Hash))

	// Proof failure: mismatch. Node away: error (retried).
	ver.err = errors.Join(reconcile.ErrProof, errors.New("app hash differs"))
	require.Equal(t, store.CheckMismatch, r.Check(ctx, seen(cp20)).Status)
	ver.err = errors.New("connection refused")
	require.Equal(t, store.CheckError, r.Check(ctx, seen(cp20)).Status)
}
