package app

import (
	"os"
	"path/filepath"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/movement"
)

// Fixed names of the chain (DESIGN.md §1). Everything that must agree between
// the node, the CLI, the tests and the clients reads them from here.
const (
	// AppName is the baseapp name and the name of the daemon's home folder.
	AppName = "nexus"

	// Bech32Prefix is the human readable part of account addresses.
	Bech32Prefix = "azora"

	// BaseDenom is the native token. Gas and PIVC are paid in it.
	BaseDenom = movement.BaseDenom
	// DisplayDenom is how wallets show BaseDenom (10^6 uazr = 1 AZR).
	DisplayDenom = "AZR"
	// BaseDenomExponent is the exponent between BaseDenom and DisplayDenom.
	BaseDenomExponent = 6

	// BondDenom is the non-transferable voting-power token of validators.
	BondDenom = "ustake"
	// BondDisplayDenom is how wallets show BondDenom.
	BondDisplayDenom = "STAKE"

	// DefaultMinGasPrice is written to app.toml by `nexusd init`.
	DefaultMinGasPrice = "0.001" + BaseDenom
)

var (
	// Bech32PrefixAccPub is the prefix of account public keys.
	Bech32PrefixAccPub = Bech32Prefix + sdk.PrefixPublic
	// Bech32PrefixValAddr is the prefix of validator operator addresses.
	Bech32PrefixValAddr = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixOperator
	// Bech32PrefixValPub is the prefix of validator operator public keys.
	Bech32PrefixValPub = Bech32PrefixValAddr + sdk.PrefixPublic
	// Bech32PrefixConsAddr is the prefix of consensus node addresses.
	Bech32PrefixConsAddr = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixConsensus
	// Bech32PrefixConsPub is the prefix of consensus node public keys.
	Bech32PrefixConsPub = Bech32PrefixConsAddr + sdk.PrefixPublic

	// DefaultNodeHome is ~/.nexus, overridden by --home.
	DefaultNodeHome string
)

func init() {
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	DefaultNodeHome = filepath.Join(home, "."+AppName)

	setConfigScope()
	SetAddressConfig()
	sdk.DefaultBondDenom = BondDenom
}

// setConfigScope names the scope of the SDK's global config
// (COSMOS_SDK_CONFIG_SCOPE) unless the environment already does. Without it,
// SDK v0.54.4's sdk.GetConfig() rebuilds its registry key on every call
// from os.Executable (a readlink of /proc/self/exe), os.Hostname (an open
// and read of /proc/sys/kernel/hostname) and the pid — and every
// AccAddressFromBech32 calls it, several times per transaction in the
// SDK's own ante handlers. Measured under load that was ~10% of a node's
// CPU, 0.28 ms per committed transfer (docs/performance.md). Within one
// process the key is constant either way, so naming it changes nothing but
// the cost: every GetConfig in the process still returns the same Config.
// It must run before the first GetConfig that configures anything, which
// is SetAddressConfig just below (no package nexusd imports sets a prefix
// or seals the config in its init).
func setConfigScope() {
	if os.Getenv(sdk.EnvConfigScope) == "" {
		_ = os.Setenv(sdk.EnvConfigScope, AppName)
	}
}

// SetAddressConfig installs the azora bech32 prefixes in the SDK's global
// config. It is idempotent and safe to call before the config is sealed.
func SetAddressConfig() {
	cfg := sdk.GetConfig()
	if cfg.GetBech32AccountAddrPrefix() == Bech32Prefix {
		return
	}
	cfg.SetBech32PrefixForAccount(Bech32Prefix, Bech32PrefixAccPub)
	cfg.SetBech32PrefixForValidator(Bech32PrefixValAddr, Bech32PrefixValPub)
	cfg.SetBech32PrefixForConsensusNode(Bech32PrefixConsAddr, Bech32PrefixConsPub)
}
