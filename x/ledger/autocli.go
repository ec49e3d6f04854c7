package ledger

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

const (
	queryService = "azora.ledger.v1.Query"
	msgService   = "azora.ledger.v1.Msg"

	deadlineUsage = "last block time at which the payment may execute, RFC 3339 (default: an hour from now; at most max_payment_deadline ahead). " +
		"To retry, resend the same payment with the same deadline; after the deadline, check the reference (q ledger reference) before paying again"
)

// AutoCLIOptions implements autocli.HasAutoCLIConfig. The query commands are
// added to the hand-written `ledger` query command, which carries
// `statement` (a readable table) and `verify-checkpoint`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service:              queryService,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the ledger params"},
				{
					RpcMethod:      "Entry",
					Use:            "entry [sequence]",
					Short:          "Show a journal entry by its sequence number",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "sequence"}},
				},
				// Statement is the hand-written `statement` command.
				{RpcMethod: "Statement", Skip: true},
				{
					RpcMethod:      "EntriesByReference",
					Use:            "reference [sender] [reference]",
					Short:          "Show the entries a sender paid under a reference, and whether the reference is used",
					Example:        "nexusd q ledger reference azora1... INV-2026-0001",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "sender"}, {ProtoField: "reference"}},
				},
				{RpcMethod: "Head", Use: "head", Short: "Show the end of the journal, the latest checkpoint and the next checkpoint height"},
				{
					RpcMethod:      "Checkpoint",
					Use:            "checkpoint [height]",
					Short:          "Show the checkpoint recorded at a height (see verify-checkpoint to prove it)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "height"}},
				},
				{RpcMethod: "Checkpoints", Use: "checkpoints", Short: "List the kept checkpoints, oldest first (--page-reverse: newest first)"},
				{RpcMethod: "Reconciliation", Use: "reconciliation", Short: "Show the reconciliation baseline, the journal flows since, and the reconciled accounts"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: msgService,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod:      "UpdateParams",
					Use:            "update-params-proposal [params]",
					Short:          "Submit a gov proposal to set the ledger params (give every field)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
					GovProposal:    true,
				},
				{
					RpcMethod: "Transfer",
					Use:       "transfer [to] [amount] [reference]",
					Short:     "Pay an amount (+ PIVC) under a client reference you never used before, valid until --deadline (default: an hour from now); a retry with the same reference cannot pay twice",
					Example:   "nexusd tx ledger transfer azora1... 1000000uazr INV-2026-0001 --memo-text 'March rent' --deadline 2026-12-01T18:00:00Z --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "to"}, {ProtoField: "amount"}, {ProtoField: "reference"},
					},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						// --memo is the tx memo; the payment's own memo is --memo-text.
						"memo":     {Name: "memo-text", Usage: "text for the payee, carried in the payment event (at most 256 bytes)"},
						"deadline": {Name: "deadline", Usage: deadlineUsage},
					},
				},
				{
					RpcMethod: "BatchTransfer",
					Use:       "batch-transfer [reference] [output-json]...",
					Short:     "Pay several recipients (+ PIVC each) under one client reference, all or nothing",
					Example:   `nexusd tx ledger batch-transfer PAYROLL-2026-03 '{"to":"azora1...","amount":[{"denom":"uazr","amount":"1000000"}]}' '{"to":"azora1...","amount":[{"denom":"uazr","amount":"2000000"}]}' --from alice`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "reference"}, {ProtoField: "outputs", Varargs: true},
					},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"memo":     {Name: "memo-text", Usage: "text for the payees, carried in the payment events (at most 256 bytes)"},
						"deadline": {Name: "deadline", Usage: deadlineUsage},
					},
				},
			},
		},
	}
}
