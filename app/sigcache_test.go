package app_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
)

// TestSigCacheSkipsOnlyTheSignatureMaths drives the signature cache through
// real CheckTx and FinalizeBlock calls: a tx checked in CheckTx executes
// with a cache hit and the same gas as one that was not; a tx never checked
// is verified in the block (a miss); a hit still runs every state check (a
// checked tx whose sequence was used by another tx first fails with the
// SDK's sequence error); and a tx with a bad signature fails in the block.
func TestSigCacheSkipsOnlyTheSignatureMaths(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{})
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	send := banktypes.NewMsgSend(alice.Addr, bob.Addr, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1000)))
	check := func(bz []byte) {
		t.Helper()
		res, err := ta.App.CheckTx(&abci.RequestCheckTx{Tx: bz, Type: abci.CheckTxType_New})
		require.NoError(t, err)
		require.Zero(t, res.Code, res.Log)
	}
	stats := func() (uint64, uint64) { return ta.App.SigCache().Stats() }

	// Alice's first tx sets her public key and opens her usage windows,
	// which costs gas of its own: compare the gas of later txs only.
	ta.MustDeliver(alice, send)

	// Checked, then executed: a hit.
	h0, m0 := stats()
	checked := ta.SignTx(alice, apptesting.DefaultFee(), send)
	check(checked)
	blk := ta.NextBlock(checked)
	require.Zero(t, blk.TxResults[0].Code, blk.TxResults[0].Log)
	h1, m1 := stats()
	require.Equal(t, h0+1, h1, "a checked tx hits")
	require.Equal(t, m0, m1)
	alice.Seq++

	// Never checked: a miss, verified in the block.
	unchecked := ta.SignTx(alice, apptesting.DefaultFee(), send)
	blk2 := ta.NextBlock(unchecked)
	require.Zero(t, blk2.TxResults[0].Code, blk2.TxResults[0].Log)
	h2, m2 := stats()
	require.Equal(t, h1, h2)
	require.Equal(t, m1+1, m2, "an unchecked tx misses")
	alice.Seq++

	// A hit still checks the sequence: checked at sequence n, but another
	// tx at sequence n executes first.
	first := ta.SignTx(alice, apptesting.DefaultFee(), send)
	check(first)
	other := ta.SignTx(alice, apptesting.DefaultFee(), banktypes.NewMsgSend(alice.Addr, bob.Addr, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 2000))))
	blk3 := ta.NextBlock(other, first)
	require.Zero(t, blk3.TxResults[0].Code, blk3.TxResults[0].Log)
	require.Equal(t, sdkerrors.ErrWrongSequence.ABCICode(), blk3.TxResults[1].Code, blk3.TxResults[1].Log)
	h3, _ := stats()
	require.Equal(t, h2+1, h3, "the checked tx hit, and still failed its sequence check")
	alice.Seq++

	// A bad signature (signed by bob's key for alice's account) is never
	// in the cache: CheckTx refuses it and the block rejects it.
	priv := alice.Priv
	alice.Priv = bob.Priv
	forged := ta.SignTx(alice, apptesting.DefaultFee(), send)
	alice.Priv = priv
	res, err := ta.App.CheckTx(&abci.RequestCheckTx{Tx: forged, Type: abci.CheckTxType_New})
	require.NoError(t, err)
	require.NotZero(t, res.Code)
	blk4 := ta.NextBlock(forged)
	require.NotZero(t, blk4.TxResults[0].Code, "a forged signature fails in the block")
	require.Equal(t, ta.App.SigCache().Len(), 2, "only the two verified txs are remembered")
}

// TestSigCacheTamperedBytesAreVerified: a tx that differs from a checked one
// in a single byte (here the last byte of its signature) is another key: it
// misses, is verified in the block and fails there, while the checked bytes
// still hit and succeed.
func TestSigCacheTamperedBytesAreVerified(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{})
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	send := banktypes.NewMsgSend(alice.Addr, bob.Addr, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1000)))
	ta.MustDeliver(alice, send) // sets alice's public key

	good := ta.SignTx(alice, apptesting.DefaultFee(), send)
	res, err := ta.App.CheckTx(&abci.RequestCheckTx{Tx: good, Type: abci.CheckTxType_New})
	require.NoError(t, err)
	require.Zero(t, res.Code, res.Log)

	tampered := append([]byte(nil), good...)
	tampered[len(tampered)-1] ^= 0x01 // the signature is the last field of TxRaw
	h0, m0 := ta.App.SigCache().Stats()
	blk := ta.NextBlock(tampered)
	require.Equal(t, sdkerrors.ErrUnauthorized.ABCICode(), blk.TxResults[0].Code, blk.TxResults[0].Log)
	require.Contains(t, blk.TxResults[0].Log, "signature verification failed")
	h1, m1 := ta.App.SigCache().Stats()
	require.Equal(t, h0, h1, "tampered bytes never hit")
	require.Equal(t, m0+1, m1, "tampered bytes miss and are verified")

	blk2 := ta.NextBlock(good)
	require.Zero(t, blk2.TxResults[0].Code, blk2.TxResults[0].Log)
	h2, _ := ta.App.SigCache().Stats()
	require.Equal(t, h1+1, h2, "the checked bytes still hit")
}

// TestSigCacheDoesNotChangeResults runs the same blocks on two fresh apps,
// one that saw every tx in CheckTx first (every execution a cache hit) and
// one that did not (every execution a miss, as on a validator that never
// saw the txs): gas, codes, events and the app hash must be identical.
func TestSigCacheDoesNotChangeResults(t *testing.T) {
	run := func(checkFirst bool) ([]*abci.ResponseFinalizeBlock, uint64) {
		ta := apptesting.Setup(t, apptesting.Options{})
		alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
		var out []*abci.ResponseFinalizeBlock
		for i := int64(1); i <= 4; i++ {
			send := banktypes.NewMsgSend(alice.Addr, bob.Addr, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1000*i)))
			bz := ta.SignTx(alice, apptesting.DefaultFee(), send)
			if checkFirst {
				res, err := ta.App.CheckTx(&abci.RequestCheckTx{Tx: bz, Type: abci.CheckTxType_New})
				require.NoError(t, err)
				require.Zero(t, res.Code, res.Log)
			}
			blk := ta.NextBlock(bz)
			require.Zero(t, blk.TxResults[0].Code, blk.TxResults[0].Log)
			out = append(out, blk)
			alice.Seq++
		}
		hits, _ := ta.App.SigCache().Stats()
		return out, hits
	}
	withHits, hits := run(true)
	withMisses, noHits := run(false)
	require.Equal(t, uint64(4), hits)
	require.Zero(t, noHits)
	for i := range withHits {
		require.Equal(t, withMisses[i].TxResults, withHits[i].TxResults, "block %d: tx results", i+1)
		require.Equal(t, withMisses[i].AppHash, withHits[i].AppHash, "block %d: app hash", i+1)
	}
}
