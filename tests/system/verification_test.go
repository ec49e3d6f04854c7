package system

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// docBlock is one fenced ```sh block of a doc, with the ```text block that
// follows it (its sample output), if any.
type docBlock struct {
	commands []string
	sample   []string
}

// readDocBlocks returns the sh blocks of a markdown file: each command
// (continuation lines joined) and the sample output shown after the block.
func readDocBlocks(t *testing.T, path string) []docBlock {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	var (
		blocks []docBlock
		cur    *docBlock
		inText bool
		cont   string
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case cur == nil && !inText && line == "```sh":
			blocks = append(blocks, docBlock{})
			cur = &blocks[len(blocks)-1]
		case cur != nil && line == "```":
			cur = nil
		case cur != nil:
			if strings.HasSuffix(line, `\`) {
				cont += strings.TrimSuffix(line, `\`)
				continue
			}
			cmd := strings.TrimSpace(cont + line)
			cont = ""
			if cmd != "" && !strings.HasPrefix(cmd, "#") {
				cur.commands = append(cur.commands, cmd)
			}
		case !inText && line == "```text":
			inText = true
		case inText && line == "```":
			inText = false
		case inText && len(blocks) > 0:
			blocks[len(blocks)-1].sample = append(blocks[len(blocks)-1].sample, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return blocks
}

var failsAt = regexp.MustCompile(`#\s*fails at step "([a-z]+)"\s*$`)

// sampleLine picks the lines of a sample output that must appear in the
// real output: the part before the first colon of each line that names a
// step, a verdict or an error (values such as hashes differ per run).
var sampleLine = regexp.MustCompile(`^(\d+\. [a-z]+|verified|trust root|assumptions|next trust root|verification failed at step "[a-z]+"|wrote [^:]+):`)

// TestVerificationDoc runs docs/verification.md on a real node, as written:
// an auditor writes a checkpoint proof and a journal export against the
// node, then (with the node stopped: no network) checks the genesis and
// verifies both from it; a file with a made-up validator set and the
// genesis of another chain with the same chain id fail at the root step.
// Each sample output of the doc has the same steps as the real one.
func TestVerificationDoc(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{
		Accounts: []Account{{Name: "alice", Coins: "100000000000uazr"}, {Name: "bob", Coins: "1000000uazr"}},
		EditGenesis: func(appState map[string]any) {
			// As on the devnet: a checkpoint every 10 blocks.
			appState["ledger"].(map[string]any)["params"].(map[string]any)["checkpoint_interval"] = "10"
		},
	})
	// Another chain with the same chain id and other validator keys: only
	// its genesis is used.
	other := NewChain(t, Config{})
	c.Start()
	alice, bob := c.Address("alice"), c.Address("bob")

	// Journal entries in both periods before checkpoint 20.
	c.MustTx("alice", "bank", "send", alice, bob, "1000000uazr")
	c.MustTx("alice", "ledger", "transfer", bob, "2000000uazr", "INV-1")
	c.WaitForHeight(12, 60*time.Second)
	c.MustTx("alice", "bank", "send", alice, bob, "3000000uazr")
	if h := c.Height(c.Nodes[0]); h >= 20 {
		t.Fatalf("the chain is at height %d already: the payments must precede checkpoint 20", h)
	}
	c.WaitForHeight(22, 60*time.Second)
	var cp struct {
		Checkpoint struct {
			LastSequence string `json:"last_sequence"`
		} `json:"checkpoint"`
	}
	c.QueryJSON(&cp, "ledger", "checkpoint", "20")
	entries, _ := strconv.Atoi(cp.Checkpoint.LastSequence)
	if entries < 3 {
		t.Fatalf("checkpoint 20 covers %d entries", entries)
	}

	// The auditor's directory: the genesis (from a trusted source), the
	// other chain's, an empty home, nexusd on the PATH.
	dir := t.TempDir()
	copyFile(t, filepath.Join(c.Nodes[0].Home, "config", "genesis.json"), filepath.Join(dir, "genesis.json"))
	copyFile(t, filepath.Join(other.Nodes[0].Home, "config", "genesis.json"), filepath.Join(dir, "other-genesis.json"))
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	self, err := filepath.Abs(binary)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(bin, "nexusd")); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"PATH=" + bin + ":/usr/local/bin:/usr/bin:/bin",
		"HOME=" + filepath.Join(dir, "home"),
		"NODE=" + c.Nodes[0].RPCAddr(),
	}

	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	blocks := readDocBlocks(t, filepath.Join(root, "docs", "verification.md"))
	if len(blocks) < 5 {
		t.Fatalf("docs/verification.md has %d sh blocks", len(blocks))
	}
	outputs := map[string]string{}
	offline := false
	for bi, b := range blocks {
		var outs []string
		for _, cmd := range b.commands {
			if strings.Contains(cmd, "verify-proof") && !offline {
				// Offline from here: the node is gone.
				c.StopAll()
				for _, n := range c.Nodes {
					if n.Running() {
						t.Fatalf("node %d still runs", n.Index)
					}
				}
				offline = true
			}
			out, code := runShell(t, dir, env, cmd)
			if m := failsAt.FindStringSubmatch(cmd); m != nil {
				if code == 0 || !strings.Contains(out, `verification failed at step "`+m[1]+`"`) {
					t.Fatalf("doc block %d: %s\nwant a failure at step %q, got exit %d:\n%s", bi+1, cmd, m[1], code, out)
				}
			} else if code != 0 {
				t.Fatalf("doc block %d: %s\nexit %d:\n%s", bi+1, cmd, code, out)
			}
			t.Logf("$ %s\n%s", cmd, out)
			outputs[cmd] = out
			outs = append(outs, out)
		}
		for _, line := range b.sample {
			m := sampleLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			found := false
			for _, o := range outs {
				found = found || strings.Contains(o, m[1]+":")
			}
			if !found {
				t.Fatalf("doc block %d: the sample output shows %q, the commands' output does not:\n%s", bi+1, m[1], strings.Join(outs, "\n"))
			}
		}
	}
	if !offline {
		t.Fatal("the doc never runs verify-proof")
	}

	// What the auditor sees, beyond the steps the samples name.
	genesis, err := os.ReadFile(filepath.Join(dir, "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(genesis)
	find := func(prefix string) string {
		t.Helper()
		for cmd, out := range outputs {
			if strings.HasPrefix(cmd, prefix) {
				return out
			}
		}
		t.Fatalf("the doc has no command %q", prefix)
		return ""
	}
	if out := find("sha256sum genesis.json"); !strings.Contains(out, hex.EncodeToString(sum[:])) {
		t.Fatalf("sha256sum: %s", out)
	}
	if out := find("nexusd q ledger checkpoint-proof 20"); !strings.Contains(out, "wrote ledger checkpoint 20 to checkpoint-20.json: chain "+ChainID+", light blocks 1, 21, store proof at height 20") {
		t.Fatalf("checkpoint-proof: %s", out)
	}
	out := find("nexusd verify-proof checkpoint-20.json --trust-genesis genesis.json")
	for _, want := range []string{
		"trust root: genesis file (sha256 " + hex.EncodeToString(sum[:]) + "): chain " + ChainID + ", first block 1",
		"2. root: block 1 ", "is the genesis's first block", "3. light: block 1 -> block 21", "VerifyNonAdjacent",
		"4. store: ledger key 078000000000000014 at height 20", "5. checkpoint: height 20, entries", "reconciled",
		"verified: ledger checkpoint 20 (hash ", "committed by app hash", "trusting period: none",
		"network: none used", "next trust root (this verified block, for later proofs): --trusted-height 21 --trusted-hash ",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("verify-proof of the checkpoint lacks %q:\n%s", want, out)
		}
	}
	out = find("nexusd verify-proof journal-1-20.json --trust-genesis genesis.json")
	for _, want := range []string{
		"5. journal: checkpoints 10, 20 cover heights 1..20 (the first period starts at the chain's start)",
		"verified: the " + strconv.Itoa(entries) + " journal entries of heights 1..20 are complete and unaltered: they recompute checkpoint 20",
		"INV-1", "/azora.ledger.v1.MsgTransfer", "/cosmos.bank.v1beta1.MsgSend",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("verify-proof of the journal lacks %q:\n%s", want, out)
		}
	}
	if out := find("nexusd verify-proof tampered.json"); !strings.Contains(out, "is not the genesis validators'") {
		t.Fatalf("tampered: %s", out)
	}
	if out := find("nexusd verify-proof checkpoint-20.json --trust-genesis other-genesis.json"); !strings.Contains(out, "is not the genesis validators'") || !strings.Contains(out, "not this genesis's chain") {
		t.Fatalf("other genesis: %s", out)
	}
}

// runShell runs one doc command with bash in dir and returns its combined
// output and exit code.
func runShell(t *testing.T, dir string, env []string, command string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", command)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	}
	t.Fatalf("%s: %v", command, err)
	return "", -1
}
