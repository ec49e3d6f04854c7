// Package demo generates traffic on a devnet so that the agent's models
// have something to learn from and its dashboard something to show: a set
// of demo accounts (derived from a seed, so a rerun reuses them), funded by
// a funder key; an employee node per account and a few devices and
// corridors in x/mesh, all with their owners' consent; then, for a while,
// payments from consumers to merchants whose rate follows a seasonal
// profile — and, on a few accounts, injected structuring: several sends just
// under their x/aegis tier's per-transaction limit. Money flows one way
// (consumers → merchants), so the clean traffic holds no circular flows the
// anomaly model would rightly flag.
//
// It is a client like the agent (RPC/gRPC only) and signs with the devnet's
// test keyring (funder, registrar) and an in-memory keyring (the demo
// accounts). `nexus-agent demo-traffic` runs it.
package demo

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/cosmos/go-bip39"

	sdkmath "cosmossdk.io/math"

	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/agent/chain"
	"github.com/azora-os/nexus/agent/codec"
	"github.com/azora-os/nexus/agent/config"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// Config says where and how much traffic to make.
type Config struct {
	ChainID string
	Nodes   []config.Node
	// KeyringDir and KeyringBackend locate the keyring holding Funder and
	// Registrar (the devnet's home, test backend).
	KeyringDir, KeyringBackend string
	// Funder pays the demo accounts (it needs a tier whose limits allow it,
	// e.g. the devnet's institutional validator); Registrar holds x/mesh's
	// registrar role.
	Funder, Registrar string
	// Accounts is the number of demo accounts; Structurers of them inject
	// structuring.
	Accounts, Structurers int
	// Duration is how long transfers flow; Rate the mean transfers per
	// second; Period the length of the seasonal profile.
	Duration time.Duration
	Rate     float64
	Period   time.Duration
	// Seed derives the accounts and the random choices.
	Seed uint64
	// Denom is the denom sent (uazr).
	Denom string
	// GasPrice is the fee's gas price (0.001uazr).
	GasPrice string
	Log      *slog.Logger
}

// DefaultConfig is a three-minute devnet run.
func DefaultConfig() Config {
	return Config{
		ChainID: "nexus-devnet-1", Nodes: []config.Node{{RPC: "http://127.0.0.1:26657", GRPC: "127.0.0.1:9090"}},
		KeyringBackend: "test", Funder: "validator", Registrar: "registrar",
		Accounts: 12, Structurers: 2, Duration: 3 * time.Minute, Rate: 3, Period: time.Minute,
		Seed: 1, Denom: "uazr", GasPrice: "0.001uazr",
	}
}

// Account is one demo account.
type Account struct {
	Name     string `json:"name"`
	Address  string `json:"address"`
	Employee string `json:"employee_node"`
	Device   string `json:"device_node,omitempty"`
	// Role is consumer (pays merchants), merchant (is paid) or structurer.
	Role       string `json:"role"`
	Structurer bool   `json:"structurer"`
}

// Report is what a run did.
type Report struct {
	Accounts    []Account `json:"accounts"`
	Structurers []string  `json:"structurers"`
	Corridors   []string  `json:"corridors"`
	// PerTxLimit is the basic tier's per-transaction limit the structuring
	// aimed under.
	PerTxLimit  string `json:"per_tx_limit"`
	Sent        int    `json:"sent"`
	NearLimit   int    `json:"near_limit_sends"`
	Refused     int    `json:"refused"`
	FirstHeight int64  `json:"first_height"`
	LastHeight  int64  `json:"last_height"`
}

// Corridor node ids the demo registers.
const (
	// CorridorAll is the default corridor of uazr (every AZR transfer).
	CorridorAll = "denom-uazr"
	// CorridorMarket covers the first half of the consumers.
	CorridorMarket = "cor-demo-market"
)

type signer struct {
	kr      keyring.Keyring
	name    string
	addr    sdk.AccAddress
	number  uint64
	seq     uint64
	known   bool
	account Account
}

type runner struct {
	cfg    Config
	enc    codec.Encoding
	client *chain.Client
	log    *slog.Logger
	rng    *rand.Rand
	gas    sdk.DecCoin
	report Report
}

// Run makes the traffic and returns what it did.
func Run(ctx context.Context, cfg Config) (Report, error) {
	if cfg.Accounts < 2 || cfg.Structurers < 0 || cfg.Structurers > cfg.Accounts/2 {
		return Report{}, fmt.Errorf("demo: want at least 2 accounts and at most half of them structurers (accounts %d, structurers %d)", cfg.Accounts, cfg.Structurers)
	}
	if cfg.Rate <= 0 || cfg.Period <= 0 || cfg.Duration < 0 {
		return Report{}, errors.New("demo: rate and period must be positive, duration not negative")
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	gp, err := sdk.ParseDecCoin(cfg.GasPrice)
	if err != nil {
		return Report{}, fmt.Errorf("demo: gas price: %w", err)
	}
	enc := codec.New()
	r := &runner{
		cfg: cfg, enc: enc, log: cfg.Log, gas: gp,
		client: chain.New(cfg.ChainID, cfg.Nodes, enc.ProtoCodec, cfg.Log),
		rng:    rand.New(rand.NewPCG(cfg.Seed, 0x6e65787573)), //nolint:gosec // demo traffic, not security
	}
	defer r.client.Close()
	return r.run(ctx)
}

func (r *runner) run(ctx context.Context) (Report, error) {
	dev, err := keyring.New("nexus", r.cfg.KeyringBackend, r.cfg.KeyringDir, strings.NewReader(""), r.enc.Codec)
	if err != nil {
		return Report{}, fmt.Errorf("demo: keyring in %s: %w", r.cfg.KeyringDir, err)
	}
	funder, err := r.keySigner(dev, r.cfg.Funder)
	if err != nil {
		return Report{}, err
	}
	registrar, err := r.keySigner(dev, r.cfg.Registrar)
	if err != nil {
		return Report{}, err
	}
	accounts, err := r.demoAccounts()
	if err != nil {
		return Report{}, err
	}
	limit, err := r.perTxLimit(ctx)
	if err != nil {
		return Report{}, err
	}
	r.report.PerTxLimit = limit.String() + r.cfg.Denom
	r.report.FirstHeight = r.height(ctx)

	if err := r.fund(ctx, funder, accounts, limit); err != nil {
		return r.report, err
	}
	if err := r.registerNodes(ctx, registrar, funder, accounts); err != nil {
		return r.report, err
	}
	if err := r.consent(ctx, funder, accounts); err != nil {
		return r.report, err
	}
	for _, a := range accounts {
		r.report.Accounts = append(r.report.Accounts, a.account)
		if a.account.Structurer {
			r.report.Structurers = append(r.report.Structurers, a.account.Address)
		}
	}
	r.report.Corridors = []string{CorridorAll, CorridorMarket}
	if err := r.traffic(ctx, accounts, limit); err != nil {
		return r.report, err
	}
	r.report.LastHeight = r.height(ctx)
	return r.report, nil
}

// keySigner loads a key of the devnet keyring.
func (r *runner) keySigner(kr keyring.Keyring, name string) (*signer, error) {
	rec, err := kr.Key(name)
	if err != nil {
		return nil, fmt.Errorf("demo: key %q in the %s keyring in %s: %w", name, r.cfg.KeyringBackend, r.cfg.KeyringDir, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return nil, err
	}
	return &signer{kr: kr, name: name, addr: addr}, nil
}

// demoAccounts derives the demo accounts from the seed: a BIP-39 mnemonic
// from SHA-256 of the seed, account i at m/44'/118'/0'/0/i. The last
// Structurers accounts structure; of the others the first two thirds are
// consumers and the rest merchants.
func (r *runner) demoAccounts() ([]*signer, error) {
	kr := keyring.NewInMemory(r.enc.Codec)
	entropy := sha256.Sum256([]byte(fmt.Sprintf("nexus demo traffic %d", r.cfg.Seed)))
	mnemonic, err := bip39.NewMnemonic(entropy[:])
	if err != nil {
		return nil, err
	}
	out := make([]*signer, r.cfg.Accounts)
	for i := range out {
		name := fmt.Sprintf("demo-%02d", i)
		rec, err := kr.NewAccount(name, mnemonic, "", hd.CreateHDPath(118, 0, uint32(i)).String(), hd.Secp256k1) //nolint:gosec // small i
		if err != nil {
			return nil, err
		}
		addr, err := rec.GetAddress()
		if err != nil {
			return nil, err
		}
		a := Account{Name: name, Address: addr.String(), Employee: fmt.Sprintf("emp-demo-%02d", i)}
		if i < 2 {
			a.Device = fmt.Sprintf("dev-demo-%02d", i)
		}
		clean := r.cfg.Accounts - r.cfg.Structurers
		switch {
		case i >= clean:
			a.Role, a.Structurer = "structurer", true
		case i < max(1, clean*2/3):
			a.Role = "consumer"
		default:
			a.Role = "merchant"
		}
		out[i] = &signer{kr: kr, name: name, addr: addr, account: a}
	}
	return out, nil
}

// perTxLimit is the basic (first) tier's per-transaction limit of the
// demo denom: unverified demo accounts have that tier.
func (r *runner) perTxLimit(ctx context.Context) (sdkmath.Int, error) {
	rule, ok, err := r.client.VelocityRule(ctx)
	if err != nil {
		return sdkmath.Int{}, fmt.Errorf("demo: read the velocity article: %w", err)
	}
	if ok && len(rule.Tiers) > 0 {
		for _, l := range rule.Tiers[0].Limits {
			if l.Denom == r.cfg.Denom && l.PerTx.IsPositive() {
				return l.PerTx, nil
			}
		}
	}
	return sdkmath.NewInt(1_000_000_000), nil // 1,000 AZR when no limit is set
}

func (r *runner) height(ctx context.Context) int64 {
	var h int64
	_ = r.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		st, err := cn.RPC.Status(ctx)
		if err != nil {
			return err
		}
		h = st.SyncInfo.LatestBlockHeight
		return nil
	})
	return h
}

func (r *runner) balance(ctx context.Context, addr sdk.AccAddress) (sdkmath.Int, error) {
	var amt sdkmath.Int
	err := r.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := banktypes.NewQueryClient(cn.GRPC).Balance(ctx, &banktypes.QueryBalanceRequest{Address: addr.String(), Denom: r.cfg.Denom})
		if err != nil {
			return err
		}
		amt = res.Balance.Amount
		return nil
	})
	return amt, err
}

// fund tops every demo account up: structurers to 8 × the per-tx limit
// (they send about 5 × it), consumers to 4 × it, merchants to 1 × it. One
// MsgMultiSend.
func (r *runner) fund(ctx context.Context, funder *signer, accounts []*signer, limit sdkmath.Int) error {
	var outs []banktypes.Output
	total := sdkmath.ZeroInt()
	for _, a := range accounts {
		target := limit
		switch a.account.Role {
		case "structurer":
			target = limit.MulRaw(8)
		case "consumer":
			target = limit.MulRaw(4)
		}
		have, err := r.balance(ctx, a.addr)
		if err != nil {
			return err
		}
		if have.GTE(target.QuoRaw(2)) {
			continue
		}
		need := target.Sub(have)
		outs = append(outs, banktypes.Output{Address: a.addr.String(), Coins: sdk.NewCoins(sdk.NewCoin(r.cfg.Denom, need))})
		total = total.Add(need)
	}
	if len(outs) == 0 {
		return nil
	}
	msg := &banktypes.MsgMultiSend{
		Inputs:  []banktypes.Input{{Address: funder.addr.String(), Coins: sdk.NewCoins(sdk.NewCoin(r.cfg.Denom, total))}},
		Outputs: outs,
	}
	r.log.Info("funding demo accounts", "accounts", len(outs), "total", total.String()+r.cfg.Denom, "funder", funder.addr.String())
	return r.commit(ctx, funder, "fund the demo accounts", msg)
}

func (r *runner) nodeExists(ctx context.Context, id string) (meshtypes.Node, bool, error) {
	var (
		n     meshtypes.Node
		found bool
	)
	err := r.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := meshtypes.NewQueryClient(cn.GRPC).Node(ctx, &meshtypes.QueryNodeRequest{Id: id})
		if err != nil {
			if strings.Contains(err.Error(), meshtypes.ErrNodeNotFound.Error()) {
				return nil
			}
			return err
		}
		n, found = res.Node, true
		return nil
	})
	return n, found, err
}

// corridorMetadata is a corridor definition (agent/models/forecast's
// format).
func corridorMetadata(denom, description string, accounts []string) string {
	doc := map[string]any{"v": 1, "denoms": []string{denom}, "description": description}
	if len(accounts) > 0 {
		doc["accounts"] = accounts
	}
	bz, _ := json.Marshal(doc)
	return string(bz)
}

// registerNodes registers, by the registrar, the nodes that do not exist
// yet: an employee node per account, devices for the first two, and the two
// corridors (owned by the funder).
func (r *runner) registerNodes(ctx context.Context, registrar, funder *signer, accounts []*signer) error {
	var market []string
	for _, a := range accounts {
		if a.account.Role == "consumer" {
			market = append(market, a.addr.String())
		}
	}
	market = market[:max(1, len(market)/2)]
	sort.Strings(market)
	type want struct {
		id, meta string
		typ      meshtypes.NodeType
		owner    sdk.AccAddress
	}
	wants := []want{
		{CorridorAll, corridorMetadata(r.cfg.Denom, "every AZR transfer", nil), meshtypes.NodeTypeCorridor, funder.addr},
		{CorridorMarket, corridorMetadata(r.cfg.Denom, "the demo market: what half of the consumers pay", market), meshtypes.NodeTypeCorridor, funder.addr},
	}
	for _, a := range accounts {
		wants = append(wants, want{a.account.Employee, "", meshtypes.NodeTypeEmployee, a.addr})
		if a.account.Device != "" {
			wants = append(wants, want{a.account.Device, "", meshtypes.NodeTypeDevice, a.addr})
		}
	}
	var msgs []sdk.Msg
	for _, w := range wants {
		_, found, err := r.nodeExists(ctx, w.id)
		if err != nil {
			return err
		}
		if found {
			continue
		}
		msgs = append(msgs, &meshtypes.MsgRegisterNode{Signer: registrar.addr.String(), Id: w.id, Type: w.typ, Owner: w.owner.String(), Metadata: w.meta})
	}
	if len(msgs) == 0 {
		return nil
	}
	r.log.Info("registering mesh nodes", "nodes", len(msgs))
	return r.commit(ctx, registrar, "register the demo nodes", msgs...)
}

// consent has every owner consent to data sharing, model training and
// federated analysis on its nodes (where it has not yet).
func (r *runner) consent(ctx context.Context, funder *signer, accounts []*signer) error {
	type owned struct {
		s   *signer
		ids []string
	}
	all := []owned{{funder, []string{CorridorAll, CorridorMarket}}}
	for _, a := range accounts {
		ids := []string{a.account.Employee}
		if a.account.Device != "" {
			ids = append(ids, a.account.Device)
		}
		all = append(all, owned{a, ids})
	}
	for _, o := range all {
		var msgs []sdk.Msg
		for _, id := range o.ids {
			n, found, err := r.nodeExists(ctx, id)
			if err != nil {
				return err
			}
			if !found || n.Owner != o.s.addr.String() {
				return fmt.Errorf("demo: node %q is not owned by %s (another run with other keys?)", id, o.s.addr)
			}
			if n.Consent.DataSharing && n.Consent.ModelTraining && n.Consent.FederatedAnalysis {
				continue
			}
			msgs = append(msgs, &meshtypes.MsgSetConsent{Owner: o.s.addr.String(), NodeId: id, DataSharing: true, ModelTraining: true, FederatedAnalysis: true})
		}
		if len(msgs) > 0 {
			if err := r.commit(ctx, o.s, "consent on "+strings.Join(o.ids, ", "), msgs...); err != nil {
				return err
			}
		}
	}
	return nil
}

// send is one planned transfer.
type send struct {
	from, to *signer
	amount   sdkmath.Int
	near     bool
}

// traffic sends transfers for the configured duration: every tick (500
// ms) a Poisson number of payments from a random consumer to a random
// merchant, with mean rate × (1 + 0.8 sin(2πt / period)) × tick and small
// lognormal amounts (median 2% of the per-tx limit); each structurer, from a
// quarter into the run, pays merchants five times at 90–99.5% of the per-tx
// limit, a few seconds apart.
func (r *runner) traffic(ctx context.Context, accounts []*signer, limit sdkmath.Int) error {
	var consumers, merchants, structurers []*signer
	for _, a := range accounts {
		switch a.account.Role {
		case "structurer":
			structurers = append(structurers, a)
		case "consumer":
			consumers = append(consumers, a)
		default:
			merchants = append(merchants, a)
		}
	}
	if len(merchants) == 0 {
		merchants = consumers[len(consumers)-1:]
		consumers = consumers[:len(consumers)-1]
	}
	start := time.Now()
	const tick = 500 * time.Millisecond
	type plannedNear struct {
		at time.Time
		s  send
	}
	var near []plannedNear
	for i, s := range structurers {
		begin := start.Add(r.cfg.Duration / 4).Add(time.Duration(i) * 3 * time.Second)
		for k := 0; k < 5; k++ {
			frac := 0.9 + 0.095*r.rng.Float64()
			amt := sdkmath.LegacyNewDecFromInt(limit).MulTruncate(sdkmath.LegacyMustNewDecFromStr(fmt.Sprintf("%.6f", frac))).TruncateInt()
			to := merchants[r.rng.IntN(len(merchants))]
			near = append(near, plannedNear{begin.Add(time.Duration(k) * 4 * time.Second), send{from: s, to: to, amount: amt, near: true}})
		}
	}
	median := limit.QuoRaw(50)
	for {
		now := time.Now()
		if now.Sub(start) >= r.cfg.Duration {
			break
		}
		phase := 2 * math.Pi * float64(now.Sub(start)) / float64(r.cfg.Period)
		lambda := r.cfg.Rate * (1 + 0.8*math.Sin(phase)) * tick.Seconds()
		var batch []send
		for n := poisson(r.rng, lambda); n > 0 && len(consumers) > 0; n-- {
			from := consumers[r.rng.IntN(len(consumers))]
			to := merchants[r.rng.IntN(len(merchants))]
			f := math.Exp(0.6 * r.rng.NormFloat64())
			amt := sdkmath.LegacyNewDecFromInt(median).MulTruncate(sdkmath.LegacyMustNewDecFromStr(fmt.Sprintf("%.6f", min(f, 5)))).TruncateInt()
			if !amt.IsPositive() {
				amt = sdkmath.OneInt()
			}
			batch = append(batch, send{from: from, to: to, amount: amt})
		}
		for len(near) > 0 && !near[0].at.After(now) {
			batch = append(batch, near[0].s)
			near = near[1:]
		}
		sort.SliceStable(near, func(i, j int) bool { return near[i].at.Before(near[j].at) })
		for _, s := range batch {
			msg := &banktypes.MsgSend{FromAddress: s.from.addr.String(), ToAddress: s.to.addr.String(), Amount: sdk.NewCoins(sdk.NewCoin(r.cfg.Denom, s.amount))}
			if err := r.broadcast(ctx, s.from, msg); err != nil {
				r.report.Refused++
				r.log.Warn("send refused", "from", s.from.name, "amount", s.amount.String()+r.cfg.Denom, "err", err)
				continue
			}
			r.report.Sent++
			if s.near {
				r.report.NearLimit++
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(tick):
		}
	}
	// Near-limit sends not made yet (a short run) are made now.
	for _, p := range near {
		msg := &banktypes.MsgSend{FromAddress: p.s.from.addr.String(), ToAddress: p.s.to.addr.String(), Amount: sdk.NewCoins(sdk.NewCoin(r.cfg.Denom, p.s.amount))}
		if err := r.broadcast(ctx, p.s.from, msg); err != nil {
			r.report.Refused++
			continue
		}
		r.report.Sent++
		r.report.NearLimit++
	}
	return nil
}

// poisson draws from Poisson(lambda) (Knuth; lambda is small).
func poisson(rng *rand.Rand, lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

const gasLimit = 400_000

func (r *runner) account(ctx context.Context, s *signer) error {
	return r.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := authtypes.NewQueryClient(cn.GRPC).AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: s.addr.String()})
		if err != nil {
			return err
		}
		s.number, s.seq, s.known = res.Info.AccountNumber, res.Info.Sequence, true
		return nil
	})
}

func (r *runner) sign(s *signer, gas uint64, msgs ...sdk.Msg) ([]byte, error) {
	fee := r.gas.Amount.MulInt64(int64(gas)).Ceil().TruncateInt() //nolint:gosec // small
	f := clienttx.Factory{}.WithTxConfig(r.enc.TxConfig).WithKeybase(s.kr).WithFromName(s.name).
		WithChainID(r.cfg.ChainID).WithAccountNumber(s.number).WithSequence(s.seq).WithGas(gas).
		WithFees(sdk.NewCoin(r.gas.Denom, fee).String()).WithSignMode(signing.SignMode_SIGN_MODE_DIRECT)
	b, err := f.BuildUnsignedTx(msgs...)
	if err != nil {
		return nil, err
	}
	if err := clienttx.Sign(context.Background(), f, s.name, b, true); err != nil {
		return nil, err
	}
	return r.enc.TxConfig.TxEncoder()(b.GetTx())
}

// broadcast signs msgs with s's next sequence and broadcasts them (sync).
// A sequence mismatch re-reads the account and tries once more.
func (r *runner) broadcast(ctx context.Context, s *signer, msgs ...sdk.Msg) error {
	for attempt := 0; attempt < 2; attempt++ {
		if !s.known {
			if err := r.account(ctx, s); err != nil {
				return err
			}
		}
		raw, err := r.sign(s, gasLimit, msgs...)
		if err != nil {
			return err
		}
		var (
			code uint32
			log  string
		)
		err = r.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
			res, err := cn.RPC.BroadcastTxSync(ctx, raw)
			if err != nil {
				return err
			}
			code, log = res.Code, res.Log
			return nil
		})
		if err != nil {
			s.known = false
			return err
		}
		switch code {
		case 0:
			s.seq++
			return nil
		case sdkerrors.ErrWrongSequence.ABCICode():
			s.known = false
			continue
		default:
			return fmt.Errorf("code %d: %s", code, log)
		}
	}
	return errors.New("sequence mismatch twice")
}

// commit broadcasts msgs signed by s and waits until the tx is in a block
// with code 0 (setup steps that later steps depend on).
func (r *runner) commit(ctx context.Context, s *signer, what string, msgs ...sdk.Msg) error {
	s.known = false
	if err := r.account(ctx, s); err != nil {
		return err
	}
	gas, err := r.simulate(ctx, s, msgs...)
	if err != nil {
		return fmt.Errorf("demo: %s: %w", what, err)
	}
	raw, err := r.sign(s, gas, msgs...)
	if err != nil {
		return err
	}
	var hash []byte
	err = r.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := cn.RPC.BroadcastTxSync(ctx, raw)
		if err != nil {
			return err
		}
		if res.Code != 0 {
			return fmt.Errorf("%w: code %d: %s", errRefused, res.Code, res.Log)
		}
		hash = res.Hash
		return nil
	})
	if err != nil {
		return fmt.Errorf("demo: %s: %w", what, err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var (
			found bool
			code  uint32
			log   string
		)
		_ = r.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
			res, err := cn.RPC.Tx(ctx, hash, false)
			if err != nil {
				return nil //nolint:nilerr // not in a block yet
			}
			found, code, log = true, res.TxResult.Code, res.TxResult.Log
			return nil
		})
		if found {
			if code != 0 {
				return fmt.Errorf("demo: %s: failed in the block: code %d: %s", what, code, log)
			}
			s.seq++
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
	}
	return fmt.Errorf("demo: %s: tx %X not in a block after 60 s", what, hash)
}

var errRefused = errors.New("refused by CheckTx")

// simulate returns 1.5 × the gas msgs use as a tx of s (+ 20 000).
func (r *runner) simulate(ctx context.Context, s *signer, msgs ...sdk.Msg) (uint64, error) {
	f := clienttx.Factory{}.WithTxConfig(r.enc.TxConfig).WithKeybase(s.kr).WithFromName(s.name).
		WithChainID(r.cfg.ChainID).WithSequence(s.seq).WithSignMode(signing.SignMode_SIGN_MODE_DIRECT)
	bz, err := f.BuildSimTx(msgs...)
	if err != nil {
		return 0, err
	}
	var used uint64
	err = r.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := txtypes.NewServiceClient(cn.GRPC).Simulate(ctx, &txtypes.SimulateRequest{TxBytes: bz})
		if err != nil {
			if chain.IsTransient(err) {
				return err
			}
			return fmt.Errorf("%w: %s", errRefused, err.Error())
		}
		used = res.GasInfo.GasUsed
		return nil
	})
	return used*3/2 + 20_000, err
}
