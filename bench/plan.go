package bench

import (
	"context"
	"crypto/sha256"
	"fmt"
	"runtime"
	"strings"
	"sync"

	sdkmath "cosmossdk.io/math"

	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
)

// Denominations shared by both chains.
const (
	FeeDenom  = "uazr"
	BondDenom = "ustake"
)

// Fees are the gas limit and gas price the transactions are signed with.
type Fees struct {
	// GasLimit is the gas limit of every transaction; 0 takes DefaultGas of
	// the transaction's kind.
	GasLimit uint64
	// GasPrice is the price per unit of gas; the fee is ⌈limit × price⌉.
	GasPrice sdk.DecCoin
}

// Fee returns the gas limit and fee of a transaction of kind.
func (f Fees) Fee(kind TxKind) (uint64, sdk.Coins) {
	gas := f.GasLimit
	if gas == 0 {
		gas = DefaultGas[kind]
	}
	amount := f.GasPrice.Amount.MulInt(sdkmath.NewIntFromUint64(gas)).Ceil().TruncateInt()
	return gas, sdk.NewCoins(sdk.NewCoin(f.GasPrice.Denom, amount))
}

// FormatDecCoin prints a decimal coin without trailing zeros: 0.001uazr.
func FormatDecCoin(c sdk.DecCoin) string {
	s := c.Amount.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s + c.Denom
}

// PlannedTx is one pre-signed transaction.
type PlannedTx struct {
	Bytes  []byte
	Hash   [32]byte
	Sender int32
	Seq    int32
	Kind   TxKind
}

// Plan is the load of a run: every transaction, signed offline, in the order
// it is offered. Transaction j is sequence j / Senders of sender j % Senders,
// so consecutive transactions come from different accounts and an account's
// transactions are offered in sequence order.
type Plan struct {
	ChainID string
	Stock   bool
	Txs     []PlannedTx
	Senders int
}

// SignPlan signs n transactions of layout for chainID (for the stock chain
// with stock). Signing is spread over the CPUs; it happens before the node
// starts, so it takes nothing from the measurement.
func SignPlan(ctx context.Context, enc Encoding, layout *Layout, chainID string, stock bool, fees Fees, n int) (*Plan, error) {
	p := &Plan{ChainID: chainID, Stock: stock, Txs: make([]PlannedTx, n), Senders: layout.Senders}
	workers := max(1, runtime.GOMAXPROCS(0))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := w; j < n; j += workers {
				if j%1000 == 0 && ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				sender, seq := j%layout.Senders, j/layout.Senders
				msgs, kind := layout.Msgs(sender, seq, stock)
				gas, fee := fees.Fee(kind)
				bz, err := signTx(enc, chainID, layout.Accounts[sender], uint64(seq), msgs, gas, fee)
				if err != nil {
					errs[w] = fmt.Errorf("sign tx %d (account %d, sequence %d): %w", j, sender, seq, err)
					return
				}
				p.Txs[j] = PlannedTx{Bytes: bz, Hash: sha256.Sum256(bz), Sender: int32(sender), Seq: int32(seq), Kind: kind}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return p, nil
}

// signTx signs msgs from acc at sequence seq in sign mode direct, with no
// memo and no timeout, and returns the encoded transaction.
func signTx(enc Encoding, chainID string, acc Account, seq uint64, msgs []sdk.Msg, gas uint64, fee sdk.Coins) ([]byte, error) {
	b := enc.TxConfig.NewTxBuilder()
	if err := b.SetMsgs(msgs...); err != nil {
		return nil, err
	}
	b.SetGasLimit(gas)
	b.SetFeeAmount(fee)
	pub := acc.Priv.PubKey()
	// The signer info (public key, mode, sequence) is part of the signed
	// bytes, so it goes in before signing.
	if err := b.SetSignatures(signing.SignatureV2{
		PubKey: pub, Data: &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_DIRECT}, Sequence: seq,
	}); err != nil {
		return nil, err
	}
	sd := authsigning.SignerData{Address: acc.Bech32, ChainID: chainID, AccountNumber: acc.Number, Sequence: seq, PubKey: pub}
	sig, err := clienttx.SignWithPrivKey(context.Background(), signing.SignMode_SIGN_MODE_DIRECT, sd, b, acc.Priv, enc.TxConfig, seq)
	if err != nil {
		return nil, err
	}
	if err := b.SetSignatures(sig); err != nil {
		return nil, err
	}
	return enc.TxConfig.TxEncoder()(b.GetTx())
}
