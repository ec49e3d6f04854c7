// Package system starts real nexusd processes on loopback ports and drives
// them through the CLI, REST and gRPC, the way an operator or a wallet does.
//
// The binary is built once per `go test` run (see TestMain) and shared by
// every test. Each chain lives in a temporary directory; its processes are
// stopped and its files removed when the test ends, also on failure.
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
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
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

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	log  *os.File
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
}

// Chain is a running (or stopped) test network.
type Chain struct {
	t        testing.TB
	Dir      string
	Nodes    []*Node
	Accounts map[string]*Account
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
	c := &Chain{t: t, Dir: dir, Accounts: map[string]*Account{}}
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
	for i, n := range c.Nodes {
		name := n.Moniker
		addr, mnemonic := c.addKey(n0.Home, name)
		c.Accounts[name] = &Account{Name: name, Coins: cfg.ValidatorCoins, Address: addr}
		c.mustRun(n0.Home, "genesis", "add-genesis-account", addr, cfg.ValidatorCoins)
		if i > 0 {
			c.mustRunStdin(n.Home, mnemonic+"\n", "keys", "add", name, "--recover", "--keyring-backend", "test")
		}
	}
	for _, a := range cfg.Accounts {
		acc := a
		acc.Address, _ = c.addKey(n0.Home, a.Name)
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

	if cfg.EditGenesis != nil {
		editGenesis(t, genesis, cfg.EditGenesis)
	}
	c.mustRun(n0.Home, "genesis", "validate-genesis")
	for _, n := range c.Nodes[1:] {
		copyFile(t, genesis, filepath.Join(n.Home, "config", "genesis.json"))
	}

	if len(c.Nodes) > 1 {
		peers := make([]string, 0, len(c.Nodes))
		for _, n := range c.Nodes {
			peers = append(peers, fmt.Sprintf("%s@127.0.0.1:%d", n.NodeID, n.Ports.P2P))
		}
		for _, n := range c.Nodes {
			c.mustRun(n.Home, "config", "set", "config", "p2p.persistent_peers", strings.Join(peers, ","), "-s")
		}
	}
	return c
}

// configureNode binds every listener of n to its own loopback port and makes
// the node suitable for tests on a shared machine.
func (c *Chain) configureNode(n *Node) {
	set := func(file, key, value string) {
		c.mustRun(n.Home, "config", "set", file, key, value, "-s")
	}
	set("config", "rpc.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", n.Ports.RPC))
	set("config", "p2p.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", n.Ports.P2P))
	set("config", "p2p.external_address", fmt.Sprintf("127.0.0.1:%d", n.Ports.P2P))
	set("config", "p2p.addr_book_strict", "false")
	set("config", "p2p.allow_duplicate_ip", "true")
	set("config", "p2p.pex", "false")
	set("config", "instrumentation.prometheus_listen_addr", fmt.Sprintf("127.0.0.1:%d", n.Ports.Prometheus))
	set("config", "consensus.timeout_commit", "500ms")
	// No pprof listener: its default 127.0.0.1:6060 is shared by every
	// node on the machine (another chain holding it makes start-up fail).
	set("config", "rpc.pprof_laddr", "")
	set("app", "grpc.address", fmt.Sprintf("127.0.0.1:%d", n.Ports.GRPC))
	set("app", "api.address", fmt.Sprintf("tcp://127.0.0.1:%d", n.Ports.API))
	set("client", "chain-id", ChainID)
	set("client", "keyring-backend", "test")
	set("client", "node", n.RPCAddr())
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
	cmd := exec.Command(binary, "start", "--home", n.Home, "--log_no_color")
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
	select {
	case <-n.done:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGKILL)
		<-n.done
	}
	_ = n.log.Close()
	n.cmd, n.done, n.log = nil, nil, nil
}

// KillNode kills one node with SIGKILL (a crash) and waits for it to exit.
func (c *Chain) KillNode(n *Node) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd == nil {
		return
	}
	_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGKILL)
	<-n.done
	_ = n.log.Close()
	n.cmd, n.done, n.log = nil, nil, nil
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

// StopAll stops every node.
func (c *Chain) StopAll() {
	for _, n := range c.Nodes {
		c.StopNode(n)
	}
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
	return run(n.Home, "", args...)
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
	full := append([]string{"tx"}, args...)
	full = append(full, "--from", from, "--yes", "--output", "json")
	res := c.CLI(full...)
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
	defer resp.Body.Close()
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
	r := run(home, "", args...)
	if err := r.Err(); err != nil {
		c.t.Fatal(err)
	}
	return r.Stdout + r.Stderr
}

func (c *Chain) mustRunStdin(home, stdin string, args ...string) string {
	c.t.Helper()
	r := run(home, stdin, args...)
	if err := r.Err(); err != nil {
		c.t.Fatal(err)
	}
	return r.Stdout + r.Stderr
}

func run(home, stdin string, args ...string) Result {
	full := append(append([]string{}, args...), "--home", home)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, full...)
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

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func getJSON(url string, out any) error {
	client := http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(url) //nolint:gosec,noctx // loopback test URL
	if err != nil {
		return err
	}
	defer resp.Body.Close()
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
