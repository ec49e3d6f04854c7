package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
)

// ChainKind names the chain under test.
type ChainKind string

// The two chains.
const (
	Nexus ChainKind = "nexus"
	Stock ChainKind = "stock"
)

// Genesis amounts of the validators, as in scripts/testnet.sh.
const (
	ValidatorBalance = "1000000000000uazr,1000000000ustake" // 1,000,000 AZR + 1,000 STAKE
	SelfBond         = "100000000ustake"                    // 100 STAKE each
	MaxPower         = "1000"                               // x/aegis admission: up to 1,000 STAKE bonded
)

// ChainConfig describes a chain to set up.
type ChainConfig struct {
	Kind       ChainKind
	Binary     string
	Validators int
	ChainID    string
	// BaseConfig is a home whose config/config.toml and config/app.toml every
	// node of every chain starts from (the bench takes them from `nexusd
	// init`), so both chains run with the same CometBFT and SDK settings.
	BaseConfig string
	// ConfigSet and AppSet are applied to every node's config.toml and
	// app.toml after the base and the node's own ports.
	ConfigSet, AppSet []Setting
	// Env is added to the environment of every node process (GOGC=…).
	Env []string
}

// Template is a chain ready to start: one home per validator with its keys,
// the final genesis and the base configuration. Each round starts from a
// fresh copy of it.
type Template struct {
	Config     ChainConfig
	Dir        string
	Homes      []string
	Validators []string // account addresses of the validators
	NodeIDs    []string
}

// runCLI runs the chain binary with args and returns its stdout.
func runCLI(ctx context.Context, bin string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s %s: %w: %s", filepath.Base(bin), strings.Join(args, " "), err, lastLines(stderr.String()+stdout.String(), 5))
	}
	return stdout.Bytes(), nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// BaseConfigHome writes a scratch home with `nexusd init` and returns it: its
// config.toml and app.toml are Nexus's shipped defaults, the base of every
// bench node.
func BaseConfigHome(ctx context.Context, nexusd, dir string) (string, error) {
	home := filepath.Join(dir, "base-config")
	if _, err := runCLI(ctx, nexusd, "init", "base", "--chain-id", "nexus-bench-base", "--home", home); err != nil {
		return "", err
	}
	return home, nil
}

// NewTemplate creates the validators' homes, their gentxs and the genesis of
// the chain, lets edit add to the genesis, validates it and copies it to
// every home — what scripts/testnet.sh does, for either chain.
func NewTemplate(ctx context.Context, dir string, cfg ChainConfig, edit func(genesis string, validators []string) error) (*Template, error) {
	if cfg.Validators < 1 {
		return nil, fmt.Errorf("validators must be at least 1, got %d", cfg.Validators)
	}
	t := &Template{Config: cfg, Dir: dir}
	bin := cfg.Binary
	for i := range cfg.Validators {
		home := filepath.Join(dir, fmt.Sprintf("node%d", i))
		t.Homes = append(t.Homes, home)
		if _, err := runCLI(ctx, bin, "init", fmt.Sprintf("val%d", i), "--chain-id", cfg.ChainID, "--home", home); err != nil {
			return nil, err
		}
		out, err := runCLI(ctx, bin, "keys", "add", fmt.Sprintf("val%d", i), "--keyring-backend", "test", "--home", home, "--output", "json")
		if err != nil {
			return nil, err
		}
		var key struct {
			Address string `json:"address"`
		}
		if err := json.Unmarshal(out, &key); err != nil || key.Address == "" {
			return nil, fmt.Errorf("keys add val%d: unexpected output %q", i, lastLines(string(out), 3))
		}
		t.Validators = append(t.Validators, key.Address)
	}
	home0 := t.Homes[0]
	for _, addr := range t.Validators {
		if _, err := runCLI(ctx, bin, "genesis", "add-genesis-account", addr, ValidatorBalance, "--home", home0); err != nil {
			return nil, err
		}
		if cfg.Kind == Nexus {
			// x/aegis: every genesis validator must be on the admission list.
			if _, err := runCLI(ctx, bin, "genesis", "admit-validator", addr, MaxPower, "--home", home0); err != nil {
				return nil, err
			}
		}
	}
	genesis0 := filepath.Join(home0, "config", "genesis.json")
	gentxDir := filepath.Join(home0, "config", "gentx")
	if err := os.MkdirAll(gentxDir, 0o700); err != nil {
		return nil, err
	}
	for i, home := range t.Homes {
		if i > 0 {
			if err := copyFile(genesis0, filepath.Join(home, "config", "genesis.json")); err != nil {
				return nil, err
			}
		}
		if _, err := runCLI(ctx, bin, "genesis", "gentx", fmt.Sprintf("val%d", i), SelfBond,
			"--chain-id", cfg.ChainID, "--moniker", fmt.Sprintf("val%d", i), "--keyring-backend", "test", "--home", home,
			"--output-document", filepath.Join(gentxDir, fmt.Sprintf("val%d.json", i))); err != nil {
			return nil, err
		}
	}
	if _, err := runCLI(ctx, bin, "genesis", "collect-gentxs", "--home", home0); err != nil {
		return nil, err
	}
	if edit != nil {
		if err := edit(genesis0, t.Validators); err != nil {
			return nil, err
		}
	}
	if _, err := runCLI(ctx, bin, "genesis", "validate-genesis", "--home", home0); err != nil {
		return nil, err
	}
	for i, home := range t.Homes {
		if i > 0 {
			if err := copyFile(genesis0, filepath.Join(home, "config", "genesis.json")); err != nil {
				return nil, err
			}
		}
		for _, f := range []string{"config.toml", "app.toml"} {
			if err := copyFile(filepath.Join(cfg.BaseConfig, "config", f), filepath.Join(home, "config", f)); err != nil {
				return nil, err
			}
		}
		out, err := runCLI(ctx, bin, "comet", "show-node-id", "--home", home)
		if err != nil {
			return nil, err
		}
		t.NodeIDs = append(t.NodeIDs, strings.TrimSpace(string(out)))
	}
	return t, nil
}

// Node is one running node process.
type Node struct {
	Home                                          string
	RPCPort, P2PPort, GRPCPort, APIPort, PromPort int
	PprofPort                                     int // 0: pprof off
	cmd                                           *exec.Cmd
	done                                          chan struct{}
	exitErr                                       error
	logFile                                       *os.File
}

// RPC returns the node's CometBFT RPC address.
func (n *Node) RPC() string { return fmt.Sprintf("http://127.0.0.1:%d", n.RPCPort) }

// PID returns the node's process id.
func (n *Node) PID() int { return n.cmd.Process.Pid }

// Exited reports whether the process has ended, and how.
func (n *Node) Exited() (bool, error) {
	select {
	case <-n.done:
		return true, n.exitErr
	default:
		return false, nil
	}
}

// Network is a running chain.
type Network struct {
	Template *Template
	Dir      string
	Nodes    []*Node
}

// Start copies the template to dir, gives every node free loopback ports
// (and node 0 a pprof port when profile is set), applies the settings and
// starts the nodes. It returns once every node has committed two blocks.
func (t *Template) Start(ctx context.Context, dir string, profile bool, startTimeout time.Duration) (*Network, error) {
	nw := &Network{Template: t, Dir: dir}
	ok := false
	defer func() {
		if !ok {
			_ = nw.Stop()
		}
	}()
	for i := range t.Homes {
		home := filepath.Join(dir, fmt.Sprintf("node%d", i))
		if err := copyTree(t.Homes[i], home); err != nil {
			return nil, err
		}
		n := &Node{Home: home}
		ports, err := freePorts(6)
		if err != nil {
			return nil, err
		}
		n.RPCPort, n.P2PPort, n.GRPCPort, n.APIPort, n.PromPort = ports[0], ports[1], ports[2], ports[3], ports[4]
		if profile && i == 0 {
			n.PprofPort = ports[5]
		}
		nw.Nodes = append(nw.Nodes, n)
	}
	var peers []string
	for i, n := range nw.Nodes {
		peers = append(peers, fmt.Sprintf("%s@127.0.0.1:%d", t.NodeIDs[i], n.P2PPort))
	}
	for i, n := range nw.Nodes {
		pprof := ""
		if n.PprofPort != 0 {
			pprof = fmt.Sprintf("127.0.0.1:%d", n.PprofPort)
		}
		var others []string
		for j, p := range peers {
			if j != i {
				others = append(others, p)
			}
		}
		cfg := append([]Setting{
			{"moniker", fmt.Sprintf("val%d", i)},
			{"rpc.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", n.RPCPort)},
			{"rpc.pprof_laddr", pprof},
			{"p2p.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", n.P2PPort)},
			{"p2p.external_address", fmt.Sprintf("127.0.0.1:%d", n.P2PPort)},
			{"p2p.persistent_peers", strings.Join(others, ",")},
			// Every node is on 127.0.0.1 and they all know each other.
			{"p2p.allow_duplicate_ip", "true"},
			{"p2p.addr_book_strict", "false"},
			{"p2p.pex", "false"},
			{"instrumentation.prometheus_listen_addr", fmt.Sprintf("127.0.0.1:%d", n.PromPort)},
		}, t.Config.ConfigSet...)
		if err := SetTOML(filepath.Join(n.Home, "config", "config.toml"), cfg...); err != nil {
			return nil, err
		}
		app := append([]Setting{
			{"grpc.address", fmt.Sprintf("127.0.0.1:%d", n.GRPCPort)},
			{"api.address", fmt.Sprintf("tcp://127.0.0.1:%d", n.APIPort)},
		}, t.Config.AppSet...)
		if err := SetTOML(filepath.Join(n.Home, "config", "app.toml"), app...); err != nil {
			return nil, err
		}
	}
	for _, n := range nw.Nodes {
		if err := n.start(t.Config.Binary, t.Config.Env); err != nil {
			return nil, err
		}
	}
	// Height 2: CometBFT reports a block stored before the app has
	// committed it, and queries fail until the app has.
	if err := nw.waitHeight(ctx, 2, startTimeout); err != nil {
		return nil, err
	}
	ok = true
	return nw, nil
}

func (n *Node) start(bin string, env []string) error {
	f, err := os.OpenFile(filepath.Join(n.Home, "node.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	n.logFile = f
	n.cmd = exec.Command(bin, "start", "--home", n.Home)
	n.cmd.Stdout, n.cmd.Stderr = f, f
	n.cmd.Env = append(os.Environ(), env...)
	// Its own process group, so a Ctrl-C at the terminal reaches the bench
	// (which stops the node cleanly) and not the node; and the node dies
	// with the bench if the bench is killed.
	n.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := n.cmd.Start(); err != nil {
		_ = f.Close()
		return err
	}
	n.done = make(chan struct{})
	go func() {
		n.exitErr = n.cmd.Wait()
		close(n.done)
	}()
	return nil
}

// waitHeight waits until every node has committed height h.
func (nw *Network) waitHeight(ctx context.Context, h int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for _, n := range nw.Nodes {
		c, err := rpchttp.New(n.RPC(), "/websocket")
		if err != nil {
			return err
		}
		for {
			if exited, err := n.Exited(); exited {
				return fmt.Errorf("node %s exited while starting (%v): %s", n.Home, err, n.LogTail(8))
			}
			sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			st, err := c.Status(sctx)
			cancel()
			if err == nil && st.SyncInfo.LatestBlockHeight >= h {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("node %s did not reach height %d within %s: %s", n.Home, h, timeout, n.LogTail(5))
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	return nil
}

// LogTail returns the last lines of the node's log.
func (n *Node) LogTail(lines int) string {
	bz, err := os.ReadFile(filepath.Join(n.Home, "node.log"))
	if err != nil {
		return ""
	}
	return lastLines(string(bz), lines)
}

// Stop sends SIGTERM to every node the bench started, waits up to 20 s for
// each to exit and kills what is left.
func (nw *Network) Stop() error {
	var errs []error
	for _, n := range nw.Nodes {
		if n.cmd == nil || n.cmd.Process == nil {
			continue
		}
		if exited, _ := n.Exited(); !exited {
			_ = n.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-n.done:
			case <-time.After(20 * time.Second):
				_ = n.cmd.Process.Kill()
				<-n.done
				errs = append(errs, fmt.Errorf("node %s did not stop within 20 s; killed", n.Home))
			}
		}
		if n.logFile != nil {
			_ = n.logFile.Close()
		}
	}
	return errors.Join(errs...)
}

// freePorts returns n distinct loopback ports that were free a moment ago.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, fi.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// copyTree copies the directory src to dst. The genesis file, which can be
// large and is never written by a node, is hard-linked when it can be.
func copyTree(src, dst string) error {
	return filepath.Walk(src, func(path string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case fi.IsDir():
			return os.MkdirAll(target, fi.Mode().Perm()|0o700)
		case fi.Name() == "genesis.json":
			if err := os.Link(path, target); err == nil {
				return nil
			}
			return copyFile(path, target)
		case fi.Mode().IsRegular():
			return copyFile(path, target)
		default:
			return nil
		}
	})
}
