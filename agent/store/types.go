package store

import (
	"encoding/json"
	"time"

	sdkmath "cosmossdk.io/math"
)

// Block is the per-height record of a processed block.
type Block struct {
	Height       int64     `json:"height"`
	Hash         string    `json:"hash"`
	Time         time.Time `json:"time"`
	Txs          int       `json:"txs"`
	Observations int       `json:"observations"`
	ProcessedAt  time.Time `json:"processed_at"`
}

// Observation is one decoded typed event of a Nexus module.
type Observation struct {
	Height int64 `json:"height"`
	// Seq numbers the block's observations from 0 in event order: block
	// events (begin block), then each tx's, then end block.
	Seq     int    `json:"seq"`
	TxIndex int    `json:"tx_index"` // -1 for block events
	TxHash  string `json:"tx_hash,omitempty"`
	// Kind is "<module>.<event>", e.g. "pivc.fee_captured".
	Kind         string `json:"kind"`
	Account      string `json:"account,omitempty"`
	Counterparty string `json:"counterparty,omitempty"`
	Amount       string `json:"amount,omitempty"`
	Fee          string `json:"fee,omitempty"`
	Ref          string `json:"ref,omitempty"`
	// Detail is the event's attributes as a JSON object.
	Detail string `json:"detail"`
}

// BlockData is everything one block changes in the store.
type BlockData struct {
	Block        Block
	Observations []Observation
	Changes      Changes
}

// Changes are the derived updates of one block, in event order where order
// matters.
type Changes struct {
	Flows       map[FlowKey]*FlowDelta
	Fees        map[string]*FeeDelta
	Orders      []OrderChange
	Parties     map[string]*PartyDelta
	Nodes       []NodeChange
	Standings   []StandingChange
	Checkpoints []Checkpoint
	// Included are the agent's own actions seen applied on chain
	// (EventFeedbackSubmitted, EventModelCommitted, EventAnalysisRecorded
	// with our reporter and an action id).
	Included []string
	// Transfers are the block's transfers between two accounts.
	Transfers []Transfer
	// Models are the model versions committed on chain in the block.
	Models []ModelCommit
	// Analyses are the federated analyses recorded on chain in the block.
	Analyses []Analysis
}

// Transfer is one coin of a PIVC-charged transfer between two accounts
// (x/pivc EventFeeCaptured with a recipient), with its block time.
type Transfer struct {
	Height int64     `json:"height"`
	Seq    int       `json:"seq"` // the event's observation seq in the block
	Time   time.Time `json:"time"`
	From   string    `json:"from"`
	To     string    `json:"to"`
	Denom  string    `json:"denom"`
	Amount string    `json:"amount"` // base units, decimal
}

// Metric is one backtest metric of a model version: a fixed-point decimal
// string, as x/mesh stores it.
type Metric struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// ModelCommit is a model version committed on chain (EventModelCommitted).
type ModelCommit struct {
	NodeID           string   `json:"node_id"`
	Model            string   `json:"model"`
	Version          uint64   `json:"version"`
	ParamsHash       string   `json:"params_hash"`
	TrainStartHeight int64    `json:"train_start_height"`
	TrainEndHeight   int64    `json:"train_end_height"`
	Metrics          []Metric `json:"metrics"`
	Committer        string   `json:"committer"`
	CommittedHeight  int64    `json:"committed_height"`
}

// Analysis is a federated analysis recorded on chain
// (EventAnalysisRecorded); Outcome is x/mesh's AnalysisOutcome as JSON.
type Analysis struct {
	Height     int64           `json:"height"`
	Seq        int             `json:"seq"`
	Reporter   string          `json:"reporter"`
	EmployeeID string          `json:"employee_id,omitempty"`
	DeviceID   string          `json:"device_id,omitempty"`
	CorridorID string          `json:"corridor_id,omitempty"`
	Score      uint64          `json:"score"`
	Outcome    json.RawMessage `json:"outcome"`
	ActionID   string          `json:"action_id,omitempty"`
}

// AgentModel is a model version the agent fitted and proposed to commit:
// Params is the canonical parameter encoding whose SHA-256 is ParamsHash.
type AgentModel struct {
	NodeID           string   `json:"node_id"`
	Model            string   `json:"model"`
	Version          uint64   `json:"version"`
	Params           []byte   `json:"params"` // base64 in JSON
	ParamsHash       string   `json:"params_hash"`
	TrainStartHeight int64    `json:"train_start_height"`
	TrainEndHeight   int64    `json:"train_end_height"`
	Metrics          []Metric `json:"metrics"`
	FittedHeight     int64    `json:"fitted_height"`
	ActionID         string   `json:"action_id"`
	// ModelJSON is the fitted model as the agent evaluates it (not served:
	// Params are the committed bytes).
	ModelJSON json.RawMessage `json:"-"`
}

// Forecast is the latest forecast of a corridor: Doc is the planner's JSON
// document (observed buckets, forecast points with the interval, backtest).
type Forecast struct {
	CorridorID string          `json:"corridor_id"`
	Height     int64           `json:"height"`
	Doc        json.RawMessage `json:"doc"`
}

// Anomaly is an account the anomaly model flagged at a height, with its
// score in millionths and the reasons as JSON.
type Anomaly struct {
	Height   int64           `json:"height"`
	Account  string          `json:"account"`
	ScorePPM uint64          `json:"score_ppm"`
	Reasons  json.RawMessage `json:"reasons"`
}

// FlowKey is an account and a denom.
type FlowKey struct{ Address, Denom string }

// FlowDelta is what a block adds to an account's flows in one denom.
type FlowDelta struct {
	SentCount, ReceivedCount int64
	Sent, Received, Fees     sdkmath.Int
}

// FeeDelta is the PIVC captured in a block in one denom.
type FeeDelta struct {
	Amount   sdkmath.Int
	Captures int64
}

// Flow is an account's totals in one denom.
type Flow struct {
	Denom          string `json:"denom"`
	SentCount      int64  `json:"sent_count"`
	SentAmount     string `json:"sent_amount"`
	ReceivedCount  int64  `json:"received_count"`
	ReceivedAmount string `json:"received_amount"`
	FeesPaid       string `json:"fees_paid"`
	FirstHeight    int64  `json:"first_height"`
	LastHeight     int64  `json:"last_height"`
}

// Order statuses.
const (
	OrderOpen     = "open"
	OrderSettled  = "settled"
	OrderRefunded = "refunded"
)

// OrderChange is a placed order (Placed) or an order's close or dispute.
type OrderChange struct {
	OrderID     string
	Placed      bool
	Buyer       string
	Seller      string
	Amount      string
	Status      string // for a close: OrderSettled or OrderRefunded
	CloseReason string
	Disputed    bool
	Height      int64
}

// Order is an x/forge order as the agent saw it.
type Order struct {
	OrderID      string `json:"order_id"`
	Buyer        string `json:"buyer"`
	Seller       string `json:"seller"`
	Amount       string `json:"amount"`
	Status       string `json:"status"`
	CloseReason  string `json:"close_reason,omitempty"`
	Disputed     bool   `json:"disputed"`
	PlacedHeight int64  `json:"placed_height"`
	ClosedHeight int64  `json:"closed_height,omitempty"`
}

// PartyDelta is what a block adds to an account's forge history.
type PartyDelta struct {
	Orders, Settled, Refunded, DisputesOpened, DisputesWon, DisputesLost, SellerCancels, SellerExpiries int64
}

// Party is an account's forge history.
type Party struct {
	Address        string `json:"address"`
	Orders         int64  `json:"orders"`
	Settled        int64  `json:"settled"`
	Refunded       int64  `json:"refunded"`
	DisputesOpened int64  `json:"disputes_opened"`
	DisputesWon    int64  `json:"disputes_won"`
	DisputesLost   int64  `json:"disputes_lost"`
	SellerCancels  int64  `json:"seller_cancels"`
	SellerExpiries int64  `json:"seller_expiries"`
	UpdatedHeight  int64  `json:"updated_height"`
}

// Node change kinds.
const (
	NodeRegistered   = "registered"
	NodeDeregistered = "deregistered"
	NodeConsent      = "consent"
	NodeReputation   = "reputation"
)

// NodeChange is one x/mesh event about a node.
type NodeChange struct {
	Kind              string
	NodeID            string
	Type              string
	Owner             string
	DataSharing       bool
	ModelTraining     bool
	FederatedAnalysis bool
	Reputation        uint64
	Metadata          string
	Height            int64
}

// Node is an x/mesh node as the agent saw it.
type Node struct {
	NodeID            string `json:"node_id"`
	Type              string `json:"type"`
	Owner             string `json:"owner"`
	DataSharing       bool   `json:"data_sharing"`
	ModelTraining     bool   `json:"model_training"`
	FederatedAnalysis bool   `json:"federated_analysis"`
	Reputation        uint64 `json:"reputation"`
	Active            bool   `json:"active"`
	UpdatedHeight     int64  `json:"updated_height"`
	Metadata          string `json:"metadata,omitempty"`
}

// StandingChange is one x/aegis standing event: Tier is set when not empty;
// Frozen is set when SetFrozen.
type StandingChange struct {
	Address   string
	Tier      string
	SetTier   bool
	Frozen    bool
	SetFrozen bool
	Height    int64
}

// Standing is an account's x/aegis standing as the agent saw it.
type Standing struct {
	Address       string `json:"address"`
	Tier          string `json:"tier"`
	Frozen        bool   `json:"frozen"`
	UpdatedHeight int64  `json:"updated_height"`
}

// Checkpoint statuses.
const (
	CheckPending  = "pending"  // seen, not reconciled yet
	CheckOK       = "ok"       // proof, hash chain and totals all match
	CheckMismatch = "mismatch" // something did not match (Detail says what)
	CheckError    = "error"    // could not be checked (Detail says why); retried
)

// Checkpoint is an x/ledger checkpoint the agent saw, and its reconciliation.
type Checkpoint struct {
	Height          int64     `json:"height"`
	FirstSequence   uint64    `json:"first_sequence"`
	LastSequence    uint64    `json:"last_sequence"`
	EntriesHash     string    `json:"entries_hash"`
	Hash            string    `json:"hash"`
	ChainReconciled bool      `json:"chain_reconciled"`
	Status          string    `json:"status"`
	Proof           string    `json:"proof,omitempty"`
	Detail          string    `json:"detail,omitempty"`
	CheckedAt       time.Time `json:"checked_at,omitempty"`
}

// Action statuses. planned → refused | signed → included | failed; a signed
// action whose tx can no longer be included goes back to planned.
const (
	ActionPlanned  = "planned"
	ActionRefused  = "refused"
	ActionSigned   = "signed"
	ActionIncluded = "included"
	ActionFailed   = "failed"
)

// Action is one entry of the action log.
type Action struct {
	ID             string    `json:"id"`
	Kind           string    `json:"kind"`
	Planner        string    `json:"planner"`
	CauseHeight    int64     `json:"cause_height"`
	MsgType        string    `json:"msg_type"`
	Msg            []byte    `json:"-"` // the proto-encoded message
	Subject        string    `json:"subject"`
	Counterparties []string  `json:"counterparties"`
	Value          string    `json:"value,omitempty"`
	Summary        string    `json:"summary"`
	Status         string    `json:"status"`
	Rule           string    `json:"rule,omitempty"`
	Article        uint64    `json:"article,omitempty"`
	Reason         string    `json:"reason,omitempty"`
	TxHash         string    `json:"tx_hash,omitempty"`
	IncludedHeight int64     `json:"included_height,omitempty"`
	Attempts       int       `json:"attempts"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	SignedAt       time.Time `json:"signed_at,omitempty"`
}

// Tx statuses.
const (
	TxSigned   = "signed"   // stored, maybe broadcast, outcome unknown
	TxIncluded = "included" // in a block with code 0
	TxFailed   = "failed"   // in a block with a non-zero code
	TxDropped  = "dropped"  // refused by CheckTx, or past its timeout height without inclusion
)

// Tx is a signed transaction of the agent.
type Tx struct {
	Hash          string    `json:"hash"`
	Raw           []byte    `json:"-"`
	Sequence      uint64    `json:"sequence"`
	TimeoutHeight int64     `json:"timeout_height"`
	Status        string    `json:"status"`
	Height        int64     `json:"height,omitempty"`
	Code          uint32    `json:"code,omitempty"`
	Log           string    `json:"log,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// ForecastDoc is a corridor's forecast as the develop planner stores it
// (Forecast.Doc) and the API and dashboard serve it.
type ForecastDoc struct {
	CorridorID string `json:"corridor_id"`
	// Denoms the corridor covers (empty: every denom) and Accounts it is
	// limited to (empty: every account).
	Denoms      []string `json:"denoms,omitempty"`
	Accounts    int      `json:"accounts,omitempty"`
	Description string   `json:"description,omitempty"`
	// Node says the corridor is a registered x/mesh corridor node (its
	// models are committed on chain); false for a denom's default corridor
	// without a node.
	Node bool `json:"node"`
	// Height is the block the model was fitted at; Start the start of the
	// first observed bucket; buckets are BucketSeconds wide, Season buckets
	// make a season.
	Height        int64     `json:"height"`
	Start         time.Time `json:"start"`
	BucketSeconds int64     `json:"bucket_seconds"`
	Season        int       `json:"season"`
	// Volume (base units of the corridor's denom) and Count (transfers).
	Volume SeriesForecast `json:"volume"`
	Count  SeriesForecast `json:"count"`
}

// SeriesForecast is one series of a corridor: the observed buckets, the
// forecast of the next ones with its prediction interval, and the
// backtest.
type SeriesForecast struct {
	Observed []float64       `json:"observed"`
	Forecast []ForecastPoint `json:"forecast"`
	Method   string          `json:"method"`
	// Coverage is the interval's nominal coverage (e.g. 0.9).
	Coverage float64 `json:"coverage"`
	// SMAPE (percent) and MASE of the model's rolling-origin backtest and
	// of seasonal-naive on the same origins; MASE is absent when undefined.
	SMAPE         float64  `json:"smape"`
	MASE          *float64 `json:"mase,omitempty"`
	BaselineSMAPE float64  `json:"baseline_smape"`
	BaselineMASE  *float64 `json:"baseline_mase,omitempty"`
	// Model names the committed model and ModelVersion its version (0 when
	// the corridor is not a node or nothing was committed yet).
	Model        string `json:"model,omitempty"`
	ModelVersion uint64 `json:"model_version,omitempty"`
	ParamsHash   string `json:"params_hash,omitempty"`
}

// ForecastPoint is one forecast bucket: the mean and the interval.
type ForecastPoint struct {
	Mean  float64 `json:"mean"`
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
}

// AnomalyReason is one reason an account was flagged (Anomaly.Reasons is a
// JSON list of them, strongest first).
type AnomalyReason struct {
	Detector string  `json:"detector"`
	Score    float64 `json:"score"`
	Detail   string  `json:"detail"`
}
