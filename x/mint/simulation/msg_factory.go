package simulation

import (
	"context"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/testutil/nexussim"
	"github.com/azora-os/nexus/x/mint/keeper"
	"github.com/azora-os/nexus/x/mint/types"
)

// Default weights of the x/mint factories (app params
// "op_weight_msg_mint", "op_weight_msg_burn").
const (
	DefaultWeightMsgMint = 20
	DefaultWeightMsgBurn = 10
)

// MsgMintFactory: a treasurer mints uazr within its allowance and the cap,
// or an a-Token's issuer mints it within its cap (not while paused), to
// another account.
func MsgMintFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgMint] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgMint) {
		r := testData.Rand()
		var (
			minter simsx.SimAccount
			denom  string
			limit  math.Int
		)
		if r.Intn(2) == 0 {
			minter = nexussim.Pick(testData, reporter, simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool {
				allowance, err := k.Treasurers.Get(ctx, a.Address)
				return err == nil && allowance.IsPositive()
			}))
			if reporter.IsSkipped() {
				return nil, nil
			}
			allowance, err := k.Treasurers.Get(ctx, minter.Address)
			if err != nil {
				reporter.Skipf("treasurer: %s", err)
				return nil, nil
			}
			denom, limit = types.NativeDenom, allowance
		} else {
			var tokens []types.AToken
			err := k.ATokens.Walk(ctx, nil, func(_ string, t types.AToken) (bool, error) {
				if !t.MintingPaused {
					tokens = append(tokens, t)
				}
				return false, nil
			})
			if err != nil || len(tokens) == 0 {
				reporter.Skip("no a-Token to mint")
				return nil, nil
			}
			t := tokens[r.Intn(len(tokens))]
			issuer, err := k.AddressCodec().StringToBytes(t.Issuer)
			if err != nil {
				reporter.Skipf("issuer: %s", err)
				return nil, nil
			}
			minter = testData.GetAccountbyAccAddr(reporter, issuer)
			denom, limit = t.Denom(), t.MaxSupply
		}
		if reporter.IsSkipped() {
			return nil, nil
		}
		info, err := k.GetSupplyInfo(ctx, denom)
		if err != nil {
			reporter.Skipf("supply: %s", err)
			return nil, nil
		}
		limit = math.MinInt(limit, info.Headroom)
		if !limit.IsPositive() {
			reporter.Skipf("no headroom to mint %s", denom)
			return nil, nil
		}
		amt := nexussim.LogAmount(r.Rand, limit)
		to := testData.AnyAccountN(10, reporter, simsx.ExcludeAccounts(minter))
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{minter}, &types.MsgMint{
			Minter: minter.AddressBech32, Recipient: to.AddressBech32, Amount: sdk.NewCoin(denom, amt),
		}
	}
}

// MsgBurnFactory: a holder burns part of its uazr or of an a-Token it holds.
func MsgBurnFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgBurn] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgBurn) {
		owner := testData.AnyAccountN(10, reporter, simsx.WithSpendableBalance())
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		var burnable sdk.Coins
		for _, c := range owner.LiquidBalance().Coins {
			if c.Denom == types.NativeDenom || types.IsATokenDenom(c.Denom) {
				if _, err := k.GetSupplyInfo(ctx, c.Denom); err == nil { // uazr or a chartered a-Token
					burnable = append(burnable, c)
				}
			}
		}
		if len(burnable) == 0 {
			reporter.Skip("nothing x/mint issues to burn")
			return nil, nil
		}
		c := burnable[r.Intn(len(burnable))]
		// A quarter at most, so the owner can still pay fees.
		limit := c.Amount.QuoRaw(4)
		if !limit.IsPositive() {
			reporter.Skip("balance too small")
			return nil, nil
		}
		amt := nexussim.LogAmount(r.Rand, limit)
		return []simsx.SimAccount{owner}, &types.MsgBurn{Owner: owner.AddressBech32, Amount: sdk.NewCoin(c.Denom, amt)}
	}
}
