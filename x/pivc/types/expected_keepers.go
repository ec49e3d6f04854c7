package types

import (
	"context"
	"time"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
)

// AccountKeeper is what x/pivc needs from x/auth.
type AccountKeeper interface {
	AddressCodec() address.Codec
	GetModuleAddress(moduleName string) sdk.AccAddress
	GetModuleAccount(ctx context.Context, moduleName string) sdk.ModuleAccountI
	// GetModulePermissions lists every module account the app can create
	// (maccPerms); the restriction treats exactly these as module accounts.
	GetModulePermissions() map[string]authtypes.PermissionsForAddress
}

// BankKeeper is what x/pivc needs from x/bank.
type BankKeeper interface {
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	GetAllBalances(ctx context.Context, addr sdk.AccAddress) sdk.Coins
	LockedCoins(ctx context.Context, addr sdk.AccAddress) sdk.Coins
	BlockedAddr(addr sdk.AccAddress) bool

	SendCoins(ctx context.Context, fromAddr, toAddr sdk.AccAddress, amt sdk.Coins) error
	// SendCoinsToVirtual debits fromAddr now and credits toAddr in bank's
	// EndBlock, without a write to toAddr's balance per transfer.
	SendCoinsToVirtual(ctx context.Context, fromAddr, toAddr sdk.AccAddress, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipientAddr sdk.AccAddress, amt sdk.Coins) error
}

// EligibilityKeeper says whether an account may share in UBO: x/aegis
// implements it (verified and not frozen). x/aegis also calls
// Hooks().AfterEligibilityChanged after every standing change and, at its
// InitGenesis, for every eligible account.
type EligibilityKeeper interface {
	IsEligible(ctx context.Context, addr sdk.AccAddress) (bool, error)
}

// NoEligibility is an EligibilityKeeper for which nobody is eligible. It
// stands in until x/aegis is wired; with it nobody can claim UBO and the UBO
// pool only accumulates.
type NoEligibility struct{}

// IsEligible implements EligibilityKeeper.
func (NoEligibility) IsEligible(context.Context, sdk.AccAddress) (bool, error) { return false, nil }

// AuthzKeeper is what the SendAuthorization ante and post decorators need
// from x/authz.
type AuthzKeeper interface {
	GetAuthorization(ctx context.Context, grantee, granter sdk.AccAddress, msgType string) (authz.Authorization, *time.Time)
	SaveGrant(ctx context.Context, grantee, granter sdk.AccAddress, authorization authz.Authorization, expiration *time.Time) error
	DeleteGrant(ctx context.Context, grantee, granter sdk.AccAddress, msgType string) error
}
