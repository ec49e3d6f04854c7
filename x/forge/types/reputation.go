package types

// MaxReputation is the top of x/mesh's reputation scale.
const MaxReputation = 1_000_000

// ValidateMinReputation checks a listing's minimum buyer reputation:
// 0 (none) up to MaxReputation.
func ValidateMinReputation(minRep uint64) error {
	if minRep > MaxReputation {
		return ErrInvalidListing.Wrapf("min_buyer_reputation %d is above the reputation scale's %d", minRep, MaxReputation)
	}
	return nil
}

// Meets reports whether a party's reputation meets a listing's minimum: any
// party meets 0; a positive minimum needs a rated party at or above it.
func (r PartyReputation) Meets(minRep uint64) bool {
	return minRep == 0 || (r.Rated && r.Reputation >= minRep)
}
