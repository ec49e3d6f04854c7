package ledger_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"

	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/ledger"
	"github.com/azora-os/nexus/x/ledger/client/cli"
	"github.com/azora-os/nexus/x/ledger/types"
)

func TestDefaultGenesisValidates(t *testing.T) {
	am := ledger.AppModule{}
	cdc := moduletestutil.MakeTestEncodingConfig(am).Codec
	bz := am.DefaultGenesis(cdc)
	require.NoError(t, am.ValidateGenesis(cdc, nil, bz))
	var gs types.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(bz, &gs))
	require.Equal(t, types.DefaultParams(), gs.Params)
	require.Nil(t, gs.Reconciliation)
	require.Error(t, am.ValidateGenesis(cdc, nil, []byte(`{"params":`)), "malformed JSON")
}

// TestAutoCLICoversEveryRPC checks that every Msg and Query RPC has a
// command (autocli, or hand-written for Statement), and that exactly the
// authority-gated Msgs are gov proposals.
func TestAutoCLICoversEveryRPC(t *testing.T) {
	opts := ledger.AppModule{}.AutoCLIOptions()
	for _, svc := range []struct {
		name     string
		commands map[string]*autocliv1.RpcCommandOptions
	}{
		{"azora.ledger.v1.Msg", byMethod(opts.Tx.RpcCommandOptions)},
		{"azora.ledger.v1.Query", byMethod(opts.Query.RpcCommandOptions)},
	} {
		d, err := gogoproto.HybridResolver.FindDescriptorByName(protoreflect.FullName(svc.name))
		require.NoError(t, err)
		methods := d.(protoreflect.ServiceDescriptor).Methods()
		require.Equal(t, methods.Len(), len(svc.commands), "%s: one entry per RPC", svc.name)
		for i := 0; i < methods.Len(); i++ {
			m := methods.Get(i)
			c, ok := svc.commands[string(m.Name())]
			require.True(t, ok, "%s/%s has no command", svc.name, m.Name())
			authority := m.Input().Fields().ByName("authority") != nil
			require.Equal(t, authority, c.GovProposal, "%s/%s", svc.name, m.Name())
		}
	}
	// The skipped Statement is the hand-written command.
	names := map[string]bool{}
	for _, c := range cli.GetQueryCmd().Commands() {
		names[c.Name()] = true
	}
	require.True(t, names["statement"] && names["verify-checkpoint"])
}

func byMethod(cmds []*autocliv1.RpcCommandOptions) map[string]*autocliv1.RpcCommandOptions {
	out := map[string]*autocliv1.RpcCommandOptions{}
	for _, c := range cmds {
		out[c.RpcMethod] = c
	}
	return out
}

func TestPrintStatement(t *testing.T) {
	uazr := func(n int64) sdk.Coins { return sdk.NewCoins(sdk.NewInt64Coin("uazr", n)) }
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	res := &types.QueryStatementResponse{
		Address: "azora1me",
		Lines: []types.StatementLine{
			{Direction: types.DirectionOut, Counterparty: "azora1shop", Entry: types.JournalEntry{Sequence: 9, Height: 40, Time: at, Coins: uazr(1000), Fee: uazr(50), Reference: "INV-1", MsgType: "/azora.ledger.v1.MsgTransfer"}},
			{Direction: types.DirectionIn, Counterparty: "azora1boss", Entry: types.JournalEntry{Sequence: 3, Height: 12, Time: at, Coins: uazr(5000)}},
		},
		Pagination: &query.PageResponse{NextKey: []byte{1}},
	}
	var b bytes.Buffer
	require.NoError(t, cli.PrintStatement(&b, res, false))
	out := b.String()
	for _, want := range []string{
		"Statement of azora1me (2 entries shown, newest first)",
		"-1050uazr", "+5000uazr", "INV-1", "2026-03-01 10:00:00", "more: --page-key AQ==",
	} {
		require.Contains(t, out, want)
	}
	require.Equal(t, 5, strings.Count(out, "\n"), out)
}
