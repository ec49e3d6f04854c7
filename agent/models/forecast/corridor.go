package forecast

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cosmos/cosmos-sdk/types/bech32"

	"github.com/azora-os/nexus/agent/models/flow"
)

// A corridor is a mesh node of type corridor: a slice of the chain's flow
// (some denoms, some accounts, an a-Token economy) that the agent forecasts
// on its own. Its definition lives in the node's metadata as a small JSON
// document (README "Corridor definitions"):
//
//	{"v":1, "denoms":["uazr"], "economy":"kisumu", "accounts":["azora1..."], "description":"..."}
//
// Every denom also has a default corridor covering all its transfers.

// Corridor definition limits.
const (
	CorridorVersion     = 1
	MaxCorridorDenoms   = 64
	MaxCorridorAccounts = 1000
	MaxCorridorDescr    = 256
	MaxCorridorMetadata = 64 << 10
	// AccountPrefix is the bech32 prefix of Nexus accounts.
	AccountPrefix = "azora"
	// DefaultCorridorPrefix starts the id of every default corridor.
	DefaultCorridorPrefix = "denom-"
)

var (
	denomRe  = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$`)
	symbolRe = regexp.MustCompile(`^[a-z][a-z0-9]{2,15}$`)
	nodeIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)
)

// ErrNotCorridor is returned for metadata that is not a corridor definition
// (not a JSON object with "v"); the planner skips such nodes.
var ErrNotCorridor = errors.New("forecast: metadata is not a corridor definition")

// Corridor is a parsed corridor definition.
type Corridor struct {
	// ID is the mesh node id, or DefaultCorridorID(denom) for a default
	// corridor.
	ID string `json:"id"`
	// Denoms the corridor covers (sorted, deduplicated; the economy's
	// a/<symbol> included). Empty: every denom.
	Denoms []string `json:"denoms"`
	// Accounts the corridor covers: a transfer is in it when either side is
	// one of them (sorted). Empty: every account.
	Accounts []string `json:"accounts"`
	// Economy is the a-Token symbol the corridor stands for, if any.
	Economy string `json:"economy,omitempty"`
	// Description is free text for people.
	Description string `json:"description,omitempty"`
	// Default marks the implicit per-denom corridor.
	Default bool `json:"default"`
}

type corridorDoc struct {
	V           *int     `json:"v"`
	Denoms      []string `json:"denoms"`
	Economy     string   `json:"economy"`
	Accounts    []string `json:"accounts"`
	Description string   `json:"description"`
}

// ParseCorridor parses a corridor node's metadata. Unknown fields, a
// version other than 1, a malformed denom, symbol or account, duplicates
// and a definition that covers nothing narrower than "everything" are
// errors naming the rule.
func ParseCorridor(id, metadata string) (Corridor, error) {
	if !nodeIDRe.MatchString(id) {
		return Corridor{}, fmt.Errorf("forecast: corridor id %q is not a mesh node id", id)
	}
	if len(metadata) > MaxCorridorMetadata {
		return Corridor{}, fmt.Errorf("forecast: corridor %s: metadata of %d bytes is over %d", id, len(metadata), MaxCorridorMetadata)
	}
	trimmed := strings.TrimSpace(metadata)
	if !strings.HasPrefix(trimmed, "{") {
		return Corridor{}, fmt.Errorf("%w: corridor %s", ErrNotCorridor, id)
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(trimmed)))
	dec.DisallowUnknownFields()
	var doc corridorDoc
	if err := dec.Decode(&doc); err != nil {
		return Corridor{}, fmt.Errorf("forecast: corridor %s: %w", id, err)
	}
	if dec.More() {
		return Corridor{}, fmt.Errorf("forecast: corridor %s: trailing data after the JSON object", id)
	}
	if doc.V == nil {
		return Corridor{}, fmt.Errorf("%w: corridor %s has no \"v\"", ErrNotCorridor, id)
	}
	if *doc.V != CorridorVersion {
		return Corridor{}, fmt.Errorf("forecast: corridor %s: version %d is not supported (want %d)", id, *doc.V, CorridorVersion)
	}
	c := Corridor{ID: id, Economy: doc.Economy, Description: doc.Description}
	if len(doc.Description) > MaxCorridorDescr {
		return Corridor{}, fmt.Errorf("forecast: corridor %s: description over %d bytes", id, MaxCorridorDescr)
	}
	if len(doc.Denoms) > MaxCorridorDenoms {
		return Corridor{}, fmt.Errorf("forecast: corridor %s: %d denoms, at most %d", id, len(doc.Denoms), MaxCorridorDenoms)
	}
	for _, d := range doc.Denoms {
		if !denomRe.MatchString(d) {
			return Corridor{}, fmt.Errorf("forecast: corridor %s: invalid denom %q", id, d)
		}
		c.Denoms = append(c.Denoms, d)
	}
	if doc.Economy != "" {
		if !symbolRe.MatchString(doc.Economy) {
			return Corridor{}, fmt.Errorf("forecast: corridor %s: invalid a-Token symbol %q", id, doc.Economy)
		}
		c.Denoms = append(c.Denoms, "a/"+doc.Economy)
	}
	if len(doc.Accounts) > MaxCorridorAccounts {
		return Corridor{}, fmt.Errorf("forecast: corridor %s: %d accounts, at most %d", id, len(doc.Accounts), MaxCorridorAccounts)
	}
	for _, a := range doc.Accounts {
		hrp, _, err := bech32.DecodeAndConvert(a)
		if err != nil || hrp != AccountPrefix || a != strings.ToLower(a) {
			return Corridor{}, fmt.Errorf("forecast: corridor %s: invalid account %q (want lowercase bech32 with prefix %s)", id, a, AccountPrefix)
		}
		c.Accounts = append(c.Accounts, a)
	}
	slices.Sort(c.Denoms)
	if i := dupIndex(c.Denoms); i >= 0 {
		return Corridor{}, fmt.Errorf("forecast: corridor %s: denom %q listed twice", id, c.Denoms[i])
	}
	slices.Sort(c.Accounts)
	if i := dupIndex(c.Accounts); i >= 0 {
		return Corridor{}, fmt.Errorf("forecast: corridor %s: account %q listed twice", id, c.Accounts[i])
	}
	if len(c.Denoms) == 0 && len(c.Accounts) == 0 {
		return Corridor{}, fmt.Errorf("forecast: corridor %s: covers every transfer; name denoms, an economy or accounts", id)
	}
	return c, nil
}

func dupIndex(sorted []string) int {
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return i
		}
	}
	return -1
}

// DefaultCorridorID is the id of a denom's default corridor:
// "denom-" + the denom lowercased, "/" written ".", any other character
// outside [a-z0-9._-] written "-", cut to 64 characters — a valid mesh node
// id, e.g. uazr → denom-uazr, a/kisumu → denom-a.kisumu. The mapping is one-to-one on Nexus denoms
// (uazr, ustake, a/<symbol>).
func DefaultCorridorID(denom string) string {
	var b strings.Builder
	b.WriteString(DefaultCorridorPrefix)
	for _, r := range strings.ToLower(denom) {
		switch {
		case r == '/':
			b.WriteByte('.')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := b.String()
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

// DefaultCorridor is the corridor of every transfer of one denom.
func DefaultCorridor(denom string) Corridor {
	return Corridor{ID: DefaultCorridorID(denom), Denoms: []string{denom}, Default: true}
}

// Contains reports whether t belongs to the corridor: its denom is one of
// Denoms (or Denoms is empty) and, when Accounts is not empty, its sender or
// recipient is one of them.
func (c Corridor) Contains(t flow.Transfer) bool {
	if len(c.Denoms) > 0 {
		if _, ok := slices.BinarySearch(c.Denoms, t.Denom); !ok {
			return false
		}
	}
	if len(c.Accounts) > 0 {
		_, from := slices.BinarySearch(c.Accounts, t.From)
		_, to := slices.BinarySearch(c.Accounts, t.To)
		return from || to
	}
	return true
}

// Set is the corridors the agent knows: the defined ones (sorted by id) and
// the default corridor of every denom.
type Set struct {
	defined []Corridor
}

// NewSet builds a set from parsed corridors; ids must be unique. A defined
// corridor whose id is a denom's default id (a mesh node registered as
// "denom-uazr", e.g. to commit its models on chain) replaces that default
// corridor: its own definition decides what it contains.
func NewSet(cs ...Corridor) (*Set, error) {
	s := &Set{defined: slices.Clone(cs)}
	slices.SortFunc(s.defined, func(a, b Corridor) int { return strings.Compare(a.ID, b.ID) })
	for i, c := range s.defined {
		if c.Default {
			return nil, fmt.Errorf("forecast: corridor %s: default corridors are implicit, not defined", c.ID)
		}
		if i > 0 && s.defined[i-1].ID == c.ID {
			return nil, fmt.Errorf("forecast: corridor %s defined twice", c.ID)
		}
	}
	return s, nil
}

// Defined returns the defined corridors, sorted by id.
func (s *Set) Defined() []Corridor { return slices.Clone(s.defined) }

// Assign returns the ids of the corridors t belongs to: the defined ones that
// contain it, in id order, then its denom's default corridor — unless a
// defined corridor has taken that id (see NewSet).
func (s *Set) Assign(t flow.Transfer) []string {
	var ids []string
	for _, c := range s.defined {
		if c.Contains(t) {
			ids = append(ids, c.ID)
		}
	}
	def := DefaultCorridorID(t.Denom)
	if _, taken := slices.BinarySearchFunc(s.defined, def, func(c Corridor, id string) int { return strings.Compare(c.ID, id) }); taken {
		return ids
	}
	return append(ids, def)
}

// Flow is a corridor's bucketed flow.
type Flow struct {
	Corridor string `json:"corridor"`
	// Volume[i] is the amount transferred in bucket i (base units, all of
	// the corridor's denoms added — a corridor over several denoms should
	// name denoms of one unit of account); Count[i] the number of transfers.
	Volume []float64 `json:"volume"`
	Count  []float64 `json:"count"`
}

// bucketOf returns the index of the bucket of t, or false when t is outside
// [from, from + n·width).
func bucketOf(t time.Time, from time.Time, width time.Duration, n int) (int, bool) {
	if t.Before(from) {
		return 0, false
	}
	i := int(t.Sub(from) / width)
	return i, i < n
}

// Series buckets transfers into n buckets of width from `from` (block time;
// bucket i is [from + i·width, from + (i+1)·width)), for every defined
// corridor (even without traffic) and the default corridor of every denom
// seen, sorted by corridor id. Empty buckets are zeros. The result does not
// depend on the order of ts (sums are taken in canonical order).
func (s *Set) Series(ts []flow.Transfer, from time.Time, width time.Duration, n int) ([]Flow, error) {
	if width <= 0 || n < 0 || n > 1_000_000 {
		return nil, fmt.Errorf("forecast: bad bucketing: width %s, %d buckets", width, n)
	}
	flows := map[string]*Flow{}
	get := func(id string) *Flow {
		f, ok := flows[id]
		if !ok {
			f = &Flow{Corridor: id, Volume: make([]float64, n), Count: make([]float64, n)}
			flows[id] = f
		}
		return f
	}
	for _, c := range s.defined {
		get(c.ID)
	}
	for _, t := range flow.Sorted(ts) {
		i, ok := bucketOf(t.Time, from, width, n)
		if !ok {
			continue
		}
		for _, id := range s.Assign(t) {
			f := get(id)
			f.Volume[i] += t.Amount
			f.Count[i]++
		}
	}
	out := make([]Flow, 0, len(flows))
	for _, f := range flows {
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b Flow) int { return strings.Compare(a.Corridor, b.Corridor) })
	return out, nil
}
