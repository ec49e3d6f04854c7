// Package config is the agent's configuration: defaults, the TOML file,
// NEXUS_AGENT_* environment variables and command-line flags, applied in
// that order (flags win), then validated as a whole. A bad value is refused
// with an error naming the key and the rule it breaks.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// EnvPrefix prefixes every environment variable the agent reads.
const EnvPrefix = "NEXUS_AGENT_"

// FileName is the config file's name in the agent's home.
const FileName = "agent.toml"

// Environment variables the agent reads that are not config keys.
const (
	// EnvHome is the agent's home (also --home).
	EnvHome = EnvPrefix + "HOME"
	// EnvKeyringPassphrase is the passphrase of a "file" keyring.
	EnvKeyringPassphrase = EnvPrefix + "KEYRING_PASSPHRASE"
	// EnvFailpoints arms test-only crash points (agent/act/failpoint.go).
	EnvFailpoints = EnvPrefix + "FAILPOINTS"
)

var notKeys = map[string]bool{EnvHome: true, EnvKeyringPassphrase: true, EnvFailpoints: true}

// Template is the documented default configuration that `nexus-agent init`
// writes; the repository's agent.toml.example is the same file.
//
//go:embed agent.toml
var Template []byte

// Node is one chain endpoint: a CometBFT RPC URL and a gRPC address of the
// same node. The agent uses the first that answers and fails over in order.
type Node struct {
	RPC  string `toml:"rpc"`
	GRPC string `toml:"grpc"`
}

// Keyring says where the signing key is.
type Keyring struct {
	Backend string `toml:"backend"`
	Dir     string `toml:"dir"`
	Key     string `toml:"key"`
}

// Database says where the store is.
type Database struct {
	URL string `toml:"url"`
}

// API is the HTTP server.
type API struct {
	Listen string `toml:"listen"`
}

// Perceive tunes the listener.
type Perceive struct {
	StartHeight  int64    `toml:"start_height"`
	StallTimeout Duration `toml:"stall_timeout"`
	FetchWindow  int      `toml:"fetch_window"`
}

// Act tunes signing and broadcasting.
type Act struct {
	GasPrice      string   `toml:"gas_price"`
	GasAdjustment float64  `toml:"gas_adjustment"`
	BatchSize     int      `toml:"batch_size"`
	TimeoutBlocks int64    `toml:"timeout_blocks"`
	MaxAttempts   int      `toml:"max_attempts"`
	PollInterval  Duration `toml:"poll_interval"`
}

// Governor is the local policy every action passes before the chain's checks.
type Governor struct {
	AllowedMsgTypes   []string `toml:"allowed_msg_types"`
	MaxActionsPerHour int      `toml:"max_actions_per_hour"`
	MaxValuePerDay    string   `toml:"max_value_per_day"`
}

// Feedback configures the feedback planner.
type Feedback struct {
	Enabled bool   `toml:"enabled"`
	Model   string `toml:"model"`
}

// Reconcile configures the reconciliation planner.
type Reconcile struct {
	Enabled    bool `toml:"enabled"`
	MaxEntries int  `toml:"max_entries"`
	// TrustGenesis is the genesis file checkpoint proofs are verified from;
	// empty: the genesis the first node serves (trust on first use).
	TrustGenesis string `toml:"trust_genesis"`
}

// Develop configures the develop planner: the models' refit schedule and
// shape (agent/plan/develop).
type Develop struct {
	Enabled bool `toml:"enabled"`
	// EveryBlocks is the refit interval.
	EveryBlocks int64 `toml:"every_blocks"`
	// Bucket, Season, Window and Horizon shape the corridor forecasts.
	Bucket  Duration `toml:"bucket"`
	Season  int      `toml:"season"`
	Window  int      `toml:"window"`
	Horizon int      `toml:"horizon"`
	// AnomalyWindow and AnomalyHistory shape the anomaly model.
	AnomalyWindow  Duration `toml:"anomaly_window"`
	AnomalyHistory Duration `toml:"anomaly_history"`
	// MaxAnalyses bounds the federated analyses per round.
	MaxAnalyses int `toml:"max_analyses"`
}

// Plan holds the planners' settings.
type Plan struct {
	Feedback  Feedback  `toml:"feedback"`
	Develop   Develop   `toml:"develop"`
	Reconcile Reconcile `toml:"reconcile"`
}

// Log is the logger's settings.
type Log struct {
	Level  string `toml:"level"`
	Format string `toml:"format"`
}

// Config is the whole configuration.
type Config struct {
	// Home is the agent's directory (flag --home / NEXUS_AGENT_HOME); not in
	// the file. Relative paths in the file are relative to it.
	Home     string   `toml:"-"`
	ChainID  string   `toml:"chain_id"`
	Nodes    []Node   `toml:"node"`
	Keyring  Keyring  `toml:"keyring"`
	Database Database `toml:"database"`
	API      API      `toml:"api"`
	Perceive Perceive `toml:"perceive"`
	Act      Act      `toml:"act"`
	Governor Governor `toml:"governor"`
	Plan     Plan     `toml:"plan"`
	Log      Log      `toml:"log"`
}

// Duration is a time.Duration written as "15s" in TOML.
type Duration struct{ time.Duration }

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration such as 15s or 2m", b)
	}
	d.Duration = v
	return nil
}

// Default message types the governor allows: the agent submits x/mesh
// feedback, model commits and analysis records, and nothing else unless the
// operator says so. None of them moves value.
var DefaultAllowedMsgTypes = []string{
	"/azora.mesh.v1.MsgSubmitFeedbackBatch", "/azora.mesh.v1.MsgSubmitFeedback",
	"/azora.mesh.v1.MsgCommitModel", "/azora.mesh.v1.MsgRecordAnalysis",
}

// Default returns the defaults: a devnet-shaped single node on loopback,
// SQLite in the home, the API on 127.0.0.1:8731.
func Default() Config {
	return Config{
		ChainID:  "nexus-devnet-1",
		Nodes:    []Node{{RPC: "http://127.0.0.1:26657", GRPC: "127.0.0.1:9090"}},
		Keyring:  Keyring{Backend: "test", Dir: "~/.nexus", Key: "reporter"},
		Database: Database{URL: "sqlite://agent.db"},
		API:      API{Listen: "127.0.0.1:8731"},
		Perceive: Perceive{StartHeight: 0, StallTimeout: Duration{15 * time.Second}, FetchWindow: 8},
		Act: Act{
			GasPrice: "0.001uazr", GasAdjustment: 1.5, BatchSize: 50, TimeoutBlocks: 20, MaxAttempts: 3,
			PollInterval: Duration{500 * time.Millisecond},
		},
		Governor: Governor{
			AllowedMsgTypes:   append([]string(nil), DefaultAllowedMsgTypes...),
			MaxActionsPerHour: 600,
			MaxValuePerDay:    "",
		},
		Plan: Plan{
			Feedback: Feedback{Enabled: true, Model: "forge-settlement"},
			Develop: Develop{
				Enabled: true, EveryBlocks: 600, Bucket: Duration{time.Hour}, Season: 24, Window: 720, Horizon: 24,
				AnomalyWindow: Duration{24 * time.Hour}, AnomalyHistory: Duration{28 * 24 * time.Hour}, MaxAnalyses: 3,
			},
			Reconcile: Reconcile{Enabled: true, MaxEntries: 10_000},
		},
		Log: Log{Level: "info", Format: "text"},
	}
}

// Error is a refused configuration value: the key, the rule and the value.
type Error struct {
	Key    string
	Rule   string
	Value  string
	Source string // "file", "env NEXUS_AGENT_X", "flag --x" or "" (after merging)
}

func (e *Error) Error() string {
	src := ""
	if e.Source != "" {
		src = " (from " + e.Source + ")"
	}
	return fmt.Sprintf("config: %s = %q%s: %s", e.Key, e.Value, src, e.Rule)
}

// key is one settable key: its name, how to set it from a string (env and
// flags) and its one-line help.
type key struct {
	name string
	help string
	set  func(c *Config, v string) error
}

// Name is the key's dotted name (database.url).
func (k key) Name() string { return k.name }

// Help is the key's one-line description.
func (k key) Help() string { return k.help }

func setString(p func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *p(c) = v; return nil }
}

func setInt(p func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return errors.New("must be an integer")
		}
		*p(c) = n
		return nil
	}
}

func setInt64(p func(*Config) *int64) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return errors.New("must be an integer")
		}
		*p(c) = n
		return nil
	}
}

func setBool(p func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return errors.New("must be true or false")
		}
		*p(c) = b
		return nil
	}
}

func setDuration(p func(*Config) *Duration) func(*Config, string) error {
	return func(c *Config, v string) error { return p(c).UnmarshalText([]byte(strings.TrimSpace(v))) }
}

// Keys lists every key settable by environment variable and flag, in the
// order of the file.
var Keys = []key{
	{"chain_id", "chain id the nodes must report", setString(func(c *Config) *string { return &c.ChainID })},
	{"node", "endpoints as RPC|GRPC pairs, comma-separated, in failover order (e.g. http://127.0.0.1:26657|127.0.0.1:9090)", func(c *Config, v string) error {
		nodes, err := ParseNodes(v)
		if err != nil {
			return err
		}
		c.Nodes = nodes
		return nil
	}},
	{"keyring.backend", "keyring backend: test, file or os", setString(func(c *Config) *string { return &c.Keyring.Backend })},
	{"keyring.dir", "directory that holds keyring-<backend>/ (e.g. the nexusd home)", setString(func(c *Config) *string { return &c.Keyring.Dir })},
	{"keyring.key", "name of the key holding x/mesh's reporter role", setString(func(c *Config) *string { return &c.Keyring.Key })},
	{"database.url", "sqlite://<file> (relative to home) or postgres://user@host:port/db", setString(func(c *Config) *string { return &c.Database.URL })},
	{"api.listen", "HTTP API address host:port", setString(func(c *Config) *string { return &c.API.Listen })},
	{"perceive.start_height", "first height to process when the store is empty (0: the node's earliest block)", setInt64(func(c *Config) *int64 { return &c.Perceive.StartHeight })},
	{"perceive.stall_timeout", "no new block for this long: re-subscribe or fail over", setDuration(func(c *Config) *Duration { return &c.Perceive.StallTimeout })},
	{"perceive.fetch_window", "blocks fetched ahead while catching up", setInt(func(c *Config) *int { return &c.Perceive.FetchWindow })},
	{"act.gas_price", "gas price, a decimal coin (e.g. 0.001uazr)", setString(func(c *Config) *string { return &c.Act.GasPrice })},
	{"act.gas_adjustment", "multiplier on simulated gas", func(c *Config, v string) error {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return errors.New("must be a number")
		}
		c.Act.GasAdjustment = f
		return nil
	}},
	{"act.batch_size", "actions per transaction", setInt(func(c *Config) *int { return &c.Act.BatchSize })},
	{"act.timeout_blocks", "a tx not included this many blocks after signing can never be", setInt64(func(c *Config) *int64 { return &c.Act.TimeoutBlocks })},
	{"act.max_attempts", "times an action is signed before it is marked failed", setInt(func(c *Config) *int { return &c.Act.MaxAttempts })},
	{"act.poll_interval", "how often a pending tx is looked up", setDuration(func(c *Config) *Duration { return &c.Act.PollInterval })},
	{"governor.allowed_msg_types", "comma-separated message type URLs the agent may sign", func(c *Config, v string) error {
		c.Governor.AllowedMsgTypes = splitList(v)
		return nil
	}},
	{"governor.max_actions_per_hour", "actions signed per rolling hour", setInt(func(c *Config) *int { return &c.Governor.MaxActionsPerHour })},
	{"governor.max_value_per_day", "coins the agent may move per rolling 24 h (empty: none)", setString(func(c *Config) *string { return &c.Governor.MaxValuePerDay })},
	{"plan.feedback.enabled", "run the feedback planner", setBool(func(c *Config) *bool { return &c.Plan.Feedback.Enabled })},
	{"plan.feedback.model", "x/mesh model name of the feedback", setString(func(c *Config) *string { return &c.Plan.Feedback.Model })},
	{"plan.develop.enabled", "refit the models, commit their versions, flag anomalies, run federated analyses", setBool(func(c *Config) *bool { return &c.Plan.Develop.Enabled })},
	{"plan.develop.every_blocks", "refit the models every this many blocks", setInt64(func(c *Config) *int64 { return &c.Plan.Develop.EveryBlocks })},
	{"plan.develop.bucket", "forecast bucket width (e.g. 1h)", setDuration(func(c *Config) *Duration { return &c.Plan.Develop.Bucket })},
	{"plan.develop.season", "forecast buckets per season (24: a daily season of hourly buckets)", setInt(func(c *Config) *int { return &c.Plan.Develop.Season })},
	{"plan.develop.window", "buckets of history the forecasts are fitted on", setInt(func(c *Config) *int { return &c.Plan.Develop.Window })},
	{"plan.develop.horizon", "buckets forecast ahead", setInt(func(c *Config) *int { return &c.Plan.Develop.Horizon })},
	{"plan.develop.anomaly_window", "the anomaly model's evaluation window (e.g. 24h)", setDuration(func(c *Config) *Duration { return &c.Plan.Develop.AnomalyWindow })},
	{"plan.develop.anomaly_history", "the anomaly model's baseline before the window (e.g. 672h)", setDuration(func(c *Config) *Duration { return &c.Plan.Develop.AnomalyHistory })},
	{"plan.develop.max_analyses", "federated analyses proposed per round (0: none)", setInt(func(c *Config) *int { return &c.Plan.Develop.MaxAnalyses })},
	{"plan.reconcile.enabled", "reconcile x/ledger checkpoints", setBool(func(c *Config) *bool { return &c.Plan.Reconcile.Enabled })},
	{"plan.reconcile.max_entries", "journal entries fetched per checkpoint at most", setInt(func(c *Config) *int { return &c.Plan.Reconcile.MaxEntries })},
	{"plan.reconcile.trust_genesis", "genesis file checkpoint proofs are verified from (empty: the genesis the first node serves)", setString(func(c *Config) *string { return &c.Plan.Reconcile.TrustGenesis })},
	{"log.level", "debug, info, warn or error", setString(func(c *Config) *string { return &c.Log.Level })},
	{"log.format", "text or json", setString(func(c *Config) *string { return &c.Log.Format })},
}

// EnvName is the environment variable of a key: NEXUS_AGENT_ + the key in
// upper case with dots as underscores (database.url → NEXUS_AGENT_DATABASE_URL).
func EnvName(k string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(k, ".", "_"))
}

// FlagName is the command-line flag of a key: dots and underscores as dashes
// (database.url → --database-url).
func FlagName(k string) string {
	return strings.NewReplacer(".", "-", "_", "-").Replace(k)
}

func lookupKey(name string) (key, bool) {
	for _, k := range Keys {
		if k.name == name {
			return k, true
		}
	}
	return key{}, false
}

// Load builds the configuration: defaults, then the file (if it exists;
// path "" means <home>/agent.toml), then the environment (env: os.Environ
// style "K=V"), then flags (name → value, for the flags the user set), then
// Validate. home must be set.
func Load(home, path string, env []string, flags map[string]string) (Config, error) {
	c := Default()
	c.Home = home
	if path == "" {
		path = filepath.Join(home, FileName)
	}
	if b, err := os.ReadFile(path); err == nil {
		if err := decodeFile(&c, b); err != nil {
			return Config{}, fmt.Errorf("config file %s: %w", path, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return Config{}, fmt.Errorf("config file %s: %w", path, err)
	}
	for _, kv := range env {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, EnvPrefix) || notKeys[name] {
			continue
		}
		k, found := keyByEnv(name)
		if !found {
			return Config{}, &Error{Key: name, Value: value, Rule: "unknown variable; known: " + strings.Join(envNames(), ", "), Source: "env"}
		}
		if err := k.set(&c, value); err != nil {
			return Config{}, &Error{Key: k.name, Value: value, Rule: err.Error(), Source: "env " + name}
		}
	}
	names := make([]string, 0, len(flags))
	for n := range flags {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		k, found := lookupKey(n)
		if !found {
			return Config{}, &Error{Key: n, Value: flags[n], Rule: "unknown key"}
		}
		if err := k.set(&c, flags[n]); err != nil {
			return Config{}, &Error{Key: k.name, Value: flags[n], Rule: err.Error(), Source: "flag --" + FlagName(n)}
		}
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

func keyByEnv(name string) (key, bool) {
	for _, k := range Keys {
		if EnvName(k.name) == name {
			return k, true
		}
	}
	return key{}, false
}

func envNames() []string {
	out := make([]string, 0, len(Keys))
	for _, k := range Keys {
		out = append(out, EnvName(k.name))
	}
	return out
}

// decodeFile decodes TOML over c, refusing unknown keys (a typo must not be
// silently ignored).
func decodeFile(c *Config, b []byte) error {
	dec := toml.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		var sme *toml.StrictMissingError
		if errors.As(err, &sme) {
			return fmt.Errorf("unknown key(s):\n%s", sme.String())
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return fmt.Errorf("line %d, column %d: %s", row, col, de.Error())
		}
		return err
	}
	return nil
}

// ParseNodes parses "rpc|grpc,rpc|grpc".
func ParseNodes(v string) ([]Node, error) {
	var out []Node
	for _, part := range splitList(v) {
		rpc, grpc, ok := strings.Cut(part, "|")
		if !ok {
			return nil, fmt.Errorf("%q: want RPC|GRPC, e.g. http://127.0.0.1:26657|127.0.0.1:9090", part)
		}
		out = append(out, Node{RPC: strings.TrimSpace(rpc), GRPC: strings.TrimSpace(grpc)})
	}
	return out, nil
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Validate checks every key. The first broken rule is returned as an *Error.
func (c Config) Validate() error {
	bad := func(k, v, rule string) error { return &Error{Key: k, Value: v, Rule: rule} }
	if c.ChainID == "" {
		return bad("chain_id", c.ChainID, "must not be empty")
	}
	if len(c.Nodes) == 0 {
		return bad("node", "", "at least one endpoint is required ([[node]] rpc = ..., grpc = ...)")
	}
	for i, n := range c.Nodes {
		u, err := url.Parse(n.RPC)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tcp") || u.Host == "" {
			return bad(fmt.Sprintf("node[%d].rpc", i), n.RPC, "must be an http://, https:// or tcp:// URL with host:port")
		}
		if _, port, err := net.SplitHostPort(n.GRPC); err != nil || port == "" {
			return bad(fmt.Sprintf("node[%d].grpc", i), n.GRPC, "must be host:port")
		}
	}
	switch c.Keyring.Backend {
	case "test", "file", "os":
	default:
		return bad("keyring.backend", c.Keyring.Backend, "must be test, file or os")
	}
	if c.Keyring.Key == "" {
		return bad("keyring.key", c.Keyring.Key, "must name a key")
	}
	if c.Keyring.Dir == "" {
		return bad("keyring.dir", c.Keyring.Dir, "must not be empty")
	}
	if _, _, err := ParseDatabaseURL(c.Database.URL); err != nil {
		return bad("database.url", c.Database.URL, err.Error())
	}
	if _, port, err := net.SplitHostPort(c.API.Listen); err != nil || port == "" {
		return bad("api.listen", c.API.Listen, "must be host:port (e.g. 127.0.0.1:8731)")
	}
	if c.Perceive.StartHeight < 0 {
		return bad("perceive.start_height", strconv.FormatInt(c.Perceive.StartHeight, 10), "must be 0 or a positive height")
	}
	if c.Perceive.StallTimeout.Duration < time.Second {
		return bad("perceive.stall_timeout", c.Perceive.StallTimeout.String(), "must be at least 1s")
	}
	if c.Perceive.FetchWindow < 1 || c.Perceive.FetchWindow > 256 {
		return bad("perceive.fetch_window", strconv.Itoa(c.Perceive.FetchWindow), "must be 1..256")
	}
	gp, err := sdk.ParseDecCoin(c.Act.GasPrice)
	if err != nil || !gp.IsPositive() {
		return bad("act.gas_price", c.Act.GasPrice, "must be a positive decimal coin, e.g. 0.001uazr")
	}
	if c.Act.GasAdjustment < 1 || c.Act.GasAdjustment > 10 {
		return bad("act.gas_adjustment", strconv.FormatFloat(c.Act.GasAdjustment, 'f', -1, 64), "must be 1..10")
	}
	if c.Act.BatchSize < 1 || c.Act.BatchSize > 1000 {
		return bad("act.batch_size", strconv.Itoa(c.Act.BatchSize), "must be 1..1000 (and at most x/mesh's max_batch_size)")
	}
	if c.Act.TimeoutBlocks < 2 || c.Act.TimeoutBlocks > 10_000 {
		return bad("act.timeout_blocks", strconv.FormatInt(c.Act.TimeoutBlocks, 10), "must be 2..10000")
	}
	if c.Act.MaxAttempts < 1 || c.Act.MaxAttempts > 100 {
		return bad("act.max_attempts", strconv.Itoa(c.Act.MaxAttempts), "must be 1..100")
	}
	if c.Act.PollInterval.Duration < 50*time.Millisecond || c.Act.PollInterval.Duration > time.Minute {
		return bad("act.poll_interval", c.Act.PollInterval.String(), "must be 50ms..1m")
	}
	for i, t := range c.Governor.AllowedMsgTypes {
		if !strings.HasPrefix(t, "/") || strings.ContainsAny(t, " \t") {
			return bad(fmt.Sprintf("governor.allowed_msg_types[%d]", i), t, "must be a message type URL such as /azora.mesh.v1.MsgSubmitFeedbackBatch")
		}
	}
	if c.Governor.MaxActionsPerHour < 0 {
		return bad("governor.max_actions_per_hour", strconv.Itoa(c.Governor.MaxActionsPerHour), "must be 0 or more")
	}
	if c.Governor.MaxValuePerDay != "" {
		if _, err := sdk.ParseCoinsNormalized(c.Governor.MaxValuePerDay); err != nil {
			return bad("governor.max_value_per_day", c.Governor.MaxValuePerDay, "must be coins such as 1000000uazr, or empty for none")
		}
	}
	if c.Plan.Feedback.Enabled && !validModel(c.Plan.Feedback.Model) {
		return bad("plan.feedback.model", c.Plan.Feedback.Model, "must match [a-z0-9][a-z0-9._-]{0,63} (an x/mesh model name)")
	}
	if d := c.Plan.Develop; d.Enabled {
		switch {
		case d.EveryBlocks < 1:
			return bad("plan.develop.every_blocks", strconv.FormatInt(d.EveryBlocks, 10), "must be at least 1")
		case d.Bucket.Duration < time.Second:
			return bad("plan.develop.bucket", d.Bucket.String(), "must be at least 1s")
		case d.Season < 1 || d.Season > 10_000:
			return bad("plan.develop.season", strconv.Itoa(d.Season), "must be 1..10000")
		case d.Window < d.Season || d.Window > 100_000:
			return bad("plan.develop.window", strconv.Itoa(d.Window), fmt.Sprintf("must be plan.develop.season (%d)..100000", d.Season))
		case d.Horizon < 1 || d.Horizon > 10_000:
			return bad("plan.develop.horizon", strconv.Itoa(d.Horizon), "must be 1..10000")
		case d.AnomalyWindow.Duration <= 0:
			return bad("plan.develop.anomaly_window", d.AnomalyWindow.String(), "must be positive")
		case d.AnomalyHistory.Duration < d.AnomalyWindow.Duration:
			return bad("plan.develop.anomaly_history", d.AnomalyHistory.String(), "must be at least plan.develop.anomaly_window")
		case d.MaxAnalyses < 0 || d.MaxAnalyses > 100:
			return bad("plan.develop.max_analyses", strconv.Itoa(d.MaxAnalyses), "must be 0..100")
		}
	}
	if c.Plan.Reconcile.MaxEntries < 0 {
		return bad("plan.reconcile.max_entries", strconv.Itoa(c.Plan.Reconcile.MaxEntries), "must be 0 or more")
	}
	if f := c.Plan.Reconcile.TrustGenesis; f != "" {
		if st, err := os.Stat(f); err != nil || st.IsDir() {
			return bad("plan.reconcile.trust_genesis", f, "must be a readable genesis file (or empty: the genesis the first node serves)")
		}
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return bad("log.level", c.Log.Level, "must be debug, info, warn or error")
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return bad("log.format", c.Log.Format, "must be text or json")
	}
	return nil
}

func validModel(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
		if !alnum && (i == 0 || (c != '.' && c != '_' && c != '-')) {
			return false
		}
	}
	return true
}

// ParseDatabaseURL returns the engine ("sqlite" or "postgres") and the
// driver's data source: a file path for SQLite, the URL for PostgreSQL.
func ParseDatabaseURL(s string) (engine, dsn string, err error) {
	switch {
	case strings.HasPrefix(s, "sqlite://"):
		p := strings.TrimPrefix(s, "sqlite://")
		if p == "" {
			return "", "", errors.New("sqlite:// needs a file, e.g. sqlite://agent.db")
		}
		return "sqlite", p, nil
	case strings.HasPrefix(s, "postgres://"), strings.HasPrefix(s, "postgresql://"):
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return "", "", errors.New("must be postgres://user[:password]@host:port/database[?sslmode=disable]")
		}
		return "postgres", s, nil
	default:
		return "", "", errors.New("must start with sqlite:// or postgres://")
	}
}

// Path resolves p against home; "~/" is the user's home directory.
func (c Config) Path(p string) string {
	if strings.HasPrefix(p, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, p[2:])
		}
	}
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Home, p)
}

// DatabaseDSN returns the engine and the data source, with a relative
// SQLite file placed in the home.
func (c Config) DatabaseDSN() (engine, dsn string) {
	engine, dsn, _ = ParseDatabaseURL(c.Database.URL)
	if engine == "sqlite" {
		dsn = c.Path(dsn)
	}
	return engine, dsn
}

// Encode writes c as TOML (used by `nexus-agent init`; the example file
// carries the comments).
func (c Config) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := toml.NewEncoder(&buf)
	enc.SetIndentTables(true)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
