package lightproof

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cometbft/cometbft/crypto"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	cmttypes "github.com/cometbft/cometbft/types"
)

// Format names the proof document format; a document of another format is
// refused.
const Format = "nexus-proof/v1"

// Document is a self-contained proof: a value of Nexus's state (the
// subject), the ICS-23 proof of it up to the app hash of block H+1, and the
// light blocks (signed header, commit and validator set) that lead from a
// trust root to block H+1. Verify checks it with no network access.
//
// A document is written and read as indented JSON (Encode, Parse) and is
// verified byte for byte: Parse refuses any file that is not exactly the
// encoding of what it decodes to, so no byte of a file goes unchecked.
type Document struct {
	// Format is always Format.
	Format string `json:"format"`
	// ChainID is the chain the headers belong to.
	ChainID string `json:"chain_id"`
	// Subject says what is proven.
	Subject Subject `json:"subject"`
	// LightBlocks lead from the trust root (the first, at the root's
	// height) to block H+1 (the last), in increasing height: the path of
	// light-client verification, with a header only where the validators
	// of the previous one could not vouch for the next directly.
	LightBlocks []LightBlock `json:"light_blocks"`
	// StoreProof proves the subject's value under the app hash of the last
	// light block.
	StoreProof StoreProof `json:"store_proof"`
}

// Subject is what a document proves; exactly one field is set.
type Subject struct {
	// LedgerCheckpoint: x/ledger's checkpoint at a height.
	LedgerCheckpoint *CheckpointSubject `json:"ledger_checkpoint,omitempty"`
	// LedgerEntry: one x/ledger journal entry.
	LedgerEntry *EntrySubject `json:"ledger_entry,omitempty"`
	// LedgerJournal: the journal entries of whole checkpoint periods with
	// the checkpoints that cover them (`q ledger export-journal`).
	LedgerJournal *JournalSubject `json:"ledger_journal,omitempty"`
	// MeshNode: an x/mesh node.
	MeshNode *NodeSubject `json:"mesh_node,omitempty"`
}

// CheckpointSubject names x/ledger's checkpoint at Height.
type CheckpointSubject struct {
	// Height is the checkpoint's height.
	Height int64 `json:"height"`
}

// EntrySubject names x/ledger's journal entry Sequence.
type EntrySubject struct {
	// Sequence is the entry's sequence number.
	Sequence uint64 `json:"sequence"`
}

// NodeSubject names x/mesh's node ID.
type NodeSubject struct {
	// ID is the node's id.
	ID string `json:"id"`
}

// JournalSubject carries every journal entry of a run of checkpoint
// periods (heights FirstHeight..LastHeight) and the checkpoints that cover
// them. The store proof proves the last checkpoint; the others are linked
// to it by their hashes and the entries by the hash chain.
type JournalSubject struct {
	// FirstHeight is the first height of the first period: the anchor's
	// height + 1, or 1 when the first period is the chain's first.
	FirstHeight int64 `json:"first_height"`
	// LastHeight is the last checkpoint's height.
	LastHeight int64 `json:"last_height"`
	// Checkpoints are the protobuf encodings of the checkpoints, oldest
	// first: the one before the first period (its anchor; omitted when the
	// first period is the chain's first), then the checkpoint of each
	// period.
	Checkpoints [][]byte `json:"checkpoints"`
	// Entries are the protobuf encodings of every entry of those periods,
	// in sequence order.
	Entries [][]byte `json:"entries"`
}

// LightBlock is one block of the light path: its signed header (header and
// commit) and, where it differs from the previous block's, the validator
// set that signed it. The first block always carries its set.
type LightBlock struct {
	SignedHeader *cmttypes.SignedHeader
	// ValidatorSet is nil when the set is the previous light block's.
	ValidatorSet *cmttypes.ValidatorSet
}

// StoreProof is an ICS-23 proof of one key of a module store at height
// Height (the state after block Height, committed by the app hash of block
// Height+1, the last light block).
type StoreProof struct {
	// Store is the module store, e.g. "ledger" or "mesh".
	Store string `json:"store"`
	// Key is the raw key in that store.
	Key HexBytes `json:"key"`
	// Height is the state height.
	Height int64 `json:"height"`
	// Exists says whether the key holds a value; false proves it absent.
	Exists bool `json:"exists"`
	// Value is the stored bytes (empty when absent).
	Value []byte `json:"value,omitempty"`
	// ProofOps are the proof: the key in the store, then the store in the
	// multistore.
	ProofOps []ProofOp `json:"proof_ops"`
}

// ProofOp is one ICS-23 proof op.
type ProofOp struct {
	// Type is "ics23:iavl" or "ics23:simple".
	Type string `json:"type"`
	// Key is the key the op proves.
	Key HexBytes `json:"key"`
	// Data is the op's ICS-23 commitment proof.
	Data []byte `json:"data"`
}

// HexBytes is bytes written as lower-case hex.
type HexBytes []byte

// MarshalJSON writes b as a lower-case hex string.
func (b HexBytes) MarshalJSON() ([]byte, error) { return json.Marshal(hex.EncodeToString(b)) }

// UnmarshalJSON reads a hex string.
func (b *HexBytes) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	bz, err := hex.DecodeString(s)
	if err != nil {
		return fmt.Errorf("hex: %w", err)
	}
	*b = bz
	return nil
}

// ProofOps returns the proof in CometBFT's form.
func (p StoreProof) proofOps() *cmtcrypto.ProofOps {
	ops := make([]cmtcrypto.ProofOp, 0, len(p.ProofOps))
	for _, op := range p.ProofOps {
		ops = append(ops, cmtcrypto.ProofOp{Type: op.Type, Key: op.Key, Data: op.Data})
	}
	return &cmtcrypto.ProofOps{Ops: ops}
}

// value returns the proven value: nil for an absence proof.
func (p StoreProof) value() []byte {
	if !p.Exists {
		return nil
	}
	return p.Value
}

// lightBlockJSON is a LightBlock as written: the signed header in CometBFT's
// JSON (what its RPC /commit returns) and the validators as (address, public
// key, voting power) in the set's order.
type lightBlockJSON struct {
	SignedHeader json.RawMessage `json:"signed_header"`
	ValidatorSet *validatorsJSON `json:"validator_set,omitempty"`
}

type validatorsJSON struct {
	Validators []validatorJSON `json:"validators"`
}

type validatorJSON struct {
	Address     HexBytes        `json:"address"`
	PubKey      json.RawMessage `json:"pub_key"`
	VotingPower int64           `json:"voting_power"`
}

// MarshalJSON writes the light block.
func (lb LightBlock) MarshalJSON() ([]byte, error) {
	if lb.SignedHeader == nil {
		return nil, errors.New("light block without a signed header")
	}
	sh, err := cmtjson.Marshal(lb.SignedHeader)
	if err != nil {
		return nil, err
	}
	out := lightBlockJSON{SignedHeader: sh}
	if lb.ValidatorSet != nil {
		vs := &validatorsJSON{Validators: make([]validatorJSON, 0, len(lb.ValidatorSet.Validators))}
		for _, v := range lb.ValidatorSet.Validators {
			pk, err := cmtjson.Marshal(v.PubKey)
			if err != nil {
				return nil, err
			}
			vs.Validators = append(vs.Validators, validatorJSON{Address: HexBytes(v.Address), PubKey: pk, VotingPower: v.VotingPower})
		}
		out.ValidatorSet = vs
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a light block. The validator set is rebuilt from the
// public keys and powers: each address must be its key's, the powers
// positive and the order the set's own (by power, then address).
func (lb *LightBlock) UnmarshalJSON(data []byte) error {
	var in lightBlockJSON
	if err := strictUnmarshal(data, &in); err != nil {
		return err
	}
	if len(in.SignedHeader) == 0 || bytes.Equal(in.SignedHeader, []byte("null")) {
		return errors.New("light block without a signed header")
	}
	var sh cmttypes.SignedHeader
	if err := cmtjson.Unmarshal(in.SignedHeader, &sh); err != nil {
		return fmt.Errorf("signed header: %w", err)
	}
	if sh.Header == nil || sh.Commit == nil {
		return errors.New("signed header without header or commit")
	}
	lb.SignedHeader = &sh
	lb.ValidatorSet = nil
	if in.ValidatorSet == nil {
		return nil
	}
	vals, err := validatorSet(in.ValidatorSet.Validators)
	if err != nil {
		return fmt.Errorf("validator set of block %d: %w", sh.Height, err)
	}
	lb.ValidatorSet = vals
	return nil
}

func validatorSet(in []validatorJSON) (*cmttypes.ValidatorSet, error) {
	vals := make([]*cmttypes.Validator, 0, len(in))
	for i, v := range in {
		var pk crypto.PubKey
		if err := cmtjson.Unmarshal(v.PubKey, &pk); err != nil {
			return nil, fmt.Errorf("validator %d: public key: %w", i, err)
		}
		if pk == nil {
			return nil, fmt.Errorf("validator %d: no public key", i)
		}
		val := cmttypes.NewValidator(pk, v.VotingPower)
		if !bytes.Equal(val.Address, v.Address) {
			return nil, fmt.Errorf("validator %d: address %X is not its public key's (%X)", i, []byte(v.Address), val.Address)
		}
		vals = append(vals, val)
	}
	set, err := newValidatorSet(vals)
	if err != nil {
		return nil, err
	}
	for i, v := range set.Validators {
		if !bytes.Equal(v.Address, in[i].Address) {
			return nil, fmt.Errorf("validators are not in the set's order (by voting power, then address) at position %d", i)
		}
	}
	return set, nil
}

// Encode returns the document as written to a file: indented JSON and a
// final newline.
func (d *Document) Encode() ([]byte, error) {
	bz, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(bz, '\n'), nil
}

// Parse decodes a proof document and checks that bz is exactly its
// encoding (Encode): unknown or repeated fields, re-ordered keys, other
// spacing or another spelling of the same bytes are refused, so every byte
// of the file is either checked by Verify or fixed by the format.
func Parse(bz []byte) (*Document, error) {
	var d Document
	if err := strictUnmarshal(bz, &d); err != nil {
		return nil, fmt.Errorf("not a proof document: %w", err)
	}
	if d.Format != Format {
		return nil, fmt.Errorf("format %q, want %q", d.Format, Format)
	}
	again, err := d.Encode()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(again, bz) {
		at := firstDiff(again, bz)
		return nil, fmt.Errorf("the file is not the exact encoding of its content (it differs at byte %d: altered, or re-formatted after it was written)", at)
	}
	return &d, nil
}

func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// strictUnmarshal decodes one JSON value with no unknown fields and nothing
// after it.
func strictUnmarshal(bz []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(bz))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("data after the JSON value")
	}
	return nil
}

// kind names the subject for messages.
func (s Subject) kind() string {
	var kinds []string
	if s.LedgerCheckpoint != nil {
		kinds = append(kinds, "ledger_checkpoint")
	}
	if s.LedgerEntry != nil {
		kinds = append(kinds, "ledger_entry")
	}
	if s.LedgerJournal != nil {
		kinds = append(kinds, "ledger_journal")
	}
	if s.MeshNode != nil {
		kinds = append(kinds, "mesh_node")
	}
	return strings.Join(kinds, "+")
}

// Describe names the subject in words, e.g. `ledger checkpoint 30`.
func (s Subject) Describe() string {
	switch {
	case s.LedgerCheckpoint != nil:
		return fmt.Sprintf("ledger checkpoint %d", s.LedgerCheckpoint.Height)
	case s.LedgerEntry != nil:
		return fmt.Sprintf("ledger journal entry %d", s.LedgerEntry.Sequence)
	case s.LedgerJournal != nil:
		return fmt.Sprintf("ledger journal of heights %d..%d", s.LedgerJournal.FirstHeight, s.LedgerJournal.LastHeight)
	case s.MeshNode != nil:
		return fmt.Sprintf("mesh node %q", s.MeshNode.ID)
	}
	return "nothing"
}
