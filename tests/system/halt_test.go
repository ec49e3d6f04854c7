package system

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosmos/cosmos-sdk/codec/address"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
)

// shortGov is Config.EditGenesis for tests that pass proposals.
func shortGov(appState map[string]any) {
	params := appState["gov"].(map[string]any)["params"].(map[string]any)
	params["voting_period"] = votingPeriod.String()
	params["max_deposit_period"] = votingPeriod.String()
	params["expedited_voting_period"] = (votingPeriod / 2).String()
}

// writeProposal writes a gov v1 proposal file with the given messages and
// the default minimum deposit, and returns its path.
func (c *Chain) writeProposal(name string, msgs ...map[string]any) string {
	c.t.Helper()
	if msgs == nil {
		msgs = []map[string]any{}
	}
	// A text proposal (no messages) needs metadata.
	bz, err := json.Marshal(map[string]any{
		"messages": msgs, "deposit": govDeposit, "title": name, "summary": name + " (system test)", "metadata": "systest/" + name,
	})
	if err != nil {
		c.t.Fatal(err)
	}
	path := filepath.Join(c.Dir, name+".json")
	if err := os.WriteFile(path, bz, 0o600); err != nil {
		c.t.Fatal(err)
	}
	return path
}

// requireBlocksGoOn fails unless node 0 keeps producing blocks and no node
// logged a consensus failure or a panic.
func (c *Chain) requireBlocksGoOn() {
	c.t.Helper()
	c.WaitBlocks(3, 60*time.Second)
	if err := c.CheckNodes(); err != nil {
		c.t.Fatal(err)
	}
}

// TestGovDepositsCannotBeSpent reproduces the first halt of issue 14 §5 on
// a real node: a passed proposal that spends from the gov module account
// takes the coins from another open proposal's deposit, whose refund then
// fails in gov's EndBlock (CONSENSUS FAILURE). Now: a plain send to the gov
// account is refused; a proposal whose message moves the gov account's
// coins is refused when submitted (MsgSend) or fails when it executes
// (MsgBurn, which reports no transfer); the other proposal's deposit comes
// back and the chain keeps producing blocks.
func TestGovDepositsCannotBeSpent(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{
		Accounts:    []Account{{Name: "alice", Coins: "100000000000uazr"}, {Name: "bob", Coins: "1000000uazr"}},
		EditGenesis: shortGov,
	})
	c.Start()
	alice, bob := c.Address("alice"), c.Address("bob")
	gov, err := address.NewBech32Codec("azora").BytesToString(authtypes.NewModuleAddress(govtypes.ModuleName))
	if err != nil {
		t.Fatal(err)
	}

	// 1. The gov account refuses plain sends, like every module account.
	requireRefused(t, c, "alice", []string{"bank", "send", alice, gov, "1000uazr"}, "not allowed to receive funds")

	// 2. The proposal is refused at submission.
	send := c.writeProposal("spend-gov", map[string]any{
		"@type": "/cosmos.bank.v1beta1.MsgSend", "from_address": gov, "to_address": bob,
		"amount": []map[string]string{{"denom": "uazr", "amount": "1"}},
	})
	requireRefused(t, c, "alice", []string{"gov", "submit-proposal", send, "--gas", "400000"}, "gov funds", "deposits of open proposals")

	// 3. The same theft by a message that reports no transfer: it passes
	// the ante, and fails when gov executes it. A second proposal with the
	// same deposit is open meanwhile.
	burn := c.writeProposal("burn-gov", map[string]any{
		"@type": "/azora.mint.v1.MsgBurn", "owner": gov,
		"amount": map[string]string{"denom": "uazr", "amount": "1"},
	})
	first := c.proposalID(c.MustTx("alice", "gov", "submit-proposal", burn, "--gas", "400000"))
	c.MustTx("val0", "gov", "vote", strconv.FormatUint(first, 10), "yes")
	second := c.proposalID(c.MustTx("alice", "gov", "submit-proposal", c.writeProposal("text"), "--gas", "400000"))
	c.MustTx("val0", "gov", "vote", strconv.FormatUint(second, 10), "yes")
	before := c.balance(alice, "uazr")

	if status := c.waitProposalDone(first); status != "PROPOSAL_STATUS_FAILED" {
		t.Fatalf("proposal %d spending the gov account ended %s", first, status)
	}
	var p struct {
		Proposal struct {
			FailedReason string `json:"failed_reason"`
		} `json:"proposal"`
	}
	c.QueryJSON(&p, "gov", "proposal", strconv.FormatUint(first, 10))
	if !strings.Contains(p.Proposal.FailedReason, "gov funds") {
		t.Fatalf("failed reason %q", p.Proposal.FailedReason)
	}
	c.waitPassed(second)
	c.requireBlocksGoOn()

	// Both deposits came back; the gov account holds nothing.
	if got := c.balance(gov, "uazr"); got != 0 {
		t.Fatalf("gov account holds %duazr", got)
	}
	if got, want := c.balance(alice, "uazr"), before+2*10_000_000; got != want {
		t.Fatalf("alice has %duazr, want %d (both deposits back)", got, want)
	}
}

// TestSupplyCapKeepsLedgerSumsBounded is the second halt of issue 14 §5 on
// a real node: with an a-Token whose cap was near 2^256, minting X = 2^256
// − 2^251, burning it and minting it again overflowed x/ledger's
// end-of-block sums (CONSENSUS FAILURE "integer overflow"). Now a cap above
// 10^36 is refused (genesis validation and a charter proposal), and the
// issue's steps at the largest cap allowed leave every checkpoint
// reconciled and the chain producing blocks.
func TestSupplyCapKeepsLedgerSumsBounded(t *testing.T) {
	requireSystem(t)
	const capStr = "1000000000000000000000000000000000000" // 10^36, the bound
	nearMax := "115792089237316195423570985008687907853269984665640564039457584007913129639935"
	c := NewChain(t, Config{
		Accounts: []Account{{Name: "alice", Coins: "100000000000uazr"}, {Name: "issuer", Coins: "10000000000uazr"}},
		EditGenesis: func(appState map[string]any) {
			shortGov(appState)
			appState["ledger"].(map[string]any)["params"].(map[string]any)["checkpoint_interval"] = "5"
		},
	})
	c.Start()
	alice, issuer := c.Address("alice"), c.Address("issuer")
	// a/big is chartered at the largest cap allowed.
	c.waitPassed(c.proposal("alice", "mint", "charter-atoken", "big", "Big", issuer, capStr,
		"--title", "Big", "--summary", "The largest cap allowed"))

	// A genesis with the cap does not validate.
	gen := filepath.Join(c.Nodes[0].Home, "config", "genesis.json")
	bad := filepath.Join(c.Dir, "bad-genesis.json")
	copyFile(t, gen, bad)
	editGenesis(t, bad, func(appState map[string]any) {
		appState["mint"].(map[string]any)["a_tokens"] = []any{map[string]any{
			"symbol": "huge", "name": "Huge", "description": "", "exponent": 6,
			"issuer": issuer, "max_supply": nearMax, "minting_paused": false, "chartered_height": "0",
		}}
	})
	if res := c.CLI("genesis", "validate-genesis", bad); res.ExitCode == 0 || !strings.Contains(res.Stdout+res.Stderr, "above the bound 10^36") {
		t.Fatalf("validate-genesis with a cap of 2^256-1: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	// A charter with that cap is refused when the proposal is submitted.
	requireRefused(t, c, "alice", []string{"mint", "charter-atoken", "huge", "Huge", alice, nearMax,
		"--title", "Huge", "--summary", "A cap near 2^256", "--deposit", govDeposit}, "above the bound 10^36")

	// The steps at the largest cap allowed: mint the whole cap,
	// burn it, mint it again, burn it again.
	start := c.Height(c.Nodes[0])
	for i := 0; i < 2; i++ {
		c.MustTx("issuer", "mint", "mint", alice, capStr+"a/big")
		c.MustTx("alice", "mint", "burn", capStr+"a/big")
	}
	// Every checkpoint since reconciles; the chain goes on.
	waitFor(t, 60*time.Second, "a checkpoint after the mints and burns", func() bool {
		var h ledgerHead
		c.QueryJSON(&h, "ledger", "head")
		if h.LatestCheckpoint == nil {
			return false
		}
		hh, _ := strconv.ParseInt(h.LatestCheckpoint.Height, 10, 64)
		if hh <= start+10 {
			return false
		}
		if !h.LatestCheckpoint.Reconciled {
			t.Fatalf("checkpoint %d did not reconcile", hh)
		}
		return true
	})
	c.requireBlocksGoOn()
}
