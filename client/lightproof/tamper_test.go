package lightproof_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cmtcrypto "github.com/cometbft/cometbft/crypto"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/azora-os/nexus/client/lightproof"
)

// tamperDocs are the documents the tamper tests alter: a checkpoint proven
// over a validator-set change with a nil vote in every commit (so every
// kind of field is present: two validator sets, commit and nil signatures),
// and a journal export.
func tamperDocs(t *testing.T) map[string]struct {
	file []byte
	root lightproof.TrustRoot
} {
	t.Helper()
	a := newSigners("a", 10, 10, 10, 10)
	c := newTestChain(t, a)
	// From block 11 the set keeps a's first three and adds one.
	b := &signers{privs: map[string]cmtcrypto.PrivKey{}}
	var vals []*cmttypes.Validator
	for _, v := range a.set.Validators[:3] {
		vals = append(vals, cmttypes.NewValidator(v.PubKey, v.VotingPower))
		b.privs[string(v.Address)] = a.privs[string(v.Address)]
	}
	n := newSigners("n", 10)
	vals = append(vals, cmttypes.NewValidator(n.set.Validators[0].PubKey, 10))
	b.privs[string(n.set.Validators[0].Address)] = n.privs[string(n.set.Validators[0].Address)]
	b.set = cmttypes.NewValidatorSet(vals)
	c.changeSet(11, b)
	c.voteFlag = voteFlags(3, cmttypes.BlockIDFlagNil)
	root := genesisRoot(t, c)

	out := map[string]struct {
		file []byte
		root lightproof.TrustRoot
	}{}
	cp, err := lightproof.ProveCheckpoint(ctx, c, 15, 0, lightproof.BuildOptions{})
	require.NoError(t, err)
	require.Len(t, cp.LightBlocks, 2)
	require.NotNil(t, cp.LightBlocks[1].ValidatorSet)
	journal, err := lightproof.ExportJournal(ctx, c, 7, 13, lightproof.BuildOptions{})
	require.NoError(t, err)
	for name, doc := range map[string]*lightproof.Document{"checkpoint": cp, "journal": journal} {
		bz := encode(t, doc)
		_, err := lightproof.VerifyFile(bz, root, lightproof.Options{})
		require.NoError(t, err, name)
		out[name] = struct {
			file []byte
			root lightproof.TrustRoot
		}{bz, root}
	}
	return out
}

// TestTamperEveryByte flips a bit of every byte of a proof file in turn
// (every third byte with -short): each altered file fails, with an error
// naming its step.
func TestTamperEveryByte(t *testing.T) {
	for name, d := range tamperDocs(t) {
		// Every byte with its low bit flipped; every fourth with its 0x20
		// bit (a letter's case: upper-case hex is not the format). -short
		// takes every third and twelfth.
		stride := 1
		if testing.Short() {
			stride = 3
		}
		steps := map[string]int{}
		for i := 0; i < len(d.file); i += stride {
			masks := []byte{0x01}
			if i%(4*stride) == 0 {
				masks = append(masks, 0x20)
			}
			for _, mask := range masks {
				bz := bytes.Clone(d.file)
				bz[i] ^= mask
				_, err := lightproof.VerifyFile(bz, d.root, lightproof.Options{})
				var se *lightproof.StepError
				if !errors.As(err, &se) {
					t.Fatalf("%s: byte %d ^ %#x (%q in %q) verified: %v", name, i, mask, d.file[i], around(d.file, i), err)
				}
				steps[se.Step]++
			}
		}
		t.Logf("%s: %d bytes, failures by step: %v", name, len(d.file), steps)
	}
}

// TestTamperEveryField changes each value of a proof file in turn (a
// number by one, a hash, key or signature by one bit, a time by a second,
// a name by a letter, a flag to its opposite) and writes the file again in
// its exact format, so only the verification steps can catch it: each
// altered file fails.
func TestTamperEveryField(t *testing.T) {
	for name, d := range tamperDocs(t) {
		var tree any
		dec := json.NewDecoder(bytes.NewReader(d.file))
		dec.UseNumber()
		require.NoError(t, dec.Decode(&tree))
		leaves := leafPaths(tree, "")
		require.NotEmpty(t, leaves)
		steps := map[string][]string{}
		for _, path := range leaves {
			mutated, ok := mutateAt(deepCopy(tree), path)
			require.True(t, ok, path)
			raw, err := json.Marshal(mutated)
			require.NoError(t, err)
			var doc lightproof.Document
			step := ""
			if err := json.Unmarshal(raw, &doc); err != nil {
				step = "document (does not decode)"
			} else {
				bz, err := doc.Encode()
				if err != nil {
					step = "document (does not encode)"
				} else {
					_, err = lightproof.VerifyFile(bz, d.root, lightproof.Options{})
					var se *lightproof.StepError
					if !errors.As(err, &se) {
						t.Fatalf("%s: %s changed and the file still verifies (%v)", name, path, err)
					}
					step = se.Step
				}
			}
			steps[step] = append(steps[step], path)
		}
		var summary []string
		for s, ps := range steps {
			summary = append(summary, fmt.Sprintf("%s: %d", s, len(ps)))
		}
		sort.Strings(summary)
		t.Logf("%s: %d fields changed, failures by step: %s", name, len(leaves), strings.Join(summary, ", "))
		// The crypto steps, not only the format, catch them.
		require.NotEmpty(t, steps[lightproof.StepRoot], name)
		require.NotEmpty(t, steps[lightproof.StepStore], name)
	}
}

// Parse takes only the exact bytes Encode writes.
func TestParseIsStrict(t *testing.T) {
	d := tamperDocs(t)["checkpoint"]
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, d.file))
	var indented bytes.Buffer
	require.NoError(t, json.Indent(&indented, d.file, "", "\t"))
	for name, bz := range map[string][]byte{
		"compacted":        compact.Bytes(),
		"re-indented":      indented.Bytes(),
		"no final line":    bytes.TrimSuffix(d.file, []byte("\n")),
		"trailing data":    append(bytes.Clone(d.file), []byte("{}\n")...),
		"an extra field":   bytes.Replace(d.file, []byte(`"format": "`), []byte(`"note": "x",`+"\n  "+`"format": "`), 1),
		"a repeated key":   bytes.Replace(d.file, []byte(`"format": "`), []byte(`"format": "x",`+"\n  "+`"format": "`), 1),
		"upper-case hex":   bytes.Replace(d.file, []byte(`"key": "07`), []byte(`"key": "07`), 1),
		"another format":   bytes.Replace(d.file, []byte(lightproof.Format), []byte("nexus-proof/v0"), 1),
		"not json":         []byte("not a proof\n"),
		"empty":            nil,
		"a light block in": bytes.Replace(d.file, []byte(`"signed_header": {`), []byte(`"extra": 1, "signed_header": {`), 1),
	} {
		if name == "upper-case hex" {
			bz = upperHexKey(t, d.file)
		}
		_, err := lightproof.VerifyFile(bz, d.root, lightproof.Options{})
		requireStep(t, err, lightproof.StepDocument)
		t.Logf("%s: %v", name, err)
	}
}

func upperHexKey(t *testing.T, file []byte) []byte {
	t.Helper()
	i := bytes.Index(file, []byte(`"key": "`))
	require.Positive(t, i)
	start := i + len(`"key": "`)
	end := start + bytes.IndexByte(file[start:], '"')
	out := bytes.Clone(file)
	copy(out[start:end], bytes.ToUpper(file[start:end]))
	require.NotEqual(t, file, out)
	return out
}

func around(bz []byte, i int) string {
	lo, hi := max(0, i-30), min(len(bz), i+30)
	return string(bz[lo:hi])
}

// leafPaths lists the paths of every scalar in a JSON tree.
func leafPaths(v any, at string) []string {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []string
		for _, k := range keys {
			out = append(out, leafPaths(x[k], at+"/"+k)...)
		}
		return out
	case []any:
		var out []string
		for i, e := range x {
			out = append(out, leafPaths(e, fmt.Sprintf("%s/%d", at, i))...)
		}
		return out
	default:
		return []string{at}
	}
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	default:
		return v
	}
}

// mutateAt changes the scalar at path to another valid-looking value.
func mutateAt(tree any, path string) (any, bool) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	var set func(v any, i int) (any, bool)
	set = func(v any, i int) (any, bool) {
		if i == len(parts) || (len(parts) == 1 && parts[0] == "") {
			return mutate(v), true
		}
		switch x := v.(type) {
		case map[string]any:
			e, ok := x[parts[i]]
			if !ok {
				return nil, false
			}
			nv, ok := set(e, i+1)
			x[parts[i]] = nv
			return x, ok
		case []any:
			idx, err := strconv.Atoi(parts[i])
			if err != nil || idx >= len(x) {
				return nil, false
			}
			nv, ok := set(x[idx], i+1)
			x[idx] = nv
			return x, ok
		}
		return nil, false
	}
	return set(tree, 0)
}

func mutate(v any) any {
	switch x := v.(type) {
	case nil:
		return "AA=="
	case bool:
		return !x
	case json.Number:
		n, err := x.Int64()
		if err != nil {
			return json.Number(string(x) + "1")
		}
		return json.Number(strconv.FormatInt(n+1, 10))
	case string:
		return mutateString(x)
	}
	return v
}

func mutateString(s string) string {
	if s == "" {
		return "00"
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return strconv.FormatInt(n+1, 10)
	}
	if tm, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return tm.Add(time.Second).Format(time.RFC3339Nano)
	}
	if bz, err := hex.DecodeString(s); err == nil && len(bz) > 0 {
		bz[len(bz)-1] ^= 1
		if strings.ToUpper(s) == s {
			return strings.ToUpper(hex.EncodeToString(bz))
		}
		return hex.EncodeToString(bz)
	}
	if bz, err := base64.StdEncoding.DecodeString(s); err == nil && len(bz) > 0 {
		bz[0] ^= 1
		return base64.StdEncoding.EncodeToString(bz)
	}
	return s[:len(s)-1] + string(rune(s[len(s)-1]^1))
}
