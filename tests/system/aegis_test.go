package system

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	aegistestutil "github.com/azora-os/nexus/x/aegis/testutil"
)

// TestAegisFreezeRefusesSend: on a real node, the officer freezes an account
// over the CLI; the account's send is refused with the article in the error
// (and nothing moves); a send to it is refused too; ComplianceCheck says why
// before anyone signs; the officer unfreezes it and the send goes through.
func TestAegisFreezeRefusesSend(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{Accounts: []Account{
		{Name: "alice", Coins: "100000000000uazr"},
		{Name: "bob", Coins: "10000000uazr"},
		{Name: "officer", Coins: "10000000uazr"},
	}, Unverified: []string{"alice", "bob", "officer"}})
	alice, bob, officer := c.Address("alice"), c.Address("bob"), c.Address("officer")

	// Genesis: officer holds the officer role (the default constitution is
	// already there, from `nexusd init`).
	editGenesis(t, filepath.Join(c.Nodes[0].Home, "config", "genesis.json"), func(appState map[string]any) {
		if err := aegistestutil.GrantRoleJSON(appState, "officer", officer); err != nil {
			t.Fatal(err)
		}
	})
	c.mustRun(c.Nodes[0].Home, "genesis", "validate-genesis")
	c.Start()

	var articles struct {
		Articles []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"articles"`
	}
	c.QueryJSON(&articles, "aegis", "articles")
	if len(articles.Articles) != 5 || articles.Articles[0].Title != "Account standing" || articles.Articles[4].Title != "Validator admission" {
		t.Fatalf("default constitution not in genesis: %+v", articles)
	}

	tx := c.MustTx("officer", "aegis", "freeze-account", alice, "court order 7")
	if _, ok := tx.Attr("azora.aegis.v1.EventAccountFrozen", "address"); !ok {
		t.Fatalf("no EventAccountFrozen in %+v", tx.Events)
	}
	requireStanding(t, c, alice, "STANDING_FROZEN")

	// alice cannot send; nobody can send to alice.
	requireRefused(t, c, "alice", []string{"bank", "send", alice, bob, "1000uazr"}, "article 1 (standing)", "court order 7")
	requireRefused(t, c, "bob", []string{"bank", "send", bob, alice, "1000uazr"}, "article 1 (standing)", "recipient")
	if got := balanceOf(c, bob); got != "10000000" {
		t.Fatalf("bob's balance changed to %s", got)
	}

	// ComplianceCheck answers before anyone signs.
	msg := fmt.Sprintf(`{"@type":"/cosmos.bank.v1beta1.MsgSend","from_address":%q,"to_address":%q,"amount":[{"denom":"uazr","amount":"1000"}]}`, alice, bob)
	var check struct {
		Allowed   bool   `json:"allowed"`
		ArticleID string `json:"article_id"`
		Rule      string `json:"rule"`
		Codespace string `json:"codespace"`
		Reason    string `json:"reason"`
	}
	c.QueryJSON(&check, "aegis", "compliance-check", alice, msg)
	if check.Allowed || check.ArticleID != "1" || check.Rule != "standing" || check.Codespace != "aegis" {
		t.Fatalf("compliance-check = %+v", check)
	}

	c.MustTx("officer", "aegis", "unfreeze-account", alice, "order lifted")
	requireStanding(t, c, alice, "STANDING_UNVERIFIED")
	c.MustTx("alice", "bank", "send", alice, bob, "1000uazr")
	if got := balanceOf(c, bob); got != "10001000" {
		t.Fatalf("bob's balance = %s, want 10001000", got)
	}

	// The officer role is refused to anyone else, and the REST route serves
	// the standing.
	requireRefused(t, c, "bob", []string{"aegis", "freeze-account", alice, "no"}, "signer lacks the required role")
	var rest struct {
		Standing string `json:"standing"`
	}
	if code := c.REST(c.Nodes[0], "/azora/aegis/v1/standings/"+alice, &rest); code != 200 || rest.Standing != "STANDING_UNVERIFIED" {
		t.Fatalf("REST standing: status %d, %+v", code, rest)
	}
}

// requireRefused submits a tx that must be refused (by simulation, CheckTx
// or in the block) with an error mentioning every substring.
func requireRefused(t *testing.T, c *Chain, from string, args []string, substrs ...string) {
	t.Helper()
	res, tx := c.SubmitTx(from, args...)
	out := res.Stdout + res.Stderr
	if res.ExitCode == 0 {
		if tx == nil || tx.Code == 0 {
			t.Fatalf("tx %v was not refused:\n%s", args, out)
		}
		out += tx.RawLog
	}
	for _, s := range substrs {
		if !strings.Contains(out, s) {
			t.Fatalf("refusal of %v does not mention %q:\n%s", args, s, out)
		}
	}
}

func requireStanding(t *testing.T, c *Chain, addr, want string) {
	t.Helper()
	var st struct {
		Standing string `json:"standing"`
	}
	c.QueryJSON(&st, "aegis", "standing", addr)
	if st.Standing != want {
		t.Fatalf("standing of %s = %s, want %s", addr, st.Standing, want)
	}
}

func balanceOf(c *Chain, addr string) string {
	var bal struct {
		Balances []struct{ Denom, Amount string } `json:"balances"`
	}
	c.QueryJSON(&bal, "bank", "balances", addr)
	return amountOf(bal.Balances, "uazr")
}
