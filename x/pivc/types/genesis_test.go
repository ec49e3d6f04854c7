package types_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/pivc/types"
)

func addr(i byte) sdk.AccAddress {
	b := make([]byte, 20)
	b[19] = i
	return b
}

func coins(denom string, amt int64) sdk.Coins { return sdk.NewCoins(sdk.NewInt64Coin(denom, amt)) }

func TestParamsValidate(t *testing.T) {
	with := func(f func(*types.Params)) types.Params {
		p := types.DefaultParams()
		f(&p)
		return p
	}
	many := make([]string, types.MaxExemptAddresses+1)
	for i := range many {
		many[i] = sdk.AccAddress(append(make([]byte, 19), byte(i))).String()
	}
	cases := []struct {
		name   string
		params types.Params
		expErr bool
	}{
		{"default", types.DefaultParams(), false},
		{"rate 0 (PIVC off)", with(func(p *types.Params) { p.RateBps = 0 }), false},
		{"rate at max", with(func(p *types.Params) { p.RateBps = types.MaxRateBps }), false},
		{"rate above max", with(func(p *types.Params) { p.RateBps = types.MaxRateBps + 1 }), true},
		{"growth share 100%", with(func(p *types.Params) { p.GrowthShareBps = 10000 }), false},
		{"growth share above 100%", with(func(p *types.Params) { p.GrowthShareBps = 10001 }), true},
		{"epoch 0", with(func(p *types.Params) { p.EpochBlocks = 0 }), true},
		{"epoch 1", with(func(p *types.Params) { p.EpochBlocks = 1 }), false},
		{"epoch above max", with(func(p *types.Params) { p.EpochBlocks = types.MaxEpochBlocks + 1 }), true},
		{"exempt ok", with(func(p *types.Params) { p.ExemptAddresses = []string{addr(1).String(), addr(2).String()} }), false},
		{"exempt duplicate", with(func(p *types.Params) { p.ExemptAddresses = []string{addr(1).String(), addr(1).String()} }), true},
		{"exempt not an address", with(func(p *types.Params) { p.ExemptAddresses = []string{"nope"} }), true},
		{"exempt list too long", with(func(p *types.Params) { p.ExemptAddresses = many }), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.params.Validate()
			if tc.expErr {
				require.ErrorIs(t, err, types.ErrInvalidParams)
				return
			}
			require.NoError(t, err)
		})
	}
}

func TestGenesisValidate(t *testing.T) {
	totals := func(d string, captured, growth, ubo int64) types.DenomTotals {
		return types.DenomTotals{
			Denom: d, Captured: math.NewInt(captured), ToGrowth: math.NewInt(growth), ToUbo: math.NewInt(ubo),
			Claimed: math.ZeroInt(), GrowthSpent: math.ZeroInt(),
		}
	}
	member := func(a sdk.AccAddress, eligible bool, snap, accrued sdk.Coins) types.UBOMember {
		return types.UBOMember{Address: a.String(), Eligible: eligible, IndexSnapshot: snap, Accrued: accrued}
	}
	valid := func() *types.GenesisState {
		gs := types.DefaultGenesis()
		gs.Totals = []types.DenomTotals{totals("a/kaya", 2, 2, 0), totals("uazr", 50, 30, 20)}
		gs.UboIndex = coins("uazr", 10)
		// addr(1): eligible since index 4 → 6 pending; addr(2): not
		// eligible with 3 accrued; total 9.
		gs.UboMembers = []types.UBOMember{
			member(addr(1), true, coins("uazr", 4), sdk.Coins{}),
			member(addr(2), false, sdk.Coins{}, coins("uazr", 3)),
		}
		gs.UboOutstanding = coins("uazr", 9)
		return gs
	}
	cases := []struct {
		name   string
		mut    func(*types.GenesisState)
		expErr string
	}{
		{"default", nil, ""},
		{"valid", func(*types.GenesisState) {}, ""},
		{"bad params", func(gs *types.GenesisState) { gs.Params.EpochBlocks = 0 }, "params"},
		{"totals unsorted", func(gs *types.GenesisState) { gs.Totals[0], gs.Totals[1] = gs.Totals[1], gs.Totals[0] }, "sorted"},
		{"totals duplicate", func(gs *types.GenesisState) { gs.Totals[1] = gs.Totals[0] }, "sorted"},
		{"totals bad denom", func(gs *types.GenesisState) { gs.Totals[0].Denom = "1bad" }, "totals[0]"},
		{"totals do not add up", func(gs *types.GenesisState) { gs.Totals[1].ToUbo = math.NewInt(21) }, "captured"},
		{"totals negative", func(gs *types.GenesisState) {
			gs.Totals[1] = totals("uazr", -1, 0, -1)
		}, "negative"},
		{"totals missing field", func(gs *types.GenesisState) { gs.Totals[1].Claimed = math.Int{} }, "missing"},
		{"index invalid", func(gs *types.GenesisState) {
			gs.UboIndex = sdk.Coins{sdk.Coin{Denom: "uazr", Amount: math.NewInt(-1)}}
		}, "ubo_index"},
		{"outstanding invalid", func(gs *types.GenesisState) {
			gs.UboOutstanding = sdk.Coins{sdk.Coin{Denom: "uazr", Amount: math.NewInt(-1)}}
		}, "ubo_outstanding"},
		{"member bad address", func(gs *types.GenesisState) { gs.UboMembers[0].Address = "nope" }, "address"},
		{"members unsorted", func(gs *types.GenesisState) {
			gs.UboMembers[0], gs.UboMembers[1] = gs.UboMembers[1], gs.UboMembers[0]
		}, "sorted"},
		{"member duplicate", func(gs *types.GenesisState) { gs.UboMembers[1] = gs.UboMembers[0] }, "sorted"},
		{"snapshot above index", func(gs *types.GenesisState) { gs.UboMembers[0].IndexSnapshot = coins("uazr", 11) }, "above the index"},
		{"ineligible with a snapshot", func(gs *types.GenesisState) { gs.UboMembers[1].IndexSnapshot = coins("uazr", 1) }, "must be empty"},
		{"ineligible with nothing accrued", func(gs *types.GenesisState) {
			gs.UboMembers[1].Accrued = sdk.Coins{}
			gs.UboOutstanding = coins("uazr", 6)
		}, "must not be listed"},
		{"outstanding does not match the members", func(gs *types.GenesisState) { gs.UboOutstanding = coins("uazr", 8) }, "does not equal"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs := types.DefaultGenesis()
			if tc.mut != nil {
				gs = valid()
				tc.mut(gs)
			}
			err := gs.Validate()
			if tc.expErr == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.expErr, fmt.Sprint(err))
		})
	}
}

func TestMemberPending(t *testing.T) {
	m := types.UBOMember{Eligible: true, IndexSnapshot: coins("uazr", 4), Accrued: coins("uazr", 3)}
	p, err := m.Pending(coins("uazr", 10))
	require.NoError(t, err)
	require.Equal(t, coins("uazr", 9), p)

	m = types.UBOMember{Eligible: false, Accrued: coins("uazr", 3)}
	p, err = m.Pending(coins("uazr", 100))
	require.NoError(t, err)
	require.Equal(t, coins("uazr", 3), p, "nothing accrues while not eligible")

	m = types.UBOMember{Eligible: true, IndexSnapshot: coins("uazr", 11)}
	_, err = m.Pending(coins("uazr", 10))
	require.ErrorIs(t, err, types.ErrPoolInvariantBroken)
}
