package types

// Constructors of the typed events of x/aegis (events.proto), one per state
// change. Addresses are the bech32 strings of the chain's address codec.

// NewEventParamsUpdated returns the event of a params update; params are the
// params as stored.
func NewEventParamsUpdated(params Params) *EventParamsUpdated {
	return &EventParamsUpdated{Params: params}
}

// NewEventArticleAdded returns the event of an article added.
func NewEventArticleAdded(a Article) *EventArticleAdded {
	return &EventArticleAdded{ArticleId: a.Id, Title: a.Title, RuleKind: a.Rule.KindName(), Enabled: a.Enabled}
}

// NewEventArticleAmended returns the event of an article amended (a is the
// article as amended).
func NewEventArticleAmended(a Article) *EventArticleAmended {
	return &EventArticleAmended{ArticleId: a.Id, Title: a.Title, RuleKind: a.Rule.KindName(), Enabled: a.Enabled}
}

// NewEventArticleRepealed returns the event of an article repealed (a is the
// article as it was).
func NewEventArticleRepealed(a Article) *EventArticleRepealed {
	return &EventArticleRepealed{ArticleId: a.Id, Title: a.Title, RuleKind: a.Rule.KindName()}
}

// NewEventRoleGranted returns the event of a role granted (the role
// registry's Config.Granted; the granter is not part of the event).
func NewEventRoleGranted(role Role, address string) *EventRoleGranted {
	return &EventRoleGranted{Role: role, Address: address}
}

// NewEventRoleRevoked returns the event of a role revoked.
func NewEventRoleRevoked(role Role, address string) *EventRoleRevoked {
	return &EventRoleRevoked{Role: role, Address: address}
}

// NewEventAccountVerified returns the event of a verification or tier
// change; s is the standing after it.
func NewEventAccountVerified(address, previousTier string, s AccountStanding) *EventAccountVerified {
	return &EventAccountVerified{
		Address: address, Tier: s.Tier, PreviousTier: previousTier, AttestationRef: s.AttestationRef,
		Attester: s.Attester, Eligible: s.Eligible(),
	}
}

// NewEventVerificationRevoked returns the event of a verification revoked.
func NewEventVerificationRevoked(address, previousTier, attester, reason string) *EventVerificationRevoked {
	return &EventVerificationRevoked{Address: address, PreviousTier: previousTier, Attester: attester, Reason: reason}
}

// NewEventAccountFrozen returns the event of a freeze.
func NewEventAccountFrozen(address, officer, reason string) *EventAccountFrozen {
	return &EventAccountFrozen{Address: address, Officer: officer, Reason: reason}
}

// NewEventAccountUnfrozen returns the event of an unfreeze; eligible is the
// account's UBO eligibility after it.
func NewEventAccountUnfrozen(address, officer, reason string, eligible bool) *EventAccountUnfrozen {
	return &EventAccountUnfrozen{Address: address, Officer: officer, Reason: reason, Eligible: eligible}
}

// NewEventValidatorAdmitted returns the event of an admission or a change
// of max power (previousMaxPower 0 for a new admission).
func NewEventValidatorAdmitted(operator string, maxPower, previousMaxPower uint64) *EventValidatorAdmitted {
	return &EventValidatorAdmitted{Operator: operator, MaxPower: maxPower, PreviousMaxPower: previousMaxPower}
}

// NewEventValidatorRemoved returns the event of a removal from the
// admission list.
func NewEventValidatorRemoved(operator, reason string, jailed bool) *EventValidatorRemoved {
	return &EventValidatorRemoved{Operator: operator, Reason: reason, Jailed: jailed}
}

// NewEventStakeMinted returns the event of ustake minted to an operator.
func NewEventStakeMinted(operator, amount string) *EventStakeMinted {
	return &EventStakeMinted{Operator: operator, Amount: amount}
}

// NewEventStakeBurned returns the event of ustake burned from an operator.
func NewEventStakeBurned(operator, amount string) *EventStakeBurned {
	return &EventStakeBurned{Operator: operator, Amount: amount}
}
