package system

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// TestMain builds nexusd once and shares it across every system test.
func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		// System tests start real processes; `go test -short` skips them by
		// not building the binary (each test checks testing.Short()).
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "nexusd-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary, err = BuildBinary(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	if runIncludes("TestUpgradeV2UnderCosmovisor") {
		startUpgradeBuild()
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	if upgradeBuild.done != nil {
		<-upgradeBuild.done
		_ = os.RemoveAll(upgradeBuild.dir)
	}
	os.Exit(code)
}

// requireSystem skips the test under -short.
func requireSystem(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("system test: starts real nexusd processes")
	}
}
