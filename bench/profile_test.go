package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/pprof/profile"
	"github.com/stretchr/testify/require"
)

// writeProfile writes a CPU profile whose samples are the given stacks
// (leaf first), each worth its CPU nanoseconds.
func writeProfile(t *testing.T, samples map[int64][]string) string {
	t.Helper()
	p := &profile.Profile{
		SampleType:    []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		PeriodType:    &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:        10_000_000,
		DurationNanos: 10e9,
	}
	funcs := map[string]*profile.Function{}
	locs := map[string]*profile.Location{}
	loc := func(name string) *profile.Location {
		if l, ok := locs[name]; ok {
			return l
		}
		f := &profile.Function{ID: uint64(len(funcs) + 1), Name: name}
		funcs[name] = f
		p.Function = append(p.Function, f)
		l := &profile.Location{ID: uint64(len(locs) + 1), Line: []profile.Line{{Function: f}}}
		locs[name] = l
		p.Location = append(p.Location, l)
		return l
	}
	for ns, stack := range samples {
		s := &profile.Sample{Value: []int64{ns / 10_000_000, ns}}
		for _, fn := range stack {
			s.Location = append(s.Location, loc(fn))
		}
		p.Sample = append(p.Sample, s)
	}
	var buf bytes.Buffer
	require.NoError(t, p.Write(&buf))
	path := filepath.Join(t.TempDir(), "cpu.pprof")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
	return path
}

func TestSummarizeProfile(t *testing.T) {
	const (
		checkTx  = "github.com/cosmos/cosmos-sdk/baseapp.(*BaseApp).CheckTx"
		finalize = "github.com/cosmos/cosmos-sdk/baseapp.(*BaseApp).FinalizeBlock"
		aegis    = "github.com/azora-os/nexus/x/aegis/keeper.ComplianceDecorator.AnteHandle"
		sigs     = "github.com/cosmos/cosmos-sdk/x/auth/ante.SigVerificationDecorator.AnteHandle"
		verify   = "github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1.(*PubKey).VerifySignature"
		runMsgs  = "github.com/cosmos/cosmos-sdk/baseapp.(*BaseApp).runMsgs"
	)
	// Milliseconds of CPU, stacks leaf first. The signature check runs
	// inside aegis's decorator (aegis calls next): it must count as the
	// signature check, not as aegis.
	path := writeProfile(t, map[int64][]string{
		4e6:  {verify, sigs, aegis, checkTx},
		3e6:  {"github.com/azora-os/nexus/x/aegis/keeper.(*Keeper).Evaluate", aegis, checkTx},
		5e6:  {verify, sigs, aegis, finalize},
		2e6:  {"github.com/azora-os/nexus/x/pivc/keeper.Keeper.SendRestrictionFn", runMsgs, finalize},
		6e6:  {"github.com/cosmos/cosmos-sdk/x/bank/keeper.msgServer.Send", runMsgs, finalize},
		7e6:  {"runtime.gcBgMarkWorker"},
		1e6:  {"github.com/cometbft/cometbft/state/txindex/kv.(*TxIndex).AddBatch"},
		10e6: {"main.somethingElse"},
	})
	s, err := SummarizeProfile(path, 4, 3)
	require.NoError(t, err)
	require.InDelta(t, 0.038, s.CPUSeconds, 1e-12)
	require.InDelta(t, 9.5, s.MsPerTx, 1e-9, "38 ms over 4 txs")

	byName := map[string]ProfileCost{}
	total := 0.0
	for _, p := range s.Parts {
		byName[p.Name] = p
		total += p.MsPerTx
		sum := 0.0
		for _, c := range p.Of {
			sum += c.MsPerTx
		}
		if len(p.Of) > 0 {
			require.InDelta(t, p.MsPerTx, sum, 1e-9, "the components of %q add up to it", p.Name)
		}
	}
	require.InDelta(t, s.MsPerTx, total, 1e-9, "the parts add up to the total")

	of := func(part, component string) float64 {
		for _, c := range byName[part].Of {
			if c.Name == component {
				return c.MsPerTx
			}
		}
		t.Fatalf("no component %q in %q", component, part)
		return 0
	}
	require.InDelta(t, 1.75, byName["CheckTx (mempool admission)"].MsPerTx, 1e-9)
	require.InDelta(t, 1.0, of("CheckTx (mempool admission)", "ante › signature verification (SDK)"), 1e-9)
	require.InDelta(t, 0.75, of("CheckTx (mempool admission)", "ante › x/aegis compliance check"), 1e-9)
	require.InDelta(t, 3.25, byName["FinalizeBlock (block execution)"].MsPerTx, 1e-9)
	require.InDelta(t, 1.25, of("FinalizeBlock (block execution)", "ante › signature verification (SDK)"), 1e-9)
	require.InDelta(t, 0.5, of("FinalizeBlock (block execution)", "messages › send restrictions (aegis → pivc → ledger)"), 1e-9)
	require.InDelta(t, 1.5, of("FinalizeBlock (block execution)", "messages › msg servers and bank"), 1e-9)
	require.InDelta(t, 1.75, byName["garbage collection (background)"].MsPerTx, 1e-9)
	require.InDelta(t, 0.25, byName["tx indexing (CometBFT kv indexer)"].MsPerTx, 1e-9)
	require.InDelta(t, 2.5, byName["other"].MsPerTx, 1e-9)

	require.Len(t, s.TopCum, 3)
	require.Equal(t, []string{finalize, aegis, "main.somethingElse"}, []string{s.TopCum[0].Name, s.TopCum[1].Name, s.TopCum[2].Name},
		"13, 12 and 10 ms cumulative")
	require.InDelta(t, 3.25, s.TopCum[0].CumMsTx, 1e-9)
	require.Equal(t, "main.somethingElse", s.TopFlat[0].Name)

	_, err = SummarizeProfile(filepath.Join(t.TempDir(), "missing"), 1, 1)
	require.Error(t, err)
	junk := filepath.Join(t.TempDir(), "junk")
	require.NoError(t, os.WriteFile(junk, []byte("not a profile"), 0o600))
	_, err = SummarizeProfile(junk, 1, 1)
	require.Error(t, err)
}
