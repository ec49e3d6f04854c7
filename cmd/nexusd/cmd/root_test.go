package cmd_test

import (
	"strings"
	"testing"

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
		"q upgrade plan", "q consensus params",
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
