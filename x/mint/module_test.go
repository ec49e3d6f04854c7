package mint_test

import (
	"testing"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"

	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/azora-os/nexus/x/mint"
	"github.com/azora-os/nexus/x/mint/types"
)

func TestDefaultGenesisValidates(t *testing.T) {
	am := mint.AppModule{}
	cdc := moduletestutil.MakeTestEncodingConfig(am).Codec
	bz := am.DefaultGenesis(cdc)
	require.JSONEq(t, `{"params":{"max_supply":"10000000000000000"},"a_tokens":[],"treasurers":[]}`, string(bz))

	var gs types.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(bz, &gs))
	require.Equal(t, *types.DefaultGenesis(), gs)
	require.Error(t, am.ValidateGenesis(cdc, nil, []byte(`{"params":`)), "malformed JSON")
}

// TestAutoCLICoversEveryRPC checks that every Msg and Query RPC of x/mint has
// an autocli command, and that authority-gated Msgs are gov proposals.
func TestAutoCLICoversEveryRPC(t *testing.T) {
	opts := mint.AppModule{}.AutoCLIOptions()
	for _, svc := range []struct {
		name     string
		commands map[string]bool // rpc → GovProposal
	}{
		{"azora.mint.v1.Msg", govFlags(opts.Tx.RpcCommandOptions)},
		{"azora.mint.v1.Query", govFlags(opts.Query.RpcCommandOptions)},
	} {
		d, err := gogoproto.HybridResolver.FindDescriptorByName(protoreflect.FullName(svc.name))
		require.NoError(t, err)
		methods := d.(protoreflect.ServiceDescriptor).Methods()
		require.Equal(t, methods.Len(), len(svc.commands), "%s: one command per RPC", svc.name)
		for i := 0; i < methods.Len(); i++ {
			m := methods.Get(i)
			gov, ok := svc.commands[string(m.Name())]
			require.True(t, ok, "%s/%s has no autocli command", svc.name, m.Name())
			signer := ""
			if in := m.Input(); in.Fields().ByName("authority") != nil {
				signer = "authority"
			}
			require.Equal(t, signer == "authority", gov, "%s/%s: GovProposal must be set exactly on authority-gated Msgs", svc.name, m.Name())
		}
	}
}

func govFlags(cmds []*autocliv1.RpcCommandOptions) map[string]bool {
	out := map[string]bool{}
	for _, c := range cmds {
		out[c.RpcMethod] = c.GovProposal
	}
	return out
}
