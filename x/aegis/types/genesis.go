package types

import (
	"fmt"
	"sort"
	"strings"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/movement"
)

// Tiers of the default constitution, lowest first.
const (
	TierBasic         = "basic"
	TierStandard      = "standard"
	TierEnhanced      = "enhanced"
	TierInstitutional = "institutional"

	// DefaultLimitDenom is the denom the default tiers limit (AZR).
	DefaultLimitDenom = movement.BaseDenom
)

// Article ids of the default constitution.
const (
	ArticleStanding      uint64 = 1
	ArticleMessageTypes  uint64 = 2
	ArticleVelocity      uint64 = 3
	ArticlePausedModules uint64 = 4
	// ArticleValidatorAdmission is the permissioned validator set (issue 9).
	ArticleValidatorAdmission uint64 = 5
)

// DefaultBondDenom is the staking denom the default constitution's
// validator admission speaks of (app.BondDenom).
const DefaultBondDenom = "ustake"

// DefaultDisallowedTypeURLs are the messages the default constitution
// disallows: vesting-account creation moves value into accounts whose
// standing and limits were never assessed.
var DefaultDisallowedTypeURLs = []string{
	"/cosmos.vesting.v1beta1.MsgCreateVestingAccount",
	"/cosmos.vesting.v1beta1.MsgCreatePermanentLockedAccount",
	"/cosmos.vesting.v1beta1.MsgCreatePeriodicVestingAccount",
}

// azr returns n AZR in uazr.
func azr(n int64) math.Int { return math.NewInt(n).MulRaw(1_000_000) }

// DefaultVelocityRule is the velocity rule of the default constitution:
// basic (unverified accounts) 1,000 AZR per transaction and 5,000 AZR per
// day; standard 25,000 / 100,000; enhanced 250,000 / 1,000,000;
// institutional unlimited.
func DefaultVelocityRule() VelocityRule {
	limit := func(perTx, perDay int64) []DenomLimit {
		return []DenomLimit{{Denom: DefaultLimitDenom, PerTx: azr(perTx), PerDay: azr(perDay)}}
	}
	return VelocityRule{Tiers: []Tier{
		{Name: TierBasic, Limits: limit(1_000, 5_000)},
		{Name: TierStandard, Limits: limit(25_000, 100_000)},
		{Name: TierEnhanced, Limits: limit(250_000, 1_000_000)},
		{Name: TierInstitutional},
	}}
}

// DefaultArticles is the default constitution.
func DefaultArticles() []Article {
	return []Article{
		{
			Id:    ArticleStanding,
			Title: "Account standing",
			Text: "Every account is unverified until an attester verifies it at a tier, with a reference to " +
				"the attestation the attester holds off chain; personal data never goes on chain. An officer " +
				"may freeze an account at once, giving a reason, and unfreeze it. While an account is frozen " +
				"it can neither send, receive, sign a transaction, pay fees nor grant fees, directly or through " +
				"an authorization or a proposal. Payouts from modules to a frozen account are refused, except " +
				"automatic returns of the account's own funds at the end of a block, which stay frozen in it.",
			Enabled: true,
			Rule:    Rule{Kind: &Rule_Standing{Standing: &StandingRule{}}},
		},
		{
			Id:    ArticleMessageTypes,
			Title: "Prohibited message types",
			Text: "Messages that create vesting accounts are prohibited: they move value into accounts whose " +
				"standing and limits were never assessed. A prohibited message is refused wherever it appears: " +
				"on its own, inside an authorization or a governance proposal, or when any module executes it.",
			Enabled: true,
			Rule: Rule{Kind: &Rule_MessageTypes{MessageTypes: &MessageTypesRule{
				DisallowedTypeUrls: append([]string(nil), DefaultDisallowedTypeURLs...),
			}}},
		},
		{
			Id:    ArticleVelocity,
			Title: "Verification tiers and velocity",
			Text: "An account may send at most the per-transaction limit of its tier in one transaction, summed " +
				"over every transfer the transaction makes, and at most the daily limit of its tier in any rolling " +
				"24 hours of block time. Unverified accounts have the basic tier: 1,000 AZR per transaction and " +
				"5,000 AZR per day. Verified accounts have the tier their attester set: standard (25,000 / 100,000 " +
				"AZR), enhanced (250,000 / 1,000,000 AZR) or institutional (unlimited). Protocol fees (PIVC) are " +
				"not counted. A transaction's gas fee is value its payer sends to the validators, so it is bounded " +
				"too, whatever the articles say: it is paid in AZR (uazr) only; its gas limit is at most the " +
				"maximum transaction gas (params.max_tx_gas, 100,000,000 by default); it is at most its gas limit " +
				"times the maximum gas price (params.max_gas_price, 0.01 uazr per unit of gas by default); and the " +
				"part of it above its gas limit times the base gas price (params.base_gas_price, 0.001 uazr, the " +
				"minimum gas price) counts against its payer's limits like a transfer (the fee granter's, if a fee " +
				"grant pays). A transaction that breaks the rule is refused before any fee is taken, with an error " +
				"naming the rule and both numbers.",
			Enabled: true,
			Rule:    Rule{Kind: &Rule_Velocity{Velocity: func() *VelocityRule { v := DefaultVelocityRule(); return &v }()}},
		},
		{
			Id:    ArticlePausedModules,
			Title: "Paused modules",
			Text: "The authority may pause a module by listing its message package in this article; while it is " +
				"listed, no message of the module executes. No module is paused.",
			Enabled: true,
			Rule:    Rule{Kind: &Rule_PausedModules{PausedModules: &PausedModulesRule{}}},
		},
		{
			Id:    ArticleValidatorAdmission,
			Title: "Validator admission",
			Text: "Only validator operators the authority has admitted may run a validator. The authority admits " +
				"an operator with a maximum voting power and mints it the stake (ustake) to bond; stake cannot be " +
				"bought or sent between accounts, and an operator may bond it only to its own validator and never " +
				"above its maximum power. An operator that is not admitted can neither create a validator, bond, " +
				"change its commission nor unjail. The authority may remove an operator: its validator is jailed, " +
				"leaves the active set at the end of that block, and cannot return until the operator is admitted " +
				"again. Governance proposals are decided by the admitted bonded validators, one vote each, and an " +
				"admitted or bonded validator's operator account cannot be frozen.",
			Enabled: true,
			Rule:    Rule{Kind: &Rule_ValidatorAdmission{ValidatorAdmission: &ValidatorAdmissionRule{}}},
		},
	}
}

// DefaultGenesis returns the default genesis: the default params and
// constitution, no standings, no roles.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params:        DefaultParams(),
		Articles:      DefaultArticles(),
		NextArticleId: ArticleValidatorAdmission + 1,
		Standings:     []AccountStanding{},
		Roles:         []RoleGrant{},
		Usage:         []AccountUsage{},

		AdmittedValidators: []AdmittedValidator{},
	}
}

// Validate checks the genesis state: params, the constitution, standings
// (verified tiers must be tiers of the enabled velocity article), roles and
// usage, with no duplicates.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if err := ValidateConstitution(gs.Articles); err != nil {
		return err
	}
	for _, a := range gs.Articles {
		if a.Id >= gs.NextArticleId {
			return fmt.Errorf("article id %d is not below next_article_id %d", a.Id, gs.NextArticleId)
		}
	}
	policy := BuildPolicy(gs.Articles)

	seen := map[string]bool{}
	for i, s := range gs.Standings {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("standings[%d]: %w", i, err)
		}
		if s.Tier != "" && policy.VelocityArticleId != 0 && !policy.HasTier(s.Tier) {
			return fmt.Errorf("standings[%d]: %w", i, ErrInvalidTier.Wrapf("%s is not a tier of article %d", s.Tier, policy.VelocityArticleId))
		}
		if seen[s.Address] {
			return fmt.Errorf("duplicate standing for %s", s.Address)
		}
		seen[s.Address] = true
	}

	grants := map[string]bool{}
	for i, g := range gs.Roles {
		if err := ValidateRole(g.Role); err != nil {
			return fmt.Errorf("roles[%d]: %w", i, err)
		}
		if _, err := sdk.AccAddressFromBech32(g.Address); err != nil {
			return fmt.Errorf("roles[%d]: invalid address %q: %w", i, g.Address, err)
		}
		key := g.Role.String() + "/" + g.Address
		if grants[key] {
			return fmt.Errorf("duplicate role grant %s to %s", g.Role, g.Address)
		}
		grants[key] = true
	}

	usage := map[string]bool{}
	for i, u := range gs.Usage {
		if _, err := sdk.AccAddressFromBech32(u.Address); err != nil {
			return fmt.Errorf("usage[%d]: invalid address %q: %w", i, u.Address, err)
		}
		if err := sdk.ValidateDenom(u.Denom); err != nil {
			return fmt.Errorf("usage[%d]: %w", i, err)
		}
		if err := (WindowUsage{Buckets: u.Buckets}).Validate(); err != nil {
			return fmt.Errorf("usage[%d]: %w", i, err)
		}
		key := u.Address + "/" + u.Denom
		if usage[key] {
			return fmt.Errorf("duplicate usage for %s in %s", u.Address, u.Denom)
		}
		usage[key] = true
	}

	if len(gs.AdmittedValidators) > MaxAdmittedValidators {
		return fmt.Errorf("%d admitted validators, at most %d", len(gs.AdmittedValidators), MaxAdmittedValidators)
	}
	admitted := map[string]bool{}
	for i, v := range gs.AdmittedValidators {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("admitted_validators[%d]: %w", i, err)
		}
		op, _ := ValidateOperator(v.Operator)
		if admitted[string(op)] {
			return fmt.Errorf("admitted_validators[%d]: %s is admitted twice", i, v.Operator)
		}
		admitted[string(op)] = true
	}
	// An admitted operator's account votes in governance: it cannot be
	// frozen (see FreezeAccount), so a genesis cannot start with one frozen.
	for _, s := range gs.Standings {
		acc, _ := sdk.AccAddressFromBech32(s.Address)
		if s.Frozen && admitted[string(acc)] {
			return fmt.Errorf("%w: %s is the account of an admitted validator operator and cannot be frozen", ErrInvalidStanding, s.Address)
		}
	}
	return nil
}

// AdmittedGenesis returns a copy of base with each operator admitted at
// maxPower (an operator already admitted gets the new max power), sorted by
// operator. It is meant for test and devnet genesis files.
func AdmittedGenesis(base GenesisState, maxPower uint64, operators ...string) GenesisState {
	out := base
	out.AdmittedValidators = append([]AdmittedValidator(nil), base.AdmittedValidators...)
	index := make(map[string]int, len(out.AdmittedValidators))
	for i, v := range out.AdmittedValidators {
		index[v.Operator] = i
	}
	for _, op := range operators {
		if i, ok := index[op]; ok {
			out.AdmittedValidators[i].MaxPower = maxPower
			continue
		}
		index[op] = len(out.AdmittedValidators)
		out.AdmittedValidators = append(out.AdmittedValidators, AdmittedValidator{Operator: op, MaxPower: maxPower})
	}
	sort.Slice(out.AdmittedValidators, func(i, j int) bool {
		return out.AdmittedValidators[i].Operator < out.AdmittedValidators[j].Operator
	})
	return out
}

// Validate checks a standing record: a valid address and either a
// verification (tier, attestation, attester) or a freeze (reason, officer),
// or both.
func (s AccountStanding) Validate() error {
	if _, err := sdk.AccAddressFromBech32(s.Address); err != nil {
		return ErrInvalidStanding.Wrapf("invalid address %q: %s", s.Address, err)
	}
	if s.Tier == "" && !s.Frozen {
		return ErrInvalidStanding.Wrapf("%s is neither verified nor frozen; such accounts have no record", s.Address)
	}
	if s.Tier != "" {
		if err := ValidateTierName(s.Tier); err != nil {
			return err
		}
		if err := ValidateAttestation(s.AttestationRef); err != nil {
			return err
		}
		if _, err := sdk.AccAddressFromBech32(s.Attester); err != nil {
			return ErrInvalidStanding.Wrapf("invalid attester %q: %s", s.Attester, err)
		}
	} else if s.AttestationRef != "" || s.Attester != "" || s.VerifiedAt != nil {
		return ErrInvalidStanding.Wrapf("%s is unverified but has verification details", s.Address)
	}
	if s.Frozen {
		if err := ValidateReason(s.FreezeReason); err != nil {
			return err
		}
		if _, err := sdk.AccAddressFromBech32(s.FrozenBy); err != nil {
			return ErrInvalidStanding.Wrapf("invalid officer %q: %s", s.FrozenBy, err)
		}
	} else if s.FreezeReason != "" || s.FrozenBy != "" || s.FrozenAt != nil {
		return ErrInvalidStanding.Wrapf("%s is not frozen but has freeze details", s.Address)
	}
	return nil
}

// Status returns the standing the record stands for.
func (s AccountStanding) Status() Standing {
	switch {
	case s.Frozen:
		return Standing_STANDING_FROZEN
	case s.Tier != "":
		return Standing_STANDING_VERIFIED
	default:
		return Standing_STANDING_UNVERIFIED
	}
}

// Eligible reports whether the account is eligible for UBO: verified and not
// frozen.
func (s AccountStanding) Eligible() bool { return s.Tier != "" && !s.Frozen }

// ValidateAttestation checks an attestation reference.
func ValidateAttestation(ref string) error {
	if strings.TrimSpace(ref) == "" || len(ref) > MaxAttestationLength {
		return ErrInvalidAttestation.Wrapf("attestation reference must have 1-%d characters", MaxAttestationLength)
	}
	return nil
}

// ValidateReason checks a freeze, unfreeze or revocation reason.
func ValidateReason(reason string) error {
	if strings.TrimSpace(reason) == "" || len(reason) > MaxReasonLength {
		return ErrInvalidAttestation.Wrapf("reason must have 1-%d characters", MaxReasonLength)
	}
	return nil
}

// VerifiedGenesis returns a copy of base in which every address in addrs is
// verified at tier (attestation reference "genesis", attested by the address
// itself). Existing records of those addresses keep their freeze. Standings
// stay sorted by address. It is meant for test and devnet genesis files:
//
//	gen := aegistypes.VerifiedGenesis(*aegistypes.DefaultGenesis(), aegistypes.TierInstitutional, alice, bob)
func VerifiedGenesis(base GenesisState, tier string, addrs ...string) GenesisState {
	out := base
	out.Standings = append([]AccountStanding(nil), base.Standings...)
	index := make(map[string]int, len(out.Standings))
	for i, s := range out.Standings {
		index[s.Address] = i
	}
	for _, a := range addrs {
		if i, ok := index[a]; ok {
			out.Standings[i].Tier = tier
			out.Standings[i].AttestationRef = "genesis"
			out.Standings[i].Attester = a
			continue
		}
		index[a] = len(out.Standings)
		out.Standings = append(out.Standings, AccountStanding{
			Address: a, Tier: tier, AttestationRef: "genesis", Attester: a,
		})
	}
	sort.Slice(out.Standings, func(i, j int) bool { return out.Standings[i].Address < out.Standings[j].Address })
	return out
}
