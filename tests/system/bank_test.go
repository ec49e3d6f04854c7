package system

import (
	"context"
	"strings"
	"testing"
	"time"

	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// TestSingleNodeTransfer runs a one-validator chain, sends uazr with the CLI
// and checks the balance through the CLI, REST and gRPC.
func TestSingleNodeTransfer(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{Accounts: []Account{
		{Name: "alice", Coins: "100000000000uazr"},
		{Name: "bob", Coins: "1000uazr"},
	}})
	c.Start()

	bob := c.Address("bob")
	tx := c.MustTx("alice", "bank", "send", c.Address("alice"), bob, "2500000uazr")
	if tx.Height == 0 {
		t.Fatalf("tx %s has no height", tx.Hash)
	}

	// The transaction is found the ways nexusd init's index-events serve
	// (cmd/nexusd/cmd DefaultIndexEvents): by sender, by recipient and by
	// account/sequence; an attribute left out of the index finds nothing.
	alice := c.Address("alice")
	for _, q := range []string{
		"message.sender='" + alice + "'",
		"transfer.recipient='" + bob + "'",
		"message.action='/cosmos.bank.v1beta1.MsgSend'",
	} {
		if got := searchTxs(c, q); len(got) != 1 || got[0] != tx.Hash {
			t.Fatalf("q txs --query %q = %v, want [%s]", q, got, tx.Hash)
		}
	}
	if got := searchTxs(c, "coin_received.receiver='"+bob+"'"); len(got) != 0 {
		t.Fatalf("coin_received is not in index-events, yet q txs found %v", got)
	}
	var bySeq struct {
		TxHash string `json:"txhash"`
	}
	c.QueryJSON(&bySeq, "tx", "--type", "acc_seq", alice+"/0")
	if bySeq.TxHash != tx.Hash {
		t.Fatalf("q tx --type acc_seq %s/0 = %q, want %s", alice, bySeq.TxHash, tx.Hash)
	}

	// CLI
	var cli struct {
		Balances []struct{ Denom, Amount string } `json:"balances"`
	}
	c.QueryJSON(&cli, "bank", "balances", bob)
	if got := amountOf(cli.Balances, "uazr"); got != "2501000" {
		t.Fatalf("CLI balance of bob = %q, want 2501000", got)
	}

	// REST
	var rest struct {
		Balances []struct{ Denom, Amount string } `json:"balances"`
	}
	if code := c.REST(c.Nodes[0], "/cosmos/bank/v1beta1/balances/"+bob, &rest); code != 200 {
		t.Fatalf("REST status %d", code)
	}
	if got := amountOf(rest.Balances, "uazr"); got != "2501000" {
		t.Fatalf("REST balance of bob = %q, want 2501000", got)
	}

	// gRPC
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	qc := banktypes.NewQueryClient(c.GRPC(c.Nodes[0]))
	res, err := qc.Balance(ctx, &banktypes.QueryBalanceRequest{Address: bob, Denom: "uazr"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Balance.Amount.String() != "2501000" {
		t.Fatalf("gRPC balance of bob = %s, want 2501000", res.Balance.Amount)
	}

	// The OpenAPI documents are served.
	var doc struct {
		Swagger string `json:"swagger"`
	}
	if code := c.REST(c.Nodes[0], "/nexus/openapi.json", &doc); code != 200 || doc.Swagger != "2.0" {
		t.Fatalf("GET /nexus/openapi.json: status %d, swagger %q", code, doc.Swagger)
	}

	// Denom metadata is served, so wallets display AZR.
	meta, err := qc.DenomMetadata(ctx, &banktypes.QueryDenomMetadataRequest{Denom: "uazr"})
	if err != nil {
		t.Fatal(err)
	}
	if meta.Metadata.Symbol != "AZR" || meta.Metadata.Display != "azr" {
		t.Fatalf("uazr metadata = %+v", meta.Metadata)
	}
}

// TestBadTransfersFailCleanly checks that bad input through the CLI gets a
// clear error and a non-zero exit, moves nothing, and the chain keeps going.
func TestBadTransfersFailCleanly(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{Accounts: []Account{
		{Name: "alice", Coins: "5000000uazr"},
		{Name: "bob", Coins: "1000uazr"},
	}})
	c.Start()
	alice, bob := c.Address("alice"), c.Address("bob")

	cases := []struct {
		name    string
		args    []string
		wantErr string
	}{
		// One uazr more than alice holds (an amount within the unverified
		// tier's limits, so the constitution does not refuse it first).
		{"more than the balance", []string{"bank", "send", alice, bob, "5000001uazr"}, "insufficient funds"},
		{"malformed address", []string{"bank", "send", alice, "azora1notanaddress", "100uazr"}, "decoding bech32 failed"},
		{"zero amount", []string{"bank", "send", alice, bob, "0uazr"}, "invalid coins"},
		{"unknown denom", []string{"bank", "send", alice, bob, "100ufoo"}, "insufficient funds"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, _ := c.SubmitTx("alice", tc.args...)
			if res.ExitCode == 0 {
				t.Fatalf("expected a non-zero exit, got 0\nstdout: %s", res.Stdout)
			}
			if !strings.Contains(res.Stderr+res.Stdout, tc.wantErr) {
				t.Fatalf("error does not mention %q:\nstderr: %s\nstdout: %s", tc.wantErr, res.Stderr, res.Stdout)
			}
		})
	}

	// Nothing moved and the chain keeps producing blocks.
	var bal struct {
		Balances []struct{ Denom, Amount string } `json:"balances"`
	}
	c.QueryJSON(&bal, "bank", "balances", bob)
	if got := amountOf(bal.Balances, "uazr"); got != "1000" {
		t.Fatalf("bob's balance changed to %s", got)
	}
	c.QueryJSON(&bal, "bank", "balances", alice)
	if got := amountOf(bal.Balances, "uazr"); got != "5000000" {
		t.Fatalf("alice's balance changed to %s", got)
	}
	c.WaitBlocks(2, 30*time.Second)

	// A good transfer still goes through after the bad ones.
	c.MustTx("alice", "bank", "send", alice, bob, "1000uazr")
}

func amountOf(coins []struct{ Denom, Amount string }, denom string) string {
	for _, c := range coins {
		if c.Denom == denom {
			return c.Amount
		}
	}
	return "0"
}

// searchTxs returns the hashes `nexusd q txs --query q` finds on node 0.
func searchTxs(c *Chain, q string) []string {
	var out struct {
		Txs []struct {
			TxHash string `json:"txhash"`
		} `json:"txs"`
	}
	c.QueryJSON(&out, "txs", "--query", q)
	var hashes []string
	for _, tx := range out.Txs {
		hashes = append(hashes, tx.TxHash)
	}
	return hashes
}
