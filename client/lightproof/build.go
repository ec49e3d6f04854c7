package lightproof

import (
	"context"
	"errors"
	"fmt"
	"time"

	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	"github.com/cometbft/cometbft/light"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/client/storeproof"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// Source is the part of a CometBFT RPC client (e.g. the SDK's
// client.CometRPC or cometbft's rpc/client/http) a proof is fetched with.
// Nothing it returns is trusted: Verify checks the document built from it.
type Source interface {
	ABCIQueryWithOptions(ctx context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error)
	Commit(ctx context.Context, height *int64) (*coretypes.ResultCommit, error)
	Validators(ctx context.Context, height *int64, page, perPage *int) (*coretypes.ResultValidators, error)
	Status(ctx context.Context) (*coretypes.ResultStatus, error)
}

// BuildOptions say how to fetch a proof.
type BuildOptions struct {
	// From is the height of the first light block: the trust root's (the
	// genesis's initial height, or the trusted block's). 0 means the
	// earliest block the node has (the chain's first unless it pruned
	// blocks).
	From int64
	// Wait is how long to wait for block H+1, whose app hash commits to
	// the state at H.
	Wait time.Duration
}

// ProveCheckpoint fetches a proof of x/ledger's checkpoint at height,
// proven as stored at stateHeight (0: the checkpoint's own height).
func ProveCheckpoint(ctx context.Context, src Source, height, stateHeight int64, opts BuildOptions) (*Document, error) {
	if height <= 0 {
		return nil, fmt.Errorf("checkpoint height %d: must be positive", height)
	}
	if stateHeight == 0 {
		stateHeight = height
	}
	if stateHeight < height {
		return nil, fmt.Errorf("a checkpoint of height %d is in the state from height %d on, not at %d", height, height, stateHeight)
	}
	return prove(ctx, src, Subject{LedgerCheckpoint: &CheckpointSubject{Height: height}},
		ledgertypes.StoreKey, ledgertypes.CheckpointStoreKey(height), stateHeight, opts)
}

// ProveEntry fetches a proof of x/ledger's journal entry sequence as stored
// at stateHeight (0: the node's latest). An entry that is not in the state
// is an error: unlike a checkpoint's or a node's, its absence cannot be
// proven in general (the key after the newest entry is an account-index
// key with an empty value, which ICS-23 cannot use as a neighbour).
func ProveEntry(ctx context.Context, src Source, sequence uint64, stateHeight int64, opts BuildOptions) (*Document, error) {
	if sequence == 0 {
		return nil, errors.New("entry sequence 0: entries start at 1")
	}
	doc, err := prove(ctx, src, Subject{LedgerEntry: &EntrySubject{Sequence: sequence}},
		ledgertypes.StoreKey, ledgertypes.EntryStoreKey(sequence), stateHeight, opts)
	if err != nil {
		return nil, err
	}
	if !doc.StoreProof.Exists {
		return nil, ledgertypes.ErrEntryNotFound.Wrapf("journal entry %d is not in the state at height %d (not written yet, or pruned)", sequence, doc.StoreProof.Height)
	}
	return doc, nil
}

// ProveNode fetches a proof of x/mesh's node id as stored at stateHeight
// (0: the node's latest).
func ProveNode(ctx context.Context, src Source, id string, stateHeight int64, opts BuildOptions) (*Document, error) {
	if err := meshtypes.ValidateNodeID(id); err != nil {
		return nil, err
	}
	return prove(ctx, src, Subject{MeshNode: &NodeSubject{ID: id}}, meshtypes.StoreKey, meshtypes.NodeStoreKey(id), stateHeight, opts)
}

// prove fetches the value under key with its store proof at stateHeight and
// the light path from opts.From to block stateHeight+1.
func prove(ctx context.Context, src Source, subject Subject, store string, key []byte, stateHeight int64, opts BuildOptions) (*Document, error) {
	if stateHeight != 0 && stateHeight < 2 {
		return nil, fmt.Errorf("height %d: proofs need height 2 or more; wait for the next block", stateHeight)
	}
	// With no height the app answers at its last committed height and says
	// which (CometBFT's status may already name a block the app has not
	// committed, whose state cannot be queried yet).
	q, err := src.ABCIQueryWithOptions(ctx, storeproof.QueryPath(store), key, rpcclient.ABCIQueryOptions{Height: stateHeight, Prove: true})
	if err != nil {
		return nil, fmt.Errorf("abci query: %w", err)
	}
	if !q.Response.IsOK() {
		return nil, fmt.Errorf("abci query: code %d (%s): %s", q.Response.Code, q.Response.Codespace, q.Response.Log)
	}
	if stateHeight == 0 {
		stateHeight = q.Response.Height
	}
	if q.Response.ProofOps == nil || len(q.Response.ProofOps.Ops) == 0 {
		return nil, fmt.Errorf("the node returned no proof at height %d (is that height pruned?)", stateHeight)
	}
	sp := StoreProof{Store: store, Key: key, Height: stateHeight, Exists: len(q.Response.Value) > 0}
	if sp.Exists {
		sp.Value = q.Response.Value
	}
	for _, op := range q.Response.ProofOps.Ops {
		sp.ProofOps = append(sp.ProofOps, ProofOp{Type: op.Type, Key: op.Key, Data: op.Data})
	}
	blocks, err := LightPath(ctx, src, opts.From, stateHeight+1, opts.Wait)
	if err != nil {
		return nil, err
	}
	return &Document{
		Format:      Format,
		ChainID:     blocks[0].SignedHeader.ChainID,
		Subject:     subject,
		LightBlocks: blocks,
		StoreProof:  sp,
	}, nil
}

// LightPath fetches the light blocks from height from (0: the node's
// earliest) to height to, as few as CometBFT's skipping verification needs:
// it tries to reach `to` from the last block it has and, where the
// validators of that block hold 1/3 or less of the power that signed the
// target, bisects (as the light client does). A block's validator set is
// kept only where it differs from the previous block's (the first always
// has one). It waits up to wait for block `to`.
func LightPath(ctx context.Context, src Source, from, to int64, wait time.Duration) ([]LightBlock, error) {
	if from == 0 {
		st, err := src.Status(ctx)
		if err != nil {
			return nil, fmt.Errorf("status: %w", err)
		}
		from = st.SyncInfo.EarliestBlockHeight
	}
	if from <= 0 || from > to {
		return nil, fmt.Errorf("the light path would start at block %d, after block %d: prove a later state or start from an earlier trusted block", from, to)
	}
	f := &fetcher{src: src, cache: map[int64]*verifiedBlock{}}
	if _, err := f.block(ctx, to, wait); err != nil {
		return nil, err
	}
	root, err := f.block(ctx, from, 0)
	if err != nil {
		return nil, err
	}
	path := []*verifiedBlock{root}
	trusted := root
	now := time.Now()
	for trusted.sh.Height < to {
		h := to
		for {
			cand, err := f.block(ctx, h, 0)
			if err != nil {
				return nil, err
			}
			_, err = verifyHop(trusted.sh.ChainID, trusted, cand, unbounded, now)
			if err == nil {
				path = append(path, cand)
				trusted = cand
				break
			}
			var cannot light.ErrNewValSetCantBeTrusted
			if errors.As(err, &cannot) && h > trusted.sh.Height+1 {
				h = trusted.sh.Height + (h-trusted.sh.Height)/2
				continue
			}
			return nil, fmt.Errorf("the node's block %d does not verify from its block %d: %w", cand.sh.Height, trusted.sh.Height, err)
		}
	}
	out := make([]LightBlock, len(path))
	for i, b := range path {
		out[i] = LightBlock{SignedHeader: b.sh}
		if i == 0 || string(b.vals.Hash()) != string(path[i-1].vals.Hash()) {
			out[i].ValidatorSet = b.vals
		}
	}
	return out, nil
}

// fetcher fetches and caches signed headers with their validator sets.
type fetcher struct {
	src   Source
	cache map[int64]*verifiedBlock
}

func (f *fetcher) block(ctx context.Context, h int64, wait time.Duration) (*verifiedBlock, error) {
	if b, ok := f.cache[h]; ok {
		return b, nil
	}
	c, err := f.commit(ctx, h, wait)
	if err != nil {
		return nil, err
	}
	sh := c.SignedHeader
	if sh.Header == nil || sh.Commit == nil {
		return nil, fmt.Errorf("block %d: the node returned an incomplete signed header", h)
	}
	vals, err := f.validators(ctx, h)
	if err != nil {
		return nil, err
	}
	b := &verifiedBlock{sh: &sh, vals: vals}
	f.cache[h] = b
	return b, nil
}

// commit polls for the signed header of block h until wait elapses.
func (f *fetcher) commit(ctx context.Context, h int64, wait time.Duration) (*coretypes.ResultCommit, error) {
	deadline := time.Now().Add(wait)
	for {
		c, err := f.src.Commit(ctx, &h)
		if err == nil {
			return c, nil
		}
		if !time.Now().Before(deadline) {
			return nil, fmt.Errorf("block %d: no signed header (waited %s): %w", h, wait, err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// validators returns the validator set of block h, page by page, rebuilt
// from keys and powers.
func (f *fetcher) validators(ctx context.Context, h int64) (*cmttypes.ValidatorSet, error) {
	var vals []*cmttypes.Validator
	perPage := 100
	for page := 1; ; page++ {
		p := page
		res, err := f.src.Validators(ctx, &h, &p, &perPage)
		if err != nil {
			return nil, fmt.Errorf("validators of block %d: %w", h, err)
		}
		for _, v := range res.Validators {
			vals = append(vals, cmttypes.NewValidator(v.PubKey, v.VotingPower))
		}
		if len(vals) >= res.Total || len(res.Validators) == 0 {
			break
		}
	}
	set, err := newValidatorSet(vals)
	if err != nil {
		return nil, fmt.Errorf("validators of block %d: %w", h, err)
	}
	return set, nil
}

// ExportJournal fetches x/ledger's journal for heights from..to: every
// entry of the checkpoint periods that hold those heights (whole periods:
// the document covers FirstHeight <= from to LastHeight >= to), those
// checkpoints and the one before them, and a proof of the last checkpoint
// (as stored at the node's latest height). Verify recomputes the entries'
// hash chain against it.
func ExportJournal(ctx context.Context, src Source, from, to int64, opts BuildOptions) (*Document, error) {
	if from <= 0 || to < from {
		return nil, fmt.Errorf("heights %d..%d: want 1 <= from <= to", from, to)
	}
	// Every read is at one height, so pruning cannot tear the export.
	var at int64
	var anchor *ledgertypes.Checkpoint
	var covering []ledgertypes.Checkpoint
	var oldest *ledgertypes.Checkpoint
	var latest *ledgertypes.Checkpoint
	var key []byte
	for done := false; !done; {
		var resp ledgertypes.QueryCheckpointsResponse
		h, err := grpcQuery(ctx, src, "/azora.ledger.v1.Query/Checkpoints",
			&ledgertypes.QueryCheckpointsRequest{Pagination: &query.PageRequest{Key: key, Limit: 200}}, &resp, at)
		if err != nil {
			return nil, err
		}
		at = h
		for i := range resp.Checkpoints {
			c := resp.Checkpoints[i]
			if oldest == nil {
				oldest = &c
			}
			latest = &c
			switch {
			case c.Height < from:
				anchor = &c
			case len(covering) == 0 || covering[len(covering)-1].Height < to:
				covering = append(covering, c)
			default:
				done = true
			}
		}
		if resp.Pagination == nil || len(resp.Pagination.NextKey) == 0 {
			break
		}
		key = resp.Pagination.NextKey
	}
	if len(covering) == 0 || covering[len(covering)-1].Height < to {
		if latest == nil {
			return nil, fmt.Errorf("no checkpoint yet at height %d: wait for the first (nexusd q ledger head shows when)", at)
		}
		return nil, fmt.Errorf("no checkpoint covers height %d yet: the latest is at height %d; wait for the next one (nexusd q ledger head shows when)", to, latest.Height)
	}
	if anchor == nil && len(covering[0].PreviousHash) > 0 {
		return nil, fmt.Errorf("height %d is no longer covered: the oldest checkpoint kept is at height %d, so the oldest height that can be exported is %d", from, oldest.Height, oldest.Height+1)
	}
	var cps [][]byte
	if anchor != nil {
		bz, err := rawValue(ctx, src, ledgertypes.CheckpointStoreKey(anchor.Height), at)
		if err != nil {
			return nil, fmt.Errorf("checkpoint %d: %w", anchor.Height, err)
		}
		cps = append(cps, bz)
	}
	var entries [][]byte
	for _, c := range covering {
		bz, err := rawValue(ctx, src, ledgertypes.CheckpointStoreKey(c.Height), at)
		if err != nil {
			return nil, fmt.Errorf("checkpoint %d: %w", c.Height, err)
		}
		cps = append(cps, bz)
		for s := c.FirstSequence; s <= c.LastSequence && c.EntryCount > 0; s++ {
			bz, err := rawValue(ctx, src, ledgertypes.EntryStoreKey(s), at)
			if err != nil {
				return nil, fmt.Errorf("entry %d (of checkpoint %d's period): %w", s, c.Height, err)
			}
			entries = append(entries, bz)
		}
	}
	last := covering[len(covering)-1]
	doc, err := prove(ctx, src, Subject{}, ledgertypes.StoreKey, ledgertypes.CheckpointStoreKey(last.Height), at, opts)
	if err != nil {
		return nil, err
	}
	if !doc.StoreProof.Exists {
		return nil, fmt.Errorf("checkpoint %d vanished at height %d", last.Height, at)
	}
	first := int64(1)
	if anchor != nil {
		first = anchor.Height + 1
	}
	doc.Subject = Subject{LedgerJournal: &JournalSubject{FirstHeight: first, LastHeight: last.Height, Checkpoints: cps, Entries: entries}}
	return doc, nil
}

// rawValue reads a raw value of the ledger store at height (no proof: the
// export's hashes vouch for it). An absent value is an error.
func rawValue(ctx context.Context, src Source, key []byte, height int64) ([]byte, error) {
	q, err := src.ABCIQueryWithOptions(ctx, storeproof.QueryPath(ledgertypes.StoreKey), key, rpcclient.ABCIQueryOptions{Height: height})
	if err != nil {
		return nil, err
	}
	if !q.Response.IsOK() {
		return nil, fmt.Errorf("code %d (%s): %s", q.Response.Code, q.Response.Codespace, q.Response.Log)
	}
	if len(q.Response.Value) == 0 {
		return nil, fmt.Errorf("not in the state at height %d (pruned: see the ledger's retention_blocks)", height)
	}
	return q.Response.Value, nil
}

// grpcQuery runs a gRPC query over ABCI at height (0: latest) and returns
// the height it was answered at.
func grpcQuery(ctx context.Context, src Source, method string, req, resp protoMessage, height int64) (int64, error) {
	bz, err := req.Marshal()
	if err != nil {
		return 0, err
	}
	q, err := src.ABCIQueryWithOptions(ctx, method, bz, rpcclient.ABCIQueryOptions{Height: height})
	if err != nil {
		return 0, fmt.Errorf("%s: %w", method, err)
	}
	if !q.Response.IsOK() {
		return 0, fmt.Errorf("%s: code %d (%s): %s", method, q.Response.Code, q.Response.Codespace, q.Response.Log)
	}
	if err := resp.Unmarshal(q.Response.Value); err != nil {
		return 0, fmt.Errorf("%s: %w", method, err)
	}
	return q.Response.Height, nil
}
