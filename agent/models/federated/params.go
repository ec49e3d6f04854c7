package federated

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
)

// Canonical parameter encoding, version 1 (README §2). Byte for byte:
//
//	"NXMP"                       magic, 4 bytes
//	0x01                         encoding version
//	uvarint len ‖ name           the model's name
//	uvarint n                    number of fields
//	n × field, keys strictly ascending (bytewise):
//	  uvarint len ‖ key          [a-z0-9_.]{1,64}
//	  tag                        1 byte
//	  value                      by tag:
//	    0x01 int      8 bytes, big-endian two's complement
//	    0x02 float    8 bytes, IEEE-754 binary64 big-endian (−0 written +0; NaN, ±Inf refused)
//	    0x03 string   uvarint len ‖ UTF-8 bytes
//	    0x04 floats   uvarint count ‖ count × float
//	    0x05 ints     uvarint count ‖ count × int
//
// The hash committed on chain is SHA-256 of these bytes, in lowercase hex.
const (
	magic           = "NXMP"
	EncodingVersion = 1

	tagInt    = 0x01
	tagFloat  = 0x02
	tagString = 0x03
	tagFloats = 0x04
	tagInts   = 0x05

	// MaxFields and MaxValues bound a decoded document.
	MaxFields = 256
	MaxValues = 1 << 20
)

var (
	keyRe  = regexp.MustCompile(`^[a-z0-9_.]{1,64}$`)
	nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
)

// ErrNonCanonical is returned by Decode for bytes that are not the canonical
// encoding of any Params.
var ErrNonCanonical = errors.New("federated: not a canonical parameter encoding")

// Field is one named parameter; exactly one of the value fields is used,
// as Tag says.
type Field struct {
	Key    string
	Tag    byte
	Int    int64
	Float  float64
	String string
	Floats []float64
	Ints   []int64
}

// Params are a fitted model's parameters, for the canonical encoding.
type Params struct {
	Model  string
	Fields []Field
}

// NewParams starts the parameters of the named model (an x/mesh model
// name, [a-z0-9][a-z0-9._-]{0,63}).
func NewParams(model string) *Params { return &Params{Model: model} }

// SetInt, SetFloat, SetString, SetFloats and SetInts add a field.
func (p *Params) SetInt(k string, v int64) *Params {
	p.Fields = append(p.Fields, Field{Key: k, Tag: tagInt, Int: v})
	return p
}

func (p *Params) SetFloat(k string, v float64) *Params {
	p.Fields = append(p.Fields, Field{Key: k, Tag: tagFloat, Float: v})
	return p
}

func (p *Params) SetString(k, v string) *Params {
	p.Fields = append(p.Fields, Field{Key: k, Tag: tagString, String: v})
	return p
}

func (p *Params) SetFloats(k string, v []float64) *Params {
	p.Fields = append(p.Fields, Field{Key: k, Tag: tagFloats, Floats: slices.Clone(v)})
	return p
}

func (p *Params) SetInts(k string, v []int64) *Params {
	p.Fields = append(p.Fields, Field{Key: k, Tag: tagInts, Ints: slices.Clone(v)})
	return p
}

func checkFloat(k string, f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("federated: field %s: %v cannot be encoded", k, f)
	}
	return nil
}

func putFloat(b *bytes.Buffer, f float64) {
	if f == 0 {
		f = 0 // −0 → +0
	}
	var w [8]byte
	binary.BigEndian.PutUint64(w[:], math.Float64bits(f))
	b.Write(w[:])
}

func putInt(b *bytes.Buffer, v int64) {
	var w [8]byte
	binary.BigEndian.PutUint64(w[:], uint64(v))
	b.Write(w[:])
}

func putUvarint(b *bytes.Buffer, v uint64) {
	b.Write(binary.AppendUvarint(nil, v))
}

func putString(b *bytes.Buffer, s string) {
	putUvarint(b, uint64(len(s)))
	b.WriteString(s)
}

// Encode returns the canonical bytes: fields sorted by key. A bad model name
// or key, a duplicate key, an unknown tag or a NaN/Inf is an error.
func (p *Params) Encode() ([]byte, error) {
	if !nameRe.MatchString(p.Model) {
		return nil, fmt.Errorf("federated: model name %q is not [a-z0-9][a-z0-9._-]{0,63}", p.Model)
	}
	if len(p.Fields) > MaxFields {
		return nil, fmt.Errorf("federated: %d fields, at most %d", len(p.Fields), MaxFields)
	}
	fs := slices.Clone(p.Fields)
	slices.SortStableFunc(fs, func(a, b Field) int { return strings.Compare(a.Key, b.Key) })
	var b bytes.Buffer
	b.WriteString(magic)
	b.WriteByte(EncodingVersion)
	putString(&b, p.Model)
	putUvarint(&b, uint64(len(fs)))
	for i, f := range fs {
		if !keyRe.MatchString(f.Key) {
			return nil, fmt.Errorf("federated: key %q is not [a-z0-9_.]{1,64}", f.Key)
		}
		if i > 0 && fs[i-1].Key == f.Key {
			return nil, fmt.Errorf("federated: key %q set twice", f.Key)
		}
		putString(&b, f.Key)
		b.WriteByte(f.Tag)
		switch f.Tag {
		case tagInt:
			putInt(&b, f.Int)
		case tagFloat:
			if err := checkFloat(f.Key, f.Float); err != nil {
				return nil, err
			}
			putFloat(&b, f.Float)
		case tagString:
			putString(&b, f.String)
		case tagFloats:
			putUvarint(&b, uint64(len(f.Floats)))
			for _, v := range f.Floats {
				if err := checkFloat(f.Key, v); err != nil {
					return nil, err
				}
				putFloat(&b, v)
			}
		case tagInts:
			putUvarint(&b, uint64(len(f.Ints)))
			for _, v := range f.Ints {
				putInt(&b, v)
			}
		default:
			return nil, fmt.Errorf("federated: field %s: unknown tag %#x", f.Key, f.Tag)
		}
	}
	return b.Bytes(), nil
}

// Hash returns the lowercase hex SHA-256 of the canonical encoding.
func (p *Params) Hash() (string, error) {
	enc, err := p.Encode()
	if err != nil {
		return "", err
	}
	return HashBytes(enc), nil
}

// HashBytes is the hash of already encoded parameters (what a verifier does
// with the bytes the agent serves).
func HashBytes(enc []byte) string {
	h := sha256.Sum256(enc)
	return hex.EncodeToString(h[:])
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(format string, a ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: "+format, append([]any{ErrNonCanonical}, a...)...)
	}
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || n != len(binary.AppendUvarint(nil, v)) {
		r.fail("bad uvarint")
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) take(n uint64) []byte {
	if r.err != nil || n > uint64(len(r.b)) {
		r.fail("truncated")
		r.b = nil
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) str() string {
	return string(r.take(r.uvarint()))
}

func (r *reader) u64() uint64 {
	w := r.take(8)
	if len(w) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(w)
}

func (r *reader) float() float64 {
	bits := r.u64()
	f := math.Float64frombits(bits)
	if math.IsNaN(f) || math.IsInf(f, 0) || bits == 1<<63 {
		r.fail("float %#x is not canonical", bits)
	}
	return f
}

// Decode parses canonical bytes back into Params. Anything Encode would not
// have written — another magic or version, unsorted or duplicate keys, a bad
// key or name, −0, NaN, non-minimal varints, trailing bytes — is
// ErrNonCanonical, so Decode(b) succeeding means Encode gives b back.
func Decode(b []byte) (*Params, error) {
	r := &reader{b: b}
	if string(r.take(4)) != magic {
		r.fail("bad magic")
	}
	if v := r.take(1); r.err == nil && v[0] != EncodingVersion {
		r.fail("encoding version %d is not %d", v[0], EncodingVersion)
	}
	p := &Params{Model: r.str()}
	if r.err == nil && !nameRe.MatchString(p.Model) {
		r.fail("bad model name %q", p.Model)
	}
	n := r.uvarint()
	if n > MaxFields {
		r.fail("%d fields, at most %d", n, MaxFields)
	}
	for i := uint64(0); i < n && r.err == nil; i++ {
		f := Field{Key: r.str()}
		if r.err != nil {
			break
		}
		if !keyRe.MatchString(f.Key) {
			r.fail("bad key %q", f.Key)
		}
		if i > 0 && p.Fields[i-1].Key >= f.Key {
			r.fail("key %q out of order", f.Key)
		}
		t := r.take(1)
		if r.err != nil {
			break
		}
		f.Tag = t[0]
		switch f.Tag {
		case tagInt:
			f.Int = int64(r.u64())
		case tagFloat:
			f.Float = r.float()
		case tagString:
			f.String = r.str()
		case tagFloats, tagInts:
			c := r.uvarint()
			if c > MaxValues || c*8 > uint64(len(r.b)) {
				r.fail("field %s: %d values do not fit", f.Key, c)
				break
			}
			for range c {
				if f.Tag == tagFloats {
					f.Floats = append(f.Floats, r.float())
				} else {
					f.Ints = append(f.Ints, int64(r.u64()))
				}
			}
		default:
			r.fail("field %s: unknown tag %#x", f.Key, f.Tag)
		}
		p.Fields = append(p.Fields, f)
	}
	if r.err == nil && len(r.b) > 0 {
		r.fail("%d trailing bytes", len(r.b))
	}
	if r.err != nil {
		return nil, r.err
	}
	return p, nil
}

// ModelRecord is what the agent commits to x/mesh for one fitted model
// version (MsgCommitModel): the model's name and version, the hash of its
// canonical parameters, the training window in block heights and its
// backtest metrics.
type ModelRecord struct {
	Name       string `json:"name"`
	Version    uint64 `json:"version"`
	ParamsHash string `json:"params_hash"`
	// TrainFrom and TrainTo are the first and last block heights of the
	// training window (inclusive).
	TrainFrom int64 `json:"train_from"`
	TrainTo   int64 `json:"train_to"`
	// Metrics are backtest metrics as integers in millionths (sorted by
	// name): e.g. smape_ppm 17_800_000 = sMAPE 17.8 (percent), mase_ppm
	// 878_000 = MASE 0.878, coverage_ppm 891_000.
	Metrics []Metric `json:"metrics"`
}

// Metric is one integer metric.
type Metric struct {
	Name  string `json:"name"`
	Value int64  `json:"value"`
}

// Validate checks a record before it is committed.
func (r ModelRecord) Validate() error {
	switch {
	case !nameRe.MatchString(r.Name):
		return fmt.Errorf("federated: model name %q is not [a-z0-9][a-z0-9._-]{0,63}", r.Name)
	case r.Version == 0:
		return fmt.Errorf("federated: model %s: version starts at 1", r.Name)
	case len(r.ParamsHash) != 64 || strings.ToLower(r.ParamsHash) != r.ParamsHash:
		return fmt.Errorf("federated: model %s: params hash must be 64 lowercase hex digits", r.Name)
	case r.TrainFrom < 1 || r.TrainTo < r.TrainFrom:
		return fmt.Errorf("federated: model %s: training window [%d, %d] is not a range of heights", r.Name, r.TrainFrom, r.TrainTo)
	}
	if _, err := hex.DecodeString(r.ParamsHash); err != nil {
		return fmt.Errorf("federated: model %s: params hash is not hex", r.Name)
	}
	for i, m := range r.Metrics {
		if !keyRe.MatchString(m.Name) {
			return fmt.Errorf("federated: model %s: metric name %q is not [a-z0-9_.]{1,64}", r.Name, m.Name)
		}
		if i > 0 && r.Metrics[i-1].Name >= m.Name {
			return fmt.Errorf("federated: model %s: metrics must be sorted by name without duplicates", r.Name)
		}
	}
	return nil
}

// Metric returns the named metric's value.
func (r ModelRecord) Metric(name string) (int64, bool) {
	i, ok := slices.BinarySearchFunc(r.Metrics, name, func(m Metric, n string) int { return strings.Compare(m.Name, n) })
	if !ok {
		return 0, false
	}
	return r.Metrics[i].Value, true
}

// Verify checks that served parameter bytes are canonical and hash to the
// record's committed hash.
func (r ModelRecord) Verify(served []byte) error {
	p, err := Decode(served)
	if err != nil {
		return err
	}
	if p.Model != r.Name {
		return fmt.Errorf("federated: served parameters are of model %s, the record is of %s", p.Model, r.Name)
	}
	if h := HashBytes(served); h != r.ParamsHash {
		return fmt.Errorf("federated: served parameters hash to %s, the record commits %s", h, r.ParamsHash)
	}
	return nil
}
