package types

import errorsmod "cosmossdk.io/errors"

// Registered errors of the mesh module. Codes start at 2 and are never
// reused (STYLE.md §5).
var (
	ErrInvalidNodeID    = errorsmod.Register(ModuleName, 2, "invalid node id")
	ErrNodeNotFound     = errorsmod.Register(ModuleName, 3, "node not found")
	ErrDuplicateNode    = errorsmod.Register(ModuleName, 4, "node id already used")
	ErrInvalidNodeType  = errorsmod.Register(ModuleName, 5, "invalid node type")
	ErrScoreOutOfRange  = errorsmod.Register(ModuleName, 6, "score out of range")
	ErrNotReporter      = errorsmod.Register(ModuleName, 7, "signer is not a reporter")
	ErrNotRegistrar     = errorsmod.Register(ModuleName, 8, "signer is not a registrar")
	ErrSelfFeedback     = errorsmod.Register(ModuleName, 9, "feedback on a node the reporter owns")
	ErrNotNodeOwner     = errorsmod.Register(ModuleName, 10, "signer is not the node owner")
	ErrConsentRequired  = errorsmod.Register(ModuleName, 11, "node has not given the required consent")
	ErrBatchTooLarge    = errorsmod.Register(ModuleName, 12, "feedback batch over the size bound")
	ErrInvalidModel     = errorsmod.Register(ModuleName, 13, "invalid model name")
	ErrInvalidEvidence  = errorsmod.Register(ModuleName, 14, "invalid evidence hash")
	ErrTooManyModels    = errorsmod.Register(ModuleName, 15, "node has the maximum number of models")
	ErrMetadataTooLong  = errorsmod.Register(ModuleName, 16, "metadata too long")
	ErrInvalidParams    = errorsmod.Register(ModuleName, 17, "invalid params")
	ErrInvalidRole      = errorsmod.Register(ModuleName, 18, "invalid role")
	ErrRoleAlreadyHeld  = errorsmod.Register(ModuleName, 19, "role already granted")
	ErrRoleNotHeld      = errorsmod.Register(ModuleName, 20, "role not granted")
	ErrNodeTypeMismatch = errorsmod.Register(ModuleName, 21, "node has another type")
	ErrEmptyBatch       = errorsmod.Register(ModuleName, 22, "feedback batch is empty")
	ErrNoAnalysisInput  = errorsmod.Register(ModuleName, 23, "federated analysis needs at least one weighted node")
	ErrInvalidActionID  = errorsmod.Register(ModuleName, 24, "invalid action id")
	ErrDuplicateAction  = errorsmod.Register(ModuleName, 25, "action id already used by this reporter")
	ErrRateLimited      = errorsmod.Register(ModuleName, 26, "reporter's feedback limit on the node for this window reached")
	ErrTooManyReporters = errorsmod.Register(ModuleName, 27, "node has the maximum number of reporters")
	ErrInvalidVersion   = errorsmod.Register(ModuleName, 28, "invalid model version")
	ErrInvalidMetric    = errorsmod.Register(ModuleName, 29, "invalid backtest metric")
	ErrInvalidWindow    = errorsmod.Register(ModuleName, 30, "invalid training window")
	ErrInvalidAnalysis  = errorsmod.Register(ModuleName, 31, "invalid federated analysis input")
	ErrModelNotFound    = errorsmod.Register(ModuleName, 32, "model version not found")
)
