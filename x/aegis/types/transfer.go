package types

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/movement"
)

// Transfer is one movement of value a message makes; the type lives in
// types/movement, with the other facts about a movement.
type Transfer = movement.Transfer

// TransferReporter is implemented by messages that move value on their
// signer's behalf; see movement.TransferReporter.
type TransferReporter = movement.TransferReporter

// TransferExtractor reads the transfers of a message type the module that
// owns it cannot annotate (bank, gov, distribution). Register one per type
// URL with Keeper.RegisterTransferExtractor.
type TransferExtractor func(msg sdk.Msg) ([]Transfer, error)
