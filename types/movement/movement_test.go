package movement_test

import (
	"testing"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"

	"github.com/azora-os/nexus/types/movement"
)

func TestContextKeys(t *testing.T) {
	ctx := testutil.DefaultContext(storetypes.NewKVStoreKey("test"), storetypes.NewTransientStoreKey("t"))
	if movement.IsFeeCapture(ctx) || movement.Reference(ctx) != "" {
		t.Fatal("a fresh context carries no movement facts")
	}
	fee := movement.WithFeeCapture(ctx)
	if !movement.IsFeeCapture(fee) {
		t.Fatal("WithFeeCapture not seen")
	}
	if movement.IsFeeCapture(ctx) {
		t.Fatal("the parent context must not change")
	}
	held := movement.WithHeldFee(ctx)
	if !movement.IsHeldFee(held) || movement.IsFeeCapture(held) || movement.IsHeldFee(fee) {
		t.Fatal("a held fee is its own fact")
	}
	ref := movement.WithReference(fee, "invoice-42")
	if movement.Reference(ref) != "invoice-42" || !movement.IsFeeCapture(ref) {
		t.Fatal("facts must compose")
	}
}
