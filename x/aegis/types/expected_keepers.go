package types

import (
	"context"

	gogoproto "github.com/cosmos/gogoproto/proto"
	protov2 "google.golang.org/protobuf/proto"

	"cosmossdk.io/core/address"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// AccountKeeper is what x/aegis needs from x/auth: whether an address is a
// module account, and the address codec.
type AccountKeeper interface {
	GetAccount(ctx context.Context, addr sdk.AccAddress) sdk.AccountI
	GetModuleAddress(moduleName string) sdk.AccAddress
	AddressCodec() address.Codec
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
