package types_test

import (
	"math/big"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mint/types"
)

// symbolRE is the reference rule of DESIGN.md §1 for a symbol.
var symbolRE = regexp.MustCompile(`^[a-z][a-z0-9]{2,15}$`)

func TestValidateSymbol(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		expErr error
	}{
		{"three letters", "abc", nil},
		{"sixteen characters", "abcdefghij012345", nil},
		{"letters and digits", "kasi2026", nil},
		{"kasi", "kasi", nil},
		{"empty", "", types.ErrInvalidSymbol},
		{"too short", "ab", types.ErrInvalidSymbol},
		{"too long", "abcdefghij0123456", types.ErrInvalidSymbol},
		{"upper case", "Kasi", types.ErrInvalidSymbol},
		{"all upper case", "KASI", types.ErrInvalidSymbol},
		{"leading digit", "1kasi", types.ErrInvalidSymbol},
		{"dash", "ka-si", types.ErrInvalidSymbol},
		{"underscore", "ka_si", types.ErrInvalidSymbol},
		{"slash", "a/kasi", types.ErrInvalidSymbol},
		{"space", "ka si", types.ErrInvalidSymbol},
		{"unicode letter", "käsi", types.ErrInvalidSymbol},
		{"trailing newline", "kasi\n", types.ErrInvalidSymbol},
		{"reserved azr", "azr", types.ErrReservedSymbol},
		{"reserved stake", "stake", types.ErrReservedSymbol},
		{"reserved uazr", "uazr", types.ErrReservedSymbol},
		{"reserved mazr", "mazr", types.ErrReservedSymbol},
		{"reserved ustake", "ustake", types.ErrReservedSymbol},
		{"not reserved: azr prefix", "azra", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateSymbol(tc.input)
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestParseATokenDenom(t *testing.T) {
	cases := []struct {
		name      string
		input     string
		expSymbol string
		expErr    error
	}{
		{"a-Token", "a/kasi", "kasi", nil},
		{"digits", "a/k2026", "k2026", nil},
		{"native denom", "uazr", "", types.ErrInvalidSymbol},
		{"stake", "ustake", "", types.ErrInvalidSymbol},
		{"ibc", "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2", "", types.ErrInvalidSymbol},
		{"upper-case prefix", "A/kasi", "", types.ErrInvalidSymbol},
		{"no symbol", "a/", "", types.ErrInvalidSymbol},
		{"nested", "a/a/kasi", "", types.ErrInvalidSymbol},
		{"bad symbol", "a/Kasi", "", types.ErrInvalidSymbol},
		{"too long", "a/abcdefghij0123456", "", types.ErrInvalidSymbol},
		// Format only: reserved symbols parse (they can never be chartered).
		{"reserved parses", "a/azr", "azr", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			symbol, err := types.ParseATokenDenom(tc.input)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				require.False(t, types.IsATokenDenom(tc.input))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.expSymbol, symbol)
			require.True(t, types.IsATokenDenom(tc.input))
			require.Equal(t, tc.input, types.ATokenDenom(symbol))
		})
	}
}

func TestSymbolFromQuery(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		exp    string
		expErr error
	}{
		{"symbol", "kasi", "kasi", nil},
		{"denom", "a/kasi", "kasi", nil},
		{"bad symbol", "KASI", "", types.ErrInvalidSymbol},
		{"bad denom", "a/K", "", types.ErrInvalidSymbol},
		{"native", "uazr", "uazr", nil}, // a well-formed symbol; lookup says unknown
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := types.SymbolFromQuery(tc.input)
			if tc.expErr != nil {
				require.ErrorIs(t, err, tc.expErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.exp, got)
		})
	}
}

func TestEffectiveExponent(t *testing.T) {
	require.Equal(t, uint32(6), types.EffectiveExponent(0))
	require.Equal(t, uint32(1), types.EffectiveExponent(1))
	require.Equal(t, uint32(18), types.EffectiveExponent(18))
	require.Equal(t, uint32(19), types.EffectiveExponent(19)) // refused by ValidateATokenInfo
}

func TestValidateATokenInfo(t *testing.T) {
	cases := []struct {
		name        string
		tokenName   string
		description string
		exponent    uint32
		expErr      error
	}{
		{"valid", "Kasi Rand", "Local currency of the Kasi economy.\nRedeemable at member shops.", 6, nil},
		{"unicode name", "Kasi Rand – Soweto", "", 6, nil},
		{"exponent 1", "Kasi", "", 1, nil},
		{"exponent 18", "Kasi", "", 18, nil},
		{"blank name", "  ", "", 6, types.ErrInvalidATokenInfo},
		{"empty name", "", "", 6, types.ErrInvalidATokenInfo},
		{"name too long", strings.Repeat("n", types.MaxNameLength+1), "", 6, types.ErrInvalidATokenInfo},
		{"name at limit", strings.Repeat("n", types.MaxNameLength), "", 6, nil},
		{"description too long", "Kasi", strings.Repeat("d", types.MaxDescriptionLength+1), 6, types.ErrInvalidATokenInfo},
		{"description at limit", "Kasi", strings.Repeat("d", types.MaxDescriptionLength), 6, nil},
		{"newline in name", "Kasi\nRand", "", 6, types.ErrInvalidATokenInfo},
		{"control char in description", "Kasi", "bell\a", 6, types.ErrInvalidATokenInfo},
		{"invalid utf-8", "Kasi\xff", "", 6, types.ErrInvalidATokenInfo},
		{"exponent 0", "Kasi", "", 0, types.ErrInvalidATokenInfo},
		{"exponent 19", "Kasi", "", 19, types.ErrInvalidATokenInfo},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateATokenInfo(tc.tokenName, tc.description, tc.exponent)
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
}

func TestHeadroom(t *testing.T) {
	cases := []struct {
		name              string
		maxSupply, supply int64
		exp               int64
	}{
		{"empty", 100, 0, 100},
		{"partly used", 100, 40, 60},
		{"full", 100, 100, 0},
		{"above the cap", 100, 150, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, math.NewInt(tc.exp), types.Headroom(math.NewInt(tc.maxSupply), math.NewInt(tc.supply)))
		})
	}
	// The largest Int minus zero does not overflow.
	maxInt := maxInt256()
	require.True(t, types.Headroom(maxInt, math.ZeroInt()).Equal(maxInt))
}

func TestValidateAmountsAndCaps(t *testing.T) {
	cases := []struct {
		name   string
		amount math.Int
		expErr error
	}{
		{"positive", math.NewInt(1), nil},
		{"zero", math.ZeroInt(), types.ErrInvalidAmount},
		{"negative", math.NewInt(-5), types.ErrInvalidAmount},
		{"nil", math.Int{}, types.ErrInvalidAmount},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, err := range []error{types.ValidateMintAmount("a/kasi", tc.amount), types.ValidateCap(tc.amount)} {
				if tc.expErr == nil {
					require.NoError(t, err)
				} else {
					require.ErrorIs(t, err, tc.expErr)
				}
			}
		})
	}
}

// TestCapBound: a max supply is at most 10^36 (issue 14); a mint or burn
// amount is bounded by the cap, not by this check.
func TestCapBound(t *testing.T) {
	require.Equal(t, "1000000000000000000000000000000000000", types.MaxSupplyCap.String())
	require.NoError(t, types.ValidateCap(types.MaxSupplyCap))
	for _, c := range []math.Int{types.MaxSupplyCap.AddRaw(1), maxInt256()} {
		require.ErrorIs(t, types.ValidateCap(c), types.ErrInvalidAmount)
		require.ErrorContains(t, types.ValidateCap(c), "above the bound 10^36")
		require.ErrorIs(t, types.NewParams(c).Validate(), types.ErrInvalidParams)
	}
	require.NoError(t, types.NewParams(types.MaxSupplyCap).Validate())
	require.NoError(t, types.ValidateMintAmount("a/kasi", maxInt256()))
}

// FuzzParseATokenDenom checks, for any input, that parsing never panics,
// agrees with the reference rule, and that a parsed denom round-trips and is
// a valid bank denom.
func FuzzParseATokenDenom(f *testing.F) {
	for _, seed := range []string{"a/kasi", "a/", "a/Kasi", "uazr", "a/abcdefghij012345", "a/abcdefghij0123456", "a/1ab", "a/a/b", "ibc/ABC", "a/kä"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, denom string) {
		symbol, err := types.ParseATokenDenom(denom)
		want := strings.HasPrefix(denom, "a/") && symbolRE.MatchString(denom[2:])
		if !want {
			require.Error(t, err, "%q must not parse", denom)
			return
		}
		require.NoError(t, err, "%q must parse", denom)
		require.Equal(t, denom, types.ATokenDenom(symbol))
		require.NoError(t, sdk.ValidateDenom(denom), "a-Token denom %q must be a valid bank denom", denom)
		require.NoError(t, types.ValidateSymbolFormat(symbol))
	})
}

// FuzzValidateSymbol checks ValidateSymbol against the reference rule and
// the reserved list, and that a valid symbol makes valid bank metadata.
func FuzzValidateSymbol(f *testing.F) {
	for _, seed := range []string{"kasi", "azr", "stake", "ab", "abc", "Abc", "a1b2", "ä12", "abcdefghij012345"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, symbol string) {
		err := types.ValidateSymbol(symbol)
		switch {
		case !symbolRE.MatchString(symbol):
			require.ErrorIs(t, err, types.ErrInvalidSymbol)
		case types.IsReservedSymbol(symbol):
			require.ErrorIs(t, err, types.ErrReservedSymbol)
		default:
			require.NoError(t, err)
			tok := types.AToken{Symbol: symbol, Name: "n", Exponent: 6}
			require.NoError(t, tok.Metadata().Validate())
		}
	})
}

// maxInt256 is the largest math.Int, 2^256 - 1.
func maxInt256() math.Int {
	return math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
}
