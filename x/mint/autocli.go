package mint

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// Service names of the generated gRPC services.
const (
	msgServiceName   = "azora.mint.v1.Msg"
	queryServiceName = "azora.mint.v1.Query"
)

// govNote is appended to the help of authority-gated commands.
const govNote = " Submitted as a governance proposal (the authority is x/gov): pass --title, --summary and --deposit; validators vote with `nexusd tx gov vote`."

// AutoCLIOptions implements autocli.HasAutoCLIConfig: every Msg and Query of
// x/mint has a command. Authority-gated Msgs are wrapped in a gov proposal.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: queryServiceName,
			Short:   "Query AZR issuance and a-Tokens",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "Show the x/mint parameters (the uazr max_supply)",
				},
				{
					RpcMethod:      "AToken",
					Use:            "atoken [symbol]",
					Short:          "Show an a-Token's charter and supply",
					Example:        "nexusd q mint atoken kasi",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "symbol"}},
				},
				{
					RpcMethod: "ATokens",
					Use:       "atokens",
					Short:     "List the chartered a-Tokens",
				},
				{
					RpcMethod:      "Supply",
					Use:            "supply [denom]",
					Short:          "Show the supply, cap and remaining headroom of uazr or an a-Token",
					Example:        "nexusd q mint supply a/kasi\nnexusd q mint supply uazr",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "denom"}},
				},
				{
					RpcMethod:      "Treasurer",
					Use:            "treasurer [address]",
					Short:          "Show a treasurer's remaining uazr allowance",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{
					RpcMethod: "Treasurers",
					Use:       "treasurers",
					Short:     "List the treasurers and their allowances",
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: msgServiceName,
			Short:   "Issue AZR and a-Tokens, burn, and (by proposal) administer them",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod:      "Mint",
					Use:            "mint [recipient] [amount]",
					Short:          "Mint uazr (as a treasurer) or an a-Token (as its issuer) to an account",
					Example:        "nexusd tx mint mint azora1... 5000000a/kasi --from issuer",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "recipient"}, {ProtoField: "amount"}},
				},
				{
					RpcMethod:      "Burn",
					Use:            "burn [amount]",
					Short:          "Burn uazr or an a-Token from your own balance",
					Example:        "nexusd tx mint burn 1000000a/kasi --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "amount"}},
				},
				{
					RpcMethod: "CharterAToken",
					Use:       "charter-atoken [symbol] [name] [issuer] [max-supply]",
					Short:     "Propose to charter the a-Token a/<symbol>",
					Long: "Propose to charter the a-Token a/<symbol> with an issuer and a cap (in base units). " +
						"The symbol is [a-z][a-z0-9]{2,15}, unique, and not azr, stake, uazr, mazr or ustake." + govNote,
					Example: `nexusd tx mint charter-atoken kasi "Kasi Rand" azora1... 1000000000000 --description "Kasi local currency" ` +
						`--title "Charter KASI" --summary "Kasi local economy" --deposit 10000000uazr --from alice`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "symbol"}, {ProtoField: "name"}, {ProtoField: "issuer"}, {ProtoField: "max_supply"},
					},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"description": {Usage: "what the currency is for (at most 512 bytes)"},
						"exponent":    {Usage: "decimals of the display unit, 1 to 18 (unset or 0: 6)"},
					},
					GovProposal: true,
				},
				{
					RpcMethod:      "SetATokenIssuer",
					Use:            "set-issuer [symbol] [issuer]",
					Short:          "Propose a new issuer for an a-Token",
					Long:           "Propose a new issuer for an a-Token; only the issuer may mint it." + govNote,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "symbol"}, {ProtoField: "issuer"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "SetATokenMaxSupply",
					Use:            "set-max-supply [symbol] [max-supply]",
					Short:          "Propose a new cap (base units) for an a-Token",
					Long:           "Propose a new cap for an a-Token, in base units; it may not be below the current supply." + govNote,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "symbol"}, {ProtoField: "max_supply"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "PauseAToken",
					Use:            "pause-atoken [symbol]",
					Short:          "Propose to pause minting of an a-Token",
					Long:           "Propose to pause minting of an a-Token; transfers and burns continue." + govNote,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "symbol"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "ResumeAToken",
					Use:            "resume-atoken [symbol]",
					Short:          "Propose to resume minting of a paused a-Token",
					Long:           "Propose to resume minting of a paused a-Token." + govNote,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "symbol"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "SetTreasurer",
					Use:            "set-treasurer [treasurer] [allowance]",
					Short:          "Propose to grant the treasurer role or set a treasurer's uazr allowance",
					Long:           "Propose to grant the treasurer role with an allowance in uazr, or to replace an existing treasurer's allowance." + govNote,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "treasurer"}, {ProtoField: "allowance"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "RevokeTreasurer",
					Use:            "revoke-treasurer [treasurer]",
					Short:          "Propose to revoke the treasurer role",
					Long:           "Propose to revoke the treasurer role and its remaining allowance." + govNote,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "treasurer"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "UpdateParams",
					Use:            "update-params-proposal [params]",
					Short:          "Propose new x/mint parameters (all of them, as JSON)",
					Long:           "Propose new x/mint parameters; max_supply may not be below the current uazr supply." + govNote,
					Example:        `nexusd tx mint update-params-proposal '{"max_supply":"20000000000000000"}' --title ... --summary ... --deposit 10000000uazr --from alice`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
					GovProposal:    true,
				},
			},
		},
	}
}
