package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

func TestValidateMinReputation(t *testing.T) {
	require.NoError(t, types.ValidateMinReputation(0))
	require.NoError(t, types.ValidateMinReputation(types.MaxReputation))
	require.ErrorIs(t, types.ValidateMinReputation(types.MaxReputation+1), types.ErrInvalidListing)

	m := &types.MsgCreateListing{Kind: types.ListingKindGoods, Title: "t", Price: sdk.NewInt64Coin("uazr", 1), Quantity: 1, MinBuyerReputation: 1_000_001}
	require.ErrorIs(t, m.ValidateBasic(), types.ErrInvalidListing)
	m.MinBuyerReputation = 1_000_000
	require.NoError(t, m.ValidateBasic())
}

func TestPartyReputationMeets(t *testing.T) {
	unrated := types.PartyReputation{}
	rated := types.PartyReputation{Rated: true, Reputation: 600_000, EmployeeNodes: 1}
	zero := types.PartyReputation{Rated: true, Reputation: 0, EmployeeNodes: 1}
	require.True(t, unrated.Meets(0), "no minimum: anyone")
	require.False(t, unrated.Meets(1), "an unrated party meets no positive minimum")
	require.True(t, rated.Meets(600_000))
	require.False(t, rated.Meets(600_001))
	require.True(t, zero.Meets(0))
	require.False(t, zero.Meets(1))
}
