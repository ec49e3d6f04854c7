package types_test

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/x/forge/types"
)

func TestOrderID(t *testing.T) {
	require.Equal(t, "1-1", types.FormatOrderID(1, 1))
	require.Equal(t, "18446744073709551615-42", types.FormatOrderID(math.MaxUint64, 42))
	for _, tc := range []struct {
		name      string
		input     string
		listing   uint64
		seq       uint64
		expErr    bool
		expErrMsg string
	}{
		{name: "simple", input: "1-1", listing: 1, seq: 1},
		{name: "large", input: "18446744073709551615-18446744073709551615", listing: math.MaxUint64, seq: math.MaxUint64},
		{name: "empty", input: "", expErr: true, expErrMsg: "want <listing_id>-<seq>"},
		{name: "no dash", input: "11", expErr: true},
		{name: "empty listing", input: "-1", expErr: true},
		{name: "empty seq", input: "1-", expErr: true},
		{name: "zero listing", input: "0-1", expErr: true, expErrMsg: "zero or leading zero"},
		{name: "zero seq", input: "1-0", expErr: true},
		{name: "leading zero", input: "01-1", expErr: true},
		{name: "sign", input: "+1-1", expErr: true, expErrMsg: "not a decimal number"},
		{name: "negative", input: "1--1", expErr: true},
		{name: "three parts", input: "1-1-1", expErr: true},
		{name: "space", input: "1- 1", expErr: true},
		{name: "overflow", input: "18446744073709551616-1", expErr: true, expErrMsg: "out of range"},
		{name: "hex", input: "0x1-1", expErr: true},
		{name: "unicode digit", input: "١-1", expErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, s, err := types.ParseOrderID(tc.input)
			if tc.expErr {
				require.ErrorIs(t, err, types.ErrInvalidOrderID)
				require.Contains(t, err.Error(), tc.expErrMsg)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.listing, l)
			require.Equal(t, tc.seq, s)
			require.Equal(t, tc.input, types.FormatOrderID(l, s))
		})
	}
}

// FuzzParseOrderID: whatever the input, ParseOrderID does not panic, and an
// id it accepts is canonical (formatting the parts gives it back), so every
// order has exactly one id.
func FuzzParseOrderID(f *testing.F) {
	for _, s := range []string{"1-1", "0-1", "01-1", "18446744073709551615-1", "-", "", "1-1-1", "+1-1", "99999999999999999999-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, q, err := types.ParseOrderID(s)
		if err != nil {
			return
		}
		if l == 0 || q == 0 {
			t.Fatalf("%q parsed to a zero part", s)
		}
		if got := types.FormatOrderID(l, q); got != s {
			t.Fatalf("%q parsed to %d, %d which formats as %q", s, l, q, got)
		}
		if strconv.FormatUint(l, 10)+"-"+strconv.FormatUint(q, 10) != s {
			t.Fatalf("%q is not canonical", s)
		}
	})
}
