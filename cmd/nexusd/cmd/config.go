package cmd

import (
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"

	serverconfig "github.com/cosmos/cosmos-sdk/server/config"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/metabolism"
)

// Defaults that `nexusd init` writes. Every value that differs from the
// upstream default is explained in config.toml.example.
const (
	// DefaultTimeoutCommit gives ~1 s blocks on a small validator set.
	DefaultTimeoutCommit = 900 * time.Millisecond
	// DefaultAPIAddress is the REST (gRPC-gateway) listen address.
	DefaultAPIAddress = "tcp://127.0.0.1:1317"
	// DefaultGRPCAddress is the gRPC listen address.
	DefaultGRPCAddress = "127.0.0.1:9090"
	// DefaultSnapshotInterval takes a state-sync snapshot every 1000 blocks
	// (about 15 minutes of ~0.9 s blocks), so a new node can join by state
	// sync from any node that kept the defaults (docs/operators.md).
	DefaultSnapshotInterval = 1000
	// DefaultSnapshotKeepRecent keeps the two newest snapshots.
	DefaultSnapshotKeepRecent = 2
	// DefaultTelemetryRetention keeps an app telemetry series on the
	// Prometheus endpoint for 10 minutes after its last update.
	DefaultTelemetryRetention = 600
)

// initCometBFTConfig returns the CometBFT defaults of a Nexus node.
func initCometBFTConfig() *cmtcfg.Config {
	cfg := cmtcfg.DefaultConfig()
	cfg.Consensus.TimeoutCommit = DefaultTimeoutCommit
	cfg.Consensus.TimeoutPropose = 2 * time.Second
	// kv indexing: tx search over REST and CosmJS broadcast polling need it.
	cfg.TxIndex.Indexer = "kv"
	// pprof off by default: its fixed localhost:6060 is one port for every
	// node on a machine, so a second node would fail to start. Operators who
	// profile set rpc.pprof_laddr themselves.
	cfg.RPC.PprofListenAddress = ""
	cfg.Instrumentation.Prometheus = true
	cfg.Instrumentation.Namespace = "nexus"
	return cfg
}

// NexusAppConfig is the app.toml of a Nexus node: the SDK's sections and
// [metabolism].
type NexusAppConfig struct {
	serverconfig.Config `mapstructure:",squash"`

	// Metabolism turns the metabolism exporter on (app/metabolism).
	Metabolism metabolism.Config `mapstructure:"metabolism"`
}

// DefaultIndexEvents are the event attributes a new node's kv tx indexer
// indexes (app.toml index-events), the ones wallets, explorers and the CLI
// search transactions by: CosmJS's searchTx "sent from or to"
// (message.sender, transfer.recipient), the other side of a transfer
// (transfer.sender), transactions by message type (message.action), and
// `nexusd q tx --type acc_seq|signature` (tx.acc_seq, tx.signature).
// Lookups by hash and by height (tx.hash, tx.height) are CometBFT's own and
// always work. Indexing every attribute (index-events = []) cost Nexus
// 0.26 ms of CPU per transfer against 0.14 ms for a stock chain (a transfer
// carries the PIVC moves' events too) and the tx index's compactions on
// top; docs/performance.md has the measurement. A node that serves an
// explorer or an indexer searching other attributes sets index-events = []
// (all) or its own list; docs/operators.md says how.
var DefaultIndexEvents = []string{
	"message.action", "message.sender", "transfer.recipient", "transfer.sender", "tx.acc_seq", "tx.signature",
}

// initAppConfig returns the app.toml template and defaults: REST and gRPC on
// loopback; a non-zero minimum gas price in uazr, so a fresh validator does
// not accept free transactions; state-sync snapshots every
// DefaultSnapshotInterval blocks; app telemetry and the metabolism metrics
// on, exported with CometBFT's on the Prometheus port (config.toml
// instrumentation.prometheus_listen_addr).
func initAppConfig() (string, any) {
	srv := serverconfig.DefaultConfig()
	srv.MinGasPrices = app.DefaultMinGasPrice
	srv.API.Enable = true
	srv.API.Swagger = true
	srv.API.Address = DefaultAPIAddress
	srv.GRPC.Enable = true
	srv.GRPC.Address = DefaultGRPCAddress
	// With block-executor = "block-stm", estimate each tx's writes before
	// the parallel run (what Nexus's own BlockSTM set-up always did before
	// it moved to the SDK's baseapp/blockexec).
	srv.BlockSTMPreEstimate = true
	// Index only the event attributes wallets and explorers search by
	// (DefaultIndexEvents); every event is still in the stored result of
	// its transaction and in every websocket subscription.
	srv.IndexEvents = DefaultIndexEvents
	srv.StateSync.SnapshotInterval = DefaultSnapshotInterval
	srv.StateSync.SnapshotKeepRecent = DefaultSnapshotKeepRecent
	// App telemetry: the SDK's series (tx counts, gas, block phases) with a
	// Prometheus sink, which CometBFT's instrumentation server serves beside
	// its own and the metabolism series (all three use the default
	// Prometheus registry). Prefixed "nexusd_" so they never collide with
	// CometBFT's "nexus_" namespace.
	// The SDK marks [telemetry] deprecated in favour of OpenTelemetry (an
	// otel.yaml in the node's config); in v0.54 it is still what exports the
	// SDK's series to Prometheus, so the nolints stay until that moves.
	srv.Telemetry.Enabled = true                                      //nolint:staticcheck // see above
	srv.Telemetry.ServiceName = "nexusd"                              //nolint:staticcheck // see above
	srv.Telemetry.PrometheusRetentionTime = DefaultTelemetryRetention //nolint:staticcheck // see above

	return serverconfig.DefaultConfigTemplate + metabolism.ConfigTemplate,
		NexusAppConfig{Config: *srv, Metabolism: metabolism.DefaultConfig()}
}
