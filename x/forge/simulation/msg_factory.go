package simulation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/testutil/nexussim"
	"github.com/azora-os/nexus/x/forge/types"
)

// Default weights of the x/forge factories (app params
// "op_weight_msg_place_order", ...), relative to x/ledger's transfer (100).
// The order flow is weighted so that orders are placed about as often as
// they are closed, and every state of the order machine is reached.
const (
	DefaultWeightMsgRegisterAsset   = 8
	DefaultWeightMsgTransferAsset   = 3
	DefaultWeightMsgRecordHandover  = 8
	DefaultWeightMsgCreateListing   = 20
	DefaultWeightMsgUpdateListing   = 5
	DefaultWeightMsgWithdrawListing = 3
	DefaultWeightMsgPlaceOrder      = 30
	DefaultWeightMsgAcceptOrder     = 12
	DefaultWeightMsgConfirmDelivery = 12
	DefaultWeightMsgCancelOrder     = 5
	DefaultWeightMsgOpenDispute     = 4
	DefaultWeightMsgResolveDispute  = 6
)

// page is large enough for every entry a simulation creates.
var page = &query.PageRequest{Limit: 100_000}

// simDenom is the denom of the simulated listings' prices.
const simDenom = "uazr"

func blockTime(ctx context.Context) time.Time { return sdk.UnwrapSDKContext(ctx).BlockTime() }

// holders returns the accounts holding role.
func holders(ctx context.Context, qs types.QueryServer, role types.Role) (map[string]bool, error) {
	res, err := qs.Roles(ctx, &types.QueryRolesRequest{Role: role, Pagination: page})
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, g := range res.Roles {
		out[g.Address] = true
	}
	return out, nil
}

// holding accepts the accounts holding role.
func holding(ctx context.Context, qs types.QueryServer, role types.Role) simsx.SimAccountFilter {
	h, err := holders(ctx, qs, role)
	return simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool { return err == nil && h[a.AddressBech32] })
}

// allOrders returns every order of the simulation's accounts (as buyers),
// open and closed, in account order.
func allOrders(ctx context.Context, qs types.QueryServer, testData *simsx.ChainDataSource) []types.Order {
	var out []types.Order
	for _, a := range testData.AllAccounts() {
		res, err := qs.OrdersByBuyer(ctx, &types.QueryOrdersByBuyerRequest{Buyer: a.AddressBech32, Pagination: page})
		if err != nil {
			continue
		}
		out = append(out, res.Orders...)
	}
	return out
}

// pickOrder returns a random order that passes ok, or skips.
func pickOrder(ctx context.Context, qs types.QueryServer, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, ok func(types.Order) bool) (types.Order, bool) {
	var matching []types.Order
	for _, o := range allOrders(ctx, qs, testData) {
		if ok(o) {
			matching = append(matching, o)
		}
	}
	if len(matching) == 0 {
		reporter.Skip("no matching order")
		return types.Order{}, false
	}
	return matching[testData.Rand().Intn(len(matching))], true
}

// pickListing returns a random listing that passes ok, or skips.
func pickListing(ctx context.Context, qs types.QueryServer, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, ok func(types.Listing) bool) (types.Listing, bool) {
	res, err := qs.Listings(ctx, &types.QueryListingsRequest{Pagination: page})
	if err != nil {
		reporter.Skipf("listings: %s", err)
		return types.Listing{}, false
	}
	var matching []types.Listing
	for _, l := range res.Listings {
		if ok(l) {
			matching = append(matching, l)
		}
	}
	if len(matching) == 0 {
		reporter.Skip("no matching listing")
		return types.Listing{}, false
	}
	return matching[testData.Rand().Intn(len(matching))], true
}

// account returns the simulation account of a bech32 address (skips if it
// is none of them).
func account(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, addr string) simsx.SimAccount {
	return testData.GetAccount(reporter, addr)
}

// open reports whether an order can still be accepted, confirmed,
// cancelled or disputed (placed or accepted, before its expiry).
func open(ctx context.Context, o types.Order) bool {
	return (o.Status == types.OrderStatusPlaced || o.Status == types.OrderStatusAccepted) && blockTime(ctx).Before(o.Expiry)
}

// unlocked reports whether an asset is neither listed nor under order.
func unlocked(a types.Asset) bool { return a.ListingId == 0 && a.OrderId == "" }

// assetsOf returns the assets an account owns.
func assetsOf(ctx context.Context, qs types.QueryServer, owner string) []types.Asset {
	res, err := qs.AssetsByOwner(ctx, &types.QueryAssetsByOwnerRequest{Owner: owner, Pagination: page})
	if err != nil {
		return nil
	}
	return res.Assets
}

// reason returns a short random reason text.
func reason(testData *simsx.ChainDataSource, what string) string {
	return "sim " + what + " " + testData.Rand().StringN(8)
}

// MsgRegisterAssetFactory: an account registers a physical asset held by a
// custodian (a role holder), with a metadata URI and its SHA-256.
func MsgRegisterAssetFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgRegisterAsset] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRegisterAsset) {
		custodian := nexussim.Pick(testData, reporter, holding(ctx, qs, types.RoleCustodian))
		owner := testData.AnyAccountN(10, reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		kinds := []string{"vehicle", "gold-bar", "tractor", "land-title", "solar-panel"}
		uri := "ipfs://sim-" + r.StringN(16)
		hash := sha256.Sum256([]byte(uri))
		return []simsx.SimAccount{owner}, &types.MsgRegisterAsset{
			Owner: owner.AddressBech32, Kind: kinds[r.Intn(len(kinds))], Title: "Simulated asset " + r.StringN(6),
			MetadataUri: uri, MetadataHash: hex.EncodeToString(hash[:]), Custodian: custodian.AddressBech32,
		}
	}
}

// MsgTransferAssetFactory: an owner gives an asset that is neither listed
// nor under order to another account. x/forge refuses a recipient x/aegis
// has frozen (ErrPartyFrozen): that refusal is expected.
func MsgTransferAssetFactory(qs types.QueryServer) *simsx.ResultHandlingSimMsgFactory[*types.MsgTransferAsset] {
	return simsx.NewSimMsgFactoryWithDeliveryResultHandler(func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgTransferAsset, simsx.SimDeliveryResultHandler) {
		var candidates []types.Asset
		for _, a := range testData.AllAccounts() {
			for _, asset := range assetsOf(ctx, qs, a.AddressBech32) {
				if unlocked(asset) {
					candidates = append(candidates, asset)
				}
			}
		}
		if len(candidates) == 0 {
			reporter.Skip("no transferable asset")
			return nil, nil, nil
		}
		asset := candidates[testData.Rand().Intn(len(candidates))]
		owner := account(testData, reporter, asset.Owner)
		to := testData.AnyAccountN(10, reporter, simsx.ExcludeAccounts(owner))
		if reporter.IsSkipped() {
			return nil, nil, nil
		}
		return []simsx.SimAccount{owner}, &types.MsgTransferAsset{Owner: owner.AddressBech32, AssetId: asset.Id, Recipient: to.AddressBech32},
			expect(types.ErrPartyFrozen)
	})
}

// MsgRecordHandoverFactory: the custodian of an ordered asset (still holding
// the role) records its handover to the buyer.
func MsgRecordHandoverFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgRecordHandover] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRecordHandover) {
		custodians, err := holders(ctx, qs, types.RoleCustodian)
		if err != nil {
			reporter.Skipf("roles: %s", err)
			return nil, nil
		}
		custodianOf := func(o types.Order) string {
			res, err := qs.Asset(ctx, &types.QueryAssetRequest{Id: o.AssetId})
			if err != nil {
				return ""
			}
			return res.Asset.Custodian
		}
		o, ok := pickOrder(ctx, qs, testData, reporter, func(o types.Order) bool {
			return o.Kind == types.ListingKindAsset && o.Status.IsOpen() && o.Handover == nil && custodians[custodianOf(o)]
		})
		if !ok {
			return nil, nil
		}
		custodian := account(testData, reporter, custodianOf(o))
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{custodian}, &types.MsgRecordHandover{
			Custodian: custodian.AddressBech32, OrderId: o.Id, Reference: "SIM-HANDOVER-" + testData.Rand().StringN(10),
		}
	}
}

// localCurrencies returns the denoms an account holds other than uazr and
// the bond denom: the a-Tokens x/mint issued.
func localCurrencies(a simsx.SimAccount) []string {
	var out []string
	for _, c := range a.LiquidBalance().Coins {
		if c.Denom != simDenom && c.Denom != sdk.DefaultBondDenom {
			out = append(out, c.Denom)
		}
	}
	return out
}

// MsgCreateListingFactory: an account lists goods, a service or labour at a
// unit price in uazr (one time in four in an a-Token it holds) with a stock, or one of its unlocked assets; with an
// expiry or the longest allowed, and now and then a minimum buyer
// reputation.
func MsgCreateListingFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgCreateListing] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCreateListing) {
		params, err := qs.Params(ctx, &types.QueryParamsRequest{})
		if err != nil {
			reporter.Skipf("params: %s", err)
			return nil, nil
		}
		seller := testData.AnyAccountN(10, reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		denom, most := simDenom, math.NewInt(1_000_000_000)
		if other := localCurrencies(seller); len(other) > 0 && r.Intn(4) == 0 {
			// Priced in a local currency (an a-Token) the seller holds.
			denom, most = other[r.Intn(len(other))], math.NewInt(1_000_000)
		}
		msg := &types.MsgCreateListing{
			Seller: seller.AddressBech32, Title: "Simulated offer " + r.StringN(6),
			Price:    sdk.NewCoin(denom, nexussim.LogAmount(r.Rand, most)),
			Quantity: uint64(1 + r.Intn(1000)), //nolint:gosec // small
			Kind:     []types.ListingKind{types.ListingKindGoods, types.ListingKindService, types.ListingKindLabour}[r.Intn(3)],
		}
		var free []types.Asset
		for _, a := range assetsOf(ctx, qs, seller.AddressBech32) {
			if unlocked(a) {
				free = append(free, a)
			}
		}
		if len(free) > 0 && r.Intn(2) == 0 {
			msg.Kind, msg.AssetId, msg.Quantity = types.ListingKindAsset, free[r.Intn(len(free))].Id, 1
		}
		if r.Intn(2) == 0 {
			expiry := blockTime(ctx).Add(time.Second + time.Duration(r.Int63n(int64(params.Params.MaxListingDuration-time.Second))))
			msg.Expiry = &expiry
		}
		if r.Intn(10) == 0 {
			msg.MinBuyerReputation = uint64(r.Intn(1_000_001)) //nolint:gosec // small
		}
		return []simsx.SimAccount{seller}, msg
	}
}

// MsgUpdateListingFactory: a seller changes the unit price (up to twice
// the current one, in the same denom) and the stock of
// a listing that has not expired (an asset listing keeps its stock of 1,
// and changes only while its asset is not under order).
func MsgUpdateListingFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgUpdateListing] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateListing) {
		l, ok := pickListing(ctx, qs, testData, reporter, func(l types.Listing) bool {
			if !blockTime(ctx).Before(l.Expiry) {
				return false
			}
			if l.Kind != types.ListingKindAsset {
				return true
			}
			res, err := qs.Asset(ctx, &types.QueryAssetRequest{Id: l.AssetId})
			return err == nil && res.Asset.OrderId == ""
		})
		if !ok {
			return nil, nil
		}
		seller := account(testData, reporter, l.Seller)
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		quantity := uint64(r.Intn(1000)) //nolint:gosec // small; 0 pauses sales
		if l.Kind == types.ListingKindAsset {
			quantity = 1
		}
		return []simsx.SimAccount{seller}, &types.MsgUpdateListing{
			Seller: seller.AddressBech32, ListingId: l.Id,
			Price: sdk.NewCoin(l.Price.Denom, nexussim.LogAmount(r.Rand, l.Price.Amount.MulRaw(2))), Quantity: quantity,
		}
	}
}

// MsgWithdrawListingFactory: a seller withdraws one of its listings.
func MsgWithdrawListingFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgWithdrawListing] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgWithdrawListing) {
		l, ok := pickListing(ctx, qs, testData, reporter, func(types.Listing) bool { return true })
		if !ok {
			return nil, nil
		}
		seller := account(testData, reporter, l.Seller)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{seller}, &types.MsgWithdrawListing{Seller: seller.AddressBech32, ListingId: l.Id}
	}
}

// MsgPlaceOrderFactory: a buyer orders from another seller's open listing
// at its current price as many units as a quarter of its balance in the
// price's denom pays for (an asset: its one unit, if the asset is not under order). Expected
// refusals: a listing's minimum buyer reputation (ErrReputationTooLow), and
// a seller x/aegis froze after listing (ErrPartyFrozen).
func MsgPlaceOrderFactory(qs types.QueryServer) *simsx.ResultHandlingSimMsgFactory[*types.MsgPlaceOrder] {
	return simsx.NewSimMsgFactoryWithDeliveryResultHandler(func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgPlaceOrder, simsx.SimDeliveryResultHandler) {
		l, ok := pickListing(ctx, qs, testData, reporter, func(l types.Listing) bool {
			if l.Quantity == 0 || !blockTime(ctx).Before(l.Expiry) {
				return false
			}
			if l.Kind != types.ListingKindAsset {
				return true
			}
			res, err := qs.Asset(ctx, &types.QueryAssetRequest{Id: l.AssetId})
			return err == nil && res.Asset.OrderId == "" && res.Asset.Owner == l.Seller
		})
		if !ok {
			return nil, nil, nil
		}
		seller := account(testData, reporter, l.Seller)
		budget := func(a simsx.SimAccount) math.Int { return a.LiquidBalance().AmountOf(l.Price.Denom).QuoRaw(4) }
		buyer := testData.AnyAccountN(10, reporter, simsx.ExcludeAccounts(seller),
			simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool { return budget(a).GTE(l.Price.Amount) }))
		if reporter.IsSkipped() {
			return nil, nil, nil
		}
		affordable := budget(buyer).Quo(l.Price.Amount)
		most := l.Quantity
		if affordable.IsUint64() && affordable.Uint64() < most {
			most = affordable.Uint64()
		}
		quantity := uint64(1 + testData.Rand().Int63n(int64(min(most, 1000)))) //nolint:gosec // positive, small
		msg := &types.MsgPlaceOrder{Buyer: buyer.AddressBech32, ListingId: l.Id, Quantity: quantity, UnitPrice: l.Price}
		return []simsx.SimAccount{buyer}, msg, expect(types.ErrReputationTooLow, types.ErrPartyFrozen)
	})
}

// expect returns a delivery result handler that accepts success or one of
// the given errors.
func expect(errs ...*errorsmod.Error) simsx.SimDeliveryResultHandler {
	return func(err error) error {
		if err == nil {
			return nil
		}
		for _, e := range errs {
			if errorsmod.IsOf(err, e) {
				return nil
			}
		}
		return err
	}
}

// MsgAcceptOrderFactory: a seller accepts a placed order before it expires.
func MsgAcceptOrderFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgAcceptOrder] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgAcceptOrder) {
		o, ok := pickOrder(ctx, qs, testData, reporter, func(o types.Order) bool {
			return o.Status == types.OrderStatusPlaced && open(ctx, o)
		})
		if !ok {
			return nil, nil
		}
		seller := account(testData, reporter, o.Seller)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{seller}, &types.MsgAcceptOrder{Seller: seller.AddressBech32, OrderId: o.Id}
	}
}

// MsgConfirmDeliveryFactory: a buyer confirms a placed or accepted order (an
// asset order once its handover is recorded), which settles it, or holds
// it if the seller was frozen since.
func MsgConfirmDeliveryFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgConfirmDelivery] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgConfirmDelivery) {
		o, ok := pickOrder(ctx, qs, testData, reporter, func(o types.Order) bool {
			return open(ctx, o) && (o.Kind != types.ListingKindAsset || o.Handover != nil)
		})
		if !ok {
			return nil, nil
		}
		buyer := account(testData, reporter, o.Buyer)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{buyer}, &types.MsgConfirmDelivery{Buyer: buyer.AddressBech32, OrderId: o.Id}
	}
}

// MsgCancelOrderFactory: the seller declines a placed or accepted order, or
// the buyer cancels a placed one; both refund the buyer.
func MsgCancelOrderFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgCancelOrder] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelOrder) {
		o, ok := pickOrder(ctx, qs, testData, reporter, func(o types.Order) bool { return open(ctx, o) })
		if !ok {
			return nil, nil
		}
		signer := o.Seller
		if o.Status == types.OrderStatusPlaced && testData.Rand().Intn(2) == 0 {
			signer = o.Buyer
		}
		acc := account(testData, reporter, signer)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{acc}, &types.MsgCancelOrder{Signer: acc.AddressBech32, OrderId: o.Id}
	}
}

// MsgOpenDisputeFactory: the buyer or the seller disputes a placed or
// accepted order before it expires.
func MsgOpenDisputeFactory(qs types.QueryServer) simsx.SimMsgFactoryFn[*types.MsgOpenDispute] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgOpenDispute) {
		o, ok := pickOrder(ctx, qs, testData, reporter, func(o types.Order) bool { return open(ctx, o) })
		if !ok {
			return nil, nil
		}
		signer := o.Buyer
		if testData.Rand().Intn(2) == 0 {
			signer = o.Seller
		}
		acc := account(testData, reporter, signer)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{acc}, &types.MsgOpenDispute{Signer: acc.AddressBech32, OrderId: o.Id, Reason: reason(testData, "dispute")}
	}
}

// MsgResolveDisputeFactory: an arbiter that is not a party releases or
// refunds a disputed or held order. A payout to a party frozen since the
// order was placed is refused (ErrPartyFrozen: the arbiter decides the
// other way later); that refusal is expected.
func MsgResolveDisputeFactory(qs types.QueryServer) *simsx.ResultHandlingSimMsgFactory[*types.MsgResolveDispute] {
	return simsx.NewSimMsgFactoryWithDeliveryResultHandler(func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgResolveDispute, simsx.SimDeliveryResultHandler) {
		o, ok := pickOrder(ctx, qs, testData, reporter, func(o types.Order) bool {
			return o.Status == types.OrderStatusDisputed || o.Status == types.OrderStatusHeld
		})
		if !ok {
			return nil, nil, nil
		}
		buyer, seller := account(testData, reporter, o.Buyer), account(testData, reporter, o.Seller)
		arbiter := nexussim.Pick(testData, reporter, holding(ctx, qs, types.RoleArbiter), simsx.ExcludeAccounts(buyer, seller))
		if reporter.IsSkipped() {
			return nil, nil, nil
		}
		resolution := []types.Resolution{types.ResolutionRelease, types.ResolutionRefund}[testData.Rand().Intn(2)]
		return []simsx.SimAccount{arbiter}, &types.MsgResolveDispute{
			Arbiter: arbiter.AddressBech32, OrderId: o.Id, Resolution: resolution, Reason: reason(testData, "resolution"),
		}, expect(types.ErrPartyFrozen)
	})
}
