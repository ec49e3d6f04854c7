package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/roles"
	"github.com/azora-os/nexus/x/forge/types"
)

// InitGenesis stores the genesis state (which must validate), rebuilds the
// indexes, the expiry and pruning queues and the escrow totals, creates the
// escrow module account and checks that its balance equals the sum of the
// escrows.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.ac); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	grants := make([]roles.Grant[types.Role], 0, len(gs.Roles))
	for _, g := range gs.Roles {
		addr, err := k.addr("role holder", g.Address)
		if err != nil {
			return err
		}
		grants = append(grants, roles.Grant[types.Role]{Role: g.Role, Address: addr})
	}
	if err := k.roles.Import(ctx, grants); err != nil {
		return err
	}
	if err := k.NextAssetID.Set(ctx, gs.NextAssetId); err != nil {
		return err
	}
	if err := k.NextListingID.Set(ctx, gs.NextListingId); err != nil {
		return err
	}
	for _, a := range gs.Assets {
		if err := k.addAsset(ctx, a); err != nil {
			return err
		}
	}
	for _, l := range gs.Listings {
		if err := k.addListing(ctx, l); err != nil {
			return err
		}
		if err := k.ListingExpiryQueue.Set(ctx, collections.Join(queueTime(l.Expiry), l.Id)); err != nil {
			return err
		}
	}
	for _, o := range gs.Orders {
		if err := k.addOrder(ctx, o); err != nil {
			return err
		}
		switch {
		case o.Status.Expires():
			if err := k.OrderExpiryQueue.Set(ctx, expiryKey(o)); err != nil {
				return err
			}
		case o.Status == types.OrderStatusDisputed:
			if err := k.DisputeQueue.Set(ctx, disputeKey(o)); err != nil {
				return err
			}
		case o.Status.IsClosed():
			pruneAt := o.ClosedAt.Add(gs.Params.ClosedOrderRetention)
			if err := k.PruneQueue.Set(ctx, collections.Join3(queueTime(pruneAt), o.ListingId, o.Seq)); err != nil {
				return err
			}
		}
	}
	held := sdk.NewCoins()
	for _, e := range gs.Escrows {
		l, s, err := types.ParseOrderID(e.OrderId)
		if err != nil {
			return err
		}
		if err := k.Escrows.Set(ctx, collections.Join(l, s), e.Escrow); err != nil {
			return err
		}
		held = held.Add(e.Escrow.Total())
	}
	d := escrowDelta{opened: uint64(len(gs.Escrows))}
	for _, c := range held { // sorted, positive
		d.net = append(d.net, netAmount{denom: c.Denom, amount: c.Amount})
	}
	if err := k.fold(ctx, d); err != nil {
		return err
	}
	// Create the escrow account (bank needs it to exist) and reconcile.
	k.ak.GetModuleAccount(ctx, types.ModuleName)
	balance := k.bk.GetAllBalances(ctx, k.escrowAddr)
	if !balance.Equal(held) {
		return types.ErrEscrowInvariant.Wrapf("forge escrow account holds %s, the escrows sum to %s", balance, held)
	}
	return nil
}

// ExportGenesis exports the state, each collection in key order. Queues,
// indexes and totals are derived and not exported.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := types.DefaultGenesis()
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	grants, err := k.roles.Export(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range grants {
		addr, err := k.ac.BytesToString(g.Address)
		if err != nil {
			return nil, err
		}
		gs.Roles = append(gs.Roles, types.RoleGrant{Role: g.Role, Address: addr})
	}
	if gs.NextAssetId, err = k.NextAssetID.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextListingId, err = k.NextListingID.Peek(ctx); err != nil {
		return nil, err
	}
	if err := k.Assets.Walk(ctx, nil, func(_ uint64, a types.Asset) (bool, error) {
		gs.Assets = append(gs.Assets, a)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Listings.Walk(ctx, nil, func(_ uint64, l types.Listing) (bool, error) {
		gs.Listings = append(gs.Listings, l)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Orders.Walk(ctx, nil, func(_ OrderKey, o types.Order) (bool, error) {
		gs.Orders = append(gs.Orders, o)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Escrows.Walk(ctx, nil, func(key OrderKey, e types.Escrow) (bool, error) {
		gs.Escrows = append(gs.Escrows, types.EscrowEntry{OrderId: types.FormatOrderID(key.K1(), key.K2()), Escrow: e})
		return false, nil
	}); err != nil {
		return nil, err
	}
	return gs, nil
}
