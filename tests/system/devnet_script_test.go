package system

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDevnetScript runs scripts/devnet.sh (what `make devnet` runs) in a
// temporary home on free ports, then the README's transfer example exactly as
// written, then stops the node and runs the script again to check that it
// continues the same chain.
func TestDevnetScript(t *testing.T) {
	requireSystem(t)
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(t.TempDir(), ".devnet")
	ports := map[string]int{}
	for _, name := range []string{"NEXUS_RPC_PORT", "NEXUS_P2P_PORT", "NEXUS_GRPC_PORT", "NEXUS_API_PORT", "NEXUS_PROM_PORT"} {
		ports[name] = freePort(t)
	}
	agentPort := freePort(t)
	env := append(os.Environ(), "NEXUSD="+binary, "NEXUS_AGENT="+agentBinary(t), "NEXUS_DEVNET_HOME="+home,
		fmt.Sprintf("NEXUS_DEVNET_AGENT_PORT=%d", agentPort))
	for k, v := range ports {
		env = append(env, fmt.Sprintf("%s=%d", k, v))
	}
	rpc := &Node{Ports: Ports{RPC: ports["NEXUS_RPC_PORT"]}}
	c := &Chain{t: t}

	start := func(args ...string) (*exec.Cmd, *bytes.Buffer, chan struct{}) {
		cmd := exec.Command("bash", append([]string{filepath.Join(root, "scripts", "devnet.sh")}, args...)...)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		t.Cleanup(func() { stopGroup(cmd, done) })
		return cmd, &out, done
	}
	waitHeight := func(h int64, out *bytes.Buffer, done chan struct{}) int64 {
		t.Helper()
		deadline := time.Now().Add(90 * time.Second)
		for time.Now().Before(deadline) {
			if got := c.Height(rpc); got >= h {
				return got
			}
			select {
			case <-done:
				t.Fatalf("devnet.sh exited:\n%s", out.String())
			default:
			}
			time.Sleep(300 * time.Millisecond)
		}
		t.Fatalf("devnet did not reach height %d:\n%s", h, out.String())
		return 0
	}

	// First run: creates the chain and prints the accounts and endpoints.
	cmd, out, done := start("--reset")
	waitHeight(2, out, done)
	for _, want := range []string{"creating nexus-devnet-1", "alice", "bob", "validator", "mnemonics", "REST", "gRPC",
		fmt.Sprintf("nexus-agent   http://127.0.0.1:%d", agentPort), "key 'reporter'"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("devnet.sh output lacks %q:\n%s", want, out.String())
		}
	}
	// The agent runs beside the node with the reporter key, and the
	// README's status command answers: caught up.
	agentStatus := func() string {
		r := exec.Command(agentBinary(t), "status", "--home", filepath.Join(home, "agent"))
		b, _ := r.CombinedOutput()
		return string(b)
	}
	reporterAddr := ""
	deadline0 := time.Now().Add(60 * time.Second)
	for !strings.Contains(agentStatus(), "caught up") {
		if time.Now().After(deadline0) {
			t.Fatalf("nexus-agent status never showed caught up:\n%s\n%s", agentStatus(), out.String())
		}
		time.Sleep(500 * time.Millisecond)
	}
	for _, line := range strings.Split(agentStatus(), "\n") {
		if strings.HasPrefix(line, "reporter:") {
			reporterAddr = strings.TrimSpace(strings.TrimPrefix(line, "reporter:"))
		}
	}

	// The README example, as written (with ./build/nexusd → the test binary).
	nexusd := func(args ...string) string {
		t.Helper()
		r := exec.Command(binary, args...)
		var o, e bytes.Buffer
		r.Stdout, r.Stderr = &o, &e
		if err := r.Run(); err != nil {
			t.Fatalf("nexusd %v: %v\n%s%s", args, err, o.String(), e.String())
		}
		return strings.TrimSpace(o.String())
	}
	if want := nexusd("keys", "show", "reporter", "-a", "--home", home); reporterAddr != want {
		t.Fatalf("agent signs as %q, want the devnet's reporter %q", reporterAddr, want)
	}
	bob := nexusd("keys", "show", "bob", "-a", "--home", home)
	alice := nexusd("keys", "show", "alice", "-a", "--home", home)
	api := fmt.Sprintf("http://127.0.0.1:%d", ports["NEXUS_API_PORT"])
	// restBalance reads a balance over REST, waiting for the REST server
	// (it starts a moment after the node answers RPC).
	restBalance := func(addr string) int64 {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			resp, err := http.Get(api + "/cosmos/bank/v1beta1/balances/" + addr) //nolint:gosec,noctx // loopback test URL
			if err == nil {
				var bal struct {
					Balances []struct{ Denom, Amount string } `json:"balances"`
				}
				decErr := json.NewDecoder(resp.Body).Decode(&bal)
				_ = resp.Body.Close()
				if resp.StatusCode == http.StatusOK && decErr == nil {
					n, _ := strconv.ParseInt(amountOf(bal.Balances, "uazr"), 10, 64)
					return n
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("REST balance of %s: no answer (%v)", addr, err)
			}
			time.Sleep(300 * time.Millisecond)
		}
	}
	bobBefore, aliceBefore := restBalance(bob), restBalance(alice)
	var bres struct {
		TxHash string `json:"txhash"`
		Code   int    `json:"code"`
	}
	if err := json.Unmarshal([]byte(lastJSONLine(nexusd("tx", "bank", "send", "alice", bob, "1000000uazr", "--home", home, "--yes", "--output", "json"))), &bres); err != nil || bres.Code != 0 {
		t.Fatalf("README transfer: %+v %v", bres, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for restBalance(bob) == bobBefore && time.Now().Before(deadline) {
		time.Sleep(300 * time.Millisecond)
	}
	if got := restBalance(bob) - bobBefore; got != 1_000_000 {
		t.Fatalf("bob received %d uazr, want 1000000", got)
	}
	// alice paid the amount, 5% PIVC and gas.
	if paid := aliceBefore - restBalance(alice); paid <= 1_050_000 {
		t.Fatalf("alice paid %d uazr, want more than 1050000 (amount + PIVC + gas)", paid)
	}
	var q struct {
		Balances []struct{ Denom, Amount string } `json:"balances"`
	}
	if err := json.Unmarshal([]byte(nexusd("q", "bank", "balances", bob, "--home", home, "--output", "json")), &q); err != nil {
		t.Fatal(err)
	}
	if amountOf(q.Balances, "uazr") != strconv.FormatInt(restBalance(bob), 10) {
		t.Fatalf("CLI and REST disagree on bob's balance: %+v", q.Balances)
	}

	// Second run without --reset continues the same chain.
	stopGroup(cmd, done)
	h1 := c.Height(rpc)
	_, out2, done2 := start()
	h2 := waitHeight(2, out2, done2)
	if !strings.Contains(out2.String(), "reusing nexus-devnet-1") {
		t.Fatalf("second run did not reuse the chain:\n%s", out2.String())
	}
	if h1 != 0 {
		t.Fatalf("node still answering after stop (height %d)", h1)
	}
	if got := restBalance(bob); got != bobBefore+1_000_000 {
		t.Fatalf("after restart bob has %d, want %d (height %d)", got, bobBefore+1_000_000, h2)
	}
}

// stopGroup ends a process group started by a test and waits for it.
func stopGroup(cmd *exec.Cmd, done chan struct{}) {
	select {
	case <-done:
		return
	default:
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}
