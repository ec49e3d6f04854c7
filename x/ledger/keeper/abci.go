package keeper

import (
	"context"
	"errors"
	"sort"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/types/satmath"
	"github.com/azora-os/nexus/x/ledger/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// EndBlocker persists the block's journal, records a checkpoint (and
// reconciles) at checkpoint heights and prunes what retention lets go. It
// must be the last EndBlocker: after bank (virtual pool credits folded),
// pivc (fee totals folded) and every module that moves value at the end of
// a block (gov proposals, forge expiries), since a movement recorded after
// it would be lost with the object store at commit.
//
// Its work is bounded: O(1) per entry of the block (numbering, the hash
// chain, the indexes), O(accounts × denoms) at a checkpoint for the
// reconciled module accounts and the supply, and at most prune_per_block
// entries and checkpoints removed.
func (k Keeper) EndBlocker(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := k.foldBlock(ctx); err != nil {
		return err
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	if height > 0 && uint64(height)%params.CheckpointInterval == 0 {
		if err := k.recordCheckpoint(ctx); err != nil {
			return err
		}
	}
	if err := k.prune(ctx, params); err != nil {
		return err
	}
	return k.releaseExpiredReferences(ctx, params)
}

// foldBlock numbers the block's pending entries in order, extends the hash
// chain, persists the entries and their indexes, and adds the fees and the
// reconciled accounts' flows to the reconciliation state. It writes the
// head and the reconciliation state once.
func (k Keeper) foldBlock(ctx context.Context) error {
	ps, err := k.takePending(ctx)
	if err != nil || len(ps) == 0 {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	head, err := k.Head.Get(ctx)
	if err != nil {
		return err
	}
	recon, err := k.Recon.Get(ctx)
	if err != nil {
		return err
	}
	flows := newFlowSet(recon.Flows)
	reconChanged := false
	// Running sums saturate instead of overflowing (types/satmath): a
	// panic here would halt the chain. A saturated sum is recorded and
	// reported as a failed check at the next checkpoint.
	saturated := newSaturatedSet(recon.Saturated)
	codec := k.ak.AddressCodec()
	for _, p := range ps {
		from, err := codec.BytesToString(p.from)
		if err != nil {
			return err
		}
		to, err := codec.BytesToString(p.to)
		if err != nil {
			return err
		}
		e := types.JournalEntry{
			Sequence:  head.LastSequence + 1,
			Height:    sdkCtx.BlockHeight(),
			Time:      sdkCtx.BlockTime().UTC(),
			From:      from,
			To:        to,
			Coins:     p.coins,
			Fee:       p.fee,
			Reference: p.reference,
			MsgType:   p.msgType,
		}
		if e.Coins == nil {
			e.Coins = sdk.Coins{}
		}
		if e.Fee == nil {
			e.Fee = sdk.Coins{}
		}
		if e.Hash, err = types.EntryHash(head.LastHash, e); err != nil {
			return err
		}
		if err := k.Entries.Set(ctx, e.Sequence, e); err != nil {
			return err
		}
		if err := k.AccountIndex.Set(ctx, collections.Join(p.from, e.Sequence)); err != nil {
			return err
		}
		if !p.to.Equals(p.from) {
			if err := k.AccountIndex.Set(ctx, collections.Join(p.to, e.Sequence)); err != nil {
				return err
			}
		}
		if p.reference != "" {
			if err := k.ReferenceIndex.Set(ctx, collections.Join(types.ReferenceKey(p.from, p.reference), e.Sequence)); err != nil {
				return err
			}
		}
		head.LastSequence, head.LastHash, head.LastHeight = e.Sequence, e.Hash, e.Height

		if !p.fee.IsZero() {
			var sat []string
			recon.Fees, sat = satmath.AddCoins(recon.Fees, p.fee)
			saturated.add(types.SumFees, "", sat)
			reconChanged = true
		}
		if _, ok := k.reconAddr[string(p.from)]; ok {
			moved, sat := satmath.AddCoins(p.coins, p.fee)
			saturated.add(types.SumOut, from, sat)
			saturated.add(types.SumOut, from, flows.out(from, moved))
			reconChanged = true
		}
		if _, ok := k.reconAddr[string(p.to)]; ok && !p.coins.IsZero() {
			saturated.add(types.SumIn, to, flows.in(to, p.coins))
			reconChanged = true
		}
	}
	for _, s := range saturated.added {
		k.Logger(ctx).Error("ledger running sum saturated at 2^256-1; the next checkpoint reports it", "sum", s.Sum, "account", s.Account, "denom", s.Denom)
	}
	recon.Saturated = saturated.list()
	if err := k.Head.Set(ctx, head); err != nil {
		return err
	}
	if !reconChanged {
		return nil
	}
	recon.Flows = flows.list()
	return k.Recon.Set(ctx, recon)
}

// flowSet accumulates AccountFlows by address.
type flowSet map[string]types.AccountFlow

func newFlowSet(fs []types.AccountFlow) flowSet {
	s := flowSet{}
	for _, f := range fs {
		s[f.Address] = f
	}
	return s
}

// in adds c to addr's in flow and returns the denoms whose sum saturated.
func (s flowSet) in(addr string, c sdk.Coins) []string {
	f := s[addr]
	var sat []string
	f.Address = addr
	f.In, sat = satmath.AddCoins(f.In, c)
	s[addr] = f
	return sat
}

// out adds c to addr's out flow and returns the denoms whose sum saturated.
func (s flowSet) out(addr string, c sdk.Coins) []string {
	f := s[addr]
	var sat []string
	f.Address = addr
	f.Out, sat = satmath.AddCoins(f.Out, c)
	s[addr] = f
	return sat
}

// saturatedSet is the set of saturated running sums of a period, in a
// deterministic order.
type saturatedSet struct {
	seen  map[types.SaturatedSum]bool
	all   []types.SaturatedSum
	added []types.SaturatedSum // new in this block, for the log
}

func newSaturatedSet(existing []types.SaturatedSum) *saturatedSet {
	s := &saturatedSet{seen: map[types.SaturatedSum]bool{}}
	for _, e := range existing {
		s.seen[e] = true
		s.all = append(s.all, e)
	}
	return s
}

func (s *saturatedSet) add(sum, account string, denoms []string) {
	for _, d := range denoms {
		e := types.SaturatedSum{Sum: sum, Account: account, Denom: d}
		if s.seen[e] {
			continue
		}
		s.seen[e] = true
		s.all = append(s.all, e)
		s.added = append(s.added, e)
	}
}

// list returns the sums in (sum, account, denom) order, nil if none.
func (s *saturatedSet) list() []types.SaturatedSum {
	if len(s.all) == 0 {
		return nil
	}
	out := append([]types.SaturatedSum(nil), s.all...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Sum != out[j].Sum {
			return out[i].Sum < out[j].Sum
		}
		if out[i].Account != out[j].Account {
			return out[i].Account < out[j].Account
		}
		return out[i].Denom < out[j].Denom
	})
	return out
}

// list returns the flows sorted by address (never in map order).
func (s flowSet) list() []types.AccountFlow {
	out := make([]types.AccountFlow, 0, len(s))
	for _, f := range s {
		if f.In == nil {
			f.In = sdk.Coins{}
		}
		if f.Out == nil {
			f.Out = sdk.Coins{}
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// latestCheckpoint returns the newest checkpoint, or nil before the first.
func (k Keeper) latestCheckpoint(ctx context.Context) (*types.Checkpoint, error) {
	it, err := k.Checkpoints.Iterate(ctx, new(collections.Range[int64]).Descending())
	if err != nil {
		return nil, err
	}
	defer func() { _ = it.Close() }()
	if !it.Valid() {
		return nil, nil
	}
	c, err := it.Value()
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// recordCheckpoint reconciles the period since the last checkpoint,
// records the checkpoint (linked to the previous one by its hash) and
// starts the next period from the current balances.
func (k Keeper) recordCheckpoint(ctx context.Context) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	height := sdkCtx.BlockHeight()
	head, err := k.Head.Get(ctx)
	if err != nil {
		return err
	}
	prev, err := k.latestCheckpoint(ctx)
	if err != nil {
		return err
	}
	cp := types.Checkpoint{
		Height:        height,
		Time:          sdkCtx.BlockTime().UTC(),
		FirstSequence: 1,
		LastSequence:  head.LastSequence,
		StartHash:     types.GenesisHash(),
		EntriesHash:   head.LastHash,
	}
	if prev != nil {
		cp.FirstSequence, cp.StartHash, cp.PreviousHash = prev.LastSequence+1, prev.EntriesHash, prev.Hash
	}
	cp.EntryCount = cp.LastSequence + 1 - cp.FirstSequence

	recon, err := k.Recon.Get(ctx)
	if err != nil {
		return err
	}
	now, err := k.reconNow(ctx)
	if err != nil {
		return err
	}
	cp.Supply = now.Supply
	mismatches := types.Reconcile(recon, k.recon, now, k.untracked)
	cp.Mismatches = uint32(len(mismatches)) //nolint:gosec // bounded by accounts × denoms
	cp.Reconciled = len(mismatches) == 0
	if cp.Hash, err = types.CheckpointHash(cp); err != nil {
		return err
	}
	if err := k.Checkpoints.Set(ctx, height, cp); err != nil {
		return err
	}
	if err := k.Recon.Set(ctx, k.baselineFrom(height, now)); err != nil {
		return err
	}

	em := sdkCtx.EventManager()
	for _, m := range mismatches {
		k.failures.Add(ctx, 1, metric.WithAttributes(attribute.String("check", m.Check)))
		k.Logger(ctx).Error("ledger reconciliation failed", "height", height, "check", m.Check,
			"account", m.Account, "denom", m.Denom, "expected", types.IntString(m.Expected), "actual", types.IntString(m.Actual))
		if err := em.EmitTypedEvent(types.NewEventReconciliationFailed(height, m, recon.Baseline.Height)); err != nil {
			return err
		}
	}
	return em.EmitTypedEvent(types.NewEventCheckpointRecorded(cp))
}

// reconNow reads what the chain holds now: x/pivc's captured totals, the
// reconciled accounts' balances and the supply.
func (k Keeper) reconNow(ctx context.Context) (types.ReconNow, error) {
	captured, err := k.pivcCaptured(ctx)
	if err != nil {
		return types.ReconNow{}, err
	}
	now := types.ReconNow{PivcCaptured: captured, Balances: map[string]sdk.Coins{}, Supply: sdk.NewCoins()}
	for _, r := range k.recon {
		addr, err := k.ak.AddressCodec().StringToBytes(r.Address)
		if err != nil {
			return types.ReconNow{}, err
		}
		now.Balances[r.Address] = k.bk.GetAllBalances(ctx, addr)
	}
	supply := sdk.Coins{}
	k.bk.IterateTotalSupply(ctx, func(c sdk.Coin) bool {
		if c.IsPositive() {
			supply = append(supply, c) // bank iterates in denom order
		}
		return false
	})
	now.Supply = supply.Sort()
	return now, nil
}

// pivcCaptured pages through x/pivc's totals and returns what it captured
// per denom.
func (k Keeper) pivcCaptured(ctx context.Context) (sdk.Coins, error) {
	captured := sdk.NewCoins()
	var key []byte
	for {
		res, err := k.pivcTotals.Totals(ctx, &pivctypes.QueryTotalsRequest{Pagination: &query.PageRequest{Key: key, Limit: 100}})
		if err != nil {
			return nil, err
		}
		for _, t := range res.Totals {
			if t.Captured.IsPositive() {
				captured = captured.Add(sdk.NewCoin(t.Denom, t.Captured))
			}
		}
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			return captured, nil
		}
		key = res.Pagination.NextKey
	}
}

// baselineFrom returns a fresh reconciliation state whose baseline is now.
func (k Keeper) baselineFrom(height int64, now types.ReconNow) types.ReconState {
	b := types.ReconBaseline{Height: height, PivcCaptured: now.PivcCaptured, Supply: now.Supply}
	for _, r := range k.recon {
		c := now.Balances[r.Address]
		if c == nil {
			c = sdk.Coins{}
		}
		b.Balances = append(b.Balances, types.AccountCoins{Address: r.Address, Coins: c})
	}
	return types.ReconState{Baseline: b, Fees: sdk.Coins{}, Flows: []types.AccountFlow{}}
}

// takeBaseline starts reconciliation from the current state (genesis).
func (k Keeper) takeBaseline(ctx context.Context) error {
	now, err := k.reconNow(ctx)
	if err != nil {
		return err
	}
	return k.Recon.Set(ctx, k.baselineFrom(sdk.UnwrapSDKContext(ctx).BlockHeight(), now))
}

// prune removes, oldest first, at most prune_per_block entries older than
// retention_blocks (with their indexes and the references they reserved)
// and at most as many checkpoints that old, never the newest checkpoint.
func (k Keeper) prune(ctx context.Context, p types.Params) error {
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	if p.RetentionBlocks == 0 || height <= 0 || uint64(height) <= p.RetentionBlocks {
		return nil
	}
	cutoff := height - int64(p.RetentionBlocks) //nolint:gosec // RetentionBlocks < height here
	head, err := k.Head.Get(ctx)
	if err != nil {
		return err
	}
	var entries, checkpoints uint64
	seq := head.FirstSequence
	for entries < uint64(p.PrunePerBlock) && seq <= head.LastSequence {
		e, err := k.Entries.Get(ctx, seq)
		if err != nil {
			return err
		}
		if e.Height > cutoff {
			break
		}
		if err := k.removeEntry(ctx, e); err != nil {
			return err
		}
		seq++
		entries++
	}
	if entries > 0 {
		head.FirstSequence = seq
		if err := k.Head.Set(ctx, head); err != nil {
			return err
		}
	}

	latest, err := k.latestCheckpoint(ctx)
	if err != nil || latest == nil {
		return err
	}
	var old []int64
	rng := new(collections.Range[int64]).EndInclusive(min(cutoff, latest.Height-1))
	it, err := k.Checkpoints.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	for ; it.Valid() && uint64(len(old)) < uint64(p.PrunePerBlock); it.Next() {
		h, err := it.Key()
		if err != nil {
			_ = it.Close()
			return err
		}
		old = append(old, h)
	}
	if err := it.Close(); err != nil {
		return err
	}
	for _, h := range old {
		if err := k.Checkpoints.Remove(ctx, h); err != nil {
			return err
		}
		checkpoints++
	}
	if entries == 0 && checkpoints == 0 {
		return nil
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(types.NewEventJournalPruned(entries, checkpoints, head.FirstSequence))
}

// removeEntry deletes an entry, its index keys and the reference it
// reserved (if the reservation is not newer than the entry).
func (k Keeper) removeEntry(ctx context.Context, e types.JournalEntry) error {
	codec := k.ak.AddressCodec()
	from, err := codec.StringToBytes(e.From)
	if err != nil {
		return err
	}
	to, err := codec.StringToBytes(e.To)
	if err != nil {
		return err
	}
	if err := k.Entries.Remove(ctx, e.Sequence); err != nil {
		return err
	}
	if err := k.AccountIndex.Remove(ctx, collections.Join(sdk.AccAddress(from), e.Sequence)); err != nil {
		return err
	}
	if err := k.AccountIndex.Remove(ctx, collections.Join(sdk.AccAddress(to), e.Sequence)); err != nil {
		return err
	}
	if e.Reference == "" {
		return nil
	}
	if err := k.ReferenceIndex.Remove(ctx, collections.Join(types.ReferenceKey(from, e.Reference), e.Sequence)); err != nil {
		return err
	}
	key := collections.Join(sdk.AccAddress(from), e.Reference)
	h, err := k.UsedReferences.Get(ctx, key)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return nil
	case err != nil:
		return err
	case h > e.Height:
		return nil // reserved again since (never expected)
	}
	// The reservation goes with its entries only once its deadline has
	// passed; until then the expiry queue keeps it and releases it then.
	passed, deadline, err := k.deadlinePassed(ctx, key)
	if err != nil || !passed {
		return err
	}
	return k.releaseReference(ctx, key, deadline)
}

// deadlinePassed reports whether the deadline of a reservation has passed
// at the block time (true for a reservation without a deadline) and
// returns it (0 if none).
func (k Keeper) deadlinePassed(ctx context.Context, key collections.Pair[sdk.AccAddress, string]) (bool, int64, error) {
	d, err := k.ReferenceDeadlines.Get(ctx, key)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return true, 0, nil
	case err != nil:
		return false, 0, err
	}
	return sdk.UnwrapSDKContext(ctx).BlockTime().UnixNano() > d, d, nil
}

// releaseReference removes a reservation, its deadline and its queue entry
// (deadline 0: none).
func (k Keeper) releaseReference(ctx context.Context, key collections.Pair[sdk.AccAddress, string], deadline int64) error {
	if err := k.UsedReferences.Remove(ctx, key); err != nil {
		return err
	}
	if deadline == 0 {
		return nil
	}
	if err := k.ReferenceDeadlines.Remove(ctx, key); err != nil {
		return err
	}
	return k.ReferenceExpiry.Remove(ctx, collections.Join3(deadline, key.K1(), key.K2()))
}

// releaseExpiredReferences works through the reservations whose deadline
// has passed (block time after it), at most prune_per_block per block: a
// reservation whose journal entries are already pruned is released; one
// whose entries are still kept stays until retention prunes them (then
// removeEntry releases it). A payment past its deadline is invalid, so a
// released reference can never let the same signed payment pay again.
func (k Keeper) releaseExpiredReferences(ctx context.Context, p types.Params) error {
	now := sdk.UnwrapSDKContext(ctx).BlockTime().UnixNano()
	rng := new(collections.Range[collections.Triple[int64, sdk.AccAddress, string]]).
		EndExclusive(collections.Join3(now, sdk.AccAddress(nil), ""))
	it, err := k.ReferenceExpiry.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	var due []collections.Triple[int64, sdk.AccAddress, string]
	for ; it.Valid() && uint64(len(due)) < uint64(p.PrunePerBlock); it.Next() {
		key, err := it.Key()
		if err != nil {
			_ = it.Close()
			return err
		}
		due = append(due, key)
	}
	if err := it.Close(); err != nil {
		return err
	}
	for _, q := range due {
		if err := k.ReferenceExpiry.Remove(ctx, q); err != nil {
			return err
		}
		key := collections.Join(q.K2(), q.K3())
		kept, err := k.hasEntries(ctx, q.K2(), q.K3())
		if err != nil {
			return err
		}
		if kept {
			continue // removeEntry releases it with its last entry
		}
		if err := k.UsedReferences.Remove(ctx, key); err != nil {
			return err
		}
		if err := k.ReferenceDeadlines.Remove(ctx, key); err != nil {
			return err
		}
	}
	return nil
}

// hasEntries reports whether the journal still keeps an entry of sender's
// payment under reference.
func (k Keeper) hasEntries(ctx context.Context, sender sdk.AccAddress, reference string) (bool, error) {
	it, err := k.ReferenceIndex.Iterate(ctx, collections.NewPrefixedPairRange[[]byte, uint64](types.ReferenceKey(sender, reference)))
	if err != nil {
		return false, err
	}
	defer func() { _ = it.Close() }()
	return it.Valid(), nil
}
