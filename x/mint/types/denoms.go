package types

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/azora-os/nexus/types/movement"
)

const (
	// NativeDenom is the base unit of AZR, issued by treasurers.
	NativeDenom = movement.BaseDenom
	// StakeDenom is the validator voting-power token. x/mint never charters,
	// mints or burns it (validator power is the authority's business).
	StakeDenom = "ustake"

	// ATokenDenomPrefix starts every a-Token denom: a/<symbol>.
	ATokenDenomPrefix = "a/"

	// MinSymbolLength and MaxSymbolLength bound a symbol's length.
	MinSymbolLength = 3
	MaxSymbolLength = 16

	// DefaultExponent is the exponent of an a-Token chartered with 0.
	DefaultExponent = 6
	// MaxExponent is the largest exponent an a-Token may have.
	MaxExponent = 18

	// MaxNameLength and MaxDescriptionLength bound the charter texts (bytes).
	MaxNameLength        = 64
	MaxDescriptionLength = 512
)

// reservedSymbols may never be chartered: the display units of the native
// denoms and their base units, so a wallet can never confuse an a-Token with
// AZR or STAKE.
var reservedSymbols = map[string]struct{}{
	"azr":    {},
	"stake":  {},
	"uazr":   {},
	"mazr":   {},
	"ustake": {},
}

// IsReservedSymbol reports whether symbol may never be chartered.
func IsReservedSymbol(symbol string) bool {
	_, ok := reservedSymbols[symbol]
	return ok
}

// ValidateSymbolFormat checks that symbol matches [a-z][a-z0-9]{2,15}.
func ValidateSymbolFormat(symbol string) error {
	if n := len(symbol); n < MinSymbolLength || n > MaxSymbolLength {
		return ErrInvalidSymbol.Wrapf("%q: length %d, want %d to %d", symbol, n, MinSymbolLength, MaxSymbolLength)
	}
	for i := 0; i < len(symbol); i++ {
		c := symbol[i]
		switch {
		case c >= 'a' && c <= 'z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return ErrInvalidSymbol.Wrapf("%q: want a lower-case letter followed by lower-case letters or digits", symbol)
		}
	}
	return nil
}

// ValidateSymbol checks the format of symbol and that it is not reserved:
// the rule for a symbol that is about to be chartered.
func ValidateSymbol(symbol string) error {
	if err := ValidateSymbolFormat(symbol); err != nil {
		return err
	}
	if IsReservedSymbol(symbol) {
		return ErrReservedSymbol.Wrapf("%q is reserved", symbol)
	}
	return nil
}

// ATokenDenom returns the bank denom of the a-Token symbol: a/<symbol>.
func ATokenDenom(symbol string) string { return ATokenDenomPrefix + symbol }

// ParseATokenDenom returns the symbol of an a-Token denom a/<symbol>. It
// checks the format only, not whether the a-Token exists.
func ParseATokenDenom(denom string) (string, error) {
	symbol, ok := strings.CutPrefix(denom, ATokenDenomPrefix)
	if !ok {
		return "", ErrInvalidSymbol.Wrapf("denom %q does not start with %q", denom, ATokenDenomPrefix)
	}
	if err := ValidateSymbolFormat(symbol); err != nil {
		return "", err
	}
	return symbol, nil
}

// IsATokenDenom reports whether denom has the a-Token form a/<symbol>.
func IsATokenDenom(denom string) bool {
	_, err := ParseATokenDenom(denom)
	return err == nil
}

// SymbolFromQuery accepts an a-Token's symbol ("kasi") or denom ("a/kasi")
// and returns the symbol.
func SymbolFromQuery(s string) (string, error) {
	if strings.HasPrefix(s, ATokenDenomPrefix) {
		return ParseATokenDenom(s)
	}
	if err := ValidateSymbolFormat(s); err != nil {
		return "", err
	}
	return s, nil
}

// EffectiveExponent returns the exponent an a-Token chartered with e gets:
// 0 means DefaultExponent.
func EffectiveExponent(e uint32) uint32 {
	if e == 0 {
		return DefaultExponent
	}
	return e
}

// ValidateATokenInfo checks the name, description and exponent of a charter.
func ValidateATokenInfo(name, description string, exponent uint32) error {
	if strings.TrimSpace(name) == "" {
		return ErrInvalidATokenInfo.Wrap("name is blank")
	}
	if len(name) > MaxNameLength {
		return ErrInvalidATokenInfo.Wrapf("name is %d bytes, at most %d", len(name), MaxNameLength)
	}
	if len(description) > MaxDescriptionLength {
		return ErrInvalidATokenInfo.Wrapf("description is %d bytes, at most %d", len(description), MaxDescriptionLength)
	}
	if why := checkText(name, false); why != "" {
		return ErrInvalidATokenInfo.Wrapf("name %s", why)
	}
	if why := checkText(description, true); why != "" {
		return ErrInvalidATokenInfo.Wrapf("description %s", why)
	}
	if exponent < 1 || exponent > MaxExponent {
		return ErrInvalidATokenInfo.Wrapf("exponent %d, want 1 to %d", exponent, MaxExponent)
	}
	return nil
}

// checkText says why s is not acceptable text ("" if it is): invalid UTF-8
// or a control character (newlines are allowed where multiLine).
func checkText(s string, multiLine bool) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if r == '\n' && multiLine {
			continue
		}
		if unicode.IsControl(r) {
			return fmt.Sprintf("contains control character %U", r)
		}
	}
	return ""
}
