package keeper_test

import (
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

// TestGenesisRoundTrip builds a state with every kind of entry (assets
// listed, under order and sold, open, disputed, held and closed orders),
// exports it, imports it into a fresh store and exports again: equal.
// The imported state keeps working (queues and totals are rebuilt).
func (s *KeeperTestSuite) TestGenesisRoundTrip() {
	assetID := s.registerAsset()
	s.registerAsset()
	res, _ := s.ok(&types.MsgCreateListing{Seller: s.aliceS, Kind: types.ListingKindAsset, Title: "Gold bar", Price: uazr(9_000), Quantity: 1, AssetId: assetID})
	assetListing := res.(*types.MsgCreateListingResponse).ListingId
	goods := s.list(types.ListingKindGoods, uazr(100), 50)
	s.order(s.bobS, assetListing, 1, uazr(9_000))
	open := s.order(s.bobS, goods, 2, uazr(100))
	disputed := s.order(s.carolS, goods, 1, uazr(100))
	held := s.order(s.carolS, goods, 3, uazr(100))
	closed := s.order(s.bobS, goods, 1, uazr(100))
	s.ok(&types.MsgOpenDispute{Signer: s.carolS, OrderId: disputed, Reason: "wrong colour"})
	s.frozen[string(s.alice)] = true
	s.ok(&types.MsgConfirmDelivery{Buyer: s.carolS, OrderId: held})
	s.frozen[string(s.alice)] = false
	s.ok(&types.MsgConfirmDelivery{Buyer: s.bobS, OrderId: closed})
	s.ok(&types.MsgAcceptOrder{Seller: s.aliceS, OrderId: open})
	s.invariant()

	exported, err := s.k.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().NoError(exported.Validate(s.ac))
	s.Require().Len(exported.Orders, 5)
	s.Require().Len(exported.Escrows, 4)

	// A fresh store with the same bank.
	balances := s.balances
	s.SetupTestEmpty()
	s.balances = balances
	s.Require().NoError(s.k.InitGenesis(s.ctx, exported))
	again, err := s.k.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().Equal(exported, again)
	s.invariant()

	// The queues came back: the placed and accepted orders expire, the
	// dispute passes its deadline (dispute_ttl, 30 days) and the buyer is
	// refunded, the held order waits, the closed one is pruned.
	ev := s.endBlock(genesisTime.Add(types.DefaultClosedOrderRetention))
	s.Require().Equal(3, count(ev, "azora.forge.v1.EventOrderRefunded"))
	s.Require().Equal(1, count(ev, "azora.forge.v1.EventDisputeExpired"))
	s.Require().Equal(1, count(ev, "azora.forge.v1.EventOrderPruned"))
	s.invariant()
}

func (s *KeeperTestSuite) TestInitGenesisChecksEscrowBalance() {
	gs := types.DefaultGenesis()
	gs.NextListingId = 2
	o := types.Order{
		Id: "1-1", ListingId: 1, Seq: 1, Buyer: s.bobS, Seller: s.aliceS, Kind: types.ListingKindGoods,
		Quantity: 1, UnitPrice: uazr(100), Amount: uazr(100), Fee: uazr(5), Status: types.OrderStatusPlaced,
		CreatedAt: genesisTime, Expiry: genesisTime.Add(time.Hour),
	}
	gs.Orders = []types.Order{o}
	gs.Escrows = []types.EscrowEntry{{OrderId: "1-1", Escrow: types.Escrow{Amount: uazr(100), Fee: uazr(5)}}}
	s.Require().NoError(gs.Validate(s.ac))

	s.SetupTestEmpty()
	err := s.k.InitGenesis(s.ctx, gs)
	s.Require().ErrorIs(err, types.ErrEscrowInvariant)

	s.SetupTestEmpty()
	s.balances[string(s.escrow)] = sdk.NewCoins(uazr(105))
	s.Require().NoError(s.k.InitGenesis(s.ctx, gs))
	s.invariant()
}
