package app

import (
	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/std"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	"github.com/cosmos/cosmos-sdk/x/tx/signing"
)

// EncodingConfig bundles the codecs the app and its clients share.
type EncodingConfig struct {
	InterfaceRegistry types.InterfaceRegistry
	Codec             codec.Codec
	TxConfig          client.TxConfig
	Amino             *codec.LegacyAmino
}

// MakeEncodingConfig builds the codecs with the azora address prefixes and the
// SDK's standard interfaces registered. Module interfaces are registered by the
// module manager when the app is built.
//
// The signing context resolves message types through the merged registry,
// not proto.HybridResolver: HybridResolver describes a gogoproto-only type
// (every Nexus type) with the types of other files as placeholders, so
// x/tx's SIGN_MODE_LEGACY_AMINO_JSON encoder saw MsgBatchTransfer.outputs,
// MsgAddArticle.rule or any params message as empty objects. The chain then
// computed sign bytes no amino-JSON signer (Ledger, Keplr, CosmJS) produces,
// and refused their signatures. TestSigningResolvesEveryNexusType keeps it so.
func MakeEncodingConfig() EncodingConfig {
	files, err := proto.MergedRegistry()
	if err != nil {
		panic(err)
	}
	registry, err := types.NewInterfaceRegistryWithOptions(types.InterfaceRegistryOptions{
		ProtoFiles: files,
		SigningOptions: signing.Options{
			AddressCodec:          address.NewBech32Codec(Bech32Prefix),
			ValidatorAddressCodec: address.NewBech32Codec(Bech32PrefixValAddr),
		},
	})
	if err != nil {
		panic(err)
	}
	cdc := codec.NewProtoCodec(registry)
	amino := codec.NewLegacyAmino()
	std.RegisterLegacyAminoCodec(amino)
	std.RegisterInterfaces(registry)

	return EncodingConfig{
		InterfaceRegistry: registry,
		Codec:             cdc,
		TxConfig:          authtx.NewTxConfig(cdc, authtx.DefaultSignModes),
		Amino:             amino,
	}
}
