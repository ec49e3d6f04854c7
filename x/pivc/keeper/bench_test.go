package keeper_test

import (
	"testing"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/pivc/types"
)

// BenchmarkSendCoins measures bank SendCoins inside a tx with the PIVC
// restriction at rate 0 (returns after reading the params) and at 5%, and
// reports the gas each consumes.
func BenchmarkSendCoins(b *testing.B) {
	for _, rate := range []uint32{0, 500} {
		b.Run(map[uint32]string{0: "rate=0", 500: "rate=5%"}[rate], func(b *testing.B) {
			e := newEnv(b)
			e.setParams(b, func(p *types.Params) { p.RateBps = rate })
			from, to := testAddr("from"), testAddr("to")
			e.fund(b, from, coins(1<<60))
			e.commit()
			var gas uint64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ctx := e.ctx.WithTxBytes([]byte("tx")).WithTxIndex(i).WithGasMeter(storetypes.NewInfiniteGasMeter()).WithEventManager(sdk.NewEventManager())
				if err := e.bk.SendCoins(ctx, from, to, coins(1000)); err != nil {
					b.Fatal(err)
				}
				gas += ctx.GasMeter().GasConsumed()
			}
			b.ReportMetric(float64(gas)/float64(b.N), "gas/op")
		})
	}
}
