// Package system starts real nexusd processes on loopback ports and drives
// them through the CLI, REST and gRPC, the way an operator or a wallet does.
//
// The binary is built once per `go test` run (see TestMain) and shared by
// every test. Each chain lives in a temporary directory; its processes are
// stopped and its files removed when the test ends, also on failure.
//
// A chain can have several validators (Config.Validators), and nodes can be
// crashed (KillNode, KillNodes), stopped (StopNode), frozen (PauseNode) and
// restarted (StartNode), and joined by a full node that syncs from genesis
// (AddFullNode): see fault_test.go and testnet/README.md. rpc.go queries the
// CometBFT RPC, conservation.go checks that balances add up to the supply,
// load.go runs a transfer load with a client-side history.
package system

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	aegistestutil "github.com/azora-os/nexus/x/aegis/testutil"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
)

// ChainID is the chain id of every chain the harness creates.
const ChainID = "nexus-systest-1"

// binary is the path of the nexusd built by TestMain.
var binary string

// BuildBinary builds nexusd into dir (once per test run) and returns its path.
// NEXUSD_BIN, if set, names a prebuilt binary to use instead.
func BuildBinary(dir string) (string, error) {
	if p := os.Getenv("NEXUSD_BIN"); p != "" {
		return p, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, "nexusd")
	ldflags := "-X github.com/cosmos/cosmos-sdk/version.Name=nexus -X github.com/cosmos/cosmos-sdk/version.AppName=nexusd -X github.com/cosmos/cosmos-sdk/version.Version=systest"
	cmd := exec.Command("go", "build", "-ldflags", ldflags, "-o", out, "./cmd/nexusd")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build nexusd: %w", err)
	}
	return out, nil
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if b, _ := os.ReadFile(filepath.Join(dir, "go.mod")); bytes.HasPrefix(b, []byte("module github.com/azora-os/nexus\n")) {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("repository root (go.mod of github.com/azora-os/nexus) not found")
		}
		dir = parent
	}
}

// Ports are the loopback ports of one node.
type Ports struct {
	RPC, P2P, GRPC, API, Prometheus int
}

// Node is one nexusd process and its home directory.
type Node struct {
	Index   int
	Home    string
	Moniker string
	Ports   Ports
	NodeID  string
	// FullNode is true for a node added with AddFullNode: it follows the
	// chain but holds no validator key of the genesis set.
	FullNode bool

	mu     sync.Mutex
	cmd    *exec.Cmd
	done   chan struct{}
	log    *os.File
	paused bool
}

// RPCAddr is the CometBFT RPC address for --node.
func (n *Node) RPCAddr() string { return fmt.Sprintf("tcp://127.0.0.1:%d", n.Ports.RPC) }

// APIURL is the REST base URL.
func (n *Node) APIURL() string { return fmt.Sprintf("http://127.0.0.1:%d", n.Ports.API) }

// GRPCAddr is the gRPC address.
func (n *Node) GRPCAddr() string { return fmt.Sprintf("127.0.0.1:%d", n.Ports.GRPC) }

// LogPath is the file that receives the process's stdout and stderr.
func (n *Node) LogPath() string { return filepath.Join(n.Home, "node.log") }

// Account is a genesis account created in the keyring of node 0.
type Account struct {
	Name    string
	Coins   string
	Address string
	// Mnemonic is the key's BIP39 mnemonic (set by NewChain), for clients
	// that sign in-process (see PrivKey).
	Mnemonic string
}

// Config describes a chain to create.
type Config struct {
	// Validators is the number of validator nodes (default 1).
	Validators int
	// Accounts are extra funded keys, besides one "val<i>" key per validator.
	Accounts []Account
	// ValidatorCoins is each validator's genesis balance.
	ValidatorCoins string
	// SelfBond is each validator's gentx amount.
	SelfBond string
	// EditGenesis, if set, edits the final genesis app_state (decoded JSON)
	// before it is copied to every node.
	EditGenesis func(appState map[string]any)
	// Unverified lists accounts (by key name) to leave unverified in x/aegis.
	// Every other funded genesis account is verified at the institutional
	// tier, so tests move amounts freely unless they test the constitution.
	Unverified []string
	// Binary, if set, is the nexusd that creates the chain and that the CLI
	// helpers run (Chain.Binary; default: the binary TestMain built). The
	// upgrade test starts from the previous release's binary.
	Binary string
	// Launch, if set, returns the command that runs node n instead of
	// `<Binary> start` (Chain.Launch); its process group is what StopNode
	// and KillNode signal.
	Launch func(n *Node) *exec.Cmd
}

// Chain is a running (or stopped) test network.
type Chain struct {
	t        testing.TB
	Dir      string
	Nodes    []*Node
	Accounts map[string]*Account
	// Binary is the nexusd the CLI helpers run (Config.Binary); a test may
	// change it, e.g. after an upgrade.
	Binary string
	// Launch is Config.Launch.
	Launch func(n *Node) *exec.Cmd
	// ExpectedHalts are log substrings of halts a test causes on purpose
	// (the upgrade test's `UPGRADE "v2" NEEDED at height: H`): CheckNodes
	// does not report a failure line that contains one.
	ExpectedHalts []string
}

// NewChain creates a chain in a temporary directory: homes, keys, genesis
// accounts, gentxs and peers. It does not start it. The chain is stopped and
// its directory removed at the end of the test.
func NewChain(t testing.TB, cfg Config) *Chain {
	t.Helper()
	if binary == "" {
		t.Fatal("nexusd binary not built: TestMain must call BuildBinary")
	}
	if cfg.Validators == 0 {
		cfg.Validators = 1
	}
	if cfg.ValidatorCoins == "" {
		cfg.ValidatorCoins = "1000000000000uazr,1000000000ustake"
	}
	if cfg.SelfBond == "" {
		cfg.SelfBond = "100000000ustake"
	}

	dir, err := os.MkdirTemp("", "nexus-systest-")
	if err != nil {
		t.Fatal(err)
	}
	c := &Chain{t: t, Dir: dir, Accounts: map[string]*Account{}, Binary: cfg.Binary, Launch: cfg.Launch}
	if c.Binary == "" {
		c.Binary = binary
	}
	t.Cleanup(func() {
		c.StopAll()
		if t.Failed() {
			c.DumpLogs(60)
		}
		_ = os.RemoveAll(dir)
	})

	for i := 0; i < cfg.Validators; i++ {
		n := &Node{Index: i, Moniker: fmt.Sprintf("val%d", i), Home: filepath.Join(dir, fmt.Sprintf("node%d", i))}
		n.Ports = Ports{RPC: freePort(t), P2P: freePort(t), GRPC: freePort(t), API: freePort(t), Prometheus: freePort(t)}
		c.Nodes = append(c.Nodes, n)
		c.mustRun(n.Home, "init", n.Moniker, "--chain-id", ChainID)
		n.NodeID = strings.TrimSpace(c.mustRun(n.Home, "comet", "show-node-id"))
		c.configureNode(n)
	}

	// Keys live in node 0's keyring; validator keys are copied to their
	// node so each can sign its own gentx.
	n0 := c.Nodes[0]
	maxPower := genesisMaxPower(t, cfg)
	for i, n := range c.Nodes {
		name := n.Moniker
		addr, mnemonic := c.addKey(n0.Home, name)
		c.Accounts[name] = &Account{Name: name, Coins: cfg.ValidatorCoins, Address: addr, Mnemonic: mnemonic}
		c.mustRun(n0.Home, "genesis", "add-genesis-account", addr, cfg.ValidatorCoins)
		// x/aegis: every genesis validator must be on the admission list.
		c.mustRun(n0.Home, "genesis", "admit-validator", addr, strconv.FormatUint(maxPower, 10))
		if i > 0 {
			c.mustRunStdin(n.Home, mnemonic+"\n", "keys", "add", name, "--recover", "--keyring-backend", "test")
		}
	}
	for _, a := range cfg.Accounts {
		acc := a
		acc.Address, acc.Mnemonic = c.addKey(n0.Home, a.Name)
		c.Accounts[a.Name] = &acc
		c.mustRun(n0.Home, "genesis", "add-genesis-account", acc.Address, a.Coins)
	}

	// Every validator signs a gentx against the same account set.
	genesis := filepath.Join(n0.Home, "config", "genesis.json")
	if err := os.MkdirAll(filepath.Join(n0.Home, "config", "gentx"), 0o700); err != nil {
		t.Fatal(err)
	}
	for i, n := range c.Nodes {
		if i > 0 {
			copyFile(t, genesis, filepath.Join(n.Home, "config", "genesis.json"))
		}
		c.mustRun(n.Home, "genesis", "gentx", n.Moniker, cfg.SelfBond, "--chain-id", ChainID,
			"--keyring-backend", "test", "--moniker", n.Moniker,
			"--output-document", filepath.Join(n0.Home, "config", "gentx", n.Moniker+".json"))
	}
	c.mustRun(n0.Home, "genesis", "collect-gentxs")

	unverified := map[string]bool{}
	for _, name := range cfg.Unverified {
		acc, ok := c.Accounts[name]
		if !ok {
			t.Fatalf("Config.Unverified: unknown account %q", name)
		}
		unverified[acc.Address] = true
	}
	editGenesis(t, genesis, func(appState map[string]any) {
		if err := verifyFundedAccounts(appState, unverified); err != nil {
			t.Fatal(err)
		}
	})
	if cfg.EditGenesis != nil {
		editGenesis(t, genesis, cfg.EditGenesis)
	}
	c.mustRun(n0.Home, "genesis", "validate-genesis")
	for _, n := range c.Nodes[1:] {
		copyFile(t, genesis, filepath.Join(n.Home, "config", "genesis.json"))
	}

	if len(c.Nodes) > 1 {
		for _, n := range c.Nodes {
			c.setPeers(n, c.Nodes)
		}
	}
	return c
}

// genesisMaxPower is the max power the harness admits each genesis
// validator with: enough for all the ustake it holds (ValidatorCoins) and
// its self-bond, so tests can bond what they were given.
func genesisMaxPower(t testing.TB, cfg Config) uint64 {
	t.Helper()
	most := sdkmath.ZeroInt()
	for _, s := range []string{cfg.ValidatorCoins, cfg.SelfBond} {
		coins, err := sdk.ParseCoinsNormalized(s)
		if err != nil {
			t.Fatalf("parse %q: %v", s, err)
		}
		most = sdkmath.MaxInt(most, coins.AmountOf("ustake"))
	}
	power := most.Quo(sdk.DefaultPowerReduction)
	if most.Mod(sdk.DefaultPowerReduction).IsPositive() {
		power = power.AddRaw(1)
	}
	if !power.IsPositive() {
		return 1
	}
	return power.Uint64()
}

// configureNode binds every listener of n to its own loopback port and makes
// the node suitable for tests on a shared machine.
//
// The files are edited in place rather than with `nexusd config set` (one
// process per key), which made creating a 4-node chain take many seconds.
func (c *Chain) configureNode(n *Node) {
	q := strconv.Quote
	setTOML(c.t, filepath.Join(n.Home, "config", "config.toml"), [][2]string{
		{"rpc.laddr", q(fmt.Sprintf("tcp://127.0.0.1:%d", n.Ports.RPC))},
		// pprof's default address (localhost:6060) is one port for every
		// node on the machine: a second node would fail to start.
		{"rpc.pprof_laddr", q("")},
		{"p2p.laddr", q(fmt.Sprintf("tcp://127.0.0.1:%d", n.Ports.P2P))},
		{"p2p.external_address", q(fmt.Sprintf("127.0.0.1:%d", n.Ports.P2P))},
		{"p2p.addr_book_strict", "false"},
		{"p2p.allow_duplicate_ip", "true"},
		{"p2p.pex", "false"},
		{"instrumentation.prometheus_listen_addr", q(fmt.Sprintf("127.0.0.1:%d", n.Ports.Prometheus))},
		{"consensus.timeout_commit", q("500ms")},
	})
	setTOML(c.t, filepath.Join(n.Home, "config", "app.toml"), [][2]string{
		{"grpc.address", q(fmt.Sprintf("127.0.0.1:%d", n.Ports.GRPC))},
		{"api.address", q(fmt.Sprintf("tcp://127.0.0.1:%d", n.Ports.API))},
	})
	setTOML(c.t, filepath.Join(n.Home, "config", "client.toml"), [][2]string{
		{"chain-id", q(ChainID)},
		{"keyring-backend", q("test")},
		{"node", q(n.RPCAddr())},
	})
}

// setPeers sets the persistent peers of node n.
func (c *Chain) setPeers(n *Node, peers []*Node) {
	addrs := make([]string, 0, len(peers))
	for _, p := range peers {
		addrs = append(addrs, fmt.Sprintf("%s@127.0.0.1:%d", p.NodeID, p.Ports.P2P))
	}
	setTOML(c.t, filepath.Join(n.Home, "config", "config.toml"), [][2]string{
		{"p2p.persistent_peers", strconv.Quote(strings.Join(addrs, ","))},
	})
}

// setTOML sets keys of a TOML file that nexusd generated, in place. A key is
// "section.key" ("key" for the top level; the section is everything before
// the last dot) and its value is TOML (quote strings). Every key must exist
// already: a missing one fails the test, so a changed template is noticed.
func setTOML(t testing.TB, path string, kvs [][2]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for _, kv := range kvs {
		section, key := "", kv[0]
		if i := strings.LastIndex(kv[0], "."); i >= 0 {
			section, key = kv[0][:i], kv[0][i+1:]
		}
		current, done := "", false
		for i, line := range lines {
			trimmed := strings.TrimSpace(line)
			if strings.HasPrefix(trimmed, "[") {
				current = strings.Trim(trimmed, "[]")
				continue
			}
			if current != section {
				continue
			}
			if k, _, ok := strings.Cut(trimmed, "="); ok && strings.TrimSpace(k) == key {
				lines[i] = key + " = " + kv[1]
				done = true
				break
			}
		}
		if !done {
			t.Fatalf("%s: no key %q", path, kv[0])
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (c *Chain) addKey(home, name string) (addr, mnemonic string) {
	out := c.mustRun(home, "keys", "add", name, "--keyring-backend", "test", "--output", "json")
	var res struct {
		Address  string `json:"address"`
		Mnemonic string `json:"mnemonic"`
	}
	if err := json.Unmarshal([]byte(lastJSONLine(out)), &res); err != nil {
		c.t.Fatalf("keys add %s: %v\n%s", name, err, out)
	}
	return res.Address, res.Mnemonic
}

// Start starts every node and waits until the chain has produced a block.
func (c *Chain) Start() {
	c.t.Helper()
	for _, n := range c.Nodes {
		c.StartNode(n)
	}
	c.WaitForHeight(2, 90*time.Second)
}

// StartNode starts the process of one node.
func (c *Chain) StartNode(n *Node) {
	c.t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd != nil {
		c.t.Fatalf("node %d already running", n.Index)
	}
	logf, err := os.OpenFile(n.LogPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		c.t.Fatal(err)
	}
	cmd := exec.Command(c.Binary, "start", "--home", n.Home, "--log_no_color")
	if c.Launch != nil {
		cmd = c.Launch(n)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		c.t.Fatalf("start node %d: %v", n.Index, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	n.cmd, n.done, n.log = cmd, done, logf
}

// StopNode stops one node gracefully (SIGTERM, then SIGKILL after 20 s) and
// waits for the process to exit, so its ports and files can be reused.
func (c *Chain) StopNode(n *Node) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd == nil {
		return
	}
	_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGTERM)
	if n.paused {
		// A stopped process only acts on SIGTERM once it runs again.
		_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGCONT)
	}
	select {
	case <-n.done:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGKILL)
		<-n.done
	}
	_ = n.log.Close()
	n.cmd, n.done, n.log, n.paused = nil, nil, nil, false
}

// KillNode kills one node with SIGKILL (a crash) and waits for it to exit.
func (c *Chain) KillNode(n *Node) {
	c.KillNodes(n)
}

// KillNodes sends SIGKILL to every given node at once (a simultaneous
// crash), then waits for each process to exit.
func (c *Chain) KillNodes(nodes ...*Node) {
	var killed []*Node
	for _, n := range nodes {
		n.mu.Lock()
		if n.cmd != nil {
			_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGKILL)
			killed = append(killed, n)
		}
		n.mu.Unlock()
	}
	for _, n := range killed {
		n.mu.Lock()
		<-n.done
		_ = n.log.Close()
		n.cmd, n.done, n.log, n.paused = nil, nil, nil, false
		n.mu.Unlock()
	}
}

// PauseNode freezes a node with SIGSTOP: the process keeps its sockets and
// state but does nothing until ResumeNode (a hung or overloaded validator).
func (c *Chain) PauseNode(n *Node) {
	c.t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd == nil {
		c.t.Fatalf("pause node %d: not running", n.Index)
	}
	if err := syscall.Kill(-n.cmd.Process.Pid, syscall.SIGSTOP); err != nil {
		c.t.Fatalf("pause node %d: %v", n.Index, err)
	}
	n.paused = true
}

// ResumeNode continues a node paused by PauseNode (SIGCONT).
func (c *Chain) ResumeNode(n *Node) {
	c.t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd == nil || !n.paused {
		return
	}
	if err := syscall.Kill(-n.cmd.Process.Pid, syscall.SIGCONT); err != nil {
		c.t.Fatalf("resume node %d: %v", n.Index, err)
	}
	n.paused = false
}

// Paused reports whether the node is paused by PauseNode.
func (n *Node) Paused() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.paused
}

// Running reports whether the node's process is alive.
func (n *Node) Running() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd == nil {
		return false
	}
	select {
	case <-n.done:
		return false
	default:
		return true
	}
}

// StopAll stops every node, all at once.
func (c *Chain) StopAll() {
	var wg sync.WaitGroup
	for _, n := range c.Nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.StopNode(n)
		}()
	}
	wg.Wait()
}

// WithT returns a view of the chain that reports failures to t, for use in
// a subtest of the test that created the chain (a harness method must not
// call FailNow of a parent test). The view shares the nodes and processes;
// the chain is still stopped and removed when the creating test ends. Nodes
// added through the view (AddFullNode) are stopped when t ends.
func (c *Chain) WithT(t testing.TB) *Chain {
	v := *c
	v.t = t
	return &v
}

// AddFullNode creates a non-validator node that follows the chain from
// genesis: its own home and ports, the chain's genesis and every existing
// node as a persistent peer. It does not start it. It is stopped when the
// test that called AddFullNode ends.
func (c *Chain) AddFullNode() *Node {
	c.t.Helper()
	idx := len(c.Nodes)
	n := &Node{Index: idx, Moniker: fmt.Sprintf("full%d", idx), Home: filepath.Join(c.Dir, fmt.Sprintf("node%d", idx)), FullNode: true}
	n.Ports = Ports{RPC: freePort(c.t), P2P: freePort(c.t), GRPC: freePort(c.t), API: freePort(c.t), Prometheus: freePort(c.t)}
	c.mustRun(n.Home, "init", n.Moniker, "--chain-id", ChainID)
	n.NodeID = strings.TrimSpace(c.mustRun(n.Home, "comet", "show-node-id"))
	c.configureNode(n)
	copyFile(c.t, filepath.Join(c.Nodes[0].Home, "config", "genesis.json"), filepath.Join(n.Home, "config", "genesis.json"))
	c.setPeers(n, c.Nodes)
	c.Nodes = append(c.Nodes, n)
	c.t.Cleanup(func() { c.StopNode(n) })
	return n
}

// Validators returns the validator nodes (every node but the full nodes).
func (c *Chain) Validators() []*Node {
	var vals []*Node
	for _, n := range c.Nodes {
		if !n.FullNode {
			vals = append(vals, n)
		}
	}
	return vals
}

// Up returns the nodes that run and are not paused.
func (c *Chain) Up() []*Node {
	var up []*Node
	for _, n := range c.Nodes {
		if n.Running() && !n.Paused() {
			up = append(up, n)
		}
	}
	return up
}

// CheckNodes returns an error if a node exited without the harness stopping
// or killing it, or if a node's log shows a consensus failure or a Go panic.
func (c *Chain) CheckNodes() error {
	var problems []string
	for _, n := range c.Nodes {
		n.mu.Lock()
		if n.cmd != nil {
			select {
			case <-n.done:
				problems = append(problems, fmt.Sprintf("node %d exited unexpectedly (%v)", n.Index, n.cmd.ProcessState))
			default:
			}
		}
		n.mu.Unlock()
		b, err := os.ReadFile(n.LogPath())
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "CONSENSUS FAILURE") || strings.HasPrefix(line, "panic:") || strings.HasPrefix(line, "fatal error:") {
				if slices.ContainsFunc(c.ExpectedHalts, func(s string) bool { return strings.Contains(line, s) }) {
					continue
				}
				problems = append(problems, fmt.Sprintf("node %d log: %s", n.Index, line))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// DumpLogs writes the last lines of each node's log to the test output.
func (c *Chain) DumpLogs(lines int) {
	for _, n := range c.Nodes {
		b, err := os.ReadFile(n.LogPath())
		if err != nil {
			continue
		}
		all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
		if len(all) > lines {
			all = all[len(all)-lines:]
		}
		c.t.Logf("---- last %d log lines of node %d ----\n%s", len(all), n.Index, strings.Join(all, "\n"))
	}
}

// Height returns the latest block height of node n (0 if it does not answer).
func (c *Chain) Height(n *Node) int64 {
	var st struct {
		Result struct {
			SyncInfo struct {
				LatestBlockHeight string `json:"latest_block_height"`
			} `json:"sync_info"`
		} `json:"result"`
	}
	if err := getJSON(fmt.Sprintf("http://127.0.0.1:%d/status", n.Ports.RPC), &st); err != nil {
		return 0
	}
	h, _ := strconv.ParseInt(st.Result.SyncInfo.LatestBlockHeight, 10, 64)
	return h
}

// WaitForHeight waits until node 0 reaches height h.
func (c *Chain) WaitForHeight(h int64, timeout time.Duration) {
	c.t.Helper()
	c.WaitForNodeHeight(c.Nodes[0], h, timeout)
}

// WaitForNodeHeight waits until node n reaches height h.
func (c *Chain) WaitForNodeHeight(n *Node, h int64, timeout time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if c.Height(n) >= h {
			return
		}
		if !n.Running() {
			c.t.Fatalf("node %d exited while waiting for height %d", n.Index, h)
		}
		time.Sleep(200 * time.Millisecond)
	}
	c.t.Fatalf("node %d did not reach height %d within %s (at %d)", n.Index, h, timeout, c.Height(n))
}

// WaitBlocks waits for k more blocks on node 0.
func (c *Chain) WaitBlocks(k int64, timeout time.Duration) {
	c.t.Helper()
	c.WaitForHeight(c.Height(c.Nodes[0])+k, timeout)
}

// Result is the outcome of one nexusd invocation.
type Result struct {
	Args     []string
	Stdout   string
	Stderr   string
	ExitCode int
}

// Err returns a descriptive error if the command failed.
func (r Result) Err() error {
	if r.ExitCode == 0 {
		return nil
	}
	return fmt.Errorf("nexusd %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(r.Args, " "), r.ExitCode, r.Stdout, r.Stderr)
}

// CLI runs nexusd against node 0 (its home holds every key).
func (c *Chain) CLI(args ...string) Result {
	return c.CLIOn(c.Nodes[0], args...)
}

// CLIOn runs nexusd with --home of node n.
func (c *Chain) CLIOn(n *Node, args ...string) Result {
	return runBinary(c.Binary, n.Home, "", args...)
}

// Tx is the outcome of a broadcast tx after it was included in a block.
type Tx struct {
	Hash    string
	Height  int64
	Code    uint32
	RawLog  string
	GasUsed int64
	Events  []Event
}

// Event is an ABCI event of a tx result.
type Event struct {
	Type       string `json:"type"`
	Attributes []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"attributes"`
}

// Attr returns the value of attribute key of the first event of type typ.
func (tx Tx) Attr(typ, key string) (string, bool) {
	for _, e := range tx.Events {
		if e.Type != typ {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				return a.Value, true
			}
		}
	}
	return "", false
}

// SubmitTx runs `nexusd tx <args> --from from --yes -o json` on node 0. It
// returns the CLI result; if the tx was broadcast (exit 0, code 0), it waits
// for the tx to be included and returns its result too.
func (c *Chain) SubmitTx(from string, args ...string) (Result, *Tx) {
	c.t.Helper()
	return c.SubmitTxOn(c.Nodes[0], from, args...)
}

// SubmitTxOn is SubmitTx with the home (keyring) and node of n: an operator
// signing with its own key on its own node.
func (c *Chain) SubmitTxOn(n *Node, from string, args ...string) (Result, *Tx) {
	c.t.Helper()
	full := append([]string{"tx"}, args...)
	full = append(full, "--from", from, "--yes", "--output", "json")
	res := c.CLIOn(n, full...)
	if res.ExitCode != 0 {
		return res, nil
	}
	var bres struct {
		TxHash string `json:"txhash"`
		Code   uint32 `json:"code"`
		RawLog string `json:"raw_log"`
	}
	if err := json.Unmarshal([]byte(lastJSONLine(res.Stdout)), &bres); err != nil {
		c.t.Fatalf("decode broadcast result: %v\n%s", err, res.Stdout)
	}
	if bres.Code != 0 {
		return res, &Tx{Hash: bres.TxHash, Code: bres.Code, RawLog: bres.RawLog}
	}
	return res, c.WaitTx(bres.TxHash, 30*time.Second)
}

// MustTx submits a tx and fails the test unless it was included with code 0.
func (c *Chain) MustTx(from string, args ...string) *Tx {
	c.t.Helper()
	res, tx := c.SubmitTx(from, args...)
	if err := res.Err(); err != nil {
		c.t.Fatal(err)
	}
	if tx == nil || tx.Code != 0 {
		c.t.Fatalf("tx %v failed: code %d: %s", args, tx.Code, tx.RawLog)
	}
	return tx
}

// WaitTx polls `nexusd q tx` until the tx is found.
func (c *Chain) WaitTx(hash string, timeout time.Duration) *Tx {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		res := c.CLI("q", "tx", hash, "--output", "json")
		if res.ExitCode == 0 {
			var r struct {
				Height  string  `json:"height"`
				Code    uint32  `json:"code"`
				RawLog  string  `json:"raw_log"`
				GasUsed string  `json:"gas_used"`
				Events  []Event `json:"events"`
			}
			if err := json.Unmarshal([]byte(lastJSONLine(res.Stdout)), &r); err != nil {
				c.t.Fatalf("decode tx %s: %v", hash, err)
			}
			h, _ := strconv.ParseInt(r.Height, 10, 64)
			g, _ := strconv.ParseInt(r.GasUsed, 10, 64)
			return &Tx{Hash: hash, Height: h, Code: r.Code, RawLog: r.RawLog, GasUsed: g, Events: r.Events}
		}
		time.Sleep(250 * time.Millisecond)
	}
	c.t.Fatalf("tx %s not included within %s", hash, timeout)
	return nil
}

// QueryJSON runs `nexusd q <args> -o json` on node 0 and decodes the output.
func (c *Chain) QueryJSON(out any, args ...string) {
	c.t.Helper()
	full := append([]string{"q"}, args...)
	full = append(full, "--output", "json")
	res := c.CLI(full...)
	if err := res.Err(); err != nil {
		c.t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lastJSONLine(res.Stdout)), out); err != nil {
		c.t.Fatalf("decode %v: %v\n%s", args, err, res.Stdout)
	}
}

// REST gets path from node n's REST server and decodes the JSON body. It
// returns the HTTP status.
func (c *Chain) REST(n *Node, path string, out any) int {
	c.t.Helper()
	resp, err := http.Get(n.APIURL() + path) //nolint:gosec // loopback test URL
	if err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			c.t.Fatalf("decode GET %s (status %d): %v\n%s", path, resp.StatusCode, err, body)
		}
	}
	return resp.StatusCode
}

// GRPC dials node n's gRPC server.
func (c *Chain) GRPC(n *Node) *grpc.ClientConn {
	c.t.Helper()
	conn, err := grpc.NewClient(n.GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// Address returns the address of a named key.
func (c *Chain) Address(name string) string {
	c.t.Helper()
	a, ok := c.Accounts[name]
	if !ok {
		c.t.Fatalf("unknown account %q", name)
	}
	return a.Address
}

func (c *Chain) mustRun(home string, args ...string) string {
	c.t.Helper()
	r := runBinary(c.Binary, home, "", args...)
	if err := r.Err(); err != nil {
		c.t.Fatal(err)
	}
	return r.Stdout + r.Stderr
}

func (c *Chain) mustRunStdin(home, stdin string, args ...string) string {
	c.t.Helper()
	r := runBinary(c.Binary, home, stdin, args...)
	if err := r.Err(); err != nil {
		c.t.Fatal(err)
	}
	return r.Stdout + r.Stderr
}

func run(home, stdin string, args ...string) Result {
	return runBinary(binary, home, stdin, args...)
}

// runBinary runs bin with args and --home home.
func runBinary(bin, home, stdin string, args ...string) Result {
	full := append(append([]string{}, args...), "--home", home)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, full...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	err := cmd.Run()
	code := 0
	if err != nil {
		code = -1
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		}
		if stderr.Len() == 0 {
			stderr.WriteString(err.Error())
		}
	}
	return Result{Args: full, Stdout: stdout.String(), Stderr: stderr.String(), ExitCode: code}
}

// pickedPorts are the ports freePort returned in this process, so that two
// nodes never get the same one even if the kernel hands it out twice.
var (
	pickedPortsMu sync.Mutex
	pickedPorts   = map[int]bool{}
)

func freePort(t testing.TB) int {
	t.Helper()
	pickedPortsMu.Lock()
	defer pickedPortsMu.Unlock()
	for {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		_ = l.Close()
		if !pickedPorts[port] {
			pickedPorts[port] = true
			return port
		}
	}
}

func getJSON(url string, out any) error {
	client := http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(url) //nolint:gosec,noctx // loopback test URL
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	return json.NewDecoder(resp.Body).Decode(out)
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func editGenesis(t testing.TB, path string, fn func(map[string]any)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var gen map[string]any
	if err := json.Unmarshal(b, &gen); err != nil {
		t.Fatal(err)
	}
	appState, ok := gen["app_state"].(map[string]any)
	if !ok {
		t.Fatal("genesis has no app_state")
	}
	fn(appState)
	out, err := json.MarshalIndent(gen, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// lastJSONLine returns the JSON document at the end of s: the CLI prints
// notices such as "gas estimate: N" before its JSON output, and some
// commands indent their JSON over many lines.
func lastJSONLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		line := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(line, "{") && !strings.HasPrefix(line, "[") {
			continue
		}
		candidate := strings.Join(lines[i:], "\n")
		if json.Valid([]byte(candidate)) {
			return candidate
		}
	}
	return strings.TrimSpace(s)
}

// verifyFundedAccounts verifies in x/aegis, at the institutional tier, every
// funded genesis account except module accounts and those in skip.
func verifyFundedAccounts(appState map[string]any, skip map[string]bool) error {
	all, err := aegistestutil.FundedAccountsJSON(appState)
	if err != nil {
		return err
	}
	addrs := make([]string, 0, len(all))
	for _, a := range all {
		if !skip[a] {
			addrs = append(addrs, a)
		}
	}
	return aegistestutil.VerifyJSON(appState, aegistypes.TierInstitutional, addrs...)
}
