package types

import (
	"encoding/json"

	abci "github.com/cometbft/cometbft/abci/types"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// NewEventParamsUpdated returns the event of a params update; params are the
// params as stored.
func NewEventParamsUpdated(params Params) *EventParamsUpdated {
	return &EventParamsUpdated{Params: params}
}

// NewEventTotalSaturated returns the event of a running total that reached
// its bound and stays there.
func NewEventTotalSaturated(denom, total string) *EventTotalSaturated {
	return &EventTotalSaturated{Denom: denom, Total: total}
}

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

// ToEvent returns the ABCI event EmitTypedEvent would emit for e — same type,
// same attributes (sorted keys, proto-JSON values) — without the reflection
// and JSON round trip, because one is emitted on every charged transfer.
// TestEventFeeCapturedToEvent pins the equivalence.
func (e *EventFeeCaptured) ToEvent() sdk.Event {
	var buf []byte
	attr := func(key string, value []byte) abci.EventAttribute {
		return abci.EventAttribute{Key: key, Value: string(value)}
	}
	str := func(s string) []byte { buf = appendJSONString(buf[:0], s); return buf }
	cs := func(c sdk.Coins) []byte { buf = appendJSONCoins(buf[:0], c); return buf }
	return sdk.Event{
		Type: eventFeeCapturedType,
		Attributes: []abci.EventAttribute{
			attr("amount", cs(e.Amount)),
			attr("fee", cs(e.Fee)),
			attr("payer", str(e.Payer)),
			attr("recipient", str(e.Recipient)),
			attr("source", str(e.Source)),
			attr("to_growth", cs(e.ToGrowth)),
			attr("to_ubo", cs(e.ToUbo)),
		},
	}
}

// eventFeeCapturedType is proto.MessageName(&EventFeeCaptured{}) (a
// constant: package variables are set before the proto registry is filled).
const eventFeeCapturedType = "azora.pivc.v1.EventFeeCaptured"

func appendJSONCoins(b []byte, coins sdk.Coins) []byte {
	b = append(b, '[')
	for i, c := range coins {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"denom":`...)
		b = appendJSONString(b, c.Denom)
		b = append(b, `,"amount":"`...)
		if c.Amount.IsNil() {
			b = append(b, '0')
		} else {
			b = c.Amount.BigIntMut().Append(b, 10)
		}
		b = append(b, `"}`...)
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string. Addresses, denoms and module
// names are plain ASCII; anything else goes through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
