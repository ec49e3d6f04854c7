package movement_test

import (
	"testing"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

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

type perms map[string]authtypes.PermissionsForAddress

func (p perms) GetModulePermissions() map[string]authtypes.PermissionsForAddress { return p }

// TestModuleAccounts: the set holds exactly the module accounts the
// permissions name, the same set NewModuleAccounts builds from the names.
func TestModuleAccounts(t *testing.T) {
	p := perms{}
	for _, n := range []string{"fee_collector", "gov", "pivc_growth"} {
		p[n] = authtypes.NewPermissionsForAddress(n, nil)
	}
	m := movement.ModuleAccountsOf(p)
	if m.Len() != 3 {
		t.Fatalf("len %d, want 3", m.Len())
	}
	for n := range p {
		if !m.Has(authtypes.NewModuleAddress(n)) {
			t.Fatalf("%s missing", n)
		}
	}
	if m.Has(authtypes.NewModuleAddress("bank")) || m.Has(sdk.AccAddress("an ordinary account")) || m.Has(nil) {
		t.Fatal("an address outside the permissions is not a module account")
	}
	byName := movement.NewModuleAccounts("fee_collector", "gov", "pivc_growth")
	for n := range p {
		if !byName.Has(authtypes.NewModuleAddress(n)) {
			t.Fatalf("NewModuleAccounts: %s missing", n)
		}
	}
}
