package system

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTestnetScript drives scripts/testnet.sh (make testnet-start/-status/
// -stop) the way an operator does: four validators in a temporary directory
// on a free port range, then status, a refused second start, a refused
// start of another testnet on the same ports, and stop, which must end
// exactly the processes it started.
func TestTestnetScript(t *testing.T) {
	requireSystem(t)
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	base := freePortRange(t, 4*10)
	script := func(dir string, args ...string) (string, error) {
		cmd := exec.Command("bash", append([]string{filepath.Join(root, "scripts", "testnet.sh")}, args...)...)
		cmd.Env = append(os.Environ(), "NEXUSD="+binary, "NEXUS_TESTNET_DIR="+dir,
			"NEXUS_TESTNET_VALIDATORS=", "NEXUS_TESTNET_BASE_PORT=")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { _, _ = script(dir, "stop") })

	out, err := script(dir, "start", "-n", "4", "--base-port", strconv.Itoa(base))
	if err != nil {
		t.Fatalf("start: %v\n%s", err, out)
	}

	// Node i answers on base+10i+1, has produced blocks and sees its three
	// peers (they may still be connecting right after start).
	c := &Chain{t: t}
	pids := make([]int, 4)
	for i := range 4 {
		n := &Node{Index: i, Ports: Ports{RPC: base + 10*i + 1}}
		deadline := time.Now().Add(30 * time.Second)
		for {
			st, err1 := c.Status(n)
			peers, err2 := c.PeerCount(n)
			if err1 == nil && err2 == nil && st.Height >= 2 && peers == 3 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("node%d: status %+v (%v), %d peers (%v)", i, st, err1, peers, err2)
			}
			time.Sleep(500 * time.Millisecond)
		}
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("node%d", i), "nexusd.pid"))
		if err != nil {
			t.Fatal(err)
		}
		if pids[i], err = strconv.Atoi(strings.TrimSpace(string(b))); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, fmt.Sprintf("node%d", i), "nexusd.log")); err != nil {
			t.Fatalf("node%d has no log: %v", i, err)
		}
	}

	out, err = script(dir, "status")
	if err != nil {
		t.Fatalf("status: %v\n%s", err, out)
	}
	for i := range 4 {
		if !strings.Contains(out, fmt.Sprintf("node%d  pid %d", i, pids[i])) {
			t.Fatalf("status does not show node%d with pid %d:\n%s", i, pids[i], out)
		}
	}

	// A second start of a running testnet is refused.
	if out, err := script(dir, "start"); err == nil || !strings.Contains(out, "already running") {
		t.Fatalf("second start: err=%v\n%s", err, out)
	}
	// Another testnet on the same ports is refused before anything starts,
	// naming the ports that are taken.
	other := t.TempDir()
	out, err = script(other, "start", "-n", "1", "--base-port", strconv.Itoa(base))
	if err == nil || !strings.Contains(out, fmt.Sprintf("node0 P2P port %d is already in use", base)) {
		t.Fatalf("start on taken ports: err=%v\n%s", err, out)
	}

	out, err = script(dir, "stop")
	if err != nil || !strings.Contains(out, "stopped node0 node1 node2 node3") {
		t.Fatalf("stop: err=%v\n%s", err, out)
	}
	for i, pid := range pids {
		if syscall.Kill(pid, 0) == nil {
			t.Fatalf("node%d (pid %d) still runs after stop", i, pid)
		}
		if _, err := os.Stat(filepath.Join(dir, fmt.Sprintf("node%d", i), "nexusd.pid")); !os.IsNotExist(err) {
			t.Fatalf("node%d pid file left behind: %v", i, err)
		}
	}
	if out, _ := script(dir, "status"); !strings.Contains(out, "stopped") {
		t.Fatalf("status after stop:\n%s", out)
	}
}

// freePortRange returns a base port such that base .. base+n-1 are free on
// loopback right now, chosen at random so concurrent runs rarely collide.
func freePortRange(t *testing.T, n int) int {
	t.Helper()
	for range 200 {
		base := 20000 + 10*rand.IntN(3000)
		free := true
		for p := base; p < base+n && free; p++ {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
			if err != nil {
				free = false
				continue
			}
			_ = l.Close()
		}
		if free {
			return base
		}
	}
	t.Fatal("no free port range")
	return 0
}
