// Package v2 migrates the x/ledger store from consensus version 1 (release
// 28bc9f4) to 2: the params gain max_payment_deadline, which a version-1
// store does not hold.
//
// Payments gained deadlines in version 2 too, with two new collections
// (reference_deadlines 0x09, reference_expiry 0x0a) that queue each
// reservation until its deadline has passed. A version-1 reservation has
// no deadline (version 1 payments had none), so there is nothing to
// enqueue: the keeper keeps such a reservation as long as its journal
// entries and releases it with the last one, as version 1 did. The
// migration leaves the journal, its indexes, the checkpoints and the
// reconciliation state untouched.
//
// The migration works on the store through its own collections (the
// layout of types/keys.go), not through the keeper. It moves no key.
package v2

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/azora-os/nexus/x/ledger/types"
)

// Migrate sets max_payment_deadline to its default when a version-1 store
// left it unset, and checks the params with Params.Validate.
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

// MigrateParams sets an unset (zero) max_payment_deadline to its default.
func MigrateParams(p types.Params) types.Params {
	if p.MaxPaymentDeadline == 0 {
		p.MaxPaymentDeadline = types.DefaultMaxPaymentDeadline
	}
	return p
}
