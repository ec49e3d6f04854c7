// Package storeproof checks the store half of a state proof: that a value
// (or its absence) under a key of a module store is committed by an app hash.
//
// An ABCI store query with prove=true at height H returns the value and two
// ICS-23 proof ops: an IAVL proof of the key in the module store, whose root
// is that store's hash, and a simple-Merkle proof of that hash in the
// multistore, whose root is the app hash of the state after block H — the
// app hash carried by the header of block H+1.
//
// The package does no I/O and trusts nothing: whether the app hash itself is
// the chain's is client/lightproof's question (signed headers verified from a
// trust root), which calls this package for the store step.
package storeproof

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/cometbft/cometbft/crypto/merkle"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
)

// QueryPath returns the ABCI query path of a raw store value.
func QueryPath(storeName string) string { return "/store/" + storeName + "/key" }

// KeyPath is the Merkle key path of key in store storeName, from the app
// hash down: the store name, then the key in the store.
func KeyPath(storeName string, key []byte) string {
	return merkle.KeyPath{}.
		AppendKey([]byte(storeName), merkle.KeyEncodingURL).
		AppendKey(key, merkle.KeyEncodingHex).
		String()
}

// Verify checks proof (the ProofOps of an ABCI store query with prove=true
// at height h) against appHash (the app hash in the header of block h+1):
// value is the bytes stored under key in store storeName, or nil to prove
// that the key is absent.
func Verify(proof *cmtcrypto.ProofOps, appHash []byte, storeName string, key, value []byte) error {
	if proof == nil || len(proof.Ops) == 0 {
		return storetypes.ErrInvalidProof.Wrap("empty proof")
	}
	prt := proofRuntime()
	if value == nil {
		return prt.VerifyAbsence(proof, appHash, KeyPath(storeName, key))
	}
	return prt.VerifyValue(proof, appHash, KeyPath(storeName, key), value)
}

// Step is one link of a proof: the op's type, the key it proves and the
// root it computes.
type Step struct {
	// Type is the proof op type, e.g. "ics23:iavl" or "ics23:simple".
	Type string
	// Key is the key the op proves (the store key, then the store name).
	Key []byte
	// Root is the root the op computes from the value or the previous root.
	Root []byte
}

// Steps runs each op of proof from value (nil for absence) and returns the
// root each computes: the store's root, then the app hash. It shows the
// path; Verify is the check.
func Steps(proof *cmtcrypto.ProofOps, value []byte) ([]Step, error) {
	if proof == nil || len(proof.Ops) == 0 {
		return nil, storetypes.ErrInvalidProof.Wrap("empty proof")
	}
	ops, err := proofRuntime().DecodeProof(proof)
	if err != nil {
		return nil, err
	}
	var args [][]byte
	if value != nil {
		args = [][]byte{value}
	}
	steps := make([]Step, 0, len(ops))
	for i, op := range ops {
		args, err = op.Run(args)
		if err != nil {
			return nil, storetypes.ErrInvalidProof.Wrapf("op %d (%s): %s", i, proof.Ops[i].Type, err)
		}
		if len(args) != 1 {
			return nil, storetypes.ErrInvalidProof.Wrapf("op %d (%s) returned %d roots", i, proof.Ops[i].Type, len(args))
		}
		steps = append(steps, Step{Type: proof.Ops[i].Type, Key: op.GetKey(), Root: args[0]})
	}
	return steps, nil
}

// VerifyAgainst checks the proof of value (nil: absence) under key in
// storeName against appHash, the app hash of block headerHeight, and
// returns the check in words: each op with the root it computes.
func VerifyAgainst(proof *cmtcrypto.ProofOps, appHash []byte, headerHeight int64, storeName string, key, value []byte) (string, error) {
	steps, err := Steps(proof, value)
	if err != nil {
		return "", err
	}
	links := make([]string, 0, len(steps))
	for i, s := range steps {
		keyDesc := hex.EncodeToString(s.Key)
		if i == len(steps)-1 {
			keyDesc = fmt.Sprintf("store %q", s.Key)
		}
		links = append(links, fmt.Sprintf("%s over %s -> root %X", s.Type, keyDesc, s.Root))
	}
	if err := Verify(proof, appHash, storeName, key, value); err != nil {
		return "", fmt.Errorf("proof does not verify against the app hash of block %d: %w", headerHeight, err)
	}
	kind := "existence"
	if value == nil {
		kind = "absence"
	}
	return fmt.Sprintf("%s; the computed root equals the app hash of block %d: %s proof verified",
		strings.Join(links, "; "), headerHeight, kind), nil
}

func proofRuntime() *merkle.ProofRuntime {
	prt := merkle.NewProofRuntime()
	prt.RegisterOpDecoder(storetypes.ProofOpIAVLCommitment, storetypes.CommitmentOpDecoder)
	prt.RegisterOpDecoder(storetypes.ProofOpSimpleMerkleCommitment, storetypes.CommitmentOpDecoder)
	return prt
}
