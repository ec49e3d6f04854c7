package aegis

import (
	"encoding/json"
	"fmt"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

// ValidateGenesisValidators is the app-level genesis check of the
// permissioned validator set. It cross-reads three modules' genesis, which
// no single module's ValidateGenesis can do:
//
//   - staking's bond_denom must be bondDenom (the denom x/aegis keeps
//     non-transferable);
//   - while the genesis constitution enables a validator-admission article,
//     every genesis validator, whether listed in staking's genesis or
//     created by a gentx (genutil), must be on x/aegis's admission list,
//     and its self-bond must fit under its max power.
//
// `nexusd genesis validate-genesis` runs it after the modules' own checks,
// and InitChain runs it before any module's InitGenesis, so a chain cannot
// start with a validator the authority did not admit. (At InitChain the
// ante decorator would refuse such a gentx anyway; this check says why in
// terms of the genesis file.) txJSONDecoder decodes gentxs.
func ValidateGenesisValidators(cdc codec.JSONCodec, txJSONDecoder sdk.TxDecoder, appState map[string]json.RawMessage, bondDenom string) error {
	var staking stakingtypes.GenesisState
	if raw := appState[stakingtypes.ModuleName]; raw != nil {
		if err := cdc.UnmarshalJSON(raw, &staking); err != nil {
			return fmt.Errorf("decode staking genesis: %w", err)
		}
		if staking.Params.BondDenom != bondDenom {
			return fmt.Errorf("staking bond_denom is %q; Nexus validators bond %q (the non-transferable stake x/aegis issues)", staking.Params.BondDenom, bondDenom)
		}
	}
	gs := types.DefaultGenesis()
	if raw := appState[types.ModuleName]; raw != nil {
		gs = &types.GenesisState{}
		if err := cdc.UnmarshalJSON(raw, gs); err != nil {
			return fmt.Errorf("decode %s genesis: %w", types.ModuleName, err)
		}
	}
	article := types.BuildPolicy(gs.Articles).AdmissionArticleId
	if article == 0 {
		return nil // the validator set is not permissioned
	}
	caps := make(map[string]uint64, len(gs.AdmittedValidators))
	for _, v := range gs.AdmittedValidators {
		op, err := types.ValidateOperator(v.Operator)
		if err != nil {
			return err
		}
		caps[string(op)] = v.MaxPower
	}
	check := func(where, operator string, bond math.Int) error {
		op, err := types.ValidateOperator(operator)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		maxPower, ok := caps[string(op)]
		if !ok {
			return fmt.Errorf("%s: validator %s (account %s) is not on the x/aegis admission list (article %d, validator-admission); admit it with `nexusd genesis admit-validator %s <max-power>`",
				where, op, sdk.AccAddress(op), article, op)
		}
		if limit := types.MaxStake(maxPower, sdk.DefaultPowerReduction); bond.GT(limit) {
			return fmt.Errorf("%s: validator %s bonds %s%s, more than its max power %d allows (%s%s)", where, op, bond, bondDenom, maxPower, limit, bondDenom)
		}
		return nil
	}
	for i, v := range staking.Validators {
		if err := check(fmt.Sprintf("staking validators[%d]", i), v.OperatorAddress, v.Tokens); err != nil {
			return err
		}
	}
	var gen genutiltypes.GenesisState
	if raw := appState[genutiltypes.ModuleName]; raw != nil {
		if err := cdc.UnmarshalJSON(raw, &gen); err != nil {
			return fmt.Errorf("decode genutil genesis: %w", err)
		}
	}
	for i, raw := range gen.GenTxs {
		tx, err := txJSONDecoder(raw)
		if err != nil {
			return fmt.Errorf("gentx %d: decode: %w", i, err)
		}
		for _, msg := range tx.GetMsgs() {
			cv, ok := msg.(*stakingtypes.MsgCreateValidator)
			if !ok {
				continue
			}
			where := fmt.Sprintf("gentx %d (moniker %q)", i, cv.Description.Moniker)
			if err := check(where, cv.ValidatorAddress, cv.Value.Amount); err != nil {
				return err
			}
		}
	}
	return nil
}
