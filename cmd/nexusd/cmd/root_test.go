package cmd_test

import (
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/viper"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/azora-os/nexus/cmd/nexusd/cmd"
)

// TestOperatorCommandsExist checks that every command an operator of gaia or
// noble expects is present. cobra's Find falls back to the nearest parent for
// an unknown name, so each hit must be the command itself.
func TestOperatorCommandsExist(t *testing.T) {
	root := cmd.NewRootCmd()
	for _, path := range []string{
		"init", "genesis add-genesis-account", "genesis gentx", "genesis collect-gentxs",
		"genesis validate-genesis", "genesis admit-validator", "keys add", "keys show", "tx bank send", "tx sign", "tx broadcast",
		"query bank balances", "q tx", "q block", "q wait-tx", "status", "start", "comet show-node-id",
		"export", "rollback", "snapshots list", "prune", "config set", "version", "debug addr",
		"tx gov submit-proposal", "q staking validators", "tx authz grant", "tx feegrant grant",
		"q upgrade plan", "q consensus params", "q ledger metabolism",
	} {
		args := strings.Fields(path)
		c, _, err := root.Find(args)
		if err != nil {
			t.Errorf("%q: %v", path, err)
			continue
		}
		if c.Name() != args[len(args)-1] && !c.HasAlias(args[len(args)-1]) {
			t.Errorf("%q: found %q instead", path, c.CommandPath())
		}
	}
}

// TestTxCommandsSimulateByDefault checks that tx commands estimate gas by
// simulation and pay the minimum gas price unless told otherwise.
func TestTxCommandsSimulateByDefault(t *testing.T) {
	root := cmd.NewRootCmd()
	c, _, err := root.Find([]string{"tx", "bank", "send"})
	if err != nil {
		t.Fatal(err)
	}
	for flag, want := range map[string]string{"gas": "auto", "gas-adjustment": "1.5", "gas-prices": "0.001uazr"} {
		f := c.Flags().Lookup(flag)
		if f == nil {
			t.Fatalf("tx bank send has no --%s", flag)
		}
		if f.Value.String() != want {
			t.Errorf("--%s defaults to %q, want %q", flag, f.Value.String(), want)
		}
	}
}

// TestInitWritesOperationsDefaults runs `nexusd init` and reads the app.toml
// it wrote: app telemetry and the metabolism metrics on (exported on the
// Prometheus port, docs/operations.md) and state-sync snapshots every
// DefaultSnapshotInterval blocks (docs/operators.md).
func TestInitWritesOperationsDefaults(t *testing.T) {
	home := t.TempDir()
	root := cmd.NewRootCmd()
	root.SetArgs([]string{"init", "test-node", "--chain-id", "nexus-test-1", "--home", home})
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	// As main runs it (the server and client contexts come from there).
	if err := svrcmd.Execute(root, "NEXUSD", home); err != nil {
		t.Fatal(err)
	}
	v := viper.New()
	v.SetConfigFile(filepath.Join(home, "config", "app.toml"))
	if err := v.ReadInConfig(); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]any{
		"metabolism.enabled":                  true,
		"telemetry.enabled":                   true,
		"telemetry.service-name":              "nexusd",
		"telemetry.prometheus-retention-time": int64(cmd.DefaultTelemetryRetention),
		"state-sync.snapshot-interval":        int64(cmd.DefaultSnapshotInterval),
		"state-sync.snapshot-keep-recent":     int64(cmd.DefaultSnapshotKeepRecent),
	} {
		if got := v.Get(key); got != want {
			t.Errorf("app.toml %s = %v (%T), want %v", key, got, got, want)
		}
	}
	if got := v.GetStringSlice("index-events"); !slices.Equal(got, cmd.DefaultIndexEvents) {
		t.Errorf("app.toml index-events = %q, want %q", got, cmd.DefaultIndexEvents)
	}
	c := viper.New()
	c.SetConfigFile(filepath.Join(home, "config", "config.toml"))
	if err := c.ReadInConfig(); err != nil {
		t.Fatal(err)
	}
	if !c.GetBool("instrumentation.prometheus") || c.GetString("instrumentation.prometheus_listen_addr") != ":26660" {
		t.Errorf("config.toml instrumentation: prometheus=%v listen=%q", c.Get("instrumentation.prometheus"), c.Get("instrumentation.prometheus_listen_addr"))
	}
}

// TestConfigSetConfigToml: `nexusd config set config <key> <value>` changes
// config.toml (confix alone refuses it) and refuses, leaving the file as it
// was, a change CometBFT would not start with.
func TestConfigSetConfigToml(t *testing.T) {
	home := t.TempDir()
	run := func(args ...string) error {
		root := cmd.NewRootCmd()
		root.SetArgs(append(args, "--home", home))
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		return svrcmd.Execute(root, "NEXUSD", home)
	}
	if err := run("init", "test-node", "--chain-id", "nexus-test-1"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(home, "config", "config.toml")
	read := func() *viper.Viper {
		v := viper.New()
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := run("config", "set", "config", "p2p.persistent_peers", "abcd@127.0.0.1:26656"); err != nil {
		t.Fatal(err)
	}
	if got := read().GetString("p2p.persistent_peers"); got != "abcd@127.0.0.1:26656" {
		t.Fatalf("persistent_peers = %q", got)
	}
	// State sync needs its RPC servers before it can be enabled.
	err := run("config", "set", "config", "statesync.enable", "true")
	if err == nil || !strings.Contains(err.Error(), "rpc_servers is required") {
		t.Fatalf("enabling state sync without RPC servers: %v", err)
	}
	if read().GetBool("statesync.enable") {
		t.Fatal("an invalid change was written")
	}
	for _, kv := range [][2]string{
		{"statesync.rpc_servers", "tcp://127.0.0.1:26657,tcp://127.0.0.1:26657"},
		{"statesync.trust_height", "100"},
		{"statesync.trust_hash", "0A1B2C"},
		{"statesync.enable", "true"},
	} {
		if err := run("config", "set", "config", kv[0], kv[1]); err != nil {
			t.Fatalf("set %s: %v", kv[0], err)
		}
	}
	if v := read(); !v.GetBool("statesync.enable") || v.GetInt64("statesync.trust_height") != 100 {
		t.Fatalf("statesync not written: %v", v.Get("statesync"))
	}
}
