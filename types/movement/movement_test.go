package movement_test

import (
	"testing"

	"cosmossdk.io/math"

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

// TestTxSlot: begin block and genesis 0, a block's tx 1 + its index, a tx
// without an index (CheckTx, simulate) 0, end block after every tx.
func TestTxSlot(t *testing.T) {
	ctx := testutil.DefaultContext(storetypes.NewKVStoreKey("test"), storetypes.NewTransientStoreKey("t"))
	if movement.InTx(ctx) || movement.TxSlot(ctx) != 0 {
		t.Fatal("begin block: not in a tx, slot 0")
	}
	tx := ctx.WithTxBytes([]byte{1})
	if !movement.InTx(tx) {
		t.Fatal("a context with tx bytes is in a tx")
	}
	if got := movement.TxSlot(tx.WithTxIndex(2)); got != 3 {
		t.Fatalf("tx 2: slot %d, want 3", got)
	}
	if got := movement.TxSlot(tx.WithTxIndex(-1)); got != 0 {
		t.Fatalf("tx without an index: slot %d, want 0", got)
	}
	if got := movement.TxSlot(ctx.WithTxCount(5)); got != movement.EndBlockSlot {
		t.Fatalf("end block: slot %d, want %d", got, movement.EndBlockSlot)
	}
	if got := movement.TxSlot(ctx.WithTxCount(0)); got != 0 {
		t.Fatalf("end block of an empty block: slot %d, want 0", got)
	}
}

// TestSpendable: balance less the locked amount of the denom, never negative.
func TestSpendable(t *testing.T) {
	locked := sdk.NewCoins(sdk.NewInt64Coin("uazr", 30), sdk.NewInt64Coin("a/kasi", 500))
	cases := []struct {
		balance int64
		denom   string
		want    int64
	}{
		{100, "uazr", 70},
		{30, "uazr", 0},
		{10, "uazr", 0},
		{100, "a/kasi", 0},
		{100, "ustake", 100},
	}
	for _, c := range cases {
		if got := movement.Spendable(math.NewInt(c.balance), locked, c.denom); !got.Equal(math.NewInt(c.want)) {
			t.Fatalf("balance %d%s: spendable %s, want %d", c.balance, c.denom, got, c.want)
		}
	}
}
