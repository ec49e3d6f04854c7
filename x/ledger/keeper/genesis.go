package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/ledger/types"
)

// InitGenesis loads the genesis state and rebuilds the indexes from the
// entries. Without a reconciliation state (a new chain) it takes the
// baseline from the genesis balances, so it must run after x/bank and
// x/pivc and before genutil (whose gentxs are the first journalled
// movements).
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return types.ErrInvalidGenesis.Wrap(err.Error())
	}
	if err := k.SetParams(ctx, gs.Params); err != nil {
		return err
	}
	if err := k.Head.Set(ctx, gs.Head); err != nil {
		return err
	}
	codec := k.ak.AddressCodec()
	for _, e := range gs.Entries {
		from, err := codec.StringToBytes(e.From)
		if err != nil {
			return err
		}
		to, err := codec.StringToBytes(e.To)
		if err != nil {
			return err
		}
		if err := k.Entries.Set(ctx, e.Sequence, e); err != nil {
			return err
		}
		if err := k.AccountIndex.Set(ctx, collections.Join(sdk.AccAddress(from), e.Sequence)); err != nil {
			return err
		}
		if err := k.AccountIndex.Set(ctx, collections.Join(sdk.AccAddress(to), e.Sequence)); err != nil {
			return err
		}
		if e.Reference != "" {
			if err := k.ReferenceIndex.Set(ctx, collections.Join(types.ReferenceKey(from, e.Reference), e.Sequence)); err != nil {
				return err
			}
		}
	}
	for _, c := range gs.Checkpoints {
		if err := k.Checkpoints.Set(ctx, c.Height, c); err != nil {
			return err
		}
	}
	for _, r := range gs.UsedReferences {
		sender, err := codec.StringToBytes(r.Sender)
		if err != nil {
			return err
		}
		key := collections.Join(sdk.AccAddress(sender), r.Reference)
		if err := k.UsedReferences.Set(ctx, key, r.Height); err != nil {
			return err
		}
		if r.Deadline != nil {
			d := r.Deadline.UnixNano()
			if err := k.ReferenceDeadlines.Set(ctx, key, d); err != nil {
				return err
			}
			if err := k.ReferenceExpiry.Set(ctx, collections.Join3(d, sdk.AccAddress(sender), r.Reference)); err != nil {
				return err
			}
		}
	}
	if gs.Reconciliation != nil {
		return k.Recon.Set(ctx, *gs.Reconciliation)
	}
	return k.takeBaseline(ctx)
}

// ExportGenesis exports the state, walking every collection in key order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	head, err := k.Head.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params, Head: head}
	if err := k.Entries.Walk(ctx, nil, func(_ uint64, e types.JournalEntry) (bool, error) {
		gs.Entries = append(gs.Entries, e)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Checkpoints.Walk(ctx, nil, func(_ int64, c types.Checkpoint) (bool, error) {
		gs.Checkpoints = append(gs.Checkpoints, c)
		return false, nil
	}); err != nil {
		return nil, err
	}
	codec := k.ak.AddressCodec()
	if err := k.UsedReferences.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, string], h int64) (bool, error) {
		sender, err := codec.BytesToString(key.K1())
		if err != nil {
			return true, err
		}
		r := types.UsedReference{Sender: sender, Reference: key.K2(), Height: h}
		d, err := k.ReferenceDeadlines.Get(ctx, key)
		switch {
		case err == nil:
			t := time.Unix(0, d).UTC()
			r.Deadline = &t
		case !errors.Is(err, collections.ErrNotFound):
			return true, err
		}
		gs.UsedReferences = append(gs.UsedReferences, r)
		return false, nil
	}); err != nil {
		return nil, err
	}
	recon, err := k.Recon.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs.Reconciliation = &recon
	return gs, nil
}
