//go:build sims

package app

import (
	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	forgekeeper "github.com/azora-os/nexus/x/forge/keeper"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
)

// The invariants the simulation checks after blocks (simConfig.
// InvariantsEvery) and at the end of every run:
//
//   - conservation of supply: every denom's supply is the sum of all
//     balances (module accounts, pools and escrow included), and differs
//     from the genesis supply exactly by what x/mint's events say was
//     minted and burned;
//   - pools = totals (x/pivc): the growth pool holds what was captured for
//     growth less what the authority spent, the UBO pool what was captured
//     for UBO less what was claimed, and covers every allocated claim; the
//     exported x/pivc state validates;
//   - escrow = open orders (x/forge): every open order has exactly one
//     escrow, of its amount and PIVC, and no closed or unknown order has
//     one; the escrow account holds exactly their sum, and the folded
//     escrow totals (the EscrowTotals query) agree;
//   - journal chain intact (x/ledger): the exported journal validates
//     (consecutive sequences, each entry chained to the previous one's
//     hash, checkpoints linked and recomputing), and no checkpoint ever
//     emitted EventReconciliationFailed (checkBlockEvents).

// queryContext is a read context on a branch of the committed state.
func (s *simRun) queryContext() sdk.Context {
	header := cmtproto.Header{ChainID: simChainID, Height: s.height, Time: s.blockTime}
	return sdk.NewContext(s.app.CommitMultiStore().CacheMultiStore(), header, false, log.NewNopLogger())
}

func (s *simRun) checkInvariants() {
	ctx := s.queryContext()
	s.checkSupply(ctx)
	s.checkPools(ctx)
	s.checkEscrow(ctx)
	s.checkJournal(ctx)
}

func (s *simRun) checkSupply(ctx sdk.Context) {
	bk := s.app.BankKeeper
	balances := sdk.NewCoins()
	bk.IterateAllBalances(ctx, func(_ sdk.AccAddress, c sdk.Coin) bool {
		balances = balances.Add(c)
		return false
	})
	supply := sdk.NewCoins()
	bk.IterateTotalSupply(ctx, func(c sdk.Coin) bool {
		supply = supply.Add(c)
		return false
	})
	require.True(s.t, balances.Equal(supply), "block %d: Σ balances %s != supply %s", s.height, balances, supply)

	expected, negative := s.supplyStart.Add(s.minted...).SafeSub(s.burned...)
	require.False(s.t, negative, "block %d: more burned (%s) than existed", s.height, s.burned)
	require.True(s.t, expected.Equal(supply),
		"block %d: supply %s != genesis %s + minted %s - burned %s", s.height, supply, s.supplyStart, s.minted, s.burned)
}

func (s *simRun) checkPools(ctx sdk.Context) {
	k := s.app.PivcKeeper
	gs, err := k.ExportGenesis(ctx)
	require.NoError(s.t, err)
	require.NoError(s.t, gs.Validate(), "block %d: exported x/pivc state", s.height)
	growth, ubo := sdk.NewCoins(), sdk.NewCoins()
	for _, t := range gs.Totals {
		growth = growth.Add(sdk.NewCoin(t.Denom, t.ToGrowth.Sub(t.GrowthSpent)))
		ubo = ubo.Add(sdk.NewCoin(t.Denom, t.ToUbo.Sub(t.Claimed)))
	}
	bk := s.app.BankKeeper
	growthBal := bk.GetAllBalances(ctx, k.GrowthPoolAddress())
	uboBal := bk.GetAllBalances(ctx, k.UBOPoolAddress())
	require.True(s.t, growthBal.Equal(growth), "block %d: growth pool %s != to_growth - growth_spent %s", s.height, growthBal, growth)
	require.True(s.t, uboBal.Equal(ubo), "block %d: UBO pool %s != to_ubo - claimed %s", s.height, uboBal, ubo)
	require.True(s.t, uboBal.IsAllGTE(gs.UboOutstanding), "block %d: UBO pool %s below what is owed %s", s.height, uboBal, gs.UboOutstanding)
}

func (s *simRun) checkEscrow(ctx sdk.Context) {
	// x/forge's state as its genesis export and its query server show it
	// (not the keeper's collections, which are its own business).
	gen, err := s.app.ModuleManager.ExportGenesisForModules(ctx, s.app.appCodec, []string{forgetypes.ModuleName})
	require.NoError(s.t, err)
	var gs forgetypes.GenesisState
	s.app.appCodec.MustUnmarshalJSON(gen[forgetypes.ModuleName], &gs)
	escrows := map[string]forgetypes.Escrow{}
	open := sdk.NewCoins()
	for _, e := range gs.Escrows {
		escrows[e.OrderId] = e.Escrow
		open = open.Add(e.Escrow.Total())
	}
	openOrders := 0
	for _, o := range gs.Orders {
		e, held := escrows[o.Id]
		if !o.Status.IsOpen() {
			require.False(s.t, held, "block %d: closed order %s (%s) still has an escrow", s.height, o.Id, o.Status)
			continue
		}
		openOrders++
		require.True(s.t, held, "block %d: open order %s (%s) has no escrow", s.height, o.Id, o.Status)
		require.True(s.t, e.Amount.Equal(o.Amount) && e.Fee.Equal(o.Fee),
			"block %d: order %s escrows %s + %s, the order says %s + %s", s.height, o.Id, e.Amount, e.Fee, o.Amount, o.Fee)
	}
	require.Len(s.t, escrows, openOrders, "block %d: escrows of orders that do not exist", s.height)

	res, err := forgekeeper.NewQueryServerImpl(s.app.ForgeKeeper).EscrowTotals(ctx, &forgetypes.QueryEscrowTotalsRequest{})
	require.NoError(s.t, err)
	require.Equal(s.t, authtypes.NewModuleAddress(forgetypes.ModuleName).String(), res.Address, "the escrow account")
	balance := s.app.BankKeeper.GetAllBalances(ctx, authtypes.NewModuleAddress(forgetypes.ModuleName))
	require.True(s.t, balance.Equal(open), "block %d: escrow account %s != Σ open orders' escrows %s", s.height, balance, open)
	require.True(s.t, res.Held.Equal(open), "block %d: folded escrow totals %s != Σ open orders' escrows %s", s.height, res.Held, open)
	require.Equal(s.t, uint64(openOrders), res.OpenOrders, "block %d: open orders", s.height)
}

func (s *simRun) checkJournal(ctx sdk.Context) {
	gs, err := s.app.LedgerKeeper.ExportGenesis(ctx)
	require.NoError(s.t, err)
	require.NoError(s.t, gs.Validate(), "block %d: exported x/ledger journal", s.height)
}

// countSupplyEvents adds up x/mint's mints and burns.
func (s *simRun) countSupplyEvents(events []abci.Event) {
	for _, e := range events {
		switch e.Type {
		case "azora.mint.v1.EventMinted", "azora.mint.v1.EventBurned":
		default:
			continue
		}
		msg, err := sdk.ParseTypedEvent(e)
		require.NoError(s.t, err)
		switch ev := msg.(type) {
		case *minttypes.EventMinted:
			s.minted = s.minted.Add(ev.Amount)
		case *minttypes.EventBurned:
			s.burned = s.burned.Add(ev.Amount)
		}
	}
}

// checkBlockEvents fails on an event no correct block emits.
func (s *simRun) checkBlockEvents(events []abci.Event) {
	for _, e := range events {
		if e.Type == "azora.ledger.v1.EventReconciliationFailed" {
			msg, err := sdk.ParseTypedEvent(e)
			require.NoError(s.t, err)
			f := msg.(*ledgertypes.EventReconciliationFailed)
			s.t.Fatalf("block %d: x/ledger reconciliation failed: %s %s %s: expected %s, actual %s (since height %d)",
				s.height, f.Check, f.Account, f.Denom, f.Expected, f.Actual, f.SinceHeight)
		}
	}
}
