package pivc

import (
	"fmt"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/cosmos/cosmos-sdk/version"

	"github.com/azora-os/nexus/x/pivc/types"
)

// AutoCLIOptions implements autocli.HasAutoCLIConfig: every Msg and Query has
// a command; authority-gated Msgs are submitted as gov proposals.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "Show the PIVC parameters (rate, growth share, epoch length, exempt accounts)",
				},
				{
					RpcMethod: "Totals",
					Use:       "totals",
					Short:     "Show the PIVC running totals per denom: captured, to growth, to UBO, claimed, growth spent",
				},
				{
					RpcMethod: "Quote",
					Use:       "quote [amount]",
					Short:     "Show the PIVC a transfer of amount costs before you send it",
					Long: "Show the PIVC (fee) a transfer of amount costs at the current rate, what leaves the sender's " +
						"account (amount + PIVC, gas not included) and how the fee is split. With --sender and " +
						"--recipient the quote applies the exemptions the transfer would get (module accounts, exempt list).",
					Example:        fmt.Sprintf("%s q pivc quote 1000uazr\n%s q pivc quote 1000uazr --sender azora1... --recipient azora1...", version.AppName, version.AppName),
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "amount"}},
				},
				{
					RpcMethod:      "PendingUBO",
					Use:            "pending-ubo [address]",
					Short:          "Show the UBO an account can claim now",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{
					RpcMethod: "Pools",
					Use:       "pools",
					Short:     "Show the growth and UBO pools, the UBO allocation state and the next allocation height",
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "ClaimUBO",
					Use:       "claim-ubo",
					Short:     "Claim the UBO that accrued to the --from account while it was eligible",
					Example:   fmt.Sprintf("%s tx pivc claim-ubo --from alice", version.AppName),
				},
				{
					RpcMethod: "UpdateParams",
					Use:       "update-params-proposal [params]",
					Short:     "Submit a gov proposal to set the PIVC params (all fields are replaced)",
					Example: fmt.Sprintf(`%s tx pivc update-params-proposal '{"rate_bps":500,"growth_share_bps":6000,"epoch_blocks":"86400","exempt_addresses":[]}' --from alice --deposit 10000000uazr`,
						version.AppName),
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "SpendGrowth",
					Use:            "spend-growth-proposal [recipient] [amount]",
					Short:          "Submit a gov proposal to pay amount from the growth pool to recipient",
					Example:        fmt.Sprintf(`%s tx pivc spend-growth-proposal azora1... 1000000uazr --purpose "community grant" --from alice --deposit 10000000uazr`, version.AppName),
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "recipient"}, {ProtoField: "amount", Varargs: true}},
					GovProposal:    true,
				},
			},
		},
	}
}
