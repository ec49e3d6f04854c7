package keeper

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/forge/types"
)

type queryServer struct {
	k Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/forge Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k: k} }

// notFound maps the module's not-found errors to gRPC NotFound.
func notFound(err error) error {
	if errors.Is(err, types.ErrAssetNotFound) || errors.Is(err, types.ErrListingNotFound) || errors.Is(err, types.ErrOrderNotFound) {
		return status.Error(codes.NotFound, err.Error())
	}
	return err
}

// Params implements types.QueryServer.
func (qs queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	p, err := qs.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: p}, nil
}

// Roles implements types.QueryServer.
func (qs queryServer) Roles(ctx context.Context, req *types.QueryRolesRequest) (*types.QueryRolesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if req.Role != types.RoleUnspecified {
		if err := types.ValidateRole(req.Role); err != nil {
			return nil, status.Error(codes.InvalidArgument, err.Error())
		}
	}
	grants, page, err := qs.k.roles.Paginate(ctx, req.Role, req.Pagination)
	if err != nil {
		return nil, err
	}
	out := make([]types.RoleGrant, len(grants))
	for i, g := range grants {
		addr, err := qs.k.ac.BytesToString(g.Address)
		if err != nil {
			return nil, err
		}
		out[i] = types.RoleGrant{Role: g.Role, Address: addr}
	}
	return &types.QueryRolesResponse{Roles: out, Pagination: page}, nil
}

// Asset implements types.QueryServer.
func (qs queryServer) Asset(ctx context.Context, req *types.QueryAssetRequest) (*types.QueryAssetResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	a, err := qs.k.GetAsset(ctx, req.Id)
	if err != nil {
		return nil, notFound(err)
	}
	return &types.QueryAssetResponse{Asset: a}, nil
}

// AssetsByOwner implements types.QueryServer.
func (qs queryServer) AssetsByOwner(ctx context.Context, req *types.QueryAssetsByOwnerRequest) (*types.QueryAssetsByOwnerResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	owner, err := qs.k.addr("owner", req.Owner)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	assets, page, err := query.CollectionPaginate(ctx, qs.k.AssetsByOwner, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Asset, error) {
			return qs.k.Assets.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](owner))
	if err != nil {
		return nil, err
	}
	return &types.QueryAssetsByOwnerResponse{Assets: assets, Pagination: page}, nil
}

// Listing implements types.QueryServer.
func (qs queryServer) Listing(ctx context.Context, req *types.QueryListingRequest) (*types.QueryListingResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	l, err := qs.k.GetListing(ctx, req.Id)
	if err != nil {
		return nil, notFound(err)
	}
	rep, err := qs.k.partyReputation(ctx, l.Seller)
	if err != nil {
		return nil, err
	}
	return &types.QueryListingResponse{Listing: l, Active: IsActive(l, blockTime(ctx)), SellerReputation: rep}, nil
}

// Listings implements types.QueryServer. With a seller it walks that
// seller's index (filtering by kind if one is given), with only a kind the
// kind's index, else every listing.
func (qs queryServer) Listings(ctx context.Context, req *types.QueryListingsRequest) (*types.QueryListingsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if req.Kind != types.ListingKindUnspecified {
		if err := req.Kind.Validate(); err != nil {
			return nil, status.Error(codes.InvalidArgument, err.Error())
		}
	}
	var (
		listings []types.Listing
		page     *query.PageResponse
		err      error
	)
	switch {
	case req.Seller != "":
		seller, aerr := qs.k.addr("seller", req.Seller)
		if aerr != nil {
			return nil, status.Error(codes.InvalidArgument, aerr.Error())
		}
		var predicate func(collections.Pair[sdk.AccAddress, uint64], collections.NoValue) (bool, error)
		if req.Kind != types.ListingKindUnspecified {
			predicate = func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (bool, error) {
				return qs.k.ListingsByKind.Has(ctx, collections.Join(int32(req.Kind), key.K2()))
			}
		}
		listings, page, err = query.CollectionFilteredPaginate(ctx, qs.k.ListingsBySeller, req.Pagination, predicate,
			func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Listing, error) {
				return qs.k.Listings.Get(ctx, key.K2())
			}, query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](seller))
	case req.Kind != types.ListingKindUnspecified:
		listings, page, err = query.CollectionPaginate(ctx, qs.k.ListingsByKind, req.Pagination,
			func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Listing, error) {
				return qs.k.Listings.Get(ctx, key.K2())
			}, query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Kind)))
	default:
		listings, page, err = query.CollectionPaginate(ctx, qs.k.Listings, req.Pagination,
			func(_ uint64, l types.Listing) (types.Listing, error) { return l, nil })
	}
	if err != nil {
		return nil, err
	}
	sellers := make([]string, len(listings))
	for i, l := range listings {
		sellers[i] = l.Seller
	}
	reps, err := qs.k.partyReputations(ctx, sellers)
	if err != nil {
		return nil, err
	}
	return &types.QueryListingsResponse{Listings: listings, Pagination: page, SellerReputations: reps}, nil
}

// Order implements types.QueryServer.
func (qs queryServer) Order(ctx context.Context, req *types.QueryOrderRequest) (*types.QueryOrderResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	key, o, err := qs.k.getOrder(ctx, req.OrderId)
	if errors.Is(err, types.ErrInvalidOrderID) {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	if err != nil {
		return nil, notFound(err)
	}
	res := &types.QueryOrderResponse{Order: o}
	if res.BuyerReputation, err = qs.k.partyReputation(ctx, o.Buyer); err != nil {
		return nil, err
	}
	if res.SellerReputation, err = qs.k.partyReputation(ctx, o.Seller); err != nil {
		return nil, err
	}
	if o.Status.IsOpen() {
		e, err := qs.k.GetEscrow(ctx, key)
		if err != nil {
			return nil, err
		}
		res.Escrow = &e
	}
	return res, nil
}

// ordersOf pages through an order index for one account.
func (qs queryServer) ordersOf(ctx context.Context, idx collections.KeySet[collections.Pair[sdk.AccAddress, OrderKey]], who, address string, pageReq *query.PageRequest) ([]types.Order, *query.PageResponse, error) {
	addr, err := qs.k.addr(who, address)
	if err != nil {
		return nil, nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return query.CollectionPaginate(ctx, idx, pageReq,
		func(key collections.Pair[sdk.AccAddress, OrderKey], _ collections.NoValue) (types.Order, error) {
			return qs.k.Orders.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[sdk.AccAddress, OrderKey](addr))
}

// OrdersByBuyer implements types.QueryServer.
func (qs queryServer) OrdersByBuyer(ctx context.Context, req *types.QueryOrdersByBuyerRequest) (*types.QueryOrdersByBuyerResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	orders, page, err := qs.ordersOf(ctx, qs.k.OrdersByBuyer, "buyer", req.Buyer, req.Pagination)
	if err != nil {
		return nil, err
	}
	sellers := make([]string, len(orders))
	for i, o := range orders {
		sellers[i] = o.Seller
	}
	reps, err := qs.k.partyReputations(ctx, sellers)
	if err != nil {
		return nil, err
	}
	return &types.QueryOrdersByBuyerResponse{Orders: orders, Pagination: page, CounterpartyReputations: reps}, nil
}

// OrdersBySeller implements types.QueryServer.
func (qs queryServer) OrdersBySeller(ctx context.Context, req *types.QueryOrdersBySellerRequest) (*types.QueryOrdersBySellerResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	orders, page, err := qs.ordersOf(ctx, qs.k.OrdersBySeller, "seller", req.Seller, req.Pagination)
	if err != nil {
		return nil, err
	}
	buyers := make([]string, len(orders))
	for i, o := range orders {
		buyers[i] = o.Buyer
	}
	reps, err := qs.k.partyReputations(ctx, buyers)
	if err != nil {
		return nil, err
	}
	return &types.QueryOrdersBySellerResponse{Orders: orders, Pagination: page, CounterpartyReputations: reps}, nil
}

// EscrowTotals implements types.QueryServer.
func (qs queryServer) EscrowTotals(ctx context.Context, _ *types.QueryEscrowTotalsRequest) (*types.QueryEscrowTotalsResponse, error) {
	held, open, err := qs.k.EscrowTotals(ctx)
	if err != nil {
		return nil, err
	}
	addr, err := qs.k.ac.BytesToString(qs.k.escrowAddr)
	if err != nil {
		return nil, err
	}
	return &types.QueryEscrowTotalsResponse{
		Address:    addr,
		Held:       held,
		Balance:    qs.k.bk.GetAllBalances(ctx, qs.k.escrowAddr),
		OpenOrders: open,
	}, nil
}
