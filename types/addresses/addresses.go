// Package addresses decodes the addresses a Msg carries, in the msg server,
// with the app's address codec. Every Nexus module refuses a malformed or
// empty address the same way: sdkerrors.ErrInvalidAddress (codespace sdk,
// code 7) wrapped with the field name, e.g.
//
//	recipient "azora1nope": decoding bech32 failed: invalid bech32 string length 10: invalid address
//
// Keeper methods take the decoded sdk.AccAddress / sdk.ValAddress, never the
// bech32 string (docs/architecture.md, "Msg server and keeper").
package addresses

import (
	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
)

// Account decodes the bech32 account address s of the Msg field named
// field. An empty or malformed address is sdkerrors.ErrInvalidAddress.
func Account(ac address.Codec, field, s string) (sdk.AccAddress, error) {
	if s == "" {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("%s is empty", field)
	}
	bz, err := ac.StringToBytes(s)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("%s %q: %s", field, s, err)
	}
	if len(bz) == 0 {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("%s is empty", field)
	}
	return bz, nil
}

// Validator decodes the bech32 validator operator address s
// (azoravaloper...) of the Msg field named field, with the same error
// family as Account.
func Validator(vc address.Codec, field, s string) (sdk.ValAddress, error) {
	bz, err := Account(vc, field, s)
	return sdk.ValAddress(bz), err
}

// String encodes addr with ac, for events and error messages. The codec
// only fails on an address it could not have produced (empty or too long),
// which a decoded or stored address never is; the SDK's global bech32
// form stands in then, so an event is never lost for it.
func String(ac address.Codec, addr []byte) string {
	s, err := ac.BytesToString(addr)
	if err != nil {
		return sdk.AccAddress(addr).String()
	}
	return s
}
