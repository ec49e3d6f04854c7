package system

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	upgradev2 "github.com/azora-os/nexus/app/upgrades/v2"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// TestUpgradeV2UnderCosmovisor is the v2 software upgrade as operators run
// it (docs/upgrades.md): four validators start on the previous release
// (scripts/build-previous.sh builds it from git) under the real cosmovisor
// v1.5.0 (built from tools/cosmovisor), each with cosmovisor's layout
// (cosmovisor/genesis/bin/nexusd = the previous release,
// cosmovisor/upgrades/v2/bin/nexusd = this tree). Traffic on the old binary
// leaves PIVC pools, journal entries and checkpoints, a forge order in
// escrow and one in dispute, and mesh feedback. A software-upgrade proposal
// passes; every node halts at the height, cosmovisor swaps the binary, the
// v2 handler migrates five modules, and the chain goes on. Then: every
// balance, the supply, the PIVC pools, the journal (hash chain and
// checkpoints, verified from a trust root) and the forge escrow are as they
// were; the new params have their defaults; the open dispute has its
// deadline; the mesh node carries its reputation; and a new kind of tx (a
// ledger transfer with a deadline) works.
func TestUpgradeV2UnderCosmovisor(t *testing.T) {
	requireSystem(t)
	start := time.Now()
	previous, cosmovisor := upgradeBinaries(t)
	t.Logf("binaries ready after %s (built in the background from TestMain on): previous %s, cosmovisor %s", time.Since(start).Round(time.Second), previous, cosmovisor)

	c := NewChain(t, Config{
		Validators: 4,
		Binary:     previous,
		Accounts: []Account{
			{Name: "alice", Coins: "100000000000uazr"},
			{Name: "bob", Coins: "100000000000uazr"},
			{Name: "carol", Coins: "1000000uazr"},
			{Name: "registrar", Coins: "1000000000uazr"},
			{Name: "reporter", Coins: "1000000000uazr"},
		},
		EditGenesis: func(appState map[string]any) {
			// A voting period long enough for four votes on a loaded
			// machine (each waits for its block).
			gov := appState["gov"].(map[string]any)["params"].(map[string]any)
			gov["voting_period"] = upgradeVotingPeriod.String()
			gov["max_deposit_period"] = upgradeVotingPeriod.String()
			gov["expedited_voting_period"] = (upgradeVotingPeriod / 2).String()
			appState["ledger"].(map[string]any)["params"].(map[string]any)["checkpoint_interval"] = "5"
		},
		Launch: func(n *Node) *exec.Cmd {
			cmd := exec.Command(cosmovisor, "run", "start", "--home", n.Home, "--log_no_color")
			cmd.Env = cosmovisorEnv(n)
			return cmd
		},
	})
	// The mesh roles in genesis (the keys exist only now), on every node.
	gen := filepath.Join(c.Nodes[0].Home, "config", "genesis.json")
	editGenesis(t, gen, func(appState map[string]any) {
		appState["mesh"].(map[string]any)["roles"] = []any{
			map[string]any{"role": "ROLE_REGISTRAR", "address": c.Address("registrar")},
			map[string]any{"role": "ROLE_REPORTER", "address": c.Address("reporter")},
		}
	})
	c.mustRun(c.Nodes[0].Home, "genesis", "validate-genesis")
	// cosmovisor's layout, set up with its own commands.
	for _, n := range c.Nodes {
		if n.Index > 0 {
			copyFile(t, gen, filepath.Join(n.Home, "config", "genesis.json"))
		}
		for _, args := range [][]string{{"init", previous}, {"add-upgrade", upgradev2.UpgradeName, binary}} {
			cmd := exec.Command(cosmovisor, args...)
			cmd.Env = cosmovisorEnv(n)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("cosmovisor %s on node %d: %v\n%s", strings.Join(args, " "), n.Index, err, out)
			}
		}
	}
	c.Start()
	alice, bob, carol := c.Address("alice"), c.Address("bob"), c.Address("carol")

	// 1. Traffic on the previous release.
	c.MustTx("alice", "bank", "send", alice, carol, "1000000uazr")           // PIVC on a plain send
	c.MustTx("alice", "ledger", "transfer", bob, "2000000uazr", "INV-OLD-1") // a journal entry
	c.MustTx("bob", "ledger", "transfer", carol, "3000000uazr", "INV-OLD-2") // and another
	c.MustTx("alice", "forge", "create-listing", "goods", "Lantern", "2000000uazr", "5")
	c.MustTx("bob", "forge", "place-order", "1", "1", "2000000uazr") // 1-1 stays in escrow
	c.MustTx("bob", "forge", "place-order", "1", "1", "2000000uazr") // 1-2 goes to dispute
	c.MustTx("alice", "forge", "accept-order", "1-2")
	c.MustTx("bob", "forge", "open-dispute", "1-2", "lantern arrived broken")
	c.MustTx("registrar", "mesh", "register-node", "cor-lagos-accra", "corridor", alice)
	c.MustTx("alice", "mesh", "set-consent", "cor-lagos-accra", "true", "true", "true")
	c.MustTx("reporter", "mesh", "submit-feedback", "cor-lagos-accra", "flow", "900000", meshEvidence)

	// 2. The software-upgrade proposal, far enough ahead for the vote.
	h0 := c.Height(c.Nodes[0])
	t0 := time.Now()
	c.WaitBlocks(3, time.Minute)
	perBlock := time.Since(t0) / time.Duration(c.Height(c.Nodes[0])-h0)
	margin := int64((upgradeVotingPeriod+15*time.Second)/perBlock) + 5
	margin = max(margin, 25)
	upgradeHeight := c.Height(c.Nodes[0]) + margin
	t.Logf("%s per block: upgrade height %d (%d blocks ahead)", perBlock.Round(time.Millisecond), upgradeHeight, margin)
	tx := c.MustTx("alice", "upgrade", "software-upgrade", upgradev2.UpgradeName,
		"--upgrade-height", strconv.FormatInt(upgradeHeight, 10), "--no-validate",
		"--title", "Nexus v2", "--summary", "the v2 upgrade (system test)", "--deposit", govDeposit, "--gas", "400000")
	id := strconv.FormatUint(c.proposalID(tx), 10)
	for _, v := range c.Nodes {
		c.MustTx(v.Moniker, "gov", "vote", id, "yes")
	}
	c.waitPassed(c.proposalID(tx))
	var plan struct {
		Plan struct{ Name, Height string } `json:"plan"`
	}
	c.QueryJSON(&plan, "upgrade", "plan")
	if plan.Plan.Name != upgradev2.UpgradeName || plan.Plan.Height != strconv.FormatInt(upgradeHeight, 10) {
		t.Fatalf("upgrade plan = %+v", plan.Plan)
	}

	// 3. The state before: two blocks after the last tx (the votes' fees
	// have reached x/distribution), read on the previous release.
	c.WaitBlocks(2, time.Minute)
	if h := c.Height(c.Nodes[0]); h >= upgradeHeight-1 {
		t.Fatalf("height %d already at the upgrade height %d: the vote took too long", h, upgradeHeight)
	}
	before := c.upgradeState(t, c.Nodes[0], c.Height(c.Nodes[0])-1)
	if before.head.LastSequence < 2 || len(before.checkpoints) == 0 || before.escrow.OpenOrders != 2 {
		t.Fatalf("traffic left too little to check: head %+v, %d checkpoints, escrow %+v", before.head, len(before.checkpoints), before.escrow)
	}

	// 4. Every node halts at the height and cosmovisor swaps the binary.
	// The old binary logs `UPGRADE "v2" NEEDED at height: H` (the quotes
	// escaped in logfmt) and stops at H; the name is checked below (upgrade
	// applied).
	halt := fmt.Sprintf("NEEDED at height: %d", upgradeHeight)
	c.ExpectedHalts = append(c.ExpectedHalts, halt)
	for _, n := range c.Nodes {
		waitFor(t, 3*time.Minute, fmt.Sprintf("node %d to log the upgrade", n.Index), func() bool {
			b, _ := os.ReadFile(n.LogPath())
			return strings.Contains(string(b), "UPGRADE") && strings.Contains(string(b), halt)
		})
	}
	c.Binary = binary
	c.WaitForHeight(upgradeHeight+3, 3*time.Minute)
	for _, n := range c.Nodes {
		c.WaitForNodeHeight(n, upgradeHeight+3, 2*time.Minute)
		cur, err := os.Readlink(filepath.Join(n.Home, "cosmovisor", "current"))
		if err != nil || filepath.Base(cur) != upgradev2.UpgradeName {
			t.Fatalf("node %d: cosmovisor/current -> %q (%v), want upgrades/%s", n.Index, cur, err, upgradev2.UpgradeName)
		}
		b, _ := os.ReadFile(n.LogPath())
		if !strings.Contains(string(b), "applying upgrade") || !strings.Contains(string(b), "migrating module") {
			t.Fatalf("node %d log shows no upgrade handler run", n.Index)
		}
	}
	if err := c.CheckNodes(); err != nil {
		t.Fatal(err)
	}
	var applied struct {
		Height string `json:"height"`
	}
	c.QueryJSON(&applied, "upgrade", "applied", upgradev2.UpgradeName)
	if applied.Height != strconv.FormatInt(upgradeHeight, 10) {
		t.Fatalf("upgrade applied at %q, want %d", applied.Height, upgradeHeight)
	}
	var versions struct {
		ModuleVersions []struct{ Name, Version string } `json:"module_versions"`
	}
	c.QueryJSON(&versions, "upgrade", "module-versions")
	got := map[string]string{}
	for _, v := range versions.ModuleVersions {
		got[v.Name] = v.Version
	}
	for name, want := range map[string]string{"aegis": "2", "ledger": "2", "forge": "2", "mesh": "2", "mint": "2", "pivc": "1"} {
		if got[name] != want {
			t.Errorf("module %s at consensus version %q, want %s", name, got[name], want)
		}
	}

	// 5. Nothing moved: balances, supply, pools, journal, escrow.
	after := c.upgradeState(t, c.Nodes[1], c.Height(c.Nodes[1])-1)
	if !before.supply.Equal(after.supply) {
		t.Errorf("supply %s, was %s", after.supply, before.supply)
	}
	for denom, holders := range before.balances {
		for addr, amt := range holders {
			if after.balances[denom][addr] != amt {
				t.Errorf("%s holds %s%s, held %s%s", addr, after.balances[denom][addr], denom, amt, denom)
			}
		}
		if len(after.balances[denom]) != len(holders) {
			t.Errorf("%d holders of %s, were %d", len(after.balances[denom]), denom, len(holders))
		}
	}
	if !before.pools.GrowthBalance.Equal(after.pools.GrowthBalance) || !before.pools.UboBalance.Equal(after.pools.UboBalance) ||
		!before.pools.UboOutstanding.Equal(after.pools.UboOutstanding) || !before.pools.GrowthBalance.IsAllPositive() {
		t.Errorf("PIVC pools %+v, were %+v", after.pools, before.pools)
	}
	if after.head.LastSequence != before.head.LastSequence || string(after.head.LastHash) != string(before.head.LastHash) {
		t.Errorf("journal head %+v, was %+v", after.head, before.head)
	}
	for i, cp := range before.checkpoints {
		if i >= len(after.checkpoints) || after.checkpoints[i].String() != cp.String() {
			t.Errorf("checkpoint %d at height %d changed", i, cp.Height)
		}
	}
	if !before.escrow.Held.Equal(after.escrow.Held) || !before.escrow.Balance.Equal(after.escrow.Balance) || after.escrow.OpenOrders != 2 {
		t.Errorf("forge escrow %+v, was %+v", after.escrow, before.escrow)
	}
	// A pre-upgrade checkpoint verifies from the trust root with the new
	// binary (proof of its entries' hash chain against a signed app hash).
	cp := before.checkpoints[len(before.checkpoints)-1]
	if r := c.CLI("q", "ledger", "verify-checkpoint", strconv.FormatInt(cp.Height, 10)); r.ExitCode != 0 {
		t.Errorf("verify-checkpoint %d after the upgrade: %s%s", cp.Height, r.Stdout, r.Stderr)
	}

	// 6. The migrations: new params at their defaults, the dispute's
	// deadline, the mesh node.
	if p := after.params.aegis; p.FeeDenom != "uazr" || p.MaxTxGas != aegistypes.DefaultMaxTxGas ||
		p.BaseGasPrice != aegistypes.DefaultParams().BaseGasPrice || p.MaxGasPrice != aegistypes.DefaultParams().MaxGasPrice {
		t.Errorf("aegis params %+v", p)
	}
	if p := after.params.ledger; p.MaxPaymentDeadline != ledgertypes.DefaultMaxPaymentDeadline {
		t.Errorf("ledger max_payment_deadline %s", p.MaxPaymentDeadline)
	}
	if p := after.params.forge; p.DisputeTtl != forgetypes.DefaultDisputeTTL {
		t.Errorf("forge dispute_ttl %s", p.DisputeTtl)
	}
	if p := after.params.mesh; p != meshtypes.DefaultParams() {
		t.Errorf("mesh params %+v", p)
	}
	// The same over the CLI, as docs/upgrades.md §4 shows them.
	for _, q := range []struct{ module, want string }{
		{"aegis", "fee_denom:uazr"}, {"aegis", "max_tx_gas:100000000"},
		{"ledger", "max_payment_deadline:168h0m0s"},
		{"forge", "dispute_ttl:720h0m0s"},
		{"mesh", "max_reporters_per_node:16"}, {"mesh", "model_history_retention:20"},
	} {
		r := c.CLI("q", q.module, "params", "-o", "json")
		if out := strings.NewReplacer(`"`, "", " ", "").Replace(r.Stdout); r.ExitCode != 0 || !strings.Contains(out, q.want) {
			t.Errorf("q %s params: want %s in\n%s%s", q.module, q.want, r.Stdout, r.Stderr)
		}
	}
	upgradeTime := c.blockTime(t, upgradeHeight)
	if d := after.dispute.Order.Dispute; d == nil || !d.Deadline.Equal(upgradeTime.Add(forgetypes.DefaultDisputeTTL)) ||
		!d.OpenedAt.Equal(before.dispute.Order.Dispute.OpenedAt) {
		t.Errorf("dispute after the upgrade %+v (upgrade block time %s)", d, upgradeTime)
	}
	if o := after.placed.Order; o.Status != forgetypes.OrderStatusPlaced || after.placed.Escrow == nil {
		t.Errorf("order 1-1 after the upgrade: %+v", after.placed)
	}
	bn, an := before.node.Node, after.node.Node
	if an.Reputation != bn.Reputation || an.ReporterCount != 1 || len(an.Models) != 1 ||
		an.Models[0].FeedbackCount != bn.Models[0].Version || an.Models[0].Version != 0 {
		t.Errorf("mesh node %+v, was %+v", an, bn)
	}

	// 7. The chain goes on, with the new rules: a payment with a deadline.
	deadline := time.Now().UTC().Add(time.Hour).Format(time.RFC3339)
	c.MustTx("alice", "ledger", "transfer", carol, "1000uazr", "INV-NEW-1", "--deadline", deadline)
	var head struct {
		Head struct {
			LastSequence string `json:"last_sequence"`
		} `json:"head"`
	}
	c.QueryJSON(&head, "ledger", "head")
	if want := strconv.FormatUint(before.head.LastSequence+1, 10); head.Head.LastSequence != want {
		t.Errorf("journal head at %s after the new payment, want %s", head.Head.LastSequence, want)
	}
	// And a deadline beyond max_payment_deadline (the migrated default) is
	// refused.
	requireRefused(t, c, "alice", []string{"ledger", "transfer", carol, "1000uazr", "FAR-1", "--deadline", "2099-01-01T00:00:00Z"},
		"more than max_payment_deadline 168h0m0s after the block time", "invalid payment deadline")
	c.requireBlocksGoOn()
	t.Logf("upgrade test took %s", time.Since(start).Round(time.Second))
}

// upgradeVotingPeriod is the voting period of the upgrade test's chain.
const upgradeVotingPeriod = 20 * time.Second

// cosmovisorEnv is the environment cosmovisor runs node n with
// (docs/upgrades.md explains each variable). Backups are skipped: the test
// chain is thrown away; operators keep them.
func cosmovisorEnv(n *Node) []string {
	return append(os.Environ(),
		"DAEMON_NAME=nexusd",
		"DAEMON_HOME="+n.Home,
		"DAEMON_ALLOW_DOWNLOAD_BINARIES=false",
		"DAEMON_RESTART_AFTER_UPGRADE=true",
		"DAEMON_POLL_INTERVAL=200ms",
		"UNSAFE_SKIP_BACKUP=true",
	)
}

// buildPrevious builds (or finds in build/previous/) the previous release
// with scripts/build-previous.sh. A clone without its commit fails here,
// with the script's instructions.
func buildPrevious(root string) (string, error) {
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "build-previous.sh"))
	cmd.Dir = root
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("scripts/build-previous.sh: %w\n%s", err, stderr.String())
	}
	return strings.TrimSpace(string(out)), nil
}

// buildCosmovisor builds cosmovisor v1.5.0 from tools/cosmovisor (its own
// module) into dir.
func buildCosmovisor(root, dir string) (string, error) {
	out := filepath.Join(dir, "cosmovisor")
	cmd := exec.Command("go", "build", "-o", out, "cosmossdk.io/tools/cosmovisor/cmd/cosmovisor")
	cmd.Dir = filepath.Join(root, "tools", "cosmovisor")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build cosmovisor: %w\n%s", err, b)
	}
	return out, nil
}

// upgradeBuild is the build of the upgrade test's two extra binaries: the
// previous release's nexusd and cosmovisor. TestMain starts it in the
// background when the run includes the upgrade test, so the builds (minutes
// on a fresh machine) overlap the tests before it, which mostly wait for
// blocks; the test waits for it.
var upgradeBuild struct {
	once                 sync.Once
	done                 chan struct{}
	dir                  string
	previous, cosmovisor string
	err                  error
}

// startUpgradeBuild starts the upgrade binaries' build (once).
func startUpgradeBuild() {
	upgradeBuild.once.Do(func() {
		upgradeBuild.done = make(chan struct{})
		go func() {
			defer close(upgradeBuild.done)
			root, err := repoRoot()
			if err != nil {
				upgradeBuild.err = err
				return
			}
			if upgradeBuild.dir, err = os.MkdirTemp("", "nexus-upgrade-bin-"); err != nil {
				upgradeBuild.err = err
				return
			}
			if upgradeBuild.previous, err = buildPrevious(root); err != nil {
				upgradeBuild.err = err
				return
			}
			upgradeBuild.cosmovisor, upgradeBuild.err = buildCosmovisor(root, upgradeBuild.dir)
		}()
	})
}

// upgradeBinaries waits for the upgrade binaries (starting their build if
// TestMain did not) and returns the previous nexusd and cosmovisor.
func upgradeBinaries(t *testing.T) (previous, cosmovisor string) {
	t.Helper()
	startUpgradeBuild()
	<-upgradeBuild.done
	if upgradeBuild.err != nil {
		t.Fatal(upgradeBuild.err)
	}
	return upgradeBuild.previous, upgradeBuild.cosmovisor
}

// runIncludes reports whether the -run pattern selects the top-level test
// name (no pattern selects every test).
func runIncludes(name string) bool {
	f := flag.Lookup("test.run")
	if f == nil || f.Value.String() == "" {
		return true
	}
	top, _, _ := strings.Cut(f.Value.String(), "/")
	re, err := regexp.Compile(top)
	return err != nil || re.MatchString(name)
}

// upgradeState is what the upgrade must keep (or, for params, set).
type upgradeState struct {
	supply      sdk.Coins
	balances    map[string]map[string]string // denom → holder → amount
	pools       pivctypes.QueryPoolsResponse
	head        ledgertypes.JournalHead
	checkpoints []ledgertypes.Checkpoint
	escrow      forgetypes.QueryEscrowTotalsResponse
	placed      forgetypes.QueryOrderResponse
	dispute     forgetypes.QueryOrderResponse
	node        meshtypes.QueryNodeResponse
	params      struct {
		aegis  aegistypes.Params
		ledger ledgertypes.Params
		forge  forgetypes.Params
		mesh   meshtypes.Params
	}
}

// upgradeState reads the state at height on node n over gRPC, with this
// tree's types (wire-compatible with the previous release's for every
// field that existed).
func (c *Chain) upgradeState(t *testing.T, n *Node, height int64) upgradeState {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, ctx, err := dialAt(ctx, n, height)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s at height %d on node %d: %v", what, height, n.Index, err)
		}
	}
	var s upgradeState
	bank := banktypes.NewQueryClient(conn)
	supply, err := bank.TotalSupply(ctx, &banktypes.QueryTotalSupplyRequest{Pagination: &query.PageRequest{Limit: 1000}})
	must("supply", err)
	s.supply = supply.Supply
	s.balances = map[string]map[string]string{}
	for _, coin := range s.supply {
		owners, err := bank.DenomOwners(ctx, &banktypes.QueryDenomOwnersRequest{Denom: coin.Denom, Pagination: &query.PageRequest{Limit: 1000}})
		must("owners of "+coin.Denom, err)
		s.balances[coin.Denom] = map[string]string{}
		for _, o := range owners.DenomOwners {
			s.balances[coin.Denom][o.Address] = o.Balance.Amount.String()
		}
	}
	pools, err := pivctypes.NewQueryClient(conn).Pools(ctx, &pivctypes.QueryPoolsRequest{})
	must("pivc pools", err)
	s.pools = *pools
	ledger := ledgertypes.NewQueryClient(conn)
	head, err := ledger.Head(ctx, &ledgertypes.QueryHeadRequest{})
	must("ledger head", err)
	s.head = head.Head
	cps, err := ledger.Checkpoints(ctx, &ledgertypes.QueryCheckpointsRequest{Pagination: &query.PageRequest{Limit: 1000}})
	must("ledger checkpoints", err)
	s.checkpoints = cps.Checkpoints
	lp, err := ledger.Params(ctx, &ledgertypes.QueryParamsRequest{})
	must("ledger params", err)
	s.params.ledger = lp.Params
	forge := forgetypes.NewQueryClient(conn)
	esc, err := forge.EscrowTotals(ctx, &forgetypes.QueryEscrowTotalsRequest{})
	must("forge escrow", err)
	s.escrow = *esc
	placed, err := forge.Order(ctx, &forgetypes.QueryOrderRequest{OrderId: "1-1"})
	must("order 1-1", err)
	s.placed = *placed
	dispute, err := forge.Order(ctx, &forgetypes.QueryOrderRequest{OrderId: "1-2"})
	must("order 1-2", err)
	s.dispute = *dispute
	fp, err := forge.Params(ctx, &forgetypes.QueryParamsRequest{})
	must("forge params", err)
	s.params.forge = fp.Params
	mesh := meshtypes.NewQueryClient(conn)
	node, err := mesh.Node(ctx, &meshtypes.QueryNodeRequest{Id: "cor-lagos-accra"})
	must("mesh node", err)
	s.node = *node
	mp, err := mesh.Params(ctx, &meshtypes.QueryParamsRequest{})
	must("mesh params", err)
	s.params.mesh = mp.Params
	ap, err := aegistypes.NewQueryClient(conn).Params(ctx, &aegistypes.QueryParamsRequest{})
	must("aegis params", err)
	s.params.aegis = ap.Params
	return s
}

// blockTime returns the time in the header of block h, from node 0's
// CometBFT RPC.
func (c *Chain) blockTime(t *testing.T, h int64) time.Time {
	t.Helper()
	var res struct {
		Result struct {
			Block struct {
				Header struct {
					Time time.Time `json:"time"`
				} `json:"header"`
			} `json:"block"`
		} `json:"result"`
	}
	if err := getJSON(fmt.Sprintf("http://127.0.0.1:%d/block?height=%d", c.Nodes[0].Ports.RPC, h), &res); err != nil {
		t.Fatalf("block %d: %v", h, err)
	}
	return res.Result.Block.Header.Time
}
