// Package testutil holds the gomock mocks of x/aegis's expected keepers and
// helpers that put accounts in good standing in test and devnet genesis
// files.
package testutil

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/azora-os/nexus/x/aegis/types"
)

// VerifyInAppGenesis verifies addrs at tier in the aegis section of a whole
// app genesis (module name → raw JSON: app.GenesisState, or what
// apptesting.Options.EditGenesis receives):
//
//	EditGenesis: func(a *app.App, gen app.GenesisState) {
//		err := aegistestutil.VerifyInAppGenesis(a.AppCodec(), gen, aegistypes.TierInstitutional, alice, bob)
//	}
func VerifyInAppGenesis(cdc codec.JSONCodec, appState map[string]json.RawMessage, tier string, addrs ...string) error {
	var gs types.GenesisState
	if raw, ok := appState[types.ModuleName]; ok {
		if err := cdc.UnmarshalJSON(raw, &gs); err != nil {
			return fmt.Errorf("decode aegis genesis: %w", err)
		}
	} else {
		gs = *types.DefaultGenesis()
	}
	gs = types.VerifiedGenesis(gs, tier, addrs...)
	if err := gs.Validate(); err != nil {
		return err
	}
	bz, err := cdc.MarshalJSON(&gs)
	if err != nil {
		return err
	}
	appState[types.ModuleName] = bz
	return nil
}

// VerifyAllAccountsJSON verifies, at tier, every account that has a balance
// in a decoded genesis app_state (what tests/system Config.EditGenesis
// receives), except module accounts. It returns the addresses it verified.
//
//	Config{EditGenesis: func(appState map[string]any) {
//		aegistestutil.VerifyAllAccountsJSON(appState, aegistypes.TierInstitutional)
//	}}
func VerifyAllAccountsJSON(appState map[string]any, tier string) ([]string, error) {
	addrs, err := FundedAccountsJSON(appState)
	if err != nil {
		return nil, err
	}
	return addrs, VerifyJSON(appState, tier, addrs...)
}

// FundedAccountsJSON returns, sorted, every address with a balance in a
// decoded genesis app_state, except module accounts.
func FundedAccountsJSON(appState map[string]any) ([]string, error) {
	modules := map[string]bool{}
	if auth, ok := appState["auth"].(map[string]any); ok {
		accounts, _ := auth["accounts"].([]any)
		for _, a := range accounts {
			m, _ := a.(map[string]any)
			typ, _ := m["@type"].(string)
			if !strings.Contains(typ, "ModuleAccount") {
				continue
			}
			if base, ok := m["base_account"].(map[string]any); ok {
				if addr, ok := base["address"].(string); ok {
					modules[addr] = true
				}
			}
		}
	}
	bank, ok := appState["bank"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("genesis has no bank section")
	}
	var addrs []string
	balances, _ := bank["balances"].([]any)
	for _, b := range balances {
		m, _ := b.(map[string]any)
		if addr, ok := m["address"].(string); ok && !modules[addr] {
			addrs = append(addrs, addr)
		}
	}
	sort.Strings(addrs)
	return addrs, nil
}

// VerifyJSON verifies addrs at tier in a decoded genesis app_state.
func VerifyJSON(appState map[string]any, tier string, addrs ...string) error {
	aegis, ok := appState[types.ModuleName].(map[string]any)
	if !ok {
		return fmt.Errorf("genesis has no %s section", types.ModuleName)
	}
	standings, _ := aegis["standings"].([]any)
	index := map[string]map[string]any{}
	for _, s := range standings {
		if m, ok := s.(map[string]any); ok {
			if addr, ok := m["address"].(string); ok {
				index[addr] = m
			}
		}
	}
	for _, a := range addrs {
		rec, ok := index[a]
		if !ok {
			rec = map[string]any{"address": a}
			standings = append(standings, rec)
			index[a] = rec
		}
		rec["tier"], rec["attestation_ref"], rec["attester"] = tier, "genesis", a
	}
	aegis["standings"] = standings
	return nil
}

// GrantRoleJSON grants role ("ROLE_ATTESTER" or "ROLE_OFFICER", or the short
// names "attester" and "officer") to addr in a decoded genesis app_state.
func GrantRoleJSON(appState map[string]any, role, addr string) error {
	aegis, ok := appState[types.ModuleName].(map[string]any)
	if !ok {
		return fmt.Errorf("genesis has no %s section", types.ModuleName)
	}
	name := strings.ToUpper(role)
	if !strings.HasPrefix(name, "ROLE_") {
		name = "ROLE_" + name
	}
	if _, ok := types.Role_value[name]; !ok || name == types.Role_ROLE_UNSPECIFIED.String() {
		return fmt.Errorf("unknown role %q", role)
	}
	roles, _ := aegis["roles"].([]any)
	aegis["roles"] = append(roles, map[string]any{"role": name, "address": addr})
	return nil
}

// AdmitInAppGenesis admits validator operators (azoravaloper...) with
// maxPower in the aegis section of a whole app genesis (see
// VerifyInAppGenesis).
func AdmitInAppGenesis(cdc codec.JSONCodec, appState map[string]json.RawMessage, maxPower uint64, operators ...string) error {
	var gs types.GenesisState
	if raw, ok := appState[types.ModuleName]; ok {
		if err := cdc.UnmarshalJSON(raw, &gs); err != nil {
			return fmt.Errorf("decode aegis genesis: %w", err)
		}
	} else {
		gs = *types.DefaultGenesis()
	}
	gs = types.AdmittedGenesis(gs, maxPower, operators...)
	if err := gs.Validate(); err != nil {
		return err
	}
	bz, err := cdc.MarshalJSON(&gs)
	if err != nil {
		return err
	}
	appState[types.ModuleName] = bz
	return nil
}

// AdmitJSON admits a validator operator (azoravaloper...) with maxPower in
// a decoded genesis app_state (what tests/system Config.EditGenesis
// receives); an operator already admitted gets the new max power.
func AdmitJSON(appState map[string]any, operator string, maxPower uint64) error {
	aegis, ok := appState[types.ModuleName].(map[string]any)
	if !ok {
		return fmt.Errorf("genesis has no %s section", types.ModuleName)
	}
	list, _ := aegis["admitted_validators"].([]any)
	power := fmt.Sprint(maxPower)
	for _, v := range list {
		if m, ok := v.(map[string]any); ok && m["operator"] == operator {
			m["max_power"] = power
			return nil
		}
	}
	aegis["admitted_validators"] = append(list, map[string]any{"operator": operator, "max_power": power, "admitted_height": "0"})
	return nil
}
