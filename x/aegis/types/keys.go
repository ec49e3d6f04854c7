package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module; also its store key, router key
	// and error codespace.
	ModuleName = "aegis"

	// StoreKey is the KV store key of the module.
	StoreKey = ModuleName
)

// Collection prefixes. Numbered once and never reused or renumbered; the
// state-compatibility test pins them.
var (
	ParamsKey          = collections.NewPrefix(0)
	ArticlesKey        = collections.NewPrefix(1)
	NextArticleIDKey   = collections.NewPrefix(2)
	StandingsKey       = collections.NewPrefix(3)
	RolesKey           = collections.NewPrefix(4)
	UsageKey           = collections.NewPrefix(5)
	PolicyKey          = collections.NewPrefix(6)
	TierLimitsKey      = collections.NewPrefix(7)
	DisallowedTypesKey = collections.NewPrefix(8)
	PausedModulesKey   = collections.NewPrefix(9)
	// AdmittedValidatorsKey holds the validator admission list (issue 9).
	AdmittedValidatorsKey = collections.NewPrefix(10)
)
