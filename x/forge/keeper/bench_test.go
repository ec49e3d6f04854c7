package keeper_test

import (
	"runtime"
	"testing"
	"time"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/azora-os/nexus/x/forge/keeper"
	"github.com/azora-os/nexus/x/forge/types"
)

// BenchmarkPlaceOrder measures MsgPlaceOrder on the real app's keepers (real
// bank with the aegis and pivc restrictions), inside a tx, and reports the
// gas each order consumes (message execution only: no signature or ante).
func BenchmarkPlaceOrder(b *testing.B) {
	fa := setupForge(b, forgeOpts{})
	ms := keeper.NewMsgServerImpl(fa.ForgeKeeper)
	base, _ := fa.Ctx().CacheContext()
	if _, err := ms.CreateListing(base, &types.MsgCreateListing{
		Seller: fa.alice.String(), Kind: types.ListingKindGoods, Title: "Bread roll", Price: coin(1000), Quantity: types.MaxQuantity,
	}); err != nil {
		b.Fatal(err)
	}
	msg := &types.MsgPlaceOrder{Buyer: fa.bob.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(1000)}
	var gas uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ctx := base.WithTxBytes([]byte("tx")).WithTxIndex(i).WithGasMeter(storetypes.NewInfiniteGasMeter()).WithEventManager(sdk.NewEventManager())
		if _, err := ms.PlaceOrder(ctx, msg); err != nil {
			b.Fatal(err)
		}
		gas += ctx.GasMeter().GasConsumed()
	}
	b.ReportMetric(float64(gas)/float64(b.N), "gas/op")
}

// BenchmarkExpiryBlock measures a whole block (FinalizeBlock and Commit,
// on committed state) whose EndBlock refunds max_expiries_per_block (200,
// the default) expired orders, against an empty block: the difference is
// the cost of the bounded per-block expiry work.
func BenchmarkExpiryBlock(b *testing.B) {
	fa := setupForge(b, forgeOpts{})
	fa.mustOK(fa.alice, &types.MsgCreateListing{Seller: fa.alice.String(), Kind: types.ListingKindGoods, Title: "Bread roll", Price: coin(1000), Quantity: types.MaxQuantity})
	const perTx = 100
	var withExpiry, empty time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		// 200 orders, committed, all due at the next block.
		var txs [][]byte
		for j := 0; j < types.DefaultMaxExpiriesPerBlock/perTx; j++ {
			msgs := make([]sdk.Msg, perTx)
			for m := range msgs {
				msgs[m] = &types.MsgPlaceOrder{Buyer: fa.bob.String(), ListingId: 1, Quantity: 1, UnitPrice: coin(1000)}
			}
			txs = append(txs, fa.signTx(fa.bob, 20_000_000, msgs...))
			fa.bob.Seq++
		}
		fa.NextBlock(txs...)
		start := time.Now()
		fa.NextBlock()
		empty += time.Since(start)

		fa.advance(types.DefaultOrderTTL)
		runtime.GC()
		start = time.Now()
		res := fa.NextBlock()
		withExpiry += time.Since(start)
		if n := countABCI(res.Events, "azora.forge.v1.EventOrderRefunded"); n != types.DefaultMaxExpiriesPerBlock {
			b.Fatalf("refunded %d", n)
		}
	}
	b.ReportMetric(float64(withExpiry.Nanoseconds())/float64(b.N), "ns/expiry-block")
	b.ReportMetric(float64(empty.Nanoseconds())/float64(b.N), "ns/empty-block")
	b.ReportMetric(float64((withExpiry-empty).Nanoseconds())/float64(b.N*types.DefaultMaxExpiriesPerBlock), "ns/refund")
}

func countABCI(events []abci.Event, typ string) int {
	n := 0
	for _, e := range events {
		if e.Type == typ {
			n++
		}
	}
	return n
}
