// Package plan turns what the agent perceived into proposed actions. A
// Planner runs once per processed block inside the block's store
// transaction, so the actions it proposes are recorded with the block or
// not at all, and it must be deterministic: the same history gives the
// same actions with the same ids (a block processed again after a crash
// proposes nothing new).
//
// Models plug in behind Scorer (per-account scores that become x/mesh
// feedback, e.g. the anomaly model's) or as Planners of their own (the
// develop planner refits the models every N blocks and proposes their
// commits and federated analyses).
package plan

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/azora-os/nexus/agent/store"
)

// View is what a planner may read (and the models' outputs it may write)
// while a block is being written; it includes the block's own changes.
type View interface {
	// Height is the block being written.
	Height() int64
	// NodesOwnedBy returns the active mesh nodes an account owns.
	NodesOwnedBy(owner string) ([]store.Node, error)
	// ActiveNodes returns every active mesh node, by id.
	ActiveNodes() ([]store.Node, error)
	// Party returns an account's x/forge history.
	Party(addr string) (store.Party, error)
	// Standings returns every account's x/aegis standing.
	Standings() (map[string]store.Standing, error)
	// TransfersSince returns the transfers at or after a block time.
	TransfersSince(since time.Time) ([]store.Transfer, error)
	// LatestCommitted returns the latest version of a node's model
	// committed on chain.
	LatestCommitted(nodeID, model string) (store.ModelCommit, bool, error)
	// LatestAgentModel returns the agent's latest fitted version of a
	// node's model; AgentModelVersion one with a version and hash.
	LatestAgentModel(nodeID, model string) (store.AgentModel, bool, error)
	AgentModelVersion(nodeID, model string, version uint64, hash string) (store.AgentModel, bool, error)
	// FlaggedAt returns the accounts the anomaly model flagged at a height.
	FlaggedAt(height int64) ([]store.Anomaly, error)
	// PutAgentModel, PutForecast and PutAnomaly record the models' outputs
	// with the block.
	PutAgentModel(m store.AgentModel) error
	PutForecast(f store.Forecast) error
	PutAnomaly(a store.Anomaly) error
}

var _ View = (*store.BlockTx)(nil)

// Block is a processed block as planners see it.
type Block struct {
	Height       int64
	Time         time.Time
	Observations []store.Observation
	Changes      *store.Changes
}

// Planner proposes actions from a block.
type Planner interface {
	// Name identifies the planner in the action log.
	Name() string
	// Plan returns the actions blk calls for.
	Plan(ctx context.Context, view View, blk Block) ([]store.Action, error)
}

// Scorer is a model that scores accounts from their history, in
// [0, 1_000_000] like x/mesh reputation. The feedback planner asks it,
// once per block, which accounts to score, and turns each score into
// feedback on the account's consenting mesh nodes. It must be a pure
// function of the store's history (deterministic).
type Scorer interface {
	// Model is the x/mesh model name the feedback is recorded under.
	Model() string
	// Subjects returns the accounts whose score this block may have changed,
	// sorted.
	Subjects(view View, blk Block) ([]string, error)
	// Score returns an account's score and its evidence: canonical bytes
	// that explain it, whose SHA-256 goes on chain as the evidence hash.
	Score(view View, account string) (score uint64, evidence []byte, err error)
}

// Versioned is a Scorer whose model has committed versions on the nodes it
// scores: the feedback names the node's committed version (0 if none).
type Versioned interface {
	ModelVersion(view View, nodeID string) (uint64, error)
}

// ActionID derives an action's id from what caused it: a short kind, then
// the first 40 hex digits (160 bits) of SHA-256 over the parts. It matches
// x/mesh's action id rule [a-z0-9][a-z0-9._-]{0,63} for kinds of lower-case
// letters and digits up to 23 characters.
func ActionID(kind string, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return kind + "-" + hex.EncodeToString(h[:20])
}
