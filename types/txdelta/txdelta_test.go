package txdelta_test

import (
	"testing"

	errorsmod "cosmossdk.io/errors"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"

	"github.com/azora-os/nexus/types/txdelta"
)

type count struct{ n, txs uint64 }

func (a count) Add(b count) count { return count{a.n + b.n, a.txs + b.txs} }

var errTest = errorsmod.Register("txdelta_test", 2, "test invariant")

func TestRecordAndDrain(t *testing.T) {
	okey := storetypes.NewObjectStoreKey("object:test")
	tc := testutil.DefaultContextWithObjectStore(t, storetypes.NewKVStoreKey("test"), storetypes.NewTransientStoreKey("t_test"), okey)
	ctx := tc.Ctx

	if txdelta.InTx(ctx) {
		t.Fatal("a context without tx bytes is not a tx")
	}
	// Three txs, the second records twice: entries are per tx and add up.
	for i, n := range []uint64{5, 7, 11} {
		txCtx := ctx.WithTxBytes([]byte{1}).WithTxIndex(i)
		if !txdelta.InTx(txCtx) {
			t.Fatal("a context with tx bytes is a tx")
		}
		txdelta.Record(txCtx, okey, count{n, 1})
		if i == 1 {
			txdelta.Record(txCtx, okey, count{100, 0})
		}
	}
	entries := 0
	it := ctx.ObjectStore(okey).Iterator(nil, nil)
	for ; it.Valid(); it.Next() {
		entries++
	}
	_ = it.Close()
	if entries != 3 {
		t.Fatalf("%d object-store entries, want one per tx (3)", entries)
	}

	sum, err := txdelta.Drain[count](ctx, okey, errTest)
	if err != nil {
		t.Fatal(err)
	}
	if want := (count{123, 3}); sum != want {
		t.Fatalf("drained %+v, want %+v", sum, want)
	}
	// Drained entries are gone: a second drain counts nothing.
	if sum, err = txdelta.Drain[count](ctx, okey, errTest); err != nil || sum != (count{}) {
		t.Fatalf("second drain: %+v, %v; want zero", sum, err)
	}
}

func TestDrainRefusesForeignValues(t *testing.T) {
	okey := storetypes.NewObjectStoreKey("object:test")
	tc := testutil.DefaultContextWithObjectStore(t, storetypes.NewKVStoreKey("test"), storetypes.NewTransientStoreKey("t_test"), okey)
	tc.Ctx.ObjectStore(okey).Set([]byte("x"), "not a count")
	if _, err := txdelta.Drain[count](tc.Ctx, okey, errTest); !errTest.Is(err) {
		t.Fatalf("got %v, want the invariant error", err)
	}
}
