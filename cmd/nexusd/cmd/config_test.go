package cmd

import (
	"path/filepath"
	"testing"

	"github.com/spf13/viper"
)

// TestConfigExampleIsValid loads config.toml.example the way CometBFT loads
// config.toml and checks that it validates and agrees with `nexusd init`.
func TestConfigExampleIsValid(t *testing.T) {
	v := viper.New()
	v.SetConfigFile(filepath.Join("..", "..", "..", "config.toml.example"))
	v.SetConfigType("toml")
	if err := v.ReadInConfig(); err != nil {
		t.Fatal(err)
	}
	cfg := initCometBFTConfig()
	if err := v.Unmarshal(cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.ValidateBasic(); err != nil {
		t.Fatalf("config.toml.example does not validate: %v", err)
	}

	init := initCometBFTConfig()
	if cfg.Consensus.TimeoutCommit != init.Consensus.TimeoutCommit {
		t.Errorf("timeout_commit: example %s, nexusd init %s", cfg.Consensus.TimeoutCommit, init.Consensus.TimeoutCommit)
	}
	if cfg.Consensus.TimeoutPropose != init.Consensus.TimeoutPropose {
		t.Errorf("timeout_propose: example %s, nexusd init %s", cfg.Consensus.TimeoutPropose, init.Consensus.TimeoutPropose)
	}
	if cfg.TxIndex.Indexer != "kv" || !cfg.Instrumentation.Prometheus || cfg.Instrumentation.Namespace != "nexus" {
		t.Errorf("example disagrees with nexusd init on indexer/prometheus: %+v %+v", cfg.TxIndex, cfg.Instrumentation)
	}
	if cfg.RPC.PprofListenAddress != init.RPC.PprofListenAddress {
		t.Errorf("pprof_laddr: example %q, nexusd init %q", cfg.RPC.PprofListenAddress, init.RPC.PprofListenAddress)
	}
	if cfg.Mempool.MaxTxBytes != 262144 || cfg.Consensus.DoubleSignCheckHeight != 0 {
		t.Errorf("validator settings not read: max_tx_bytes=%d double_sign_check_height=%d",
			cfg.Mempool.MaxTxBytes, cfg.Consensus.DoubleSignCheckHeight)
	}
}
