// Package codec builds the agent's encoding: an interface registry with the
// SDK's standard types and every Nexus module's messages, the proto codec
// and the tx config the signer uses. The agent is a client, so it builds
// this itself instead of importing app/ (agent/README.md, "Architecture").
package codec

import (
	"sync"

	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/client"
	sdkcodec "github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/std"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	authz "github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/tx/signing"

	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// Address prefixes of Nexus (DESIGN.md §1).
const (
	Bech32Prefix        = "azora"
	Bech32PrefixAccPub  = Bech32Prefix + sdk.PrefixPublic
	Bech32PrefixValAddr = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixOperator
	Bech32PrefixValPub  = Bech32PrefixValAddr + sdk.PrefixPublic
	Bech32PrefixCons    = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixConsensus
	Bech32PrefixConsPub = Bech32PrefixCons + sdk.PrefixPublic
)

// Encoding is what the agent encodes and signs with.
type Encoding struct {
	InterfaceRegistry codectypes.InterfaceRegistry
	Codec             sdkcodec.Codec
	ProtoCodec        *sdkcodec.ProtoCodec
	TxConfig          client.TxConfig
}

var (
	once sync.Once
	enc  Encoding
)

// New returns the agent's encoding (built once per process). It also sets the
// SDK's global bech32 prefixes, which sdk.AccAddress.String uses.
func New() Encoding {
	once.Do(func() {
		SetPrefixes()
		registry, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
			ProtoFiles: proto.HybridResolver,
			SigningOptions: signing.Options{
				AddressCodec:          address.NewBech32Codec(Bech32Prefix),
				ValidatorAddressCodec: address.NewBech32Codec(Bech32PrefixValAddr),
			},
		})
		if err != nil {
			panic(err) // a static misconfiguration
		}
		std.RegisterInterfaces(registry)
		authtypes.RegisterInterfaces(registry)
		banktypes.RegisterInterfaces(registry)
		authz.RegisterInterfaces(registry)
		aegistypes.RegisterInterfaces(registry)
		forgetypes.RegisterInterfaces(registry)
		ledgertypes.RegisterInterfaces(registry)
		meshtypes.RegisterInterfaces(registry)
		minttypes.RegisterInterfaces(registry)
		pivctypes.RegisterInterfaces(registry)
		cdc := sdkcodec.NewProtoCodec(registry)
		enc = Encoding{
			InterfaceRegistry: registry,
			Codec:             cdc,
			ProtoCodec:        cdc,
			TxConfig:          authtx.NewTxConfig(cdc, authtx.DefaultSignModes),
		}
	})
	return enc
}

// SetPrefixes sets the SDK's global bech32 prefixes to Nexus's, unless they
// are set already (tests that share a process with other code).
func SetPrefixes() {
	cfg := sdk.GetConfig()
	if cfg.GetBech32AccountAddrPrefix() == Bech32Prefix {
		return
	}
	cfg.SetBech32PrefixForAccount(Bech32Prefix, Bech32PrefixAccPub)
	cfg.SetBech32PrefixForValidator(Bech32PrefixValAddr, Bech32PrefixValPub)
	cfg.SetBech32PrefixForConsensusNode(Bech32PrefixCons, Bech32PrefixConsPub)
}
