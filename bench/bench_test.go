package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	txsigning "github.com/cosmos/cosmos-sdk/x/tx/signing"

	"github.com/azora-os/nexus/bench/stats"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
)

func TestSetTOML(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	require.NoError(t, os.WriteFile(path, []byte(`moniker = "a"
[consensus]
timeout_commit = "1s"
create_empty_blocks = true
[mempool]
size = 5000
recheck = true
ratio = 0.5
peers = ["x"]
`), 0o600))

	require.NoError(t, SetTOML(path,
		Setting{"moniker", "val0"},
		Setting{"consensus.timeout_commit", "500ms"},
		Setting{"consensus.create_empty_blocks", "false"},
		Setting{"mempool.size", "10000"},
		Setting{"mempool.ratio", "0.25"},
		Setting{"mempool.peers", `["a", "b"]`},
	))
	for key, want := range map[string]string{
		"moniker": "val0", "consensus.timeout_commit": "500ms", "consensus.create_empty_blocks": "false",
		"mempool.size": "10000", "mempool.ratio": "0.25", "mempool.recheck": "true", "mempool.peers": "[a b]",
	} {
		got, err := GetTOML(path, key)
		require.NoError(t, err, key)
		require.Equal(t, want, got, key)
	}
	// The types stay TOML's: an integer stays an integer.
	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(bz), "size = 10000")
	require.Contains(t, string(bz), "timeout_commit = '500ms'")

	// A misspelt key or a value of the wrong type is an error, not a no-op.
	require.ErrorContains(t, SetTOML(path, Setting{"consensus.timeout_comit", "1s"}), `no key "consensus.timeout_comit"`)
	require.ErrorContains(t, SetTOML(path, Setting{"consensu.timeout_commit", "1s"}), `no table "consensu"`)
	require.Error(t, SetTOML(path, Setting{"mempool.size", "big"}))
	require.Error(t, SetTOML(path, Setting{"mempool.recheck", "maybe"}))

	_, err = ParseSetting("no-equals-sign")
	require.Error(t, err)
	s, err := ParseSetting(" consensus.timeout_commit = 1s ")
	require.NoError(t, err)
	require.Equal(t, Setting{"consensus.timeout_commit", "1s"}, s)
}

func TestProcParsers(t *testing.T) {
	// A process name with spaces and a parenthesis must not shift fields.
	stat := "1234 (nexusd (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 1250 375 0 0 20 0 12 0 42 1000 200"
	cpu, err := parseStatCPU(stat)
	require.NoError(t, err)
	require.InDelta(t, 16.25, cpu, 1e-9)
	_, err = parseStatCPU("1234 (x S 1")
	require.Error(t, err)

	rss, peak, err := parseStatusMemory(strings.NewReader("Name:\tnexusd\nVmHWM:\t  524288 kB\nVmRSS:\t  262144 kB\nThreads:\t12\n"))
	require.NoError(t, err)
	require.Equal(t, uint64(256<<20), rss)
	require.Equal(t, uint64(512<<20), peak)

	h, err := parseHostCPU("cpu  100 10 50 800 40 5 5 0 7 7")
	require.NoError(t, err)
	require.Equal(t, HostCPU{Busy: 170, Total: 1010}, h)
	require.InDelta(t, 1.0, BusyCores(HostCPU{Busy: 0, Total: 100}, HostCPU{Busy: 50, Total: 200}, 2), 1e-9)

	// The bench reads its own process like a node's.
	cpu, err = ProcCPUSeconds(os.Getpid())
	require.NoError(t, err)
	require.GreaterOrEqual(t, cpu, 0.0)
	rss, peak, err = ProcMemory(os.Getpid())
	require.NoError(t, err)
	require.Positive(t, rss)
	require.GreaterOrEqual(t, peak, rss)
}

func testLayout(t *testing.T, scenario string, n int) *Layout {
	t.Helper()
	l, err := NewLayout(scenario, DeriveAccounts("test", n, 1), n, 1000)
	require.NoError(t, err)
	return l
}

func TestDeriveAccountsIsDeterministic(t *testing.T) {
	a, b := DeriveAccounts("seed", 50, 4), DeriveAccounts("seed", 50, 4)
	c := DeriveAccounts("other", 50, 4)
	seen := map[string]bool{}
	for i := range a {
		require.Equal(t, a[i].Bech32, b[i].Bech32)
		require.NotEqual(t, a[i].Bech32, c[i].Bech32)
		require.Equal(t, uint64(4+i), a[i].Number)
		require.True(t, strings.HasPrefix(a[i].Bech32, "azora1"))
		require.False(t, seen[a[i].Bech32])
		seen[a[i].Bech32] = true
	}
}

// Every message the scenarios build passes its own stateless checks, never
// pays the sender itself, and the stock chain only ever gets bank messages.
func TestScenarioMessages(t *testing.T) {
	for _, scenario := range Scenarios {
		l := testLayout(t, scenario, 120)
		kinds := map[TxKind]int{}
		for sender := range l.Senders {
			for seq := range 3 {
				msgs, kind := l.Msgs(sender, seq, false)
				kinds[kind]++
				require.Len(t, msgs, 1)
				if v, ok := msgs[0].(sdk.HasValidateBasic); ok {
					require.NoError(t, v.ValidateBasic(), "%s %s", scenario, kind)
				}
				require.NotEqual(t, sender, l.Recipient(sender, seq, 0))

				stockMsgs, stockKind := l.Msgs(sender, seq, true)
				require.Equal(t, StockKind(kind), stockKind)
				switch stockMsgs[0].(type) {
				case *banktypes.MsgSend, *banktypes.MsgMultiSend:
				default:
					t.Fatalf("stock chain got %T", stockMsgs[0])
				}
			}
		}
		switch scenario {
		case ScenarioBankSend:
			require.Equal(t, map[TxKind]int{KindSend: 360}, kinds)
		case ScenarioLedgerTransfer:
			require.Equal(t, map[TxKind]int{KindTransfer: 360}, kinds)
		case ScenarioMixed:
			// 120 senders = 6 × the 20-account pattern, 3 txs each.
			require.Equal(t, map[TxKind]int{
				KindSend: 6 * 6 * 3, KindTransfer: 6 * 4 * 3, KindMultiSend: 6 * 3 * 3,
				KindMint: 6 * 2 * 3, KindOrder: 6 * 3 * 3, KindFeedback: 6 * 2 * 3,
			}, kinds)
			require.Len(t, l.Treasurers, 12)
			require.Len(t, l.Reporters, 12)
			for _, seller := range l.Listings {
				require.Equal(t, KindSend, l.KindOf(seller), "sellers do not buy")
			}
			for _, owner := range l.Nodes {
				require.Equal(t, KindSend, l.KindOf(owner), "node owners do not report")
			}
		}
	}

	// References are unique per sender, so no transfer is refused as a replay.
	l := testLayout(t, ScenarioLedgerTransfer, 10)
	refs := map[string]bool{}
	for sender := range 10 {
		for seq := range 20 {
			msgs, _ := l.Msgs(sender, seq, false)
			ref := msgs[0].(*ledgertypes.MsgTransfer).Reference
			require.False(t, refs[ref])
			refs[ref] = true
		}
	}

	_, err := NewLayout("nope", DeriveAccounts("x", 3, 0), 3, 1)
	require.ErrorContains(t, err, "unknown scenario")
	_, err = NewLayout(ScenarioMixed, DeriveAccounts("x", 10, 0), 10, 1)
	require.ErrorContains(t, err, "at least 20 senders")
}

// Recipients are spread over every account of genesis, not only senders.
func TestRecipientsAreSpread(t *testing.T) {
	accs := DeriveAccounts("spread", 1000, 1)
	l, err := NewLayout(ScenarioBankSend, accs, 10, 1)
	require.NoError(t, err)
	hit := map[int]bool{}
	for sender := range 10 {
		for seq := range 500 {
			hit[l.Recipient(sender, seq, 0)] = true
		}
	}
	require.Greater(t, len(hit), 900, "5,000 draws over 1,000 accounts reach most of them")
}

func TestSignPlanSignsVerifiableTransactions(t *testing.T) {
	enc := NewEncoding()
	l := testLayout(t, ScenarioMixed, 40)
	fees := DefaultOptions().Fees
	plan, err := SignPlan(context.Background(), enc, l, "bench-test-1", false, fees, 90)
	require.NoError(t, err)
	require.Len(t, plan.Txs, 90)
	hashes := map[[32]byte]bool{}
	for j, ptx := range plan.Txs {
		require.Equal(t, int32(j%40), ptx.Sender)
		require.Equal(t, int32(j/40), ptx.Seq)
		require.False(t, hashes[ptx.Hash])
		hashes[ptx.Hash] = true

		tx, err := enc.TxConfig.TxDecoder()(ptx.Bytes)
		require.NoError(t, err)
		feeTx := tx.(sdk.FeeTx)
		gas, fee := fees.Fee(ptx.Kind)
		require.Equal(t, gas, feeTx.GetGas())
		require.Equal(t, fee, feeTx.GetFee())
		require.Equal(t, sdk.NewCoins(sdk.NewInt64Coin(FeeDenom, int64(DefaultGas[ptx.Kind]/1000))), fee, "0.001uazr per gas")

		sigTx := tx.(authsigning.SigVerifiableTx)
		sigs, err := sigTx.GetSignaturesV2()
		require.NoError(t, err)
		require.Len(t, sigs, 1)
		acc := l.Accounts[ptx.Sender]
		require.Equal(t, uint64(ptx.Seq), sigs[0].Sequence)
		// Verified the way the SDK's ante handler verifies it.
		anyPk, err := codectypes.NewAnyWithValue(acc.Priv.PubKey())
		require.NoError(t, err)
		signerData := txsigning.SignerData{
			Address: acc.Bech32, ChainID: "bench-test-1", AccountNumber: acc.Number, Sequence: uint64(ptx.Seq),
			PubKey: &anypb.Any{TypeUrl: anyPk.TypeUrl, Value: anyPk.Value},
		}
		txData := tx.(authsigning.V2AdaptableTx).GetSigningTxData()
		require.NoError(t, authsigning.VerifySignature(context.Background(), acc.Priv.PubKey(), signerData, sigs[0].Data,
			enc.TxConfig.SignModeHandler(), txData))
		signerData.AccountNumber++
		require.Error(t, authsigning.VerifySignature(context.Background(), acc.Priv.PubKey(), signerData, sigs[0].Data,
			enc.TxConfig.SignModeHandler(), txData), "another account number must not verify")
	}
}

func TestFees(t *testing.T) {
	f := DefaultOptions().Fees
	require.Equal(t, "0.001uazr", FormatDecCoin(f.GasPrice))
	require.Equal(t, "2uazr", FormatDecCoin(sdk.NewInt64DecCoin(FeeDenom, 2)))
	gas, fee := f.Fee(KindSend)
	require.Equal(t, uint64(200_000), gas)
	require.Equal(t, "200uazr", fee.String())
	f.GasLimit = 123_457
	gas, fee = f.Fee(KindOrder)
	require.Equal(t, uint64(123_457), gas)
	require.Equal(t, "124uazr", fee.String(), "the fee rounds up")
}

// The genesis the bench writes passes every module's own validation, gives
// the accounts the numbers the bench signs with and, on Nexus, verifies them.
func TestWriteGenesis(t *testing.T) {
	enc := NewEncoding()
	for _, chain := range []ChainKind{Stock, Nexus} {
		l := testLayout(t, ScenarioMixed, 60)
		validators := []string{DeriveAccounts("validators", 1, 0)[0].Bech32}
		path := filepath.Join(t.TempDir(), "genesis.json")
		appState := map[string]json.RawMessage{
			"auth": json.RawMessage(`{"params":{},"accounts":[{"@type":"/cosmos.auth.v1beta1.BaseAccount","address":"` +
				validators[0] + `","pub_key":null,"account_number":"0","sequence":"0"}]}`),
			"bank": json.RawMessage(`{"params":{},"balances":[{"address":"` + validators[0] +
				`","coins":[{"denom":"ustake","amount":"5"}]}],"supply":[{"denom":"ustake","amount":"5"}],"denom_metadata":[]}`),
		}
		if chain == Nexus {
			appState[aegistypes.ModuleName] = enc.Codec.MustMarshalJSON(aegistypes.DefaultGenesis())
			appState[minttypes.ModuleName] = enc.Codec.MustMarshalJSON(minttypes.DefaultGenesis())
			appState[forgetypes.ModuleName] = enc.Codec.MustMarshalJSON(forgetypes.DefaultGenesis())
			appState[meshtypes.ModuleName] = enc.Codec.MustMarshalJSON(meshtypes.DefaultGenesis())
		}
		as, err := json.Marshal(appState)
		require.NoError(t, err)
		doc, err := json.Marshal(map[string]json.RawMessage{
			"genesis_time": json.RawMessage(`"2026-12-01T10:00:00Z"`), "chain_id": json.RawMessage(`"x"`), "app_state": as,
		})
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, doc, 0o600))

		balance := sdk.NewCoins(sdk.NewInt64Coin(FeeDenom, 7))
		require.NoError(t, WriteGenesis(path, enc, GenesisInput{Chain: chain, Layout: l, Balance: balance, Validators: validators}))

		bz, err := os.ReadFile(path)
		require.NoError(t, err)
		var out struct {
			ChainID  string                     `json:"chain_id"`
			AppState map[string]json.RawMessage `json:"app_state"`
		}
		require.NoError(t, json.Unmarshal(bz, &out))
		require.Equal(t, "x", out.ChainID, "the rest of the file is kept")

		var auth authtypes.GenesisState
		require.NoError(t, enc.Codec.UnmarshalJSON(out.AppState["auth"], &auth))
		accs, err := authtypes.UnpackAccounts(auth.Accounts)
		require.NoError(t, err)
		require.NoError(t, authtypes.ValidateGenAccounts(accs))
		require.Len(t, accs, 61)
		for i, acc := range accs {
			require.Equal(t, uint64(i), acc.GetAccountNumber())
			if i > 0 {
				require.Equal(t, l.Accounts[i-1].Addr, acc.GetAddress())
			}
		}
		var bank banktypes.GenesisState
		require.NoError(t, enc.Codec.UnmarshalJSON(out.AppState["bank"], &bank))
		require.NoError(t, bank.Validate())
		require.Len(t, bank.Balances, 61)
		require.Empty(t, bank.Supply, "bank computes the supply at InitGenesis")

		if chain == Stock {
			require.NotContains(t, out.AppState, aegistypes.ModuleName)
			continue
		}
		ac := address.NewBech32Codec(Bech32Prefix)
		var aegis aegistypes.GenesisState
		require.NoError(t, enc.Codec.UnmarshalJSON(out.AppState[aegistypes.ModuleName], &aegis))
		require.NoError(t, aegis.Validate())
		require.Len(t, aegis.Standings, 60)
		for i, s := range aegis.Standings {
			require.Equal(t, l.Accounts[i].Bech32, s.Address)
			require.Equal(t, BenchTier, s.Tier)
			require.Equal(t, validators[0], s.Attester)
		}
		require.Contains(t, aegis.Roles, aegistypes.RoleGrant{Role: aegistypes.Role_ROLE_ATTESTER, Address: validators[0]})

		var mint minttypes.GenesisState
		require.NoError(t, enc.Codec.UnmarshalJSON(out.AppState[minttypes.ModuleName], &mint))
		require.NoError(t, mint.Validate(ac))
		require.Len(t, mint.Treasurers, len(l.Treasurers))

		var forge forgetypes.GenesisState
		require.NoError(t, enc.Codec.UnmarshalJSON(out.AppState[forgetypes.ModuleName], &forge))
		require.NoError(t, forge.Validate(ac))
		require.Len(t, forge.Listings, len(l.Listings))
		require.Equal(t, uint64(len(l.Listings)+1), forge.NextListingId)
		require.Equal(t, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC).Add(ListingLifetime), forge.Listings[0].Expiry)

		var mesh meshtypes.GenesisState
		require.NoError(t, enc.Codec.UnmarshalJSON(out.AppState[meshtypes.ModuleName], &mesh))
		require.NoError(t, mesh.Validate())
		require.Len(t, mesh.Nodes, len(l.Nodes))
		require.Len(t, mesh.Roles, len(l.Reporters))
	}
}

// A report of a run that committed nothing still encodes and prints.
func TestReportEncodesAndPrints(t *testing.T) {
	r := &Report{Schema: ReportSchema, Chain: Nexus, Scenario: ScenarioBankSend, Rejections: map[string]int{RejectMempoolFull: 3},
		RejectionSamples: map[string]string{RejectMempoolFull: "mempool is full"}, Warnings: []string{"no transaction was committed"}}
	_, err := json.Marshal(r)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteSummary(&buf, r))
	require.Contains(t, buf.String(), "rpc: mempool is full ×3")
	require.Contains(t, buf.String(), "WARNING      no transaction was committed")

	c := &Comparison{Schema: ComparisonSchema, Medians: map[ChainKind]Medians{Nexus: {}, Stock: {}},
		Ratio: Medians{TxPerSecond: math.NaN()}, RoundRatios: []Ratio{Ratio(math.NaN()), 0.5}}
	bz, err := json.Marshal(c)
	require.NoError(t, err)
	require.Contains(t, string(bz), `"round_ratios":[null,0.5]`)
	require.Contains(t, string(bz), `"tx_per_second":null`)
	buf.Reset()
	require.NoError(t, WriteComparison(&buf, c))
	require.Contains(t, buf.String(), "committed tx/s n/a")
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -2000: "-2,000"} {
		require.Equal(t, want, thousands(n))
	}
}

func TestAnalyseCountsOnlyCommittedTransactions(t *testing.T) {
	t0 := time.Unix(1_800_000_000, 0)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	plan := &Plan{Txs: make([]PlannedTx, 6), Senders: 6}
	for j := range plan.Txs {
		plan.Txs[j].Kind = KindSend
	}
	load := &loadResult{
		submitted:  []int64{at(0.5).UnixNano(), at(1.2).UnixNano(), at(1.4).UnixNano(), at(2.1).UnixNano(), at(2.2).UnixNano(), 0},
		accepted:   5,
		rejections: map[string]int{"checktx: sdk/5": 1}, samples: map[string]string{"checktx: sdk/5": "insufficient funds"},
	}
	obs := []observation{
		{Height: 10, Seen: at(1), NodeCPU: 10},
		{Height: 11, Seen: at(2), NodeCPU: 11},
		{Height: 12, Seen: at(3), NodeCPU: 12.5},
		{Height: 13, Seen: at(4), NodeCPU: 13},
	}
	blocks := []fetchedBlock{
		{Height: 10, Time: at(0.9), NumTxs: 1}, {Height: 11, Time: at(1.9), NumTxs: 2},
		{Height: 12, Time: at(2.9), NumTxs: 2}, {Height: 13, Time: at(3.9)},
	}
	found := map[int32]committedTx{
		0: {Height: 10, GasUsed: 100},
		1: {Height: 11, GasUsed: 100},
		2: {Height: 11, Code: 5, Codespace: "sdk", Log: "insufficient funds"},
		3: {Height: 12, GasUsed: 300},
		// tx 4 was accepted but never committed.
	}
	r := &Report{Host: Host{CPUs: 2}}
	analyse(r, plan, load, obs, blocks, found, at(1), at(3))
	require.Empty(t, r.Warnings[1:], "only the failed-in-block warning: %v", r.Warnings)
	require.Equal(t, 3, r.Committed)
	require.Equal(t, 1, r.FailedInBlock)
	require.Equal(t, 1, r.NotCommitted)
	require.Equal(t, 1, r.Rejections["in block: sdk/5"])
	require.Equal(t, 1, r.Rejections["checktx: sdk/5"])
	// Window (1, 3]: blocks 11 and 12 after boundary 10; 2 successful txs in 2 s.
	require.Equal(t, stats.Window{FirstHeight: 11, LastHeight: 12, Blocks: 2, Seconds: 2, Txs: 2, TxPerSecond: 1, CPUSeconds: 2.5}, r.Window)
	require.InDelta(t, 1250, r.NodeCPUMsPerTx, 1e-9)
	// Latencies of the window's successful txs: 2 − 1.2 and 3 − 2.1.
	require.Equal(t, 2, r.LatencySeconds.N)
	require.InDelta(t, 0.8, r.LatencySeconds.Min, 1e-9)
	require.InDelta(t, 0.9, r.LatencySeconds.Max, 1e-9)
	require.InDelta(t, 500.0/3, r.GasUsed[KindSend].Mean, 1e-9)
	require.InDelta(t, 1.0, r.BlockIntervalSeconds.P50, 1e-9)
	// Accepted in the window: txs 1, 2, 3, 4.
	require.InDelta(t, 2.0, r.OfferedPerSecond, 1e-9)
}
