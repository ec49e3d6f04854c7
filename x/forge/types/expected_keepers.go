package types

import (
	"context"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

//go:generate ../../../tools/bin/mockgen -source=expected_keepers.go -package testutil -destination ../testutil/expected_keepers_mocks.go

// AccountKeeper is what x/forge needs from x/auth.
type AccountKeeper interface {
	AddressCodec() address.Codec
	GetModuleAddress(moduleName string) sdk.AccAddress
	// GetModuleAccount returns the module account, creating it if needed.
	GetModuleAccount(ctx context.Context, moduleName string) sdk.ModuleAccountI
}

// BankKeeper is what x/forge needs from x/bank. Every escrow movement goes
// through bank's send paths, so the bank send restrictions (aegis, pivc,
// ledger) see each one.
type BankKeeper interface {
	SendCoinsFromAccountToModule(ctx context.Context, senderAddr sdk.AccAddress, recipientModule string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipientAddr sdk.AccAddress, amt sdk.Coins) error
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	GetAllBalances(ctx context.Context, addr sdk.AccAddress) sdk.Coins
	LockedCoins(ctx context.Context, addr sdk.AccAddress) sdk.Coins
	BlockedAddr(addr sdk.AccAddress) bool
}

// PivcKeeper is what x/forge needs from x/pivc: the fee a buyer → seller
// transfer pays, and the capture of a fee held in escrow.
type PivcKeeper interface {
	// FeeFor is the PIVC of moving amount from `from` to `to` (zero for
	// exempt parties or a zero rate).
	FeeFor(ctx context.Context, from, to sdk.AccAddress, amount sdk.Coins) (sdk.Coins, error)
	// CaptureFromModule moves fee from the module account to the PIVC pools
	// (split as usual) and emits EventFeeCaptured naming payer.
	CaptureFromModule(ctx context.Context, fromModule string, payer sdk.AccAddress, fee sdk.Coins) error
}

// ReputationKeeper is what x/forge reads from x/mesh (app.go passes the
// mesh keeper to Keeper.SetReputationKeeper): an account's reputation,
// defined by x/mesh as the mean reputation of the employee nodes the
// account owns, and how many there are (0: the account is unrated). One O(1)
// store read, never a write. x/forge reads it in exactly these places
// (README "Reputation"): the Listing, Listings, Order, OrdersByBuyer and
// OrdersBySeller queries, and PlaceOrder on a listing with a positive
// min_buyer_reputation.
type ReputationKeeper interface {
	AccountReputation(ctx context.Context, addr sdk.AccAddress) (reputation, employeeNodes uint64, err error)
}

// AegisKeeper is what x/forge needs from x/aegis: whether an account is
// frozen, checked before it lists, orders or is paid.
type AegisKeeper interface {
	IsFrozen(ctx context.Context, addr sdk.AccAddress) (bool, error)
}

// DenomKeeper is what x/forge needs from x/mint: whether a denom is money on
// Nexus (uazr or a chartered a-Token), so that a listing is priced only in
// a denom a buyer can really pay with.
type DenomKeeper interface {
	IsPayableDenom(ctx context.Context, denom string) (bool, error)
}
