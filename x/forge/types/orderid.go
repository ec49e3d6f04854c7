package types

import (
	"strconv"
	"strings"
)

// FormatOrderID returns the id of the seq-th order of a listing:
// "<listing_id>-<seq>", both in decimal.
//
// Order ids come from a sequence kept in the listing itself, so placing an
// order writes only keys that belong to that listing and that order: there
// is no global order counter that every trade would write (BlockSTM).
func FormatOrderID(listingID, seq uint64) string {
	return strconv.FormatUint(listingID, 10) + "-" + strconv.FormatUint(seq, 10)
}

// ParseOrderID parses an id made by FormatOrderID. Only the canonical form
// is accepted (no sign, no leading zeros, both parts ≥ 1), so every order
// has exactly one id.
func ParseOrderID(id string) (listingID, seq uint64, err error) {
	l, s, ok := strings.Cut(id, "-")
	if !ok {
		return 0, 0, ErrInvalidOrderID.Wrapf("%q: want <listing_id>-<seq>", id)
	}
	if listingID, err = parseCanonicalUint(l); err != nil {
		return 0, 0, ErrInvalidOrderID.Wrapf("%q: listing id: %s", id, err)
	}
	if seq, err = parseCanonicalUint(s); err != nil {
		return 0, 0, ErrInvalidOrderID.Wrapf("%q: sequence: %s", id, err)
	}
	return listingID, seq, nil
}

// parseCanonicalUint parses a positive decimal without sign or leading
// zeros.
func parseCanonicalUint(s string) (uint64, error) {
	if s == "" {
		return 0, ErrInvalidOrderID.Wrap("empty")
	}
	if s[0] == '0' {
		return 0, ErrInvalidOrderID.Wrap("zero or leading zero")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, ErrInvalidOrderID.Wrapf("not a decimal number")
		}
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, ErrInvalidOrderID.Wrap("out of range")
	}
	return v, nil
}
