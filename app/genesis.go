package app

import (
	"encoding/json"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/bank"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/gov"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// GenesisState is the app state of a genesis file: module name → raw JSON.
type GenesisState map[string]json.RawMessage

// Default governance deposits: 10 AZR to open a proposal, 50 AZR expedited.
var (
	DefaultGovMinDeposit          = sdk.NewCoins(sdk.NewCoin(BaseDenom, sdkmath.NewInt(10_000_000)))
	DefaultGovExpeditedMinDeposit = sdk.NewCoins(sdk.NewCoin(BaseDenom, sdkmath.NewInt(50_000_000)))
)

// NewDefaultGenesisState returns each module's default genesis with the Nexus
// choices applied: AZR and STAKE denom metadata, ustake as the bond denom and
// governance deposits in uazr. The choices live in the basic-manager wrappers
// below, so mbm.DefaultGenesis already returns them.
func NewDefaultGenesisState(cdc codec.JSONCodec, mbm module.BasicManager) GenesisState {
	return GenesisState(mbm.DefaultGenesis(cdc))
}

// bankBasic adds the native denom metadata to bank's default genesis.
type bankBasic struct{ bank.AppModuleBasic }

// DefaultGenesis implements module.HasGenesisBasics.
func (b bankBasic) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	gen := banktypes.DefaultGenesisState()
	gen.DenomMetadata = append(gen.DenomMetadata, NativeDenomMetadata()...)
	return cdc.MustMarshalJSON(gen)
}

// stakingBasic makes ustake the bond denom.
type stakingBasic struct{ staking.AppModuleBasic }

// DefaultGenesis implements module.HasGenesisBasics.
func (b stakingBasic) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	gen := stakingtypes.DefaultGenesisState()
	gen.Params.BondDenom = BondDenom
	return cdc.MustMarshalJSON(gen)
}

// govBasic puts governance deposits in uazr.
type govBasic struct{ gov.AppModuleBasic }

// DefaultGenesis implements module.HasGenesisBasics.
func (b govBasic) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	gen := govv1.DefaultGenesisState()
	gen.Params.MinDeposit = DefaultGovMinDeposit
	gen.Params.ExpeditedMinDeposit = DefaultGovExpeditedMinDeposit
	return cdc.MustMarshalJSON(gen)
}

// NativeDenomMetadata is the bank metadata of uazr and ustake, so wallets and
// CosmJS display AZR and STAKE with six decimals.
func NativeDenomMetadata() []banktypes.Metadata {
	return []banktypes.Metadata{
		{
			Description: "AZR, the native token of Nexus Value Exchange: gas, PIVC and payments are paid in it.",
			DenomUnits: []*banktypes.DenomUnit{
				{Denom: BaseDenom, Exponent: 0, Aliases: []string{"microazr"}},
				{Denom: "mazr", Exponent: 3, Aliases: []string{"milliazr"}},
				{Denom: "azr", Exponent: BaseDenomExponent},
			},
			Base:    BaseDenom,
			Display: "azr",
			Name:    "Azora",
			Symbol:  DisplayDenom,
		},
		{
			Description: "STAKE, the non-transferable voting power of admitted Nexus validators.",
			DenomUnits: []*banktypes.DenomUnit{
				{Denom: BondDenom, Exponent: 0},
				{Denom: "stake", Exponent: 6},
			},
			Base:    BondDenom,
			Display: "stake",
			Name:    "Nexus validator stake",
			Symbol:  BondDisplayDenom,
		},
	}
}
