package types_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/pivc/types"
)

// ToEvent must produce exactly what EmitTypedEvent produces, so clients that
// parse typed events (sdk.ParseTypedEvent, CosmJS) see no difference.
func TestEventFeeCapturedToEvent(t *testing.T) {
	big, _ := math.NewIntFromString("115792089237316195423570985008687907853269984665640564039457584007913129639935")
	cases := []*types.EventFeeCaptured{
		types.NewEventFeeCaptured(addr(1), addr(2), types.SourceTransfer, coins("uazr", 1000), coins("uazr", 50), coins("uazr", 30), coins("uazr", 20)),
		types.NewEventFeeCaptured(addr(1), nil, "forge", nil, coins("uazr", 50), coins("uazr", 30), nil),
		{Payer: addr(3).String(), Source: `we"ird<&>\ é`, Amount: sdk.NewCoins(sdk.NewInt64Coin("a/kaya", 21), sdk.NewCoin("uazr", big)), Fee: sdk.Coins{}},
		{},
	}
	for i, ev := range cases {
		want, err := sdk.TypedEventToEvent(ev)
		require.NoError(t, err)
		got := ev.ToEvent()
		require.Equal(t, want, got, "case %d", i)
		back, err := sdk.ParseTypedEvent(abci.Event(got))
		require.NoError(t, err)
		require.Equal(t, ev.Payer, back.(*types.EventFeeCaptured).Payer)
	}
}
