package types

import (
	"strings"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/movement"
)

const (
	// MinMsgDepth is the smallest allowed params.max_msg_depth: a gov
	// proposal carrying a message is two levels deep, and the authority must
	// always be able to change the constitution.
	MinMsgDepth = 2
	// MaxMsgDepth is the largest allowed params.max_msg_depth: the bound of
	// every walk of nested messages (movement.MaxMsgDepth), well below the
	// SDK decoder's own limit (about ten levels of Any nesting).
	MaxMsgDepth = movement.MaxMsgDepth
	// DefaultMsgDepth is the default params.max_msg_depth.
	DefaultMsgDepth = 5

	// DefaultFeeDenom is the default params.fee_denom: AZR's base unit.
	DefaultFeeDenom = movement.BaseDenom
	// DefaultMaxTxGas is the default params.max_tx_gas.
	DefaultMaxTxGas = 100_000_000
	// MinMaxTxGas is the smallest allowed params.max_tx_gas: a governance
	// proposal must always fit, so the authority can never lock itself out.
	MinMaxTxGas = 1_000_000
	// MaxMaxTxGas is the largest allowed params.max_tx_gas.
	MaxMaxTxGas = 10_000_000_000
)

var (
	// DefaultBaseGasPrice is the default params.base_gas_price: the minimum
	// gas price `nexusd init` writes (0.001 uazr per unit of gas).
	DefaultBaseGasPrice = math.LegacyNewDecWithPrec(1, 3)
	// DefaultMaxGasPrice is the default params.max_gas_price: ten times the
	// base price (0.01 uazr per unit of gas).
	DefaultMaxGasPrice = math.LegacyNewDecWithPrec(1, 2)
	// MaxGasPriceBound is the largest allowed params.max_gas_price (1,000,000
	// fee_denom per unit of gas), so gas × price stays a small number.
	MaxGasPriceBound = math.LegacyNewDec(1_000_000)
)

// DefaultParams returns the default params.
func DefaultParams() Params {
	return Params{
		MaxMsgDepth:  DefaultMsgDepth,
		FeeDenom:     DefaultFeeDenom,
		BaseGasPrice: DecString(DefaultBaseGasPrice),
		MaxGasPrice:  DecString(DefaultMaxGasPrice),
		MaxTxGas:     DefaultMaxTxGas,
	}
}

// Validate checks that the params are in range.
func (p Params) Validate() error {
	if p.MaxMsgDepth < MinMsgDepth || p.MaxMsgDepth > MaxMsgDepth {
		return ErrInvalidParams.Wrapf("max_msg_depth %d is not between %d and %d", p.MaxMsgDepth, MinMsgDepth, MaxMsgDepth)
	}
	if err := sdk.ValidateDenom(p.FeeDenom); err != nil {
		return ErrInvalidParams.Wrapf("fee_denom %q: %s", p.FeeDenom, err)
	}
	base, err := math.LegacyNewDecFromStr(p.BaseGasPrice)
	if err != nil || base.IsNegative() {
		return ErrInvalidParams.Wrapf("base_gas_price must be a decimal, zero or positive, got %q", p.BaseGasPrice)
	}
	maxPrice, err := math.LegacyNewDecFromStr(p.MaxGasPrice)
	if err != nil || !maxPrice.IsPositive() || maxPrice.GT(MaxGasPriceBound) {
		return ErrInvalidParams.Wrapf("max_gas_price must be a positive decimal of at most %s, got %q", DecString(MaxGasPriceBound), p.MaxGasPrice)
	}
	if base.GT(maxPrice) {
		return ErrInvalidParams.Wrapf("base_gas_price %s is above max_gas_price %s", p.BaseGasPrice, p.MaxGasPrice)
	}
	if p.MaxTxGas < MinMaxTxGas || p.MaxTxGas > MaxMaxTxGas {
		return ErrInvalidParams.Wrapf("max_tx_gas %d is not between %d and %d", p.MaxTxGas, MinMaxTxGas, MaxMaxTxGas)
	}
	return nil
}

// FeeRule is the fee rule of valid params, with its prices parsed.
type FeeRule struct {
	Denom        string
	BaseGasPrice math.LegacyDec
	MaxGasPrice  math.LegacyDec
	MaxTxGas     uint64
}

// FeeRule returns the fee rule of params that pass Validate: every stored
// value does (MsgUpdateParams and genesis validate, and the v2 upgrade
// migrated the fee params into stores written before the fee rule,
// x/aegis/migrations/v2). For params that do not, the rule fails closed
// rather than falling back to defaults: a price that does not parse reads
// as zero (no fee is allowed), an unset denom or max_tx_gas matches nothing.
func (p Params) FeeRule() FeeRule {
	return FeeRule{
		Denom:        p.FeeDenom,
		BaseGasPrice: decOrZero(p.BaseGasPrice),
		MaxGasPrice:  decOrZero(p.MaxGasPrice),
		MaxTxGas:     p.MaxTxGas,
	}
}

// decOrZero parses a decimal param, zero if it does not parse.
func decOrZero(s string) math.LegacyDec {
	d, err := math.LegacyNewDecFromStr(s)
	if err != nil {
		return math.LegacyZeroDec()
	}
	return d
}

// FeeBounds are what the fee rule allows a transaction that declares
// gasLimit: at most Max, and Free of it is not counted against velocity
// limits. Both are rounded up (in the payer's favour), as the CLI rounds a
// fee from its gas price.
type FeeBounds struct {
	GasLimit uint64
	Max      math.Int
	Free     math.Int
}

// BoundsFor returns the fee bounds of a gas limit.
func (r FeeRule) BoundsFor(gasLimit uint64) FeeBounds {
	gas := math.LegacyNewDecFromInt(math.NewIntFromUint64(gasLimit))
	return FeeBounds{
		GasLimit: gasLimit,
		Max:      gas.Mul(r.MaxGasPrice).Ceil().TruncateInt(),
		Free:     gas.Mul(r.BaseGasPrice).Ceil().TruncateInt(),
	}
}

// DecString prints a decimal without trailing zeros ("0.01", "2").
func DecString(d math.LegacyDec) string {
	if d.IsNil() {
		return "<nil>"
	}
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
