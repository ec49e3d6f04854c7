package types

import "fmt"

const (
	// MinNodeIDLength and MaxNodeIDLength bound a node id.
	MinNodeIDLength = 3
	MaxNodeIDLength = 64
	// MaxModelNameLength bounds a model name.
	MaxModelNameLength = 64
	// EvidenceHashLength is the length of a hex SHA-256.
	EvidenceHashLength = 64
	// MaxActionIDLength bounds a feedback's action id.
	MaxActionIDLength = 64
)

// ValidateNodeID checks id against [a-z0-9][a-z0-9._-]{2,63}.
func ValidateNodeID(id string) error {
	if len(id) < MinNodeIDLength || len(id) > MaxNodeIDLength {
		return ErrInvalidNodeID.Wrapf("%q: length %d, want %d..%d", id, len(id), MinNodeIDLength, MaxNodeIDLength)
	}
	if !isLowerAlnum(id[0]) {
		return ErrInvalidNodeID.Wrapf("%q: must start with [a-z0-9]", id)
	}
	for i := 1; i < len(id); i++ {
		if c := id[i]; !isLowerAlnum(c) && c != '.' && c != '_' && c != '-' {
			return ErrInvalidNodeID.Wrapf("%q: character %q at %d is not in [a-z0-9._-]", id, c, i)
		}
	}
	return nil
}

// ValidateModelName checks name against [a-z0-9][a-z0-9._-]{0,63}.
func ValidateModelName(name string) error {
	if len(name) == 0 || len(name) > MaxModelNameLength {
		return ErrInvalidModel.Wrapf("%q: length %d, want 1..%d", name, len(name), MaxModelNameLength)
	}
	if !isLowerAlnum(name[0]) {
		return ErrInvalidModel.Wrapf("%q: must start with [a-z0-9]", name)
	}
	for i := 1; i < len(name); i++ {
		if c := name[i]; !isLowerAlnum(c) && c != '.' && c != '_' && c != '-' {
			return ErrInvalidModel.Wrapf("%q: character %q at %d is not in [a-z0-9._-]", name, c, i)
		}
	}
	return nil
}

// ValidateActionID checks id against [a-z0-9][a-z0-9._-]{0,63}. An empty
// action id is valid in a feedback (not deduplicated); callers that need
// one check for emptiness themselves.
func ValidateActionID(id string) error {
	if len(id) == 0 || len(id) > MaxActionIDLength {
		return ErrInvalidActionID.Wrapf("%q: length %d, want 1..%d", id, len(id), MaxActionIDLength)
	}
	if !isLowerAlnum(id[0]) {
		return ErrInvalidActionID.Wrapf("%q: must start with [a-z0-9]", id)
	}
	for i := 1; i < len(id); i++ {
		if c := id[i]; !isLowerAlnum(c) && c != '.' && c != '_' && c != '-' {
			return ErrInvalidActionID.Wrapf("%q: character %q at %d is not in [a-z0-9._-]", id, c, i)
		}
	}
	return nil
}

// ValidateEvidenceHash checks that h is a lowercase hex SHA-256 (64 digits).
func ValidateEvidenceHash(h string) error {
	if p := sha256Problem(h); p != "" {
		return ErrInvalidEvidence.Wrap(p)
	}
	return nil
}

// sha256Problem says what is wrong with h as a lowercase hex SHA-256, or "".
func sha256Problem(h string) string {
	if len(h) != EvidenceHashLength {
		return fmt.Sprintf("length %d, want %d lowercase hex digits (SHA-256)", len(h), EvidenceHashLength)
	}
	for i := 0; i < len(h); i++ {
		if c := h[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return fmt.Sprintf("character %q at %d is not lowercase hex", c, i)
		}
	}
	return ""
}

// ValidateScore checks that a score is in [0, MaxReputation].
func ValidateScore(score uint64) error {
	if score > MaxReputation {
		return ErrScoreOutOfRange.Wrapf("%d > %d", score, MaxReputation)
	}
	return nil
}

// ValidateNodeType checks that t is a known, specified node type.
func ValidateNodeType(t NodeType) error {
	switch t {
	case NodeTypeCorridor, NodeTypeDevice, NodeTypeEmployee:
		return nil
	default:
		return ErrInvalidNodeType.Wrapf("%d (%s)", int32(t), t)
	}
}

// ValidateRole checks that r is a known, specified role.
func ValidateRole(r Role) error {
	switch r {
	case RoleRegistrar, RoleReporter:
		return nil
	default:
		return ErrInvalidRole.Wrapf("%d (%s)", int32(r), r)
	}
}

// Validate checks a feedback item's fields (no state).
func (f FeedbackItem) Validate() error {
	if err := ValidateNodeID(f.NodeId); err != nil {
		return err
	}
	if err := ValidateModelName(f.Model); err != nil {
		return err
	}
	if err := ValidateScore(f.Score); err != nil {
		return err
	}
	if err := ValidateEvidenceHash(f.EvidenceHash); err != nil {
		return err
	}
	if f.ActionId != "" {
		return ValidateActionID(f.ActionId)
	}
	return nil
}

// Item returns the feedback carried by a MsgSubmitFeedback.
func (m *MsgSubmitFeedback) Item() FeedbackItem {
	return FeedbackItem{NodeId: m.NodeId, Model: m.Model, Score: m.Score, EvidenceHash: m.EvidenceHash, ActionId: m.ActionId, ModelVersion: m.ModelVersion}
}

// Consent returns the consent flags carried by a MsgSetConsent.
func (m *MsgSetConsent) Consent() Consent {
	return Consent{DataSharing: m.DataSharing, ModelTraining: m.ModelTraining, FederatedAnalysis: m.FederatedAnalysis}
}

// MissingForFeedback names the consents feedback needs that c lacks, in a
// fixed order; empty when feedback is allowed. Feedback records an
// observation about the node on chain (data_sharing) and trains its models
// and reputation (model_training), so it needs both.
func (c Consent) MissingForFeedback() []string {
	var missing []string
	if !c.DataSharing {
		missing = append(missing, "data_sharing")
	}
	if !c.ModelTraining {
		missing = append(missing, "model_training")
	}
	return missing
}

func isLowerAlnum(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') }
