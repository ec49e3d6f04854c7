package keeper_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	aegiskeeper "github.com/azora-os/nexus/x/aegis/keeper"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	"github.com/azora-os/nexus/x/forge/keeper"
	"github.com/azora-os/nexus/x/forge/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// TestEscrowInvariantProperty drives random mixes of every forge operation
// (and aegis freezes, and time passing with EndBlock) against the real app's
// keepers — real bank, pivc and aegis — and checks after every step:
//
//   - the escrow account's balance = Σ open orders' escrows = the folded
//     totals, and every open order has exactly one escrow;
//   - no coin is created or lost: parties + escrow + PIVC pools is constant;
//   - a closed order stays closed with the same status and reason (exactly
//     one of settle/refund/resolve), and its escrow never comes back;
//   - an operation either succeeds or leaves the state as it was (each runs
//     in a cached context, as baseapp runs a message).
func TestEscrowInvariantProperty(t *testing.T) {
	params := types.DefaultParams()
	params.OrderTtl = time.Hour
	params.MaxExpiriesPerBlock = 3
	fa := setupForge(t, forgeOpts{params: &params})
	k := fa.ForgeKeeper
	ms := keeper.NewMsgServerImpl(k)
	escrowAddr := authtypes.NewModuleAddress(types.ModuleName)
	growthAddr := authtypes.NewModuleAddress(pivctypes.GrowthPoolName)
	uboAddr := authtypes.NewModuleAddress(pivctypes.UBOPoolName)
	gov := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	parties := []string{fa.alice.String(), fa.bob.String(), fa.carol.String()}
	everyone := append([]string{fa.custodian.String(), fa.arbiter.String()}, parties...)

	// succeeded counts the operations that went through, across all runs,
	// to show the mix reaches every path (logged at the end).
	succeeded, failed := map[string]int{}, map[string]int{}
	defer func() { t.Logf("operations that succeeded: %v; refused: %v", succeeded, failed) }()

	// Longer runs than rapid's default of 30 steps, unless -rapid.steps is
	// given: a trade takes several steps.
	if f := flag.Lookup("rapid.steps"); f != nil && f.Value.String() == f.DefValue {
		require.NoError(t, flag.Set("rapid.steps", "120"))
		defer func() { _ = flag.Set("rapid.steps", f.DefValue) }()
	}
	rapid.Check(t, func(rt *rapid.T) {
		ctx, _ := fa.Ctx().CacheContext()
		total := func() sdkmath.Int {
			sum := sdkmath.ZeroInt()
			for _, a := range append(everyone, escrowAddr.String(), growthAddr.String(), uboAddr.String()) {
				sum = sum.Add(fa.BankKeeper.GetBalance(ctx, sdk.MustAccAddressFromBech32(a), denom).Amount)
			}
			return sum
		}
		supply := total()
		var (
			listings []uint64
			assets   []uint64
			orders   []string
			closed   = map[string]types.Order{}
		)
		// run executes one message in a cached context and keeps its
		// writes only if it succeeded.
		run := func(name string, f func(c sdk.Context) error) {
			c, write := ctx.CacheContext()
			err := f(c)
			if err == nil {
				write()
				succeeded[name]++
			} else {
				failed[name+": "+errKind(err)]++
			}
			rt.Logf("%s: %v", name, err)
		}
		pick := func(label string, xs []string) string { return rapid.SampledFrom(xs).Draw(rt, label) }
		orderID := func() string {
			if len(orders) == 0 || rapid.IntRange(0, 9).Draw(rt, "bogus order") == 0 {
				return fmt.Sprintf("%d-%d", rapid.Uint64Range(1, 5).Draw(rt, "l"), rapid.Uint64Range(1, 5).Draw(rt, "s"))
			}
			// Mostly an open order; sometimes any (a closed one must refuse).
			open := []string{}
			for _, id := range orders {
				if _, isClosed := closed[id]; !isClosed {
					open = append(open, id)
				}
			}
			if len(open) > 0 && rapid.IntRange(0, 3).Draw(rt, "open order") > 0 {
				return rapid.SampledFrom(open).Draw(rt, "order")
			}
			return rapid.SampledFrom(orders).Draw(rt, "order")
		}
		// party returns, most of the time, the address an action on the order
		// needs (which(o)), else anyone.
		party := func(id string, which func(o types.Order) string) string {
			if o, err := k.GetOrder(ctx, id); err == nil && rapid.IntRange(0, 4).Draw(rt, "right signer") > 0 {
				return which(o)
			}
			return pick("signer", everyone)
		}
		buyerOf := func(o types.Order) string { return o.Buyer }
		sellerOf := func(o types.Order) string { return o.Seller }
		eitherOf := func(o types.Order) string { return pick("side", []string{o.Buyer, o.Seller}) }
		listingID := func() uint64 {
			live := []uint64{}
			for _, id := range listings {
				if _, err := k.GetListing(ctx, id); err == nil {
					live = append(live, id)
				}
			}
			if len(live) == 0 || rapid.IntRange(0, 9).Draw(rt, "bogus listing") == 0 {
				return rapid.Uint64Range(0, 10).Draw(rt, "listing id")
			}
			return rapid.SampledFrom(live).Draw(rt, "listing")
		}

		rt.Repeat(map[string]func(*rapid.T){
			"list": func(rt *rapid.T) {
				run("list", func(c sdk.Context) error {
					res, err := vb(ms.CreateListing)(c, &types.MsgCreateListing{
						Seller:   pick("seller", parties),
						Kind:     rapid.SampledFrom([]types.ListingKind{types.ListingKindGoods, types.ListingKindService, types.ListingKindLabour}).Draw(rt, "kind"),
						Title:    "item",
						Price:    coin(rapid.Int64Range(0, 5_000_000).Draw(rt, "price")),
						Quantity: rapid.Uint64Range(0, 30).Draw(rt, "qty"),
					})
					if err == nil {
						listings = append(listings, res.ListingId)
					}
					return err
				})
			},
			"register and list an asset": func(rt *rapid.T) {
				owner := pick("owner", parties)
				run("asset", func(c sdk.Context) error {
					reg, err := vb(ms.RegisterAsset)(c, &types.MsgRegisterAsset{Owner: owner, Kind: "machine", Title: "lathe", Custodian: fa.custodian.String()})
					if err != nil {
						return err
					}
					assets = append(assets, reg.AssetId)
					res, err := vb(ms.CreateListing)(c, &types.MsgCreateListing{
						Seller: owner, Kind: types.ListingKindAsset, Title: "lathe", Price: coin(rapid.Int64Range(1, 5_000_000).Draw(rt, "price")),
						Quantity: 1, AssetId: reg.AssetId,
					})
					if err == nil {
						listings = append(listings, res.ListingId)
					}
					return err
				})
			},
			"relist an asset": func(rt *rapid.T) {
				if len(assets) == 0 {
					rt.Skip("no assets")
				}
				id := rapid.SampledFrom(assets).Draw(rt, "asset")
				run("relist", func(c sdk.Context) error {
					a, err := k.GetAsset(c, id)
					if err != nil {
						return err
					}
					res, err := vb(ms.CreateListing)(c, &types.MsgCreateListing{
						Seller: pick("seller", []string{a.Owner, pick("other", parties)}), Kind: types.ListingKindAsset, Title: "again",
						Price: coin(1000), Quantity: 1, AssetId: id,
					})
					if err == nil {
						listings = append(listings, res.ListingId)
					}
					return err
				})
			},
			"update listing": func(rt *rapid.T) {
				run("update", func(c sdk.Context) error {
					_, err := vb(ms.UpdateListing)(c, &types.MsgUpdateListing{
						Seller: pick("seller", parties), ListingId: listingID(),
						Price: coin(rapid.Int64Range(0, 5_000_000).Draw(rt, "price")), Quantity: rapid.Uint64Range(0, 20).Draw(rt, "qty"),
					})
					return err
				})
			},
			"withdraw listing": func(rt *rapid.T) {
				run("withdraw", func(c sdk.Context) error {
					_, err := vb(ms.WithdrawListing)(c, &types.MsgWithdrawListing{Seller: pick("seller", parties), ListingId: listingID()})
					return err
				})
			},
			"place order": func(rt *rapid.T) {
				id := listingID()
				run("order", func(c sdk.Context) error {
					price := coin(rapid.Int64Range(1, 5_000_000).Draw(rt, "price"))
					buyer := pick("buyer", parties)
					if l, err := k.GetListing(c, id); err == nil && rapid.IntRange(0, 4).Draw(rt, "well-formed") > 0 {
						price = l.Price
						others := []string{}
						for _, p := range parties {
							if p != l.Seller {
								others = append(others, p)
							}
						}
						buyer = pick("other buyer", others)
					}
					res, err := vb(ms.PlaceOrder)(c, &types.MsgPlaceOrder{
						Buyer: buyer, ListingId: id, Quantity: rapid.SampledFrom([]uint64{0, 1, 1, 1, 2, 3, 25}).Draw(rt, "qty"), UnitPrice: price,
					})
					if err == nil {
						orders = append(orders, res.OrderId)
					}
					return err
				})
			},
			"accept": func(rt *rapid.T) {
				id := orderID()
				run("accept", func(c sdk.Context) error {
					_, err := vb(ms.AcceptOrder)(c, &types.MsgAcceptOrder{Seller: party(id, sellerOf), OrderId: id})
					return err
				})
			},
			"handover": func(rt *rapid.T) {
				id := orderID()
				run("handover", func(c sdk.Context) error {
					_, err := vb(ms.RecordHandover)(c, &types.MsgRecordHandover{Custodian: party(id, func(types.Order) string { return fa.custodian.String() }), OrderId: id, Reference: "slip"})
					return err
				})
			},
			"confirm": func(rt *rapid.T) {
				id := orderID()
				run("confirm", func(c sdk.Context) error {
					_, err := vb(ms.ConfirmDelivery)(c, &types.MsgConfirmDelivery{Buyer: party(id, buyerOf), OrderId: id})
					return err
				})
			},
			"cancel": func(rt *rapid.T) {
				id := orderID()
				run("cancel", func(c sdk.Context) error {
					_, err := vb(ms.CancelOrder)(c, &types.MsgCancelOrder{Signer: party(id, eitherOf), OrderId: id})
					return err
				})
			},
			"dispute": func(rt *rapid.T) {
				id := orderID()
				run("dispute", func(c sdk.Context) error {
					_, err := vb(ms.OpenDispute)(c, &types.MsgOpenDispute{Signer: party(id, eitherOf), OrderId: id, Reason: "why"})
					return err
				})
			},
			"resolve": func(rt *rapid.T) {
				id := orderID()
				run("resolve", func(c sdk.Context) error {
					_, err := vb(ms.ResolveDispute)(c, &types.MsgResolveDispute{
						Arbiter: pick("arbiter", []string{fa.arbiter.String(), fa.arbiter.String(), fa.bob.String()}), OrderId: id,
						Resolution: rapid.SampledFrom([]types.Resolution{types.ResolutionRelease, types.ResolutionRefund}).Draw(rt, "resolution"),
						Reason:     "decided",
					})
					return err
				})
			},
			"freeze or unfreeze": func(rt *rapid.T) {
				who := pick("who", parties)
				run("freeze", func(c sdk.Context) error {
					if rapid.IntRange(0, 3).Draw(rt, "freeze") == 0 {
						_, err := aegiskeeper.NewMsgServerImpl(fa.AegisKeeper).FreezeAccount(c, &aegistypes.MsgFreezeAccount{Officer: gov, Address: who, Reason: "property test"})
						return err
					}
					_, err := aegiskeeper.NewMsgServerImpl(fa.AegisKeeper).UnfreezeAccount(c, &aegistypes.MsgUnfreezeAccount{Officer: gov, Address: who, Reason: "property test"})
					return err
				})
			},
			"time passes": func(rt *rapid.T) {
				ctx = ctx.WithBlockTime(ctx.BlockTime().Add(time.Duration(rapid.Int64Range(0, int64(2*time.Hour)).Draw(rt, "dt"))))
				ectx := ctx.WithEventManager(sdk.NewEventManager())
				require.NoError(rt, k.EndBlocker(ectx), "EndBlock must never fail")
			},
			"": func(rt *rapid.T) {
				requireEscrowInvariant(rt, ctx, k, fa.BankKeeper.GetAllBalances(ctx, escrowAddr))
				require.True(rt, supply.Equal(total()), "coins created or lost: %s → %s", supply, total())
				for _, id := range orders {
					o, err := k.GetOrder(ctx, id)
					require.NoError(rt, err)
					if prev, ok := closed[id]; ok {
						require.Equal(rt, prev.Status, o.Status, "order %s reopened or changed outcome", id)
						require.Equal(rt, prev.CloseReason, o.CloseReason, "order %s", id)
						continue
					}
					if o.Status.IsClosed() {
						closed[id] = o
						_, err := k.Escrows.Get(ctx, keyOf(o))
						require.True(rt, errors.Is(err, collectionsErrNotFound), "closed order %s kept its escrow", id)
					}
				}
			},
		})
	})
}

func keyOf(o types.Order) keeper.OrderKey { return collectionsJoin(o.ListingId, o.Seq) }

// errKind names a registered error by codespace and code.
func errKind(err error) string {
	var e interface {
		Codespace() string
		ABCICode() uint32
	}
	if errors.As(err, &e) {
		return fmt.Sprintf("%s/%d", e.Codespace(), e.ABCICode())
	}
	return err.Error()
}

// vb runs a Msg's ValidateBasic before the msg server, as the message
// router does (the msg server does not run it again).
func vb[M sdk.HasValidateBasic, R any](handler func(context.Context, M) (R, error)) func(context.Context, M) (R, error) {
	return func(ctx context.Context, msg M) (R, error) {
		if err := msg.ValidateBasic(); err != nil {
			var zero R
			return zero, err
		}
		return handler(ctx, msg)
	}
}
