package authority_test

import (
	"strings"
	"testing"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/types/authority"
)

func TestCheck(t *testing.T) {
	ctx := testutil.DefaultContext(storetypes.NewKVStoreKey("test"), storetypes.NewTransientStoreKey("t_test"))

	if err := authority.Check(ctx, "gov", "gov"); err != nil {
		t.Fatalf("the module authority is refused: %v", err)
	}
	err := authority.Check(ctx, "gov", "alice")
	if !govtypes.ErrInvalidSigner.Is(err) || !strings.Contains(err.Error(), "expected gov, got alice") {
		t.Fatalf("got %v, want ErrInvalidSigner naming both", err)
	}

	// A consensus-level authority takes the module authority's place.
	ctx = ctx.WithConsensusParams(cmtproto.ConsensusParams{Authority: &cmtproto.AuthorityParams{Authority: "council"}})
	if err := authority.Check(ctx, "gov", "council"); err != nil {
		t.Fatalf("the consensus authority is refused: %v", err)
	}
	err = authority.Check(ctx, "gov", "gov")
	if !govtypes.ErrInvalidSigner.Is(err) || !strings.Contains(err.Error(), "expected council, got gov") {
		t.Fatalf("got %v, want ErrInvalidSigner expecting the consensus authority", err)
	}
}
