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
// temporary home on free ports, then the README's walkthrough exactly as
// written (its shell blocks, the commands it names inline, the endpoints it
// lists), then stops the node and runs the script again to check that it
// continues the same chain.
func TestDevnetScript(t *testing.T) {
	requireSystem(t)
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	// work stands for the repository root of the README: build/nexusd and
	// the devnet's home .devnet.
	work := t.TempDir()
	home := filepath.Join(work, ".devnet")
	if err := os.MkdirAll(filepath.Join(work, "build"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(binary, filepath.Join(work, "build", "nexusd")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "scripts"), filepath.Join(work, "scripts")); err != nil {
		t.Fatal(err)
	}
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

	// The README's walkthrough, as written: its shell blocks run with bash in
	// a directory holding build/nexusd (the test binary) and .devnet (the
	// devnet's home); the only edit is the devnet's default ports, replaced
	// by the free ports this test chose.
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

	readme := readREADME(t, root)
	walkthrough := shellBlocks(t, readme, "## Send a transfer and query it")
	if len(walkthrough) != 2 {
		t.Fatalf("README's walkthrough has %d shell blocks, want 2", len(walkthrough))
	}
	sh := func(script string) string {
		t.Helper()
		for from, to := range map[string]int{
			"127.0.0.1:1317": ports["NEXUS_API_PORT"], "127.0.0.1:26657": ports["NEXUS_RPC_PORT"],
			"127.0.0.1:9090": ports["NEXUS_GRPC_PORT"], "127.0.0.1:26660": ports["NEXUS_PROM_PORT"],
		} {
			script = strings.ReplaceAll(script, from, fmt.Sprintf("127.0.0.1:%d", to))
		}
		cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", script)
		cmd.Dir = work
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("README commands failed: %v\n%s\n---- output ----\n%s", err, script, out.String())
		}
		return out.String()
	}
	// The transfer, waited for, then read over REST and the CLI.
	transferOut := sh(walkthrough[0])
	for _, want := range []string{"txhash", `"denom":"uazr"`, "balances:"} {
		if !strings.Contains(transferOut, want) {
			t.Fatalf("README transfer output lacks %q:\n%s", want, transferOut)
		}
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
	// The metabolism query and the metrics see the transfer.
	metabolismOut := sh(walkthrough[1])
	for _, want := range []string{"VOLUME", "1000000", "nexus_metabolism_height"} {
		if !strings.Contains(metabolismOut, want) {
			t.Fatalf("README metabolism output lacks %q:\n%s", want, metabolismOut)
		}
	}

	// The commands the README names inline, as written.
	says := func(text string) {
		t.Helper()
		if !strings.Contains(strings.Join(strings.Fields(readme), " "), text) {
			t.Fatalf("README no longer says %q", text)
		}
	}
	inline := func(command string) string {
		t.Helper()
		says(command)
		return sh(command)
	}
	if out := inline("./build/nexusd q pivc quote 1000000uazr --home .devnet"); !strings.Contains(out, "50000") {
		t.Fatalf("pivc quote: %s", out)
	}
	if out := inline("scripts/devnet.sh --help"); !strings.Contains(out, "NEXUS_PROM_PORT") {
		t.Fatalf("devnet.sh --help: %s", out)
	}
	// "nexusd config set <config|app|client> <key> <value> --home <home>",
	// once per file (setting the values the devnet has).
	says("`nexusd config set <config|app|client> <key> <value> --home <home>`")
	sh("./build/nexusd config set config moniker devnet --home .devnet")
	sh("./build/nexusd config set app minimum-gas-prices 0.001uazr --home .devnet")
	sh("./build/nexusd config set client chain-id nexus-devnet-1 --home .devnet")
	for _, f := range []string{"config/config.toml", "config/app.toml", "config/client.toml", "config/genesis.json"} {
		if _, err := os.Stat(filepath.Join(home, f)); err != nil {
			t.Errorf("README's configuration file %s: %v", f, err)
		}
	}
	// The endpoints the README lists: RPC, REST (the Nexus OpenAPI
	// document and the SDK's Swagger UI), gRPC, Prometheus.
	for _, e := range []struct{ readme, script, want string }{
		{"CometBFT RPC `http://127.0.0.1:26657`", "curl -sf http://127.0.0.1:26657/status", `"network":"nexus-devnet-1"`},
		{"`/nexus/openapi.json`", "curl -sf http://127.0.0.1:1317/nexus/openapi.json", "/azora/ledger/v1/params"},
		{"`/swagger/`", "curl -sf http://127.0.0.1:1317/swagger/", "swagger-ui"},
		{"gRPC `127.0.0.1:9090`", "./build/nexusd q bank balances " + bob + " --grpc-addr 127.0.0.1:9090 --grpc-insecure --home .devnet", "uazr"},
		{"Prometheus `http://127.0.0.1:26660/metrics`", "curl -sf http://127.0.0.1:26660/metrics", "nexus_consensus_height"},
	} {
		says(e.readme)
		if out := sh(e.script); !strings.Contains(out, e.want) {
			t.Fatalf("%s: output lacks %q:\n%.2000s", e.script, e.want, out)
		}
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

// readREADME returns the repository's README.md.
func readREADME(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// shellBlocks returns the ```sh blocks of the section that starts with the
// heading line, up to the next heading of the same level.
func shellBlocks(t *testing.T, md, heading string) []string {
	t.Helper()
	i := strings.Index(md, "\n"+heading+"\n")
	if i < 0 {
		t.Fatalf("README has no section %q", heading)
	}
	section := md[i+len(heading)+2:]
	level := heading[:strings.IndexByte(heading, ' ')+1]
	if j := strings.Index(section, "\n"+level); j >= 0 {
		section = section[:j]
	}
	var blocks []string
	for {
		k := strings.Index(section, "```sh\n")
		if k < 0 {
			return blocks
		}
		section = section[k+len("```sh\n"):]
		e := strings.Index(section, "```")
		if e < 0 {
			t.Fatalf("README section %q: unterminated code block", heading)
		}
		blocks = append(blocks, section[:e])
		section = section[e+3:]
	}
}
