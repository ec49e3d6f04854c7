package system

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// meshEvidence is a well-formed evidence hash (hex SHA-256).
const meshEvidence = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

// TestMeshRegisterFeedbackAndProof runs one validator and drives x/mesh the
// way operators and the Nexus agent do: the registrar and reporter roles are
// granted by governance, a registrar registers a corridor over the CLI, the
// owner consents, the reporter submits feedback (single and batch), bad
// input is refused, and `q mesh node-proof` verifies the node's state
// from the genesis against the app hash signed in the next block, and
// writes the proof for `verify-proof`.
func TestMeshRegisterFeedbackAndProof(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{
		Accounts: []Account{
			{Name: "registrar", Coins: "100000000000uazr"},
			{Name: "reporter", Coins: "100000000000uazr"},
			{Name: "alice", Coins: "100000000000uazr"},
		},
		EditGenesis: func(appState map[string]any) {
			// Short governance periods so the role grants pass in seconds.
			gov := appState["gov"].(map[string]any)["params"].(map[string]any)
			gov["voting_period"] = "4s"
			gov["max_deposit_period"] = "4s"
			gov["expedited_voting_period"] = "2s"
		},
	})
	c.Start()
	registrar, reporter, alice := c.Address("registrar"), c.Address("reporter"), c.Address("alice")

	// Roles come from the authority (x/gov): one proposal each, val0 votes.
	for _, grant := range [][2]string{{"registrar", registrar}, {"reporter", reporter}} {
		tx := c.MustTx("val0", "mesh", "grant-role-proposal", grant[0], grant[1],
			"--title", "grant "+grant[0], "--summary", "mesh "+grant[0]+" for the system test", "--deposit", "10000000uazr")
		id, ok := tx.Attr("submit_proposal", "proposal_id")
		if !ok {
			t.Fatalf("no proposal id in %+v", tx.Events)
		}
		c.MustTx("val0", "gov", "vote", id, "yes")
	}
	waitFor(t, 30*time.Second, "both roles granted", func() bool {
		var roles struct {
			Roles []struct{ Role, Address string } `json:"roles"`
		}
		c.QueryJSON(&roles, "mesh", "roles")
		return len(roles.Roles) == 2
	})

	// Register over the CLI.
	tx := c.MustTx("registrar", "mesh", "register-node", "cor-lagos-accra", "corridor", alice, "--metadata", `{"route":"Lagos-Accra"}`)
	t.Logf("gas used: register-node %d", tx.GasUsed)
	if v, ok := tx.Attr("azora.mesh.v1.EventNodeRegistered", "node_id"); !ok || v != `"cor-lagos-accra"` {
		t.Fatalf("EventNodeRegistered node_id = %q, %t", v, ok)
	}

	// Feedback before consent is refused (the CLI simulates first).
	res, _ := c.SubmitTx("reporter", "mesh", "submit-feedback", "cor-lagos-accra", "flow", "900000", meshEvidence)
	requireFailed(t, res, "has not consented")

	// Amino-JSON signing (Ledger) works for the mesh Msgs too.
	c.MustTx("alice", "mesh", "set-consent", "cor-lagos-accra", "true", "true", "true", "--sign-mode", "amino-json")

	tx = c.MustTx("reporter", "mesh", "submit-feedback", "cor-lagos-accra", "flow", "900000", meshEvidence)
	if v, _ := tx.Attr("azora.mesh.v1.EventFeedbackSubmitted", "reputation_after"); v != `"580000"` {
		t.Fatalf("reputation_after = %s, want 580000", v)
	}
	t.Logf("gas used: submit-feedback %d", tx.GasUsed)
	tx = c.MustTx("reporter", "mesh", "submit-feedback-batch",
		fmt.Sprintf(`{"node_id":"cor-lagos-accra","model":"flow","score":"900000","evidence_hash":"%s"}`, meshEvidence),
		fmt.Sprintf(`{"node_id":"cor-lagos-accra","model":"anomaly","score":"0","evidence_hash":"%s"}`, meshEvidence),
		"--sign-mode", "amino-json")
	t.Logf("gas used: submit-feedback-batch of 2 %d", tx.GasUsed)

	// A node the reporter itself owns, to check self-feedback.
	c.MustTx("registrar", "mesh", "register-node", "dev-agent", "device", reporter)
	c.MustTx("reporter", "mesh", "set-consent", "dev-agent", "true", "true", "false")

	// Bad input is refused with the registered error, and changes nothing.
	for _, bad := range []struct {
		name, from, want string
		args             []string
	}{
		{"non-reporter", "alice", "signer is not a reporter", []string{"mesh", "submit-feedback", "cor-lagos-accra", "flow", "1", meshEvidence}},
		{"self-feedback", "reporter", "feedback on a node the reporter owns", []string{"mesh", "submit-feedback", "dev-agent", "flow", "1", meshEvidence}},
		{"score out of range", "reporter", "score out of range", []string{"mesh", "submit-feedback", "cor-lagos-accra", "flow", "1000001", meshEvidence}},
		{"unknown node", "reporter", "node not found", []string{"mesh", "submit-feedback", "cor-nowhere", "flow", "1", meshEvidence}},
		{"duplicate id", "registrar", "node id already used", []string{"mesh", "register-node", "cor-lagos-accra", "corridor", alice}},
		{"bad id", "registrar", "invalid node id", []string{"mesh", "register-node", "Cor Lagos", "corridor", alice}},
		{"consent by a non-owner", "reporter", "signer is not the node owner", []string{"mesh", "set-consent", "cor-lagos-accra", "false", "false", "false"}},
	} {
		t.Run(bad.name, func(t *testing.T) {
			res, _ := c.SubmitTx(bad.from, bad.args...)
			requireFailed(t, res, bad.want)
		})
	}

	// The node over the CLI and REST.
	var node struct {
		Node struct {
			ID         string `json:"id"`
			Type       string `json:"type"`
			Owner      string `json:"owner"`
			Reputation string `json:"reputation"`
			Models     []struct {
				Name, Version, LastScore string
			} `json:"models"`
		} `json:"node"`
	}
	c.QueryJSON(&node, "mesh", "node", "cor-lagos-accra")
	if node.Node.Reputation != "515200" || node.Node.Owner != alice || node.Node.Type != "NODE_TYPE_CORRIDOR" || len(node.Node.Models) != 2 {
		t.Fatalf("node = %+v", node.Node)
	}
	var rest struct {
		Node struct {
			Reputation string `json:"reputation"`
		} `json:"node"`
	}
	if code := c.REST(c.Nodes[0], "/azora/mesh/v1/nodes/cor-lagos-accra", &rest); code != 200 || rest.Node.Reputation != "515200" {
		t.Fatalf("REST node: status %d, %+v", code, rest)
	}
	var audit struct {
		Entries []struct{ Action string } `json:"entries"`
	}
	c.QueryJSON(&audit, "mesh", "audit-log", "cor-lagos-accra")
	if len(audit.Entries) != 5 {
		t.Fatalf("audit log has %d entries, want 5: %+v", len(audit.Entries), audit.Entries)
	}
	var rep struct {
		NodeCount      string `json:"node_count"`
		MeanReputation string `json:"mean_reputation"`
	}
	c.QueryJSON(&rep, "mesh", "reputation", alice)
	if rep.NodeCount != "1" || rep.MeanReputation != "515200" {
		t.Fatalf("reputation of alice = %+v", rep)
	}

	// node-proof: verified from the genesis (the home's, the default trust
	// root) against the app hash signed in the next block.
	out := c.CLI("q", "mesh", "node-proof", "cor-lagos-accra", "--output", "json")
	if err := out.Err(); err != nil {
		t.Fatal(err)
	}
	var proof struct {
		Verified    bool    `json:"verified"`
		Exists      bool    `json:"exists"`
		StateHeight int64   `json:"state_height"`
		BlockHeight int64   `json:"block_height"`
		AppHash     string  `json:"app_hash"`
		LightPath   []int64 `json:"light_path"`
		Node        struct {
			ID         string `json:"id"`
			Reputation string `json:"reputation"`
		} `json:"node"`
		Steps []struct {
			Step   string `json:"step"`
			Result string `json:"result"`
		} `json:"steps"`
		Assumptions []string `json:"assumptions"`
	}
	if err := json.Unmarshal([]byte(lastJSONLine(out.Stdout)), &proof); err != nil {
		t.Fatalf("decode node-proof: %v\n%s", err, out.Stdout)
	}
	if !proof.Verified || !proof.Exists || proof.Node.ID != "cor-lagos-accra" || proof.Node.Reputation != "515200" {
		t.Fatalf("node-proof = %+v", proof)
	}
	if proof.BlockHeight != proof.StateHeight+1 || len(proof.Steps) != 5 || proof.Steps[4].Step != "node" ||
		len(proof.LightPath) != 2 || proof.LightPath[0] != 1 || proof.LightPath[1] != proof.BlockHeight || len(proof.Assumptions) == 0 {
		t.Fatalf("node-proof heights/path/steps: %+v", proof)
	}
	// The app hash is the one in block H+1's header, read independently.
	var block struct {
		Result struct {
			Block struct {
				Header struct {
					AppHash string `json:"app_hash"`
				} `json:"header"`
			} `json:"block"`
		} `json:"result"`
	}
	if err := getJSON(fmt.Sprintf("http://127.0.0.1:%d/block?height=%d", c.Nodes[0].Ports.RPC, proof.BlockHeight), &block); err != nil {
		t.Fatal(err)
	}
	if !strings.EqualFold(block.Result.Block.Header.AppHash, proof.AppHash) {
		t.Fatalf("app hash %s, block %d header has %s", proof.AppHash, proof.BlockHeight, block.Result.Block.Header.AppHash)
	}

	// The text form shows each step; --output-document also writes the
	// proof, which verify-proof checks offline.
	doc := filepath.Join(t.TempDir(), "node.json")
	text := c.CLI("q", "mesh", "node-proof", "cor-lagos-accra", "--output-document", doc)
	if err := text.Err(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1. document:", "2. root:", "3. light:", "4. store:", "5. node:", "verified: mesh node \"cor-lagos-accra\""} {
		if !strings.Contains(text.Stdout, want) {
			t.Fatalf("node-proof text lacks %q:\n%s", want, text.Stdout)
		}
	}
	offline := c.CLI("verify-proof", doc, "--trust-genesis", filepath.Join(c.Nodes[0].Home, "config", "genesis.json"))
	if err := offline.Err(); err != nil || !strings.Contains(offline.Stdout, "5. node:") {
		t.Fatalf("verify-proof of the node proof: %v\n%s", err, offline.Stdout)
	}

	// An unknown node: absence proven, command fails.
	missing := c.CLI("q", "mesh", "node-proof", "cor-nowhere")
	if missing.ExitCode == 0 || !strings.Contains(missing.Stderr+missing.Stdout, "absence proven") {
		t.Fatalf("node-proof of a missing node: exit %d\n%s\n%s", missing.ExitCode, missing.Stdout, missing.Stderr)
	}
}

// requireFailed checks that a tx command failed and mentions want.
func requireFailed(t *testing.T, res Result, want string) {
	t.Helper()
	if res.ExitCode == 0 {
		// Broadcast but failed in the block is also a failure; the code
		// was checked by SubmitTx. A zero exit with a zero code is not.
		if !strings.Contains(res.Stdout, want) {
			t.Fatalf("expected a failure mentioning %q, got exit 0:\n%s", want, res.Stdout)
		}
		return
	}
	if !strings.Contains(res.Stderr+res.Stdout, want) {
		t.Fatalf("error does not mention %q:\nstderr: %s\nstdout: %s", want, res.Stderr, res.Stdout)
	}
}

// waitFor polls cond until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s", timeout, what)
}
