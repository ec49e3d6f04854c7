package keeper_test

import (
	"testing"

	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/x/mint/keeper"
	"github.com/azora-os/nexus/x/mint/types"
)

// BenchmarkMint measures one a-Token mint and one uazr mint through the msg
// server on the real app's keepers (bank included, no signatures), and
// reports the gas each consumes.
func BenchmarkMint(b *testing.B) {
	ta := setupWithTreasurer(b)
	issuer, treasurer, alice := ta.Accounts["issuer"], ta.Accounts["treasurer"], ta.Accounts["alice"]
	ctx := ta.NewUncachedContext(false, ta.Ctx().BlockHeader()) //nolint:staticcheck // SA1019: set-up writes straight to the committed store, before the next block runs
	_, err := ta.MintKeeper.CharterAToken(ctx, "kasi", "Kasi Rand", "", 0, issuer.Addr, math.NewInt(1_000_000_000_000_000))
	if err != nil {
		b.Fatal(err)
	}
	ms := keeper.NewMsgServerImpl(ta.MintKeeper)

	for _, bc := range []struct {
		name string
		msg  *types.MsgMint
	}{
		{"a-Token", &types.MsgMint{Minter: issuer.String(), Recipient: alice.String(), Amount: sdk.NewInt64Coin(kasi, 1)}},
		{"uazr", &types.MsgMint{Minter: treasurer.String(), Recipient: alice.String(), Amount: sdk.NewInt64Coin(app.BaseDenom, 1)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var gas storetypes.Gas
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c, _ := ctx.WithGasMeter(storetypes.NewInfiniteGasMeter()).CacheContext()
				if _, err := ms.Mint(c, bc.msg); err != nil {
					b.Fatal(err)
				}
				gas = c.GasMeter().GasConsumed()
			}
			b.ReportMetric(float64(gas), "gas/op")
		})
	}
}
