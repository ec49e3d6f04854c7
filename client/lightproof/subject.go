package lightproof

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"

	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// subjectSpec is how a subject is stored and checked.
type subjectSpec struct {
	store string
	key   []byte
	// absenceOK: the subject may be proven absent.
	absenceOK bool
	// check decodes and checks the proven value into res. It returns a
	// not-found error when the value is proven absent, or a *StepError.
	check func(res *Result, doc *Document) (notFound, err error)
}

func specFor(doc *Document) (*subjectSpec, error) {
	s := doc.Subject
	switch k := s.kind(); {
	case k == "":
		return nil, errors.New("no subject")
	case s.LedgerCheckpoint != nil && k == "ledger_checkpoint":
		if s.LedgerCheckpoint.Height <= 0 {
			return nil, fmt.Errorf("checkpoint height %d", s.LedgerCheckpoint.Height)
		}
		return &subjectSpec{store: ledgertypes.StoreKey, key: ledgertypes.CheckpointStoreKey(s.LedgerCheckpoint.Height), absenceOK: true, check: checkCheckpoint}, nil
	case s.LedgerEntry != nil && k == "ledger_entry":
		if s.LedgerEntry.Sequence == 0 {
			return nil, errors.New("entry sequence 0")
		}
		// Not absenceOK: an absence proof rests on the neighbouring keys,
		// and the key after the newest entry is an account index entry
		// with an empty value, which ICS-23 cannot prove.
		return &subjectSpec{store: ledgertypes.StoreKey, key: ledgertypes.EntryStoreKey(s.LedgerEntry.Sequence), check: checkEntry}, nil
	case s.MeshNode != nil && k == "mesh_node":
		if err := meshtypes.ValidateNodeID(s.MeshNode.ID); err != nil {
			return nil, err
		}
		return &subjectSpec{store: meshtypes.StoreKey, key: meshtypes.NodeStoreKey(s.MeshNode.ID), check: checkNode, absenceOK: true}, nil
	case s.LedgerJournal != nil && k == "ledger_journal":
		j := s.LedgerJournal
		if j.FirstHeight <= 0 || j.LastHeight < j.FirstHeight {
			return nil, fmt.Errorf("journal heights %d..%d", j.FirstHeight, j.LastHeight)
		}
		if len(j.Checkpoints) == 0 {
			return nil, errors.New("journal without checkpoints")
		}
		var last ledgertypes.Checkpoint
		if err := decodeCanonical(j.Checkpoints[len(j.Checkpoints)-1], &last); err != nil {
			return nil, fmt.Errorf("journal checkpoint %d: %w", len(j.Checkpoints)-1, err)
		}
		if last.Height <= 0 {
			return nil, fmt.Errorf("journal checkpoint at height %d", last.Height)
		}
		return &subjectSpec{store: ledgertypes.StoreKey, key: ledgertypes.CheckpointStoreKey(last.Height), check: checkJournal}, nil
	default:
		return nil, fmt.Errorf("the subject must name exactly one thing, it names %s", k)
	}
}

// protoMessage is a gogoproto message with its own codec.
type protoMessage interface {
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
}

// decodeCanonical decodes bz and checks that it is the message's own
// encoding, so that no byte of it is ignored (an unknown field, a field
// repeated or out of order).
func decodeCanonical(bz []byte, m protoMessage) error {
	if err := m.Unmarshal(bz); err != nil {
		return err
	}
	again, err := m.Marshal()
	if err != nil {
		return err
	}
	if !bytes.Equal(again, bz) {
		return errors.New("not the canonical encoding of its content")
	}
	return nil
}

func checkCheckpoint(res *Result, doc *Document) (error, error) {
	h := doc.Subject.LedgerCheckpoint.Height
	if !res.Exists {
		res.Steps = append(res.Steps, Step{StepCheckpoint, fmt.Sprintf("there is no checkpoint at height %d (absence proven)", h)})
		return ledgertypes.ErrCheckpointNotFound.Wrapf("at height %d (absence proven against the app hash of block %d)", h, res.Block.Height), nil
	}
	var c ledgertypes.Checkpoint
	if err := c.Unmarshal(res.Value); err != nil {
		return nil, failf(StepCheckpoint, "decode: %w", err)
	}
	if c.Height != h {
		return nil, failf(StepCheckpoint, "the stored checkpoint is for height %d, not %d", c.Height, h)
	}
	if err := c.VerifyCheckpoint(nil); err != nil {
		return nil, fail(StepCheckpoint, err)
	}
	res.Checkpoint = &c
	res.Steps = append(res.Steps, Step{StepCheckpoint, describeCheckpoint(c)})
	return nil, nil
}

func describeCheckpoint(c ledgertypes.Checkpoint) string {
	prev := "none (the first checkpoint)"
	if len(c.PreviousHash) > 0 {
		prev = hex.EncodeToString(c.PreviousHash)
	}
	recon := "reconciled"
	if !c.Reconciled {
		recon = fmt.Sprintf("NOT reconciled (%d mismatches)", c.Mismatches)
	}
	return fmt.Sprintf("height %d, entries %d..%d (%d), entries hash %s from %s, supply %s, previous checkpoint %s, %s; its hash %s recomputes",
		c.Height, c.FirstSequence, c.LastSequence, c.EntryCount, hex.EncodeToString(c.EntriesHash), hex.EncodeToString(c.StartHash),
		c.Supply, prev, recon, hex.EncodeToString(c.Hash))
}

func checkEntry(res *Result, doc *Document) (error, error) {
	seq := doc.Subject.LedgerEntry.Sequence
	var e ledgertypes.JournalEntry
	if err := e.Unmarshal(res.Value); err != nil {
		return nil, failf(StepEntry, "decode: %w", err)
	}
	if e.Sequence != seq {
		return nil, failf(StepEntry, "the stored entry is number %d, not %d", e.Sequence, seq)
	}
	if len(e.Hash) != ledgertypes.HashSize {
		return nil, failf(StepEntry, "entry %d: hash of %d bytes", seq, len(e.Hash))
	}
	res.Entry = &e
	res.Steps = append(res.Steps, Step{StepEntry, "entry " + describeEntry(e)})
	return nil, nil
}

func describeEntry(e ledgertypes.JournalEntry) string {
	ref := ""
	if e.Reference != "" {
		ref = fmt.Sprintf(", reference %q", e.Reference)
	}
	return fmt.Sprintf("%d at height %d: %s -> %s, %s (fee %s)%s, hash chain %s", e.Sequence, e.Height, e.From, e.To, orNone(e.Coins.String()), orNone(e.Fee.String()), ref, hex.EncodeToString(e.Hash))
}

func orNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}

func checkNode(res *Result, doc *Document) (error, error) {
	id := doc.Subject.MeshNode.ID
	if !res.Exists {
		res.Steps = append(res.Steps, Step{StepNode, fmt.Sprintf("node %q does not exist at height %d (absence proven)", id, res.StateHeight)})
		return meshtypes.ErrNodeNotFound.Wrapf("%q at height %d (absence proven against the app hash of block %d)", id, res.StateHeight, res.Block.Height), nil
	}
	var n meshtypes.Node
	if err := n.Unmarshal(res.Value); err != nil {
		return nil, failf(StepNode, "decode: %w", err)
	}
	if n.Id != id {
		return nil, failf(StepNode, "the stored node has id %q, not %q", n.Id, id)
	}
	res.Node = &n
	res.Steps = append(res.Steps, Step{StepNode, fmt.Sprintf("%q (%s) owned by %s, reputation %d, %d models, consent data_sharing=%t model_training=%t federated_analysis=%t",
		n.Id, n.Type, n.Owner, n.Reputation, len(n.Models), n.Consent.DataSharing, n.Consent.ModelTraining, n.Consent.FederatedAnalysis)})
	return nil, nil
}

// checkJournal checks an exported journal against its proven last
// checkpoint: each earlier checkpoint is linked to the next by its hash,
// and the entries recompute each checkpoint's hash chain.
func checkJournal(res *Result, doc *Document) (error, error) {
	j := doc.Subject.LedgerJournal
	if !bytes.Equal(res.Value, j.Checkpoints[len(j.Checkpoints)-1]) {
		return nil, failf(StepJournal, "the proven checkpoint is not the journal's last checkpoint")
	}
	cps := make([]ledgertypes.Checkpoint, len(j.Checkpoints))
	for i, bz := range j.Checkpoints {
		if err := decodeCanonical(bz, &cps[i]); err != nil {
			return nil, failf(StepJournal, "checkpoint %d of the file: %w", i, err)
		}
		if err := cps[i].VerifyCheckpoint(nil); err != nil {
			return nil, fail(StepJournal, err)
		}
		if i == 0 {
			continue
		}
		prev, c := cps[i-1], cps[i]
		switch {
		case c.Height <= prev.Height:
			return nil, failf(StepJournal, "checkpoint %d follows checkpoint %d", c.Height, prev.Height)
		case !bytes.Equal(c.PreviousHash, prev.Hash):
			return nil, failf(StepJournal, "checkpoint %d names previous hash %x, but checkpoint %d's hash is %x", c.Height, c.PreviousHash, prev.Height, prev.Hash)
		case !bytes.Equal(c.StartHash, prev.EntriesHash) || c.FirstSequence != prev.LastSequence+1:
			return nil, failf(StepJournal, "checkpoint %d does not continue the journal where checkpoint %d ended", c.Height, prev.Height)
		}
	}

	// The periods: the first checkpoint is the anchor when it is before
	// first_height (which must then be the height after it); otherwise it
	// must be the chain's first checkpoint, so that its period starts at
	// the chain's start.
	covered := cps
	var anchor *ledgertypes.Checkpoint
	prevHeight := int64(0)
	switch {
	case cps[0].Height < j.FirstHeight:
		anchor = &cps[0]
		covered = cps[1:]
		prevHeight = anchor.Height
		if j.FirstHeight != anchor.Height+1 {
			return nil, failf(StepJournal, "the periods start after checkpoint %d, at height %d, not %d", anchor.Height, anchor.Height+1, j.FirstHeight)
		}
	case len(cps[0].PreviousHash) > 0:
		return nil, failf(StepJournal, "the first checkpoint of the file (%d) is not the chain's first, and the checkpoint before it is missing: the entries of its period cannot be shown complete", cps[0].Height)
	case j.FirstHeight != 1:
		return nil, failf(StepJournal, "the first period is the chain's first: it starts at height 1, not %d", j.FirstHeight)
	}
	if len(covered) == 0 {
		return nil, failf(StepJournal, "no checkpoint after the anchor")
	}
	lastCp := covered[len(covered)-1]
	if lastCp.Height != j.LastHeight {
		return nil, failf(StepJournal, "the last checkpoint is at height %d, not %d", lastCp.Height, j.LastHeight)
	}

	entries := make([]ledgertypes.JournalEntry, len(j.Entries))
	for i, bz := range j.Entries {
		if err := decodeCanonical(bz, &entries[i]); err != nil {
			return nil, failf(StepJournal, "entry %d of the file: %w", i, err)
		}
	}
	idx := uint64(0)
	for _, c := range covered {
		if idx+c.EntryCount > uint64(len(entries)) {
			return nil, failf(StepJournal, "checkpoint %d covers %d entries from %d, the file has %d entries in all", c.Height, c.EntryCount, c.FirstSequence, len(entries))
		}
		period := entries[idx : idx+c.EntryCount]
		if err := c.VerifyCheckpoint(period); err != nil {
			return nil, fail(StepJournal, err)
		}
		for _, e := range period {
			if e.Height <= prevHeight || e.Height > c.Height {
				return nil, failf(StepJournal, "entry %d at height %d is outside checkpoint %d's period (%d..%d)", e.Sequence, e.Height, c.Height, prevHeight+1, c.Height)
			}
		}
		idx += c.EntryCount
		prevHeight = c.Height
	}
	if idx != uint64(len(entries)) {
		return nil, failf(StepJournal, "the file has %d entries after the last checkpoint's", uint64(len(entries))-idx)
	}

	res.Journal = &JournalResult{Anchor: anchor, Checkpoints: covered, Entries: entries, FirstHeight: j.FirstHeight, LastHeight: lastCp.Height}
	anchorText := "the first period starts at the chain's start"
	if anchor != nil {
		anchorText = fmt.Sprintf("the first period starts after checkpoint %d (hash %x), the anchor", anchor.Height, anchor.Hash)
	}
	names := make([]string, 0, len(covered))
	for _, c := range covered {
		names = append(names, fmt.Sprint(c.Height))
	}
	seqs := "no entries"
	if len(entries) > 0 {
		seqs = fmt.Sprintf("entries %d..%d", entries[0].Sequence, entries[len(entries)-1].Sequence)
	}
	res.Steps = append(res.Steps, Step{StepJournal, fmt.Sprintf("checkpoints %s cover heights %d..%d (%s); each checkpoint's hash recomputes and is named by the next, up to checkpoint %d proven above; the %d %s recompute each checkpoint's hash chain, with no gap",
		joinComma(names), j.FirstHeight, lastCp.Height, anchorText, lastCp.Height, len(entries), seqs)})
	return nil, nil
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}
