package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

// SetReputationKeeper wires x/mesh's reputation into x/forge (app.go, before
// the module manager copies the keeper). Without it every account reads as
// unrated: the queries show rated=false and a listing cannot ask for a
// minimum buyer reputation.
func (k *Keeper) SetReputationKeeper(rk types.ReputationKeeper) { k.rep = rk }

// partyReputation returns an account's x/mesh reputation as x/forge shows
// it (address is a party as stored: a listing's seller, an order's buyer
// or seller). It is read at query time and never stored in x/forge.
func (k Keeper) partyReputation(ctx context.Context, address string) (types.PartyReputation, error) {
	out := types.PartyReputation{Address: address}
	if k.rep == nil || address == "" {
		return out, nil
	}
	addr, err := k.ac.StringToBytes(address)
	if err != nil {
		return out, err
	}
	rep, n, err := k.rep.AccountReputation(ctx, addr)
	if err != nil {
		return out, err
	}
	out.Reputation, out.EmployeeNodes, out.Rated = rep, n, n > 0
	return out, nil
}

// checkMinReputationSupported refuses a minimum buyer reputation when no
// reputation source is wired (it could never be met).
func (k Keeper) checkMinReputationSupported(minRep uint64) error {
	if minRep > 0 && k.rep == nil {
		return types.ErrInvalidListing.Wrap("min_buyer_reputation needs x/mesh reputation, which this chain does not wire")
	}
	return nil
}

// checkBuyerReputation refuses an order on a listing whose minimum buyer
// reputation the buyer does not meet (an unrated buyer meets only 0).
func (k Keeper) checkBuyerReputation(ctx context.Context, l types.Listing, buyer sdk.AccAddress, buyerS string) error {
	if l.MinBuyerReputation == 0 {
		return nil
	}
	r, err := k.partyReputation(ctx, buyerS)
	if err != nil {
		return err
	}
	if r.Meets(l.MinBuyerReputation) {
		return nil
	}
	if !r.Rated {
		return types.ErrReputationTooLow.Wrapf("listing %d needs a buyer reputation of at least %d; %s is unrated (it owns no employee node in x/mesh)", l.Id, l.MinBuyerReputation, buyer)
	}
	return types.ErrReputationTooLow.Wrapf("listing %d needs a buyer reputation of at least %d; %s has %d", l.Id, l.MinBuyerReputation, buyer, r.Reputation)
}

// partyReputations returns the reputations of the given accounts, in order.
func (k Keeper) partyReputations(ctx context.Context, addrs []string) ([]types.PartyReputation, error) {
	out := make([]types.PartyReputation, len(addrs))
	for i, a := range addrs {
		r, err := k.partyReputation(ctx, a)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}
