package types

import (
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
)

// Bounds of the admission list. MaxAdmittedValidators bounds every walk of
// the list (genesis, queries, the governance tally walks bonded validators,
// which x/staking bounds itself). MaxValidatorPower keeps the sum of every
// cap far below CometBFT's total voting power limit (MaxInt64 / 8).
const (
	MaxAdmittedValidators        = 256
	MaxValidatorPower     uint64 = 1_000_000_000_000
)

// ValidateOperator checks a validator operator address (azoravaloper...).
func ValidateOperator(operator string) (sdk.ValAddress, error) {
	v, err := sdk.ValAddressFromBech32(operator)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("operator %q: %s", operator, err)
	}
	return v, nil
}

// ValidateMaxPower checks a max power: positive and at most MaxValidatorPower.
func ValidateMaxPower(p uint64) error {
	if p == 0 || p > MaxValidatorPower {
		return ErrInvalidAdmission.Wrapf("max power must be 1-%d, got %d", MaxValidatorPower, p)
	}
	return nil
}

// Validate checks an admission list entry.
func (v AdmittedValidator) Validate() error {
	if _, err := ValidateOperator(v.Operator); err != nil {
		return err
	}
	if v.AdmittedHeight < 0 {
		return ErrInvalidAdmission.Wrapf("%s: negative admitted_height", v.Operator)
	}
	return ValidateMaxPower(v.MaxPower)
}

// MaxStake returns the most ustake a validator with this max power may bond:
// max power × the power reduction (10^6 ustake per unit of consensus power).
func MaxStake(maxPower uint64, powerReduction math.Int) math.Int {
	return math.NewIntFromUint64(maxPower).Mul(powerReduction)
}

// ValidateStakeCoin checks an amount of stake to mint or burn: the bond
// denom and positive.
func ValidateStakeCoin(c sdk.Coin, bondDenom string) error {
	if err := c.Validate(); err != nil {
		return ErrInvalidStake.Wrapf("%s", err)
	}
	if c.Denom != bondDenom {
		return ErrInvalidStake.Wrapf("denom must be %s, got %s", bondDenom, c.Denom)
	}
	if !c.Amount.IsPositive() {
		return ErrInvalidStake.Wrapf("amount must be positive, got %s", c)
	}
	return nil
}
