package simulation

import (
	"context"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/testutil/nexussim"
	"github.com/azora-os/nexus/x/ledger/keeper"
	"github.com/azora-os/nexus/x/ledger/types"
)

// Default weights of the x/ledger factories (app params
// "op_weight_msg_transfer", "op_weight_msg_batch_transfer"). A payment is
// the commonest operation of the chain: the other modules' weights are set
// against these.
const (
	DefaultWeightMsgTransfer      = 100
	DefaultWeightMsgBatchTransfer = 25
)

// denomSpendable is the part of a balance a payment may take: a quarter,
// so amount + PIVC + the gas fee always fit and the account keeps paying
// for later operations.
func denomSpendable(acc simsx.SimAccount, denom string) math.Int {
	return acc.LiquidBalance().AmountOf(denom).QuoRaw(4)
}

// randomAmount returns one coin the account can pay: uazr, or now and then
// another denom it holds (an a-Token), log-uniform up to a quarter of its
// balance.
func randomAmount(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, from simsx.SimAccount) sdk.Coins {
	r := testData.Rand()
	balance := from.LiquidBalance()
	denom := "uazr"
	if len(balance.Coins) > 1 && r.Intn(4) == 0 {
		// Not the bond denom: x/aegis keeps it non-transferable.
		if c := balance.Coins[r.Intn(len(balance.Coins))]; c.Denom != sdk.DefaultBondDenom {
			denom = c.Denom
		}
	}
	limit := denomSpendable(from, denom)
	if !limit.IsPositive() {
		reporter.Skipf("%s holds too little %s", from.AddressBech32, denom)
		return nil
	}
	return sdk.NewCoins(sdk.NewCoin(denom, nexussim.LogAmount(r.Rand, limit)))
}

// deadline returns a payment deadline after the block time, within the
// params' max_payment_deadline.
func deadline(ctx context.Context, testData *simsx.ChainDataSource, p types.Params) *time.Time {
	d := sdk.UnwrapSDKContext(ctx).BlockTime().Add(time.Second + time.Duration(testData.Rand().Int63n(int64(p.MaxPaymentDeadline-time.Second))))
	return &d
}

// reference returns a fresh client reference.
func reference(testData *simsx.ChainDataSource) string { return "SIM-" + testData.Rand().StringN(20) }

// withUazr accepts accounts that can pay at least 4 uazr (a quarter of the
// balance is then positive).
var withUazr = simsx.WithLiquidBalanceGTE(sdk.NewInt64Coin("uazr", 4))

// MsgTransferFactory: a user pays another user up to a quarter of one of
// its balances, under a fresh reference, with a deadline.
func MsgTransferFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgTransfer] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgTransfer) {
		from := testData.AnyAccountN(10, reporter, withUazr)
		to := testData.AnyAccountN(10, reporter, simsx.ExcludeAccounts(from))
		if reporter.IsSkipped() {
			return nil, nil
		}
		amount := randomAmount(testData, reporter, from)
		p, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Skipf("params: %s", err)
		}
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{from}, &types.MsgTransfer{
			From: from.AddressBech32, To: to.AddressBech32, Amount: amount,
			Reference: reference(testData), Memo: "sim transfer", Deadline: deadline(ctx, testData, p),
		}
	}
}

// MsgBatchTransferFactory: a user pays 1 to min(max_batch_size, 5)
// distinct other users under one reference.
func MsgBatchTransferFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgBatchTransfer] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgBatchTransfer) {
		p, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Skipf("params: %s", err)
			return nil, nil
		}
		from := testData.AnyAccountN(10, reporter, withUazr)
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		n := 1 + r.Intn(int(min(p.MaxBatchSize, 5)))
		// Split a quarter of the uazr balance over the outputs.
		share := denomSpendable(from, "uazr").QuoRaw(int64(n))
		if !share.IsPositive() {
			reporter.Skip("balance too small to split")
			return nil, nil
		}
		unique := simsx.UniqueAccounts()
		unique.Accept(from)
		outputs := make([]types.BatchOutput, 0, n)
		for range n {
			to := testData.AnyAccountN(10, reporter, unique)
			if reporter.IsSkipped() {
				return nil, nil
			}
			amt := nexussim.LogAmount(r.Rand, share)
			outputs = append(outputs, types.BatchOutput{To: to.AddressBech32, Amount: sdk.NewCoins(sdk.NewCoin("uazr", amt))})
		}
		return []simsx.SimAccount{from}, &types.MsgBatchTransfer{
			From: from.AddressBech32, Outputs: outputs, Reference: reference(testData),
			Memo: "sim batch", Deadline: deadline(ctx, testData, p),
		}
	}
}
