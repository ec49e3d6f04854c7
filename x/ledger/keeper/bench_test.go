package keeper_test

import (
	"testing"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/stretchr/testify/require"
)

// BenchmarkJournalRestriction measures what the journal adds to one
// account → account transfer: the ledger's restriction alone (the PIVC fee
// lookup and one object-store append). Reports the gas it consumes.
func BenchmarkJournalRestriction(b *testing.B) {
	e := newEnv(b, nil)
	alice, bob := testAddr("alice"), testAddr("bob")
	e.fund(b, alice, uazr(1_000_000_000))
	e.endBlock(b)
	ctx := e.ctx.WithTxBytes([]byte("tx")).WithTxIndex(0).WithGasMeter(storetypes.NewInfiniteGasMeter())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.k.SendRestriction(ctx, alice, bob, uazr(1000)); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(ctx.GasMeter().GasConsumed())/float64(b.N), "gas/op")
}

// BenchmarkEndBlockFold measures the EndBlocker's cost per journal entry:
// numbering, the hash chain, the entry and its index keys.
func BenchmarkEndBlockFold(b *testing.B) {
	e := newEnv(b, nil)
	alice, bob := testAddr("alice"), testAddr("bob")
	const perBlock = 1000
	b.ResetTimer()
	for n := 0; n < b.N; n += perBlock {
		b.StopTimer()
		for i := 0; i < perBlock; i++ {
			ctx := e.ctx.WithTxBytes([]byte("tx")).WithTxIndex(i)
			require.NoError(b, e.k.RecordMovement(ctx, alice, bob, uazr(int64(i+1)), uazr(1), "", "/m"))
		}
		b.StartTimer()
		require.NoError(b, e.k.EndBlocker(e.ctx.WithTxCount(perBlock)))
		b.StopTimer()
		e.commit()
		b.StartTimer()
	}
}
