package system

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestValidatorAdmissionJoinAndRemoval runs docs/operators.md on a real
// two-validator chain, step by step:
//
//  1. A new operator starts a node that block-syncs from genesis and makes
//     an operator key; a member funds it with AZR for fees.
//  2. A member proposes admitting the operator (max power 10) and minting
//     it 10 STAKE; both validators vote yes; the proposal passes.
//  3. The operator sends create-validator with its node's consensus key,
//     bonding the 10 STAKE, and its node signs blocks.
//  4. A second proposal removes it: it leaves the validator set, cannot
//     unjail, and the chain keeps going on the other two.
//
// Along the way: bonding above the max power, a non-admitted operator's
// create-validator and a ustake transfer are refused with their errors, and
// the admission list and power cap are queried over the CLI, REST and gRPC.
func TestValidatorAdmissionJoinAndRemoval(t *testing.T) {
	requireSystem(t)
	began := time.Now()
	c := NewChain(t, Config{
		Validators: 2,
		Accounts:   []Account{{Name: "outsider", Coins: "100000000000uazr,5000000ustake"}},
		EditGenesis: func(appState map[string]any) {
			params := appState["gov"].(map[string]any)["params"].(map[string]any)
			params["voting_period"] = votingPeriod.String()
			params["max_deposit_period"] = votingPeriod.String()
			params["expedited_voting_period"] = (votingPeriod / 2).String()
		},
	})
	c.Start()

	// The genesis validators are on the admission list.
	var list struct {
		Validators []struct {
			Operator string `json:"operator"`
			MaxPower string `json:"max_power"`
		} `json:"validators"`
		ArticleID string `json:"article_id"`
	}
	c.QueryJSON(&list, "aegis", "admitted-validators")
	if len(list.Validators) != 2 || list.ArticleID != "5" {
		t.Fatalf("admission list: %+v", list)
	}

	// A non-admitted operator cannot create a validator, nor send ustake.
	pk0 := strings.TrimSpace(c.mustRun(c.Nodes[0].Home, "comet", "show-validator"))
	requireRefused(t, c, "outsider", []string{"staking", "create-validator", validatorsJSON(t, c.Dir, "outsider", pk0, "5000000ustake")},
		"article 5 (validator-admission)", "not admitted")
	requireRefused(t, c, "outsider", []string{"bank", "send", c.Address("outsider"), c.Address("val0"), "1000000ustake"},
		"stake is not transferable")

	// Step 1: the operator's node follows the chain; its key; its fee funds.
	node := c.AddFullNode()
	c.StartNode(node)
	c.WaitForNodeHeight(node, c.Height(c.Nodes[0]), 60*time.Second)
	c.mustRun(node.Home, "keys", "add", "operator", "--keyring-backend", "test")
	opAcc := strings.TrimSpace(c.mustRun(node.Home, "keys", "show", "operator", "-a", "--keyring-backend", "test"))
	opVal := strings.TrimSpace(c.mustRun(node.Home, "keys", "show", "operator", "--bech", "val", "-a", "--keyring-backend", "test"))
	c.MustTx("val0", "bank", "send", c.Address("val0"), opAcc, "10000000uazr")

	// Step 2: admit and mint in one proposal; both validators vote yes.
	var gov struct {
		Account struct {
			Value struct {
				Address string `json:"address"`
			} `json:"value"`
		} `json:"account"`
	}
	c.QueryJSON(&gov, "auth", "module-account", "gov")
	authority := gov.Account.Value.Address
	if !strings.HasPrefix(authority, "azora1") {
		t.Fatalf("gov module account: %+v", gov)
	}
	proposal := filepath.Join(c.Dir, "admit.json")
	writeJSON(t, proposal, map[string]any{
		"messages": []any{
			map[string]any{"@type": "/azora.aegis.v1.MsgAdmitValidator", "authority": authority, "operator": opVal, "max_power": "10"},
			map[string]any{"@type": "/azora.aegis.v1.MsgMintStake", "authority": authority, "operator": opVal,
				"amount": map[string]any{"denom": "ustake", "amount": "10000000"}},
		},
		"deposit": govDeposit, "title": "Admit operator", "summary": "Admit the new operator with max power 10 and mint it 10 STAKE.",
	})
	admit := c.proposalID(c.MustTx("val0", "gov", "submit-proposal", proposal, "--gas", "400000"))
	c.MustTx("val0", "gov", "vote", strconv.FormatUint(admit, 10), "yes")
	c.MustTx("val1", "gov", "vote", strconv.FormatUint(admit, 10), "yes")
	c.waitPassed(admit)

	powerCap := validatorsPowerCap(t, c, opVal)
	if !powerCap.Admitted || powerCap.MaxPower != "10" || powerCap.Liquid != "10000000" || powerCap.Mintable != "0" {
		t.Fatalf("power cap after admission: %+v", powerCap)
	}

	// Step 3: create-validator with the node's consensus key, on the node.
	pk := strings.TrimSpace(c.mustRun(node.Home, "comet", "show-validator"))
	consAddr := validatorsConsAddr(t, node)
	res, tx := c.SubmitTxOn(node, "operator", "staking", "create-validator", validatorsJSON(t, c.Dir, "over", pk, "11000000ustake"))
	if out := res.Stdout + res.Stderr; (res.ExitCode == 0 && (tx == nil || tx.Code == 0)) || !strings.Contains(out+txLog(tx), "max power 10") {
		t.Fatalf("create-validator above the max power: exit %d\n%s%s", res.ExitCode, out, txLog(tx))
	}
	c.WaitBlocks(1, 30*time.Second) // the refused tx may not have consumed a sequence
	res, tx = c.SubmitTxOn(node, "operator", "staking", "create-validator", validatorsJSON(t, c.Dir, "operator", pk, "10000000ustake"))
	if err := res.Err(); err != nil || tx == nil || tx.Code != 0 {
		t.Fatalf("create-validator: %v %s", err, txLog(tx))
	}
	joined := validatorsWaitSigning(t, c, consAddr, true, 30*time.Second)
	t.Logf("operator's validator signs from height %d (%s after start)", joined, time.Since(began).Round(100*time.Millisecond))

	// Over REST and gRPC-gateway the same list and cap.
	var rest struct {
		Validators []struct {
			Operator string `json:"operator"`
		} `json:"validators"`
	}
	if code := c.REST(c.Nodes[0], "/azora/aegis/v1/validators", &rest); code != 200 || len(rest.Validators) != 3 {
		t.Fatalf("REST admission list: %d %+v", code, rest)
	}
	var restCap struct {
		Bonded   string `json:"bonded"`
		Bondable string `json:"bondable"`
	}
	if code := c.REST(c.Nodes[0], "/azora/aegis/v1/validators/"+opVal, &restCap); code != 200 || restCap.Bonded != "10000000" || restCap.Bondable != "0" {
		t.Fatalf("REST power cap: %d %+v", code, restCap)
	}

	// Step 4: remove it by proposal (autocli: tx aegis remove-validator).
	tx = c.MustTx("val0", "aegis", "remove-validator", opVal, "retired by the test",
		"--deposit", govDeposit, "--title", "Remove operator", "--summary", "Remove the test operator.")
	remove := c.proposalID(tx)
	c.MustTx("val0", "gov", "vote", strconv.FormatUint(remove, 10), "yes")
	c.MustTx("val1", "gov", "vote", strconv.FormatUint(remove, 10), "yes")
	c.waitPassed(remove)
	left := validatorsWaitSigning(t, c, consAddr, false, 30*time.Second)
	t.Logf("removed validator out of the commit from height %d", left)

	powerCap = validatorsPowerCap(t, c, opVal)
	if powerCap.Admitted || !powerCap.Jailed {
		t.Fatalf("power cap after removal: %+v", powerCap)
	}
	requireRefusedOn(t, c, node, "operator", []string{"slashing", "unjail"}, "not admitted")

	// The chain keeps going on the two genesis validators.
	h := c.Height(c.Nodes[0])
	c.WaitForHeight(h+3, 30*time.Second)
	c.WaitForNodeHeight(node, h+3, 30*time.Second)
	if err := c.CheckNodes(); err != nil {
		t.Fatal(err)
	}
	t.Logf("done in %s", time.Since(began).Round(100*time.Millisecond))
}

// validatorsPowerCapResult is `q aegis power-cap`.
type validatorsPowerCapResult struct {
	Admitted  bool   `json:"admitted"`
	MaxPower  string `json:"max_power"`
	Bonded    string `json:"bonded"`
	Liquid    string `json:"liquid"`
	Mintable  string `json:"mintable"`
	Bondable  string `json:"bondable"`
	Jailed    bool   `json:"jailed"`
	BondedSts string `json:"bonded_status"`
}

func validatorsPowerCap(t *testing.T, c *Chain, op string) validatorsPowerCapResult {
	t.Helper()
	var out validatorsPowerCapResult
	c.QueryJSON(&out, "aegis", "power-cap", op)
	return out
}

// validatorsJSON writes the create-validator file of `nexusd tx staking
// create-validator` and returns its path.
func validatorsJSON(t *testing.T, dir, moniker, pubkey, amount string) string {
	t.Helper()
	path := filepath.Join(dir, "validator-"+moniker+".json")
	writeJSON(t, path, map[string]any{
		"pubkey": json.RawMessage(pubkey), "amount": amount, "moniker": moniker,
		"commission-rate": "0.1", "commission-max-rate": "0.2", "commission-max-change-rate": "0.01",
		"min-self-delegation": "1",
	})
	return path
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// validatorsConsAddr returns the hex consensus address of n's validator key.
func validatorsConsAddr(t *testing.T, n *Node) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(n.Home, "config", "priv_validator_key.json"))
	if err != nil {
		t.Fatal(err)
	}
	var key struct {
		Address string `json:"address"`
	}
	if err := json.Unmarshal(b, &key); err != nil {
		t.Fatal(err)
	}
	return strings.ToUpper(key.Address)
}

// validatorsWaitSigning waits until the commit of the latest block on node 0
// does (want) or does not (!want) carry a signature of consAddr, and
// returns that block's height.
func validatorsWaitSigning(t *testing.T, c *Chain, consAddr string, want bool, within time.Duration) int64 {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		h := c.Height(c.Nodes[0])
		var res struct {
			Block struct {
				LastCommit struct {
					Signatures []struct {
						Flag    int    `json:"block_id_flag"`
						Address string `json:"validator_address"`
					} `json:"signatures"`
				} `json:"last_commit"`
			} `json:"block"`
		}
		if h > 0 && c.RPC(c.Nodes[0], fmt.Sprintf("block?height=%d", h), &res) == nil {
			signed := false
			for _, s := range res.Block.LastCommit.Signatures {
				if strings.EqualFold(s.Address, consAddr) && s.Flag == 2 {
					signed = true
				}
			}
			if signed == want {
				return h
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("validator %s: signing=%v not seen within %s", consAddr, want, within)
	return 0
}

func txLog(tx *Tx) string {
	if tx == nil {
		return ""
	}
	return tx.RawLog
}

// requireRefusedOn is requireRefused for a tx signed on node n.
func requireRefusedOn(t *testing.T, c *Chain, n *Node, from string, args []string, wants ...string) {
	t.Helper()
	res, tx := c.SubmitTxOn(n, from, args...)
	out := res.Stdout + res.Stderr + txLog(tx)
	if res.ExitCode == 0 && tx != nil && tx.Code == 0 {
		t.Fatalf("tx %v succeeded; want it refused", args)
	}
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Fatalf("tx %v refused without %q:\n%s", args, w, out)
		}
	}
}
