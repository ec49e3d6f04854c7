package types

import (
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Constructors of the typed events of x/mint (events.proto), one per state
// change. Addresses are the bech32 strings of the chain's address codec.

// NewEventParamsUpdated returns the event of a params update; params are the
// params as stored.
func NewEventParamsUpdated(params Params) *EventParamsUpdated {
	return &EventParamsUpdated{Params: params}
}

// NewEventTreasurerGranted returns the event of a new treasurer.
func NewEventTreasurerGranted(treasurer string, allowance math.Int) *EventTreasurerGranted {
	return &EventTreasurerGranted{Treasurer: treasurer, Allowance: allowance}
}

// NewEventTreasurerAllowanceChanged returns the event of a treasurer's
// allowance set again.
func NewEventTreasurerAllowanceChanged(treasurer string, previous, allowance math.Int) *EventTreasurerAllowanceChanged {
	return &EventTreasurerAllowanceChanged{Treasurer: treasurer, PreviousAllowance: previous, Allowance: allowance}
}

// NewEventTreasurerRevoked returns the event of a treasurer revoked with
// the allowance it had not used.
func NewEventTreasurerRevoked(treasurer string, unused math.Int) *EventTreasurerRevoked {
	return &EventTreasurerRevoked{Treasurer: treasurer, UnusedAllowance: unused}
}

// NewEventATokenChartered returns the event of an a-Token chartered.
func NewEventATokenChartered(token AToken) *EventATokenChartered {
	return &EventATokenChartered{Denom: token.Denom(), AToken: token}
}

// NewEventIssuerChanged returns the event of an a-Token's issuer changed.
func NewEventIssuerChanged(denom, previous, issuer string) *EventIssuerChanged {
	return &EventIssuerChanged{Denom: denom, PreviousIssuer: previous, Issuer: issuer}
}

// NewEventMaxSupplyChanged returns the event of a cap changed (params'
// max_supply for uazr, an a-Token's max supply).
func NewEventMaxSupplyChanged(denom string, previous, maxSupply math.Int) *EventMaxSupplyChanged {
	return &EventMaxSupplyChanged{Denom: denom, PreviousMaxSupply: previous, MaxSupply: maxSupply}
}

// NewEventMintingPaused returns the event of an a-Token's minting paused.
func NewEventMintingPaused(denom string) *EventMintingPaused {
	return &EventMintingPaused{Denom: denom}
}

// NewEventMintingResumed returns the event of an a-Token's minting resumed.
func NewEventMintingResumed(denom string) *EventMintingResumed {
	return &EventMintingResumed{Denom: denom}
}

// NewEventMinted returns the event of a mint; remainingAllowance is the
// treasurer's allowance left ("" for an a-Token mint).
func NewEventMinted(minter, recipient string, amount, supply sdk.Coin, remainingAllowance string) *EventMinted {
	return &EventMinted{Minter: minter, Recipient: recipient, Amount: amount, Supply: supply, RemainingAllowance: remainingAllowance}
}

// NewEventBurned returns the event of a burn.
func NewEventBurned(owner string, amount, supply sdk.Coin) *EventBurned {
	return &EventBurned{Owner: owner, Amount: amount, Supply: supply}
}
