package config_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/agent/config"
)

// The documented example in the repository is the template `init` writes,
// and it says exactly the defaults.
func TestTemplateIsTheExampleAndTheDefaults(t *testing.T) {
	example, err := os.ReadFile(filepath.Join("..", "..", "agent.toml.example"))
	require.NoError(t, err)
	require.True(t, bytes.Equal(example, config.Template), "agent.toml.example and agent/config/agent.toml differ")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, config.FileName), config.Template, 0o600))
	got, err := config.Load(dir, "", nil, nil)
	require.NoError(t, err)
	want := config.Default()
	want.Home = dir
	require.Equal(t, want, got)
	require.NoError(t, config.Default().Validate())
}

// Every key can be set by env and by flag; flags win over env, env over the
// file, the file over defaults.
func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := `chain_id = "from-file"
[database]
  url = "sqlite://file.db"
[api]
  listen = "127.0.0.1:9001"
[act]
  gas_price = "0.002uazr"
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, config.FileName), []byte(file), 0o600))
	env := []string{
		"NEXUS_AGENT_DATABASE_URL=sqlite://env.db",
		"NEXUS_AGENT_API_LISTEN=127.0.0.1:9002",
		"NEXUS_AGENT_NODE=http://127.0.0.1:1|127.0.0.1:2,tcp://127.0.0.1:3|127.0.0.1:4",
		"NEXUS_AGENT_PERCEIVE_STALL_TIMEOUT=45s",
		"NEXUS_AGENT_HOME=/ignored", "NEXUS_AGENT_KEYRING_PASSPHRASE=secret", "PATH=/bin",
	}
	flags := map[string]string{"api.listen": "127.0.0.1:9003", "governor.allowed_msg_types": "/a.B, /c.D"}
	c, err := config.Load(dir, "", env, flags)
	require.NoError(t, err)
	require.Equal(t, "from-file", c.ChainID)            // file
	require.Equal(t, "0.002uazr", c.Act.GasPrice)       // file
	require.Equal(t, "sqlite://env.db", c.Database.URL) // env over file
	require.Equal(t, "127.0.0.1:9003", c.API.Listen)    // flag over env and file
	require.Equal(t, 45*time.Second, c.Perceive.StallTimeout.Duration)
	require.Equal(t, []config.Node{{RPC: "http://127.0.0.1:1", GRPC: "127.0.0.1:2"}, {RPC: "tcp://127.0.0.1:3", GRPC: "127.0.0.1:4"}}, c.Nodes)
	require.Equal(t, []string{"/a.B", "/c.D"}, c.Governor.AllowedMsgTypes)
	require.Equal(t, 50, c.Act.BatchSize) // default
	engine, dsn := c.DatabaseDSN()
	require.Equal(t, "sqlite", engine)
	require.Equal(t, filepath.Join(dir, "env.db"), dsn)

	for _, k := range config.Keys {
		require.NotEmpty(t, k.Help(), k.Name())
		require.Equal(t, "NEXUS_AGENT_", config.EnvName(k.Name())[:12])
	}
	require.Equal(t, "NEXUS_AGENT_PLAN_RECONCILE_MAX_ENTRIES", config.EnvName("plan.reconcile.max_entries"))
	require.Equal(t, "plan-reconcile-max-entries", config.FlagName("plan.reconcile.max_entries"))
}

// A bad configuration is refused with the key and the rule.
func TestRefusedConfig(t *testing.T) {
	cases := []struct {
		name  string
		file  string
		env   []string
		flags map[string]string
		key   string
		rule  string
	}{
		{name: "gas price without denom", flags: map[string]string{"act.gas_price": "0.001"}, key: "act.gas_price", rule: "positive decimal coin"},
		{name: "negative gas price", env: []string{"NEXUS_AGENT_ACT_GAS_PRICE=-1uazr"}, key: "act.gas_price", rule: "positive decimal coin"},
		{name: "unknown database", env: []string{"NEXUS_AGENT_DATABASE_URL=mysql://db"}, key: "database.url", rule: "sqlite:// or postgres://"},
		{name: "postgres without host", flags: map[string]string{"database.url": "postgres://"}, key: "database.url", rule: "postgres://user"},
		{name: "no endpoints", flags: map[string]string{"node": ""}, key: "node", rule: "at least one endpoint"},
		{name: "endpoint without grpc", flags: map[string]string{"node": "http://127.0.0.1:1"}, key: "node", rule: "want RPC|GRPC"},
		{name: "bad rpc url", flags: map[string]string{"node": "ftp://x|127.0.0.1:9"}, key: "node[0].rpc", rule: "http://"},
		{name: "bad grpc", flags: map[string]string{"node": "http://127.0.0.1:1|nohost"}, key: "node[0].grpc", rule: "host:port"},
		{name: "bad backend", env: []string{"NEXUS_AGENT_KEYRING_BACKEND=kwallet"}, key: "keyring.backend", rule: "test, file or os"},
		{name: "empty key", flags: map[string]string{"keyring.key": ""}, key: "keyring.key", rule: "must name a key"},
		{name: "bad listen", flags: map[string]string{"api.listen": "8731"}, key: "api.listen", rule: "host:port"},
		{name: "stall too short", flags: map[string]string{"perceive.stall_timeout": "100ms"}, key: "perceive.stall_timeout", rule: "at least 1s"},
		{name: "stall not a duration", flags: map[string]string{"perceive.stall_timeout": "soon"}, key: "perceive.stall_timeout", rule: "not a duration"},
		{name: "window zero", flags: map[string]string{"perceive.fetch_window": "0"}, key: "perceive.fetch_window", rule: "1..256"},
		{name: "batch not a number", env: []string{"NEXUS_AGENT_ACT_BATCH_SIZE=lots"}, key: "act.batch_size", rule: "integer"},
		{name: "batch too large", flags: map[string]string{"act.batch_size": "5000"}, key: "act.batch_size", rule: "1..1000"},
		{name: "timeout blocks", flags: map[string]string{"act.timeout_blocks": "1"}, key: "act.timeout_blocks", rule: "2..10000"},
		{name: "gas adjustment", flags: map[string]string{"act.gas_adjustment": "0.5"}, key: "act.gas_adjustment", rule: "1..10"},
		{name: "allowed type not a url", flags: map[string]string{"governor.allowed_msg_types": "MsgSend"}, key: "governor.allowed_msg_types[0]", rule: "type URL"},
		{name: "max value not coins", flags: map[string]string{"governor.max_value_per_day": "lots"}, key: "governor.max_value_per_day", rule: "coins"},
		{name: "bad model", flags: map[string]string{"plan.feedback.model": "Forge Model"}, key: "plan.feedback.model", rule: "x/mesh model name"},
		{name: "bad bool", env: []string{"NEXUS_AGENT_PLAN_FEEDBACK_ENABLED=maybe"}, key: "plan.feedback.enabled", rule: "true or false"},
		{name: "log level", flags: map[string]string{"log.level": "loud"}, key: "log.level", rule: "debug, info, warn or error"},
		{name: "unknown env", env: []string{"NEXUS_AGENT_DATABSE_URL=sqlite://x"}, key: "NEXUS_AGENT_DATABSE_URL", rule: "unknown variable"},
		{name: "empty chain id", file: `chain_id = ""`, key: "chain_id", rule: "must not be empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.file != "" {
				require.NoError(t, os.WriteFile(filepath.Join(dir, config.FileName), []byte(tc.file), 0o600))
			}
			_, err := config.Load(dir, "", tc.env, tc.flags)
			require.Error(t, err)
			var ce *config.Error
			require.True(t, errors.As(err, &ce), "%v", err)
			require.Equal(t, tc.key, ce.Key)
			require.Contains(t, ce.Rule, tc.rule)
			require.Contains(t, err.Error(), tc.key)
		})
	}
}

// The file is strict: an unknown key (a typo) or a wrong type is refused
// with its position.
func TestStrictFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, config.FileName), []byte("[act]\n  gas_prise = \"0.001uazr\"\n"), 0o600))
	_, err := config.Load(dir, "", nil, nil)
	require.ErrorContains(t, err, "gas_prise")

	require.NoError(t, os.WriteFile(filepath.Join(dir, config.FileName), []byte("[act]\n  batch_size = \"many\"\n"), 0o600))
	_, err = config.Load(dir, "", nil, nil)
	require.ErrorContains(t, err, "line 2")
}
