package system

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"
)

// TestMeshLearningAndForgeReputation drives the learning mesh through the
// CLI on one node, as a reporter and traders would: a committed model and
// its history; feedback naming the committed version (an uncommitted one
// refused); two reporters whose EWMAs' median is the reputation; a recorded
// federated analysis that leaves out the node without consent; and x/forge
// using reputation — a listing requiring a minimum buyer reputation refuses
// an unrated buyer and takes him once he is rated, and the queries show the
// parties' reputation.
func TestMeshLearningAndForgeReputation(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{Accounts: []Account{
		{Name: "alice", Coins: "100000000000uazr"},
		{Name: "bob", Coins: "100000000000uazr"},
		{Name: "registrar", Coins: "10000000000uazr"},
		{Name: "reporter", Coins: "10000000000uazr"},
		{Name: "reporter2", Coins: "10000000000uazr"},
	}})
	editGenesis(t, filepath.Join(c.Nodes[0].Home, "config", "genesis.json"), func(appState map[string]any) {
		appState["mesh"].(map[string]any)["roles"] = []any{
			map[string]any{"role": "ROLE_REGISTRAR", "address": c.Address("registrar")},
			map[string]any{"role": "ROLE_REPORTER", "address": c.Address("reporter")},
			map[string]any{"role": "ROLE_REPORTER", "address": c.Address("reporter2")},
		}
	})
	c.mustRun(c.Nodes[0].Home, "genesis", "validate-genesis")
	c.Start()
	alice, bob := c.Address("alice"), c.Address("bob")
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return hex.EncodeToString(sum[:])
	}
	evidence := hash("evidence")

	c.MustTx("registrar", "mesh", "register-node", "cor-1", "corridor", alice, "--metadata", `{"v":1,"denoms":["uazr"]}`)
	c.MustTx("registrar", "mesh", "register-node", "dev-1", "device", alice)
	c.MustTx("alice", "mesh", "set-consent", "cor-1", "true", "true", "true")
	c.MustTx("alice", "mesh", "set-consent", "dev-1", "true", "true", "false") // no federated analysis

	// A committed model: version 1, then its record and history.
	tx := c.MustTx("reporter", "mesh", "commit-model", "cor-1", "flow-volume", "1", hash("params v1"), "1", "2",
		"--metrics", `{"name":"mase_ppm","value":"812000"}`, "--metrics", `{"name":"smape_ppm","value":"17800000"}`)
	if v, ok := tx.Attr("azora.mesh.v1.EventModelCommitted", "record"); !ok || !strings.Contains(v, hash("params v1")) {
		t.Fatalf("EventModelCommitted: %s", v)
	}
	var rec struct {
		Record struct {
			Version    string `json:"version"`
			ParamsHash string `json:"params_hash"`
			Metrics    []struct{ Name, Value string }
			Committer  string `json:"committer"`
		} `json:"record"`
	}
	c.QueryJSON(&rec, "mesh", "model-record", "cor-1", "flow-volume", "1")
	if rec.Record.ParamsHash != hash("params v1") || len(rec.Record.Metrics) != 2 || rec.Record.Metrics[0].Value != "812000" || rec.Record.Committer != c.Address("reporter") {
		t.Fatalf("model record: %+v", rec.Record)
	}
	// A replayed version and a float metric are refused before broadcast.
	expectRefused(t, c, "reporter", "the next version", "mesh", "commit-model", "cor-1", "flow-volume", "1", hash("again"), "1", "2")
	expectRefused(t, c, "reporter", "invalid backtest metric", "mesh", "commit-model", "cor-1", "flow-volume", "2", hash("v2"), "1", "2", "--metrics", `{"name":"mase","value":"1e-3"}`)
	c.MustTx("reporter", "mesh", "commit-model", "cor-1", "flow-volume", "2", hash("params v2"), "1", "3")
	var recs struct {
		Records []struct{ Version string } `json:"records"`
	}
	c.QueryJSON(&recs, "mesh", "model-records", "cor-1")
	if len(recs.Records) != 2 {
		t.Fatalf("model history: %+v", recs)
	}

	// Feedback names the committed version; an uncommitted one is refused.
	c.MustTx("reporter", "mesh", "submit-feedback", "cor-1", "flow-volume", "900000", evidence, "--model-version", "2")
	expectRefused(t, c, "reporter", "invalid model version", "mesh", "submit-feedback", "cor-1", "flow-volume", "900000", evidence, "--model-version", "3")

	// A second reporter disagrees: the reputation is the median (mean of
	// the two middle EWMAs for two reporters): ⌊(580000 + 420000) / 2⌋.
	c.MustTx("reporter2", "mesh", "submit-feedback", "cor-1", "flow-volume", "100000", evidence, "--model-version", "2")
	var scores struct {
		Reputation string `json:"reputation"`
		Scores     []struct {
			Reporter string `json:"reporter"`
			Ewma     string `json:"ewma"`
		} `json:"scores"`
	}
	c.QueryJSON(&scores, "mesh", "reporter-scores", "cor-1")
	if scores.Reputation != "500000" || len(scores.Scores) != 2 {
		t.Fatalf("reporter scores: %+v", scores)
	}

	// A federated analysis: dev-1 has not consented, so it is neither read
	// nor written and the outcome says so; an input for it is refused.
	ctxHash := hash("context")
	input := `{"node_id":"cor-1","model":"flow-volume","model_version":"2","score":"800000"}`
	tx = c.MustTx("reporter", "mesh", "record-analysis", ctxHash, input, "--device-id", "dev-1", "--corridor-id", "cor-1")
	outcome, _ := tx.Attr("azora.mesh.v1.EventAnalysisRecorded", "outcome")
	if !strings.Contains(outcome, "EXCLUSION_REASON_NO_CONSENT") || !strings.Contains(outcome, `"score":"800000"`) {
		t.Fatalf("analysis outcome: %s", outcome)
	}
	expectRefused(t, c, "reporter", "has not consented to federated_analysis", "mesh", "record-analysis", ctxHash,
		input, `{"node_id":"dev-1","model":"flow-volume","model_version":"1","score":"1"}`, "--device-id", "dev-1", "--corridor-id", "cor-1")
	for _, e := range c.auditLog(t, "dev-1") {
		if e.Action == "AUDIT_ACTION_ANALYSIS_RECORDED" {
			t.Fatal("the non-consenting node's audit log was written")
		}
	}
	var last bool
	for _, e := range c.auditLog(t, "cor-1") {
		last = e.Action == "AUDIT_ACTION_ANALYSIS_RECORDED"
	}
	if !last {
		t.Fatal("the analysis is not the corridor's latest audit entry")
	}

	// x/forge uses reputation: alice lists a service for buyers rated at
	// least 400000; bob has no employee node (unrated) and is refused.
	tx = c.MustTx("alice", "forge", "create-listing", "service", "Books audit", "100000000uazr", "5", "--min-buyer-reputation", "400000")
	listingID := forgeAttr(t, tx, "azora.forge.v1.EventListingCreated", "listing_id")
	expectRefused(t, c, "bob", "buyer reputation below the listing's minimum", "forge", "place-order", listingID, "1", "100000000uazr")
	var listing struct {
		Listing struct {
			MinBuyerReputation string `json:"min_buyer_reputation"`
		} `json:"listing"`
		SellerReputation struct {
			Address string `json:"address"`
			Rated   bool   `json:"rated"`
		} `json:"seller_reputation"`
	}
	c.QueryJSON(&listing, "forge", "listing", listingID)
	if listing.Listing.MinBuyerReputation != "400000" || listing.SellerReputation.Address != alice || listing.SellerReputation.Rated {
		t.Fatalf("listing: %+v", listing)
	}
	// Once rated (an employee node: 500000), bob may order; the order
	// shows both parties' reputation.
	c.MustTx("registrar", "mesh", "register-node", "emp-bob", "employee", bob)
	var acct struct {
		Reputation struct {
			Reputation    string `json:"reputation"`
			EmployeeNodes string `json:"employee_nodes"`
		} `json:"reputation"`
	}
	c.QueryJSON(&acct, "mesh", "account-reputation", bob)
	if acct.Reputation.Reputation != "500000" || acct.Reputation.EmployeeNodes != "1" {
		t.Fatalf("bob's account reputation: %+v", acct)
	}
	tx = c.MustTx("bob", "forge", "place-order", listingID, "1", "100000000uazr")
	orderID := forgeAttr(t, tx, "azora.forge.v1.EventOrderPlaced", "order_id")
	var order struct {
		BuyerReputation struct {
			Reputation string `json:"reputation"`
			Rated      bool   `json:"rated"`
		} `json:"buyer_reputation"`
		SellerReputation struct {
			Rated bool `json:"rated"`
		} `json:"seller_reputation"`
	}
	c.QueryJSON(&order, "forge", "order", orderID)
	if order.BuyerReputation.Reputation != "500000" || !order.BuyerReputation.Rated || order.SellerReputation.Rated {
		t.Fatalf("order reputations: %+v", order)
	}
	var bySeller struct {
		CounterpartyReputations []struct {
			Address string `json:"address"`
		} `json:"counterparty_reputations"`
	}
	c.QueryJSON(&bySeller, "forge", "orders-by-seller", alice)
	if len(bySeller.CounterpartyReputations) != 1 || bySeller.CounterpartyReputations[0].Address != bob {
		t.Fatalf("orders-by-seller counterparties: %+v", bySeller)
	}
}

// expectRefused submits a tx that must be refused (before broadcast or in
// the block) with an error mentioning want.
func expectRefused(t *testing.T, c *Chain, from, want string, args ...string) {
	t.Helper()
	res, _ := c.SubmitTx(from, args...)
	requireFailed(t, res, want)
}
