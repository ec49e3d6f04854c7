package types

import (
	"unicode"
	"unicode/utf8"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Limits on user input.
const (
	// MaxTitleLength bounds asset and listing titles (bytes).
	MaxTitleLength = 140
	// MaxAssetKindLength bounds an asset kind slug (bytes).
	MaxAssetKindLength = 32
	// MaxMetadataURILength bounds an asset's metadata URI (bytes).
	MaxMetadataURILength = 512
	// MetadataHashLength is the length of a hex SHA-256.
	MetadataHashLength = 64
	// MaxReasonLength bounds dispute and resolution reasons (bytes).
	MaxReasonLength = 512
	// MaxReferenceLength bounds a handover reference (bytes).
	MaxReferenceLength = 256
	// MaxQuantity bounds a listing's stock and an order's quantity.
	MaxQuantity = 1_000_000_000
	// MaxAmountBits bounds price × quantity, so that the amount plus any
	// PIVC (at most 10% by x/pivc's rules) fits a 256-bit coin amount.
	MaxAmountBits = 252
)

// ValidateTitle checks a title: 1 to MaxTitleLength bytes of UTF-8 without
// control characters, not only spaces.
func ValidateTitle(title string) error {
	return validateText(title, MaxTitleLength, ErrInvalidListing, "title")
}

// ValidateReason checks a dispute or resolution reason.
func ValidateReason(reason string) error {
	return validateText(reason, MaxReasonLength, ErrInvalidReason, "reason")
}

// ValidateReference checks a handover reference.
func ValidateReference(ref string) error {
	return validateText(ref, MaxReferenceLength, ErrInvalidReason, "reference")
}

func validateText(s string, maxLen int, errType interface {
	Wrapf(string, ...any) error
}, what string,
) error {
	if len(s) == 0 {
		return errType.Wrapf("%s is empty", what)
	}
	if len(s) > maxLen {
		return errType.Wrapf("%s is %d bytes, at most %d", what, len(s), maxLen)
	}
	if !utf8.ValidString(s) {
		return errType.Wrapf("%s is not valid UTF-8", what)
	}
	blank := true
	for _, r := range s {
		if unicode.IsControl(r) {
			return errType.Wrapf("%s contains a control character", what)
		}
		if !unicode.IsSpace(r) {
			blank = false
		}
	}
	if blank {
		return errType.Wrapf("%s is blank", what)
	}
	return nil
}

// ValidateAssetKind checks an asset kind slug: [a-z0-9-]{1,32}, starting
// with a letter or digit.
func ValidateAssetKind(kind string) error {
	if len(kind) == 0 || len(kind) > MaxAssetKindLength {
		return ErrInvalidAsset.Wrapf("kind must be 1 to %d bytes, got %d", MaxAssetKindLength, len(kind))
	}
	for i := 0; i < len(kind); i++ {
		c := kind[i]
		ok := (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0)
		if !ok {
			return ErrInvalidAsset.Wrapf("kind %q: only a-z, 0-9 and '-' (not first)", kind)
		}
	}
	return nil
}

// ValidateAssetFields checks what a registration carries besides addresses.
func ValidateAssetFields(kind, title, metadataURI, metadataHash string) error {
	if err := ValidateAssetKind(kind); err != nil {
		return err
	}
	if err := validateText(title, MaxTitleLength, ErrInvalidAsset, "title"); err != nil {
		return err
	}
	if len(metadataURI) > MaxMetadataURILength {
		return ErrInvalidAsset.Wrapf("metadata_uri is %d bytes, at most %d", len(metadataURI), MaxMetadataURILength)
	}
	for _, r := range metadataURI {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ErrInvalidAsset.Wrap("metadata_uri contains a space or control character")
		}
	}
	if !utf8.ValidString(metadataURI) {
		return ErrInvalidAsset.Wrap("metadata_uri is not valid UTF-8")
	}
	if metadataHash != "" {
		if len(metadataHash) != MetadataHashLength {
			return ErrInvalidAsset.Wrapf("metadata_hash must be %d lower-case hex characters (SHA-256), got %d", MetadataHashLength, len(metadataHash))
		}
		for i := 0; i < len(metadataHash); i++ {
			c := metadataHash[i]
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return ErrInvalidAsset.Wrap("metadata_hash must be lower-case hex")
			}
		}
	}
	return nil
}

// ValidatePrice checks a unit price: one valid coin with a positive amount.
func ValidatePrice(price sdk.Coin) error {
	if err := sdk.ValidateDenom(price.Denom); err != nil {
		return ErrInvalidPrice.Wrapf("denom: %s", err)
	}
	if price.Amount.IsNil() || !price.Amount.IsPositive() {
		return ErrInvalidPrice.Wrapf("price must be positive, got %s", price)
	}
	if price.Amount.BigIntMut().BitLen() > MaxAmountBits {
		return ErrOverflow.Wrapf("price has %d bits, at most %d", price.Amount.BigIntMut().BitLen(), MaxAmountBits)
	}
	return nil
}

// ValidateQuantity checks an order quantity or a listing's initial stock:
// 1 to MaxQuantity.
func ValidateQuantity(q uint64) error {
	if q == 0 || q > MaxQuantity {
		return ErrInvalidQuantity.Wrapf("quantity must be in [1, %d], got %d", MaxQuantity, q)
	}
	return nil
}

// OrderAmount returns price × quantity, or ErrOverflow if it needs more than
// MaxAmountBits bits.
func OrderAmount(price sdk.Coin, quantity uint64) (sdk.Coin, error) {
	total, err := price.Amount.SafeMul(math.NewIntFromUint64(quantity))
	if err != nil || total.BigIntMut().BitLen() > MaxAmountBits {
		return sdk.Coin{}, ErrOverflow.Wrapf("%s × %d does not fit %d bits", price, quantity, MaxAmountBits)
	}
	return sdk.NewCoin(price.Denom, total), nil
}

// Validate reports whether the kind is one of the defined kinds.
func (k ListingKind) Validate() error {
	switch k {
	case ListingKindGoods, ListingKindService, ListingKindLabour, ListingKindAsset:
		return nil
	default:
		return ErrInvalidListing.Wrapf("unknown listing kind %d", int32(k))
	}
}

// Validate reports whether the role is one of the defined roles.
func (r Role) Validate() error {
	switch r {
	case RoleArbiter, RoleCustodian:
		return nil
	default:
		return ErrInvalidRole.Wrapf("unknown role %d", int32(r))
	}
}

// Validate reports whether the resolution is one of the defined ones.
func (r Resolution) Validate() error {
	switch r {
	case ResolutionRelease, ResolutionRefund:
		return nil
	default:
		return ErrInvalidResolution.Wrapf("unknown resolution %d", int32(r))
	}
}

// IsOpen reports whether an order in this status still holds escrow.
func (s OrderStatus) IsOpen() bool {
	switch s {
	case OrderStatusPlaced, OrderStatusAccepted, OrderStatusDisputed, OrderStatusHeld:
		return true
	default:
		return false
	}
}

// IsClosed reports whether an order in this status is settled or refunded.
func (s OrderStatus) IsClosed() bool {
	return s == OrderStatusSettled || s == OrderStatusRefunded
}

// Expires reports whether an order in this status is in the expiry queue:
// placed or accepted (disputed and held orders wait for an arbiter).
func (s OrderStatus) Expires() bool {
	return s == OrderStatusPlaced || s == OrderStatusAccepted
}

// Total returns what the escrow holds: amount + fee, which share a denom.
func (e Escrow) Total() sdk.Coin {
	return sdk.NewCoin(e.Amount.Denom, e.Amount.Amount.Add(e.Fee.Amount))
}

// Validate checks an escrow: a positive amount and a non-negative fee in the
// same denom.
func (e Escrow) Validate() error {
	if err := ValidatePrice(e.Amount); err != nil {
		return ErrEscrowInvariant.Wrapf("amount: %s", err)
	}
	if e.Fee.Denom != e.Amount.Denom || e.Fee.Amount.IsNil() || e.Fee.Amount.IsNegative() {
		return ErrEscrowInvariant.Wrapf("fee %s must be a non-negative amount of %s", e.Fee, e.Amount.Denom)
	}
	return nil
}

// Key returns the order's store key (listing id, seq).
func (o Order) Key() (uint64, uint64) { return o.ListingId, o.Seq }
