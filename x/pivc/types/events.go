package types

import sdk "github.com/cosmos/cosmos-sdk/types"

// NewEventFeeCaptured returns the event of one PIVC capture.
func NewEventFeeCaptured(payer, recipient sdk.AccAddress, source string, amount, fee, growth, ubo sdk.Coins) *EventFeeCaptured {
	e := &EventFeeCaptured{
		Payer:    payer.String(),
		Source:   source,
		Amount:   amount,
		Fee:      fee,
		ToGrowth: growth,
		ToUbo:    ubo,
	}
	if len(recipient) > 0 {
		e.Recipient = recipient.String()
	}
	return e
}

// NewEventUBOClaimed returns the event of a UBO claim.
func NewEventUBOClaimed(claimant sdk.AccAddress, amount sdk.Coins) *EventUBOClaimed {
	return &EventUBOClaimed{Claimant: claimant.String(), Amount: amount}
}

// NewEventUBOAllocated returns the event of an epoch's UBO allocation.
func NewEventUBOAllocated(height int64, count uint64, perAccount, allocated, index sdk.Coins) *EventUBOAllocated {
	return &EventUBOAllocated{Height: height, EligibleCount: count, PerAccount: perAccount, Allocated: allocated, Index: index}
}

// NewEventUBOEligibilityChanged returns the event of an eligibility change.
func NewEventUBOEligibilityChanged(addr sdk.AccAddress, eligible bool, settled sdk.Coins, count uint64) *EventUBOEligibilityChanged {
	return &EventUBOEligibilityChanged{Address: addr.String(), Eligible: eligible, Settled: settled, EligibleCount: count}
}

// NewEventGrowthSpent returns the event of a growth-pool spend.
func NewEventGrowthSpent(recipient sdk.AccAddress, amount sdk.Coins, purpose string) *EventGrowthSpent {
	return &EventGrowthSpent{Recipient: recipient.String(), Amount: amount, Purpose: purpose}
}

// NewEventSendAuthorizationCharged returns the event of a PIVC taken off a
// SendAuthorization spend limit.
func NewEventSendAuthorizationCharged(granter, grantee sdk.AccAddress, fee, left sdk.Coins) *EventSendAuthorizationCharged {
	return &EventSendAuthorizationCharged{Granter: granter.String(), Grantee: grantee.String(), Fee: fee, SpendLimitLeft: left}
}
