// Package sigcache lets a node skip the second secp256k1 verification of a
// transaction's signatures: once in CheckTx (mempool admission) and again
// when the block that holds the transaction executes (FinalizeBlock).
//
// What is remembered, and why it is safe. A signature check is a pure
// function of (a) the transaction bytes — body, auth info with the sign mode
// and sequence, and the signature itself — and (b) the signer data the
// verifier feeds the sign-mode handler: the signer's address, the chain id,
// the account number, the sequence and the public key. CheckTx records a key
// only after the SDK's SigVerificationDecorator verified every signature;
// the key is a SHA-256 over the exact transaction bytes and, per signer, the
// exact signer data used. FinalizeBlock recomputes the key from its own
// state; only if it is present does it tell the SDK decorator not to call
// the verifier again. A different byte, chain id, account number, sequence
// or public key is a different key, so the check runs.
//
// Only the signature maths is skipped. Everything else the SDK decorator
// checks (signer count, the account and its public key exist, the sequence
// matches the account's, unordered nonces) runs on every execution, as do
// all other decorators; gas does not change, because the sign modes cached
// here (DIRECT and LEGACY_AMINO_JSON, whose sign bytes depend on the
// transaction and signer data only) charge no gas while verifying and the
// signature gas is charged by SigGasConsumeDecorator either way. Sign modes
// whose sign bytes read state (TEXTUAL renders coins with denom metadata)
// and multisignatures are never cached. Whether a node hits or misses its
// cache therefore cannot change a block's results: each validator has its
// own cache, and a transaction it never saw in CheckTx is verified as usual.
//
// The cache is bounded (first in, first out) and only ever holds keys of
// signatures that verified, so it cannot be poisoned by invalid ones; a
// miss costs exactly the verification the SDK would have done anyway.
package sigcache

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"sync/atomic"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
)

// DefaultCapacity is the number of verified transactions a node remembers:
// four times CometBFT's default mempool size (5,000), so a transaction is
// still remembered when its block executes even after a full mempool of
// others was checked, rechecked and replaced in between. Each entry costs
// about 100 bytes.
const DefaultCapacity = 20_000

// Key identifies one verified (transaction bytes, signer data) pair.
type Key [sha256.Size]byte

// Cache is a bounded set of Keys, safe for concurrent use (BlockSTM executes
// a block's transactions in parallel).
type Cache struct {
	mu   sync.Mutex
	set  map[Key]struct{}
	ring []Key
	next int
	full bool

	hits, misses atomic.Uint64
}

// New returns a cache that holds up to capacity keys (DefaultCapacity if
// capacity is not positive).
func New(capacity int) *Cache {
	if capacity <= 0 {
		capacity = DefaultCapacity
	}
	return &Cache{set: make(map[Key]struct{}, capacity), ring: make([]Key, capacity)}
}

// Add remembers k, evicting the oldest key when the cache is full.
func (c *Cache) Add(k Key) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.set[k]; ok {
		return
	}
	if c.full {
		delete(c.set, c.ring[c.next])
	}
	c.ring[c.next] = k
	c.set[k] = struct{}{}
	c.next++
	if c.next == len(c.ring) {
		c.next, c.full = 0, true
	}
}

// Has reports whether k is remembered, and counts a hit or a miss.
func (c *Cache) Has(k Key) bool {
	c.mu.Lock()
	_, ok := c.set[k]
	c.mu.Unlock()
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return ok
}

// Len returns the number of keys remembered.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.set)
}

// Stats returns how many FinalizeBlock lookups hit and missed.
func (c *Cache) Stats() (hits, misses uint64) { return c.hits.Load(), c.misses.Load() }

// Signer is the signer data one signature was verified against.
type Signer struct {
	Address       []byte
	AccountNumber uint64
	Sequence      uint64
	PubKeyType    string
	PubKey        []byte
	SignMode      signing.SignMode
}

// KeyOf returns the key of a transaction's bytes verified under chainID
// against signers (in the transaction's signer order).
func KeyOf(txBytes []byte, chainID string, signers []Signer) Key {
	h := sha256.New()
	var buf [8]byte
	writeBytes := func(b []byte) {
		binary.BigEndian.PutUint64(buf[:], uint64(len(b)))
		h.Write(buf[:])
		h.Write(b)
	}
	writeUint := func(v uint64) {
		binary.BigEndian.PutUint64(buf[:], v)
		h.Write(buf[:])
	}
	writeBytes([]byte("nexus/sigcache/v1"))
	writeBytes(txBytes)
	writeBytes([]byte(chainID))
	writeUint(uint64(len(signers)))
	for _, s := range signers {
		writeBytes(s.Address)
		writeUint(s.AccountNumber)
		writeUint(s.Sequence)
		writeBytes([]byte(s.PubKeyType))
		writeBytes(s.PubKey)
		writeUint(uint64(s.SignMode))
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// cacheable reports whether a signature's sign bytes depend only on the
// transaction and the signer data (no state), so that its verification
// may be remembered.
func cacheable(data signing.SignatureData) (signing.SignMode, bool) {
	single, ok := data.(*signing.SingleSignatureData)
	if !ok {
		return 0, false
	}
	switch single.SignMode {
	case signing.SignMode_SIGN_MODE_DIRECT, signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON:
		return single.SignMode, true
	default:
		return 0, false
	}
}

// Decorator wraps the SDK's SigVerificationDecorator.
//
// Purpose: verify each signature once per node instead of twice (CheckTx,
// then FinalizeBlock). Side effects: in CheckTx, after the SDK decorator has
// verified every signature, the transaction's key goes into the cache; in
// FinalizeBlock, if the key is in the cache, the SDK decorator runs with the
// context's sigverify flag off (it then does every check except the
// signature maths), and the flag is restored before the next decorator.
// No state is read beyond the signers' accounts, none is written.
// Ordering: exactly where the SDK's SigVerificationDecorator stands (after
// SetPubKey, so a first transaction's public key is on its account).
type Decorator struct {
	inner ante.SigVerificationDecorator
	ak    ante.AccountKeeper
	cache *Cache
}

// NewDecorator returns the SDK decorator inner wrapped with cache.
func NewDecorator(inner ante.SigVerificationDecorator, ak ante.AccountKeeper, cache *Cache) Decorator {
	return Decorator{inner: inner, ak: ak, cache: cache}
}

// AnteHandle implements sdk.AnteDecorator.
func (d Decorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	if simulate || d.cache == nil || len(ctx.TxBytes()) == 0 || !ctx.IsSigverifyTx() {
		return d.inner.AnteHandle(ctx, tx, simulate, next)
	}
	switch ctx.ExecMode() {
	case sdk.ExecModeCheck:
		// The SDK decorator calls next only after it verified every
		// signature: remember the key there.
		return d.inner.AnteHandle(ctx, tx, simulate, func(ctx sdk.Context, tx sdk.Tx, simulate bool) (sdk.Context, error) {
			if k, ok := d.key(ctx, tx); ok {
				d.cache.Add(k)
			}
			return next(ctx, tx, simulate)
		})
	case sdk.ExecModeFinalize:
		k, ok := d.key(ctx, tx)
		if !ok || !d.cache.Has(k) {
			return d.inner.AnteHandle(ctx, tx, simulate, next)
		}
		return d.inner.AnteHandle(ctx.WithIsSigverifyTx(false), tx, simulate, func(ctx sdk.Context, tx sdk.Tx, simulate bool) (sdk.Context, error) {
			return next(ctx.WithIsSigverifyTx(true), tx, simulate)
		})
	default:
		return d.inner.AnteHandle(ctx, tx, simulate, next)
	}
}

// key computes the cache key of tx from the signer data the SDK decorator
// uses (sigverify.go in x/auth/ante): the signer's account address, the
// chain id, the account number (0 at genesis), the signature's sequence and
// the account's public key. ok is false when the transaction cannot be
// cached (a sign mode that reads state, a multisignature, an account or
// public key missing — the SDK decorator then reports the error itself).
func (d Decorator) key(ctx sdk.Context, tx sdk.Tx) (Key, bool) {
	sigTx, ok := tx.(authsigning.Tx)
	if !ok {
		return Key{}, false
	}
	sigs, err := sigTx.GetSignaturesV2()
	if err != nil {
		return Key{}, false
	}
	addrs, err := sigTx.GetSigners()
	if err != nil || len(addrs) != len(sigs) || len(sigs) == 0 {
		return Key{}, false
	}
	genesis := ctx.BlockHeight() == 0
	// Reading the accounts for the key must not charge gas: gas used is
	// part of the block's results, and it must be the same with or without
	// a cache (the SDK decorator reads and charges the accounts itself).
	ctx = ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
	signers := make([]Signer, len(sigs))
	for i, sig := range sigs {
		mode, ok := cacheable(sig.Data)
		if !ok {
			return Key{}, false
		}
		acc := d.ak.GetAccount(ctx, addrs[i])
		if acc == nil {
			return Key{}, false
		}
		pk := acc.GetPubKey()
		if pk == nil {
			return Key{}, false
		}
		var accNum uint64
		if !genesis {
			accNum = acc.GetAccountNumber()
		}
		signers[i] = Signer{
			Address:       acc.GetAddress(),
			AccountNumber: accNum,
			Sequence:      sig.Sequence,
			PubKeyType:    sdk.MsgTypeURL(pk),
			PubKey:        pk.Bytes(),
			SignMode:      mode,
		}
	}
	return KeyOf(ctx.TxBytes(), ctx.ChainID(), signers), true
}
