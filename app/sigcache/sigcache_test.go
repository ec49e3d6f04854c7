package sigcache_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/cosmos/cosmos-sdk/types/tx/signing"

	"github.com/azora-os/nexus/app/sigcache"
)

func signer() sigcache.Signer {
	return sigcache.Signer{
		Address:       []byte("addr-01234567890123456"),
		AccountNumber: 7,
		Sequence:      3,
		PubKeyType:    "/cosmos.crypto.secp256k1.PubKey",
		PubKey:        []byte("pubkey-0123456789012345678901234567"),
		SignMode:      signing.SignMode_SIGN_MODE_DIRECT,
	}
}

// TestKeyOfCoversEverySignerField: changing any input of a signature check
// (tx bytes, chain id, any signer datum, the number of signers) changes the
// key, so a cached verification never stands in for a different one.
func TestKeyOfCoversEverySignerField(t *testing.T) {
	tx := []byte("tx-bytes")
	base := sigcache.KeyOf(tx, "nexus-1", []sigcache.Signer{signer()})
	require.Equal(t, base, sigcache.KeyOf(tx, "nexus-1", []sigcache.Signer{signer()}), "deterministic")

	variants := map[string]func(*sigcache.Signer){
		"address":        func(s *sigcache.Signer) { s.Address = []byte("addr-01234567890123457") },
		"account number": func(s *sigcache.Signer) { s.AccountNumber++ },
		"sequence":       func(s *sigcache.Signer) { s.Sequence++ },
		"pubkey type":    func(s *sigcache.Signer) { s.PubKeyType = "/cosmos.crypto.ed25519.PubKey" },
		"pubkey":         func(s *sigcache.Signer) { s.PubKey = []byte("pubkey-0123456789012345678901234568") },
		"sign mode":      func(s *sigcache.Signer) { s.SignMode = signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON },
	}
	for name, change := range variants {
		s := signer()
		change(&s)
		require.NotEqual(t, base, sigcache.KeyOf(tx, "nexus-1", []sigcache.Signer{s}), name)
	}
	require.NotEqual(t, base, sigcache.KeyOf([]byte("tx-bytez"), "nexus-1", []sigcache.Signer{signer()}), "tx bytes")
	require.NotEqual(t, base, sigcache.KeyOf(tx, "nexus-2", []sigcache.Signer{signer()}), "chain id")
	require.NotEqual(t, base, sigcache.KeyOf(tx, "nexus-1", []sigcache.Signer{signer(), signer()}), "signer count")
	require.NotEqual(t, base, sigcache.KeyOf(tx, "nexus-1", nil), "no signer")
}

// TestKeyOfLengthPrefixed: moving bytes between adjacent fields (chain id
// and address, address and public key) gives a different key.
func TestKeyOfLengthPrefixed(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.SliceOfN(rapid.Byte(), 0, 16).Draw(t, "a")
		b := rapid.SliceOfN(rapid.Byte(), 0, 16).Draw(t, "b")
		cut := rapid.IntRange(0, len(a)+len(b)).Draw(t, "cut")
		joined := append(append([]byte{}, a...), b...)
		s1, s2 := signer(), signer()
		s1.Address, s1.PubKey = a, b
		s2.Address, s2.PubKey = joined[:cut], joined[cut:]
		k1 := sigcache.KeyOf([]byte("tx"), "c", []sigcache.Signer{s1})
		k2 := sigcache.KeyOf([]byte("tx"), "c", []sigcache.Signer{s2})
		if cut != len(a) && k1 == k2 {
			t.Fatalf("fields %x|%x and %x|%x share a key", a, b, joined[:cut], joined[cut:])
		}
	})
}

// TestCacheIsBounded: the cache never holds more than its capacity and
// forgets the oldest key first.
func TestCacheIsBounded(t *testing.T) {
	c := sigcache.New(3)
	key := func(i byte) sigcache.Key { return sigcache.KeyOf([]byte{i}, "c", nil) }
	for i := byte(0); i < 5; i++ {
		c.Add(key(i))
		c.Add(key(i)) // a repeat neither grows the cache nor evicts
	}
	require.Equal(t, 3, c.Len())
	require.False(t, c.Has(key(0)))
	require.False(t, c.Has(key(1)))
	for i := byte(2); i < 5; i++ {
		require.True(t, c.Has(key(i)), "key %d", i)
	}
	hits, misses := c.Stats()
	require.Equal(t, uint64(3), hits)
	require.Equal(t, uint64(2), misses)

	require.Equal(t, sigcache.DefaultCapacity, func() int {
		d := sigcache.New(0)
		for i := 0; i < sigcache.DefaultCapacity+10; i++ {
			d.Add(sigcache.KeyOf([]byte{byte(i), byte(i >> 8), byte(i >> 16)}, "c", nil))
		}
		return d.Len()
	}())
}
