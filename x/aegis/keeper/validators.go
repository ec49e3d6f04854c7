package keeper

import (
	"bytes"
	"context"
	"errors"

	"cosmossdk.io/math"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/azora-os/nexus/x/aegis/types"
)

// requireValidatorKeepers fails if app.go did not call SetValidatorKeepers.
func (k *Keeper) requireValidatorKeepers() error {
	if k.staking == nil || k.bank == nil {
		return sdkerrors.ErrLogic.Wrap("aegis: validator keepers are not set (SetValidatorKeepers)")
	}
	return nil
}

// GetAdmission returns the admission of operator and whether it is admitted.
func (k *Keeper) GetAdmission(ctx context.Context, operator sdk.ValAddress) (types.AdmittedValidator, bool, error) {
	v, err := k.AdmittedValidators.Get(ctx, operator)
	if err != nil {
		if errorsIsNotFound(err) {
			return types.AdmittedValidator{}, false, nil
		}
		return types.AdmittedValidator{}, false, err
	}
	v.Operator = operator.String()
	return v, true, nil
}

// IsAdmitted reports whether operator is on the admission list.
func (k *Keeper) IsAdmitted(ctx context.Context, operator sdk.ValAddress) (bool, error) {
	return k.AdmittedValidators.Has(ctx, operator)
}

// AdmissionArticle returns the id of the enabled validator-admission
// article, 0 if none (the validator set is then not permissioned).
func (k *Keeper) AdmissionArticle(ctx context.Context) (uint64, error) {
	p, err := k.getPolicy(ctx)
	return p.AdmissionArticleId, err
}

// Stake is what an operator holds of the bond denom, against its max power.
type Stake struct {
	// Bonded is its validator's tokens (zero if it has none).
	Bonded math.Int
	// Unbonding is what it is unbonding from its own validator.
	Unbonding math.Int
	// Liquid is the bond denom in its account.
	Liquid math.Int
	// Validator is its validator, if it has one.
	Validator *stakingtypes.Validator
}

// Held is everything the operator holds: bonded, unbonding and liquid.
func (s Stake) Held() math.Int { return s.Bonded.Add(s.Unbonding).Add(s.Liquid) }

// StakeOf returns the stake operator holds.
func (k *Keeper) StakeOf(ctx context.Context, operator sdk.ValAddress) (Stake, error) {
	if err := k.requireValidatorKeepers(); err != nil {
		return Stake{}, err
	}
	s := Stake{Bonded: math.ZeroInt(), Unbonding: math.ZeroInt(), Liquid: math.ZeroInt()}
	acc := sdk.AccAddress(operator)
	val, err := k.staking.GetValidator(ctx, operator)
	switch {
	case err == nil:
		s.Validator = &val
		s.Bonded = val.Tokens
		ubd, err := k.staking.GetUnbondingDelegation(ctx, acc, operator)
		switch {
		case err == nil:
			for _, e := range ubd.Entries {
				s.Unbonding = s.Unbonding.Add(e.Balance)
			}
		case !errors.Is(err, stakingtypes.ErrNoUnbondingDelegation):
			return Stake{}, err
		}
	case !errors.Is(err, stakingtypes.ErrNoValidatorFound):
		return Stake{}, err
	}
	s.Liquid = k.bank.GetBalance(ctx, acc, k.bondDenom).Amount
	return s, nil
}

// maxStake returns the most ustake an operator with maxPower may hold.
func (k *Keeper) maxStake(ctx context.Context, maxPower uint64) math.Int {
	return types.MaxStake(maxPower, k.staking.PowerReduction(ctx))
}

// parseOperator decodes an operator address and returns it with its
// canonical string.
func parseOperator(operator string) (sdk.ValAddress, string, error) {
	op, err := types.ValidateOperator(operator)
	if err != nil {
		return nil, "", err
	}
	if len(op) == 0 {
		return nil, "", sdkerrors.ErrInvalidAddress.Wrap("empty operator address")
	}
	return op, op.String(), nil
}

// AdmitValidator puts operator on the admission list with maxPower, or
// changes the max power of an admitted operator, on behalf of the
// authority. The operator's account must not be frozen, and the stake it
// already holds (bonded, unbonding, liquid) must fit under the new max
// power: to lower an operator's power below what it holds, it unbonds (or
// is removed) and the authority burns the excess first.
func (k *Keeper) AdmitValidator(ctx context.Context, authority, operator string, maxPower uint64) error {
	if err := k.checkAuthority(ctx, authority); err != nil {
		return err
	}
	op, operator, err := parseOperator(operator)
	if err != nil {
		return err
	}
	if err := types.ValidateMaxPower(maxPower); err != nil {
		return err
	}
	if err := k.requireValidatorKeepers(); err != nil {
		return err
	}
	acc := sdk.AccAddress(op)
	if k.isModuleAccount(ctx, acc) {
		return types.ErrInvalidAdmission.Wrapf("%s is a module account", operator)
	}
	rec, _, err := k.getRecord(ctx, acc)
	if err != nil {
		return err
	}
	if rec.Frozen {
		return types.ErrInvalidAdmission.Wrapf("the account of %s is frozen (%s); unfreeze it before admitting it", operator, rec.FreezeReason)
	}
	prev, admitted, err := k.GetAdmission(ctx, op)
	if err != nil {
		return err
	}
	if !admitted {
		n, err := k.countAdmitted(ctx)
		if err != nil {
			return err
		}
		if n >= types.MaxAdmittedValidators {
			return types.ErrInvalidAdmission.Wrapf("the admission list is full (%d operators)", types.MaxAdmittedValidators)
		}
	}
	stake, err := k.StakeOf(ctx, op)
	if err != nil {
		return err
	}
	if limit := k.maxStake(ctx, maxPower); stake.Held().GT(limit) {
		return types.ErrPowerCapExceeded.Wrapf("%s holds %s%s (bonded %s, unbonding %s, liquid %s), more than max power %d allows (%s%s); unbond and burn the excess first",
			operator, stake.Held(), k.bondDenom, stake.Bonded, stake.Unbonding, stake.Liquid, maxPower, limit, k.bondDenom)
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := k.AdmittedValidators.Set(ctx, op, types.AdmittedValidator{MaxPower: maxPower, AdmittedHeight: height}); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventValidatorAdmitted{
		Operator: operator, MaxPower: maxPower, PreviousMaxPower: prev.MaxPower,
	})
}

// countAdmitted returns the length of the admission list (bounded by
// types.MaxAdmittedValidators).
func (k *Keeper) countAdmitted(ctx context.Context) (int, error) {
	iter, err := k.AdmittedValidators.Iterate(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer func() { _ = iter.Close() }()
	n := 0
	for ; iter.Valid(); iter.Next() {
		n++
	}
	return n, nil
}

// RemoveValidator takes operator off the admission list on behalf of the
// authority and jails its validator (unless it has none or it is jailed
// already). x/staking's end-block, which runs after x/gov's in the same
// block, then takes the validator out of the active set. It stays out: a
// jailed validator returns only through MsgUnjail, which an operator that is
// not admitted cannot send, and it cannot bond more. Its self-delegation is
// not touched: it unbonds like any other (the operator sends MsgUndelegate,
// which is always allowed), so it stays slashable for evidence of earlier
// misbehaviour for the whole unbonding period.
func (k *Keeper) RemoveValidator(ctx context.Context, authority, operator, reason string) (bool, error) {
	if err := k.checkAuthority(ctx, authority); err != nil {
		return false, err
	}
	op, operator, err := parseOperator(operator)
	if err != nil {
		return false, err
	}
	if err := types.ValidateReason(reason); err != nil {
		return false, err
	}
	if err := k.requireValidatorKeepers(); err != nil {
		return false, err
	}
	admitted, err := k.IsAdmitted(ctx, op)
	if err != nil {
		return false, err
	}
	if !admitted {
		return false, types.ErrNotAdmitted.Wrapf("%s is not on the admission list", operator)
	}
	if err := k.AdmittedValidators.Remove(ctx, op); err != nil {
		return false, err
	}
	jailed := false
	val, err := k.staking.GetValidator(ctx, op)
	switch {
	case err == nil:
		if !val.IsJailed() {
			cons, err := val.GetConsAddr()
			if err != nil {
				return false, err
			}
			if err := k.staking.Jail(ctx, cons); err != nil {
				return false, err
			}
			jailed = true
		}
	case !errors.Is(err, stakingtypes.ErrNoValidatorFound):
		return false, err
	}
	return jailed, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventValidatorRemoved{
		Operator: operator, Reason: reason, Jailed: jailed,
	})
}

// MintStake mints amount of the bond denom to the account of an admitted
// operator on behalf of the authority. Afterwards the operator may hold at
// most its max power (bonded, unbonding and liquid together).
func (k *Keeper) MintStake(ctx context.Context, authority, operator string, amount sdk.Coin) error {
	if err := k.checkAuthority(ctx, authority); err != nil {
		return err
	}
	op, operator, err := parseOperator(operator)
	if err != nil {
		return err
	}
	if err := k.requireValidatorKeepers(); err != nil {
		return err
	}
	if err := types.ValidateStakeCoin(amount, k.bondDenom); err != nil {
		return err
	}
	adm, admitted, err := k.GetAdmission(ctx, op)
	if err != nil {
		return err
	}
	if !admitted {
		return types.ErrNotAdmitted.Wrapf("%s is not on the admission list; admit it before minting it stake", operator)
	}
	stake, err := k.StakeOf(ctx, op)
	if err != nil {
		return err
	}
	limit := k.maxStake(ctx, adm.MaxPower)
	if after := stake.Held().Add(amount.Amount); after.GT(limit) {
		return types.ErrPowerCapExceeded.Wrapf("%s holds %s%s; minting %s would make %s%s, more than max power %d allows (%s%s)",
			operator, stake.Held(), k.bondDenom, amount, after, k.bondDenom, adm.MaxPower, limit, k.bondDenom)
	}
	coins := sdk.NewCoins(amount)
	if err := k.bank.MintCoins(ctx, types.ModuleName, coins); err != nil {
		return err
	}
	if err := k.bank.SendCoinsFromModuleToAccount(types.WithStakeSupply(ctx), types.ModuleName, sdk.AccAddress(op), coins); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventStakeMinted{Operator: operator, Amount: amount.String()})
}

// BurnStake burns amount of the bond denom from an operator's account (its
// liquid, unbonded stake) on behalf of the authority. The operator need not
// be admitted: this is how a removed operator's stake is retired once it
// has unbonded.
func (k *Keeper) BurnStake(ctx context.Context, authority, operator string, amount sdk.Coin) error {
	if err := k.checkAuthority(ctx, authority); err != nil {
		return err
	}
	op, operator, err := parseOperator(operator)
	if err != nil {
		return err
	}
	if err := k.requireValidatorKeepers(); err != nil {
		return err
	}
	if err := types.ValidateStakeCoin(amount, k.bondDenom); err != nil {
		return err
	}
	acc := sdk.AccAddress(op)
	liquid := k.bank.GetBalance(ctx, acc, k.bondDenom)
	if liquid.Amount.LT(amount.Amount) {
		return types.ErrInvalidStake.Wrapf("%s holds %s unbonded; cannot burn %s (bonded stake must be unbonded first)", operator, liquid, amount)
	}
	coins := sdk.NewCoins(amount)
	if err := k.bank.SendCoinsFromAccountToModule(types.WithStakeSupply(ctx), acc, types.ModuleName, coins); err != nil {
		return err
	}
	if err := k.bank.BurnCoins(ctx, types.ModuleName, coins); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventStakeBurned{Operator: operator, Amount: amount.String()})
}

// pendingStake is the stake a check has already seen bonded to each
// validator earlier in the same transaction (by validator address bytes).
type pendingStake map[string]math.Int

func (p pendingStake) get(op sdk.ValAddress) math.Int {
	if v, ok := p[string(op)]; ok {
		return v
	}
	return math.ZeroInt()
}

// checkStakingMsg applies the validator-admission article (articleID) to
// one message: a staking or slashing message that would let a validator
// that is not admitted in, bond stake to another operator's validator, or
// take a validator above its max power is a violation. Other messages pass.
// pending, if not nil, sums the stake bonded by earlier messages of the
// same transaction (the ante decorator); the amounts of this message are
// added to it.
func (k *Keeper) checkStakingMsg(ctx context.Context, articleID uint64, msg proto.Message, pending pendingStake) (*Violation, error) {
	rule := types.RuleValidatorAdmission
	switch m := msg.(type) {
	case *stakingtypes.MsgCreateValidator:
		op, err := sdk.ValAddressFromBech32(m.ValidatorAddress)
		if err != nil {
			return nil, nil // x/staking refuses it
		}
		return k.checkBond(ctx, articleID, op, m.Value, pending, "create a validator")
	case *stakingtypes.MsgDelegate:
		return k.checkSelfBond(ctx, articleID, m.DelegatorAddress, m.ValidatorAddress, m.Amount, pending, "bond")
	case *stakingtypes.MsgCancelUnbondingDelegation:
		return k.checkSelfBond(ctx, articleID, m.DelegatorAddress, m.ValidatorAddress, m.Amount, pending, "bond again")
	case *stakingtypes.MsgBeginRedelegate:
		return violation(articleID, rule, types.ErrStakeNotSelf,
			"%s would redelegate from %s to %s, another operator's validator", m.DelegatorAddress, m.ValidatorSrcAddress, m.ValidatorDstAddress), nil
	case *stakingtypes.MsgEditValidator:
		if m.CommissionRate == nil {
			return nil, nil // description-only edits are anyone's own business
		}
		return k.checkAdmitted(ctx, articleID, m.ValidatorAddress, "change its commission")
	case *slashingtypes.MsgUnjail:
		return k.checkAdmitted(ctx, articleID, m.ValidatorAddr, "unjail")
	}
	return nil, nil
}

// checkAdmitted is a violation unless the operator is admitted.
func (k *Keeper) checkAdmitted(ctx context.Context, articleID uint64, operator, what string) (*Violation, error) {
	op, err := sdk.ValAddressFromBech32(operator)
	if err != nil {
		return nil, nil // the module refuses it
	}
	ok, err := k.IsAdmitted(ctx, op)
	if err != nil || ok {
		return nil, err
	}
	return violation(articleID, types.RuleValidatorAdmission, types.ErrNotAdmitted, "%s is not admitted; it cannot %s", op, what), nil
}

// checkSelfBond checks a bond of amount by delegator to validator: only to
// its own validator, admitted, within its max power.
func (k *Keeper) checkSelfBond(ctx context.Context, articleID uint64, delegator, validator string, amount sdk.Coin, pending pendingStake, what string) (*Violation, error) {
	del, err := k.ak.AddressCodec().StringToBytes(delegator)
	if err != nil {
		return nil, nil // x/staking refuses it
	}
	op, err := sdk.ValAddressFromBech32(validator)
	if err != nil {
		return nil, nil
	}
	if !bytes.Equal(del, op) {
		return violation(articleID, types.RuleValidatorAdmission, types.ErrStakeNotSelf,
			"%s would bond to %s, another operator's validator", delegator, op), nil
	}
	return k.checkBond(ctx, articleID, op, amount, pending, what)
}

// checkBond checks that operator is admitted and that its validator's
// tokens plus amount (and what the transaction bonded before) stay within
// its max power.
func (k *Keeper) checkBond(ctx context.Context, articleID uint64, op sdk.ValAddress, amount sdk.Coin, pending pendingStake, what string) (*Violation, error) {
	rule := types.RuleValidatorAdmission
	adm, admitted, err := k.GetAdmission(ctx, op)
	if err != nil {
		return nil, err
	}
	if !admitted {
		return violation(articleID, rule, types.ErrNotAdmitted, "%s is not admitted; it cannot %s", op, what), nil
	}
	if err := k.requireValidatorKeepers(); err != nil {
		return nil, err
	}
	if amount.Denom != k.bondDenom || amount.Amount.IsNil() || !amount.Amount.IsPositive() {
		return nil, nil // x/staking refuses other denoms and amounts
	}
	tokens := math.ZeroInt()
	val, err := k.staking.GetValidator(ctx, op)
	switch {
	case err == nil:
		tokens = val.Tokens
	case !errors.Is(err, stakingtypes.ErrNoValidatorFound):
		return nil, err
	}
	before := tokens.Add(pending.get(op))
	after := before.Add(amount.Amount)
	limit := k.maxStake(ctx, adm.MaxPower)
	if after.GT(limit) {
		return violation(articleID, rule, types.ErrPowerCapExceeded,
			"%s would bond %s%s, more than its max power %d allows (%s%s)", op, after, k.bondDenom, adm.MaxPower, limit, k.bondDenom), nil
	}
	if pending != nil {
		pending[string(op)] = pending.get(op).Add(amount.Amount)
	}
	return nil, nil
}

// GuardStakingMsg applies the validator-admission article to a staking or
// slashing message about to execute (the staking guard: every path that
// executes it, top level, authz, gov or any module, comes through it). It
// returns the registered error naming the article, or nil.
func (k *Keeper) GuardStakingMsg(ctx context.Context, msg proto.Message) error {
	id, err := k.AdmissionArticle(ctx)
	if err != nil || id == 0 {
		return err
	}
	v, err := k.checkStakingMsg(ctx, id, msg, nil)
	if err != nil {
		return err
	}
	if v != nil {
		return v.Err
	}
	return nil
}

// isGovernor reports whether addr is the account of a validator operator
// that takes part in governance: admitted, or operating a bonded validator.
// Such accounts cannot be frozen (see FreezeAccount).
func (k *Keeper) isGovernor(ctx context.Context, addr sdk.AccAddress) (bool, error) {
	op := sdk.ValAddress(addr)
	admitted, err := k.IsAdmitted(ctx, op)
	if err != nil || admitted {
		return admitted, err
	}
	if k.staking == nil {
		return false, nil
	}
	val, err := k.staking.GetValidator(ctx, op)
	switch {
	case err == nil:
		return val.IsBonded(), nil
	case errors.Is(err, stakingtypes.ErrNoValidatorFound):
		return false, nil
	default:
		return false, err
	}
}
