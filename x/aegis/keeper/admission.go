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

// admission is the permissioned validator set of x/aegis (issue 9): the
// admission list and max powers, ustake minted and burned by the authority,
// the validator-admission article applied to staking messages, the
// non-transferable bond denom and the one-validator-one-vote governance
// tally. It is a part of its own, in the admission*.go files, with its own
// errors (codes 22-27), messages (msg_server_admission.go) and queries
// (query_server_admission.go).
//
// The rest of the module reaches it through exactly three calls:
// checkStakingMsg (the compliance check of a staking message),
// isGovernor (an officer may not freeze a validator's operator) and
// checkStakeMovement (the send restriction keeps ustake non-transferable).
// It reads the rest of the module through its keeper (standing of an
// operator, the policy's admission article, module accounts).
type admission struct {
	k *Keeper

	// Set once by SetValidatorKeepers (the staking keeper is built after
	// x/aegis).
	staking    types.StakingKeeper
	bank       types.BankKeeper
	bondDenom  string
	moduleAddr sdk.AccAddress
	stakePools [2]sdk.AccAddress
}

// SetValidatorKeepers gives the keeper what the permissioned validator set
// needs: x/staking (validators, jailing, the bonded set), x/bank (minting
// and burning ustake through the x/aegis module account) and the staking
// bond denom, which can be sent only by bonding, unbonding and the
// authority's mint and burn. The staking keeper is built after x/aegis, so
// app.go calls this once it exists. It panics if called twice.
func (k *Keeper) SetValidatorKeepers(sk types.StakingKeeper, bk types.BankKeeper, bondDenom string) {
	a := k.admission
	if a.staking != nil {
		panic("aegis: validator keepers already set")
	}
	if sk == nil || bk == nil || bondDenom == "" {
		panic("aegis: SetValidatorKeepers needs a staking keeper, a bank keeper and the bond denom")
	}
	a.staking, a.bank, a.bondDenom = sk, bk, bondDenom
	a.moduleAddr = k.ak.GetModuleAddress(types.ModuleName)
	a.stakePools = [2]sdk.AccAddress{
		k.ak.GetModuleAddress(stakingtypes.BondedPoolName),
		k.ak.GetModuleAddress(stakingtypes.NotBondedPoolName),
	}
}

// requireKeepers fails if app.go did not call SetValidatorKeepers.
func (a *admission) requireKeepers() error {
	if a.staking == nil || a.bank == nil {
		return sdkerrors.ErrLogic.Wrap("aegis: validator keepers are not set (SetValidatorKeepers)")
	}
	return nil
}

// get returns the admission of operator and whether it is admitted.
func (a *admission) get(ctx context.Context, operator sdk.ValAddress) (types.AdmittedValidator, bool, error) {
	v, err := a.k.AdmittedValidators.Get(ctx, operator)
	if err != nil {
		if errorsIsNotFound(err) {
			return types.AdmittedValidator{}, false, nil
		}
		return types.AdmittedValidator{}, false, err
	}
	v.Operator = operator.String()
	return v, true, nil
}

// article returns the id of the enabled validator-admission article, 0 if
// none (the validator set is then not permissioned).
func (a *admission) article(ctx context.Context) (uint64, error) {
	p, err := a.k.getPolicy(ctx)
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

// stakeOf returns the stake operator holds.
func (a *admission) stakeOf(ctx context.Context, operator sdk.ValAddress) (Stake, error) {
	if err := a.requireKeepers(); err != nil {
		return Stake{}, err
	}
	s := Stake{Bonded: math.ZeroInt(), Unbonding: math.ZeroInt(), Liquid: math.ZeroInt()}
	acc := sdk.AccAddress(operator)
	val, err := a.staking.GetValidator(ctx, operator)
	switch {
	case err == nil:
		s.Validator = &val
		s.Bonded = val.Tokens
		ubd, err := a.staking.GetUnbondingDelegation(ctx, acc, operator)
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
	s.Liquid = a.bank.GetBalance(ctx, acc, a.bondDenom).Amount
	return s, nil
}

// maxStake returns the most ustake an operator with maxPower may hold.
func (a *admission) maxStake(ctx context.Context, maxPower uint64) math.Int {
	return types.MaxStake(maxPower, a.staking.PowerReduction(ctx))
}

// admit puts op on the admission list with maxPower, or changes the max
// power of an admitted operator (the authority's MsgAdmitValidator; the
// msg server checked the authority). The operator's account must not be
// frozen, and the stake it already holds (bonded, unbonding, liquid) must
// fit under the new max power: to lower an operator's power below what it
// holds, it unbonds (or is removed) and the authority burns the excess
// first.
func (a *admission) admit(ctx context.Context, op sdk.ValAddress, maxPower uint64) error {
	operator := op.String()
	if err := types.ValidateMaxPower(maxPower); err != nil {
		return err
	}
	if err := a.requireKeepers(); err != nil {
		return err
	}
	acc := sdk.AccAddress(op)
	if a.k.isModuleAccount(ctx, acc) {
		return types.ErrInvalidAdmission.Wrapf("%s is a module account", operator)
	}
	rec, _, err := a.k.getRecord(ctx, acc)
	if err != nil {
		return err
	}
	if rec.Frozen {
		return types.ErrInvalidAdmission.Wrapf("the account of %s is frozen (%s); unfreeze it before admitting it", operator, rec.FreezeReason)
	}
	prev, admitted, err := a.get(ctx, op)
	if err != nil {
		return err
	}
	if !admitted {
		n, err := a.count(ctx)
		if err != nil {
			return err
		}
		if n >= types.MaxAdmittedValidators {
			return types.ErrInvalidAdmission.Wrapf("the admission list is full (%d operators)", types.MaxAdmittedValidators)
		}
	}
	stake, err := a.stakeOf(ctx, op)
	if err != nil {
		return err
	}
	if limit := a.maxStake(ctx, maxPower); stake.Held().GT(limit) {
		return types.ErrPowerCapExceeded.Wrapf("%s holds %s%s (bonded %s, unbonding %s, liquid %s), more than max power %d allows (%s%s); unbond and burn the excess first",
			operator, stake.Held(), a.bondDenom, stake.Bonded, stake.Unbonding, stake.Liquid, maxPower, limit, a.bondDenom)
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := a.k.AdmittedValidators.Set(ctx, op, types.AdmittedValidator{MaxPower: maxPower, AdmittedHeight: height}); err != nil {
		return err
	}
	return emit(ctx, types.NewEventValidatorAdmitted(operator, maxPower, prev.MaxPower))
}

// count returns the length of the admission list (bounded by
// types.MaxAdmittedValidators).
func (a *admission) count(ctx context.Context) (int, error) {
	iter, err := a.k.AdmittedValidators.Iterate(ctx, nil)
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

// remove takes op off the admission list (the authority's
// MsgRemoveValidator) and jails its validator (unless it has none or it is
// jailed already); it reports whether it jailed it. x/staking's end-block,
// which runs after x/gov's in the same block, then takes the validator out
// of the active set. It stays out: a jailed validator returns only through
// MsgUnjail, which an operator that is not admitted cannot send, and it
// cannot bond more. Its self-delegation is not touched: it unbonds like any
// other (the operator sends MsgUndelegate, which is always allowed), so it
// stays slashable for evidence of earlier misbehaviour for the whole
// unbonding period.
func (a *admission) remove(ctx context.Context, op sdk.ValAddress, reason string) (bool, error) {
	operator := op.String()
	if err := types.ValidateReason(reason); err != nil {
		return false, err
	}
	if err := a.requireKeepers(); err != nil {
		return false, err
	}
	admitted, err := a.k.IsAdmitted(ctx, op)
	if err != nil {
		return false, err
	}
	if !admitted {
		return false, types.ErrNotAdmitted.Wrapf("%s is not on the admission list", operator)
	}
	if err := a.k.AdmittedValidators.Remove(ctx, op); err != nil {
		return false, err
	}
	jailed := false
	val, err := a.staking.GetValidator(ctx, op)
	switch {
	case err == nil:
		if !val.IsJailed() {
			cons, err := val.GetConsAddr()
			if err != nil {
				return false, err
			}
			if err := a.staking.Jail(ctx, cons); err != nil {
				return false, err
			}
			jailed = true
		}
	case !errors.Is(err, stakingtypes.ErrNoValidatorFound):
		return false, err
	}
	return jailed, emit(ctx, types.NewEventValidatorRemoved(operator, reason, jailed))
}

// mintStake mints amount of the bond denom to the account of an admitted
// operator (the authority's MsgMintStake). Afterwards the operator may hold
// at most its max power (bonded, unbonding and liquid together).
func (a *admission) mintStake(ctx context.Context, op sdk.ValAddress, amount sdk.Coin) error {
	operator := op.String()
	if err := a.requireKeepers(); err != nil {
		return err
	}
	if err := types.ValidateStakeCoin(amount, a.bondDenom); err != nil {
		return err
	}
	adm, admitted, err := a.get(ctx, op)
	if err != nil {
		return err
	}
	if !admitted {
		return types.ErrNotAdmitted.Wrapf("%s is not on the admission list; admit it before minting it stake", operator)
	}
	stake, err := a.stakeOf(ctx, op)
	if err != nil {
		return err
	}
	limit := a.maxStake(ctx, adm.MaxPower)
	if after := stake.Held().Add(amount.Amount); after.GT(limit) {
		return types.ErrPowerCapExceeded.Wrapf("%s holds %s%s; minting %s would make %s%s, more than max power %d allows (%s%s)",
			operator, stake.Held(), a.bondDenom, amount, after, a.bondDenom, adm.MaxPower, limit, a.bondDenom)
	}
	coins := sdk.NewCoins(amount)
	if err := a.bank.MintCoins(ctx, types.ModuleName, coins); err != nil {
		return err
	}
	if err := a.bank.SendCoinsFromModuleToAccount(types.WithStakeSupply(ctx), types.ModuleName, sdk.AccAddress(op), coins); err != nil {
		return err
	}
	return emit(ctx, types.NewEventStakeMinted(operator, amount.String()))
}

// burnStake burns amount of the bond denom from an operator's account (its
// liquid, unbonded stake; the authority's MsgBurnStake). The operator need
// not be admitted: this is how a removed operator's stake is retired once
// it has unbonded.
func (a *admission) burnStake(ctx context.Context, op sdk.ValAddress, amount sdk.Coin) error {
	operator := op.String()
	if err := a.requireKeepers(); err != nil {
		return err
	}
	if err := types.ValidateStakeCoin(amount, a.bondDenom); err != nil {
		return err
	}
	acc := sdk.AccAddress(op)
	liquid := a.bank.GetBalance(ctx, acc, a.bondDenom)
	if liquid.Amount.LT(amount.Amount) {
		return types.ErrInvalidStake.Wrapf("%s holds %s unbonded; cannot burn %s (bonded stake must be unbonded first)", operator, liquid, amount)
	}
	coins := sdk.NewCoins(amount)
	if err := a.bank.SendCoinsFromAccountToModule(types.WithStakeSupply(ctx), acc, types.ModuleName, coins); err != nil {
		return err
	}
	if err := a.bank.BurnCoins(ctx, types.ModuleName, coins); err != nil {
		return err
	}
	return emit(ctx, types.NewEventStakeBurned(operator, amount.String()))
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
func (a *admission) checkStakingMsg(ctx context.Context, articleID uint64, msg proto.Message, pending pendingStake) (*Violation, error) {
	rule := types.RuleValidatorAdmission
	switch m := msg.(type) {
	case *stakingtypes.MsgCreateValidator:
		op, err := sdk.ValAddressFromBech32(m.ValidatorAddress)
		if err != nil {
			return nil, nil // x/staking refuses it
		}
		return a.checkBond(ctx, articleID, op, m.Value, pending, "create a validator")
	case *stakingtypes.MsgDelegate:
		return a.checkSelfBond(ctx, articleID, m.DelegatorAddress, m.ValidatorAddress, m.Amount, pending, "bond")
	case *stakingtypes.MsgCancelUnbondingDelegation:
		return a.checkSelfBond(ctx, articleID, m.DelegatorAddress, m.ValidatorAddress, m.Amount, pending, "bond again")
	case *stakingtypes.MsgBeginRedelegate:
		return violation(articleID, rule, types.ErrStakeNotSelf,
			"%s would redelegate from %s to %s, another operator's validator", m.DelegatorAddress, m.ValidatorSrcAddress, m.ValidatorDstAddress), nil
	case *stakingtypes.MsgEditValidator:
		if m.CommissionRate == nil {
			return nil, nil // description-only edits are anyone's own business
		}
		return a.checkAdmitted(ctx, articleID, m.ValidatorAddress, "change its commission")
	case *slashingtypes.MsgUnjail:
		return a.checkAdmitted(ctx, articleID, m.ValidatorAddr, "unjail")
	}
	return nil, nil
}

// checkAdmitted is a violation unless the operator is admitted.
func (a *admission) checkAdmitted(ctx context.Context, articleID uint64, operator, what string) (*Violation, error) {
	op, err := sdk.ValAddressFromBech32(operator)
	if err != nil {
		return nil, nil // the module refuses it
	}
	ok, err := a.k.IsAdmitted(ctx, op)
	if err != nil || ok {
		return nil, err
	}
	return violation(articleID, types.RuleValidatorAdmission, types.ErrNotAdmitted, "%s is not admitted; it cannot %s", op, what), nil
}

// checkSelfBond checks a bond of amount by delegator to validator: only to
// its own validator, admitted, within its max power.
func (a *admission) checkSelfBond(ctx context.Context, articleID uint64, delegator, validator string, amount sdk.Coin, pending pendingStake, what string) (*Violation, error) {
	del, err := a.k.ac.StringToBytes(delegator)
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
	return a.checkBond(ctx, articleID, op, amount, pending, what)
}

// checkBond checks that operator is admitted and that its validator's
// tokens plus amount (and what the transaction bonded before) stay within
// its max power.
func (a *admission) checkBond(ctx context.Context, articleID uint64, op sdk.ValAddress, amount sdk.Coin, pending pendingStake, what string) (*Violation, error) {
	rule := types.RuleValidatorAdmission
	adm, admitted, err := a.get(ctx, op)
	if err != nil {
		return nil, err
	}
	if !admitted {
		return violation(articleID, rule, types.ErrNotAdmitted, "%s is not admitted; it cannot %s", op, what), nil
	}
	if err := a.requireKeepers(); err != nil {
		return nil, err
	}
	if amount.Denom != a.bondDenom || amount.Amount.IsNil() || !amount.Amount.IsPositive() {
		return nil, nil // x/staking refuses other denoms and amounts
	}
	tokens := math.ZeroInt()
	val, err := a.staking.GetValidator(ctx, op)
	switch {
	case err == nil:
		tokens = val.Tokens
	case !errors.Is(err, stakingtypes.ErrNoValidatorFound):
		return nil, err
	}
	before := tokens.Add(pending.get(op))
	after := before.Add(amount.Amount)
	limit := a.maxStake(ctx, adm.MaxPower)
	if after.GT(limit) {
		return violation(articleID, rule, types.ErrPowerCapExceeded,
			"%s would bond %s%s, more than its max power %d allows (%s%s)", op, after, a.bondDenom, adm.MaxPower, limit, a.bondDenom), nil
	}
	if pending != nil {
		pending[string(op)] = pending.get(op).Add(amount.Amount)
	}
	return nil, nil
}

// guardStakingMsg applies the validator-admission article to a staking or
// slashing message about to execute (the staking guard: every path that
// executes it, top level, authz, gov or any module, comes through it). It
// returns the registered error naming the article, or nil.
func (a *admission) guardStakingMsg(ctx context.Context, msg proto.Message) error {
	id, err := a.article(ctx)
	if err != nil || id == 0 {
		return err
	}
	v, err := a.checkStakingMsg(ctx, id, msg, nil)
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
// Such accounts cannot be frozen (see freezeAccount).
func (a *admission) isGovernor(ctx context.Context, addr sdk.AccAddress) (bool, error) {
	op := sdk.ValAddress(addr)
	admitted, err := a.k.IsAdmitted(ctx, op)
	if err != nil || admitted {
		return admitted, err
	}
	if a.staking == nil {
		return false, nil
	}
	val, err := a.staking.GetValidator(ctx, op)
	switch {
	case err == nil:
		return val.IsBonded(), nil
	case errors.Is(err, stakingtypes.ErrNoValidatorFound):
		return false, nil
	default:
		return false, err
	}
}

// movesStake reports whether amt moves any of the bond denom (false before
// SetValidatorKeepers).
func (a *admission) movesStake(amt sdk.Coins) bool {
	return a.bondDenom != "" && !amt.AmountOf(a.bondDenom).IsZero()
}

// checkStakeMovement refuses a movement of the bond denom unless it is
// between the two staking pools, or the authority's mint (x/aegis module
// account to an account) or burn (an account to the x/aegis module account)
// of the bond denom alone.
func (a *admission) checkStakeMovement(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	isPool := func(x sdk.AccAddress) bool { return x.Equals(a.stakePools[0]) || x.Equals(a.stakePools[1]) }
	if isPool(from) && isPool(to) {
		return nil
	}
	if types.IsStakeSupply(ctx) && len(amt) == 1 && (from.Equals(a.moduleAddr) || to.Equals(a.moduleAddr)) {
		return nil
	}
	return types.ErrStakeNotTransferable.Wrapf("aegis: %s cannot move from %s to %s: %s is bonded and unbonded by its validator, and minted and burned only by the authority",
		amt.AmountOf(a.bondDenom).String()+a.bondDenom, from, to, a.bondDenom)
}
