package lightproof

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/codec"
)

// Report is a Result as commands print it with -o json.
type Report struct {
	// Verified is true when every step passed and the subject exists.
	Verified bool `json:"verified"`
	// Exists is false when the subject's absence was proven.
	Exists  bool   `json:"exists"`
	Subject string `json:"subject"`
	ChainID string `json:"chain_id"`
	// StateHeight is the proven state's height; BlockHeight (=
	// StateHeight+1) is the block whose app hash commits to it.
	StateHeight int64  `json:"state_height"`
	BlockHeight int64  `json:"block_height"`
	BlockHash   string `json:"block_hash"`
	BlockTime   string `json:"block_time"`
	AppHash     string `json:"app_hash"`
	// TrustRoot describes the root; LightPath are the heights verified.
	TrustRoot   string   `json:"trust_root"`
	LightPath   []int64  `json:"light_path"`
	Steps       []Step   `json:"steps"`
	Assumptions []string `json:"assumptions"`
	// The proven value, decoded (one of them).
	Checkpoint json.RawMessage `json:"checkpoint,omitempty"`
	Entry      json.RawMessage `json:"entry,omitempty"`
	Node       json.RawMessage `json:"node,omitempty"`
	Journal    *JournalReport  `json:"journal,omitempty"`
}

// JournalReport is a verified journal, decoded.
type JournalReport struct {
	FirstHeight int64             `json:"first_height"`
	LastHeight  int64             `json:"last_height"`
	Anchor      json.RawMessage   `json:"anchor,omitempty"`
	Checkpoints []json.RawMessage `json:"checkpoints"`
	Entries     []json.RawMessage `json:"entries"`
}

// Report returns the result as printed with -o json.
func (r *Result) Report() (*Report, error) {
	out := &Report{
		Verified:    r.Exists,
		Exists:      r.Exists,
		Subject:     r.Subject.Describe(),
		ChainID:     r.ChainID,
		StateHeight: r.StateHeight,
		BlockHeight: r.Block.Height,
		BlockHash:   hex.EncodeToString(r.Block.Hash),
		BlockTime:   r.Block.Time.UTC().Format(time.RFC3339Nano),
		AppHash:     hex.EncodeToString(r.Block.AppHash),
		TrustRoot:   r.Root,
		LightPath:   r.Path,
		Steps:       r.Steps,
		Assumptions: r.Assumptions,
	}
	var err error
	if r.Checkpoint != nil {
		if out.Checkpoint, err = codec.ProtoMarshalJSON(r.Checkpoint, nil); err != nil {
			return nil, err
		}
	}
	if r.Entry != nil {
		if out.Entry, err = codec.ProtoMarshalJSON(r.Entry, nil); err != nil {
			return nil, err
		}
	}
	if r.Node != nil {
		if out.Node, err = codec.ProtoMarshalJSON(r.Node, nil); err != nil {
			return nil, err
		}
	}
	if j := r.Journal; j != nil {
		jr := &JournalReport{FirstHeight: j.FirstHeight, LastHeight: j.LastHeight}
		if j.Anchor != nil {
			if jr.Anchor, err = codec.ProtoMarshalJSON(j.Anchor, nil); err != nil {
				return nil, err
			}
		}
		if jr.Checkpoints, err = marshalAll(j.Checkpoints); err != nil {
			return nil, err
		}
		if jr.Entries, err = marshalAll(j.Entries); err != nil {
			return nil, err
		}
		out.Journal = jr
	}
	return out, nil
}

func marshalAll[T any, P interface {
	*T
	proto.Message
}](xs []T) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, 0, len(xs))
	for i := range xs {
		bz, err := codec.ProtoMarshalJSON(P(&xs[i]), nil)
		if err != nil {
			return nil, err
		}
		out = append(out, bz)
	}
	return out, nil
}

// Print writes the result: one line of JSON (the Report) when asJSON, else
// the numbered steps, the verdict, the decoded value and the assumptions.
func (r *Result) Print(w io.Writer, asJSON bool) error {
	rep, err := r.Report()
	if err != nil {
		return err
	}
	if asJSON {
		bz, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(w, string(bz))
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "trust root: %s\n", r.Root)
	for i, s := range r.Steps {
		fmt.Fprintf(&b, "%d. %s: %s\n", i+1, s.Name, s.Text)
	}
	fmt.Fprintf(&b, "%s\n", r.Verdict())
	if j := r.Journal; j != nil {
		writeJournal(&b, j)
	}
	for _, v := range []struct {
		label string
		raw   json.RawMessage
	}{{"checkpoint", rep.Checkpoint}, {"entry", rep.Entry}, {"node", rep.Node}} {
		if v.raw == nil {
			continue
		}
		pretty, err := json.MarshalIndent(v.raw, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s:\n%s\n", v.label, pretty)
	}
	b.WriteString("assumptions:\n")
	for _, a := range r.Assumptions {
		fmt.Fprintf(&b, "  - %s\n", a)
	}
	fmt.Fprintf(&b, "next trust root (this verified block, for later proofs): --trusted-height %d --trusted-hash %X\n", r.Block.Height, r.Block.Hash)
	_, err = io.WriteString(w, b.String())
	return err
}

// Verdict is the one-line conclusion.
func (r *Result) Verdict() string {
	if !r.Exists {
		return fmt.Sprintf("proven absent: %s does not exist in chain %s's state at height %d (app hash %X, block %d)",
			r.Subject.Describe(), r.ChainID, r.StateHeight, r.Block.AppHash, r.Block.Height)
	}
	signed := fmt.Sprintf("committed by app hash %X in block %d (hash %X, %s)", r.Block.AppHash, r.Block.Height, r.Block.Hash, r.Block.Time.UTC().Format(time.RFC3339))
	if j := r.Journal; j != nil {
		last := j.Checkpoints[len(j.Checkpoints)-1]
		return fmt.Sprintf("verified: the %d journal entries of heights %d..%d are complete and unaltered: they recompute checkpoint %d (hash %x), which is in chain %s's state at height %d, %s",
			len(j.Entries), j.FirstHeight, j.LastHeight, last.Height, last.Hash, r.ChainID, r.StateHeight, signed)
	}
	what := r.Subject.Describe()
	if r.Checkpoint != nil {
		what = fmt.Sprintf("%s (hash %x)", what, r.Checkpoint.Hash)
	}
	return fmt.Sprintf("verified: %s is in chain %s's state at height %d, %s", what, r.ChainID, r.StateHeight, signed)
}

func writeJournal(b *strings.Builder, j *JournalResult) {
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "CHECKPOINT\tENTRIES\tENTRIES HASH\tHASH\tRECONCILED")
	for _, c := range j.Checkpoints {
		_, _ = fmt.Fprintf(tw, "%d\t%d..%d\t%x\t%x\t%t\n", c.Height, c.FirstSequence, c.LastSequence, c.EntriesHash, c.Hash, c.Reconciled)
	}
	_ = tw.Flush()
	tw = tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "SEQ\tHEIGHT\tTIME (UTC)\tFROM\tTO\tAMOUNT\tFEE\tREFERENCE\tMESSAGE")
	for _, e := range j.Entries {
		_, _ = fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Sequence, e.Height, e.Time.UTC().Format(time.DateTime),
			e.From, e.To, dash(e.Coins.String()), dash(e.Fee.String()), dash(e.Reference), dash(e.MsgType))
	}
	_ = tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
