package bench

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Setting is one override of a node's config.toml or app.toml, given on the
// command line as key=value: key is the TOML path ("consensus.timeout_commit",
// "mempool.size", "minimum-gas-prices"), value is written with the type of
// the value it replaces ("1s" stays a string, "10000" becomes an integer).
type Setting struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// String renders the setting as key=value.
func (s Setting) String() string { return s.Key + "=" + s.Value }

// ParseSetting parses "key=value".
func ParseSetting(s string) (Setting, error) {
	k, v, ok := strings.Cut(s, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" {
		return Setting{}, fmt.Errorf("setting %q: want key=value, e.g. consensus.timeout_commit=500ms", s)
	}
	return Setting{Key: k, Value: strings.TrimSpace(v)}, nil
}

// SetTOML applies settings to the TOML file at path. Every key must already
// be in the file (what `init` writes has every key), so a misspelt key is an
// error rather than a setting that silently does nothing.
func SetTOML(path string, settings ...Setting) error {
	if len(settings) == 0 {
		return nil
	}
	bz, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := map[string]any{}
	if err := toml.Unmarshal(bz, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, s := range settings {
		if err := setKey(doc, s); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	out, err := toml.Marshal(doc)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, out, 0o600)
}

// GetTOML returns the value at key of the TOML file at path, as text.
func GetTOML(path, key string) (string, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	doc := map[string]any{}
	if err := toml.Unmarshal(bz, &doc); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	table, leaf, err := lookup(doc, key)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return fmt.Sprint(table[leaf]), nil
}

func lookup(doc map[string]any, key string) (map[string]any, string, error) {
	parts := strings.Split(key, ".")
	table := doc
	for _, p := range parts[:len(parts)-1] {
		next, ok := table[p].(map[string]any)
		if !ok {
			return nil, "", fmt.Errorf("no table %q in key %q", p, key)
		}
		table = next
	}
	leaf := parts[len(parts)-1]
	if _, ok := table[leaf]; !ok {
		return nil, "", fmt.Errorf("no key %q", key)
	}
	return table, leaf, nil
}

func setKey(doc map[string]any, s Setting) error {
	table, leaf, err := lookup(doc, s.Key)
	if err != nil {
		return err
	}
	v, err := convertLike(table[leaf], s.Value)
	if err != nil {
		return fmt.Errorf("key %q: %w", s.Key, err)
	}
	table[leaf] = v
	return nil
}

// convertLike converts text to the type of old.
func convertLike(old any, text string) (any, error) {
	switch old.(type) {
	case string:
		if uq, err := strconv.Unquote(text); err == nil && strings.HasPrefix(text, `"`) {
			return uq, nil
		}
		return text, nil
	case bool:
		return strconv.ParseBool(text)
	case int64:
		return strconv.ParseInt(text, 10, 64)
	case float64:
		return strconv.ParseFloat(text, 64)
	default:
		// Arrays and anything else: the text is a TOML value.
		var holder map[string]any
		if err := toml.Unmarshal([]byte("v = "+text), &holder); err != nil {
			return nil, fmt.Errorf("value %q is not a TOML value: %w", text, err)
		}
		return holder["v"], nil
	}
}
