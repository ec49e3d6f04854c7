package types

import (
	"context"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// AccountKeeper is what x/ledger needs from x/auth.
type AccountKeeper interface {
	AddressCodec() address.Codec
	GetModuleAddress(moduleName string) sdk.AccAddress
	// GetModulePermissions lists every module account the app can create
	// (maccPerms): the reconciliation finds the accounts that mint or burn
	// in it.
	GetModulePermissions() map[string]authtypes.PermissionsForAddress
}

// BankKeeper is what x/ledger needs from x/bank.
type BankKeeper interface {
	SendCoins(ctx context.Context, fromAddr, toAddr sdk.AccAddress, amt sdk.Coins) error
	IsSendEnabledCoins(ctx context.Context, coins ...sdk.Coin) error
	BlockedAddr(addr sdk.AccAddress) bool
	GetAllBalances(ctx context.Context, addr sdk.AccAddress) sdk.Coins
	IterateTotalSupply(ctx context.Context, cb func(sdk.Coin) bool)
}

// PivcKeeper is what x/ledger needs from x/pivc: the fee of a movement
// (recorded on its journal entry) and the pools the fees go to.
type PivcKeeper interface {
	FeeFor(ctx context.Context, from, to sdk.AccAddress, amount sdk.Coins) (sdk.Coins, error)
	GrowthPoolAddress() sdk.AccAddress
	UBOPoolAddress() sdk.AccAddress
}

// PivcTotals reads x/pivc's running totals (its query server implements
// it); the reconciliation compares the PIVC captured with the fees the
// journal recorded.
type PivcTotals interface {
	Totals(ctx context.Context, req *pivctypes.QueryTotalsRequest) (*pivctypes.QueryTotalsResponse, error)
}
