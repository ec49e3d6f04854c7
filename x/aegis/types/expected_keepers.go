package types

import (
	"context"

	gogoproto "github.com/cosmos/gogoproto/proto"
	protov2 "google.golang.org/protobuf/proto"

	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// AccountKeeper is what x/aegis needs from x/auth: whether an address is a
// module account, and the address codec.
type AccountKeeper interface {
	GetAccount(ctx context.Context, addr sdk.AccAddress) sdk.AccountI
	GetModuleAddress(moduleName string) sdk.AccAddress
	AddressCodec() address.Codec
	// GetModulePermissions lists every module account the app can create
	// (maccPerms): exactly these are module accounts to x/aegis, as to
	// x/pivc and x/ledger (types/movement.ModuleAccounts).
	GetModulePermissions() map[string]authtypes.PermissionsForAddress
}

// MsgRouter tells executable messages apart from other values nested in a
// message (authorizations, public keys): only messages have signers and
// transfers. The app's baseapp.MsgServiceRouter implements it.
type MsgRouter interface {
	HandlerByTypeURL(typeURL string) baseapp.MsgServiceHandler
}

// SignerReader returns the signers of a message; the app codec implements it.
type SignerReader interface {
	GetMsgV1Signers(msg gogoproto.Message) ([][]byte, protov2.Message, error)
}

// EligibilityHooks are told when an account's UBO eligibility (verified and not frozen) may have changed.
type EligibilityHooks interface {
	// AfterEligibilityChanged is called after every standing change with the new eligibility,
	// and at InitGenesis for every eligible account. Implementations must be idempotent.
	AfterEligibilityChanged(ctx context.Context, addr sdk.AccAddress, eligible bool) error
}

// StakingKeeper is what x/aegis needs from x/staking for the permissioned
// validator set: a validator's tokens and status, the operator's unbonding
// stake, jailing on removal, and the bonded set for the governance tally.
type StakingKeeper interface {
	GetValidator(ctx context.Context, addr sdk.ValAddress) (stakingtypes.Validator, error)
	GetUnbondingDelegation(ctx context.Context, delAddr sdk.AccAddress, valAddr sdk.ValAddress) (stakingtypes.UnbondingDelegation, error)
	Jail(ctx context.Context, consAddr sdk.ConsAddress) error
	IterateBondedValidatorsByPower(ctx context.Context, fn func(index int64, validator stakingtypes.ValidatorI) (stop bool)) error
	PowerReduction(ctx context.Context) math.Int
	BondDenom(ctx context.Context) (string, error)
}

// BankKeeper is what x/aegis needs from x/bank to mint and burn ustake.
type BankKeeper interface {
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	MintCoins(ctx context.Context, moduleName string, amt sdk.Coins) error
	BurnCoins(ctx context.Context, moduleName string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipientAddr sdk.AccAddress, amt sdk.Coins) error
	SendCoinsFromAccountToModule(ctx context.Context, senderAddr sdk.AccAddress, recipientModule string, amt sdk.Coins) error
}
