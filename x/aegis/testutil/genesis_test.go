package testutil_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	aegistestutil "github.com/azora-os/nexus/x/aegis/testutil"
	"github.com/azora-os/nexus/x/aegis/types"
)

func TestGenesisHelpers(t *testing.T) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	alice := sdk.AccAddress([]byte("alice_______________")).String()
	bob := sdk.AccAddress([]byte("bob_________________")).String()
	pool := authtypes.NewModuleAddress("bonded_tokens_pool").String()

	// Whole-app genesis (apptesting).
	app := map[string]json.RawMessage{}
	require.NoError(t, aegistestutil.VerifyInAppGenesis(cdc, app, types.TierInstitutional, alice))
	var gs types.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(app[types.ModuleName], &gs))
	require.Len(t, gs.Standings, 1)
	require.True(t, gs.Standings[0].Eligible())
	require.Error(t, aegistestutil.VerifyInAppGenesis(cdc, app, "no-such-tier", bob))

	// Decoded JSON genesis (system-test harness).
	var aegisJSON map[string]any
	require.NoError(t, json.Unmarshal(cdc.MustMarshalJSON(types.DefaultGenesis()), &aegisJSON))
	appState := map[string]any{
		types.ModuleName: aegisJSON,
		"auth": map[string]any{"accounts": []any{
			map[string]any{"@type": "/cosmos.auth.v1beta1.ModuleAccount", "base_account": map[string]any{"address": pool}},
		}},
		"bank": map[string]any{"balances": []any{
			map[string]any{"address": bob}, map[string]any{"address": alice}, map[string]any{"address": pool},
		}},
	}
	addrs, err := aegistestutil.VerifyAllAccountsJSON(appState, types.TierInstitutional)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{alice, bob}, addrs)
	require.NoError(t, aegistestutil.GrantRoleJSON(appState, "officer", alice))
	require.NoError(t, aegistestutil.GrantRoleJSON(appState, "ROLE_ATTESTER", bob))
	require.Error(t, aegistestutil.GrantRoleJSON(appState, "king", bob))
	require.Error(t, aegistestutil.GrantRoleJSON(appState, "unspecified", bob))

	bz, err := json.Marshal(appState[types.ModuleName])
	require.NoError(t, err)
	var out types.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(bz, &out))
	require.NoError(t, out.Validate())
	require.Len(t, out.Standings, 2)
	require.Len(t, out.Roles, 2)
}
