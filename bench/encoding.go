package bench

import (
	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/std"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/tx/signing"

	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
)

// Bech32Prefix is the account prefix of both chains (the stock chain uses
// Nexus's names so that one signed transaction is valid on both).
const Bech32Prefix = "azora"

// Encoding is the client-side codec of the bench: the SDK's standard types
// and the Nexus messages the scenarios send. The bench is a client: it
// imports message types, never the app.
type Encoding struct {
	Registry codectypes.InterfaceRegistry
	Codec    codec.Codec
	TxConfig client.TxConfig
}

// NewEncoding builds the codec with the azora address prefixes.
func NewEncoding() Encoding {
	setAddressConfig()
	registry, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
		ProtoFiles: proto.HybridResolver,
		SigningOptions: signing.Options{
			AddressCodec:          address.NewBech32Codec(Bech32Prefix),
			ValidatorAddressCodec: address.NewBech32Codec(Bech32Prefix + "valoper"),
		},
	})
	if err != nil {
		panic(err)
	}
	std.RegisterInterfaces(registry)
	authtypes.RegisterInterfaces(registry)
	banktypes.RegisterInterfaces(registry)
	ledgertypes.RegisterInterfaces(registry)
	minttypes.RegisterInterfaces(registry)
	forgetypes.RegisterInterfaces(registry)
	meshtypes.RegisterInterfaces(registry)
	aegistypes.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)
	return Encoding{Registry: registry, Codec: cdc, TxConfig: authtx.NewTxConfig(cdc, authtx.DefaultSignModes)}
}

// setAddressConfig installs the azora prefixes in the SDK's global config
// (addresses print as azora1...), unless something already set them.
func setAddressConfig() {
	cfg := sdk.GetConfig()
	if cfg.GetBech32AccountAddrPrefix() == Bech32Prefix {
		return
	}
	cfg.SetBech32PrefixForAccount(Bech32Prefix, Bech32Prefix+sdk.PrefixPublic)
	cfg.SetBech32PrefixForValidator(Bech32Prefix+"valoper", Bech32Prefix+"valoperpub")
	cfg.SetBech32PrefixForConsensusNode(Bech32Prefix+"valcons", Bech32Prefix+"valconspub")
}
