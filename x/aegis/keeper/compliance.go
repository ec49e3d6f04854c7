package keeper

import (
	"context"
	"errors"
	"fmt"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	"github.com/cosmos/cosmos-sdk/x/feegrant"

	"github.com/azora-os/nexus/x/aegis/types"
)

// Violation is a rejection by the constitution: the article and rule kind
// that reject, and the registered error the chain returns for it.
type Violation struct {
	// ArticleID of the rejecting article; 0 for the nesting param.
	ArticleID uint64
	// Rule kind, e.g. "standing", "velocity", "nesting".
	Rule string
	// Err is the registered error, e.g. ErrAccountFrozen wrapped with
	// "aegis: article 1 (standing): ...".
	Err error
}

// Error implements error, so a violation can travel through Walk.
func (v *Violation) Error() string { return v.Err.Error() }

// Unwrap returns the registered error.
func (v *Violation) Unwrap() error { return v.Err }

func violation(articleID uint64, rule string, base *errorsmod.Error, format string, args ...any) *Violation {
	msg := fmt.Sprintf(format, args...)
	return &Violation{
		ArticleID: articleID,
		Rule:      rule,
		Err:       base.Wrapf("aegis: article %d (%s): %s", articleID, rule, msg),
	}
}

// TxFacts is what the compliance check reads of a transaction.
type TxFacts struct {
	// Msgs are the top-level messages.
	Msgs []sdk.Msg
	// Signers are the transaction's signers; the signers of every message,
	// nested ones included, are added to them.
	Signers [][]byte
	// FeePayer pays the fees (may be empty: the first signer).
	FeePayer []byte
	// FeeGranter, if set, pays the fees through a fee grant.
	FeeGranter []byte
	// SignersCoverTopLevel says Signers already hold the signers of every
	// top-level message (true for a decoded transaction, whose signers are
	// exactly those), so only nested messages' signers are read.
	SignersCoverTopLevel bool
	// Fee and GasLimit are the transaction's fee and gas limit, checked
	// against the fee rule (params). Simulate says the gas limit may be
	// unknown: a simulated transaction (or a ComplianceCheck with a fee)
	// with gas limit 0 is checked as if it declared max_tx_gas. An empty fee
	// with gas limit 0 (ComplianceCheck without a fee) passes the rule.
	Fee      sdk.Coins
	GasLimit uint64
	Simulate bool
	// GasFreeFeeCharge (the ante decorator) checks the part of the fee
	// above gas limit × base_gas_price without charging gas for it, so the
	// gas a transaction uses does not depend on its gas price.
	GasFreeFeeCharge bool
}

// feeCharge is the part of a transaction's fee that counts against its
// payer's velocity limits (above gas limit × base_gas_price), if any.
type feeCharge struct {
	payer  sdk.AccAddress
	amount sdk.Coin
}

// positive reports whether there is a part of the fee to count.
func (c feeCharge) positive() bool {
	return !c.amount.Amount.IsNil() && c.amount.Amount.IsPositive()
}

// checkFee applies the fee rule of the params: the fee is paid in fee_denom
// only, the gas limit is at most max_tx_gas, and the fee at most
// ceil(gas limit × max_gas_price). It returns the part of the fee above
// ceil(gas limit × base_gas_price), which the velocity limits count, paid
// by the fee granter if a grant pays, else by the fee payer.
func checkFee(p types.FeeRule, f TxFacts) (feeCharge, *Violation) {
	fail := func(base *errorsmod.Error, param, format string, args ...any) *Violation {
		return &Violation{Rule: types.RuleFees, Err: base.Wrapf("aegis: fee rule (params.%s): %s", param, fmt.Sprintf(format, args...))}
	}
	gas := f.GasLimit
	if gas > p.MaxTxGas {
		return feeCharge{}, fail(types.ErrGasLimitTooHigh, "max_tx_gas", "gas limit %d is above max_tx_gas %d", gas, p.MaxTxGas)
	}
	if gas == 0 && f.Simulate {
		gas = p.MaxTxGas // unknown yet: the most it may be
	}
	for _, c := range f.Fee {
		if c.Denom != p.Denom {
			return feeCharge{}, fail(types.ErrFeeDenom, "fee_denom", "fees are paid in %s only; the fee is %s", p.Denom, f.Fee)
		}
	}
	amount := f.Fee.AmountOf(p.Denom)
	if !amount.IsPositive() {
		return feeCharge{}, nil
	}
	b := p.BoundsFor(gas)
	if amount.GT(b.Max) {
		return feeCharge{}, fail(types.ErrFeeTooHigh, "max_gas_price",
			"fee %s%s is above gas limit %d × max gas price %s%s = %s%s",
			amount, p.Denom, gas, types.DecString(p.MaxGasPrice), p.Denom, b.Max, p.Denom)
	}
	excess := amount.Sub(b.Free)
	if !excess.IsPositive() {
		return feeCharge{}, nil
	}
	payer := f.FeePayer
	if len(f.FeeGranter) > 0 {
		payer = f.FeeGranter
	}
	if len(payer) == 0 {
		return feeCharge{}, nil
	}
	return feeCharge{payer: sdk.AccAddress(payer), amount: sdk.NewCoin(p.Denom, excess)}, nil
}

// addrSet is an ordered set of addresses (deterministic iteration).
type addrSet struct {
	seen  map[string]bool
	items []sdk.AccAddress
}

func (s *addrSet) add(a []byte) {
	if len(a) == 0 {
		return
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if s.seen[string(a)] {
		return
	}
	s.seen[string(a)] = true
	s.items = append(s.items, sdk.AccAddress(a))
}

// checkContext caches the standing and module-account lookups of one check.
type checkContext struct {
	k       *Keeper
	ctx     context.Context
	records map[string]types.AccountStanding
	modules map[string]bool
}

func (c *checkContext) record(a sdk.AccAddress) (types.AccountStanding, error) {
	if r, ok := c.records[string(a)]; ok {
		return r, nil
	}
	r, _, err := c.k.getRecord(c.ctx, a)
	if err != nil {
		return types.AccountStanding{}, err
	}
	c.records[string(a)] = r
	return r, nil
}

func (c *checkContext) isModule(a sdk.AccAddress) bool {
	if m, ok := c.modules[string(a)]; ok {
		return m
	}
	m := c.k.isModuleAccount(c.ctx, a)
	c.modules[string(a)] = m
	return m
}

// complianceCheck checks a transaction against the constitution without
// changing state (the ComplianceCheck query; the ante decorator calls
// evaluate). It returns the first violation, in this order: message types,
// validator admission (staking messages of operators that are not admitted,
// bonds to another operator's validator, bonds above a max power summed
// over the transaction) and nesting (walking every message, nested ones
// included), frozen signers,
// frozen fee payer and fee granter, frozen senders and recipients of
// transfers, then per-transaction and daily limits summed over every
// transfer of the transaction. The error is for storage failures only.
func (k *Keeper) complianceCheck(ctx context.Context, facts TxFacts) (*Violation, error) {
	v, _, err := k.evaluate(ctx, facts)
	return v, err
}

// evaluate is complianceCheck that also returns the part of the fee the velocity
// limits count, for the ante decorator to record.
func (k *Keeper) evaluate(ctx context.Context, facts TxFacts) (*Violation, feeCharge, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		if !errorsIsNotFound(err) {
			return nil, feeCharge{}, err
		}
		params = types.DefaultParams()
	}
	// 0. The fee rule.
	charge, v := checkFee(params.FeeRule(), facts)
	if v != nil {
		return v, feeCharge{}, nil
	}
	if charge.positive() && facts.GasFreeFeeCharge {
		// Gas is charged for the checks as a simulation sees them: a
		// simulated tx carries no fee, so nothing of the fee's payer is read
		// or written for it. The part that depends on the fee amount (the
		// payer's standing, limit and window, and recording the charge)
		// runs again without gas, so "auto" gas (simulate × adjustment)
		// suffices at any gas price up to max_gas_price.
		if v, err := k.evaluateMsgs(ctx, params, facts, feeCharge{}); v != nil || err != nil {
			return v, feeCharge{}, err
		}
		ctx = sdk.UnwrapSDKContext(ctx).WithGasMeter(storetypes.NewInfiniteGasMeter())
	}
	v, err = k.evaluateMsgs(ctx, params, facts, charge)
	return v, charge, err
}

// evaluateMsgs runs every check after the fee rule; charge is the part of
// the fee the velocity limits count.
func (k *Keeper) evaluateMsgs(ctx context.Context, params types.Params, facts TxFacts, charge feeCharge) (*Violation, error) {
	policy, err := k.getPolicy(ctx)
	if err != nil {
		return nil, err
	}
	cc := &checkContext{k: k, ctx: ctx, records: map[string]types.AccountStanding{}, modules: map[string]bool{}}

	// 1. Walk every message.
	var signers addrSet
	for _, s := range facts.Signers {
		signers.add(s)
	}
	var transfers []types.Transfer
	// Stake bonded per validator by earlier messages of the transaction,
	// for the validator-admission article's max power.
	var pending pendingStake
	if policy.AdmissionArticleId != 0 {
		pending = pendingStake{}
	}
	msgs := make([]proto.Message, len(facts.Msgs))
	copy(msgs, facts.Msgs)
	walkErr := types.Walk(msgs, int(params.MaxMsgDepth), func(n types.Node) error {
		v, err := k.checkType(ctx, policy, n.TypeURL)
		if err != nil {
			return err
		}
		if v != nil {
			return v
		}
		if id := policy.AdmissionArticleId; id != 0 {
			v, err := k.admission.checkStakingMsg(ctx, id, n.Value, pending)
			if err != nil {
				return err
			}
			if v != nil {
				return v
			}
		}
		if v := k.checkGovGrant(n.Value, n.TypeURL); v != nil {
			return v
		}
		if k.router.HandlerByTypeURL(n.TypeURL) == nil {
			return nil // not an executable message: no signers, no transfers
		}
		if n.Depth > 1 || !facts.SignersCoverTopLevel {
			msgSigners, _, err := k.signers.GetMsgV1Signers(n.Value)
			if err != nil {
				return &Violation{Rule: types.RuleNesting, Err: types.ErrUnresolvedMsg.Wrapf("aegis: signers of %s at %s: %s", n.TypeURL, n.Path, err)}
			}
			for _, s := range msgSigners {
				signers.add(s)
			}
		}
		ts, err := k.transfersOf(n.Value, n.TypeURL)
		if err != nil {
			return &Violation{Rule: "transfer", Err: types.ErrInvalidTransfer.Wrapf("aegis: %s at %s: %s", n.TypeURL, n.Path, err)}
		}
		transfers = append(transfers, ts...)
		return nil
	})
	if walkErr != nil {
		var v *Violation
		switch {
		case errors.As(walkErr, &v):
			return v, nil
		case errors.Is(walkErr, types.ErrMsgTooDeep), errors.Is(walkErr, types.ErrUnresolvedMsg):
			return &Violation{Rule: types.RuleNesting, Err: walkErr}, nil
		default:
			return nil, walkErr
		}
	}

	// Decode the transfers once.
	type transfer struct {
		from, to sdk.AccAddress
		amount   sdk.Coins
	}
	decoded := make([]transfer, 0, len(transfers))
	for _, t := range transfers {
		from, err := k.ac.StringToBytes(t.From)
		if err != nil {
			return &Violation{Rule: "transfer", Err: types.ErrInvalidTransfer.Wrapf("aegis: sender %q: %s", t.From, err)}, nil
		}
		to, err := k.ac.StringToBytes(t.To)
		if err != nil {
			return &Violation{Rule: "transfer", Err: types.ErrInvalidTransfer.Wrapf("aegis: recipient %q: %s", t.To, err)}, nil
		}
		if !t.Amount.IsValid() {
			return &Violation{Rule: "transfer", Err: types.ErrInvalidTransfer.Wrapf("aegis: amount %q", t.Amount)}, nil
		}
		if bond := k.admission.bondDenom; bond != "" && !t.Amount.AmountOf(bond).IsZero() {
			// The bond denom only moves by bonding and unbonding (never a
			// reported transfer) and the authority's mint and burn: the send
			// restriction would refuse it during execution; refuse it here,
			// before any fee is taken.
			return &Violation{Rule: types.RuleStake, Err: types.ErrStakeNotTransferable.Wrapf(
				"aegis: %s cannot move from %s to %s: it is bonded and unbonded by its validator, and minted and burned only by the authority",
				t.Amount.AmountOf(bond).String()+bond, t.From, t.To)}, nil
		}
		decoded = append(decoded, transfer{from: from, to: to, amount: t.Amount})
	}

	// Gov funds: the gov module account holds the deposits of open
	// proposals; a proposal (or anything else) that would move them is
	// refused at submission, so a deposit refund can never fail in x/gov's
	// EndBlock (issue 14).
	if len(k.govAddr) > 0 {
		for _, t := range decoded {
			if t.from.Equals(k.govAddr) {
				return govFundsViolation("a message would move %s from the gov module account %s to %s", t.amount, t.from, t.to), nil
			}
		}
		for _, p := range [][]byte{facts.FeePayer, facts.FeeGranter} {
			if len(p) > 0 && k.govAddr.Equals(sdk.AccAddress(p)) {
				return govFundsViolation("the gov module account %s cannot pay a transaction's fee", k.govAddr), nil
			}
		}
	}

	// 2-4. Standing.
	if id := policy.StandingArticleId; id != 0 {
		frozen := func(role string, a sdk.AccAddress) (*Violation, error) {
			r, err := cc.record(a)
			if err != nil || !r.Frozen {
				return nil, err
			}
			return violation(id, types.RuleStanding, types.ErrAccountFrozen, "%s %s is frozen (%s)", role, a, r.FreezeReason), nil
		}
		for _, s := range signers.items {
			if v, err := frozen("signer", s); v != nil || err != nil {
				return v, err
			}
		}
		if len(facts.FeePayer) > 0 {
			if v, err := frozen("fee payer", facts.FeePayer); v != nil || err != nil {
				return v, err
			}
		}
		if len(facts.FeeGranter) > 0 {
			if v, err := frozen("fee granter", facts.FeeGranter); v != nil || err != nil {
				return v, err
			}
		}
		for _, t := range decoded {
			if v, err := frozen("sender", t.from); v != nil || err != nil {
				return v, err
			}
			if v, err := frozen("recipient", t.to); v != nil || err != nil {
				return v, err
			}
		}
	}

	// 5. Limits, summed per (sender, denom) over the whole transaction.
	if id := policy.VelocityArticleId; id != 0 {
		txSigners := make(map[string]bool, len(facts.Signers))
		for _, s := range facts.Signers {
			txSigners[string(s)] = true
		}
		type key struct{ from, denom string }
		var order []key
		sums := map[key]math.Int{}
		// The fee above gas limit × base_gas_price counts like a transfer
		// of its payer (the fee rule, params).
		var feeKey key
		if charge.positive() {
			feeKey = key{string(charge.payer), charge.amount.Denom}
			order = append(order, feeKey)
			sums[feeKey] = charge.amount.Amount
		}
		ofFee := func(kk key) string {
			if kk != feeKey || !charge.positive() {
				return ""
			}
			rule := params.FeeRule()
			return fmt.Sprintf(" (of which %s is fee above gas limit × base gas price %s%s)", charge.amount, types.DecString(rule.BaseGasPrice), rule.Denom)
		}
		for _, t := range decoded {
			if t.to.Equals(k.feeCollector) {
				continue
			}
			for _, c := range t.amount {
				kk := key{string(t.from), c.Denom}
				if _, ok := sums[kk]; !ok {
					order = append(order, kk)
					sums[kk] = math.ZeroInt()
				}
				sums[kk] = sums[kk].Add(c.Amount)
			}
		}
		for _, kk := range order {
			from := sdk.AccAddress(kk.from)
			r, err := cc.record(from)
			if err != nil {
				return nil, err
			}
			tier := policy.EffectiveTier(r.Tier)
			limit, ok, err := k.limitFor(ctx, tier, kk.denom)
			if err != nil {
				return nil, err
			}
			// A transaction's own signers are never module accounts (those
			// cannot sign), which saves the account read for plain sends.
			if !ok || (!txSigners[kk.from] && cc.isModule(from)) {
				continue
			}
			sum := sums[kk]
			if sum.GT(limit.PerTx) {
				return violation(id, types.RuleVelocity, types.ErrTxLimit,
					"%s would send %s%s in one transaction%s, limit %s%s (tier %s)", from, sum, kk.denom, ofFee(kk), limit.PerTx, kk.denom, tier), nil
			}
			used, err := k.usedToday(ctx, from, kk.denom)
			if err != nil {
				return nil, err
			}
			if used.Add(sum).GT(limit.PerDay) {
				return violation(id, types.RuleVelocity, types.ErrDailyLimit,
					"%s sent %s%s in the last 24 hours; %s%s more%s would exceed the daily limit %s%s (tier %s)",
					from, used, kk.denom, sum, kk.denom, ofFee(kk), limit.PerDay, kk.denom, tier), nil
			}
		}
	}
	return nil, nil
}

// govFundsViolation is the refusal of a movement of the gov module
// account's funds.
func govFundsViolation(format string, args ...any) *Violation {
	return &Violation{Rule: types.RuleGovFunds, Err: types.ErrGovFundsLocked.Wrapf(
		"aegis: gov funds: %s: the gov module account holds the deposits of open proposals, which only x/gov refunds or burns; the authority spends from the pivc growth pool (MsgSpendGrowth)",
		fmt.Sprintf(format, args...))}
}

// checkGovGrant refuses an authz grant or a fee allowance granted by the
// gov module account (in a proposal): the grantee could then move the
// deposits of open proposals in a transaction of its own.
func (k *Keeper) checkGovGrant(msg proto.Message, typeURL string) *Violation {
	if len(k.govAddr) == 0 {
		return nil
	}
	var granter string
	switch m := msg.(type) {
	case *authz.MsgGrant:
		granter = m.Granter
	case *feegrant.MsgGrantAllowance:
		granter = m.Granter
	default:
		return nil
	}
	g, err := k.ac.StringToBytes(granter)
	if err != nil || !k.govAddr.Equals(sdk.AccAddress(g)) {
		return nil // a malformed granter fails the message's own checks
	}
	return govFundsViolation("%s by the gov module account %s would let the grantee spend its funds", typeURL, granter)
}

// checkType returns a violation if typeURL is disallowed or belongs to a
// paused module.
func (k *Keeper) checkType(ctx context.Context, policy types.Policy, typeURL string) (*Violation, error) {
	id, err := k.DisallowedTypes.Get(ctx, typeURL)
	switch {
	case err == nil:
		return violation(id, types.RuleMessageTypes, types.ErrMsgDisallowed, "%s is disallowed", typeURL), nil
	case !errorsIsNotFound(err):
		return nil, err
	}
	if !policy.ModulesPaused {
		return nil, nil
	}
	for _, p := range types.PackagePrefixes(typeURL) {
		id, err := k.PausedModules.Get(ctx, p)
		switch {
		case err == nil:
			return violation(id, types.RulePausedModules, types.ErrModulePaused, "module %s is paused; %s is refused", p, typeURL), nil
		case !errorsIsNotFound(err):
			return nil, err
		}
	}
	return nil, nil
}

// errorsABCIInfo returns the codespace, code and message a client sees for
// err.
func errorsABCIInfo(err error) (string, uint32, string) {
	return errorsmod.ABCIInfo(err, false)
}
