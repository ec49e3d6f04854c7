package lightproof_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/client/lightproof"
)

// BenchmarkVerifyFile verifies a checkpoint proof file from genesis: parse,
// root, one skip over four validators, the store proof, the checkpoint.
func BenchmarkVerifyFile(b *testing.B) {
	c := newTestChain(b, newSigners("val", 10, 20, 30, 40))
	doc, err := lightproof.ProveCheckpoint(ctx, c, 20, 0, lightproof.BuildOptions{})
	require.NoError(b, err)
	bz, err := doc.Encode()
	require.NoError(b, err)
	root := genesisRoot(b, c)
	b.ReportMetric(float64(len(bz)), "file-bytes")
	b.ResetTimer()
	for b.Loop() {
		if _, err := lightproof.VerifyFile(bz, root, lightproof.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
