package forge_test

import (
	"testing"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/azora-os/nexus/x/forge"
	"github.com/azora-os/nexus/x/forge/types"
)

func TestDefaultGenesisValidates(t *testing.T) {
	am := forge.AppModule{}
	cdc := moduletestutil.MakeTestEncodingConfig(am).Codec
	bz := am.DefaultGenesis(cdc)
	require.JSONEq(t, `{
		"params":{"max_expiries_per_block":200,"order_ttl":"1209600s","max_listing_duration":"31536000s","closed_order_retention":"2592000s","dispute_ttl":"2592000s"},
		"roles":[],"next_asset_id":"1","next_listing_id":"1","assets":[],"listings":[],"orders":[],"escrows":[]
	}`, string(bz))

	var gs types.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(bz, &gs))
	require.Equal(t, *types.DefaultGenesis(), gs)
	require.NoError(t, gs.Validate(address.NewBech32Codec("azora")))
	require.Error(t, am.ValidateGenesis(cdc, nil, []byte(`{"params":`)), "malformed JSON")
}

// TestAutoCLICoversEveryRPC checks that every Msg and Query RPC of x/forge
// has an autocli command, and that exactly the authority-gated Msgs are gov
// proposals.
func TestAutoCLICoversEveryRPC(t *testing.T) {
	opts := forge.AppModule{}.AutoCLIOptions()
	for _, svc := range []struct {
		name     string
		commands map[string]bool // rpc → GovProposal
	}{
		{"azora.forge.v1.Msg", govFlags(opts.Tx.RpcCommandOptions)},
		{"azora.forge.v1.Query", govFlags(opts.Query.RpcCommandOptions)},
	} {
		d, err := gogoproto.HybridResolver.FindDescriptorByName(protoreflect.FullName(svc.name))
		require.NoError(t, err)
		methods := d.(protoreflect.ServiceDescriptor).Methods()
		require.Equal(t, methods.Len(), len(svc.commands), "%s: one command per RPC", svc.name)
		for i := 0; i < methods.Len(); i++ {
			m := methods.Get(i)
			gov, ok := svc.commands[string(m.Name())]
			require.True(t, ok, "%s/%s has no autocli command", svc.name, m.Name())
			authority := m.Input().Fields().ByName("authority") != nil
			require.Equal(t, authority, gov, "%s/%s: GovProposal must be set exactly on authority-gated Msgs", svc.name, m.Name())
		}
	}
}

// TestAminoNames: every Msg signs with Amino JSON (Ledger) under a name of
// at most 39 characters.
func TestAminoNames(t *testing.T) {
	cdc := codec.NewLegacyAmino()
	types.RegisterLegacyAminoCodec(cdc)
	for _, msg := range []any{
		&types.MsgUpdateParams{}, &types.MsgGrantRole{}, &types.MsgRevokeRole{}, &types.MsgRegisterAsset{},
		&types.MsgTransferAsset{}, &types.MsgRecordHandover{}, &types.MsgCreateListing{}, &types.MsgUpdateListing{},
		&types.MsgWithdrawListing{}, &types.MsgPlaceOrder{}, &types.MsgAcceptOrder{}, &types.MsgConfirmDelivery{},
		&types.MsgCancelOrder{}, &types.MsgOpenDispute{}, &types.MsgResolveDispute{},
	} {
		bz, err := cdc.MarshalJSON(msg)
		require.NoError(t, err)
		require.Contains(t, string(bz), `"type":"azora/forge/Msg`)
	}
}

func govFlags(cmds []*autocliv1.RpcCommandOptions) map[string]bool {
	out := map[string]bool{}
	for _, c := range cmds {
		out[c.RpcMethod] = c.GovProposal
	}
	return out
}
