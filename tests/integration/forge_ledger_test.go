// Package integration holds whole-app tests of flows that cross modules
// (forge escrow + pivc capture + ledger journal and reconciliation + aegis),
// on the real app in memory.
package integration_test

import (
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgerkeeper "github.com/azora-os/nexus/x/ledger/keeper"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

const denom = app.BaseDenom

// TestForgeTradesReconcileInTheLedger runs forge orders to settlement, to a
// buyer's cancellation and to expiry, with ledger checkpoints every few
// blocks, and checks that every checkpoint reconciles (escrow balance change
// = journal flows, PIVC captured = journal fees), that the journal carries
// the order reference on the escrow movements, and that the PIVC of an order
// is captured only when it settles.
func TestForgeTradesReconcileInTheLedger(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{
		EditGenesis: func(a *app.App, gen app.GenesisState) {
			cdc := a.AppCodec()
			var lg ledgertypes.GenesisState
			cdc.MustUnmarshalJSON(gen[ledgertypes.ModuleName], &lg)
			lg.Params.CheckpointInterval = 3
			gen[ledgertypes.ModuleName] = cdc.MustMarshalJSON(&lg)

			// Orders expire 20 s (20 blocks) after they are placed.
			var fg forgetypes.GenesisState
			cdc.MustUnmarshalJSON(gen[forgetypes.ModuleName], &fg)
			fg.Params.OrderTtl = 20 * time.Second
			gen[forgetypes.ModuleName] = cdc.MustMarshalJSON(&fg)
		},
	})
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	price := sdk.NewInt64Coin(denom, 1_000_000)
	expiry := ta.Time.Add(time.Hour)

	listing := func(qty uint64, exp time.Time) uint64 {
		t.Helper()
		res := ta.MustDeliver(bob, &forgetypes.MsgCreateListing{
			Seller: bob.String(), Kind: forgetypes.ListingKindGoods, Title: "maize, 10 kg",
			Price: price, Quantity: qty, Expiry: &exp,
		})
		var out forgetypes.MsgCreateListingResponse
		unpack(t, res, &out)
		return out.ListingId
	}
	order := func(listingID uint64) string {
		t.Helper()
		res := ta.MustDeliver(alice, &forgetypes.MsgPlaceOrder{Buyer: alice.String(), ListingId: listingID, Quantity: 1, UnitPrice: price})
		var out forgetypes.MsgPlaceOrderResponse
		unpack(t, res, &out)
		require.Equal(t, int64(50_000), out.Fee.Amount.Int64(), "5%% PIVC held in escrow")
		return out.OrderId
	}

	pivcCaptured := func() int64 {
		totals, err := ta.PivcKeeper.Totals.Get(ta.Ctx(), denom)
		if err != nil {
			return 0
		}
		return totals.Captured.Int64()
	}
	escrow := authtypes.NewModuleAddress(forgetypes.ModuleName)

	// 1. Settled: escrow 1,050,000 in, 1,000,000 to bob and 50,000 PIVC out.
	l1 := listing(5, expiry)
	o1 := order(l1)
	require.Equal(t, int64(1_050_000), ta.Balance(escrow, denom).Int64())
	capturedBefore := pivcCaptured()
	ta.MustDeliver(bob, &forgetypes.MsgAcceptOrder{Seller: bob.String(), OrderId: o1})
	require.Equal(t, capturedBefore, pivcCaptured(), "no PIVC is captured before settlement")
	bobBefore := ta.Balance(bob.Addr, denom).Int64()
	ta.MustDeliver(alice, &forgetypes.MsgConfirmDelivery{Buyer: alice.String(), OrderId: o1})
	require.Equal(t, bobBefore+1_000_000, ta.Balance(bob.Addr, denom).Int64())
	require.Equal(t, capturedBefore+50_000, pivcCaptured(), "the order's PIVC is captured at settlement")

	// 2. Cancelled by the buyer before acceptance: full refund, no PIVC.
	o2 := order(l1)
	capturedBefore = pivcCaptured()
	ta.MustDeliver(alice, &forgetypes.MsgCancelOrder{Signer: alice.String(), OrderId: o2})
	require.Equal(t, capturedBefore, pivcCaptured(), "a refunded order pays no PIVC")

	// 3. Expired in EndBlock: the refund is a block-time movement.
	order(l1)
	for i := 0; i < 25; i++ {
		ta.NextBlock()
	}
	require.True(t, ta.Balance(escrow, denom).IsZero(), "escrow is empty once every order closed")

	// Every checkpoint reconciled.
	q := ledgerkeeper.NewQueryServerImpl(ta.LedgerKeeper)
	cps, err := q.Checkpoints(ta.Ctx(), &ledgertypes.QueryCheckpointsRequest{})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cps.Checkpoints), 3)
	for _, c := range cps.Checkpoints {
		require.Truef(t, c.Reconciled, "checkpoint at %d did not reconcile (%d mismatches)", c.Height, c.Mismatches)
	}

	// The escrow movements carry the order reference.
	res, err := q.Statement(ta.Ctx(), &ledgertypes.QueryStatementRequest{Address: escrow.String()})
	require.NoError(t, err)
	var withRef int
	for _, e := range res.Lines {
		if strings.HasPrefix(e.Entry.Reference, "forge/order/") {
			withRef++
		}
	}
	require.GreaterOrEqual(t, withRef, 6, "deposits, payout, PIVC capture and refunds of three orders")
	_ = pivctypes.ModuleName
}

func unpack(t *testing.T, res *abci.ExecTxResult, out interface{ Unmarshal([]byte) error }) {
	t.Helper()
	var msgData sdk.TxMsgData
	require.NoError(t, msgData.Unmarshal(res.Data))
	require.Len(t, msgData.MsgResponses, 1)
	require.NoError(t, out.Unmarshal(msgData.MsgResponses[0].Value))
}
