package keeper

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mint/types"
)

// InitGenesis stores the genesis state. It runs after x/bank, so it can
// check that the supply of uazr and of every a-Token is within its cap, and
// registers the bank denom metadata of any a-Token that bank does not have
// yet. It also creates the x/mint module account.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	k.ak.GetModuleAccount(ctx, types.ModuleName)

	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	if err := checkSupplyWithinCap(k.bk.GetSupply(ctx, types.NativeDenom), gs.Params.MaxSupply); err != nil {
		return err
	}
	for _, t := range gs.ATokens {
		if err := k.ATokens.Set(ctx, t.Symbol, t); err != nil {
			return err
		}
		if !k.bk.HasDenomMetaData(ctx, t.Denom()) {
			k.bk.SetDenomMetaData(ctx, t.Metadata())
		}
		if err := checkSupplyWithinCap(k.bk.GetSupply(ctx, t.Denom()), t.MaxSupply); err != nil {
			return err
		}
	}
	for _, tr := range gs.Treasurers {
		addr, err := k.addressCodec.StringToBytes(tr.Address)
		if err != nil {
			return err
		}
		if err := k.Treasurers.Set(ctx, addr, tr.Allowance); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis returns the state: params, a-Tokens in symbol order and
// treasurers in address order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params, ATokens: []types.AToken{}, Treasurers: []types.Treasurer{}}
	err = k.ATokens.Walk(ctx, nil, func(_ string, t types.AToken) (bool, error) {
		gs.ATokens = append(gs.ATokens, t)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.Treasurers.Walk(ctx, nil, func(addr sdk.AccAddress, allowance math.Int) (bool, error) {
		gs.Treasurers = append(gs.Treasurers, types.Treasurer{Address: k.addrString(addr), Allowance: allowance})
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return gs, nil
}

func checkSupplyWithinCap(supply sdk.Coin, maxSupply math.Int) error {
	if supply.Amount.GT(maxSupply) {
		return types.ErrMaxSupplyBelowSupply.Wrapf("genesis supply %s exceeds the max supply %s%s", supply, maxSupply, supply.Denom)
	}
	return nil
}
