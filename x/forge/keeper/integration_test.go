package keeper_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	"github.com/azora-os/nexus/x/forge/types"
)

// TestTradeLifecycles runs a goods, a service and a labour trade end to end
// on the real app with signed txs: list, order (price × quantity + 5% PIVC
// into escrow), accept, confirm (seller paid exactly, PIVC split into the
// pools), with the exact balance of every party after every step.
func TestTradeLifecycles(t *testing.T) {
	for _, kind := range []types.ListingKind{types.ListingKindGoods, types.ListingKindService, types.ListingKindLabour} {
		t.Run(kind.String(), func(t *testing.T) {
			fa := setupForge(t, forgeOpts{})
			alice, bob := fa.alice, fa.bob
			const price, qty = 1_000_000, 3
			amount, fee := int64(price*qty), fee5(price*qty)
			require.Equal(t, int64(150_000), fee)

			// alice lists 10 units.
			r := fa.mustOK(alice, &types.MsgCreateListing{
				Seller: alice.String(), Kind: kind, Title: "Ten units of " + kind.String(), Price: coin(price), Quantity: 10,
			})
			var created types.MsgCreateListingResponse
			fa.response(r, 0, &created)
			require.Equal(t, uint64(1), created.ListingId)
			require.True(t, hasEvent(r, "azora.forge.v1.EventListingCreated"))

			// bob orders 3: 3,000,000 + 150,000 PIVC move into escrow.
			bobBefore, aliceBefore := fa.balance(bob.Addr), fa.balance(alice.Addr)
			r = fa.mustOK(bob, &types.MsgPlaceOrder{Buyer: bob.String(), ListingId: 1, Quantity: qty, UnitPrice: coin(price)})
			var placed types.MsgPlaceOrderResponse
			fa.response(r, 0, &placed)
			require.Equal(t, "1-1", placed.OrderId)
			require.Equal(t, coin(amount), placed.Amount)
			require.Equal(t, coin(fee), placed.Fee)
			require.True(t, hasEvent(r, "azora.forge.v1.EventOrderPlaced"))
			require.False(t, hasEvent(r, "azora.pivc.v1.EventFeeCaptured"), "no PIVC is captured before settlement")
			require.Equal(t, bobBefore-amount-fee-gasFee, fa.balance(bob.Addr))
			require.Equal(t, aliceBefore, fa.balance(alice.Addr))
			require.Equal(t, amount+fee, fa.escrowBalance())
			l, err := fa.ForgeKeeper.GetListing(fa.Ctx(), 1)
			require.NoError(t, err)
			require.Equal(t, uint64(7), l.Quantity)
			fa.requireEscrowInvariant()

			// alice accepts; bob can no longer cancel before expiry.
			r = fa.mustOK(alice, &types.MsgAcceptOrder{Seller: alice.String(), OrderId: "1-1"})
			require.True(t, hasEvent(r, "azora.forge.v1.EventOrderAccepted"))
			require.Equal(t, types.OrderStatusAccepted, fa.order("1-1").Status)
			fa.mustFail(types.ErrOrderAccepted, bob, &types.MsgCancelOrder{Signer: bob.String(), OrderId: "1-1"})

			// bob confirms: alice gets exactly the amount, the pools the
			// PIVC (60% growth, 40% UBO), the escrow is empty.
			aliceBefore = fa.balance(alice.Addr)
			growthBefore, uboBefore := fa.pools()
			r = fa.mustOK(bob, &types.MsgConfirmDelivery{Buyer: bob.String(), OrderId: "1-1"})
			var confirmed types.MsgConfirmDeliveryResponse
			fa.response(r, 0, &confirmed)
			require.False(t, confirmed.Held)
			require.True(t, hasEvent(r, "azora.forge.v1.EventOrderSettled"))
			src, ok := eventAttr(r.Events, "azora.pivc.v1.EventFeeCaptured", "source")
			require.True(t, ok)
			require.Equal(t, types.ModuleName, src)
			payer, _ := eventAttr(r.Events, "azora.pivc.v1.EventFeeCaptured", "payer")
			require.Equal(t, bob.String(), payer)
			require.Equal(t, aliceBefore+amount, fa.balance(alice.Addr))
			growth, ubo := fa.pools()
			require.Equal(t, int64(90_000), growth-growthBefore)
			require.Equal(t, int64(60_000), ubo-uboBefore)
			require.Zero(t, fa.escrowBalance())
			o := fa.order("1-1")
			require.Equal(t, types.OrderStatusSettled, o.Status)
			require.Equal(t, types.CloseReasonConfirmed, o.CloseReason)
			fa.requireEscrowInvariant()

			// Exactly one of settle/refund/resolve: every second attempt is
			// ErrOrderClosed and moves nothing.
			bobBefore = fa.balance(bob.Addr)
			fa.mustFail(types.ErrOrderClosed, bob, &types.MsgConfirmDelivery{Buyer: bob.String(), OrderId: "1-1"})
			fa.mustFail(types.ErrOrderClosed, bob, &types.MsgCancelOrder{Signer: bob.String(), OrderId: "1-1"})
			fa.mustFail(types.ErrOrderClosed, alice, &types.MsgCancelOrder{Signer: alice.String(), OrderId: "1-1"})
			fa.mustFail(types.ErrOrderClosed, fa.arbiter, &types.MsgResolveDispute{
				Arbiter: fa.arbiter.String(), OrderId: "1-1", Resolution: types.ResolutionRefund, Reason: "again",
			})
			require.Equal(t, bobBefore-2*gasFee, fa.balance(bob.Addr))
			require.Zero(t, fa.escrowBalance())
		})
	}
}

// TestAssetLifecycle registers a physical asset at a custodian, lists it,
// sells it: confirmation needs the custodian's handover record; settlement
// moves ownership and closes the listing.
func TestAssetLifecycle(t *testing.T) {
	fa := setupForge(t, forgeOpts{})
	alice, bob, carol, custodian := fa.alice, fa.bob, fa.carol, fa.custodian
	hash := "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	register := &types.MsgRegisterAsset{
		Owner: alice.String(), Kind: "vehicle", Title: "Toyota Hilux 2021", MetadataUri: "ipfs://bafyhilux",
		MetadataHash: hash, Custodian: custodian.String(),
	}

	// Only a custodian-role account can hold assets.
	bad := *register
	bad.Custodian = carol.String()
	fa.mustFail(types.ErrNotCustodian, alice, &bad)

	r := fa.mustOK(alice, register)
	var reg types.MsgRegisterAssetResponse
	fa.response(r, 0, &reg)
	require.Equal(t, uint64(1), reg.AssetId)
	require.True(t, hasEvent(r, "azora.forge.v1.EventAssetRegistered"))

	list := &types.MsgCreateListing{
		Seller: alice.String(), Kind: types.ListingKindAsset, Title: "Hilux for sale", Price: coin(5_000_000), Quantity: 1, AssetId: 1,
	}
	// Listing an asset you do not own.
	notMine := *list
	notMine.Seller = carol.String()
	fa.mustFail(types.ErrNotAssetOwner, carol, &notMine)
	fa.mustOK(alice, list)
	// Listing it twice, or giving it away while listed.
	fa.mustFail(types.ErrAssetLocked, alice, list)
	fa.mustFail(types.ErrAssetLocked, alice, &types.MsgTransferAsset{Owner: alice.String(), AssetId: 1, Recipient: carol.String()})

	fa.mustOK(bob, &types.MsgPlaceOrder{Buyer: bob.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(5_000_000)})
	a, err := fa.ForgeKeeper.GetAsset(fa.Ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, "1-1", a.OrderId)
	// The asset is sold out while ordered: a second buyer is refused.
	fa.mustFail(types.ErrInsufficientStock, carol, &types.MsgPlaceOrder{Buyer: carol.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(5_000_000)})

	// No confirmation before the custodian's handover record.
	fa.mustFail(types.ErrHandoverMissing, bob, &types.MsgConfirmDelivery{Buyer: bob.String(), OrderId: "1-1"})
	// Only the asset's custodian records it, once.
	fa.mustFail(types.ErrNotCustodian, carol, &types.MsgRecordHandover{Custodian: carol.String(), OrderId: "1-1", Reference: "fake"})
	r = fa.mustOK(custodian, &types.MsgRecordHandover{Custodian: custodian.String(), OrderId: "1-1", Reference: "gate receipt 0042"})
	require.True(t, hasEvent(r, "azora.forge.v1.EventHandoverRecorded"))
	fa.mustFail(types.ErrHandoverRecorded, custodian, &types.MsgRecordHandover{Custodian: custodian.String(), OrderId: "1-1", Reference: "again"})

	aliceBefore := fa.balance(alice.Addr)
	r = fa.mustOK(bob, &types.MsgConfirmDelivery{Buyer: bob.String(), OrderId: "1-1"})
	require.True(t, hasEvent(r, "azora.forge.v1.EventAssetTransferred"))
	reason, _ := eventAttr(r.Events, "azora.forge.v1.EventListingClosed", "reason")
	require.Equal(t, "sold", reason)
	require.Equal(t, aliceBefore+5_000_000, fa.balance(alice.Addr))

	a, err = fa.ForgeKeeper.GetAsset(fa.Ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, bob.String(), a.Owner)
	require.Zero(t, a.ListingId)
	require.Empty(t, a.OrderId)
	_, err = fa.ForgeKeeper.GetListing(fa.Ctx(), 1)
	require.ErrorIs(t, err, types.ErrListingNotFound)
	fa.requireEscrowInvariant()

	// The new owner can list it or give it away; the old one cannot.
	fa.mustFail(types.ErrNotAssetOwner, alice, &types.MsgTransferAsset{Owner: alice.String(), AssetId: 1, Recipient: carol.String()})
	fa.mustOK(bob, &types.MsgTransferAsset{Owner: bob.String(), AssetId: 1, Recipient: carol.String()})
	a, err = fa.ForgeKeeper.GetAsset(fa.Ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, carol.String(), a.Owner)
}

// TestDisputes resolves one dispute each way and checks that a resolved
// order cannot be resolved, confirmed or cancelled again.
func TestDisputes(t *testing.T) {
	fa := setupForge(t, forgeOpts{})
	alice, bob, arbiter := fa.alice, fa.bob, fa.arbiter
	const price = 2_000_000
	fa.mustOK(alice, &types.MsgCreateListing{Seller: alice.String(), Kind: types.ListingKindService, Title: "Garden design", Price: coin(price), Quantity: 5})
	fa.mustOK(bob, &types.MsgPlaceOrder{Buyer: bob.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(price)})
	fa.mustOK(bob, &types.MsgPlaceOrder{Buyer: bob.String(), ListingId: 1, Quantity: 2, UnitPrice: coin(price)})
	fa.mustOK(alice, &types.MsgAcceptOrder{Seller: alice.String(), OrderId: "1-1"})
	fa.mustOK(alice, &types.MsgAcceptOrder{Seller: alice.String(), OrderId: "1-2"})

	// Release: bob disputes 1-1, the arbiter finds for alice.
	fa.mustFail(types.ErrNotParty, fa.carol, &types.MsgOpenDispute{Signer: fa.carol.String(), OrderId: "1-1", Reason: "nosy"})
	r := fa.mustOK(bob, &types.MsgOpenDispute{Signer: bob.String(), OrderId: "1-1", Reason: "design incomplete"})
	require.True(t, hasEvent(r, "azora.forge.v1.EventDisputeOpened"))
	require.Equal(t, types.OrderStatusDisputed, fa.order("1-1").Status)
	// A disputed order is frozen: no confirmation, cancellation or second dispute.
	fa.mustFail(types.ErrInvalidOrderStatus, bob, &types.MsgConfirmDelivery{Buyer: bob.String(), OrderId: "1-1"})
	fa.mustFail(types.ErrInvalidOrderStatus, alice, &types.MsgCancelOrder{Signer: alice.String(), OrderId: "1-1"})
	fa.mustFail(types.ErrInvalidOrderStatus, alice, &types.MsgOpenDispute{Signer: alice.String(), OrderId: "1-1", Reason: "me too"})
	// Only an arbiter that is not a party decides.
	fa.mustFail(types.ErrNotArbiter, fa.carol, &types.MsgResolveDispute{Arbiter: fa.carol.String(), OrderId: "1-1", Resolution: types.ResolutionRelease, Reason: "x"})

	aliceBefore := fa.balance(alice.Addr)
	growthBefore, uboBefore := fa.pools()
	r = fa.mustOK(arbiter, &types.MsgResolveDispute{Arbiter: arbiter.String(), OrderId: "1-1", Resolution: types.ResolutionRelease, Reason: "design delivered as agreed"})
	require.True(t, hasEvent(r, "azora.forge.v1.EventDisputeResolved"))
	require.True(t, hasEvent(r, "azora.forge.v1.EventOrderSettled"))
	require.Equal(t, aliceBefore+price, fa.balance(alice.Addr))
	growth, ubo := fa.pools()
	require.Equal(t, fee5(price), (growth-growthBefore)+(ubo-uboBefore))
	o := fa.order("1-1")
	require.Equal(t, types.CloseReasonArbiterRelease, o.CloseReason)
	require.Equal(t, arbiter.String(), o.Resolved.Arbiter)
	fa.requireEscrowInvariant()

	// Refund: alice disputes 1-2 (bob rejected the work), the arbiter
	// refunds bob in full (price and PIVC); the stock comes back.
	fa.mustOK(alice, &types.MsgOpenDispute{Signer: alice.String(), OrderId: "1-2", Reason: "buyer refuses delivery"})
	bobBefore := fa.balance(bob.Addr)
	growthBefore, uboBefore = fa.pools()
	l, err := fa.ForgeKeeper.GetListing(fa.Ctx(), 1)
	require.NoError(t, err)
	stock := l.Quantity
	fa.mustOK(arbiter, &types.MsgResolveDispute{Arbiter: arbiter.String(), OrderId: "1-2", Resolution: types.ResolutionRefund, Reason: "work not to spec"})
	require.Equal(t, bobBefore+2*price+fee5(2*price), fa.balance(bob.Addr))
	growth, ubo = fa.pools()
	require.Equal(t, growthBefore, growth)
	require.Equal(t, uboBefore, ubo)
	l, err = fa.ForgeKeeper.GetListing(fa.Ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, stock+2, l.Quantity)
	require.Equal(t, types.OrderStatusRefunded, fa.order("1-2").Status)
	require.Zero(t, fa.escrowBalance())
	fa.requireEscrowInvariant()

	// Exactly one resolution.
	for _, id := range []string{"1-1", "1-2"} {
		fa.mustFail(types.ErrOrderClosed, arbiter, &types.MsgResolveDispute{Arbiter: arbiter.String(), OrderId: id, Resolution: types.ResolutionRefund, Reason: "again"})
		fa.mustFail(types.ErrOrderClosed, bob, &types.MsgConfirmDelivery{Buyer: bob.String(), OrderId: id})
	}
}

// TestCancellation covers who may cancel when: the buyer before acceptance,
// the seller any time, the buyer after expiry; third parties never.
func TestCancellation(t *testing.T) {
	fa := setupForge(t, forgeOpts{})
	alice, bob, carol := fa.alice, fa.bob, fa.carol
	const price = 500_000
	fa.mustOK(alice, &types.MsgCreateListing{Seller: alice.String(), Kind: types.ListingKindGoods, Title: "Maize, 50 kg bag", Price: coin(price), Quantity: 20})
	for i := 0; i < 3; i++ {
		fa.mustOK(bob, &types.MsgPlaceOrder{Buyer: bob.String(), ListingId: 1, Quantity: 2, UnitPrice: coin(price)})
	}
	refund := int64(2*price) + fee5(2*price)

	// 1-1: bob cancels before alice accepts: full refund, stock back.
	fa.mustFail(types.ErrNotParty, carol, &types.MsgCancelOrder{Signer: carol.String(), OrderId: "1-1"})
	bobBefore := fa.balance(bob.Addr)
	r := fa.mustOK(bob, &types.MsgCancelOrder{Signer: bob.String(), OrderId: "1-1"})
	require.Equal(t, bobBefore+refund-gasFee, fa.balance(bob.Addr))
	reason, _ := eventAttr(r.Events, "azora.forge.v1.EventOrderRefunded", "reason")
	require.Equal(t, "CLOSE_REASON_CANCELLED_BY_BUYER", reason)
	l, err := fa.ForgeKeeper.GetListing(fa.Ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, uint64(16), l.Quantity)

	// 1-2: accepted; the seller declines it.
	fa.mustOK(alice, &types.MsgAcceptOrder{Seller: alice.String(), OrderId: "1-2"})
	bobBefore = fa.balance(bob.Addr)
	fa.mustOK(alice, &types.MsgCancelOrder{Signer: alice.String(), OrderId: "1-2"})
	require.Equal(t, bobBefore+refund, fa.balance(bob.Addr))
	require.Equal(t, types.CloseReasonCancelledBySeller, fa.order("1-2").CloseReason)

	// 1-3: accepted; bob may cancel once it has expired (the tx runs before
	// the block's EndBlock would refund it).
	fa.mustOK(alice, &types.MsgAcceptOrder{Seller: alice.String(), OrderId: "1-3"})
	fa.mustFail(types.ErrOrderAccepted, bob, &types.MsgCancelOrder{Signer: bob.String(), OrderId: "1-3"})
	fa.advance(types.DefaultOrderTTL)
	fa.mustOK(bob, &types.MsgCancelOrder{Signer: bob.String(), OrderId: "1-3"})
	require.Equal(t, types.CloseReasonCancelledByBuyer, fa.order("1-3").CloseReason)
	require.Zero(t, fa.escrowBalance())
	fa.requireEscrowInvariant()
}

// TestExpiryBound places 2,400 orders and lets all of them expire in the
// same block: EndBlock refunds at most max_expiries_per_block per block,
// the rest rolls over, and the escrow invariant holds after every block.
func TestExpiryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("places thousands of orders")
	}
	params := types.DefaultParams()
	params.OrderTtl = time.Minute
	params.MaxExpiriesPerBlock = 500
	fa := setupForge(t, forgeOpts{params: &params})
	alice, bob, carol := fa.alice, fa.bob, fa.carol
	const price = 1_000
	fa.mustOK(alice, &types.MsgCreateListing{Seller: alice.String(), Kind: types.ListingKindGoods, Title: "Bread roll", Price: coin(price), Quantity: types.MaxQuantity})

	// 2,400 orders of one unit from two buyers, 100 per tx, 6 txs per block.
	const total, perTx = 2400, 100
	placed := 0
	for placed < total {
		var txs [][]byte
		for i := 0; i < 6 && placed < total; i++ {
			buyer := bob
			if i%2 == 1 {
				buyer = carol
			}
			msgs := make([]sdk.Msg, 0, perTx)
			for j := 0; j < perTx; j++ {
				msgs = append(msgs, &types.MsgPlaceOrder{Buyer: buyer.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(price)})
			}
			txs = append(txs, fa.signTx(buyer, 50_000_000, msgs...))
			buyer.Seq++
			placed += perTx
		}
		res := fa.NextBlock(txs...)
		for _, r := range res.TxResults {
			require.Zero(t, r.Code, r.Log)
		}
	}
	fa.requireEscrowInvariant()
	_, open, err := fa.ForgeKeeper.EscrowTotals(fa.Ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(total), open)
	escrowFull := fa.escrowBalance()
	require.Equal(t, int64(total)*(price+fee5(price)), escrowFull)

	// Jump past every expiry: all 2,400 are due in the next block.
	fa.advance(2 * time.Minute)
	remaining := uint64(total)
	blocks := 0
	for remaining > 0 {
		start := time.Now()
		res := fa.NextBlock()
		elapsed := time.Since(start)
		blocks++
		refunded := 0
		for _, e := range res.Events {
			if e.Type == "azora.forge.v1.EventOrderRefunded" {
				refunded++
			}
		}
		want := min(remaining, uint64(params.MaxExpiriesPerBlock))
		require.Equal(t, int(want), refunded, "block %d", blocks)
		remaining -= want
		_, open, err := fa.ForgeKeeper.EscrowTotals(fa.Ctx())
		require.NoError(t, err)
		require.Equal(t, remaining, open)
		fa.requireEscrowInvariant()
		t.Logf("block %d: %d refunds in %s", blocks, refunded, elapsed)
	}
	require.Equal(t, int(total/params.MaxExpiriesPerBlock)+boolInt(total%params.MaxExpiriesPerBlock != 0), blocks)
	require.Zero(t, fa.escrowBalance())
	// Every order was refunded as expired.
	require.Equal(t, types.CloseReasonExpired, fa.order("1-1").CloseReason)
	require.Equal(t, types.CloseReasonExpired, fa.order(fmt.Sprintf("1-%d", total)).CloseReason)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestFrozenParties: a frozen account cannot list or order, an order from a
// frozen seller is refused, and a payout due to a party frozen after the
// order was placed stays in escrow (held) until an arbiter decides.
func TestFrozenParties(t *testing.T) {
	fa := setupForge(t, forgeOpts{})
	alice, bob, carol, officer, arbiter := fa.alice, fa.bob, fa.carol, fa.officer, fa.arbiter
	const price = 3_000_000
	freeze := func(who string) {
		fa.mustOK(officer, &aegistypes.MsgFreezeAccount{Officer: officer.String(), Address: who, Reason: "investigation 12"})
	}
	unfreeze := func(who string) {
		fa.mustOK(officer, &aegistypes.MsgUnfreezeAccount{Officer: officer.String(), Address: who, Reason: "cleared"})
	}
	fa.mustOK(alice, &types.MsgCreateListing{Seller: alice.String(), Kind: types.ListingKindGoods, Title: "Solar panel", Price: coin(price), Quantity: 5})
	fa.mustOK(bob, &types.MsgPlaceOrder{Buyer: bob.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(price)})
	fa.mustOK(carol, &types.MsgPlaceOrder{Buyer: carol.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(price)})

	// alice is frozen after the orders were placed.
	freeze(alice.String())
	// She cannot list (aegis refuses a frozen signer before execution)...
	fa.mustFail(aegistypes.ErrAccountFrozen, alice, &types.MsgCreateListing{Seller: alice.String(), Kind: types.ListingKindGoods, Title: "x", Price: coin(1), Quantity: 1})
	// ...nobody can buy from her...
	fa.mustFail(types.ErrPartyFrozen, bob, &types.MsgPlaceOrder{Buyer: bob.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(price)})
	// ...and bob's confirmation holds the payout in escrow.
	aliceBefore, escrowBefore := fa.balance(alice.Addr), fa.escrowBalance()
	r := fa.mustOK(bob, &types.MsgConfirmDelivery{Buyer: bob.String(), OrderId: "1-1"})
	var confirmed types.MsgConfirmDeliveryResponse
	fa.response(r, 0, &confirmed)
	require.True(t, confirmed.Held)
	require.True(t, hasEvent(r, "azora.forge.v1.EventOrderHeld"))
	require.Equal(t, types.OrderStatusHeld, fa.order("1-1").Status)
	require.Equal(t, aliceBefore, fa.balance(alice.Addr))
	require.Equal(t, escrowBefore, fa.escrowBalance())
	fa.requireEscrowInvariant()

	// A held order neither expires nor can be confirmed again; the arbiter
	// cannot pay the frozen seller...
	fa.mustFail(types.ErrInvalidOrderStatus, bob, &types.MsgConfirmDelivery{Buyer: bob.String(), OrderId: "1-1"})
	fa.mustFail(types.ErrPartyFrozen, arbiter, &types.MsgResolveDispute{Arbiter: arbiter.String(), OrderId: "1-1", Resolution: types.ResolutionRelease, Reason: "delivered"})
	require.Equal(t, types.OrderStatusHeld, fa.order("1-1").Status)
	// ...until she is unfrozen.
	unfreeze(alice.String())
	fa.mustOK(arbiter, &types.MsgResolveDispute{Arbiter: arbiter.String(), OrderId: "1-1", Resolution: types.ResolutionRelease, Reason: "delivered; seller cleared"})
	require.Equal(t, aliceBefore+price, fa.balance(alice.Addr))

	// carol (a buyer) is frozen; her order expires: EndBlock holds the refund.
	freeze(carol.String())
	fa.advance(types.DefaultOrderTTL)
	res := fa.NextBlock()
	held := 0
	for _, e := range res.Events {
		if e.Type == "azora.forge.v1.EventOrderHeld" {
			held++
		}
	}
	require.Equal(t, 1, held)
	require.Equal(t, types.OrderStatusHeld, fa.order("1-2").Status)
	fa.mustFail(types.ErrPartyFrozen, arbiter, &types.MsgResolveDispute{Arbiter: arbiter.String(), OrderId: "1-2", Resolution: types.ResolutionRefund, Reason: "expired"})
	// The arbiter may decide the other way: the goods were delivered.
	aliceBefore = fa.balance(alice.Addr)
	fa.mustOK(arbiter, &types.MsgResolveDispute{Arbiter: arbiter.String(), OrderId: "1-2", Resolution: types.ResolutionRelease, Reason: "goods were collected"})
	require.Equal(t, aliceBefore+price, fa.balance(alice.Addr))
	require.Zero(t, fa.escrowBalance())
	fa.requireEscrowInvariant()
}

// TestAegisLimitsApplyToOrders: PlaceOrder reports its escrow payment to
// x/aegis, so an unverified buyer's per-transaction limit is enforced before
// the tx executes (nothing moves, no gas is taken).
func TestAegisLimitsApplyToOrders(t *testing.T) {
	fa := setupForge(t, forgeOpts{unverified: []string{"bob"}})
	alice, bob := fa.alice, fa.bob
	// The basic tier allows 1,000 AZR per tx; this order costs 1,500 AZR.
	fa.mustOK(alice, &types.MsgCreateListing{Seller: alice.String(), Kind: types.ListingKindGoods, Title: "Cow", Price: coin(1_500_000_000), Quantity: 2})
	bobBefore := fa.balance(bob.Addr)
	res := fa.CheckTx(bob, &types.MsgPlaceOrder{Buyer: bob.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(1_500_000_000)})
	require.Equal(t, aegistypes.ErrTxLimit.ABCICode(), res.Code, res.Log)
	require.Equal(t, aegistypes.ModuleName, res.Codespace)
	fa.mustFail(aegistypes.ErrTxLimit, bob, &types.MsgPlaceOrder{Buyer: bob.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(1_500_000_000)})
	require.Equal(t, bobBefore, fa.balance(bob.Addr))
	require.Zero(t, fa.escrowBalance())

	// Within the limit it goes through; PIVC is not counted against it.
	fa.mustOK(alice, &types.MsgUpdateListing{Seller: alice.String(), ListingId: 1, Price: coin(1_000_000_000), Quantity: 2})
	fa.mustOK(bob, &types.MsgPlaceOrder{Buyer: bob.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(1_000_000_000)})
	require.Equal(t, int64(1_000_000_000+50_000_000), fa.escrowBalance())
}
