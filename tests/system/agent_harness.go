package system

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/azora-os/nexus/agent/api"
	"github.com/azora-os/nexus/agent/store"
)

// The nexus-agent binary, built once per test run on first use (NEXUS_AGENT,
// if set, names a prebuilt one).
var (
	agentOnce sync.Once
	agentBin  string
	agentErr  error
)

func agentBinary(t *testing.T) string {
	t.Helper()
	agentOnce.Do(func() {
		if p := os.Getenv("NEXUS_AGENT"); p != "" {
			agentBin = p
			return
		}
		root, err := repoRoot()
		if err != nil {
			agentErr = err
			return
		}
		dir, err := os.MkdirTemp("", "nexus-agent-bin-")
		if err != nil {
			agentErr = err
			return
		}
		agentBin = filepath.Join(dir, "nexus-agent")
		cmd := exec.Command("go", "build", "-ldflags", "-X github.com/cosmos/cosmos-sdk/version.Version=systest", "-o", agentBin, "./cmd/nexus-agent")
		cmd.Dir = root
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			agentErr = fmt.Errorf("build nexus-agent: %w", err)
		}
	})
	if agentErr != nil {
		t.Fatal(agentErr)
	}
	return agentBin
}

// Agent is one nexus-agent process and its home.
type Agent struct {
	t    *testing.T
	Home string
	Port int
	env  []string

	mu     sync.Mutex
	cmd    *exec.Cmd
	done   chan struct{}
	log    *os.File
	status *os.ProcessState
}

// NewAgent prepares an agent of chain c that follows the given nodes in
// failover order and signs with the "reporter" key of node 0's keyring.
// Settings are passed as NEXUS_AGENT_* variables (the config precedence the
// operator uses too).
func (c *Chain) NewAgent(t *testing.T, nodes []*Node, extraEnv ...string) *Agent {
	t.Helper()
	bin := agentBinary(t)
	_ = bin
	home := filepath.Join(c.Dir, fmt.Sprintf("agent-%d", time.Now().UnixNano()))
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	eps := make([]string, len(nodes))
	for i, n := range nodes {
		eps[i] = fmt.Sprintf("http://127.0.0.1:%d|127.0.0.1:%d", n.Ports.RPC, n.Ports.GRPC)
	}
	a := &Agent{t: t, Home: home, Port: freePort(t)}
	a.env = append([]string{
		"NEXUS_AGENT_HOME=" + home,
		"NEXUS_AGENT_CHAIN_ID=" + ChainID,
		"NEXUS_AGENT_NODE=" + strings.Join(eps, ","),
		"NEXUS_AGENT_KEYRING_BACKEND=test",
		"NEXUS_AGENT_KEYRING_DIR=" + c.Nodes[0].Home,
		"NEXUS_AGENT_KEYRING_KEY=reporter",
		"NEXUS_AGENT_DATABASE_URL=sqlite://agent.db",
		"NEXUS_AGENT_PLAN_RECONCILE_TRUST_GENESIS=" + filepath.Join(c.Nodes[0].Home, "config", "genesis.json"),
		fmt.Sprintf("NEXUS_AGENT_API_LISTEN=127.0.0.1:%d", a.Port),
		"NEXUS_AGENT_PERCEIVE_STALL_TIMEOUT=5s",
		"NEXUS_AGENT_ACT_TIMEOUT_BLOCKS=15",
		"NEXUS_AGENT_ACT_POLL_INTERVAL=300ms",
		"NEXUS_AGENT_LOG_LEVEL=debug",
	}, extraEnv...)
	t.Cleanup(func() {
		a.Stop()
		if t.Failed() {
			a.DumpLog(80)
		}
	})
	return a
}

// URL is the agent's API base URL.
func (a *Agent) URL() string { return fmt.Sprintf("http://127.0.0.1:%d", a.Port) }

// LogPath is the agent's log file.
func (a *Agent) LogPath() string { return filepath.Join(a.Home, "agent.log") }

// DBPath is the agent's SQLite file.
func (a *Agent) DBPath() string { return filepath.Join(a.Home, "agent.db") }

// Start starts the process with extra environment (e.g. failpoints).
func (a *Agent) Start(extraEnv ...string) {
	a.t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cmd != nil {
		a.t.Fatal("agent already running")
	}
	logf, err := os.OpenFile(a.LogPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		a.t.Fatal(err)
	}
	cmd := exec.Command(agentBinary(a.t), "start")
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEXUS_AGENT_") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(append(env, a.env...), extraEnv...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		a.t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		a.mu.Lock()
		a.status = cmd.ProcessState
		a.mu.Unlock()
		close(done)
	}()
	a.cmd, a.done, a.log, a.status = cmd, done, logf, nil
}

// Running says whether the process is alive.
func (a *Agent) Running() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cmd == nil {
		return false
	}
	select {
	case <-a.done:
		return false
	default:
		return true
	}
}

// WaitExit waits for the process to exit by itself and returns how.
func (a *Agent) WaitExit(timeout time.Duration) *os.ProcessState {
	a.t.Helper()
	a.mu.Lock()
	done := a.done
	a.mu.Unlock()
	if done == nil {
		a.t.Fatal("agent not started")
	}
	select {
	case <-done:
	case <-time.After(timeout):
		a.DumpLog(60)
		a.t.Fatalf("agent did not exit within %s", timeout)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	st := a.status
	_ = a.log.Close()
	a.cmd, a.done, a.log = nil, nil, nil
	return st
}

// Kill sends SIGKILL and waits.
func (a *Agent) Kill() { a.signal(syscall.SIGKILL) }

// Stop sends SIGTERM (graceful) and waits.
func (a *Agent) Stop() { a.signal(syscall.SIGTERM) }

func (a *Agent) signal(sig syscall.Signal) {
	a.mu.Lock()
	cmd, done := a.cmd, a.done
	a.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, sig)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
	a.mu.Lock()
	_ = a.log.Close()
	a.cmd, a.done, a.log = nil, nil, nil
	a.mu.Unlock()
}

// DumpLog writes the end of the agent's log to the test output.
func (a *Agent) DumpLog(lines int) {
	b, err := os.ReadFile(a.LogPath())
	if err != nil {
		return
	}
	all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	a.t.Logf("---- last %d lines of the agent log ----\n%s", len(all), strings.Join(all, "\n"))
}

func (a *Agent) get(path string, out any) error {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(a.URL() + path) //nolint:noctx // loopback test URL
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", path, resp.Status, body)
	}
	return json.Unmarshal(body, out)
}

// Status returns GET /status (zero and false if the agent does not answer).
func (a *Agent) Status() (api.Status, bool) {
	var st api.Status
	if err := a.get("/status", &st); err != nil {
		return api.Status{}, false
	}
	return st, true
}

// Actions returns the action log (GET /v1/actions).
func (a *Agent) Actions() []store.Action {
	a.t.Helper()
	var res struct {
		Actions []store.Action `json:"actions"`
	}
	if err := a.get("/v1/actions?limit=1000", &res); err != nil {
		a.t.Fatal(err)
	}
	return res.Actions
}

// WaitCaughtUp waits until the agent has processed height h.
func (a *Agent) WaitCaughtUp(h int64, timeout time.Duration) {
	a.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if st, ok := a.Status(); ok && st.LastHeight >= h {
			return
		}
		time.Sleep(300 * time.Millisecond)
	}
	st, _ := a.Status()
	a.DumpLog(60)
	a.t.Fatalf("agent did not reach height %d within %s (status %+v)", h, timeout, st)
}

// Query opens the agent's store (the process must be stopped).
func (a *Agent) Query(fn func(s *store.Store)) {
	a.t.Helper()
	s, err := store.Open(context.Background(), store.SQLite, a.DBPath())
	if err != nil {
		a.t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	fn(s)
}
