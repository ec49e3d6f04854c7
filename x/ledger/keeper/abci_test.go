package keeper_test

import (
	"fmt"
	"math/big"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/azora-os/nexus/types/satmath"
	"github.com/azora-os/nexus/x/ledger/keeper"
	"github.com/azora-os/nexus/x/ledger/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

func collectionsJoin(a sdk.AccAddress, ref string) collections.Pair[sdk.AccAddress, string] {
	return collections.Join(a, ref)
}

func collectionsJoin3(d int64, a sdk.AccAddress, ref string) collections.Triple[int64, sdk.AccAddress, string] {
	return collections.Join3(d, a, ref)
}

func authtypesModuleAddress(name string) sdk.AccAddress { return authtypes.NewModuleAddress(name) }

// TestOrderFollowsSlotsNotExecution: under BlockSTM txs may execute in any
// order; the journal numbers entries by (slot, n) — begin block, then txs
// by index, then end block — whatever order they were recorded in.
func (s *KeeperTestSuite) TestOrderFollowsSlotsNotExecution() {
	h := s.e.head(s.T())
	rec := func(ctx sdk.Context, to sdk.AccAddress, n int64) {
		s.Require().NoError(s.e.k.RecordMovement(ctx, s.alice, to, uazr(n), nil, "", "/m"))
	}
	base := s.e.ctx
	rec(base.WithTxBytes([]byte("t")).WithTxIndex(1), s.carol, 3) // tx 1 runs first
	rec(base.WithTxBytes([]byte("t")).WithTxIndex(0), s.bob, 1)   // then tx 0
	rec(base.WithTxBytes([]byte("t")).WithTxIndex(0), s.bob, 2)   // tx 0's second movement
	rec(base.WithTxCount(2), s.dave, 4)                           // end block
	rec(base, s.dave, 0+5)                                        // begin block (no tx yet)
	s.e.endBlock(s.T())
	var got []int64
	for seq := h.LastSequence + 1; seq <= s.e.head(s.T()).LastSequence; seq++ {
		got = append(got, s.e.entry(s.T(), seq).Coins.AmountOf("uazr").Int64())
	}
	s.Require().Equal([]int64{5, 1, 2, 3, 4}, got)
}

// TestFailedTxEntriesVanish: a tx whose branch is discarded leaves nothing
// in the object store, so nothing is numbered.
func (s *KeeperTestSuite) TestFailedTxEntriesVanish() {
	h := s.e.head(s.T())
	_, err := s.e.tx(func(ctx sdk.Context) error {
		if err := s.e.bk.SendCoins(ctx, s.alice, s.bob, uazr(100)); err != nil {
			return err
		}
		return fmt.Errorf("later message fails")
	})
	s.Require().Error(err)
	_, err = s.e.tx(func(ctx sdk.Context) error { return s.e.bk.SendCoins(ctx, s.carol, s.bob, uazr(7)) })
	s.Require().NoError(err)
	s.e.endBlock(s.T())
	s.Require().Equal(h.LastSequence+1, s.e.head(s.T()).LastSequence)
	s.Require().Equal(s.carol.String(), s.e.entry(s.T(), h.LastSequence+1).From)
}

func (s *KeeperTestSuite) TestStatementPagination() {
	// alice pays bob 1..5 and receives from carol 6, 7: 7 lines.
	for i := int64(1); i <= 5; i++ {
		_, err := s.e.tx(func(ctx sdk.Context) error { return s.e.bk.SendCoins(ctx, s.alice, s.bob, uazr(i)) })
		s.Require().NoError(err)
	}
	for i := int64(6); i <= 7; i++ {
		_, err := s.e.tx(func(ctx sdk.Context) error { return s.e.bk.SendCoins(ctx, s.carol, s.alice, uazr(i)) })
		s.Require().NoError(err)
	}
	s.e.endBlock(s.T())

	amounts := func(lines []types.StatementLine) []int64 {
		var out []int64
		for _, l := range lines {
			out = append(out, l.Entry.Coins.AmountOf("uazr").Int64())
		}
		return out
	}
	// Newest first, 3 per page, by key.
	res, err := s.queryServer.Statement(s.e.ctx, &types.QueryStatementRequest{Address: s.alice.String(), Pagination: &query.PageRequest{Limit: 3, CountTotal: true}})
	s.Require().NoError(err)
	s.Require().Equal([]int64{7, 6, 5}, amounts(res.Lines))
	s.Require().Equal(types.DirectionIn, res.Lines[0].Direction)
	s.Require().Equal(s.carol.String(), res.Lines[0].Counterparty)
	s.Require().Equal(types.DirectionOut, res.Lines[2].Direction)
	s.Require().Equal(uint64(8), res.Pagination.Total) // 7 + the genesis funding
	res, err = s.queryServer.Statement(s.e.ctx, &types.QueryStatementRequest{Address: s.alice.String(), Pagination: &query.PageRequest{Limit: 3, Key: res.Pagination.NextKey}})
	s.Require().NoError(err)
	s.Require().Equal([]int64{4, 3, 2}, amounts(res.Lines))
	// By offset, oldest first.
	res, err = s.queryServer.Statement(s.e.ctx, &types.QueryStatementRequest{Address: s.alice.String(), Pagination: &query.PageRequest{Limit: 2, Offset: 1, Reverse: true}})
	s.Require().NoError(err)
	s.Require().Equal([]int64{1, 2}, amounts(res.Lines))
	// Bob's statement has none of carol's payments to alice.
	res, err = s.queryServer.Statement(s.e.ctx, &types.QueryStatementRequest{Address: s.bob.String()})
	s.Require().NoError(err)
	s.Require().Len(res.Lines, 6)
	// Bad requests.
	_, err = s.queryServer.Statement(s.e.ctx, &types.QueryStatementRequest{Address: "nope"})
	s.Require().Error(err)
	_, err = s.queryServer.Entry(s.e.ctx, &types.QueryEntryRequest{Sequence: 9999})
	s.Require().ErrorContains(err, "not found")
	_, err = s.queryServer.Checkpoint(s.e.ctx, &types.QueryCheckpointRequest{Height: 3})
	s.Require().ErrorContains(err, "no checkpoint")
	_, err = s.queryServer.EntriesByReference(s.e.ctx, &types.QueryEntriesByReferenceRequest{Sender: s.alice.String(), Reference: ""})
	s.Require().Error(err)
}

// TestPruningIsBounded: with retention 10 and prune_per_block 3, entries
// older than 10 blocks go at most 3 per block, with their indexes and the
// references they reserved; checkpoints that old go too, never the newest.
func (s *KeeperTestSuite) TestPruningIsBounded() {
	s.setup(func(p *types.Params) { p.RetentionBlocks, p.PrunePerBlock = 10, 3 })
	// 8 payments with references in one block (after the 4 funding
	// entries of the setup block).
	start := s.e.ctx.BlockHeight()
	for i := 0; i < 8; i++ {
		_, err := s.transfer(s.alice, s.bob, uazr(int64(10+i)), fmt.Sprintf("P-%d", i))
		s.Require().NoError(err)
	}
	s.e.endBlock(s.T())
	hd := s.e.head(s.T())
	firstPayment := hd.LastSequence - 7

	prevFirst := hd.FirstSequence
	for i := 0; prevFirst <= hd.LastSequence; i++ {
		s.Require().Less(i, 40, "pruning never finished")
		events := s.e.endBlock(s.T())
		ended := s.e.ctx.BlockHeight() - 1
		first := s.e.head(s.T()).FirstSequence
		s.Require().LessOrEqual(first-prevFirst, uint64(3), "at most prune_per_block per block")
		if ended < start+10 {
			s.Require().LessOrEqual(first, firstPayment, "a payment pruned before its retention passed (block %d)", ended)
		}
		for seq := prevFirst; seq < first; seq++ {
			_, err := s.e.k.Entries.Get(s.e.ctx, seq)
			s.Require().ErrorIs(err, collections.ErrNotFound)
		}
		if first > prevFirst {
			var pruned bool
			for _, ev := range events {
				pruned = pruned || ev.Type == "azora.ledger.v1.EventJournalPruned"
			}
			s.Require().True(pruned)
		}
		prevFirst = first
	}
	// Gone: entries and index keys.
	_, err := s.e.k.Entries.Get(s.e.ctx, hd.LastSequence)
	s.Require().ErrorIs(err, collections.ErrNotFound)
	res, err := s.queryServer.Statement(s.e.ctx, &types.QueryStatementRequest{Address: s.bob.String()})
	s.Require().NoError(err)
	s.Require().Empty(res.Lines)
	// The references stay reserved until their deadline has passed (issue
	// 14: pruning alone let the same signed payment pay twice).
	has, err := s.e.k.UsedReferences.Has(s.e.ctx, collectionsJoin(s.alice, "P-0"))
	s.Require().NoError(err)
	s.Require().True(has, "a reference released before its deadline")
	_, err = s.transfer(s.alice, s.bob, uazr(10), "P-0")
	s.Require().ErrorIs(err, types.ErrDuplicateReference)
	// Once the block time passes the deadline the payment is invalid and
	// the reservation goes (its entries are pruned already).
	s.e.ctx = s.e.ctx.WithBlockTime(testDeadline)
	_, err = s.transfer(s.alice, s.bob, uazr(10), "P-0")
	s.Require().ErrorIs(err, types.ErrDuplicateReference, "valid up to and including the deadline")
	s.e.endBlock(s.T())
	has, err = s.e.k.UsedReferences.Has(s.e.ctx, collectionsJoin(s.alice, "P-0"))
	s.Require().NoError(err)
	s.Require().True(has, "released at the deadline itself")
	s.e.ctx = s.e.ctx.WithBlockTime(testDeadline.Add(time.Nanosecond))
	_, err = s.transfer(s.alice, s.bob, uazr(10), "P-0")
	s.Require().ErrorIs(err, types.ErrPaymentExpired, "the original payment can never execute again")
	reserved := func() int {
		n := 0
		for i := 0; i < 8; i++ {
			has, err := s.e.k.UsedReferences.Has(s.e.ctx, collectionsJoin(s.alice, fmt.Sprintf("P-%d", i)))
			s.Require().NoError(err)
			if has {
				n++
			}
		}
		return n
	}
	// At most prune_per_block (3) per block: 8 → 5 → 2 → 0.
	for _, want := range []int{5, 2, 0} {
		s.e.endBlock(s.T())
		s.Require().Equal(want, reserved())
	}
	// A new payment (a new deadline) may use the reference again.
	_, err = s.transferBy(s.alice, s.bob, uazr(1), "P-0", testDeadline.Add(time.Hour))
	s.Require().NoError(err)
	// Old checkpoints are pruned, the newest is kept.
	s.e.endBlocksUntil(s.T(), s.e.ctx.BlockHeight()+12)
	cps, err := s.queryServer.Checkpoints(s.e.ctx, &types.QueryCheckpointsRequest{})
	s.Require().NoError(err)
	s.Require().NotEmpty(cps.Checkpoints)
	for _, c := range cps.Checkpoints {
		s.Require().Greater(c.Height, s.e.ctx.BlockHeight()-1-10)
	}
}

// TestHashChainAcrossCheckpoints: every checkpoint starts where the
// previous ended, its entries recompute its hash (empty periods too), and
// it links the previous checkpoint's hash.
func (s *KeeperTestSuite) TestHashChainAcrossCheckpoints() {
	for i := int64(0); i < 14; i++ {
		if i%3 != 2 { // some blocks without entries
			_, err := s.e.tx(func(ctx sdk.Context) error { return s.e.bk.SendCoins(ctx, s.alice, s.bob, uazr(i+1)) })
			s.Require().NoError(err)
		}
		if i >= 10 { // a whole empty period
			s.e.endBlock(s.T())
			continue
		}
		s.e.endBlock(s.T())
	}
	s.e.endBlocksUntil(s.T(), 25)
	cps, err := s.queryServer.Checkpoints(s.e.ctx, &types.QueryCheckpointsRequest{})
	s.Require().NoError(err)
	s.Require().Len(cps.Checkpoints, 5)
	var prev *types.Checkpoint
	sawEmpty := false
	for i, c := range cps.Checkpoints {
		var entries []types.JournalEntry
		for seq := c.FirstSequence; seq <= c.LastSequence; seq++ {
			entries = append(entries, s.e.entry(s.T(), seq))
		}
		s.Require().NoError(c.VerifyCheckpoint(entries), "checkpoint %d", c.Height)
		sawEmpty = sawEmpty || c.EntryCount == 0
		if prev != nil {
			s.Require().Equal(prev.Hash, c.PreviousHash)
			s.Require().Equal(prev.EntriesHash, c.StartHash)
		}
		s.Require().True(c.Reconciled)
		prev = &cps.Checkpoints[i]
	}
	s.Require().True(sawEmpty)
	// The head query points at the newest.
	hr, err := s.queryServer.Head(s.e.ctx, &types.QueryHeadRequest{})
	s.Require().NoError(err)
	s.Require().Equal(prev.Height, hr.LatestCheckpoint.Height)
	s.Require().Equal(prev.EntriesHash, hr.Head.LastHash)
}

// TestReconciliationMismatch: a movement recorded that never happened (or a
// fee nobody captured) makes the next checkpoint emit
// EventReconciliationFailed with the numbers, count in the metric and say
// "not reconciled" — and the chain goes on; the next period is clean.
func (s *KeeperTestSuite) TestReconciliationMismatch() {
	s.e.endBlocksUntil(s.T(), 5) // a clean checkpoint first
	s.Require().Zero(s.e.failures(s.T()))
	// The journal says alice paid the escrow 100 and bob a fee of 3; bank
	// never moved either.
	_, err := s.e.tx(func(ctx sdk.Context) error {
		if err := s.e.k.RecordMovement(ctx, s.alice, s.escrow, uazr(100), nil, "", ""); err != nil {
			return err
		}
		return s.e.k.RecordMovement(ctx, s.alice, s.bob, uazr(1), uazr(3), "", "")
	})
	s.Require().NoError(err)
	var events sdk.Events
	for s.e.ctx.BlockHeight() <= 10 {
		events = append(events, s.e.endBlock(s.T())...)
	}
	got := map[string]map[string]string{}
	for _, ev := range events {
		if ev.Type != "azora.ledger.v1.EventReconciliationFailed" {
			continue
		}
		m := map[string]string{}
		for _, a := range ev.Attributes {
			m[a.Key] = a.Value
		}
		got[m["check"]] = m
	}
	s.Require().Len(got, 3, "%v", got)
	s.Require().Equal(`"100"`, got[`"account"`]["expected"])
	s.Require().Equal(`"0"`, got[`"account"`]["actual"])
	s.Require().Equal(`"`+s.escrow.String()+`"`, got[`"account"`]["account"])
	s.Require().Equal(`"3"`, got[`"pivc_fees"`]["expected"])
	s.Require().Equal(`"0"`, got[`"pivc_fees"`]["actual"])
	s.Require().Equal(`"3"`, got[`"pivc_pools"`]["expected"])
	s.Require().Equal(int64(3), s.e.failures(s.T()))
	c, err := s.e.k.Checkpoints.Get(s.e.ctx, 10)
	s.Require().NoError(err)
	s.Require().False(c.Reconciled)
	s.Require().Equal(uint32(3), c.Mismatches)

	// The next period starts from the actual balances: clean again.
	s.e.endBlocksUntil(s.T(), 15)
	c, err = s.e.k.Checkpoints.Get(s.e.ctx, 15)
	s.Require().NoError(err)
	s.Require().True(c.Reconciled)
	s.Require().Equal(int64(3), s.e.failures(s.T()))
}

// TestReconciledAccounts: the PIVC pools, the mint/burn accounts (gov and
// the test minter) and the configured escrow; not the fee collector.
func (s *KeeperTestSuite) TestReconciledAccounts() {
	roles := map[string]string{}
	for _, a := range s.e.k.ReconciledAccounts() {
		roles[a.Name] = a.Role
	}
	s.Require().Equal(map[string]string{
		pivctypes.GrowthPoolName: types.RolePivcPool, pivctypes.UBOPoolName: types.RolePivcPool,
		"gov": types.RoleMintBurn, minterModule: types.RoleMintBurn, escrowModule: types.RoleEscrow,
	}, roles)
	res, err := s.queryServer.Reconciliation(s.e.ctx, &types.QueryReconciliationRequest{})
	s.Require().NoError(err)
	s.Require().Len(res.ReconciledAccounts, 5)
	s.Require().Len(res.State.Baseline.Balances, 5)
}

// TestCheckpointStoreKey pins the raw key verify-checkpoint proves to the
// collection's encoding.
func (s *KeeperTestSuite) TestCheckpointStoreKey() {
	for _, h := range []int64{1, 5, 100, 1 << 40} {
		bz, err := collections.EncodeKeyWithPrefix(types.CheckpointsKey, collections.Int64Key, h)
		s.Require().NoError(err)
		s.Require().Equal(bz, types.CheckpointStoreKey(h))
	}
	s.Require().Equal(keeper.MeterName, "github.com/azora-os/nexus/x/ledger")
}

// TestRunningSumsSaturate is issue 14's halt: with an a-Token supply near
// 2^256, minting X = 2^256 − 2^251, burning it and minting it again made
// the minter's out flow 2X, and the end-of-block sum panicked ("integer
// overflow": CONSENSUS FAILURE). x/mint now caps supplies at 10^36; the
// sums also saturate at 2^256 − 1 and the checkpoint reports them (check
// "overflow") instead of halting. The same for the fee sum.
func (s *KeeperTestSuite) TestRunningSumsSaturate() {
	s.e.endBlocksUntil(s.T(), 5) // a clean checkpoint first
	minter := authtypes.NewModuleAddress(minterModule)
	x := math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), new(big.Int).Lsh(big.NewInt(1), 251)))
	big1 := sdk.NewCoins(sdk.NewCoin("a/big", x))
	mint := func(ctx sdk.Context) error {
		if err := s.e.bk.MintCoins(ctx, minterModule, big1); err != nil {
			return err
		}
		return s.e.bk.SendCoinsFromModuleToAccount(ctx, minterModule, s.alice, big1)
	}
	burn := func(ctx sdk.Context) error {
		if err := s.e.bk.SendCoinsFromAccountToModule(ctx, s.alice, minterModule, big1); err != nil {
			return err
		}
		return s.e.bk.BurnCoins(ctx, minterModule, big1)
	}
	fee := func(ctx sdk.Context) error {
		return s.e.k.RecordMovement(ctx, s.bob, s.carol, nil, big1, "", "")
	}
	for _, step := range []func(sdk.Context) error{mint, burn, mint, fee, fee} {
		_, err := s.e.tx(step)
		s.Require().NoError(err)
	}
	s.e.endBlock(s.T()) // panicked before the fix

	recon, err := s.e.k.Recon.Get(s.e.ctx)
	s.Require().NoError(err)
	s.Require().Equal([]types.SaturatedSum{
		{Sum: types.SumFees, Denom: "a/big"},
		{Sum: types.SumOut, Account: minter.String(), Denom: "a/big"},
	}, recon.Saturated)
	s.Require().True(recon.Fees.AmountOf("a/big").Equal(satmath.Max()))

	var events sdk.Events
	for s.e.ctx.BlockHeight() <= 10 {
		events = append(events, s.e.endBlock(s.T())...)
	}
	var overflow []string
	for _, ev := range events {
		if ev.Type != "azora.ledger.v1.EventReconciliationFailed" {
			continue
		}
		m := map[string]string{}
		for _, a := range ev.Attributes {
			m[a.Key] = a.Value
		}
		if m["check"] == `"overflow"` {
			overflow = append(overflow, m["account"]+" "+m["denom"]+" "+m["actual"])
		}
	}
	maxStr := `"` + satmath.Max().String() + `"`
	s.Require().Equal([]string{`"" "a/big" ` + maxStr, `"` + minter.String() + `" "a/big" ` + maxStr}, overflow)
	c, err := s.e.k.Checkpoints.Get(s.e.ctx, 10)
	s.Require().NoError(err)
	s.Require().False(c.Reconciled)

	// The next period starts afresh.
	s.e.endBlocksUntil(s.T(), 15)
	c, err = s.e.k.Checkpoints.Get(s.e.ctx, 15)
	s.Require().NoError(err)
	s.Require().True(c.Reconciled)
	recon, err = s.e.k.Recon.Get(s.e.ctx)
	s.Require().NoError(err)
	s.Require().Empty(recon.Saturated)
}

// TestReservationKeptWhileEntriesKept: a reservation is released only when
// both its deadline has passed and its journal entries are pruned. Here the
// deadline passes first: the expiry queue drops it, the reservation stays
// with its entries (the reference is still refused) and goes when
// retention prunes them.
func (s *KeeperTestSuite) TestReservationKeptWhileEntriesKept() {
	s.setup(func(p *types.Params) { p.RetentionBlocks, p.PrunePerBlock = 10, 3 })
	_, err := s.transferBy(s.alice, s.bob, uazr(10), "EARLY", genesisTime.Add(time.Second))
	s.Require().NoError(err)
	s.e.endBlock(s.T())
	key := collectionsJoin(s.alice, "EARLY")
	d, err := s.e.k.ReferenceDeadlines.Get(s.e.ctx, key)
	s.Require().NoError(err)
	s.Require().Equal(genesisTime.Add(time.Second).UnixNano(), d)

	s.e.ctx = s.e.ctx.WithBlockTime(genesisTime.Add(2 * time.Second))
	s.e.endBlock(s.T())
	queued, err := s.e.k.ReferenceExpiry.Has(s.e.ctx, collectionsJoin3(d, s.alice, "EARLY"))
	s.Require().NoError(err)
	s.Require().False(queued, "the queue entry is consumed")
	has, err := s.e.k.UsedReferences.Has(s.e.ctx, key)
	s.Require().NoError(err)
	s.Require().True(has, "kept while its entry is kept")
	_, err = s.transferBy(s.alice, s.bob, uazr(10), "EARLY", genesisTime.Add(time.Hour))
	s.Require().ErrorIs(err, types.ErrDuplicateReference)

	s.e.endBlocksUntil(s.T(), s.e.ctx.BlockHeight()+12)
	has, err = s.e.k.UsedReferences.Has(s.e.ctx, key)
	s.Require().NoError(err)
	s.Require().False(has, "released with its pruned entry")
	has, err = s.e.k.ReferenceDeadlines.Has(s.e.ctx, key)
	s.Require().NoError(err)
	s.Require().False(has)
}
