package types

// Constructors of the typed events (events.proto), one per state change.

// NewEventRoleGranted returns the event of a role grant.
func NewEventRoleGranted(role Role, address, authority string) *EventRoleGranted {
	return &EventRoleGranted{Role: role, Address: address, Authority: authority}
}

// NewEventRoleRevoked returns the event of a role revocation.
func NewEventRoleRevoked(role Role, address, authority string) *EventRoleRevoked {
	return &EventRoleRevoked{Role: role, Address: address, Authority: authority}
}

// NewEventParamsUpdated returns the event of a params change.
func NewEventParamsUpdated(authority string, p Params) *EventParamsUpdated {
	return &EventParamsUpdated{Authority: authority, Params: p}
}

// NewEventNodeRegistered returns the event of a registration.
func NewEventNodeRegistered(n Node, registrar string) *EventNodeRegistered {
	return &EventNodeRegistered{NodeId: n.Id, Type: n.Type, Owner: n.Owner, Registrar: registrar, Reputation: n.Reputation, Metadata: n.Metadata}
}

// NewEventNodeDeregistered returns the event of a deregistration.
func NewEventNodeDeregistered(n Node, signer string) *EventNodeDeregistered {
	return &EventNodeDeregistered{NodeId: n.Id, Owner: n.Owner, Signer: signer}
}

// NewEventConsentSet returns the event of a consent change.
func NewEventConsentSet(n Node) *EventConsentSet {
	return &EventConsentSet{NodeId: n.Id, Owner: n.Owner, Consent: n.Consent}
}

// NewEventFeedbackSubmitted returns the event of an applied feedback.
func NewEventFeedbackSubmitted(reporter string, item FeedbackItem, res FeedbackResult) *EventFeedbackSubmitted {
	return &EventFeedbackSubmitted{
		NodeId:           item.NodeId,
		Reporter:         reporter,
		Model:            item.Model,
		ModelVersion:     res.ModelVersion,
		Score:            item.Score,
		EvidenceHash:     item.EvidenceHash,
		ReputationBefore: res.ReputationBefore,
		ReputationAfter:  res.ReputationAfter,
		ActionId:         item.ActionId,
		ReporterEwma:     res.ReporterEwma,
		ReporterCount:    res.ReporterCount,
	}
}

// NewEventModelCommitted returns the event of a committed model version.
func NewEventModelCommitted(r ModelRecord, actionID string) *EventModelCommitted {
	return &EventModelCommitted{Record: r, ActionId: actionID}
}

// NewEventAnalysisRecorded returns the event of a recorded federated
// analysis.
func NewEventAnalysisRecorded(reporter string, slots AnalysisSlots, o AnalysisOutcome, actionID string) *EventAnalysisRecorded {
	return &EventAnalysisRecorded{
		Reporter: reporter, EmployeeId: slots.Employee, DeviceId: slots.Device, CorridorId: slots.Corridor,
		Outcome: o, ActionId: actionID,
	}
}

// NewEventAuditEntryAppended returns the event that carries an audit entry.
func NewEventAuditEntryAppended(e AuditEntry) *EventAuditEntryAppended {
	return &EventAuditEntryAppended{Entry: e}
}
