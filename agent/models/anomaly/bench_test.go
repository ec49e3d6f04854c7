package anomaly_test

import (
	"fmt"
	"testing"

	"github.com/azora-os/nexus/agent/models/anomaly"
	"github.com/azora-os/nexus/agent/models/synth"
)

// BenchmarkScore scores a 29-day synth draw (28 days of history and the
// window) of 2000 and 5000 accounts.
func BenchmarkScore(b *testing.B) {
	for _, n := range []int{2000, 5000} {
		cfg := synth.DefaultConfig(1)
		cfg.Accounts = n
		tr, err := synth.Generate(cfg)
		if err != nil {
			b.Fatal(err)
		}
		in := anomaly.Input{End: tr.End, Transfers: tr.Transfers, Limits: tr.Limits}
		b.Run(fmt.Sprintf("accounts-%d-transfers-%d", n, len(tr.Transfers)), func(b *testing.B) {
			for b.Loop() {
				if _, err := anomaly.Score(in, anomaly.DefaultConfig()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGenerate measures the generator itself.
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := synth.Generate(synth.DefaultConfig(1)); err != nil {
			b.Fatal(err)
		}
	}
}
