package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module name; it is also the store key and the
	// error codespace.
	ModuleName = "pivc"

	// StoreKey is the KV store key.
	StoreKey = ModuleName

	// ObjectStoreKey is the per-block object store in which each tx's
	// captures and claims are accumulated (keyed by tx index) until EndBlock
	// folds them into the totals.
	ObjectStoreKey = "object:" + ModuleName

	// GrowthPoolName is the module account that receives the growth share of
	// every fee; only the authority spends from it.
	GrowthPoolName = "pivc_growth"

	// UBOPoolName is the module account that receives the UBO share of every
	// fee; eligible accounts claim from it.
	UBOPoolName = "pivc_ubo"

	// SourceTransfer is the EventFeeCaptured source of fees charged by the
	// bank send restriction.
	SourceTransfer = "transfer"
)

// Collection prefixes. Never renumber or reuse one.
var (
	ParamsKey         = collections.NewPrefix(1)
	ExemptKey         = collections.NewPrefix(2)
	TotalsKey         = collections.NewPrefix(3)
	UBOIndexKey       = collections.NewPrefix(4)
	UBOOutstandingKey = collections.NewPrefix(5)
	EligibleCountKey  = collections.NewPrefix(6)
	UBOMembersKey     = collections.NewPrefix(7)
)
