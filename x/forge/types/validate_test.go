package types_test

import (
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

func pow2(n uint) math.Int { return math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), n)) }

func TestValidateText(t *testing.T) {
	for _, tc := range []struct {
		name   string
		input  string
		expErr bool
	}{
		{name: "plain", input: "Plumbing, per hour"},
		{name: "unicode", input: "Umqombothi — 20 ℓ"},
		{name: "max length", input: strings.Repeat("a", types.MaxTitleLength)},
		{name: "empty", input: "", expErr: true},
		{name: "blank", input: " \t ", expErr: true},
		{name: "too long", input: strings.Repeat("a", types.MaxTitleLength+1), expErr: true},
		{name: "control", input: "bad\nline", expErr: true},
		{name: "invalid utf-8", input: "\xff\xfe", expErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateTitle(tc.input)
			if tc.expErr {
				require.ErrorIs(t, err, types.ErrInvalidListing)
			} else {
				require.NoError(t, err)
			}
		})
	}
	require.ErrorIs(t, types.ValidateReason(""), types.ErrInvalidReason)
	require.ErrorIs(t, types.ValidateReason(strings.Repeat("r", types.MaxReasonLength+1)), types.ErrInvalidReason)
	require.NoError(t, types.ValidateReason(strings.Repeat("r", types.MaxReasonLength)))
	require.ErrorIs(t, types.ValidateReference(strings.Repeat("r", types.MaxReferenceLength+1)), types.ErrInvalidReason)
	require.NoError(t, types.ValidateReference("gate receipt 0042"))
}

func TestValidateAssetFields(t *testing.T) {
	hash := strings.Repeat("ab", 32)
	for _, tc := range []struct {
		name                   string
		kind, title, uri, hash string
		expErr                 bool
	}{
		{name: "full", kind: "gold-bar", title: "1 kg bar", uri: "ipfs://bafy", hash: hash},
		{name: "minimal", kind: "x", title: "t"},
		{name: "digits", kind: "2x4-timber", title: "t"},
		{name: "empty kind", kind: "", title: "t", expErr: true},
		{name: "upper-case kind", kind: "Gold", title: "t", expErr: true},
		{name: "leading dash", kind: "-gold", title: "t", expErr: true},
		{name: "kind too long", kind: strings.Repeat("k", types.MaxAssetKindLength+1), title: "t", expErr: true},
		{name: "underscore", kind: "gold_bar", title: "t", expErr: true},
		{name: "no title", kind: "k", title: "", expErr: true},
		{name: "uri with space", kind: "k", title: "t", uri: "a b", expErr: true},
		{name: "uri too long", kind: "k", title: "t", uri: strings.Repeat("u", types.MaxMetadataURILength+1), expErr: true},
		{name: "short hash", kind: "k", title: "t", hash: "abcd", expErr: true},
		{name: "upper-case hash", kind: "k", title: "t", hash: strings.ToUpper(hash), expErr: true},
		{name: "non-hex hash", kind: "k", title: "t", hash: strings.Repeat("zz", 32), expErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateAssetFields(tc.kind, tc.title, tc.uri, tc.hash)
			if tc.expErr {
				require.ErrorIs(t, err, types.ErrInvalidAsset)
			} else {
				require.NoError(t, err)
			}
		})
	}
}

func TestValidatePriceAndQuantity(t *testing.T) {
	for _, tc := range []struct {
		name   string
		price  sdk.Coin
		expErr *errorsmod.Error
	}{
		{name: "one", price: sdk.NewInt64Coin("uazr", 1)},
		{name: "a-token", price: sdk.NewInt64Coin("a/kasi", 5)},
		{name: "largest", price: sdk.NewCoin("uazr", pow2(types.MaxAmountBits).SubRaw(1))},
		{name: "zero", price: sdk.NewInt64Coin("uazr", 0), expErr: types.ErrInvalidPrice},
		{name: "negative", price: sdk.Coin{Denom: "uazr", Amount: math.NewInt(-1)}, expErr: types.ErrInvalidPrice},
		{name: "nil amount", price: sdk.Coin{Denom: "uazr"}, expErr: types.ErrInvalidPrice},
		{name: "no denom", price: sdk.Coin{Amount: math.OneInt()}, expErr: types.ErrInvalidPrice},
		{name: "bad denom", price: sdk.Coin{Denom: "!", Amount: math.OneInt()}, expErr: types.ErrInvalidPrice},
		{name: "too large", price: sdk.NewCoin("uazr", pow2(types.MaxAmountBits)), expErr: types.ErrOverflow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidatePrice(tc.price)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
			} else {
				require.NoError(t, err)
			}
		})
	}
	require.ErrorIs(t, types.ValidateQuantity(0), types.ErrInvalidQuantity)
	require.ErrorIs(t, types.ValidateQuantity(types.MaxQuantity+1), types.ErrInvalidQuantity)
	require.NoError(t, types.ValidateQuantity(1))
	require.NoError(t, types.ValidateQuantity(types.MaxQuantity))
}

func TestOrderAmount(t *testing.T) {
	got, err := types.OrderAmount(sdk.NewInt64Coin("uazr", 1_000_000), 3)
	require.NoError(t, err)
	require.Equal(t, sdk.NewInt64Coin("uazr", 3_000_000), got)
	// 2^222 × 2^30 needs 253 bits.
	_, err = types.OrderAmount(sdk.NewCoin("uazr", pow2(222)), 1<<30)
	require.ErrorIs(t, err, types.ErrOverflow)
	got, err = types.OrderAmount(sdk.NewCoin("uazr", pow2(221)), 1<<30)
	require.NoError(t, err)
	require.Equal(t, pow2(251), got.Amount)
}

// FuzzOrderAmount: OrderAmount is exact multiplication below the bound and
// ErrOverflow above it, never a panic.
func FuzzOrderAmount(f *testing.F) {
	f.Add(uint64(1), uint(0), uint64(1))
	f.Add(uint64(7), uint(240), uint64(1_000_000_000))
	f.Add(uint64(1), uint(251), uint64(2))
	f.Fuzz(func(t *testing.T, base uint64, shift uint, qty uint64) {
		shift %= 260
		price := new(big.Int).Lsh(new(big.Int).SetUint64(base), shift)
		if price.Sign() == 0 || price.BitLen() > 256 {
			return
		}
		got, err := types.OrderAmount(sdk.Coin{Denom: "uazr", Amount: math.NewIntFromBigInt(price)}, qty)
		want := new(big.Int).Mul(price, new(big.Int).SetUint64(qty))
		if want.BitLen() > types.MaxAmountBits {
			if err == nil {
				t.Fatalf("%s × %d = %s (%d bits) accepted", price, qty, want, want.BitLen())
			}
			return
		}
		if err != nil {
			t.Fatalf("%s × %d: %v", price, qty, err)
		}
		if got.Amount.BigInt().Cmp(want) != 0 {
			t.Fatalf("%s × %d = %s, got %s", price, qty, want, got.Amount)
		}
	})
}

func TestEnums(t *testing.T) {
	require.NoError(t, types.ListingKindLabour.Validate())
	require.ErrorIs(t, types.ListingKindUnspecified.Validate(), types.ErrInvalidListing)
	require.ErrorIs(t, types.ListingKind(5).Validate(), types.ErrInvalidListing)
	require.NoError(t, types.RoleCustodian.Validate())
	require.ErrorIs(t, types.RoleUnspecified.Validate(), types.ErrInvalidRole)
	require.NoError(t, types.ResolutionRefund.Validate())
	require.ErrorIs(t, types.Resolution(3).Validate(), types.ErrInvalidResolution)
	for s, open := range map[types.OrderStatus]bool{
		types.OrderStatusPlaced: true, types.OrderStatusAccepted: true, types.OrderStatusDisputed: true, types.OrderStatusHeld: true,
		types.OrderStatusSettled: false, types.OrderStatusRefunded: false, types.OrderStatusUnspecified: false,
	} {
		require.Equal(t, open, s.IsOpen(), s.String())
	}
	require.True(t, types.OrderStatusAccepted.Expires())
	require.False(t, types.OrderStatusHeld.Expires())
}

func TestParams(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mut    func(p *types.Params)
		expErr bool
	}{
		{name: "default", mut: func(*types.Params) {}},
		{name: "retention zero", mut: func(p *types.Params) { p.ClosedOrderRetention = 0 }},
		{name: "bound one", mut: func(p *types.Params) { p.MaxExpiriesPerBlock = 1 }},
		{name: "bound max", mut: func(p *types.Params) { p.MaxExpiriesPerBlock = types.MaxMaxExpiriesPerBlock }},
		{name: "bound zero", mut: func(p *types.Params) { p.MaxExpiriesPerBlock = 0 }, expErr: true},
		{name: "bound too high", mut: func(p *types.Params) { p.MaxExpiriesPerBlock = types.MaxMaxExpiriesPerBlock + 1 }, expErr: true},
		{name: "ttl below a second", mut: func(p *types.Params) { p.OrderTtl = types.MinDuration - 1 }, expErr: true},
		{name: "ttl too long", mut: func(p *types.Params) { p.OrderTtl = types.MaxDuration + 1 }, expErr: true},
		{name: "listing duration zero", mut: func(p *types.Params) { p.MaxListingDuration = 0 }, expErr: true},
		{name: "negative retention", mut: func(p *types.Params) { p.ClosedOrderRetention = -1 }, expErr: true},
		{name: "retention too long", mut: func(p *types.Params) { p.ClosedOrderRetention = types.MaxDuration + 1 }, expErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := types.DefaultParams()
			tc.mut(&p)
			err := p.Validate()
			if tc.expErr {
				require.ErrorIs(t, err, types.ErrInvalidParams)
			} else {
				require.NoError(t, err)
			}
		})
	}
}

func TestEscrow(t *testing.T) {
	e := types.Escrow{Amount: sdk.NewInt64Coin("uazr", 100), Fee: sdk.NewInt64Coin("uazr", 5)}
	require.NoError(t, e.Validate())
	require.Equal(t, sdk.NewInt64Coin("uazr", 105), e.Total())
	require.NoError(t, types.Escrow{Amount: sdk.NewInt64Coin("uazr", 100), Fee: sdk.NewInt64Coin("uazr", 0)}.Validate())
	require.ErrorIs(t, types.Escrow{Amount: sdk.NewInt64Coin("uazr", 100), Fee: sdk.NewInt64Coin("a/kasi", 5)}.Validate(), types.ErrEscrowInvariant)
	require.ErrorIs(t, types.Escrow{Amount: sdk.NewInt64Coin("uazr", 0), Fee: sdk.NewInt64Coin("uazr", 5)}.Validate(), types.ErrEscrowInvariant)
	require.ErrorIs(t, types.Escrow{Amount: sdk.NewInt64Coin("uazr", 1), Fee: sdk.Coin{Denom: "uazr", Amount: math.NewInt(-1)}}.Validate(), types.ErrEscrowInvariant)
}
