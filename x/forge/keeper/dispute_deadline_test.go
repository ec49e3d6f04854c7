package keeper_test

import (
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/keeper"
	"github.com/azora-os/nexus/x/forge/types"
)

// disputeQueueKey is a disputed order's key in the dispute queue: (deadline
// in Unix nanoseconds, listing, seq).
func disputeQueueKey(o types.Order) keeper.QueueKey {
	return collections.Join3(o.Dispute.Deadline.UnixNano(), o.ListingId, o.Seq)
}

// attrs returns the attributes of the first event of type typ.
func attrs(ev sdk.Events, typ string) map[string]string {
	for _, e := range ev {
		if e.Type != typ {
			continue
		}
		m := map[string]string{}
		for _, a := range e.Attributes {
			m[a.Key] = a.Value
		}
		return m
	}
	return nil
}

// TestDisputeDeadlineRefundsBuyer is issue 14 §4: a disputed order left
// the expiry queue and, with no arbiter, its escrow never moved. Now a
// dispute has a deadline (params.dispute_ttl); past it EndBlock applies the
// default: the buyer is refunded in full, with EventDisputeExpired, and
// the order is closed (an arbiter can no longer decide it).
func (s *KeeperTestSuite) TestDisputeDeadlineRefundsBuyer() {
	lid := s.list(types.ListingKindGoods, uazr(1000), 10)
	id := s.order(s.bobS, lid, 2, uazr(1000))
	bobBefore := s.bal(s.bob, "uazr")
	_, ev := s.ok(&types.MsgOpenDispute{Signer: s.bobS, OrderId: id, Reason: "never delivered"})
	deadline := genesisTime.Add(types.DefaultDisputeTTL)
	s.Require().Equal(`"`+deadline.Format(time.RFC3339)+`"`, attrs(ev, "azora.forge.v1.EventDisputeOpened")["deadline"])
	o := s.getOrder(id)
	s.Require().Equal(deadline, o.Dispute.Deadline)

	// Not before the deadline: the order waits for an arbiter, well past
	// its own expiry (order_ttl, 14 days).
	ev = s.endBlock(deadline.Add(-time.Nanosecond))
	s.Require().Zero(count(ev, "azora.forge.v1.EventDisputeExpired"))
	s.Require().Equal(types.OrderStatusDisputed, s.getOrder(id).Status)

	// At the deadline: refunded in full.
	ev = s.endBlock(deadline)
	s.Require().Equal(1, count(ev, "azora.forge.v1.EventDisputeExpired"))
	s.Require().Equal(`"refunded"`, attrs(ev, "azora.forge.v1.EventDisputeExpired")["outcome"])
	s.Require().Equal(`"CLOSE_REASON_DISPUTE_EXPIRED"`, attrs(ev, "azora.forge.v1.EventOrderRefunded")["reason"])
	o = s.getOrder(id)
	s.Require().Equal(types.OrderStatusRefunded, o.Status)
	s.Require().Equal(types.CloseReasonDisputeExpired, o.CloseReason)
	s.Require().Equal(bobBefore+2000+100, s.bal(s.bob, "uazr"), "price and PIVC back")
	s.invariant()
	// Exactly one close: an arbiter comes too late.
	s.fails(types.ErrOrderClosed, &types.MsgResolveDispute{Arbiter: s.arbiterS, OrderId: id, Resolution: types.ResolutionRelease, Reason: "late"})
	// The stock is back.
	l, err := s.k.GetListing(s.ctx, lid)
	s.Require().NoError(err)
	s.Require().Equal(uint64(10), l.Quantity)
}

// An arbiter who decides in time takes the order out of the dispute queue.
func (s *KeeperTestSuite) TestDisputeResolvedBeforeDeadline() {
	lid := s.list(types.ListingKindGoods, uazr(1000), 10)
	id := s.order(s.bobS, lid, 1, uazr(1000))
	s.ok(&types.MsgOpenDispute{Signer: s.aliceS, OrderId: id, Reason: "buyer unreachable"})
	o := s.getOrder(id)
	has, err := s.k.DisputeQueue.Has(s.ctx, disputeQueueKey(o))
	s.Require().NoError(err)
	s.Require().True(has)
	s.ok(&types.MsgResolveDispute{Arbiter: s.arbiterS, OrderId: id, Resolution: types.ResolutionRelease, Reason: "delivered"})
	has, err = s.k.DisputeQueue.Has(s.ctx, disputeQueueKey(o))
	s.Require().NoError(err)
	s.Require().False(has)
	s.Require().Equal(types.CloseReasonArbiterRelease, s.getOrder(id).CloseReason)
	ev := s.endBlock(o.Dispute.Deadline.Add(time.Hour))
	s.Require().Zero(count(ev, "azora.forge.v1.EventDisputeExpired"))
	s.Require().Zero(count(ev, "azora.forge.v1.EventOrderRefunded"))
	s.invariant()
}

// The default never pays a frozen buyer: the order is held for an arbiter
// (its escrow stays, as the buyer's funds would stay frozen).
func (s *KeeperTestSuite) TestDisputeDeadlineHoldsForFrozenBuyer() {
	lid := s.list(types.ListingKindGoods, uazr(1000), 10)
	id := s.order(s.bobS, lid, 1, uazr(1000))
	s.ok(&types.MsgOpenDispute{Signer: s.bobS, OrderId: id, Reason: "broken"})
	s.frozen[string(s.bob)] = true
	ev := s.endBlock(genesisTime.Add(types.DefaultDisputeTTL))
	s.Require().Equal(`"held"`, attrs(ev, "azora.forge.v1.EventDisputeExpired")["outcome"])
	s.Require().Equal(1, count(ev, "azora.forge.v1.EventOrderHeld"))
	o := s.getOrder(id)
	s.Require().Equal(types.OrderStatusHeld, o.Status)
	has, err := s.k.DisputeQueue.Has(s.ctx, disputeQueueKey(o))
	s.Require().NoError(err)
	s.Require().False(has, "a held order left the dispute queue")
	s.invariant()
	// Once unfrozen an arbiter decides it.
	s.frozen[string(s.bob)] = false
	s.ok(&types.MsgResolveDispute{Arbiter: s.arbiterS, OrderId: id, Resolution: types.ResolutionRefund, Reason: "refund"})
	s.invariant()
}

// Dispute deadlines share EndBlock's bound (max_expiries_per_block) with
// expiries: what does not fit rolls to the next block.
func (s *KeeperTestSuite) TestDisputeDeadlinesAreBounded() {
	p := types.DefaultParams()
	p.MaxExpiriesPerBlock = 3
	s.ok(&types.MsgUpdateParams{Authority: s.authority, Params: p})
	lid := s.list(types.ListingKindGoods, uazr(10), 100)
	for i := 0; i < 5; i++ {
		id := s.order(s.bobS, lid, 1, uazr(10))
		s.ok(&types.MsgOpenDispute{Signer: s.bobS, OrderId: id, Reason: "late"})
	}
	at := genesisTime.Add(types.DefaultDisputeTTL)
	s.Require().Equal(3, count(s.endBlock(at), "azora.forge.v1.EventDisputeExpired"))
	s.Require().Equal(2, count(s.endBlock(at.Add(time.Second)), "azora.forge.v1.EventDisputeExpired"))
	s.Require().Zero(count(s.endBlock(at.Add(2*time.Second)), "azora.forge.v1.EventDisputeExpired"))
	held, open, err := s.k.EscrowTotals(s.ctx)
	s.Require().NoError(err)
	s.Require().True(held.IsZero())
	s.Require().Zero(open)
	s.invariant()
}
