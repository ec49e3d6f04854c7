package aegis

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/azora-os/nexus/x/aegis/types"
)

// AutoCLIOptions implements autocli.HasAutoCLIConfig: every query and
// message has a command. Authority messages are wrapped in a gov proposal
// (GovProposal: true; --no-proposal sends them directly, which only the
// authority can sign).
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the x/aegis params"},
				{RpcMethod: "Articles", Use: "articles", Short: "List the articles of the constitution"},
				{
					RpcMethod: "Article", Use: "article [id]", Short: "Show one article of the constitution",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod: "Standing", Use: "standing [address]",
					Short:          "Show the standing of an address (unverified, verified or frozen), its tier and UBO eligibility",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{RpcMethod: "Standings", Use: "standings", Short: "List the verified and frozen accounts"},
				{
					RpcMethod: "Roles", Use: "roles", Short: "List role grants (--role attester|officer to filter)",
				},
				{
					RpcMethod: "AccountRoles", Use: "account-roles [address]", Short: "Show the roles an address holds",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{
					RpcMethod: "RemainingAllowance", Use: "remaining-allowance [address] [denom]",
					Short:          "Show the limits of an address in a denom and what is left of its rolling 24-hour limit",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}, {ProtoField: "denom"}},
				},
				{
					RpcMethod: "AdmittedValidators", Use: "admitted-validators",
					Short: "List the validator admission list (operators and their max power)",
				},
				{
					RpcMethod: "PowerCap", Use: "power-cap [operator]",
					Short:          "Show an operator's admission, max power and the stake it holds against it (bonded, unbonding, liquid, mintable, bondable)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}},
				},
				{
					RpcMethod: "ComplianceCheck", Use: "compliance-check [signer] [msg-json]...",
					Short: "Ask whether a transaction of these messages, signed by signer, passes the constitution (nothing is executed)",
					Long: "Each message is JSON with its @type, or a path to a .json file, e.g.\n" +
						`  nexusd q aegis compliance-check azora1... '{"@type":"/cosmos.bank.v1beta1.MsgSend","from_address":"azora1...","to_address":"azora1...","amount":[{"denom":"uazr","amount":"1000"}]}'`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "signer"}, {ProtoField: "msgs", Varargs: true}},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"fee":       {Name: "fee", Usage: "the fee the transaction would pay, checked against the fee rule (e.g. 2000uazr)"},
						"gas_limit": {Name: "gas-limit", Usage: "the gas limit it would declare (0 with --fee: checked as in simulation, against max_tx_gas)"},
					},
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "UpdateParams", Use: "update-params [params-json]", GovProposal: true,
					Short:          "Propose new x/aegis params (gov proposal)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
				},
				{
					RpcMethod: "AddArticle", Use: "add-article [title] [text] [rule-json]", GovProposal: true,
					Short: "Propose a new article of the constitution (gov proposal; add --enabled to enforce it)",
					Long: "The rule is JSON with exactly one kind, e.g.\n" +
						`  '{"message_types":{"disallowed_type_urls":["/cosmos.distribution.v1beta1.MsgFundCommunityPool"]}}'` + "\n" +
						`  '{"paused_modules":{"modules":["cosmos.distribution"]}}'`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "title"}, {ProtoField: "text"}, {ProtoField: "rule"}},
				},
				{
					RpcMethod: "AmendArticle", Use: "amend-article [id] [title] [text] [rule-json]", GovProposal: true,
					Short:          "Propose an amendment of an article (gov proposal; the rule, title, text and --enabled replace the old ones)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "title"}, {ProtoField: "text"}, {ProtoField: "rule"}},
				},
				{
					RpcMethod: "RepealArticle", Use: "repeal-article [id]", GovProposal: true,
					Short:          "Propose repealing an article (gov proposal)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod: "GrantRole", Use: "grant-role [role] [address]", GovProposal: true,
					Short:          "Propose granting a role (attester | officer) to an address (gov proposal)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}, {ProtoField: "address"}},
				},
				{
					RpcMethod: "RevokeRole", Use: "revoke-role [role] [address]", GovProposal: true,
					Short:          "Propose revoking a role (attester | officer) from an address (gov proposal)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}, {ProtoField: "address"}},
				},
				{
					RpcMethod: "VerifyAccount", Use: "verify-account [address] [tier] [attestation-ref]",
					Short:          "Verify an account at a tier, or change its tier (attester)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}, {ProtoField: "tier"}, {ProtoField: "attestation_ref"}},
				},
				{
					RpcMethod: "RevokeVerification", Use: "revoke-verification [address] [reason]",
					Short:          "Make a verified account unverified again (attester)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}, {ProtoField: "reason"}},
				},
				{
					RpcMethod: "FreezeAccount", Use: "freeze-account [address] [reason]",
					Short:          "Freeze an account at once (officer)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}, {ProtoField: "reason"}},
				},
				{
					RpcMethod: "UnfreezeAccount", Use: "unfreeze-account [address] [reason]",
					Short:          "Unfreeze an account (officer)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}, {ProtoField: "reason"}},
				},
				{
					RpcMethod: "AdmitValidator", Use: "admit-validator [operator] [max-power]", GovProposal: true,
					Short:          "Propose admitting a validator operator (azoravaloper...) with a max power, or changing its max power (gov proposal)",
					Long:           "max-power is consensus power: 1 power = 1,000,000 ustake. The operator's stake (bonded, unbonding, liquid) must fit under it.",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}, {ProtoField: "max_power"}},
				},
				{
					RpcMethod: "RemoveValidator", Use: "remove-validator [operator] [reason]", GovProposal: true,
					Short:          "Propose removing a validator operator: off the admission list, its validator jailed at once (gov proposal)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}, {ProtoField: "reason"}},
				},
				{
					RpcMethod: "MintStake", Use: "mint-stake [operator] [amount]", GovProposal: true,
					Short:          "Propose minting ustake to an admitted operator's account, within its max power (gov proposal), e.g. 10000000ustake",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}, {ProtoField: "amount"}},
				},
				{
					RpcMethod: "BurnStake", Use: "burn-stake [operator] [amount]", GovProposal: true,
					Short:          "Propose burning unbonded ustake held by an operator's account (gov proposal)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}, {ProtoField: "amount"}},
				},
			},
		},
	}
}
