package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	sdkmath "cosmossdk.io/math"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/azora-os/nexus/bench/stats"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
)

// Options configure a bench run. Both chains get the same accounts, the
// same load and the same node settings.
type Options struct {
	Nexusd, Stockd string
	Scenario       string
	Accounts       int
	// Senders is how many of the accounts send (0: all of them); the others
	// only receive.
	Senders     int
	Validators  int
	Connections int
	// Rate is the offered rate in tx/s; 0 offers as fast as the node accepts.
	Rate     float64
	Warmup   time.Duration
	Duration time.Duration
	// Txs is the number of transactions to sign (0: enough for the run at
	// Rate, or at MaxRateHint when Rate is 0).
	Txs          int
	MaxRateHint  float64
	Amount       int64
	Balance      sdk.Coins
	Fees         Fees
	ChainID      string
	Seed         string
	ConfigSet    []Setting
	AppSet       []Setting
	Env          []string
	ProfileDir   string
	WorkDir      string
	Keep         bool
	StartTimeout time.Duration
	DrainTimeout time.Duration
	// Log receives progress lines.
	Log io.Writer
}

// DefaultOptions are the settings of `make bench`.
func DefaultOptions() Options {
	return Options{
		Nexusd: "build/nexusd", Stockd: "build/stockd",
		Scenario: ScenarioBankSend, Accounts: 2000, Validators: 1, Connections: 8,
		Warmup: 10 * time.Second, Duration: 30 * time.Second, MaxRateHint: 1500,
		Amount:  1000,
		Balance: sdk.NewCoins(sdk.NewInt64Coin(FeeDenom, 10_000_000_000)), // 10,000 AZR
		Fees:    Fees{GasPrice: sdk.NewDecCoinFromDec(FeeDenom, sdkmath.LegacyMustNewDecFromStr("0.001"))},
		ChainID: "nexus-bench-1", Seed: "nexus-bench",
		StartTimeout: 5 * time.Minute, DrainTimeout: 30 * time.Second,
		Log: io.Discard,
	}
}

func (o *Options) validate() error {
	switch {
	case o.Accounts < 2:
		return fmt.Errorf("accounts must be at least 2, got %d", o.Accounts)
	case o.Senders < 0 || o.Senders > o.Accounts:
		return fmt.Errorf("senders must be in [0, accounts=%d], got %d", o.Accounts, o.Senders)
	case o.Validators < 1:
		return fmt.Errorf("validators must be at least 1, got %d", o.Validators)
	case o.Connections < 1:
		return fmt.Errorf("connections must be at least 1, got %d", o.Connections)
	case o.Rate < 0:
		return fmt.Errorf("rate must not be negative, got %v", o.Rate)
	case o.Warmup < 0 || o.Duration <= 0:
		return fmt.Errorf("warm-up must be ≥ 0 and duration > 0, got %s and %s", o.Warmup, o.Duration)
	case o.Amount < 1:
		return fmt.Errorf("amount must be positive, got %d", o.Amount)
	case o.Fees.GasPrice.Denom == "":
		return errors.New("gas price has no denom")
	}
	if !slices.Contains(Scenarios, o.Scenario) {
		return fmt.Errorf("unknown scenario %q (want one of %s)", o.Scenario, strings.Join(Scenarios, ", "))
	}
	return nil
}

func (o *Options) logf(format string, args ...any) {
	_, _ = fmt.Fprintf(o.Log, "nexus-bench: "+format+"\n", args...) // progress only
}

// Bench is a prepared benchmark: the accounts, one chain template and one
// signed plan per chain.
type Bench struct {
	Opts      Options
	enc       Encoding
	dir       string
	ownDir    bool
	layout    *Layout
	templates map[ChainKind]*Template
	plans     map[ChainKind]*Plan
}

// Prepare derives the accounts, creates the genesis of each chain and signs
// its transactions.
func Prepare(ctx context.Context, opts Options, chains ...ChainKind) (*Bench, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	if opts.Senders == 0 {
		opts.Senders = opts.Accounts
	}
	if opts.Txs == 0 {
		rate := opts.Rate
		if rate == 0 {
			rate = opts.MaxRateHint
		}
		opts.Txs = int(rate*(opts.Warmup+opts.Duration).Seconds()*1.1) + opts.Connections
	}
	b := &Bench{Opts: opts, enc: NewEncoding(), templates: map[ChainKind]*Template{}, plans: map[ChainKind]*Plan{}}
	var err error
	if opts.WorkDir == "" {
		if b.dir, err = os.MkdirTemp("", "nexus-bench-"); err != nil {
			return nil, err
		}
		b.ownDir = true
	} else {
		b.dir = opts.WorkDir
		if err := os.MkdirAll(b.dir, 0o700); err != nil {
			return nil, err
		}
	}
	ok := false
	defer func() {
		if !ok {
			b.Close()
		}
	}()
	for _, bin := range []struct {
		chain ChainKind
		path  *string
	}{{Nexus, &b.Opts.Nexusd}, {Stock, &b.Opts.Stockd}} {
		if bin.chain == Stock && !slices.Contains(chains, Stock) {
			continue
		}
		abs, err := filepath.Abs(*bin.path)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(abs); err != nil {
			return nil, fmt.Errorf("%s binary: %w (make build builds nexusd, make bench-build both)", bin.chain, err)
		}
		*bin.path = abs
	}

	start := time.Now()
	accounts := DeriveAccounts(opts.Seed, opts.Accounts, uint64(opts.Validators))
	if b.layout, err = NewLayout(opts.Scenario, accounts, opts.Senders, opts.Amount); err != nil {
		return nil, err
	}
	b.Opts.logf("derived %d accounts in %s", len(accounts), time.Since(start).Round(time.Millisecond))

	base, err := BaseConfigHome(ctx, b.Opts.Nexusd, b.dir)
	if err != nil {
		return nil, err
	}
	// Try the overrides on a copy of the base files now, so a misspelt key
	// fails before minutes of genesis and signing.
	for _, f := range []struct {
		name, flag string
		sets       []Setting
	}{{"config.toml", "--config", opts.ConfigSet}, {"app.toml", "--app", opts.AppSet}} {
		trial := filepath.Join(b.dir, "trial-"+f.name)
		if err := copyFile(filepath.Join(base, "config", f.name), trial); err != nil {
			return nil, err
		}
		if err := SetTOML(trial, f.sets...); err != nil {
			return nil, fmt.Errorf("%s: %s", f.flag, strings.Replace(err.Error(), trial, f.name, 1))
		}
	}
	for _, chain := range chains {
		start := time.Now()
		cfg := ChainConfig{
			Kind: chain, Binary: b.Opts.Nexusd, Validators: opts.Validators, ChainID: opts.ChainID,
			BaseConfig: base, ConfigSet: opts.ConfigSet, AppSet: opts.AppSet, Env: opts.Env,
		}
		if chain == Stock {
			cfg.Binary = b.Opts.Stockd
		}
		t, err := NewTemplate(ctx, filepath.Join(b.dir, string(chain)+"-template"), cfg, func(genesis string, validators []string) error {
			return WriteGenesis(genesis, b.enc, GenesisInput{Chain: chain, Layout: b.layout, Balance: opts.Balance, Validators: validators})
		})
		if err != nil {
			return nil, fmt.Errorf("%s genesis: %w", chain, err)
		}
		b.templates[chain] = t
		b.Opts.logf("%s: genesis with %d validator(s) and %d accounts in %s", chain, opts.Validators, len(accounts), time.Since(start).Round(time.Millisecond))
	}
	for _, chain := range chains {
		stock := chain == Stock
		// bank-send is the same transactions on both chains (same chain id,
		// same accounts and account numbers): sign once.
		if other, ok := b.plans[Nexus]; ok && stock && opts.Scenario == ScenarioBankSend {
			b.plans[chain] = other
			continue
		}
		if other, ok := b.plans[Stock]; ok && !stock && opts.Scenario == ScenarioBankSend {
			b.plans[chain] = other
			continue
		}
		start := time.Now()
		plan, err := SignPlan(ctx, b.enc, b.layout, opts.ChainID, stock, opts.Fees, opts.Txs)
		if err != nil {
			return nil, err
		}
		b.plans[chain] = plan
		b.Opts.logf("%s: signed %d transactions in %s", chain, len(plan.Txs), time.Since(start).Round(time.Millisecond))
	}
	ok = true
	return b, nil
}

// Dir returns the work directory.
func (b *Bench) Dir() string { return b.dir }

// Close removes the work directory if the bench created it and was not
// asked to keep it.
func (b *Bench) Close() {
	if b.ownDir && !b.Opts.Keep {
		_ = os.RemoveAll(b.dir)
	}
}

// Round starts a fresh copy of chain, offers its plan, measures, stops the
// chain and returns the report.
func (b *Bench) Round(ctx context.Context, chain ChainKind, round int) (*Report, error) {
	o := b.Opts
	t, plan := b.templates[chain], b.plans[chain]
	if t == nil || plan == nil {
		return nil, fmt.Errorf("chain %s was not prepared", chain)
	}
	dir := filepath.Join(b.dir, fmt.Sprintf("%s-round%d", chain, round))
	_ = os.RemoveAll(dir)
	o.logf("%s round %d: starting %d node(s)", chain, round, o.Validators)
	nw, err := t.Start(ctx, dir, o.ProfileDir != "", o.StartTimeout)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err := nw.Stop(); err != nil {
			o.logf("%s round %d: %v", chain, round, err)
		}
		if !o.Keep {
			_ = os.RemoveAll(dir)
		}
	}()
	r := &Report{
		Schema: ReportSchema, Chain: chain, Binary: t.Config.Binary, Scenario: o.Scenario, Round: round,
		Planned: len(plan.Txs), Kinds: map[TxKind]int{}, Host: ReadHost(),
	}
	for _, tx := range plan.Txs {
		r.Kinds[tx.Kind]++
	}
	r.Setup = b.setup(nw)
	if out, err := runCLI(ctx, t.Config.Binary, "version"); err == nil {
		r.Version = strings.TrimSpace(string(out))
	}
	if r.Version == "" {
		r.Version = "(no version set at build)"
	}
	if err := b.checkAccounts(ctx, nw.Nodes[0], chain); err != nil {
		return nil, err
	}

	col, err := startCollector(ctx, nw.Nodes)
	if err != nil {
		return nil, err
	}
	stopped := false
	defer func() {
		if !stopped {
			col.Stop()
		}
	}()
	// A block seen before the load starts: the first boundary.
	if err := col.waitHeight(ctx, col.Height()+1, time.Minute); err != nil {
		return nil, err
	}
	loadStart := time.Now()
	windowStart := loadStart.Add(o.Warmup)
	windowEnd := windowStart.Add(o.Duration)
	r.HostLoadStart = LoadAverage()
	o.logf("%s round %d: offering %d transactions from %d connections for %s (warm-up %s)",
		chain, round, len(plan.Txs), o.Connections, o.Warmup+o.Duration, o.Warmup)

	profileDone := make(chan error, 1)
	var profilePath string
	if o.ProfileDir != "" {
		if err := os.MkdirAll(o.ProfileDir, 0o755); err != nil {
			return nil, err
		}
		profilePath = filepath.Join(o.ProfileDir, fmt.Sprintf("%s-%s-round%d.pprof", chain, o.Scenario, round))
		go func() {
			if !sleepUntil(ctx, windowStart) {
				profileDone <- ctx.Err()
				return
			}
			profileDone <- CaptureProfile(ctx, nw.Nodes[0], o.Duration, profilePath)
		}()
	} else {
		profileDone <- nil
	}

	load := runLoad(ctx, nw.Nodes, plan, o.Connections, o.Rate, loadStart, windowEnd)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	r.HostLoadEnd = LoadAverage()
	o.logf("%s round %d: %d accepted; draining", chain, round, load.accepted)
	if err := b.drain(ctx, nw.Nodes[0], col); err != nil {
		r.Warnings = append(r.Warnings, err.Error())
	}
	obs := col.Stop()
	stopped = true
	r.CollectorMode = col.mode
	if err := <-profileDone; err != nil {
		r.Warnings = append(r.Warnings, fmt.Sprintf("CPU profile: %v", err))
		profilePath = ""
	}

	for _, n := range nw.Nodes {
		_, peak, err := ProcMemory(n.PID())
		if err != nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("memory of node %s: %v", n.Home, err))
		}
		r.NodePeakRSSPerNode = append(r.NodePeakRSSPerNode, peak)
		r.NodePeakRSSBytes = max(r.NodePeakRSSBytes, peak)
	}
	if len(obs) == 0 {
		return nil, errors.New("no block was seen")
	}
	blocks, found, err := fetchBlocks(ctx, nw.Nodes[0], plan, obs[0].Height, obs[len(obs)-1].Height)
	if err != nil {
		return nil, err
	}
	end := windowEnd
	if !load.exhausted.IsZero() && load.exhausted.Before(windowEnd) {
		end = load.exhausted
		r.Warnings = append(r.Warnings, fmt.Sprintf(
			"the %d pre-signed transactions ran out %.1f s into the window; the window was cut there (sign more with --txs)",
			len(plan.Txs), load.exhausted.Sub(windowStart).Seconds()))
	}
	analyse(r, plan, load, obs, blocks, found, windowStart, end)
	if profilePath != "" {
		if r.Profile, err = SummarizeProfile(profilePath, r.Window.Txs, 25); err != nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("CPU profile: %v", err))
		}
	}
	return r, nil
}

// analyse fills the report from what the load and the collector saw and the
// blocks read back.
func analyse(r *Report, plan *Plan, load *loadResult, obs []observation, blocks []fetchedBlock,
	found map[int32]committedTx, windowStart, windowEnd time.Time,
) {
	r.Attempts, r.Accepted, r.Skipped = load.attempts, load.accepted, load.skipped
	r.Rejections, r.RejectionSamples = map[string]int{}, map[string]string{}
	for k, v := range load.rejections {
		r.Rejections[k] = v
		r.RejectionSamples[k] = load.samples[k]
	}
	seen := map[int64]observation{}
	for _, o := range obs {
		seen[o.Height] = o
	}
	okPerBlock := map[int64]int{}
	gas := map[TxKind][]float64{}
	for j, c := range found {
		if c.Code != 0 {
			r.FailedInBlock++
			key := deliverKey(c.Codespace, c.Code)
			r.Rejections[key]++
			if _, ok := r.RejectionSamples[key]; !ok {
				r.RejectionSamples[key] = truncate(c.Log, 300)
			}
			continue
		}
		r.Committed++
		okPerBlock[c.Height]++
		gas[plan.Txs[j].Kind] = append(gas[plan.Txs[j].Kind], float64(c.GasUsed))
	}
	for j, t := range load.submitted {
		if _, ok := found[int32(j)]; t != 0 && !ok {
			r.NotCommitted++
		}
	}
	r.GasUsed = map[TxKind]stats.Summary{}
	for k, v := range gas {
		r.GasUsed[k] = stats.Summarize(v)
	}

	var sb []stats.Block
	for _, b := range blocks {
		o, ok := seen[b.Height]
		if !ok {
			continue
		}
		sb = append(sb, stats.Block{Height: b.Height, Seen: o.Seen, Txs: okPerBlock[b.Height], CPUSeconds: o.NodeCPU})
	}
	w, err := stats.MeasureWindow(sb, windowStart, windowEnd)
	if err != nil {
		r.Warnings = append(r.Warnings, fmt.Sprintf("no measurement: %v (make --duration longer than a few blocks)", err))
		return
	}
	r.Window = w
	r.TxPerSecond = w.TxPerSecond
	r.NodeCPUSeconds = w.CPUSeconds
	if w.Txs > 0 {
		r.NodeCPUMsPerTx = w.CPUSeconds / float64(w.Txs) * 1000
	}
	if w.Seconds > 0 {
		r.NodeCPUCores = w.CPUSeconds / w.Seconds
	}
	boundary := seen[w.FirstHeight-1]
	last := seen[w.LastHeight]
	r.HostBusyCores = BusyCores(boundary.Host, last.Host, r.Host.CPUs)
	r.BenchCPUSeconds = last.SelfCPU - boundary.SelfCPU
	for h := w.FirstHeight; h <= w.LastHeight; h++ {
		for _, rss := range seen[h].NodeRSS {
			r.NodeWindowRSSBytes = max(r.NodeWindowRSSBytes, rss)
		}
	}

	var latencies []float64
	for j, c := range found {
		if c.Code != 0 || c.Height < w.FirstHeight || c.Height > w.LastHeight || load.submitted[j] == 0 {
			continue
		}
		latencies = append(latencies, seen[c.Height].Seen.Sub(time.Unix(0, load.submitted[j])).Seconds())
	}
	r.LatencySeconds = stats.Summarize(latencies)

	var times []time.Time
	var sizes []float64
	for _, b := range blocks {
		if b.Height >= w.FirstHeight-1 && b.Height <= w.LastHeight {
			times = append(times, b.Time)
		}
		if b.Height >= w.FirstHeight && b.Height <= w.LastHeight {
			sizes = append(sizes, float64(b.NumTxs))
			if b.Foreign > 0 {
				r.Warnings = append(r.Warnings, fmt.Sprintf("block %d holds %d transactions that are not the bench's", b.Height, b.Foreign))
			}
		}
	}
	r.BlockIntervalSeconds = stats.Summarize(stats.Intervals(times))
	r.TxsPerBlock = stats.Summarize(sizes)

	accepted := 0
	for _, t := range load.submitted {
		if t != 0 && !time.Unix(0, t).Before(windowStart) && !time.Unix(0, t).After(windowEnd) {
			accepted++
		}
	}
	if s := windowEnd.Sub(windowStart).Seconds(); s > 0 {
		r.OfferedPerSecond = float64(accepted) / s
	}
	if r.Committed == 0 {
		r.Warnings = append(r.Warnings, "no transaction was committed")
	}
	if r.FailedInBlock > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d transactions failed in a block (see rejections)", r.FailedInBlock))
	}
}

// drain waits until node's mempool is empty (every accepted transaction is
// in a block or dropped) and one more block is committed.
func (b *Bench) drain(ctx context.Context, node *Node, col *collector) error {
	cli, err := rpchttp.New(node.RPC(), "/websocket")
	if err != nil {
		return err
	}
	deadline := time.Now().Add(b.Opts.DrainTimeout)
	for {
		res, err := cli.NumUnconfirmedTxs(ctx)
		if err == nil && res.Total == 0 {
			break
		}
		if time.Now().After(deadline) {
			n := -1
			if res != nil {
				n = res.Total
			}
			return fmt.Errorf("the mempool still held %d transactions %s after the load ended", n, b.Opts.DrainTimeout)
		}
		if !sleepUntil(ctx, time.Now().Add(100*time.Millisecond)) {
			return ctx.Err()
		}
	}
	return col.waitHeight(ctx, col.Height()+1, 30*time.Second)
}

// checkAccounts checks on the running chain that a sample of the bench
// accounts has the account number the transactions were signed with, no
// sequence used yet, and on Nexus the verified standing.
func (b *Bench) checkAccounts(ctx context.Context, node *Node, chain ChainKind) error {
	cli, err := rpchttp.New(node.RPC(), "/websocket")
	if err != nil {
		return err
	}
	accs := b.layout.Accounts
	for _, i := range []int{0, len(accs) / 3, len(accs) / 2, len(accs) - 1} {
		a := accs[i]
		req, _ := (&authtypes.QueryAccountRequest{Address: a.Bech32}).Marshal()
		res, err := cli.ABCIQuery(ctx, "/cosmos.auth.v1beta1.Query/Account", req)
		if err != nil {
			return fmt.Errorf("query account %s: %w", a.Bech32, err)
		}
		if res.Response.Code != 0 {
			return fmt.Errorf("query account %s: %s", a.Bech32, res.Response.Log)
		}
		var out authtypes.QueryAccountResponse
		if err := out.Unmarshal(res.Response.Value); err != nil {
			return err
		}
		var acc sdk.AccountI
		if err := b.enc.Registry.UnpackAny(out.Account, &acc); err != nil {
			return err
		}
		if acc.GetAccountNumber() != a.Number || acc.GetSequence() != 0 {
			return fmt.Errorf("%s: account %s has number %d and sequence %d, the bench signed for %d and 0",
				chain, a.Bech32, acc.GetAccountNumber(), acc.GetSequence(), a.Number)
		}
		if chain != Nexus {
			continue
		}
		req, _ = (&aegistypes.QueryStandingRequest{Address: a.Bech32}).Marshal()
		res, err = cli.ABCIQuery(ctx, "/azora.aegis.v1.Query/Standing", req)
		if err != nil {
			return fmt.Errorf("query standing %s: %w", a.Bech32, err)
		}
		var st aegistypes.QueryStandingResponse
		if err := st.Unmarshal(res.Response.Value); err != nil {
			return err
		}
		if st.Record.Tier != BenchTier || st.Standing != aegistypes.Standing_STANDING_VERIFIED {
			return fmt.Errorf("nexus: account %s is %s at tier %q, want verified at %q", a.Bech32, st.Standing, st.Record.Tier, BenchTier)
		}
	}
	return nil
}

// setup records the configuration of a round as node 0 will read it.
func (b *Bench) setup(nw *Network) Setup {
	o := b.Opts
	s := Setup{
		ChainID: o.ChainID, Validators: o.Validators, Accounts: o.Accounts, Senders: o.Senders,
		Connections: o.Connections, Rate: o.Rate, Warmup: o.Warmup.String(), Duration: o.Duration.String(),
		GasLimit: o.Fees.GasLimit, GasPrice: FormatDecCoin(o.Fees.GasPrice), Amount: o.Amount,
		Config: map[string]string{}, App: map[string]string{}, Env: o.Env,
	}
	for _, set := range o.ConfigSet {
		s.Overrides = append(s.Overrides, "config.toml "+set.String())
	}
	for _, set := range o.AppSet {
		s.Overrides = append(s.Overrides, "app.toml "+set.String())
	}
	home := nw.Nodes[0].Home
	for _, k := range []string{
		"consensus.timeout_propose", "consensus.timeout_commit", "mempool.type", "mempool.size",
		"mempool.recheck", "tx_index.indexer", "rpc.pprof_laddr", "instrumentation.prometheus", "log_level",
	} {
		if v, err := GetTOML(filepath.Join(home, "config", "config.toml"), k); err == nil {
			s.Config[k] = v
		}
	}
	for _, k := range []string{
		"minimum-gas-prices", "block-executor", "iavl-cache-size", "iavl-disable-fastnode", "pruning",
		"index-events", "mempool.max-txs", "query-gas-limit",
	} {
		if v, err := GetTOML(filepath.Join(home, "config", "app.toml"), k); err == nil {
			s.App[k] = v
		}
	}
	return s
}
