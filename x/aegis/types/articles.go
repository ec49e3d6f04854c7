package types

import (
	"regexp"
	"strings"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Rule kinds, as they appear in errors ("article 3 (velocity)"), events and
// queries.
const (
	RuleStanding      = "standing"
	RuleVelocity      = "velocity"
	RuleMessageTypes  = "message-types"
	RulePausedModules = "paused-modules"
	// RuleValidatorAdmission is the permissioned validator set (issue 9).
	RuleValidatorAdmission = "validator-admission"
	// RuleStake is not an article: ustake is never transferable (DESIGN.md
	// §1). It names the rejection in ComplianceCheck.
	RuleStake = "stake"
	// RuleNesting is not an article: the nesting depth is a protocol param
	// (params.max_msg_depth). It names the rejection in ComplianceCheck.
	RuleNesting = "nesting"
	// RuleGovFunds is not an article: the gov module account holds the
	// deposits of open proposals, which x/gov refunds or burns in its
	// EndBlock; nothing else may move them (issue 14). It names the
	// rejection in ComplianceCheck.
	RuleGovFunds = "gov-funds"
	// RuleFees is not an article: the fee rule is in the params (fee_denom,
	// base_gas_price, max_gas_price, max_tx_gas). It names the rejection in
	// ComplianceCheck.
	RuleFees = "fees"
)

// Bounds on the size of the constitution. They keep every rebuild of the
// derived policy, and every check, bounded.
const (
	MaxArticles          = 64
	MaxTitleLength       = 140
	MaxTextLength        = 8192
	MaxTypeURLsPerRule   = 128
	MaxTypeURLLength     = 256
	MaxModulesPerRule    = 64
	MaxTiers             = 16
	MaxLimitsPerTier     = 32
	MaxAttestationLength = 128
	MaxReasonLength      = 256
)

var (
	tierNameRe   = regexp.MustCompile(`^[a-z][a-z0-9_-]{1,31}$`)
	protoIdentRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// protectedTypeURLs are the messages the authority needs to change the
// constitution: they can be neither disallowed nor paused, so no article can
// lock governance out.
var protectedTypeURLs = []string{
	"/cosmos.gov.v1.MsgSubmitProposal",
	"/cosmos.gov.v1.MsgVote",
	"/cosmos.gov.v1.MsgVoteWeighted",
	"/cosmos.gov.v1.MsgDeposit",
}

// protectedPackages are proto packages none of whose messages can be
// disallowed or paused.
var protectedPackages = []string{"azora.aegis", "cosmos.gov.v1"}

// KindName returns the rule kind ("standing", "velocity", ...), or "" if no
// kind is set.
func (r Rule) KindName() string {
	switch r.Kind.(type) {
	case *Rule_Standing:
		return RuleStanding
	case *Rule_Velocity:
		return RuleVelocity
	case *Rule_MessageTypes:
		return RuleMessageTypes
	case *Rule_PausedModules:
		return RulePausedModules
	case *Rule_ValidatorAdmission:
		return RuleValidatorAdmission
	default:
		return ""
	}
}

// singleton reports whether at most one enabled article may have this kind
// (standing, velocity, validator-admission).
func singleton(kind string) bool {
	return kind == RuleStanding || kind == RuleVelocity || kind == RuleValidatorAdmission
}

// Validate checks the rule on its own.
func (r Rule) Validate() error {
	switch k := r.Kind.(type) {
	case *Rule_Standing:
		if k.Standing == nil {
			return ErrInvalidArticle.Wrap("standing rule is empty")
		}
		return nil
	case *Rule_Velocity:
		if k.Velocity == nil {
			return ErrInvalidArticle.Wrap("velocity rule is empty")
		}
		return k.Velocity.Validate()
	case *Rule_MessageTypes:
		if k.MessageTypes == nil {
			return ErrInvalidArticle.Wrap("message-types rule is empty")
		}
		return k.MessageTypes.Validate()
	case *Rule_PausedModules:
		if k.PausedModules == nil {
			return ErrInvalidArticle.Wrap("paused-modules rule is empty")
		}
		return k.PausedModules.Validate()
	case *Rule_ValidatorAdmission:
		if k.ValidatorAdmission == nil {
			return ErrInvalidArticle.Wrap("validator-admission rule is empty")
		}
		return nil
	case nil:
		return ErrInvalidArticle.Wrap("rule has no kind")
	default:
		return ErrInvalidArticle.Wrapf("unknown rule kind %T", k)
	}
}

// Validate checks the tiers and their limits.
func (v VelocityRule) Validate() error {
	if len(v.Tiers) == 0 {
		return ErrInvalidTier.Wrap("velocity rule has no tiers")
	}
	if len(v.Tiers) > MaxTiers {
		return ErrInvalidTier.Wrapf("velocity rule has %d tiers, at most %d", len(v.Tiers), MaxTiers)
	}
	seen := make(map[string]bool, len(v.Tiers))
	for _, t := range v.Tiers {
		if err := t.Validate(); err != nil {
			return err
		}
		if seen[t.Name] {
			return ErrInvalidTier.Wrapf("duplicate tier %q", t.Name)
		}
		seen[t.Name] = true
	}
	return nil
}

// TierNames returns the names of the tiers, lowest first.
func (v VelocityRule) TierNames() []string {
	out := make([]string, len(v.Tiers))
	for i, t := range v.Tiers {
		out[i] = t.Name
	}
	return out
}

// ValidateTierName checks the form of a tier name.
func ValidateTierName(name string) error {
	if !tierNameRe.MatchString(name) {
		return ErrInvalidTier.Wrapf("tier name %q must match %s", name, tierNameRe)
	}
	return nil
}

// Validate checks one tier.
func (t Tier) Validate() error {
	if err := ValidateTierName(t.Name); err != nil {
		return err
	}
	if len(t.Limits) > MaxLimitsPerTier {
		return ErrInvalidLimit.Wrapf("tier %s has %d limits, at most %d", t.Name, len(t.Limits), MaxLimitsPerTier)
	}
	seen := make(map[string]bool, len(t.Limits))
	for _, l := range t.Limits {
		if err := l.Validate(); err != nil {
			return ErrInvalidLimit.Wrapf("tier %s: %s", t.Name, err)
		}
		if seen[l.Denom] {
			return ErrInvalidLimit.Wrapf("tier %s has two limits for %s", t.Name, l.Denom)
		}
		seen[l.Denom] = true
	}
	return nil
}

// Validate checks one limit: a valid denom, both amounts positive and the
// per-transaction limit no larger than the daily one.
func (l DenomLimit) Validate() error {
	if err := sdk.ValidateDenom(l.Denom); err != nil {
		return ErrInvalidLimit.Wrapf("denom %q: %s", l.Denom, err)
	}
	if l.PerTx.IsNil() || !l.PerTx.IsPositive() {
		return ErrInvalidLimit.Wrapf("per_tx of %s must be positive", l.Denom)
	}
	if l.PerDay.IsNil() || !l.PerDay.IsPositive() {
		return ErrInvalidLimit.Wrapf("per_day of %s must be positive", l.Denom)
	}
	if l.PerTx.GT(l.PerDay) {
		return ErrInvalidLimit.Wrapf("per_tx %s of %s exceeds per_day %s", l.PerTx, l.Denom, l.PerDay)
	}
	return nil
}

// Validate checks the type URLs.
func (m MessageTypesRule) Validate() error {
	if len(m.DisallowedTypeUrls) > MaxTypeURLsPerRule {
		return ErrInvalidArticle.Wrapf("%d type URLs, at most %d", len(m.DisallowedTypeUrls), MaxTypeURLsPerRule)
	}
	seen := make(map[string]bool, len(m.DisallowedTypeUrls))
	for _, u := range m.DisallowedTypeUrls {
		if err := ValidateTypeURL(u); err != nil {
			return err
		}
		if IsProtectedTypeURL(u) {
			return ErrProtectedType.Wrapf("%s cannot be disallowed", u)
		}
		if seen[u] {
			return ErrInvalidArticle.Wrapf("duplicate type URL %s", u)
		}
		seen[u] = true
	}
	return nil
}

// Validate checks the module packages.
func (p PausedModulesRule) Validate() error {
	if len(p.Modules) > MaxModulesPerRule {
		return ErrInvalidArticle.Wrapf("%d modules, at most %d", len(p.Modules), MaxModulesPerRule)
	}
	seen := make(map[string]bool, len(p.Modules))
	for _, m := range p.Modules {
		if err := ValidatePackage(m); err != nil {
			return err
		}
		for _, prot := range protectedPackages {
			if packageCovers(m, prot) || packageCovers(prot, m) {
				return ErrProtectedType.Wrapf("module %s cannot be paused: it holds messages of %s", m, prot)
			}
		}
		if seen[m] {
			return ErrInvalidArticle.Wrapf("duplicate module %s", m)
		}
		seen[m] = true
	}
	return nil
}

// ValidateTypeURL checks that u has the form "/<proto full name>", e.g.
// "/cosmos.bank.v1beta1.MsgSend".
func ValidateTypeURL(u string) error {
	if len(u) > MaxTypeURLLength {
		return ErrInvalidArticle.Wrapf("type URL longer than %d characters", MaxTypeURLLength)
	}
	if !strings.HasPrefix(u, "/") {
		return ErrInvalidArticle.Wrapf("type URL %q must start with /", u)
	}
	name := u[1:]
	if !strings.Contains(name, ".") {
		return ErrInvalidArticle.Wrapf("type URL %q has no package", u)
	}
	if err := validateDotted(name); err != nil {
		return ErrInvalidArticle.Wrapf("type URL %q: %s", u, err)
	}
	return nil
}

// ValidatePackage checks a proto package prefix such as "cosmos.bank".
func ValidatePackage(p string) error {
	if len(p) == 0 || len(p) > MaxTypeURLLength {
		return ErrInvalidArticle.Wrapf("module %q must have 1-%d characters", p, MaxTypeURLLength)
	}
	if err := validateDotted(p); err != nil {
		return ErrInvalidArticle.Wrapf("module %q: %s", p, err)
	}
	return nil
}

func validateDotted(s string) error {
	for _, seg := range strings.Split(s, ".") {
		if !protoIdentRe.MatchString(seg) {
			return ErrInvalidArticle.Wrapf("%q is not a proto identifier", seg)
		}
	}
	return nil
}

// packageCovers reports whether package prefix p covers package or full name
// q: q equals p or lies under it.
func packageCovers(p, q string) bool {
	return q == p || strings.HasPrefix(q, p+".")
}

// IsProtectedTypeURL reports whether the message type can be neither
// disallowed nor paused.
func IsProtectedTypeURL(u string) bool {
	for _, p := range protectedTypeURLs {
		if u == p {
			return true
		}
	}
	return packageCovers("azora.aegis", strings.TrimPrefix(u, "/"))
}

// PackagePrefixes returns the package prefixes of a type URL, shortest
// first: "/cosmos.bank.v1beta1.MsgSend" → cosmos, cosmos.bank,
// cosmos.bank.v1beta1. A paused module matches one of them.
func PackagePrefixes(typeURL string) []string {
	name := strings.TrimPrefix(typeURL, "/")
	var out []string
	for i := 0; i < len(name); i++ {
		if name[i] == '.' {
			out = append(out, name[:i])
		}
	}
	return out
}

// Validate checks an article on its own (not its place in the constitution).
func (a Article) Validate() error {
	if a.Id == 0 {
		return ErrInvalidArticle.Wrap("article id must be positive")
	}
	return ValidateArticleContent(a.Title, a.Text, a.Rule)
}

// ValidateArticleContent checks the parts of an article a message supplies.
func ValidateArticleContent(title, text string, rule Rule) error {
	if strings.TrimSpace(title) == "" || len(title) > MaxTitleLength {
		return ErrInvalidArticle.Wrapf("title must have 1-%d characters", MaxTitleLength)
	}
	if strings.TrimSpace(text) == "" || len(text) > MaxTextLength {
		return ErrInvalidArticle.Wrapf("text must have 1-%d characters", MaxTextLength)
	}
	return rule.Validate()
}

// ValidateConstitution checks a whole constitution: every article valid, ids
// unique, at most MaxArticles, and at most one enabled article of each
// singleton kind (standing, velocity, validator-admission).
func ValidateConstitution(articles []Article) error {
	if len(articles) > MaxArticles {
		return ErrInvalidArticle.Wrapf("%d articles, at most %d", len(articles), MaxArticles)
	}
	ids := make(map[uint64]bool, len(articles))
	enabledOf := map[string]uint64{}
	for _, a := range articles {
		if err := a.Validate(); err != nil {
			return ErrInvalidArticle.Wrapf("article %d: %s", a.Id, err)
		}
		if ids[a.Id] {
			return ErrInvalidArticle.Wrapf("duplicate article id %d", a.Id)
		}
		ids[a.Id] = true
		kind := a.Rule.KindName()
		if a.Enabled && singleton(kind) {
			if other, ok := enabledOf[kind]; ok {
				return ErrInvalidArticle.Wrapf("articles %d and %d are both enabled %s articles; at most one may be", other, a.Id, kind)
			}
			enabledOf[kind] = a.Id
		}
	}
	return nil
}

// BuildPolicy derives the policy from a valid constitution.
func BuildPolicy(articles []Article) Policy {
	var p Policy
	for _, a := range articles {
		if !a.Enabled {
			continue
		}
		switch k := a.Rule.Kind.(type) {
		case *Rule_Standing:
			p.StandingArticleId = a.Id
		case *Rule_Velocity:
			p.VelocityArticleId = a.Id
			p.Tiers = k.Velocity.TierNames()
		case *Rule_PausedModules:
			if len(k.PausedModules.Modules) > 0 {
				p.ModulesPaused = true
			}
		case *Rule_ValidatorAdmission:
			p.AdmissionArticleId = a.Id
		}
	}
	return p
}

// HasTier reports whether the velocity article has a tier of that name.
func (p Policy) HasTier(name string) bool {
	for _, t := range p.Tiers {
		if t == name {
			return true
		}
	}
	return false
}

// EffectiveTier returns the tier whose limits apply to an account verified
// at tier (empty if unverified): that tier if the velocity article has it,
// else the lowest tier. Empty if there is no velocity article.
func (p Policy) EffectiveTier(tier string) string {
	if len(p.Tiers) == 0 {
		return ""
	}
	if tier != "" && p.HasTier(tier) {
		return tier
	}
	return p.Tiers[0]
}
