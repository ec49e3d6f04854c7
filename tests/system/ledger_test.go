package system

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"

	"github.com/azora-os/nexus/client/lightproof"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
)

// ledgerStatement is the JSON form of `nexusd q ledger statement`.
type ledgerStatement struct {
	Address string `json:"address"`
	Lines   []struct {
		Direction    string `json:"direction"`
		Counterparty string `json:"counterparty"`
		Entry        struct {
			Sequence  string                           `json:"sequence"`
			From      string                           `json:"from"`
			To        string                           `json:"to"`
			Coins     []struct{ Denom, Amount string } `json:"coins"`
			Fee       []struct{ Denom, Amount string } `json:"fee"`
			Reference string                           `json:"reference"`
			MsgType   string                           `json:"msg_type"`
		} `json:"entry"`
	} `json:"lines"`
}

// ledgerHead is the JSON form of `nexusd q ledger head`.
type ledgerHead struct {
	Head struct {
		LastSequence string `json:"last_sequence"`
	} `json:"head"`
	LatestCheckpoint *struct {
		Height       string `json:"height"`
		LastSequence string `json:"last_sequence"`
		Reconciled   bool   `json:"reconciled"`
	} `json:"latest_checkpoint"`
	NextCheckpointHeight string `json:"next_checkpoint_height"`
}

// TestLedgerPaymentsStatementAndCheckpoint runs one validator with a
// checkpoint every 5 blocks and drives x/ledger as a wallet and an outside
// auditor would: a payment with a reference, its retry refused, a payroll
// batch and a plain bank send, the readable statement, the entries by
// reference, and `verify-checkpoint` passing for a checkpoint (from the
// genesis and from a trusted block), failing for a height without one and
// without a trust root; then, in-process with the same verifier, a tampered
// checkpoint value and another app hash in the signed header fail at their
// steps.
func TestLedgerPaymentsStatementAndCheckpoint(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{
		Accounts: []Account{
			{Name: "alice", Coins: "100000000000uazr"},
			{Name: "bob", Coins: "1000000uazr"},
			{Name: "carol", Coins: "1000000uazr"},
		},
		EditGenesis: func(appState map[string]any) {
			appState["ledger"].(map[string]any)["params"].(map[string]any)["checkpoint_interval"] = "5"
		},
	})
	c.Start()
	alice, bob, carol := c.Address("alice"), c.Address("bob"), c.Address("carol")

	// A payment with a client reference: 1 AZR + 5% PIVC.
	tx := c.MustTx("alice", "ledger", "transfer", bob, "1000000uazr", "INV-2026-0001", "--memo-text", "March rent")
	if fee, ok := tx.Attr("azora.ledger.v1.EventPaymentSent", "fee"); !ok || !strings.Contains(fee, `"amount":"50000"`) {
		t.Fatalf("EventPaymentSent fee = %q (found %t): %+v", fee, ok, tx.Events)
	}
	// The client retries: refused with the registered error, nothing paid.
	bobBefore := uazrBalance(t, c, bob)
	// With gas simulated, the CLI refuses it before broadcasting; with a
	// fixed gas it is broadcast and fails in the block with the error.
	if res, _ := c.SubmitTx("alice", "ledger", "transfer", bob, "1000000uazr", "INV-2026-0001"); res.ExitCode == 0 ||
		!strings.Contains(res.Stdout+res.Stderr, "payment reference already used by this sender") {
		t.Fatalf("retry with the same reference (simulated): exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	_, retry := c.SubmitTx("alice", "ledger", "transfer", bob, "1000000uazr", "INV-2026-0001", "--gas", "300000")
	if retry == nil || retry.Code != ledgertypes.ErrDuplicateReference.ABCICode() || !strings.Contains(retry.RawLog, "already used") {
		t.Fatalf("retry with the same reference: %+v", retry)
	}
	if got := uazrBalance(t, c, bob); got != bobBefore {
		t.Fatalf("bob has %d after the refused retry, had %d", got, bobBefore)
	}
	// Bad input is refused before it is broadcast (ValidateBasic).
	if res, _ := c.SubmitTx("alice", "ledger", "transfer", bob, "1000000uazr", strings.Repeat("x", 65)); res.ExitCode == 0 {
		t.Fatalf("65-byte reference accepted: %s", res.Stdout)
	}
	if res, _ := c.SubmitTx("alice", "ledger", "transfer", alice, "1uazr", "SELF"); res.ExitCode == 0 {
		t.Fatalf("self-transfer accepted: %s", res.Stdout)
	}
	// A payment is valid until its deadline (issue 14): one already past,
	// or too far ahead (max_payment_deadline, 7 days), is refused.
	requireRefused(t, c, "alice", []string{"ledger", "transfer", bob, "1000uazr", "LATE-1", "--deadline", "2020-01-01T00:00:00Z"},
		"deadline 2020-01-01T00:00:00Z has passed", "payment deadline passed")
	requireRefused(t, c, "alice", []string{"ledger", "transfer", bob, "1000uazr", "FAR-1", "--deadline", "2099-01-01T00:00:00Z"},
		"more than max_payment_deadline 168h0m0s after the block time", "invalid payment deadline")

	// Payroll: two recipients, one reference, one entry each.
	c.MustTx("alice", "ledger", "batch-transfer", "PAYROLL-2026-03",
		`{"to":"`+bob+`","amount":[{"denom":"uazr","amount":"2000"}]}`,
		`{"to":"`+carol+`","amount":[{"denom":"uazr","amount":"3000"}]}`)
	// A plain bank send is journalled too.
	c.MustTx("bob", "bank", "send", bob, carol, "700uazr")

	// Bob's statement, newest first: the send out, the payroll in, the
	// payment in.
	var st ledgerStatement
	c.QueryJSON(&st, "ledger", "statement", bob)
	if len(st.Lines) != 3 {
		t.Fatalf("bob's statement has %d lines, want 3: %+v", len(st.Lines), st.Lines)
	}
	l0, l1, l2 := st.Lines[0], st.Lines[1], st.Lines[2]
	if l0.Direction != "out" || l0.Counterparty != carol || l0.Entry.MsgType != "/cosmos.bank.v1beta1.MsgSend" ||
		amountOf(l0.Entry.Coins, "uazr") != "700" || amountOf(l0.Entry.Fee, "uazr") != "35" {
		t.Fatalf("line 0 = %+v", l0)
	}
	if l1.Direction != "in" || l1.Entry.Reference != "PAYROLL-2026-03" || amountOf(l1.Entry.Coins, "uazr") != "2000" {
		t.Fatalf("line 1 = %+v", l1)
	}
	if l2.Direction != "in" || l2.Counterparty != alice || l2.Entry.Reference != "INV-2026-0001" ||
		l2.Entry.MsgType != "/azora.ledger.v1.MsgTransfer" || amountOf(l2.Entry.Fee, "uazr") != "50000" {
		t.Fatalf("line 2 = %+v", l2)
	}
	// The readable form.
	text := c.CLI("q", "ledger", "statement", bob)
	if err := text.Err(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Statement of " + bob, "SEQ", "COUNTERPARTY", "CHANGE", "-735uazr", "+1000000uazr", "INV-2026-0001", "PAYROLL-2026-03"} {
		if !strings.Contains(text.Stdout, want) {
			t.Fatalf("statement text lacks %q:\n%s", want, text.Stdout)
		}
	}
	t.Logf("statement:\n%s", text.Stdout)

	// By reference, over the CLI and REST.
	var byRef struct {
		Entries []struct{ To string } `json:"entries"`
		Used    bool                  `json:"used"`
	}
	c.QueryJSON(&byRef, "ledger", "reference", alice, "PAYROLL-2026-03")
	if len(byRef.Entries) != 2 || !byRef.Used || byRef.Entries[0].To != bob || byRef.Entries[1].To != carol {
		t.Fatalf("entries by reference = %+v", byRef)
	}
	var rest ledgerStatement
	if code := c.REST(c.Nodes[0], "/azora/ledger/v1/statement/"+carol, &rest); code != 200 || len(rest.Lines) != 2 {
		t.Fatalf("REST statement of carol: HTTP %d, %+v", code, rest)
	}

	// Wait for a checkpoint that covers every entry so far.
	var head ledgerHead
	c.QueryJSON(&head, "ledger", "head")
	last := head.Head.LastSequence
	var cpHeight int64
	waitFor(t, 40*time.Second, "a checkpoint covering the payments", func() bool {
		var h ledgerHead
		c.QueryJSON(&h, "ledger", "head")
		if h.LatestCheckpoint == nil || h.LatestCheckpoint.LastSequence != last {
			return false
		}
		if !h.LatestCheckpoint.Reconciled {
			t.Fatalf("checkpoint %s did not reconcile", h.LatestCheckpoint.Height)
		}
		cpHeight, _ = strconv.ParseInt(h.LatestCheckpoint.Height, 10, 64)
		return true
	})
	c.WaitForHeight(cpHeight+1, 20*time.Second)

	// verify-checkpoint: each step from the node's own genesis file (the
	// home's, the default trust root), then verified.
	h := strconv.FormatInt(cpHeight, 10)
	out := c.CLI("q", "ledger", "verify-checkpoint", h)
	if err := out.Err(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"trust root: genesis file", "1. document:", "2. root:", "3. light:", "4. store:", "5. checkpoint:", "recomputes", "verified: ledger checkpoint " + h, "assumptions:"} {
		if !strings.Contains(out.Stdout, want) {
			t.Fatalf("verify-checkpoint output lacks %q:\n%s", want, out.Stdout)
		}
	}
	t.Logf("verify-checkpoint:\n%s", out.Stdout)
	js := c.CLI("q", "ledger", "verify-checkpoint", h, "-o", "json")
	if err := js.Err(); err != nil {
		t.Fatal(err)
	}
	var proof struct {
		Verified    bool    `json:"verified"`
		StateHeight int64   `json:"state_height"`
		BlockHeight int64   `json:"block_height"`
		LightPath   []int64 `json:"light_path"`
		Steps       []struct {
			Step string `json:"step"`
		} `json:"steps"`
		Checkpoint struct {
			LastSequence string `json:"last_sequence"`
		} `json:"checkpoint"`
	}
	if err := json.Unmarshal([]byte(lastJSONLine(js.Stdout)), &proof); err != nil {
		t.Fatalf("decode: %v\n%s", err, js.Stdout)
	}
	if !proof.Verified || proof.StateHeight != cpHeight || proof.BlockHeight != cpHeight+1 || len(proof.Steps) != 5 ||
		proof.Checkpoint.LastSequence != last || len(proof.LightPath) != 2 || proof.LightPath[0] != 1 {
		t.Fatalf("verify-checkpoint -o json = %+v", proof)
	}
	// No checkpoint at cpHeight+1: its absence is proven and the command
	// fails.
	none := c.CLI("q", "ledger", "verify-checkpoint", strconv.FormatInt(cpHeight+1, 10))
	if none.ExitCode == 0 || !strings.Contains(none.Stdout+none.Stderr, "absence proven") {
		t.Fatalf("verify-checkpoint at a non-checkpoint height: exit %d\n%s\n%s", none.ExitCode, none.Stdout, none.Stderr)
	}
	// Without a trust root (a home with no genesis) it refuses to verify.
	bare := run(t.TempDir(), "", "q", "ledger", "verify-checkpoint", h, "--node", c.Nodes[0].RPCAddr())
	if bare.ExitCode == 0 || !strings.Contains(bare.Stderr, "no trust root") {
		t.Fatalf("verify-checkpoint without a trust root: exit %d\n%s\n%s", bare.ExitCode, bare.Stdout, bare.Stderr)
	}
	// From a trusted block: the checkpoint's own block, by its hash (read
	// here from the node, as a user would from a source they trust).
	metas, err := c.BlockMetas(c.Nodes[0], cpHeight, cpHeight)
	if err != nil {
		t.Fatal(err)
	}
	fromBlock := c.CLI("q", "ledger", "verify-checkpoint", h, "--trusted-height", h, "--trusted-hash", metas[0].Hash, "--height", strconv.FormatInt(cpHeight+2, 10))
	if err := fromBlock.Err(); err != nil || !strings.Contains(fromBlock.Stdout, "has the trusted hash") {
		t.Fatalf("verify-checkpoint from a trusted block: %v\n%s", err, fromBlock.Stdout)
	}

	// Tampering with the proof the command verified, in-process with the
	// same verifier: another value fails at the store step, another
	// block's app hash fails at the light step.
	rpc, err := rpchttp.New(c.Nodes[0].RPCAddr(), "/websocket")
	if err != nil {
		t.Fatal(err)
	}
	genesis, err := os.ReadFile(filepath.Join(c.Nodes[0].Home, "config", "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	root, err := lightproof.TrustGenesis(genesis)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := lightproof.ProveCheckpoint(context.Background(), rpc, cpHeight, 0, lightproof.BuildOptions{Wait: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lightproof.Verify(doc, root, lightproof.Options{}); err != nil {
		t.Fatalf("genuine checkpoint: %v", err)
	}
	altered := *doc
	altered.StoreProof.Value = append([]byte(nil), doc.StoreProof.Value...)
	altered.StoreProof.Value[len(altered.StoreProof.Value)/2] ^= 0x01
	requireFailedStep(t, &altered, root, lightproof.StepStore)
	moved := *doc
	target := *doc.LightBlocks[len(doc.LightBlocks)-1].SignedHeader
	header := *target.Header
	header.AppHash = append([]byte(nil), header.AppHash...)
	header.AppHash[0] ^= 0x01
	target.Header = &header
	moved.LightBlocks = append(append([]lightproof.LightBlock(nil), doc.LightBlocks[:len(doc.LightBlocks)-1]...), lightproof.LightBlock{SignedHeader: &target})
	requireFailedStep(t, &moved, root, lightproof.StepLight)
}

// requireFailedStep verifies doc and requires a failure at step.
func requireFailedStep(t *testing.T, doc *lightproof.Document, root lightproof.TrustRoot, step string) {
	t.Helper()
	_, err := lightproof.Verify(doc, root, lightproof.Options{})
	var se *lightproof.StepError
	if !errors.As(err, &se) || se.Step != step {
		t.Fatalf("want a failure at step %q, got %v", step, err)
	}
}

// TestLedgerUnderBlockSTM runs the node with the BlockSTM executor and pays
// from four accounts at once (so payments land in one block and execute in
// parallel): the journal has exactly one entry per payment with its fee and
// reference, the entries chain, and the checkpoint that covers them
// reconciles.
func TestLedgerUnderBlockSTM(t *testing.T) {
	requireSystem(t)
	senders := []string{"p1", "p2", "p3", "p4"}
	accs := []Account{{Name: "shop", Coins: "1000uazr"}}
	for _, s := range senders {
		accs = append(accs, Account{Name: s, Coins: "10000000uazr"})
	}
	c := NewChain(t, Config{Accounts: accs, EditGenesis: func(appState map[string]any) {
		appState["ledger"].(map[string]any)["params"].(map[string]any)["checkpoint_interval"] = "3"
	}})
	if r := c.CLIOn(c.Nodes[0], "config", "set", "app", "block-executor", "block-stm", "-s"); r.ExitCode != 0 {
		t.Fatal(r.Err())
	}
	c.Start()
	shop := c.Address("shop")
	var head ledgerHead
	c.QueryJSON(&head, "ledger", "head")
	start, _ := strconv.ParseUint(head.Head.LastSequence, 10, 64)

	hashes := make([]string, len(senders))
	errs := make([]error, len(senders))
	var wg sync.WaitGroup
	for i, s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := c.CLI("tx", "ledger", "transfer", shop, "100000uazr", "ORDER-"+s, "--from", s, "--gas", "400000", "--yes", "--output", "json")
			var b struct {
				TxHash string `json:"txhash"`
				Code   uint32 `json:"code"`
			}
			if err := json.Unmarshal([]byte(lastJSONLine(r.Stdout)), &b); err != nil || r.ExitCode != 0 || b.Code != 0 {
				errs[i] = fmt.Errorf("%s: exit %d code %d: %v\n%s%s", s, r.ExitCode, b.Code, err, r.Stdout, r.Stderr)
				return
			}
			hashes[i] = b.TxHash
		}()
	}
	wg.Wait()
	heights := map[int64]int{}
	for i := range senders {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		tx := c.WaitTx(hashes[i], 30*time.Second)
		if tx.Code != 0 {
			t.Fatalf("code %d: %s", tx.Code, tx.RawLog)
		}
		heights[tx.Height]++
	}
	t.Logf("payments per block height: %v", heights)
	last := int64(0)
	for h := range heights {
		last = max(last, h)
	}
	c.WaitForHeight(last+4, 30*time.Second) // past the next checkpoint

	conn, err := grpc.NewClient(c.Nodes[0].GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(codec.NewProtoCodec(codectypes.NewInterfaceRegistry()).GRPCCodec())))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	q := ledgertypes.NewQueryClient(conn)
	ctx := context.Background()
	st, err := q.Statement(ctx, &ledgertypes.QueryStatementRequest{Address: shop})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Lines) != len(senders) {
		t.Fatalf("shop's statement has %d lines, want %d", len(st.Lines), len(senders))
	}
	refs := map[string]bool{}
	for _, l := range st.Lines {
		if l.Direction != "in" || l.Entry.Coins.String() != "100000uazr" || l.Entry.Fee.String() != "5000uazr" {
			t.Fatalf("line %+v", l)
		}
		refs[l.Entry.Reference] = true
	}
	if len(refs) != len(senders) {
		t.Fatalf("references %v", refs)
	}
	// The entries since the start chain from the head's hash, and every
	// checkpoint since reconciled.
	prev := ledgertypes.GenesisHash()
	if start > 0 {
		e, err := q.Entry(ctx, &ledgertypes.QueryEntryRequest{Sequence: start})
		if err != nil {
			t.Fatal(err)
		}
		prev = e.Entry.Hash
	}
	hr, err := q.Head(ctx, &ledgertypes.QueryHeadRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var entries []ledgertypes.JournalEntry
	for seq := start + 1; seq <= hr.Head.LastSequence; seq++ {
		e, err := q.Entry(ctx, &ledgertypes.QueryEntryRequest{Sequence: seq})
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e.Entry)
	}
	if end, err := ledgertypes.VerifyChain(prev, entries); err != nil || !bytes.Equal(end, hr.Head.LastHash) {
		t.Fatalf("the journal does not chain to its head: %v", err)
	}
	cps, err := q.Checkpoints(ctx, &ledgertypes.QueryCheckpointsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	covered := false
	for _, cp := range cps.Checkpoints {
		if !cp.Reconciled {
			t.Fatalf("checkpoint %d did not reconcile (%d mismatches)", cp.Height, cp.Mismatches)
		}
		covered = covered || cp.LastSequence >= start+uint64(len(senders))
	}
	if !covered {
		t.Fatalf("no checkpoint covers the payments: %+v", cps.Checkpoints)
	}
}
