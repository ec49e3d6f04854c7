package cmd

import (
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"

	serverconfig "github.com/cosmos/cosmos-sdk/server/config"

	"github.com/azora-os/nexus/app"
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

// NexusAppConfig is the app.toml of a Nexus node. It has no sections of its
// own yet; it exists so that modules can add theirs.
type NexusAppConfig struct {
	serverconfig.Config `mapstructure:",squash"`
}

// initAppConfig returns the app.toml template and defaults: REST and gRPC on
// loopback and a non-zero minimum gas price in uazr, so a fresh validator does
// not accept free transactions.
func initAppConfig() (string, any) {
	srv := serverconfig.DefaultConfig()
	srv.MinGasPrices = app.DefaultMinGasPrice
	srv.API.Enable = true
	srv.API.Swagger = true
	srv.API.Address = DefaultAPIAddress
	srv.GRPC.Enable = true
	srv.GRPC.Address = DefaultGRPCAddress

	return serverconfig.DefaultConfigTemplate, NexusAppConfig{Config: *srv}
}
