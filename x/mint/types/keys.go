package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module, its store key, its module
	// account (which may mint and burn) and its error codespace. The SDK's
	// inflationary x/mint is not wired in Nexus, so the name is ours.
	ModuleName = "mint"

	// StoreKey is the KV store key of the module.
	StoreKey = ModuleName
)

// Store prefixes. Never renumber or reuse one.
var (
	// ParamsKey holds the Params.
	ParamsKey = collections.NewPrefix(1)
	// ATokensPrefix holds the a-Tokens by symbol.
	ATokensPrefix = collections.NewPrefix(2)
	// TreasurersPrefix holds the treasurer allowances by address.
	TreasurersPrefix = collections.NewPrefix(3)
)
