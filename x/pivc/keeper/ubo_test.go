package keeper_test

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/satmath"
	"github.com/azora-os/nexus/x/pivc/types"
)

const epoch = 5

// uboSetup makes epochs 5 blocks long, funds a payer and a shop (neither
// eligible) and makes alice, bob and carol eligible; dave stays ineligible.
func (s *KeeperTestSuite) uboSetup() (payer, shop sdk.AccAddress) {
	s.e.setParams(s.T(), func(p *types.Params) { p.EpochBlocks = epoch })
	payer, shop = testAddr("payer"), testAddr("shop")
	s.e.fund(s.T(), payer, coins(1_000_000))
	for _, a := range []sdk.AccAddress{s.alice, s.bob, s.carol} {
		s.setEligible(a, true)
	}
	s.e.commit()
	return payer, shop
}

func (s *KeeperTestSuite) setEligible(a sdk.AccAddress, eligible bool) {
	s.e.elig.eligible[string(a)] = eligible
	_, err := s.e.tx(func(ctx sdk.Context) error { return s.e.k.Hooks().AfterEligibilityChanged(ctx, a, eligible) })
	s.Require().NoError(err)
}

// pay moves 10000 from payer to shop: a 500 fee, 200 of it to the UBO pool.
func (s *KeeperTestSuite) pay(payer, shop sdk.AccAddress) {
	_, err := s.e.send(payer, shop, coins(10_000))
	s.Require().NoError(err)
}

// nextEpoch ends blocks through the next epoch end.
func (s *KeeperTestSuite) nextEpoch() {
	h := s.e.ctx.BlockHeight()
	s.e.endBlocksUntil(s.T(), (h/epoch+1)*epoch)
	s.requirePoolCovers()
}

func (s *KeeperTestSuite) pending(a sdk.AccAddress) int64 {
	p, _, err := s.e.k.PendingUBO(s.e.ctx, a)
	s.Require().NoError(err)
	return p.AmountOf(denom).Int64()
}

func (s *KeeperTestSuite) claim(a sdk.AccAddress) (int64, error) {
	var paid sdk.Coins
	_, err := s.e.tx(func(ctx sdk.Context) error {
		res, err := s.msgServer.ClaimUBO(ctx, &types.MsgClaimUBO{Claimant: a.String()})
		if err == nil {
			paid = res.Amount
		}
		return err
	})
	s.requirePoolCovers()
	return paid.AmountOf(denom).Int64(), err
}

// requirePoolCovers checks the UBO invariant: the pool is never negative and
// always covers what is allocated and unclaimed, which equals Σ pending.
func (s *KeeperTestSuite) requirePoolCovers() {
	out, err := s.e.k.Outstanding(s.e.ctx)
	s.Require().NoError(err)
	pool := s.e.bk.GetAllBalances(s.e.ctx, s.ubo)
	s.Require().True(pool.IsAllGTE(out), "pool %s < outstanding %s", pool, out)
	var sum int64
	for _, a := range []sdk.AccAddress{s.alice, s.bob, s.carol, s.dave} {
		sum += s.pending(a)
	}
	s.Require().Equal(out.AmountOf(denom).Int64(), sum, "outstanding = Σ pending")
}

func (s *KeeperTestSuite) TestUBOThreeEligibleOneIneligibleTwoEpochs() {
	payer, shop := s.uboSetup()
	count, err := s.e.k.EligibleCount.Get(s.e.ctx)
	s.Require().NoError(err)
	s.Require().Equal(uint64(3), count)

	// Epoch 1: 200 in the pool → 66 each, 2 stay unallocated.
	s.pay(payer, shop)
	s.nextEpoch()
	s.Require().Equal(int64(200), s.bal(s.ubo))
	for _, a := range []sdk.AccAddress{s.alice, s.bob, s.carol} {
		s.Require().Equal(int64(66), s.pending(a))
	}
	s.Require().Zero(s.pending(s.dave))

	// alice claims at once; a second claim pays nothing.
	alice0 := s.bal(s.alice)
	paid, err := s.claim(s.alice)
	s.Require().NoError(err)
	s.Require().Equal(int64(66), paid)
	s.Require().Equal(alice0+66, s.bal(s.alice))
	_, err = s.claim(s.alice)
	s.Require().ErrorIs(err, types.ErrNothingToClaim)
	s.Require().Equal(alice0+66, s.bal(s.alice))

	// dave is not eligible: nothing accrued, nothing paid.
	dave0 := s.bal(s.dave)
	_, err = s.claim(s.dave)
	s.Require().ErrorIs(err, types.ErrNotEligible)
	s.Require().Equal(dave0, s.bal(s.dave))

	// Epoch 2: pool 134 + 200 = 334, 132 outstanding, 202 free → 67 each.
	s.pay(payer, shop)
	s.nextEpoch()
	s.Require().Equal(int64(67), s.pending(s.alice))
	s.Require().Equal(int64(133), s.pending(s.bob))
	s.Require().Equal(int64(133), s.pending(s.carol))

	// Claims in another order: carol, alice, bob.
	for _, c := range []struct {
		who  sdk.AccAddress
		want int64
	}{{s.carol, 133}, {s.alice, 67}, {s.bob, 133}} {
		before := s.bal(c.who)
		paid, err := s.claim(c.who)
		s.Require().NoError(err)
		s.Require().Equal(c.want, paid)
		s.Require().Equal(before+c.want, s.bal(c.who))
	}
	// The division remainder (1) stays in the pool for the next epoch.
	s.Require().Equal(int64(1), s.bal(s.ubo))
	out, err := s.e.k.Outstanding(s.e.ctx)
	s.Require().NoError(err)
	s.Require().True(out.IsZero())

	s.Require().NoError(s.e.endBlock())
	tot, err := s.e.k.Totals.Get(s.e.ctx, denom)
	s.Require().NoError(err)
	s.Require().Equal(int64(400), tot.ToUbo.Int64())
	s.Require().Equal(int64(66+133+67+133), tot.Claimed.Int64())
}

func (s *KeeperTestSuite) TestUBOClaimOrderDoesNotMatter() {
	payer, shop := s.uboSetup()
	s.pay(payer, shop)
	s.nextEpoch()
	s.pay(payer, shop)
	s.nextEpoch()
	// Nobody claimed in between: 66 + 67 each, whatever the order.
	for _, a := range []sdk.AccAddress{s.bob, s.carol, s.alice} {
		paid, err := s.claim(a)
		s.Require().NoError(err)
		s.Require().Equal(int64(133), paid)
	}
	s.Require().Equal(int64(1), s.bal(s.ubo))
}

func (s *KeeperTestSuite) TestUBOFrozenAccountKeepsOnlyWhatAccruedWhileEligible() {
	payer, shop := s.uboSetup()
	s.pay(payer, shop)
	s.nextEpoch() // 66 each

	// bob is frozen: his 66 is settled, he stops sharing.
	s.setEligible(s.bob, false)
	m, err := s.e.k.UBOMembers.Get(s.e.ctx, s.bob)
	s.Require().NoError(err)
	s.Require().False(m.Eligible)
	s.Require().Equal(coins(66), m.Accrued)
	count, err := s.e.k.EligibleCount.Get(s.e.ctx)
	s.Require().NoError(err)
	s.Require().Equal(uint64(2), count)

	// Epoch 2: pool 400, 198 outstanding, 202 free → 101 for alice and carol.
	s.pay(payer, shop)
	s.nextEpoch()
	s.Require().Equal(int64(167), s.pending(s.alice))
	s.Require().Equal(int64(66), s.pending(s.bob))

	// A frozen account is paid nothing.
	bob0 := s.bal(s.bob)
	_, err = s.claim(s.bob)
	s.Require().ErrorIs(err, types.ErrNotEligible)
	s.Require().Equal(bob0, s.bal(s.bob))

	// Unfrozen, bob claims what accrued while he was eligible, no more.
	s.setEligible(s.bob, true)
	paid, err := s.claim(s.bob)
	s.Require().NoError(err)
	s.Require().Equal(int64(66), paid)
	for _, a := range []sdk.AccAddress{s.alice, s.carol} {
		paid, err := s.claim(a)
		s.Require().NoError(err)
		s.Require().Equal(int64(167), paid)
	}
	s.Require().Zero(s.bal(s.ubo))
}

func (s *KeeperTestSuite) TestUBOLateJoinerAndNoEligibleAccounts() {
	s.e.setParams(s.T(), func(p *types.Params) { p.EpochBlocks = epoch })
	payer, shop := testAddr("payer"), testAddr("shop")
	s.e.fund(s.T(), payer, coins(1_000_000))
	s.e.commit()

	// Nobody eligible: nothing is allocated, the pool accumulates.
	s.pay(payer, shop)
	s.nextEpoch()
	out, err := s.e.k.Outstanding(s.e.ctx)
	s.Require().NoError(err)
	s.Require().True(out.IsZero())
	s.Require().Equal(int64(200), s.bal(s.ubo))

	// dave joins: the next epoch allocates everything unallocated to him.
	s.setEligible(s.dave, true)
	s.Require().Zero(s.pending(s.dave))
	s.pay(payer, shop)
	s.nextEpoch()
	s.Require().Equal(int64(400), s.pending(s.dave))

	// alice joins after that epoch: she has nothing from before.
	s.setEligible(s.alice, true)
	s.Require().Zero(s.pending(s.alice))
	_, err = s.claim(s.alice)
	s.Require().ErrorIs(err, types.ErrNothingToClaim)
}

func (s *KeeperTestSuite) TestEligibilityHookIsIdempotent() {
	s.e.elig.eligible[string(s.alice)] = true
	run := func(eligible bool) sdk.Events {
		evs, err := s.e.tx(func(ctx sdk.Context) error {
			return s.e.k.Hooks().AfterEligibilityChanged(ctx, s.alice, eligible)
		})
		s.Require().NoError(err)
		return typedEvents(evs, "azora.pivc.v1.EventUBOEligibilityChanged")
	}
	count := func() uint64 {
		n, err := s.e.k.EligibleCount.Get(s.e.ctx)
		s.Require().NoError(err)
		return n
	}

	s.Require().Len(run(false), 0, "not a member: no-op")
	s.Require().Len(run(true), 1)
	s.Require().Equal(uint64(1), count())
	s.Require().Len(run(true), 0, "already eligible: no-op (aegis InitGenesis replays)")
	s.Require().Equal(uint64(1), count())
	s.Require().Len(run(false), 1)
	s.Require().Equal(uint64(0), count())
	// Nothing accrued: the member record is gone.
	has, err := s.e.k.UBOMembers.Has(s.e.ctx, s.alice)
	s.Require().NoError(err)
	s.Require().False(has)
	s.Require().Len(run(false), 0)

	_, err = s.e.tx(func(ctx sdk.Context) error { return s.e.k.Hooks().AfterEligibilityChanged(ctx, nil, true) })
	s.Require().ErrorIs(err, types.ErrInvalidRecipient)
}

func (s *KeeperTestSuite) TestUBOAllocationEvent() {
	payer, shop := s.uboSetup()
	s.pay(payer, shop)
	// End blocks up to the epoch end by hand to see its events.
	for s.e.ctx.BlockHeight()%epoch != 0 {
		s.Require().NoError(s.e.endBlock())
	}
	s.Require().NoError(s.e.bk.CreditVirtualAccounts(s.e.ctx))
	s.Require().NoError(s.e.k.EndBlocker(s.e.ctx))
	evs := typedEvents(s.e.ctx.EventManager().Events(), "azora.pivc.v1.EventUBOAllocated")
	s.Require().Len(evs, 1)
	ev, err := sdk.ParseTypedEvent(abciEvent(evs[0]))
	s.Require().NoError(err)
	s.Require().Equal(&types.EventUBOAllocated{
		Height: s.e.ctx.BlockHeight(), EligibleCount: 3,
		PerAccount: coins(66), Allocated: coins(198), Index: coins(66),
	}, ev)
}

// TestUBOIndexSaturates (issue 14): the cumulative UBO index only grows. If
// an epoch's share would take it past 2^256 - 1, the allocation of that
// denom is skipped (the pool keeps the coins, unallocated) and
// EventTotalSaturated reports it; the block does not fail, other denoms are
// allocated as usual.
func (s *KeeperTestSuite) TestUBOIndexSaturates() {
	payer, shop := s.uboSetup()
	const bigDenom = "a/big"
	s.e.fundModule(s.T(), types.UBOPoolName, sdk.NewCoins(sdk.NewInt64Coin(bigDenom, 3_000)))
	near := satmath.Max().SubRaw(10)
	s.Require().NoError(s.e.k.UBOIndex.Set(s.e.ctx, bigDenom, near))
	s.pay(payer, shop) // 200uazr to the UBO pool

	var events sdk.Events
	for i := 0; i < epoch && len(saturatedEvents(events)) == 0; i++ { // up to the next epoch end
		ctx := s.e.ctx.WithEventManager(sdk.NewEventManager())
		s.Require().NoError(s.e.bk.CreditVirtualAccounts(ctx))
		s.Require().NoError(s.e.k.EndBlocker(ctx))
		events = append(events, ctx.EventManager().Events()...)
		s.e.commit()
	}
	s.Require().Equal([]string{bigDenom + "/ubo_index"}, saturatedEvents(events))
	idx, err := s.e.k.UBOIndex.Get(s.e.ctx, bigDenom)
	s.Require().NoError(err)
	s.Require().True(idx.Equal(near), "index moved to %s", idx)
	// uazr was allocated as usual: 200 / 3 eligible = 66 each.
	s.Require().Equal(int64(66), s.pending(s.alice))
	s.requirePoolCovers()
}
