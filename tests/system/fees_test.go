package system

import (
	"strconv"
	"testing"
)

// TestFeeRuleCLI is issue 14 §1 on a real node, through the CLI a wallet
// uses: `tx bank send alice <bob> 1uazr --fees 30000000000uazr --gas 200000`
// used to succeed, paying 30,000 AZR to the validator's operator outside
// PIVC, the velocity limits and the journal. It is now refused at CheckTx
// with the fee rule's error naming both numbers, and with --gas auto (the
// CLI's default) already by the simulation; nothing is taken. Ordinary
// sends (the CLI's default gas price) and a priority fee within the bound
// go through; the part of a fee above the base price counts against the
// payer's velocity window.
func TestFeeRuleCLI(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{
		Accounts:    []Account{{Name: "alice", Coins: "100000000000uazr"}, {Name: "bob", Coins: "1000000uazr"}},
		Unverified:  []string{"alice"}, // the basic tier: 1,000 AZR per tx
		EditGenesis: shortGov,
	})
	c.Start()
	alice, bob := c.Address("alice"), c.Address("bob")
	aliceBefore := c.balance(alice, "uazr")

	// The command: refused at CheckTx (explicit gas: no simulation).
	requireRefused(t, c, "alice", []string{"bank", "send", alice, bob, "1uazr", "--fees", "30000000000uazr", "--gas", "200000"},
		"fee rule (params.max_gas_price)", "fee 30000000000uazr is above gas limit 200000 × max gas price 0.01uazr = 2000uazr")
	// With the CLI's --gas auto the simulation refuses it first.
	requireRefused(t, c, "alice", []string{"bank", "send", alice, bob, "1uazr", "--fees", "30000000000uazr"},
		"fee rule (params.max_gas_price)", "fee 30000000000uazr")
	// Fees in another denom.
	requireRefused(t, c, "alice", []string{"bank", "send", alice, bob, "1uazr", "--fees", "200ustake", "--gas", "200000"},
		"fee rule (params.fee_denom)", "fees are paid in uazr only")
	// A gas limit above max_tx_gas.
	requireRefused(t, c, "alice", []string{"bank", "send", alice, bob, "1uazr", "--fees", "1uazr", "--gas", "100000001"},
		"fee rule (params.max_tx_gas)", "gas limit 100000001 is above max_tx_gas 100000000")
	if got := c.balance(alice, "uazr"); got != aliceBefore {
		t.Fatalf("alice paid %d uazr for refused txs", aliceBefore-got)
	}

	// The CLI's defaults (simulated gas at the base price): nothing counted
	// but the 1uazr sent.
	c.MustTx("alice", "bank", "send", alice, bob, "1uazr")
	if u := usedToday(t, c, alice); u != 1 {
		t.Fatalf("alice's window holds %d uazr after a plain send, want 1", u)
	}
	// A priority fee at the bound (10 × the base price): the part above
	// the base price (2000 − 200) counts.
	c.MustTx("alice", "bank", "send", alice, bob, "1uazr", "--fees", "2000uazr", "--gas", "200000")
	if u := usedToday(t, c, alice); u != 2+1800 {
		t.Fatalf("alice's window holds %d uazr after a 2000uazr fee at 200000 gas, want %d", u, 2+1800)
	}

	// Governance raises the max gas price (the README's command): a fee of
	// 4000uazr at 200000 gas, refused before, then passes.
	requireRefused(t, c, "alice", []string{"bank", "send", alice, bob, "1uazr", "--fees", "4000uazr", "--gas", "200000"},
		"= 2000uazr")
	c.waitPassed(c.proposal("alice", "aegis", "update-params",
		`{"max_msg_depth":5,"fee_denom":"uazr","base_gas_price":"0.001","max_gas_price":"0.02","max_tx_gas":"100000000"}`,
		"--title", "Dearer", "--summary", "Max gas price 0.02uazr."))
	var params struct {
		Params struct {
			MaxGasPrice string `json:"max_gas_price"`
		} `json:"params"`
	}
	c.QueryJSON(&params, "aegis", "params")
	if params.Params.MaxGasPrice != "0.02" {
		t.Fatalf("max_gas_price after the proposal: %q", params.Params.MaxGasPrice)
	}
	c.MustTx("alice", "bank", "send", alice, bob, "1uazr", "--fees", "4000uazr", "--gas", "200000")
	c.requireBlocksGoOn()
}

// usedToday is what addr sent of uazr in its rolling window (x/aegis).
func usedToday(t *testing.T, c *Chain, addr string) int64 {
	t.Helper()
	var res struct {
		Used string `json:"used"`
	}
	c.QueryJSON(&res, "aegis", "remaining-allowance", addr, "uazr")
	n, err := strconv.ParseInt(res.Used, 10, 64)
	if err != nil {
		t.Fatalf("used %q: %v", res.Used, err)
	}
	return n
}
