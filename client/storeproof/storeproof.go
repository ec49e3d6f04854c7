// Package storeproof proves a value of the app's state to an outside
// verifier, the way a light client would: it fetches the value with an ABCI
// store query and prove=true at height H, fetches the signed header of block
// H+1 (whose app hash commits to the state after block H), checks that
// validators holding more than 2/3 of the voting power signed that header,
// and runs the Merkle proof from the value up to that app hash.
//
// x/mesh (`nexusd q mesh node-proof`) and x/ledger (`nexusd q ledger
// verify-checkpoint`) build their commands on it.
package storeproof

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cometbft/cometbft/crypto/merkle"
	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/cosmos/cosmos-sdk/client/flags"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
)

// Client is the part of the CometBFT RPC client a proof needs.
type Client interface {
	ABCIQueryWithOptions(ctx context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error)
	Commit(ctx context.Context, height *int64) (*coretypes.ResultCommit, error)
	Validators(ctx context.Context, height *int64, page, perPage *int) (*coretypes.ResultValidators, error)
}

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
//
// The proof has two links: an ICS-23 IAVL proof of the key in the module
// store, whose root is that store's hash, and an ICS-23 simple-Merkle proof
// of that hash in the multistore, whose root is the app hash.
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

func proofRuntime() *merkle.ProofRuntime {
	prt := merkle.NewProofRuntime()
	prt.RegisterOpDecoder(storetypes.ProofOpIAVLCommitment, storetypes.CommitmentOpDecoder)
	prt.RegisterOpDecoder(storetypes.ProofOpSimpleMerkleCommitment, storetypes.CommitmentOpDecoder)
	return prt
}

// ProofOp is one proof op as printed.
type ProofOp struct {
	Type string `json:"type"`
	Key  string `json:"key"`  // hex
	Data string `json:"data"` // base64, the op's ICS-23 commitment proof
}

// Request says what to prove.
type Request struct {
	// StoreName is the module store, e.g. "mesh" or "ledger".
	StoreName string
	// Key is the raw key in that store.
	Key []byte
	// Describe names the value in the first step, e.g. `node "dev-7"`.
	Describe string
	// Height is the height of the state to prove (0: the latest).
	Height int64
	// ChainID, if set, must be the header's chain id.
	ChainID string
	// Wait is how long to wait for block Height+1's signed header.
	Wait time.Duration
}

// Result is what Prove found and checked.
type Result struct {
	// Value is the stored bytes; nil when the key is absent.
	Value []byte
	// Proof is the raw proof of the query.
	Proof *cmtcrypto.ProofOps

	Exists       bool
	StoreKey     string // hex
	QueryHeight  int64
	ProofOps     []ProofOp
	HeaderHeight int64
	ChainID      string
	AppHash      []byte
	BlockHash    string // hex
	SignedPower  int64
	TotalPower   int64
	StoreRoot    string // hex, computed by the IAVL op
	ComputedRoot string // hex, computed by the last op
	Verified     bool
	// Steps are the four steps in words: query, header, commit, proof.
	Steps []string
}

// Report is the proven part of a Result as a command prints it (bytes in
// hex or base64). A command's own output embeds it between what it decoded
// and its verdict, so JSON keys stay flat.
type Report struct {
	Exists       bool      `json:"exists"`
	StoreKey     string    `json:"store_key"` // hex
	Value        string    `json:"value"`     // base64 of the stored bytes
	QueryHeight  int64     `json:"query_height"`
	ProofOps     []ProofOp `json:"proof_ops"`
	HeaderHeight int64     `json:"header_height"`
	ChainID      string    `json:"chain_id"`
	AppHash      string    `json:"app_hash"`   // hex
	BlockHash    string    `json:"block_hash"` // hex
	SignedPower  int64     `json:"signed_power"`
	TotalPower   int64     `json:"total_power"`
	StoreRoot    string    `json:"store_root"`    // hex, computed by the IAVL op
	ComputedRoot string    `json:"computed_root"` // hex, computed by the last op
}

// Report returns r as a command prints it.
func (r *Result) Report() Report {
	return Report{
		Exists:       r.Exists,
		StoreKey:     r.StoreKey,
		Value:        base64.StdEncoding.EncodeToString(r.Value),
		QueryHeight:  r.QueryHeight,
		ProofOps:     r.ProofOps,
		HeaderHeight: r.HeaderHeight,
		ChainID:      r.ChainID,
		AppHash:      hex.EncodeToString(r.AppHash),
		BlockHash:    r.BlockHash,
		SignedPower:  r.SignedPower,
		TotalPower:   r.TotalPower,
		StoreRoot:    r.StoreRoot,
		ComputedRoot: r.ComputedRoot,
	}
}

// Print writes a command's proof output: out as one line of JSON when format
// is flags.OutputFormatJSON; otherwise the numbered steps, the verdict line (when not
// empty) and the decoded value, indented, under label.
func Print(w io.Writer, format string, out any, steps []string, verdict, label string, value json.RawMessage) error {
	if format == flags.OutputFormatJSON {
		bz, err := json.Marshal(out)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(w, string(bz))
		return err
	}
	var b strings.Builder
	for i, s := range steps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, s)
	}
	if verdict != "" {
		fmt.Fprintf(&b, "%s\n", verdict)
	}
	if value != nil {
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, value, "", "  "); err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s:\n%s\n", label, pretty.String())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Prove runs the four steps against rpc:
//
//  1. query   ABCI /store/<store>/key at height H with prove=true;
//  2. header  the signed header of block H+1, whose app hash commits to the
//     state after block H;
//  3. commit  validators holding more than 2/3 of the voting power signed
//     it (every signature checked, the validator set matched to the
//     header's hash);
//  4. proof   the Merkle proof computes that app hash from the value (or
//     proves the key absent).
//
// Any failed check returns an error. An absent key is proven absent and
// returned with Exists false and no error: the caller decides.
func Prove(ctx context.Context, rpc Client, req Request) (*Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	// With no height, the app answers at its last committed height and says
	// which. CometBFT's status may already report a block the app has not
	// committed yet, so asking for that height could find no version.
	height := req.Height
	if height != 0 && height < 2 {
		return nil, fmt.Errorf("height %d: proofs need height 2 or more; wait for the next block", height)
	}

	// 1. query
	path := QueryPath(req.StoreName)
	q, err := rpc.ABCIQueryWithOptions(ctx, path, req.Key, rpcclient.ABCIQueryOptions{Height: height, Prove: true})
	if err != nil {
		return nil, fmt.Errorf("abci query: %w", err)
	}
	if !q.Response.IsOK() {
		return nil, fmt.Errorf("abci query: code %d (%s): %s", q.Response.Code, q.Response.Codespace, q.Response.Log)
	}
	if height == 0 {
		height = q.Response.Height
	}
	out := &Result{QueryHeight: height, StoreKey: hex.EncodeToString(req.Key)}
	if q.Response.ProofOps == nil || len(q.Response.ProofOps.Ops) == 0 {
		return nil, errors.New("abci query returned no proof (is the height pruned?)")
	}
	if len(q.Response.Value) > 0 {
		out.Value = q.Response.Value
	}
	out.Proof = q.Response.ProofOps
	out.Exists = out.Value != nil
	opTypes := make([]string, 0, len(q.Response.ProofOps.Ops))
	for _, op := range q.Response.ProofOps.Ops {
		out.ProofOps = append(out.ProofOps, ProofOp{Type: op.Type, Key: hex.EncodeToString(op.Key), Data: base64.StdEncoding.EncodeToString(op.Data)})
		opTypes = append(opTypes, op.Type)
	}
	what := fmt.Sprintf("%d-byte value", len(out.Value))
	if out.Value == nil {
		what = "no value (the key is absent)"
	}
	out.Steps = append(out.Steps, fmt.Sprintf("query: ABCI %s key %s (%s) at height %d with prove=true -> %s and %d proof ops (%s)",
		path, out.StoreKey, req.Describe, height, what, len(opTypes), strings.Join(opTypes, ", ")))

	// 2. header of the next block, 3. its commit
	sh, err := SignedHeader(ctx, rpc, height+1, req.ChainID, req.Wait)
	if err != nil {
		return nil, err
	}
	out.ChainID = sh.ChainID
	out.HeaderHeight = height + 1
	out.AppHash = sh.AppHash
	out.BlockHash = hex.EncodeToString(sh.Commit.BlockID.Hash)
	out.Steps = append(out.Steps, fmt.Sprintf("header: block %d (hash %s) carries app hash %s, the state after block %d",
		out.HeaderHeight, out.BlockHash, hex.EncodeToString(out.AppHash), height))
	signed, total, err := VerifyCommit(ctx, rpc, sh)
	if err != nil {
		return nil, err
	}
	out.SignedPower, out.TotalPower = signed, total
	out.Steps = append(out.Steps, fmt.Sprintf("commit: block %d is signed by validators with %d of %d voting power (more than 2/3; every signature verified, validator set hash matches the header)",
		out.HeaderHeight, out.SignedPower, out.TotalPower))

	// 4. the proof links the value to the app hash
	step, err := VerifyAgainst(out.Proof, out.AppHash, out.HeaderHeight, req.StoreName, req.Key, out.Value)
	if err != nil {
		return nil, err
	}
	steps, _ := Steps(out.Proof, out.Value) // VerifyAgainst ran them already
	out.StoreRoot = hex.EncodeToString(steps[0].Root)
	out.ComputedRoot = hex.EncodeToString(steps[len(steps)-1].Root)
	out.Verified = true
	out.Steps = append(out.Steps, step)
	return out, nil
}

// VerifyAgainst checks the proof of value (nil: absence) under key in
// storeName against appHash, the app hash of block headerHeight, and
// returns the proof step in words.
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
	return fmt.Sprintf("proof: %s; the computed root equals the app hash of block %d: %s proof verified",
		strings.Join(links, "; "), headerHeight, kind), nil
}

// SignedHeader waits up to wait for the signed header of block h and checks
// it on its own (chain id, basic validity).
func SignedHeader(ctx context.Context, rpc Client, h int64, chainID string, wait time.Duration) (cmttypes.SignedHeader, error) {
	commit, err := waitCommit(ctx, rpc, h, wait)
	if err != nil {
		return cmttypes.SignedHeader{}, err
	}
	sh := commit.SignedHeader
	if sh.Header == nil || sh.Commit == nil {
		return cmttypes.SignedHeader{}, fmt.Errorf("block %d: incomplete signed header", h)
	}
	if chainID != "" && sh.ChainID != chainID {
		return cmttypes.SignedHeader{}, fmt.Errorf("block %d is from chain %q, not %q", h, sh.ChainID, chainID)
	}
	if err := sh.ValidateBasic(sh.ChainID); err != nil {
		return cmttypes.SignedHeader{}, fmt.Errorf("block %d signed header: %w", h, err)
	}
	return sh, nil
}

// VerifyCommit checks that validators holding more than 2/3 of the voting
// power of the header's validator set signed it (every signature checked),
// and returns the signed and total power.
func VerifyCommit(ctx context.Context, rpc Client, sh cmttypes.SignedHeader) (signed, total int64, err error) {
	h := sh.Height
	vals, err := allValidators(ctx, rpc, h)
	if err != nil {
		return 0, 0, err
	}
	valSet := cmttypes.NewValidatorSet(vals)
	if !bytes.Equal(valSet.Hash(), sh.ValidatorsHash) {
		return 0, 0, fmt.Errorf("block %d: validator set hash %X differs from the header's %X", h, valSet.Hash(), sh.ValidatorsHash)
	}
	if err := valSet.VerifyCommitLightAllSignatures(sh.ChainID, sh.Commit.BlockID, h, sh.Commit); err != nil {
		return 0, 0, fmt.Errorf("block %d commit: %w", h, err)
	}
	for _, sig := range sh.Commit.Signatures {
		if sig.BlockIDFlag != cmttypes.BlockIDFlagCommit {
			continue
		}
		if _, v := valSet.GetByAddress(sig.ValidatorAddress); v != nil {
			signed += v.VotingPower
		}
	}
	return signed, valSet.TotalVotingPower(), nil
}

// waitCommit polls for the signed header of block h until wait elapses.
func waitCommit(ctx context.Context, rpc Client, h int64, wait time.Duration) (*coretypes.ResultCommit, error) {
	deadline := time.Now().Add(wait)
	for {
		c, err := rpc.Commit(ctx, &h)
		if err == nil {
			return c, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("block %d: no signed header within %s: %w", h, wait, err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// allValidators returns the validator set at height h, page by page.
func allValidators(ctx context.Context, rpc Client, h int64) ([]*cmttypes.Validator, error) {
	var vals []*cmttypes.Validator
	perPage := 100
	for page := 1; ; page++ {
		p := page
		res, err := rpc.Validators(ctx, &h, &p, &perPage)
		if err != nil {
			return nil, fmt.Errorf("validators at %d: %w", h, err)
		}
		vals = append(vals, res.Validators...)
		if len(vals) >= res.Total || len(res.Validators) == 0 {
			return vals, nil
		}
	}
}
