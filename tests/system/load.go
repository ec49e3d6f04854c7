package system

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/app"
)

// Transfer load: in-process clients that keep sending bank transfers to a
// running chain while nodes fail, and remember every tx they signed, so a
// test can check the client-side history against the chain afterwards.
//
// Each worker owns one sender key and one recipient address and has at most
// one tx in flight: it signs a transfer for its next sequence, broadcasts it
// to a node that is up and polls the nodes' tx index until the tx is in a
// block (the acknowledgement). Until then it re-broadcasts the same bytes
// (to another node if one is down), so a tx is never replaced by another of
// the same sequence and can be committed at most once. Recipient credits
// are exact amounts, so the history check holds also when transfers pay a
// fee on top (x/pivc): it never relies on the sender's debit.

// TransferRecord is one tx a load worker signed.
type TransferRecord struct {
	Hash     string
	From, To string
	Denom    string
	Amount   int64
	Sequence uint64
	// Acked is true once a node's tx index reported the tx in a block: the
	// client considers it committed.
	Acked  bool
	Height int64
	Code   uint32
}

// TransferLoad is a running transfer load.
type TransferLoad struct {
	c      *Chain
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	history []*TransferRecord
	acked   int
	errs    []string
	// restartRejections counts CheckTx rejections by freshly restarted
	// nodes (see isRestartSigRejection).
	restartRejections int
}

// LoadSender is one worker of a transfer load: a funded key of the chain
// (an Account with a mnemonic) and the address it pays.
type LoadSender struct {
	Account string
	To      string
}

var loadTxConfig = func() client.TxConfig {
	enc := app.MakeEncodingConfig()
	banktypes.RegisterInterfaces(enc.InterfaceRegistry)
	return enc.TxConfig
}()

// PrivKey derives the secp256k1 key of a chain account from its mnemonic
// (coin type 118, account 0, index 0: what `nexusd keys add` does).
func (c *Chain) PrivKey(name string) cryptotypes.PrivKey {
	c.t.Helper()
	a, ok := c.Accounts[name]
	if !ok || a.Mnemonic == "" {
		c.t.Fatalf("no mnemonic for account %q", name)
	}
	bz, err := hd.Secp256k1.Derive()(a.Mnemonic, "", sdk.FullFundraiserPath)
	if err != nil {
		c.t.Fatal(err)
	}
	return hd.Secp256k1.Generate()(bz)
}

// StartTransferLoad starts one worker per sender. Each sends `denom`
// transfers of 1000 + k (k = 0, 1, ...) to its recipient, one at a time,
// as fast as they are committed. Stop ends it.
func (c *Chain) StartTransferLoad(denom string, senders ...LoadSender) *TransferLoad {
	c.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	l := &TransferLoad{c: c, cancel: cancel}
	for i, s := range senders {
		w := &loadWorker{l: l, id: i, denom: denom, priv: c.PrivKey(s.Account), from: c.Address(s.Account), to: s.To}
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			w.run(ctx)
		}()
	}
	c.t.Cleanup(l.Stop)
	return l
}

// Stop ends the load and waits for its workers. A tx in flight may still be
// committed afterwards.
func (l *TransferLoad) Stop() {
	l.cancel()
	l.wg.Wait()
}

// Acked returns the number of acknowledged transfers so far.
func (l *TransferLoad) Acked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.acked
}

// History returns a copy of every transfer signed so far.
func (l *TransferLoad) History() []TransferRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]TransferRecord, len(l.history))
	for i, r := range l.history {
		out[i] = *r
	}
	return out
}

// Err returns the errors the workers met that are not explained by nodes
// being down (a tx rejected by CheckTx, or committed with a non-zero code).
func (l *TransferLoad) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.errs) == 0 {
		return nil
	}
	return fmt.Errorf("transfer load: %s", strings.Join(l.errs, "; "))
}

// RestartRejections returns how many broadcasts a freshly restarted node
// rejected because it checks signatures at height 0 (cosmos-sdk#24628).
func (l *TransferLoad) RestartRejections() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.restartRejections
}

// isRestartSigRejection reports whether CheckTx failed because the node has
// not committed a block since it started: the ante handler then verifies
// signatures as at genesis, with account number 0.
func isRestartSigRejection(res BroadcastResult) bool {
	return res.Codespace == "sdk" && res.Code == 4 &&
		strings.Contains(res.Log, "signature verification failed; please verify account number (0)")
}

// WaitAcked waits until at least n transfers are acknowledged.
func (l *TransferLoad) WaitAcked(n int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if l.Acked() >= n {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("only %d transfers acknowledged within %s, want %d", l.Acked(), timeout, n)
}

func (l *TransferLoad) fail(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.errs) < 20 {
		l.errs = append(l.errs, fmt.Sprintf(format, args...))
	}
}

type loadWorker struct {
	l      *TransferLoad
	id     int
	denom  string
	priv   cryptotypes.PrivKey
	from   string
	to     string
	accNum uint64
	seq    uint64
	gas    uint64
	next   int // round-robin over the nodes that are up
}

// node returns the next node that is up, or nil.
func (w *loadWorker) node() *Node {
	up := w.l.c.Up()
	if len(up) == 0 {
		return nil
	}
	w.next++
	return up[w.next%len(up)]
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

func (w *loadWorker) run(ctx context.Context) {
	c := w.l.c
	// Account number and sequence, then the gas of one transfer.
	for attempt := 1; w.gas == 0; attempt++ {
		if ctx.Err() != nil {
			return
		}
		n := w.node()
		if n == nil {
			sleepCtx(ctx, 500*time.Millisecond)
			continue
		}
		var err error
		if w.accNum, w.seq, err = c.AccountAt(n, w.from, 0); err == nil {
			w.gas, err = w.simulate(ctx, n)
		}
		if err != nil {
			if attempt%20 == 0 {
				w.l.fail("worker %d: no gas estimate after %d attempts: %v", w.id, attempt, err)
			}
			sleepCtx(ctx, 500*time.Millisecond)
		}
	}
	for k := 0; ctx.Err() == nil; k++ {
		amount := int64(1000 + k)
		tx, err := w.sign(amount)
		if err != nil {
			w.l.fail("worker %d: sign: %v", w.id, err)
			return
		}
		rec := &TransferRecord{Hash: TxHash(tx), From: w.from, To: w.to, Denom: w.denom, Amount: amount, Sequence: w.seq}
		w.l.mu.Lock()
		w.l.history = append(w.l.history, rec)
		w.l.mu.Unlock()
		if !w.deliver(ctx, tx, rec) {
			return
		}
		w.seq++
	}
}

// deliver broadcasts tx until a node reports it committed (true) or ctx ends
// (false).
func (w *loadWorker) deliver(ctx context.Context, tx []byte, rec *TransferRecord) bool {
	c := w.l.c
	for ctx.Err() == nil {
		n := w.node()
		if n == nil {
			sleepCtx(ctx, 300*time.Millisecond)
			continue
		}
		res, err := c.BroadcastTxSync(n, tx)
		switch {
		case err != nil:
			// Node down, or the tx is already in its mempool cache.
		case res.Code == 0:
		case res.Codespace == "sdk" && res.Code == 32:
			// Sequence mismatch: this tx (same sequence) is already in the
			// node's mempool or committed. Keep polling.
		case isRestartSigRejection(res):
			// Known SDK behaviour (cosmos/cosmos-sdk#24628): a restarted node
			// checks txs at block height 0, hence with account number 0,
			// until it commits its first block, and rejects every signer
			// whose account number is not 0. Another node will take it.
			w.l.mu.Lock()
			w.l.restartRejections++
			w.l.mu.Unlock()
		default:
			w.l.fail("worker %d: CheckTx of %s: code %d (%s): %s", w.id, rec.Hash, res.Code, res.Codespace, res.Log)
			sleepCtx(ctx, time.Second)
		}
		// Poll the index of every node that is up for ~6 s, then re-broadcast.
		for range 30 {
			for _, m := range c.Up() {
				r, found, err := c.TxByHash(m, rec.Hash)
				if err != nil || !found {
					continue
				}
				w.l.mu.Lock()
				rec.Acked, rec.Height, rec.Code = true, r.Height, r.Code
				w.l.acked++
				w.l.mu.Unlock()
				if r.Code != 0 {
					w.l.fail("worker %d: tx %s committed at %d with code %d: %s", w.id, rec.Hash, r.Height, r.Code, r.Log)
				}
				return true
			}
			if !sleepCtx(ctx, 200*time.Millisecond) {
				return false
			}
		}
	}
	return false
}

func (w *loadWorker) sign(amount int64) ([]byte, error) {
	return w.signWith(amount, w.gas)
}

func (w *loadWorker) signWith(amount int64, gas uint64) ([]byte, error) {
	from, err := sdk.AccAddressFromBech32(w.from)
	if err != nil {
		return nil, err
	}
	to, err := sdk.AccAddressFromBech32(w.to)
	if err != nil {
		return nil, err
	}
	b := loadTxConfig.NewTxBuilder()
	if err := b.SetMsgs(banktypes.NewMsgSend(from, to, sdk.NewCoins(sdk.NewInt64Coin(w.denom, amount)))); err != nil {
		return nil, err
	}
	b.SetGasLimit(gas)
	// The minimum gas price is 0.001uazr: fee = ceil(gas / 1000).
	b.SetFeeAmount(sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, int64((gas+999)/1000))))
	b.SetMemo(fmt.Sprintf("systest load worker %d seq %d", w.id, w.seq))
	pub := w.priv.PubKey()
	if err := b.SetSignatures(signing.SignatureV2{PubKey: pub, Data: &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_DIRECT}, Sequence: w.seq}); err != nil {
		return nil, err
	}
	sd := authsigning.SignerData{Address: w.from, ChainID: ChainID, AccountNumber: w.accNum, Sequence: w.seq, PubKey: pub}
	sig, err := clienttx.SignWithPrivKey(context.Background(), signing.SignMode_SIGN_MODE_DIRECT, sd, b, w.priv, loadTxConfig, w.seq)
	if err != nil {
		return nil, err
	}
	if err := b.SetSignatures(sig); err != nil {
		return nil, err
	}
	return loadTxConfig.TxEncoder()(b.GetTx())
}

// simulate returns the gas limit for one transfer: the simulated gas with a
// 50% margin, so it stays enough if ante decorators or send restrictions
// (aegis, pivc, ledger) add work.
func (w *loadWorker) simulate(ctx context.Context, n *Node) (uint64, error) {
	tx, err := w.signWith(1000, 2_000_000)
	if err != nil {
		return 0, err
	}
	body, _ := json.Marshal(map[string]string{"tx_bytes": base64.StdEncoding.EncodeToString(tx)})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.APIURL()+"/cosmos/tx/v1beta1/simulate", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := rpcClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer func() { _ = resp.Body.Close() }()
	var res struct {
		GasInfo struct {
			GasUsed string `json:"gas_used"`
		} `json:"gas_info"`
		Message string `json:"message"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return 0, err
	}
	used, err := strconv.ParseUint(res.GasInfo.GasUsed, 10, 64)
	if err != nil || used == 0 {
		return 0, fmt.Errorf("simulate: status %d: %s", resp.StatusCode, res.Message)
	}
	return used * 3 / 2, nil
}
