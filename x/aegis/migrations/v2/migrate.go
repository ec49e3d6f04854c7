// Package v2 migrates the x/aegis store from consensus version 1 (release
// 28bc9f4) to 2: the params gain the fee rule (fee_denom, base_gas_price,
// max_gas_price, max_tx_gas), which a version-1 store does not hold.
//
// The migration works on the store through its own collections (the
// layout of types/keys.go), not through the keeper, so keeper refactors
// cannot change what it does. It moves no key.
package v2

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/azora-os/nexus/x/aegis/types"
)

// Migrate sets every fee-rule param a version-1 store left unset to its
// default (types.DefaultParams) and checks the result with Params.Validate.
// Params already set are kept.
func Migrate(ctx context.Context, storeService store.KVStoreService, cdc codec.BinaryCodec) error {
	sb := collections.NewSchemaBuilder(storeService)
	params := collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc))
	if _, err := sb.Build(); err != nil {
		return err
	}
	p, err := params.Get(ctx)
	if err != nil {
		return err
	}
	p = MigrateParams(p)
	if err := p.Validate(); err != nil {
		return err
	}
	return params.Set(ctx, p)
}

// MigrateParams fills the fee-rule params that are unset (zero) with their
// defaults.
func MigrateParams(p types.Params) types.Params {
	d := types.DefaultParams()
	if p.FeeDenom == "" {
		p.FeeDenom = d.FeeDenom
	}
	if p.BaseGasPrice == "" {
		p.BaseGasPrice = d.BaseGasPrice
	}
	if p.MaxGasPrice == "" {
		p.MaxGasPrice = d.MaxGasPrice
	}
	if p.MaxTxGas == 0 {
		p.MaxTxGas = d.MaxTxGas
	}
	return p
}
