package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"time"

	sdkmath "cosmossdk.io/math"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"

	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
	minttypes "github.com/azora-os/nexus/x/mint/types"
)

// GenesisInput is what the bench adds to a genesis that `init`, `gentx` and
// `collect-gentxs` wrote.
type GenesisInput struct {
	Chain  ChainKind
	Layout *Layout
	// Balance is what every bench account holds.
	Balance sdk.Coins
	// Validators are the validators' account addresses, in order: their
	// accounts get account numbers 0..V-1 and the bench accounts follow.
	Validators []string
}

// Tier of the bench accounts on Nexus: the tier a verified retail account
// gets, so the velocity rule is on for every transfer (DESIGN.md §5, x/aegis).
const (
	BenchTier           = "standard"
	BenchAttestationRef = "nexus-bench"
	// TreasurerAllowance is each mixed-scenario treasurer's uazr allowance.
	TreasurerAllowance = 1_000_000_000_000_000
	// ListingStock is the stock of each mixed-scenario forge listing.
	ListingStock = 1_000_000_000
	// ListingLifetime is how long the forge listings stay open.
	ListingLifetime = 300 * 24 * time.Hour
)

// WriteGenesis adds the bench accounts to the genesis file at path: an auth
// account with a fixed account number and a balance for each, and on Nexus
// the standing that makes each an aegis-verified `standard` account
// (verified by the first validator's account, which gets the attester role,
// as scripts/devnet.sh verifies its accounts) plus, for the mixed scenario,
// the treasurers (x/mint), the listings (x/forge), the reporters and the
// nodes (x/mesh) it uses.
func WriteGenesis(path string, enc Encoding, in GenesisInput) error {
	bz, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(bz, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var appState map[string]json.RawMessage
	if err := json.Unmarshal(doc["app_state"], &appState); err != nil {
		return fmt.Errorf("%s: app_state: %w", path, err)
	}
	var genesisTime time.Time
	if err := json.Unmarshal(doc["genesis_time"], &genesisTime); err != nil {
		return fmt.Errorf("%s: genesis_time: %w", path, err)
	}

	if err := editSection(appState, "auth", func(sec map[string]json.RawMessage) error {
		return writeAccounts(sec, in)
	}); err != nil {
		return err
	}
	if err := editSection(appState, "bank", func(sec map[string]json.RawMessage) error {
		return writeBalances(sec, in)
	}); err != nil {
		return err
	}
	if in.Chain == Nexus {
		if err := writeNexusSections(appState, enc, in, genesisTime); err != nil {
			return err
		}
	}

	if doc["app_state"], err = json.Marshal(appState); err != nil {
		return err
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, 0o600)
}

func editSection(appState map[string]json.RawMessage, module string, edit func(map[string]json.RawMessage) error) error {
	var sec map[string]json.RawMessage
	if err := json.Unmarshal(appState[module], &sec); err != nil {
		return fmt.Errorf("genesis %s: %w", module, err)
	}
	if err := edit(sec); err != nil {
		return fmt.Errorf("genesis %s: %w", module, err)
	}
	bz, err := json.Marshal(sec)
	if err != nil {
		return err
	}
	appState[module] = bz
	return nil
}

// writeAccounts renumbers the validators' accounts 0..V-1 and appends one
// BaseAccount per bench account with the number the bench signs with.
// Genesis keeps the numbers it is given (SDK v0.54 numbers accounts created
// later pseudo-randomly, with the top bit set, so they cannot collide).
func writeAccounts(sec map[string]json.RawMessage, in GenesisInput) error {
	var existing []map[string]any
	if err := json.Unmarshal(sec["accounts"], &existing); err != nil {
		return err
	}
	accounts := make([]json.RawMessage, 0, len(existing)+len(in.Layout.Accounts))
	for _, acc := range existing {
		addr, _ := acc["address"].(string)
		num := slices.Index(in.Validators, addr)
		if num < 0 {
			return fmt.Errorf("genesis account %s is not a validator's", addr)
		}
		acc["account_number"] = strconv.Itoa(num)
		bz, err := json.Marshal(acc)
		if err != nil {
			return err
		}
		accounts = append(accounts, bz)
	}
	for _, a := range in.Layout.Accounts {
		if a.Number < uint64(len(in.Validators)) {
			return fmt.Errorf("bench account %d has number %d, taken by a validator", a.Index, a.Number)
		}
		accounts = append(accounts, fmt.Appendf(nil,
			`{"@type":"/cosmos.auth.v1beta1.BaseAccount","address":%q,"pub_key":null,"account_number":"%d","sequence":"0"}`,
			a.Bech32, a.Number))
	}
	bz, err := json.Marshal(accounts)
	if err != nil {
		return err
	}
	sec["accounts"] = bz
	return nil
}

// writeBalances appends the bench accounts' balances and empties the supply,
// which bank's InitGenesis then computes from the balances.
func writeBalances(sec map[string]json.RawMessage, in GenesisInput) error {
	var balances []json.RawMessage
	if err := json.Unmarshal(sec["balances"], &balances); err != nil {
		return err
	}
	coins, err := json.Marshal(in.Balance.Sort())
	if err != nil {
		return err
	}
	for _, a := range in.Layout.Accounts {
		balances = append(balances, fmt.Appendf(nil, `{"address":%q,"coins":%s}`, a.Bech32, coins))
	}
	if sec["balances"], err = json.Marshal(balances); err != nil {
		return err
	}
	sec["supply"] = json.RawMessage("[]")
	return nil
}

func writeNexusSections(appState map[string]json.RawMessage, enc Encoding, in GenesisInput, genesisTime time.Time) error {
	l := in.Layout
	if len(in.Validators) == 0 {
		return fmt.Errorf("no validator to act as attester")
	}
	attester := in.Validators[0]

	var aegis aegistypes.GenesisState
	if err := editProto(enc, appState, aegistypes.ModuleName, &aegis, func() {
		if !slices.ContainsFunc(aegis.Roles, func(r aegistypes.RoleGrant) bool {
			return r.Role == aegistypes.Role_ROLE_ATTESTER && r.Address == attester
		}) {
			aegis.Roles = append(aegis.Roles, aegistypes.RoleGrant{Role: aegistypes.Role_ROLE_ATTESTER, Address: attester})
		}
		for _, a := range l.Accounts {
			aegis.Standings = append(aegis.Standings, aegistypes.AccountStanding{
				Address: a.Bech32, Tier: BenchTier, AttestationRef: BenchAttestationRef, Attester: attester,
			})
		}
	}); err != nil {
		return err
	}
	if l.Scenario != ScenarioMixed {
		return nil
	}

	var mint minttypes.GenesisState
	if err := editProto(enc, appState, minttypes.ModuleName, &mint, func() {
		for _, i := range l.Treasurers {
			mint.Treasurers = append(mint.Treasurers, minttypes.Treasurer{
				Address: l.Accounts[i].Bech32, Allowance: sdkmath.NewInt(TreasurerAllowance),
			})
		}
	}); err != nil {
		return err
	}

	var forge forgetypes.GenesisState
	if err := editProto(enc, appState, forgetypes.ModuleName, &forge, func() {
		if forge.NextListingId > 1 {
			return // not a fresh genesis; left as it is (validation will say)
		}
		for k, seller := range l.Listings {
			forge.Listings = append(forge.Listings, forgetypes.Listing{
				Id: uint64(k + 1), Seller: l.Accounts[seller].Bech32, Kind: forgetypes.ListingKindGoods,
				Title:     fmt.Sprintf("bench goods %d", k+1),
				Price:     sdk.NewInt64Coin(FeeDenom, l.Amount),
				Quantity:  ListingStock,
				Expiry:    genesisTime.Add(ListingLifetime).UTC(),
				CreatedAt: genesisTime.UTC(),
			})
		}
		forge.NextListingId = uint64(len(l.Listings) + 1)
	}); err != nil {
		return err
	}

	var mesh meshtypes.GenesisState
	return editProto(enc, appState, meshtypes.ModuleName, &mesh, func() {
		for _, i := range l.Reporters {
			mesh.Roles = append(mesh.Roles, meshtypes.RoleGrant{Role: meshtypes.RoleReporter, Address: l.Accounts[i].Bech32})
		}
		for k, owner := range l.Nodes {
			mesh.Nodes = append(mesh.Nodes, meshtypes.Node{
				Id: NodeID(k), Type: meshtypes.NodeTypeDevice, Owner: l.Accounts[owner].Bech32,
				Reputation: mesh.Params.InitialReputation,
				Consent:    meshtypes.Consent{DataSharing: true, ModelTraining: true, FederatedAnalysis: true},
			})
		}
	})
}

// editProto decodes a module's genesis with the chain's codec, lets edit
// change it and encodes it back.
func editProto(enc Encoding, appState map[string]json.RawMessage, module string, msg proto.Message, edit func()) error {
	raw, ok := appState[module]
	if !ok {
		return fmt.Errorf("genesis has no %s section: is this a Nexus genesis?", module)
	}
	if err := enc.Codec.UnmarshalJSON(raw, msg); err != nil {
		return fmt.Errorf("genesis %s: %w", module, err)
	}
	edit()
	bz, err := enc.Codec.MarshalJSON(msg)
	if err != nil {
		return fmt.Errorf("genesis %s: %w", module, err)
	}
	appState[module] = bz
	return nil
}
