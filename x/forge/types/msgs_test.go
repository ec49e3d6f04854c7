package types_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/types/bech32"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/azora-os/nexus/x/forge/types"
)

func TestValidateBasic(t *testing.T) {
	now := time.Now().UTC()
	price := sdk.NewInt64Coin("uazr", 1_000)
	for _, tc := range []struct {
		name   string
		msg    sdk.HasValidateBasic
		expErr *errorsmod.Error
	}{
		{"params ok", &types.MsgUpdateParams{Params: types.DefaultParams()}, nil},
		{"params bad", &types.MsgUpdateParams{}, types.ErrInvalidParams},
		{"grant ok", &types.MsgGrantRole{Role: types.RoleArbiter}, nil},
		{"grant unspecified", &types.MsgGrantRole{}, types.ErrInvalidRole},
		{"revoke unknown", &types.MsgRevokeRole{Role: 7}, types.ErrInvalidRole},
		{"register ok", &types.MsgRegisterAsset{Kind: "vehicle", Title: "Tractor"}, nil},
		{"register no kind", &types.MsgRegisterAsset{Title: "Tractor"}, types.ErrInvalidAsset},
		{"transfer ok", &types.MsgTransferAsset{AssetId: 1}, nil},
		{"transfer asset 0", &types.MsgTransferAsset{}, types.ErrAssetNotFound},
		{"handover ok", &types.MsgRecordHandover{OrderId: "1-1", Reference: "r"}, nil},
		{"handover bad id", &types.MsgRecordHandover{OrderId: "1", Reference: "r"}, types.ErrInvalidOrderID},
		{"handover no reference", &types.MsgRecordHandover{OrderId: "1-1"}, types.ErrInvalidReason},
		{"list ok", &types.MsgCreateListing{Kind: types.ListingKindGoods, Title: "t", Price: price, Quantity: 1, Expiry: &now}, nil},
		{"list asset ok", &types.MsgCreateListing{Kind: types.ListingKindAsset, Title: "t", Price: price, Quantity: 1, AssetId: 3}, nil},
		{"list no kind", &types.MsgCreateListing{Title: "t", Price: price, Quantity: 1}, types.ErrInvalidListing},
		{"list no title", &types.MsgCreateListing{Kind: types.ListingKindGoods, Price: price, Quantity: 1}, types.ErrInvalidListing},
		{"list zero price", &types.MsgCreateListing{Kind: types.ListingKindGoods, Title: "t", Price: sdk.NewInt64Coin("uazr", 0), Quantity: 1}, types.ErrInvalidPrice},
		{"list zero quantity", &types.MsgCreateListing{Kind: types.ListingKindGoods, Title: "t", Price: price}, types.ErrInvalidQuantity},
		{"list overflow", &types.MsgCreateListing{Kind: types.ListingKindGoods, Title: "t", Price: sdk.NewCoin("uazr", pow2(230)), Quantity: 1 << 25}, types.ErrOverflow},
		{"list goods with asset", &types.MsgCreateListing{Kind: types.ListingKindGoods, Title: "t", Price: price, Quantity: 1, AssetId: 1}, types.ErrInvalidListing},
		{"list asset without id", &types.MsgCreateListing{Kind: types.ListingKindAsset, Title: "t", Price: price, Quantity: 1}, types.ErrInvalidListing},
		{"list asset quantity 2", &types.MsgCreateListing{Kind: types.ListingKindAsset, Title: "t", Price: price, Quantity: 2, AssetId: 1}, types.ErrInvalidQuantity},
		{"update ok", &types.MsgUpdateListing{ListingId: 1, Price: price}, nil},
		{"update listing 0", &types.MsgUpdateListing{Price: price}, types.ErrListingNotFound},
		{"update zero price", &types.MsgUpdateListing{ListingId: 1, Price: sdk.NewInt64Coin("uazr", 0)}, types.ErrInvalidPrice},
		{"update too many", &types.MsgUpdateListing{ListingId: 1, Price: price, Quantity: types.MaxQuantity + 1}, types.ErrInvalidQuantity},
		{"withdraw ok", &types.MsgWithdrawListing{ListingId: 1}, nil},
		{"withdraw 0", &types.MsgWithdrawListing{}, types.ErrListingNotFound},
		{"order ok", &types.MsgPlaceOrder{ListingId: 1, Quantity: 1, UnitPrice: price}, nil},
		{"order listing 0", &types.MsgPlaceOrder{Quantity: 1, UnitPrice: price}, types.ErrListingNotFound},
		{"order zero quantity", &types.MsgPlaceOrder{ListingId: 1, UnitPrice: price}, types.ErrInvalidQuantity},
		{"order zero price", &types.MsgPlaceOrder{ListingId: 1, Quantity: 1}, types.ErrInvalidPrice},
		{"order overflow", &types.MsgPlaceOrder{ListingId: 1, Quantity: 1 << 29, UnitPrice: sdk.NewCoin("uazr", pow2(230))}, types.ErrOverflow},
		{"accept ok", &types.MsgAcceptOrder{OrderId: "2-7"}, nil},
		{"accept bad id", &types.MsgAcceptOrder{OrderId: "x"}, types.ErrInvalidOrderID},
		{"confirm bad id", &types.MsgConfirmDelivery{OrderId: ""}, types.ErrInvalidOrderID},
		{"cancel bad id", &types.MsgCancelOrder{OrderId: "0-0"}, types.ErrInvalidOrderID},
		{"dispute ok", &types.MsgOpenDispute{OrderId: "1-1", Reason: "late"}, nil},
		{"dispute no reason", &types.MsgOpenDispute{OrderId: "1-1"}, types.ErrInvalidReason},
		{"resolve ok", &types.MsgResolveDispute{OrderId: "1-1", Resolution: types.ResolutionRelease, Reason: "ok"}, nil},
		{"resolve no resolution", &types.MsgResolveDispute{OrderId: "1-1", Reason: "ok"}, types.ErrInvalidResolution},
		{"resolve no reason", &types.MsgResolveDispute{OrderId: "1-1", Resolution: types.ResolutionRefund}, types.ErrInvalidReason},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.msg.ValidateBasic()
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
			} else {
				require.NoError(t, err)
			}
		})
	}
}

// TestPlaceOrderAegisTransfers: the escrow payment is reported to x/aegis
// (amount only, PIVC left out), to the forge module account in the buyer's
// bech32 prefix.
func TestPlaceOrderAegisTransfers(t *testing.T) {
	buyer, err := bech32.ConvertAndEncode("azora", []byte("buyer_______________"))
	require.NoError(t, err)
	escrow, err := bech32.ConvertAndEncode("azora", authtypes.NewModuleAddress(types.ModuleName))
	require.NoError(t, err)
	msg := &types.MsgPlaceOrder{Buyer: buyer, ListingId: 1, Quantity: 4, UnitPrice: sdk.NewInt64Coin("uazr", 250)}
	ts, err := msg.AegisTransfers()
	require.NoError(t, err)
	require.Len(t, ts, 1)
	require.Equal(t, buyer, ts[0].From)
	require.Equal(t, escrow, ts[0].To)
	require.Equal(t, sdk.NewCoins(sdk.NewInt64Coin("uazr", 1_000)), ts[0].Amount)

	_, err = (&types.MsgPlaceOrder{Buyer: "nope", Quantity: 1, UnitPrice: sdk.NewInt64Coin("uazr", 1)}).AegisTransfers()
	require.ErrorIs(t, err, sdkerrors.ErrInvalidAddress)
	_, err = (&types.MsgPlaceOrder{Buyer: buyer, Quantity: 1 << 29, UnitPrice: sdk.NewCoin("uazr", pow2(230))}).AegisTransfers()
	require.ErrorIs(t, err, types.ErrOverflow)
	_, err = (&types.MsgPlaceOrder{Buyer: buyer, Quantity: 1, UnitPrice: sdk.NewInt64Coin("uazr", 0)}).AegisTransfers()
	require.ErrorIs(t, err, types.ErrInvalidPrice)
}
