package mesh

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

const (
	queryService = "azora.mesh.v1.Query"
	msgService   = "azora.mesh.v1.Msg"
)

// AutoCLIOptions implements autocli.HasAutoCLIConfig. The query commands are
// added to the hand-written `mesh` query command, which carries node-proof.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service:              queryService,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "Show the mesh params",
				},
				{
					RpcMethod:      "Node",
					Use:            "node [id]",
					Short:          "Show a node: type, owner, reputation, consent and models",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod: "Nodes",
					Use:       "nodes",
					Short:     "List every node by id (paginated)",
				},
				{
					RpcMethod:      "NodesByOwner",
					Use:            "nodes-by-owner [owner]",
					Short:          "List the nodes of an owner (paginated)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}},
				},
				{
					RpcMethod:      "NodesByType",
					Use:            "nodes-by-type [corridor|device|employee]",
					Short:          "List the nodes of a type (paginated)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "type"}},
				},
				{
					RpcMethod:      "AuditLog",
					Use:            "audit-log [node-id]",
					Short:          "Show the audit entries of a node id kept in state, oldest first (paginated)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "node_id"}},
				},
				{
					RpcMethod: "FederatedAnalysis",
					Use:       "federated-analysis",
					Short:     "Combine the reputations of an employee, a device and a corridor that consented to federated analysis",
					Example:   "nexusd q mesh federated-analysis --employee-id emp-amara --device-id dev-7 --corridor-id cor-lagos-accra",
				},
				{
					RpcMethod:      "ReputationByOwner",
					Use:            "reputation [owner]",
					Short:          "Show an owner's node count, mean reputation and each node's reputation (paginated)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}},
				},
				{
					RpcMethod: "Roles",
					Use:       "roles",
					Short:     "List the granted roles; --role registrar|reporter filters (paginated)",
				},
				{
					RpcMethod:      "FeedbackAction",
					Use:            "feedback-action [reporter] [action-id]",
					Short:          "Show whether a reporter's action id (feedback, model commit or analysis record) was applied, and at which height",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "reporter"}, {ProtoField: "action_id"}},
				},
				{
					RpcMethod:      "ModelRecords",
					Use:            "model-records [node-id]",
					Short:          "List a node's committed model versions kept in state, by model then version; --model filters (paginated)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "node_id"}},
				},
				{
					RpcMethod:      "ModelRecord",
					Use:            "model-record [node-id] [model] [version]",
					Short:          "Show one committed model version: params hash, training window, backtest metrics",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "node_id"}, {ProtoField: "model"}, {ProtoField: "version"}},
				},
				{
					RpcMethod:      "ReporterScores",
					Use:            "reporter-scores [node-id]",
					Short:          "Show each reporter's EWMA of a node and its rate window; the reputation is their median (paginated)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "node_id"}},
				},
				{
					RpcMethod:      "AccountReputation",
					Use:            "account-reputation [address]",
					Short:          "Show an account's reputation as x/forge reads it: the mean of the employee nodes it owns (0 nodes: unrated)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: msgService,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod:      "UpdateParams",
					Use:            "update-params-proposal [params]",
					Short:          "Submit a gov proposal to set the mesh params (give every field)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "GrantRole",
					Use:            "grant-role-proposal [registrar|reporter] [address]",
					Short:          "Submit a gov proposal to grant a mesh role",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}, {ProtoField: "address"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "RevokeRole",
					Use:            "revoke-role-proposal [registrar|reporter] [address]",
					Short:          "Submit a gov proposal to revoke a mesh role",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}, {ProtoField: "address"}},
					GovProposal:    true,
				},
				{
					RpcMethod: "RegisterNode",
					Use:       "register-node [id] [corridor|device|employee] [owner]",
					Short:     "Register a node (a registrar, or the owner when self_registration is on)",
					Example:   "nexusd tx mesh register-node cor-lagos-accra corridor azora1... --metadata '{\"route\":\"Lagos-Accra\"}' --from registrar",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "id"}, {ProtoField: "type"}, {ProtoField: "owner"},
					},
				},
				{
					RpcMethod:      "DeregisterNode",
					Use:            "deregister-node [node-id]",
					Short:          "Deregister a node (a registrar or the owner); the id is not reused",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "node_id"}},
				},
				{
					RpcMethod: "SetConsent",
					Use:       "set-consent [node-id] [data-sharing] [model-training] [federated-analysis]",
					Short:     "Set all three consent flags of a node you own (true|false each)",
					Example:   "nexusd tx mesh set-consent cor-lagos-accra true true false --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "node_id"}, {ProtoField: "data_sharing"}, {ProtoField: "model_training"}, {ProtoField: "federated_analysis"},
					},
				},
				{
					RpcMethod: "SubmitFeedback",
					Use:       "submit-feedback [node-id] [model] [score] [evidence-hash]",
					Short:     "Submit a model feedback (reporters): score 0..1000000, evidence as hex SHA-256; --action-id makes a retry safe",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "node_id"}, {ProtoField: "model"}, {ProtoField: "score"}, {ProtoField: "evidence_hash"},
					},
				},
				{
					RpcMethod:      "SubmitFeedbackBatch",
					Use:            "submit-feedback-batch [item-json]...",
					Short:          "Submit several feedbacks at once, all or nothing (reporters); each item is JSON or a .json file",
					Example:        `nexusd tx mesh submit-feedback-batch '{"node_id":"cor-lagos-accra","model":"flow","score":"900000","evidence_hash":"<64 hex>"}' --from reporter`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "items", Varargs: true}},
				},
				{
					RpcMethod: "CommitModel",
					Use:       "commit-model [node-id] [model] [version] [params-hash] [train-start-height] [train-end-height]",
					Short:     "Commit the next version of a node's model (reporters): parameter hash, training window, --metrics as JSON",
					Example:   `nexusd tx mesh commit-model cor-lagos-accra flow-forecast 1 <64 hex> 1 120 --metrics '{"name":"smape","value":"0.0842"}' --from reporter`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "node_id"}, {ProtoField: "model"}, {ProtoField: "version"}, {ProtoField: "params_hash"},
						{ProtoField: "train_start_height"}, {ProtoField: "train_end_height"},
					},
				},
				{
					RpcMethod:      "RecordAnalysis",
					Use:            "record-analysis [context-hash] [input-json]...",
					Short:          "Record a federated analysis (reporters): --employee-id/--device-id/--corridor-id and one model score per consenting node",
					Example:        `nexusd tx mesh record-analysis <64 hex> '{"node_id":"cor-lagos-accra","model":"flow-forecast","model_version":"1","score":"800000"}' --corridor-id cor-lagos-accra --from reporter`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "context_hash"}, {ProtoField: "inputs", Varargs: true}},
				},
			},
		},
	}
}
