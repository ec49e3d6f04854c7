package system

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestPIVCBankSend sends 1000uazr with `nexusd tx bank send` on a real node
// and checks that it cost the sender 1050uazr plus gas, that the recipient got
// exactly 1000, that the fee is in the tx events, and that the totals, the
// pools and the quote say so through the CLI and REST.
func TestPIVCBankSend(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{Accounts: []Account{
		{Name: "alice", Coins: "100000000000uazr"},
		{Name: "bob", Coins: "1000uazr"},
	}})
	c.Start()
	alice, bob := c.Address("alice"), c.Address("bob")

	// The quote answers before sending.
	var quote struct {
		Fee      []struct{ Denom, Amount string } `json:"fee"`
		Total    []struct{ Denom, Amount string } `json:"total"`
		ToGrowth []struct{ Denom, Amount string } `json:"to_growth"`
		ToUbo    []struct{ Denom, Amount string } `json:"to_ubo"`
		RateBps  int                              `json:"rate_bps"`
	}
	c.QueryJSON(&quote, "pivc", "quote", "1000uazr")
	if amountOf(quote.Fee, "uazr") != "50" || amountOf(quote.Total, "uazr") != "1050" ||
		amountOf(quote.ToGrowth, "uazr") != "30" || amountOf(quote.ToUbo, "uazr") != "20" || quote.RateBps != 500 {
		t.Fatalf("quote 1000uazr = %+v", quote)
	}

	aliceBefore := uazrBalance(t, c, alice)
	tx := c.MustTx("alice", "bank", "send", alice, bob, "1000uazr")

	gasFee, ok := tx.Attr("tx", "fee")
	if !ok || !strings.HasSuffix(gasFee, "uazr") {
		t.Fatalf("tx has no gas fee event: %v", tx.Events)
	}
	gas, err := strconv.ParseInt(strings.TrimSuffix(gasFee, "uazr"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := aliceBefore-uazrBalance(t, c, alice), 1050+gas; got != want {
		t.Fatalf("alice paid %d, want 1000 + 50 PIVC + %d gas = %d", got, gas, want)
	}
	if got := uazrBalance(t, c, bob); got != 2000 {
		t.Fatalf("bob has %d, want 2000", got)
	}

	// The fee is in the tx events, with the payer and the split.
	fee, ok := tx.Attr("azora.pivc.v1.EventFeeCaptured", "fee")
	if !ok || !strings.Contains(fee, `"amount":"50"`) {
		t.Fatalf("EventFeeCaptured fee = %q (found %v)", fee, ok)
	}
	if payer, _ := tx.Attr("azora.pivc.v1.EventFeeCaptured", "payer"); payer != `"`+alice+`"` {
		t.Fatalf("EventFeeCaptured payer = %s, want %s", payer, alice)
	}

	// `nexusd q pivc totals` shows 50 (folded at the end of the tx's block).
	var totals struct {
		Totals []struct {
			Denom    string `json:"denom"`
			Captured string `json:"captured"`
			ToGrowth string `json:"to_growth"`
			ToUbo    string `json:"to_ubo"`
		} `json:"totals"`
	}
	c.QueryJSON(&totals, "pivc", "totals")
	if len(totals.Totals) != 1 || totals.Totals[0].Denom != "uazr" || totals.Totals[0].Captured != "50" ||
		totals.Totals[0].ToGrowth != "30" || totals.Totals[0].ToUbo != "20" {
		t.Fatalf("pivc totals = %+v", totals)
	}

	var pools struct {
		GrowthBalance []struct{ Denom, Amount string } `json:"growth_balance"`
		UboBalance    []struct{ Denom, Amount string } `json:"ubo_balance"`
	}
	c.QueryJSON(&pools, "pivc", "pools")
	if amountOf(pools.GrowthBalance, "uazr") != "30" || amountOf(pools.UboBalance, "uazr") != "20" {
		t.Fatalf("pivc pools = %+v", pools)
	}

	// REST serves the same.
	var restQuote struct {
		Fee []struct{ Denom, Amount string } `json:"fee"`
	}
	if code := c.REST(c.Nodes[0], "/azora/pivc/v1/quote?amount=21uazr", &restQuote); code != 200 || amountOf(restQuote.Fee, "uazr") != "2" {
		t.Fatalf("REST quote 21uazr: status %d, %+v", code, restQuote)
	}
	var restTotals struct {
		Totals []struct {
			Captured string `json:"captured"`
		} `json:"totals"`
	}
	if code := c.REST(c.Nodes[0], "/azora/pivc/v1/totals", &restTotals); code != 200 || len(restTotals.Totals) != 1 || restTotals.Totals[0].Captured != "50" {
		t.Fatalf("REST totals: status %d, %+v", code, restTotals)
	}

	// Short of amount + PIVC: the CLI refuses with the PIVC error and nothing moves.
	bobBefore := uazrBalance(t, c, bob)
	res, _ := c.SubmitTx("bob", "bank", "send", bob, alice, "1990uazr")
	if res.ExitCode == 0 || !strings.Contains(res.Stdout+res.Stderr, "insufficient funds for amount + PIVC") {
		t.Fatalf("send of 1990uazr from a 2000uazr account: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if got := uazrBalance(t, c, bob); got != bobBefore {
		t.Fatalf("bob's balance moved from %d to %d", bobBefore, got)
	}
}

// TestPIVCUBOWithAegis runs UBO on a real node with x/aegis deciding who is
// eligible: the UBO share of a fee is allocated at the epoch end to the
// verified accounts only, a verified account claims exactly its share once,
// and an unverified account is refused.
func TestPIVCUBOWithAegis(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{
		Accounts: []Account{
			{Name: "alice", Coins: "100000000000uazr"},
			{Name: "carol", Coins: "1000000uazr"},
		},
		// carol stays at the basic tier: not verified, so not eligible.
		Unverified: []string{"carol"},
		EditGenesis: func(appState map[string]any) {
			appState["pivc"].(map[string]any)["params"].(map[string]any)["epoch_blocks"] = "4"
		},
	})
	c.Start()
	alice, carol := c.Address("alice"), c.Address("carol")

	// 1000uazr from alice pays 50 PIVC: 30 to growth, 20 to UBO. The
	// eligible accounts are the verified ones: val0 and alice.
	c.MustTx("alice", "bank", "send", alice, carol, "1000uazr")

	type pending struct {
		Pending  []struct{ Denom, Amount string } `json:"pending"`
		Eligible bool                             `json:"eligible"`
	}
	var p pending
	deadline := time.Now().Add(30 * time.Second)
	for {
		c.QueryJSON(&p, "pivc", "pending-ubo", alice)
		if amountOf(p.Pending, "uazr") != "0" || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if !p.Eligible || amountOf(p.Pending, "uazr") != "10" {
		t.Fatalf("alice's pending UBO after an epoch = %+v, want 10uazr and eligible", p)
	}
	c.QueryJSON(&p, "pivc", "pending-ubo", carol)
	if p.Eligible || amountOf(p.Pending, "uazr") != "0" {
		t.Fatalf("carol (unverified) pending UBO = %+v, want nothing", p)
	}

	tx := c.MustTx("alice", "pivc", "claim-ubo")
	claimed, ok := tx.Attr("azora.pivc.v1.EventUBOClaimed", "amount")
	if !ok || !strings.Contains(claimed, `"amount":"10"`) {
		t.Fatalf("claim event amount = %q (found %v)", claimed, ok)
	}
	res, _ := c.SubmitTx("alice", "pivc", "claim-ubo")
	if res.ExitCode == 0 || !strings.Contains(res.Stdout+res.Stderr, "no UBO to claim") {
		t.Fatalf("second claim: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	res, _ = c.SubmitTx("carol", "pivc", "claim-ubo")
	if res.ExitCode == 0 || !strings.Contains(res.Stdout+res.Stderr, "not eligible for UBO") {
		t.Fatalf("claim by unverified carol: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
}

func uazrBalance(t *testing.T, c *Chain, addr string) int64 {
	t.Helper()
	var bal struct {
		Balances []struct{ Denom, Amount string } `json:"balances"`
	}
	c.QueryJSON(&bal, "bank", "balances", addr)
	n, err := strconv.ParseInt(amountOf(bal.Balances, "uazr"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPIVCUnderBlockSTM runs the node with the BlockSTM executor and sends
// from four accounts at once (so several transfers land in one block and
// execute in parallel): every sender pays exactly amount + PIVC + gas, the
// pools and the totals hold exactly the sum of the fees.
func TestPIVCUnderBlockSTM(t *testing.T) {
	requireSystem(t)
	senders := []string{"s1", "s2", "s3", "s4"}
	accs := []Account{{Name: "shop", Coins: "1000uazr"}}
	for _, s := range senders {
		accs = append(accs, Account{Name: s, Coins: "10000000uazr"})
	}
	c := NewChain(t, Config{Accounts: accs})
	if r := c.CLIOn(c.Nodes[0], "config", "set", "app", "block-executor", "block-stm", "-s"); r.ExitCode != 0 {
		t.Fatal(r.Err())
	}
	c.Start()
	shop := c.Address("shop")

	before := map[string]int64{}
	for _, s := range senders {
		before[s] = uazrBalance(t, c, c.Address(s))
	}
	type sent struct {
		hash string
		err  error
	}
	results := make([]sent, len(senders))
	var wg sync.WaitGroup
	for i, s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := c.CLI("tx", "bank", "send", c.Address(s), shop, "100000uazr", "--from", s, "--yes", "--output", "json")
			if r.ExitCode != 0 {
				results[i] = sent{err: r.Err()}
				return
			}
			var b struct {
				TxHash string `json:"txhash"`
				Code   uint32 `json:"code"`
			}
			if err := json.Unmarshal([]byte(lastJSONLine(r.Stdout)), &b); err != nil || b.Code != 0 {
				results[i] = sent{err: fmt.Errorf("broadcast: code %d, %v: %s", b.Code, err, r.Stdout)}
				return
			}
			results[i] = sent{hash: b.TxHash}
		}()
	}
	wg.Wait()

	heights := map[int64]int{}
	for i, s := range senders {
		if results[i].err != nil {
			t.Fatal(results[i].err)
		}
		tx := c.WaitTx(results[i].hash, 30*time.Second)
		if tx.Code != 0 {
			t.Fatalf("%s: code %d: %s", s, tx.Code, tx.RawLog)
		}
		heights[tx.Height]++
		gasFee, _ := tx.Attr("tx", "fee")
		gas, err := strconv.ParseInt(strings.TrimSuffix(gasFee, "uazr"), 10, 64)
		if err != nil {
			t.Fatalf("gas fee %q: %v", gasFee, err)
		}
		if paid := before[s] - uazrBalance(t, c, c.Address(s)); paid != 100000+5000+gas {
			t.Fatalf("%s paid %d, want 100000 + 5000 PIVC + %d gas", s, paid, gas)
		}
	}
	t.Logf("transfers per block height: %v", heights)

	if got := uazrBalance(t, c, shop); got != 1000+4*100000 {
		t.Fatalf("shop has %d", got)
	}
	var totals struct {
		Totals []struct {
			Captured string `json:"captured"`
			ToGrowth string `json:"to_growth"`
			ToUbo    string `json:"to_ubo"`
		} `json:"totals"`
	}
	c.QueryJSON(&totals, "pivc", "totals")
	if len(totals.Totals) != 1 || totals.Totals[0].Captured != "20000" || totals.Totals[0].ToGrowth != "12000" || totals.Totals[0].ToUbo != "8000" {
		t.Fatalf("totals = %+v", totals)
	}
	var pools struct {
		GrowthBalance []struct{ Denom, Amount string } `json:"growth_balance"`
		UboBalance    []struct{ Denom, Amount string } `json:"ubo_balance"`
	}
	c.QueryJSON(&pools, "pivc", "pools")
	if amountOf(pools.GrowthBalance, "uazr") != "12000" || amountOf(pools.UboBalance, "uazr") != "8000" {
		t.Fatalf("pools = %+v", pools)
	}
}
