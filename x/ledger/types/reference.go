package types

// MaxReferenceLength is the longest payment reference, in bytes.
const MaxReferenceLength = 64

// MaxMemoLength is the longest memo of a MsgTransfer or MsgBatchTransfer,
// in bytes.
const MaxMemoLength = 256

// ValidateReference checks a payment reference: 1 to 64 printable ASCII
// characters (0x20 to 0x7e), without a leading or trailing space. ASCII
// keeps references unambiguous (no look-alike Unicode) and safe as a store
// key (no 0x00).
func ValidateReference(ref string) error {
	if ref == "" {
		return ErrInvalidReference.Wrap("reference is empty")
	}
	if len(ref) > MaxReferenceLength {
		return ErrInvalidReference.Wrapf("reference is %d bytes, at most %d", len(ref), MaxReferenceLength)
	}
	for i := 0; i < len(ref); i++ {
		if c := ref[i]; c < 0x20 || c > 0x7e {
			return ErrInvalidReference.Wrapf("byte %d (0x%02x) is not printable ASCII", i, c)
		}
	}
	if ref[0] == ' ' || ref[len(ref)-1] == ' ' {
		return ErrInvalidReference.Wrapf("reference %q has a leading or trailing space", ref)
	}
	return nil
}

// ValidateMemo checks a memo's length.
func ValidateMemo(memo string) error {
	if len(memo) > MaxMemoLength {
		return ErrMemoTooLong.Wrapf("memo is %d bytes, at most %d", len(memo), MaxMemoLength)
	}
	return nil
}

// ReferenceKey is the first part of a ReferenceIndex key: the sender's
// length-prefixed address bytes followed by the reference.
func ReferenceKey(sender []byte, ref string) []byte {
	key := make([]byte, 0, 1+len(sender)+len(ref))
	key = append(key, byte(len(sender)))
	key = append(key, sender...)
	return append(key, ref...)
}
