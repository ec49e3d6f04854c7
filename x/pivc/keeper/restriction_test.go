package keeper_test

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/pivc/types"
)

func typedEvents(evs sdk.Events, typ string) []sdk.Event {
	var out []sdk.Event
	for _, e := range evs {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

func (s *KeeperTestSuite) TestRestrictionChargesInATx() {
	evs, err := s.e.send(s.alice, s.bob, coins(1000))
	s.Require().NoError(err)

	// alice pays 1050, bob gets 1000. Inside a tx the pools are credited
	// through bank's virtual accounts, so they see the fee at EndBlock.
	s.Require().Equal(int64(1_000_000-1050), s.bal(s.alice))
	s.Require().Equal(int64(1_000_000+1000), s.bal(s.bob))
	s.Require().Zero(s.bal(s.growth))
	_, err = s.e.k.Totals.Get(s.e.ctx, denom)
	s.Require().Error(err, "totals are folded at EndBlock")

	s.Require().NoError(s.e.endBlock())
	s.Require().Equal(int64(30), s.bal(s.growth))
	s.Require().Equal(int64(20), s.bal(s.ubo))
	tot, err := s.e.k.Totals.Get(s.e.ctx, denom)
	s.Require().NoError(err)
	s.Require().Equal("50/30/20", tot.Captured.String()+"/"+tot.ToGrowth.String()+"/"+tot.ToUbo.String())

	captured := typedEvents(evs, "azora.pivc.v1.EventFeeCaptured")
	s.Require().Len(captured, 1)
	ev, err := sdk.ParseTypedEvent(abciEvent(captured[0]))
	s.Require().NoError(err)
	s.Require().Equal(&types.EventFeeCaptured{
		Payer: s.alice.String(), Recipient: s.bob.String(), Source: types.SourceTransfer,
		Amount: coins(1000), Fee: coins(50), ToGrowth: coins(30), ToUbo: coins(20),
	}, ev)
}

func (s *KeeperTestSuite) TestRestrictionOutsideATxCreditsThePoolsAtOnce() {
	// A block phase (e.g. a gov proposal executing a send in EndBlock) runs
	// after bank folded the virtual credits: the pools are credited directly
	// and the totals folded at once.
	s.Require().NoError(s.e.bk.SendCoins(s.e.ctx, s.alice, s.bob, coins(1000)))
	s.Require().Equal(int64(30), s.bal(s.growth))
	s.Require().Equal(int64(20), s.bal(s.ubo))
	tot, err := s.e.k.Totals.Get(s.e.ctx, denom)
	s.Require().NoError(err)
	s.Require().Equal(int64(50), tot.Captured.Int64())
}

func (s *KeeperTestSuite) TestRestrictionSkips() {
	s.e.fundModule(s.T(), escrowModule, coins(10_000))
	s.e.setParams(s.T(), func(p *types.Params) { p.ExemptAddresses = []string{s.dave.String()} })
	s.e.commit()

	cases := []struct {
		name     string
		ctx      func(sdk.Context) sdk.Context
		from, to sdk.AccAddress
	}{
		{"into a module account (escrow deposit)", nil, s.alice, s.escrow},
		{"out of a module account (escrow payout)", nil, s.escrow, s.alice},
		{"gas fee to the fee collector", nil, s.alice, authFeeCollector()},
		{"to oneself", nil, s.alice, s.alice},
		{"exempt sender", nil, s.dave, s.alice},
		{"exempt recipient", nil, s.alice, s.dave},
		{"a fee-capture move", func(c sdk.Context) sdk.Context { return movement.WithFeeCapture(c) }, s.alice, s.bob},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			from0, to0 := s.bal(tc.from), s.bal(tc.to)
			_, err := s.e.tx(func(ctx sdk.Context) error {
				if tc.ctx != nil {
					ctx = tc.ctx(ctx)
				}
				return s.e.bk.SendCoins(ctx, tc.from, tc.to, coins(1000))
			})
			s.Require().NoError(err)
			if !tc.from.Equals(tc.to) {
				s.Require().Equal(from0-1000, s.bal(tc.from))
				s.Require().Equal(to0+1000, s.bal(tc.to))
			}
			s.Require().NoError(s.e.endBlock())
			s.Require().Zero(s.bal(s.growth))
			s.Require().Zero(s.bal(s.ubo))
		})
	}

	s.Run("rate 0", func() {
		s.e.setParams(s.T(), func(p *types.Params) { p.RateBps = 0 })
		_, err := s.e.send(s.alice, s.bob, coins(1000))
		s.Require().NoError(err)
		s.Require().NoError(s.e.endBlock())
		s.Require().Zero(s.bal(s.growth) + s.bal(s.ubo))
	})
}

func authFeeCollector() sdk.AccAddress { return authModuleAddr("fee_collector") }

func (s *KeeperTestSuite) TestRestrictionInsufficientFunds() {
	poor := testAddr("poor")
	s.e.fund(s.T(), poor, coins(1050))
	s.e.commit()

	_, err := s.e.send(poor, s.bob, coins(1001))
	s.Require().ErrorIs(err, types.ErrInsufficientFunds)
	s.Require().Contains(err.Error(), "spendable 1050uazr is less than 1001uazr + PIVC 51uazr = 1052uazr")
	s.Require().Equal(int64(1050), s.bal(poor))

	// An unknown denom: nothing to spend.
	_, err = s.e.send(poor, s.bob, sdk.NewCoins(sdk.NewInt64Coin("ufoo", 1)))
	s.Require().ErrorIs(err, types.ErrInsufficientFunds)

	_, err = s.e.send(poor, s.bob, coins(1000))
	s.Require().NoError(err)
	s.Require().Zero(s.bal(poor))
}

func (s *KeeperTestSuite) TestRestrictionOverflowIsAClearError() {
	huge, ok := sdkIntFromString("115792089237316195423570985008687907853269984665640564039457584007913129639935") // 2^256-1
	s.Require().True(ok)
	_, err := s.e.send(s.alice, s.bob, sdk.NewCoins(sdk.NewCoin(denom, huge)))
	s.Require().ErrorIs(err, types.ErrOverflow)
}

func (s *KeeperTestSuite) TestQuoteAndFeeFor() {
	fee, err := s.e.k.Quote(s.e.ctx, coins(1000))
	s.Require().NoError(err)
	s.Require().Equal(coins(50), fee)

	_, err = s.e.k.Quote(s.e.ctx, sdk.Coins{sdk.Coin{Denom: "x", Amount: sdkIntRaw(-1)}})
	s.Require().ErrorIs(err, types.ErrInvalidAmount)

	s.e.setParams(s.T(), func(p *types.Params) { p.ExemptAddresses = []string{s.dave.String()} })
	for _, tc := range []struct {
		name     string
		from, to sdk.AccAddress
		want     sdk.Coins
	}{
		{"two accounts", s.alice, s.bob, coins(50)},
		{"module recipient", s.alice, s.escrow, sdk.Coins{}},
		{"module sender", s.escrow, s.alice, sdk.Coins{}},
		{"exempt sender", s.dave, s.alice, sdk.Coins{}},
		{"exempt recipient", s.alice, s.dave, sdk.Coins{}},
		{"oneself", s.alice, s.alice, sdk.Coins{}},
	} {
		s.Run(tc.name, func() {
			got, err := s.e.k.FeeFor(s.e.ctx, tc.from, tc.to, coins(1000))
			s.Require().NoError(err)
			s.Require().Equal(tc.want, got)
		})
	}
	_, err = s.e.k.FeeFor(s.e.ctx, s.alice, s.bob, sdk.Coins{sdk.Coin{Denom: "x", Amount: sdkIntRaw(-1)}})
	s.Require().ErrorIs(err, types.ErrInvalidAmount)
}

func (s *KeeperTestSuite) TestCaptureFromModule() {
	// The escrow holds price + PIVC paid by the buyer (alice).
	s.e.fundModule(s.T(), escrowModule, coins(1050))
	s.e.commit()

	evs, err := s.e.tx(func(ctx sdk.Context) error {
		return s.e.k.CaptureFromModule(ctx, escrowModule, s.alice, coins(50))
	})
	s.Require().NoError(err)
	s.Require().Equal(int64(1000), s.bal(s.escrow))
	s.Require().NoError(s.e.endBlock())
	s.Require().Equal(int64(30), s.bal(s.growth))
	s.Require().Equal(int64(20), s.bal(s.ubo))
	tot, err := s.e.k.Totals.Get(s.e.ctx, denom)
	s.Require().NoError(err)
	s.Require().Equal(int64(50), tot.Captured.Int64())

	captured := typedEvents(evs, "azora.pivc.v1.EventFeeCaptured")
	s.Require().Len(captured, 1)
	ev, err := sdk.ParseTypedEvent(abciEvent(captured[0]))
	s.Require().NoError(err)
	s.Require().Equal(&types.EventFeeCaptured{
		Payer: s.alice.String(), Source: escrowModule,
		Amount: sdk.Coins{}, Fee: coins(50), ToGrowth: coins(30), ToUbo: coins(20),
	}, normalizeEvent(ev.(*types.EventFeeCaptured)))

	bad := []struct {
		name   string
		module string
		payer  sdk.AccAddress
		fee    sdk.Coins
		expErr error
	}{
		{"unknown module", "nosuchmodule", s.alice, coins(1), types.ErrUnknownModule},
		{"invalid fee", escrowModule, s.alice, sdk.Coins{sdk.Coin{Denom: "x", Amount: sdkIntRaw(-1)}}, types.ErrInvalidAmount},
		{"no payer", escrowModule, nil, coins(1), sdkerrors.ErrInvalidAddress},
		{"more than the escrow holds", escrowModule, s.alice, coins(1001), sdkerrors.ErrInsufficientFunds},
	}
	for _, tc := range bad {
		s.Run(tc.name, func() {
			_, err := s.e.tx(func(ctx sdk.Context) error { return s.e.k.CaptureFromModule(ctx, tc.module, tc.payer, tc.fee) })
			s.Require().ErrorIs(err, tc.expErr)
			s.Require().Equal(int64(1000), s.bal(s.escrow))
		})
	}
	s.Run("zero fee is a no-op", func() {
		_, err := s.e.tx(func(ctx sdk.Context) error { return s.e.k.CaptureFromModule(ctx, escrowModule, s.alice, sdk.Coins{}) })
		s.Require().NoError(err)
		s.Require().Equal(int64(1000), s.bal(s.escrow))
	})
}

func (s *KeeperTestSuite) TestTotalsAccumulatePerTxAndFoldAtEndBlock() {
	// Three txs in one block, one of which fails after its fee was moved:
	// only the two that succeed count, each in its own object-store entry.
	_, err := s.e.send(s.alice, s.bob, coins(1000))
	s.Require().NoError(err)
	_, err = s.e.tx(func(ctx sdk.Context) error {
		if err := s.e.bk.SendCoins(ctx, s.carol, s.bob, coins(1000)); err != nil {
			return err
		}
		return sdkerrors.ErrInvalidRequest // a later message fails
	})
	s.Require().Error(err)
	_, err = s.e.send(s.carol, s.dave, coins(20))
	s.Require().NoError(err)
	s.Require().Equal(int64(1_000_000-21), s.bal(s.carol))

	s.Require().NoError(s.e.endBlock())
	tot, err := s.e.k.Totals.Get(s.e.ctx, denom)
	s.Require().NoError(err)
	s.Require().Equal(int64(51), tot.Captured.Int64())
	s.Require().Equal(int64(31), tot.ToGrowth.Int64()) // 30 + 1
	s.Require().Equal(int64(20), tot.ToUbo.Int64())
	s.Require().Equal(int64(31), s.bal(s.growth))
	s.Require().Equal(int64(20), s.bal(s.ubo))

	// The next block starts from an empty object store.
	s.Require().NoError(s.e.endBlock())
	tot, err = s.e.k.Totals.Get(s.e.ctx, denom)
	s.Require().NoError(err)
	s.Require().Equal(int64(51), tot.Captured.Int64())
}
