package storeproof

import (
	"strings"
	"testing"

	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
)

// The store step with real proofs (existence, absence, altered values and
// roots) is tested through client/lightproof against an in-process app;
// these are the edges.

func TestKeyPath(t *testing.T) {
	if got, want := KeyPath("ledger", []byte{0x07, 0xab}), "/ledger/x:07AB"; got != want {
		t.Fatalf("KeyPath = %q, want %q", got, want)
	}
	if got, want := QueryPath("mesh"), "/store/mesh/key"; got != want {
		t.Fatalf("QueryPath = %q, want %q", got, want)
	}
}

func TestEmptyOrUndecodableProof(t *testing.T) {
	for name, p := range map[string]*cmtcrypto.ProofOps{
		"nil":     nil,
		"empty":   {},
		"unknown": {Ops: []cmtcrypto.ProofOp{{Type: "ics23:unknown", Key: []byte("k"), Data: []byte{1}}}},
		"garbage": {Ops: []cmtcrypto.ProofOp{{Type: "ics23:iavl", Key: []byte("k"), Data: []byte{0xff, 0xff}}}},
	} {
		if err := Verify(p, make([]byte, 32), "ledger", []byte("k"), []byte("v")); err == nil {
			t.Fatalf("%s: Verify passed", name)
		}
		if _, err := VerifyAgainst(p, make([]byte, 32), 2, "ledger", []byte("k"), []byte("v")); err == nil || strings.Contains(err.Error(), "verified") {
			t.Fatalf("%s: VerifyAgainst = %v", name, err)
		}
	}
}
