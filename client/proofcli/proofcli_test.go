package proofcli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func newCmd(t *testing.T, args ...string) *cobra.Command {
	t.Helper()
	cmd := &cobra.Command{Use: "x"}
	AddTrustFlags(cmd)
	if err := cmd.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	return cmd
}

const genesisJSON = `{"genesis_time":"2026-01-01T00:00:00Z","chain_id":"nexus-test-1","initial_height":1,
"consensus":{"validators":[{"address":"","pub_key":{"type":"tendermint/PubKeyEd25519","value":"orywqkjlfO2dP/uvjhi3GqgTGKbdVBd67lmP/kSqsYc="},"power":"100","name":"v"}]},
"app_state":{}}`

func TestTrustRootFlags(t *testing.T) {
	dir := t.TempDir()
	gen := filepath.Join(dir, "genesis.json")
	if err := os.WriteFile(gen, []byte(genesisJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "config"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "config", "genesis.json"), []byte(genesisJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	hash := strings.Repeat("ab", 32)

	for _, tc := range []struct {
		name, home  string
		homeGenesis bool
		args        []string
		wantErr     string
		wantHeight  int64
		wantNil     bool
	}{
		{name: "genesis", args: []string{"--trust-genesis", gen}, wantHeight: 1},
		{name: "block", args: []string{"--trusted-height", "12", "--trusted-hash", hash}, wantHeight: 12},
		{name: "upper-case hash", args: []string{"--trusted-height", "12", "--trusted-hash", strings.ToUpper(hash)}, wantHeight: 12},
		{name: "both", args: []string{"--trust-genesis", gen, "--trusted-height", "12", "--trusted-hash", hash}, wantErr: "two different trust roots"},
		{name: "height alone", args: []string{"--trusted-height", "12"}, wantErr: "go together"},
		{name: "hash alone", args: []string{"--trusted-hash", hash}, wantErr: "go together"},
		{name: "short hash", args: []string{"--trusted-height", "12", "--trusted-hash", "abcd"}, wantErr: "want 32"},
		{name: "negative height", args: []string{"--trusted-height", "-1", "--trusted-hash", hash}, wantErr: "must be positive"},
		{name: "missing genesis", args: []string{"--trust-genesis", filepath.Join(dir, "none.json")}, wantErr: "no such file"},
		{name: "home genesis", home: home, homeGenesis: true, wantHeight: 1},
		{name: "home genesis not wanted", home: home, wantNil: true},
		{name: "no genesis in home", home: t.TempDir(), homeGenesis: true, wantNil: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, _, err := TrustRoot(newCmd(t, tc.args...), tc.home, tc.homeGenesis)
			switch {
			case tc.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("want %q, got %v", tc.wantErr, err)
				}
			case err != nil:
				t.Fatal(err)
			case tc.wantNil:
				if root != nil {
					t.Fatalf("want no root, got %+v", root)
				}
			case root == nil || root.Height != tc.wantHeight:
				t.Fatalf("root %+v, want height %d", root, tc.wantHeight)
			}
		})
	}
}

func TestVerifyProofNeedsARootAndAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "proof.json")
	if err := os.WriteFile(file, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args    []string
		wantErr string
	}{
		{args: []string{file}, wantErr: "no trust root"},
		{args: []string{filepath.Join(t.TempDir(), "none.json"), "--trusted-height", "1", "--trusted-hash", strings.Repeat("ab", 32)}, wantErr: "no such file"},
		{args: []string{file, "--trusted-height", "1", "--trusted-hash", strings.Repeat("ab", 32)}, wantErr: `step "document"`},
		{args: []string{file, "--trusted-height", "1", "--trusted-hash", strings.Repeat("ab", 32), "-o", "yaml"}, wantErr: "text or json"},
		{args: []string{file, "--trusted-height", "1", "--trusted-hash", strings.Repeat("ab", 32), "--trusting-period", "-1s"}, wantErr: "must not be negative"},
	} {
		cmd := VerifyProofCmd()
		cmd.SetArgs(tc.args)
		cmd.SetOut(&strings.Builder{})
		cmd.SetErr(&strings.Builder{})
		err := cmd.Execute()
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Fatalf("%v: want %q, got %v", tc.args, tc.wantErr, err)
		}
	}
}
