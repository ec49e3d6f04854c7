package system

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	minttypes "github.com/azora-os/nexus/x/mint/types"
)

const (
	kasiDenom    = "a/kasi"
	kasiCap      = "1000000000000" // 1,000,000 KASI
	treasuryCap  = "5000000000"    // 5,000 AZR of allowance
	govDeposit   = "10000000uazr"  // the default minimum deposit (10 AZR)
	votingPeriod = 5 * time.Second
)

// TestMintLifecycleCLI runs the a-Token and AZR lifecycle on a real node over
// the CLI, the way the module README shows it: charter a/kasi and grant a
// treasurer by governance proposals (the validator votes yes), mint a/kasi
// to alice, alice pays bob and burns, the treasurer issues AZR, minting is
// paused by proposal; state is checked over the CLI, REST and gRPC, and bad
// input is refused with a clear error while the chain keeps going.
func TestMintLifecycleCLI(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{
		Accounts: []Account{
			{Name: "alice", Coins: "100000000000uazr"},
			{Name: "bob", Coins: "1000000uazr"},
			{Name: "issuer", Coins: "1000000000uazr"},
			{Name: "treasurer", Coins: "1000000000uazr"},
		},
		EditGenesis: func(appState map[string]any) {
			params := appState["gov"].(map[string]any)["params"].(map[string]any)
			params["voting_period"] = votingPeriod.String()
			params["max_deposit_period"] = votingPeriod.String()
			params["expedited_voting_period"] = (votingPeriod / 2).String()
		},
	})
	c.Start()
	alice, bob, issuer, treasurer := c.Address("alice"), c.Address("bob"), c.Address("issuer"), c.Address("treasurer")

	// 1. Governance: charter a/kasi and make "treasurer" a treasurer. Both
	// proposals run in parallel; the validator votes yes on each as soon as
	// it is submitted.
	// The charter is signed with Amino JSON, as a Ledger signs: every
	// x/mint message has an amino name.
	charter := c.proposal("alice", "mint", "charter-atoken", "kasi", "Kasi Rand", issuer, kasiCap,
		"--description", "Kasi local currency", "--title", "Charter KASI", "--summary", "The Kasi local economy",
		"--sign-mode", "amino-json")
	grant := c.proposal("alice", "mint", "set-treasurer", treasurer, treasuryCap,
		"--title", "Treasurer", "--summary", "Grant the treasurer role")
	c.waitPassed(charter, grant)

	var tok struct {
		AToken struct {
			Symbol, Name, Issuer string
			Exponent             int    `json:"exponent"`
			MaxSupply            string `json:"max_supply"`
		} `json:"a_token"`
		Denom string `json:"denom"`
	}
	c.QueryJSON(&tok, "mint", "atoken", "kasi")
	if tok.Denom != kasiDenom || tok.AToken.Issuer != issuer || tok.AToken.MaxSupply != kasiCap || tok.AToken.Exponent != 6 || tok.AToken.Name != "Kasi Rand" {
		t.Fatalf("a-Token after the charter: %+v", tok)
	}
	var tr struct {
		Treasurer struct{ Address, Allowance string } `json:"treasurer"`
	}
	c.QueryJSON(&tr, "mint", "treasurer", treasurer)
	if tr.Treasurer.Allowance != treasuryCap {
		t.Fatalf("treasurer allowance %q, want %s", tr.Treasurer.Allowance, treasuryCap)
	}

	// Wallets see the token: bank denom metadata over gRPC.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn := c.GRPC(c.Nodes[0])
	meta, err := banktypes.NewQueryClient(conn).DenomMetadata(ctx, &banktypes.QueryDenomMetadataRequest{Denom: kasiDenom})
	if err != nil {
		t.Fatal(err)
	}
	if meta.Metadata.Symbol != "KASI" || meta.Metadata.Display != "kasi" || meta.Metadata.Name != "Kasi Rand" {
		t.Fatalf("a/kasi metadata = %+v", meta.Metadata)
	}

	// 2. The issuer mints 1,000,000 a/kasi (1 KASI) to alice.
	tx := c.MustTx("issuer", "mint", "mint", alice, "1000000"+kasiDenom)
	if _, ok := tx.Attr("azora.mint.v1.EventMinted", "amount"); !ok {
		t.Fatalf("mint tx has no EventMinted: %+v", tx.Events)
	}
	if got := c.balance(alice, kasiDenom); got != 1_000_000 {
		t.Fatalf("alice has %d a/kasi, want 1000000", got)
	}

	// 3. Alice pays bob 250,000 a/kasi. Bob receives exactly that; alice pays
	// it plus any PIVC fee (at most 10%).
	c.MustTx("alice", "bank", "send", alice, bob, "250000"+kasiDenom)
	if got := c.balance(bob, kasiDenom); got != 250_000 {
		t.Fatalf("bob has %d a/kasi, want 250000", got)
	}
	paid := 1_000_000 - c.balance(alice, kasiDenom)
	if paid < 250_000 || paid > 275_000 {
		t.Fatalf("alice paid %d a/kasi for a 250000 transfer", paid)
	}

	// 4. Alice burns 100,000 a/kasi.
	aliceBefore := c.balance(alice, kasiDenom)
	tx = c.MustTx("alice", "mint", "burn", "100000"+kasiDenom, "--sign-mode", "amino-json")
	if _, ok := tx.Attr("azora.mint.v1.EventBurned", "amount"); !ok {
		t.Fatalf("burn tx has no EventBurned: %+v", tx.Events)
	}
	if got := c.balance(alice, kasiDenom); got != aliceBefore-100_000 {
		t.Fatalf("alice has %d a/kasi after burning 100000 of %d", got, aliceBefore)
	}

	// Supply and headroom over the CLI, REST and gRPC.
	var sup struct {
		Supply    struct{ Denom, Amount string } `json:"supply"`
		MaxSupply string                         `json:"max_supply"`
		Headroom  string                         `json:"headroom"`
	}
	c.QueryJSON(&sup, "mint", "supply", kasiDenom)
	if sup.Supply.Amount != "900000" || sup.Headroom != "999999100000" {
		t.Fatalf("CLI supply of a/kasi: %+v", sup)
	}
	var rest struct {
		Supply   struct{ Amount string } `json:"supply"`
		Headroom string                  `json:"headroom"`
	}
	if code := c.REST(c.Nodes[0], "/azora/mint/v1/supply?denom="+url.QueryEscape(kasiDenom), &rest); code != 200 {
		t.Fatalf("REST supply: status %d", code)
	}
	if rest.Supply.Amount != "900000" || rest.Headroom != "999999100000" {
		t.Fatalf("REST supply of a/kasi: %+v", rest)
	}
	// Go clients use the gogoproto codec, as the SDK's own clients do.
	gogoCodec := grpc.ForceCodec(codec.NewProtoCodec(codectypes.NewInterfaceRegistry()).GRPCCodec())
	gsup, err := minttypes.NewQueryClient(conn).Supply(ctx, &minttypes.QuerySupplyRequest{Denom: kasiDenom}, gogoCodec)
	if err != nil {
		t.Fatal(err)
	}
	if gsup.Supply.Amount.Int64() != 900_000 {
		t.Fatalf("gRPC supply of a/kasi: %s", gsup.Supply)
	}
	var list struct {
		ATokens []struct{ Symbol string } `json:"a_tokens"`
	}
	if code := c.REST(c.Nodes[0], "/azora/mint/v1/atokens", &list); code != 200 || len(list.ATokens) != 1 || list.ATokens[0].Symbol != "kasi" {
		t.Fatalf("REST atokens: status %d, %+v", code, list)
	}

	// 5. The treasurer issues 1,000 AZR to bob.
	azrBefore := c.supply("uazr")
	bobAZR := c.balance(bob, "uazr")
	c.MustTx("treasurer", "mint", "mint", bob, "1000000000uazr")
	if got := c.balance(bob, "uazr"); got != bobAZR+1_000_000_000 {
		t.Fatalf("bob has %d uazr, want %d", got, bobAZR+1_000_000_000)
	}
	if got := c.supply("uazr"); got != azrBefore+1_000_000_000 {
		t.Fatalf("uazr supply %d, want %d", got, azrBefore+1_000_000_000)
	}
	c.QueryJSON(&tr, "mint", "treasurer", treasurer)
	if tr.Treasurer.Allowance != "4000000000" {
		t.Fatalf("allowance left %q, want 4000000000", tr.Treasurer.Allowance)
	}

	// 6. Bad input: a clear error, a non-zero exit, nothing minted.
	mintModule, err := address.NewBech32Codec("azora").BytesToString(authtypes.NewModuleAddress(minttypes.ModuleName))
	if err != nil {
		t.Fatal(err)
	}
	kasiSupply, azrSupply := c.supply(kasiDenom), c.supply("uazr")
	bad := []struct {
		name, from string
		args       []string
		wantErr    string
	}{
		{"mint over the cap", "issuer", []string{"mint", "mint", bob, kasiCap + kasiDenom}, "amount exceeds max supply"},
		{"mint by a non-issuer", "alice", []string{"mint", "mint", bob, "1" + kasiDenom}, "not the issuer of this a-Token"},
		{"mint zero", "issuer", []string{"mint", "mint", bob, "0" + kasiDenom}, "invalid amount"},
		{"mint to a module account", "issuer", []string{"mint", "mint", mintModule, "1" + kasiDenom}, "recipient is a module account"},
		{"mint over the allowance", "treasurer", []string{"mint", "mint", bob, "4000000001uazr"}, "amount exceeds treasurer allowance"},
		{"mint uazr without the role", "issuer", []string{"mint", "mint", bob, "1uazr"}, "not a treasurer"},
		{"mint ustake", "treasurer", []string{"mint", "mint", bob, "1ustake"}, "denom is not issued by x/mint"},
		{"mint an unknown a-Token", "issuer", []string{"mint", "mint", bob, "1a/nope"}, "unknown a-Token"},
		{"mint an overflowing amount", "issuer", []string{"mint", "mint", bob, strings.Repeat("9", 80) + kasiDenom}, "out of range"},
		{"burn more than held", "bob", []string{"mint", "burn", "999999999" + kasiDenom}, "insufficient funds"},
		{"charter a reserved symbol", "alice", []string{"mint", "charter-atoken", "stake", "Stake", alice, "1",
			"--title", "x", "--summary", "x", "--deposit", govDeposit}, "reserved a-Token symbol"},
		{"charter a bad symbol", "alice", []string{"mint", "charter-atoken", "Ka", "Bad", alice, "1",
			"--title", "x", "--summary", "x", "--deposit", govDeposit}, "invalid a-Token symbol"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			res, tx := c.SubmitTx(tc.from, tc.args...)
			out := res.Stderr + res.Stdout
			if tx != nil {
				out += tx.RawLog
			}
			if res.ExitCode == 0 && (tx == nil || tx.Code == 0) {
				t.Fatalf("expected a failure, got success:\n%s", out)
			}
			if !strings.Contains(out, tc.wantErr) {
				t.Fatalf("error does not mention %q:\n%s", tc.wantErr, out)
			}
		})
	}
	if got := c.supply(kasiDenom); got != kasiSupply {
		t.Fatalf("a/kasi supply changed from %d to %d", kasiSupply, got)
	}
	if got := c.supply("uazr"); got != azrSupply {
		t.Fatalf("uazr supply changed from %d to %d", azrSupply, got)
	}
	c.WaitBlocks(2, 30*time.Second)

	// 7. By proposal, pause minting; in parallel, a duplicate charter, which
	// is only found when the proposal executes, so that proposal fails. The
	// issuer is then refused; holders still transfer and burn.
	pause := c.proposal("alice", "mint", "pause-atoken", "kasi", "--title", "Pause", "--summary", "Pause KASI minting")
	dup := c.proposal("alice", "mint", "charter-atoken", "kasi", "Again", alice, "1", "--title", "Again", "--summary", "Duplicate")
	c.waitPassed(pause)
	if status := c.waitProposalDone(dup); status != "PROPOSAL_STATUS_FAILED" {
		t.Fatalf("duplicate charter proposal %d ended %s, want PROPOSAL_STATUS_FAILED", dup, status)
	}
	c.QueryJSON(&tok, "mint", "atoken", "kasi")
	if tok.AToken.Name != "Kasi Rand" || tok.AToken.MaxSupply != kasiCap {
		t.Fatalf("the duplicate charter changed a/kasi: %+v", tok)
	}
	res, ptx := c.SubmitTx("issuer", "mint", "mint", bob, "1"+kasiDenom)
	if out := res.Stderr + res.Stdout; res.ExitCode == 0 && (ptx == nil || ptx.Code == 0) || !strings.Contains(out, "minting is paused") {
		t.Fatalf("mint while paused: exit %d\n%s", res.ExitCode, out)
	}
	c.MustTx("bob", "mint", "burn", "1000"+kasiDenom)
}

// proposal submits `tx <args> --deposit <min deposit>` from `from`, has the
// validator vote yes at once (the voting period is short) and returns the
// proposal's id.
func (c *Chain) proposal(from string, args ...string) uint64 {
	c.t.Helper()
	id := c.proposalID(c.MustTx(from, append(args, "--deposit", govDeposit)...))
	c.MustTx("val0", "gov", "vote", strconv.FormatUint(id, 10), "yes")
	return id
}

// proposalID returns the id of the proposal a submit tx created.
func (c *Chain) proposalID(tx *Tx) uint64 {
	c.t.Helper()
	v, ok := tx.Attr("submit_proposal", "proposal_id")
	if !ok {
		c.t.Fatalf("tx %s created no proposal: %+v", tx.Hash, tx.Events)
	}
	id, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		c.t.Fatal(err)
	}
	return id
}

// waitPassed waits until each proposal has passed.
func (c *Chain) waitPassed(ids ...uint64) {
	c.t.Helper()
	for _, id := range ids {
		if status := c.waitProposalDone(id); status != "PROPOSAL_STATUS_PASSED" {
			var p map[string]any
			c.QueryJSON(&p, "gov", "proposal", strconv.FormatUint(id, 10))
			c.t.Fatalf("proposal %d ended %s: %v", id, status, p)
		}
	}
}

// waitProposalDone waits until the proposal has left the voting period and
// returns its final status.
func (c *Chain) waitProposalDone(id uint64) string {
	c.t.Helper()
	deadline := time.Now().Add(votingPeriod + 30*time.Second)
	for time.Now().Before(deadline) {
		var p struct {
			Proposal struct {
				Status string `json:"status"`
			} `json:"proposal"`
		}
		c.QueryJSON(&p, "gov", "proposal", strconv.FormatUint(id, 10))
		switch p.Proposal.Status {
		case "PROPOSAL_STATUS_PASSED", "PROPOSAL_STATUS_REJECTED", "PROPOSAL_STATUS_FAILED":
			return p.Proposal.Status
		}
		time.Sleep(500 * time.Millisecond)
	}
	c.t.Fatalf("proposal %d still open after %s", id, votingPeriod+30*time.Second)
	return ""
}

// balance returns addr's balance of denom (over REST: quicker than a CLI
// process per query).
func (c *Chain) balance(addr, denom string) int64 {
	c.t.Helper()
	var res struct {
		Balance struct{ Amount string } `json:"balance"`
	}
	path := "/cosmos/bank/v1beta1/balances/" + addr + "/by_denom?denom=" + url.QueryEscape(denom)
	if code := c.REST(c.Nodes[0], path, &res); code != 200 {
		c.t.Fatalf("GET %s: status %d", path, code)
	}
	return mustInt(c.t, res.Balance.Amount)
}

// supply returns the total supply of denom from x/mint's REST route.
func (c *Chain) supply(denom string) int64 {
	c.t.Helper()
	var res struct {
		Supply struct{ Amount string } `json:"supply"`
	}
	path := "/azora/mint/v1/supply?denom=" + url.QueryEscape(denom)
	if code := c.REST(c.Nodes[0], path, &res); code != 200 {
		c.t.Fatalf("GET %s: status %d", path, code)
	}
	return mustInt(c.t, res.Supply.Amount)
}

func mustInt(t testing.TB, s string) int64 {
	t.Helper()
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(fmt.Errorf("parse amount %q: %w", s, err))
	}
	return n
}
