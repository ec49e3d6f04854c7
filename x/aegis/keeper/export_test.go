package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

// TransfersOf exposes transfersOf to the tests.
func (k *Keeper) TransfersOf(msg sdk.Msg, typeURL string) ([]types.Transfer, error) {
	return k.transfersOf(msg, typeURL)
}
