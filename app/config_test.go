package app_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/app"
)

// TestConfigScopeNamed pins the config scope that keeps sdk.GetConfig()
// off the filesystem (app/config.go setConfigScope): importing app names
// it, and the config every GetConfig returns is the one carrying Nexus's
// prefixes, so addresses still encode and decode with them.
func TestConfigScopeNamed(t *testing.T) {
	require.NotEmpty(t, os.Getenv(sdk.EnvConfigScope), "app's init must name the SDK config scope")
	cfg := sdk.GetConfig()
	require.Same(t, cfg, sdk.GetConfig())
	require.Equal(t, app.Bech32Prefix, cfg.GetBech32AccountAddrPrefix())
	require.Equal(t, app.Bech32PrefixValAddr, cfg.GetBech32ValidatorAddrPrefix())

	addr := sdk.AccAddress([]byte("nexus-config-scope-1"))
	back, err := sdk.AccAddressFromBech32(addr.String())
	require.NoError(t, err)
	require.Equal(t, addr, back)
	require.Regexp(t, "^"+app.Bech32Prefix+"1", addr.String())
}

// BenchmarkGetConfig measures the lookup the scope makes cheap (without
// it: a readlink and a file read per call).
func BenchmarkGetConfig(b *testing.B) {
	for b.Loop() {
		_ = sdk.GetConfig()
	}
}
