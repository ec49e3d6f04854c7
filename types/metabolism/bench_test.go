package metabolism_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/azora-os/nexus/types/metabolism"
)

// BenchmarkFromResults reads a block of 1000 charged bank sends (each: gas
// fee, message event, two pool credits, the capture event, the transfer), as
// the exporter does for every committed block.
func BenchmarkFromResults(b *testing.B) {
	t := &testing.T{}
	txs := make([]*abci.ExecTxResult, 1000)
	for i := range txs {
		events := append([]abci.Event{gasFee(alice), action(0, msgSend)}, charged(t, 0, alice, bob, "1000000uazr", "50000uazr", "30000uazr", "20000uazr")...)
		txs[i] = &abci.ExecTxResult{Events: events}
	}
	b.ResetTimer()
	for range b.N {
		blk := metabolism.FromResults(1, txs, nil, accounts)
		if blk.Txs != 1000 {
			b.Fatal(blk.Txs)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "µs/tx")
}
