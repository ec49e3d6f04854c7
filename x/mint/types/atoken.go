package types

import (
	"strings"

	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// Denom returns the bank denom of the a-Token, a/<symbol>.
func (t AToken) Denom() string { return ATokenDenom(t.Symbol) }

// Validate checks a stored a-Token (its exponent is the effective one, never
// 0).
func (t AToken) Validate(ac address.Codec) error {
	if err := ValidateSymbol(t.Symbol); err != nil {
		return err
	}
	if err := ValidateATokenInfo(t.Name, t.Description, t.Exponent); err != nil {
		return err
	}
	if _, err := ac.StringToBytes(t.Issuer); err != nil {
		return sdkerrors.ErrInvalidAddress.Wrapf("issuer %q: %s", t.Issuer, err)
	}
	if err := ValidateCap(t.MaxSupply); err != nil {
		return err
	}
	if t.CharteredHeight < 0 {
		return ErrInvalidATokenInfo.Wrapf("chartered_height %d is negative", t.CharteredHeight)
	}
	return nil
}

// Metadata is the bank denom metadata of the a-Token, so wallets and CosmJS
// show it: base a/<symbol> (exponent 0), display unit <symbol> (exponent
// Exponent), ticker <SYMBOL>.
func (t AToken) Metadata() banktypes.Metadata {
	return banktypes.Metadata{
		Description: t.Description,
		DenomUnits: []*banktypes.DenomUnit{
			{Denom: t.Denom(), Exponent: 0},
			{Denom: t.Symbol, Exponent: t.Exponent},
		},
		Base:    t.Denom(),
		Display: t.Symbol,
		Name:    t.Name,
		Symbol:  strings.ToUpper(t.Symbol),
	}
}

// MaxSupplyCap bounds every max supply x/mint accepts (uazr's max_supply
// param and every a-Token's cap): 10^36 base units (10^30 whole tokens at
// 6 decimals), about 2^120. Far below 2^256, it keeps every running total
// the chain keeps of amounts (journal flows, fee totals, UBO indexes,
// velocity windows) from ever reaching math.Int's 256 bits: that would take
// more than 2^136 movements of a whole supply (issue 14: a cap near 2^256
// let a mint, burn and mint again overflow x/ledger's end-of-block sums and
// halt the chain).
var MaxSupplyCap = math.NewIntWithDecimal(1, 36)

// ValidateCap checks a max supply: positive and at most MaxSupplyCap.
func ValidateCap(maxSupply math.Int) error {
	if maxSupply.IsNil() || !maxSupply.IsPositive() {
		return ErrInvalidAmount.Wrapf("max supply must be positive, got %s", intString(maxSupply))
	}
	if maxSupply.GT(MaxSupplyCap) {
		return ErrInvalidAmount.Wrapf("max supply %s is above the bound 10^36 (%s): running totals of amounts must stay far below 2^256", maxSupply, MaxSupplyCap)
	}
	return nil
}

// ValidateMintAmount checks the amount of a mint or burn: a valid denom and
// a positive amount.
func ValidateMintAmount(denom string, amount math.Int) error {
	if amount.IsNil() || !amount.IsPositive() {
		return ErrInvalidAmount.Wrapf("amount must be positive, got %s%s", intString(amount), denom)
	}
	return nil
}

// Headroom is how much more may be minted under maxSupply when supply
// exists: maxSupply - supply, or zero if the supply is at or above the cap.
func Headroom(maxSupply, supply math.Int) math.Int {
	if supply.GTE(maxSupply) {
		return math.ZeroInt()
	}
	return maxSupply.Sub(supply)
}
