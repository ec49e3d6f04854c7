package keeper_test

import (
	"context"

	sdkmath "cosmossdk.io/math"
	"go.uber.org/mock/gomock"

	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/query"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/azora-os/nexus/x/aegis/keeper"
	aegistestutil "github.com/azora-os/nexus/x/aegis/testutil"
	"github.com/azora-os/nexus/x/aegis/types"
)

// stakeState backs the staking and bank mocks of the validator tests.
type stakeState struct {
	validators map[string]stakingtypes.Validator
	unbonding  map[string]sdkmath.Int
	liquid     map[string]sdkmath.Int
	jailed     []sdk.ConsAddress
	minted     sdk.Coins
	burned     sdk.Coins
	supplyCtx  []bool // types.IsStakeSupply of each bank send
}

// withValidatorKeepers installs staking and bank mocks backed by a
// stakeState.
func (s *KeeperSuite) withValidatorKeepers() *stakeState {
	st := &stakeState{validators: map[string]stakingtypes.Validator{}, unbonding: map[string]sdkmath.Int{}, liquid: map[string]sdkmath.Int{}}
	ctrl := gomock.NewController(s.T())
	sk := aegistestutil.NewMockStakingKeeper(ctrl)
	sk.EXPECT().PowerReduction(gomock.Any()).Return(sdk.DefaultPowerReduction).AnyTimes()
	sk.EXPECT().BondDenom(gomock.Any()).Return("ustake", nil).AnyTimes()
	sk.EXPECT().GetValidator(gomock.Any(), gomock.Any()).DoAndReturn(func(_ context.Context, op sdk.ValAddress) (stakingtypes.Validator, error) {
		v, ok := st.validators[string(op)]
		if !ok {
			return stakingtypes.Validator{}, stakingtypes.ErrNoValidatorFound
		}
		return v, nil
	}).AnyTimes()
	sk.EXPECT().GetUnbondingDelegation(gomock.Any(), gomock.Any(), gomock.Any()).DoAndReturn(
		func(_ context.Context, _ sdk.AccAddress, op sdk.ValAddress) (stakingtypes.UnbondingDelegation, error) {
			amt, ok := st.unbonding[string(op)]
			if !ok {
				return stakingtypes.UnbondingDelegation{}, stakingtypes.ErrNoUnbondingDelegation
			}
			return stakingtypes.UnbondingDelegation{Entries: []stakingtypes.UnbondingDelegationEntry{{Balance: amt, InitialBalance: amt}}}, nil
		}).AnyTimes()
	sk.EXPECT().Jail(gomock.Any(), gomock.Any()).DoAndReturn(func(_ context.Context, c sdk.ConsAddress) error {
		st.jailed = append(st.jailed, c)
		return nil
	}).AnyTimes()
	bk := aegistestutil.NewMockBankKeeper(ctrl)
	bk.EXPECT().GetBalance(gomock.Any(), gomock.Any(), "ustake").DoAndReturn(func(_ context.Context, a sdk.AccAddress, d string) sdk.Coin {
		if v, ok := st.liquid[string(a)]; ok {
			return sdk.NewCoin(d, v)
		}
		return sdk.NewInt64Coin(d, 0)
	}).AnyTimes()
	bk.EXPECT().MintCoins(gomock.Any(), types.ModuleName, gomock.Any()).DoAndReturn(func(_ context.Context, _ string, c sdk.Coins) error {
		st.minted = st.minted.Add(c...)
		return nil
	}).AnyTimes()
	bk.EXPECT().BurnCoins(gomock.Any(), types.ModuleName, gomock.Any()).DoAndReturn(func(_ context.Context, _ string, c sdk.Coins) error {
		st.burned = st.burned.Add(c...)
		return nil
	}).AnyTimes()
	bk.EXPECT().SendCoinsFromModuleToAccount(gomock.Any(), types.ModuleName, gomock.Any(), gomock.Any()).DoAndReturn(
		func(ctx context.Context, _ string, to sdk.AccAddress, c sdk.Coins) error {
			st.supplyCtx = append(st.supplyCtx, types.IsStakeSupply(ctx))
			st.liquid[string(to)] = st.liquidOf(to).Add(c.AmountOf("ustake"))
			return nil
		}).AnyTimes()
	bk.EXPECT().SendCoinsFromAccountToModule(gomock.Any(), gomock.Any(), types.ModuleName, gomock.Any()).DoAndReturn(
		func(ctx context.Context, from sdk.AccAddress, _ string, c sdk.Coins) error {
			st.supplyCtx = append(st.supplyCtx, types.IsStakeSupply(ctx))
			st.liquid[string(from)] = st.liquidOf(from).Sub(c.AmountOf("ustake"))
			return nil
		}).AnyTimes()
	s.k.SetValidatorKeepers(sk, bk, "ustake")
	return st
}

func (st *stakeState) liquidOf(a sdk.AccAddress) sdkmath.Int {
	if v, ok := st.liquid[string(a)]; ok {
		return v
	}
	return sdkmath.ZeroInt()
}

// bondValidator gives operator i a bonded validator with tokens.
func (st *stakeState) bondValidator(i byte, tokens int64, jailed bool) {
	pk := ed25519.GenPrivKeyFromSecret([]byte{i}).PubKey()
	v, err := stakingtypes.NewValidator(valAddr(i).String(), pk, stakingtypes.Description{Moniker: "v"})
	if err != nil {
		panic(err)
	}
	v.Tokens = sdkmath.NewInt(tokens)
	v.Status = stakingtypes.Bonded
	v.Jailed = jailed
	st.validators[string(valAddr(i))] = v
}

func valAddr(i byte) sdk.ValAddress { return sdk.ValAddress(accAddr(i)) }

func stakeCoin(n int64) sdk.Coin { return sdk.NewInt64Coin("ustake", n) }

// mpower is n units of consensus power in ustake.
func mpower(n int64) int64 { return n * 1_000_000 }

func (s *KeeperSuite) admit(i byte, maxPower uint64) {
	_, err := s.ms.AdmitValidator(s.fresh(), &types.MsgAdmitValidator{Authority: s.authority, Operator: valAddr(i).String(), MaxPower: maxPower})
	s.Require().NoError(err)
}

func (s *KeeperSuite) TestAdmitValidator() {
	st := s.withValidatorKeepers()
	op := valAddr(1).String()
	st.liquid[string(accAddr(2))] = sdkmath.NewInt(mpower(5))
	s.freeze(3)
	bad := []struct {
		name   string
		msg    *types.MsgAdmitValidator
		expErr error
	}{
		{"not the authority", &types.MsgAdmitValidator{Authority: s.officer, Operator: op, MaxPower: 10}, govtypes.ErrInvalidSigner},
		{"bad operator", &types.MsgAdmitValidator{Authority: s.authority, Operator: acc(1), MaxPower: 10}, sdkerrors.ErrInvalidAddress},
		{"zero power", &types.MsgAdmitValidator{Authority: s.authority, Operator: op}, types.ErrInvalidAdmission},
		{"too much power", &types.MsgAdmitValidator{Authority: s.authority, Operator: op, MaxPower: types.MaxValidatorPower + 1}, types.ErrInvalidAdmission},
		{"holds more than the cap", &types.MsgAdmitValidator{Authority: s.authority, Operator: valAddr(2).String(), MaxPower: 4}, types.ErrPowerCapExceeded},
		{"frozen account", &types.MsgAdmitValidator{Authority: s.authority, Operator: valAddr(3).String(), MaxPower: 10}, types.ErrInvalidAdmission},
		{"module account", &types.MsgAdmitValidator{Authority: s.authority, Operator: sdk.ValAddress(authtypes.NewModuleAddress("escrow")).String(), MaxPower: 10}, types.ErrInvalidAdmission},
	}
	for _, tc := range bad {
		s.Run(tc.name, func() {
			before := s.snapshot()
			_, err := s.ms.AdmitValidator(s.fresh(), tc.msg)
			s.Require().ErrorIs(err, tc.expErr)
			s.Require().Equal(before, s.snapshot())
		})
	}

	s.admit(1, 10)
	s.requireEvent("azora.aegis.v1.EventValidatorAdmitted")
	adm, ok, err := s.k.GetAdmission(s.ctx, valAddr(1))
	s.Require().NoError(err)
	s.Require().True(ok)
	s.Require().Equal(types.AdmittedValidator{Operator: op, MaxPower: 10, AdmittedHeight: 10}, adm)

	// Admitting again changes the max power; the event carries the old one.
	s.admit(1, 20)
	ev := s.ctx.EventManager().Events()
	s.Require().Contains(ev[len(ev)-1].Attributes[1].Value+ev[len(ev)-1].Attributes[2].Value, "10")
	adm, _, err = s.k.GetAdmission(s.ctx, valAddr(1))
	s.Require().NoError(err)
	s.Require().Equal(uint64(20), adm.MaxPower)

	// Exactly at what it holds is fine.
	s.admit(2, 5)

	// Query: the list and one power cap.
	list, err := s.qs.AdmittedValidators(s.ctx, &types.QueryAdmittedValidatorsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	s.Require().NoError(err)
	s.Require().Len(list.Validators, 1)
	s.Require().Equal(uint64(2), list.Pagination.Total)
	s.Require().Equal(types.ArticleValidatorAdmission, list.ArticleId)
	capRes, err := s.qs.PowerCap(s.ctx, &types.QueryPowerCapRequest{Operator: valAddr(2).String()})
	s.Require().NoError(err)
	s.Require().True(capRes.Admitted)
	s.Require().Equal(int64(mpower(5)), capRes.MaxStake.Int64())
	s.Require().Equal(int64(mpower(5)), capRes.Liquid.Int64())
	s.Require().True(capRes.Mintable.IsZero())
	s.Require().Equal(int64(mpower(5)), capRes.Bondable.Int64())
	_, err = s.qs.PowerCap(s.ctx, &types.QueryPowerCapRequest{Operator: "nope"})
	s.Require().Error(err)
}

func (s *KeeperSuite) TestAdmissionListIsBounded() {
	s.withValidatorKeepers()
	for i := 0; i < types.MaxAdmittedValidators; i++ {
		op := sdk.ValAddress(append([]byte{0xBB, byte(i >> 8), byte(i)}, make([]byte, 17)...))
		_, err := s.ms.AdmitValidator(s.ctx, &types.MsgAdmitValidator{Authority: s.authority, Operator: op.String(), MaxPower: 1})
		s.Require().NoError(err)
	}
	_, err := s.ms.AdmitValidator(s.ctx, &types.MsgAdmitValidator{Authority: s.authority, Operator: valAddr(1).String(), MaxPower: 1})
	s.Require().ErrorIs(err, types.ErrInvalidAdmission)
}

func (s *KeeperSuite) TestRemoveValidator() {
	st := s.withValidatorKeepers()
	for i := byte(1); i <= 3; i++ {
		s.admit(i, 10)
	}
	st.bondValidator(1, mpower(10), false)
	st.bondValidator(2, mpower(10), true)

	bad := []struct {
		name   string
		msg    *types.MsgRemoveValidator
		expErr error
	}{
		{"not the authority", &types.MsgRemoveValidator{Authority: s.officer, Operator: valAddr(1).String(), Reason: "r"}, govtypes.ErrInvalidSigner},
		{"no reason", &types.MsgRemoveValidator{Authority: s.authority, Operator: valAddr(1).String()}, types.ErrInvalidAttestation},
		{"bad operator", &types.MsgRemoveValidator{Authority: s.authority, Operator: "x", Reason: "r"}, sdkerrors.ErrInvalidAddress},
		{"not admitted", &types.MsgRemoveValidator{Authority: s.authority, Operator: valAddr(9).String(), Reason: "r"}, types.ErrNotAdmitted},
	}
	for _, tc := range bad {
		s.Run(tc.name, func() {
			before := s.snapshot()
			_, err := s.ms.RemoveValidator(s.fresh(), tc.msg)
			s.Require().ErrorIs(err, tc.expErr)
			s.Require().Equal(before, s.snapshot())
		})
	}

	// A bonded validator is jailed.
	res, err := s.ms.RemoveValidator(s.fresh(), &types.MsgRemoveValidator{Authority: s.authority, Operator: valAddr(1).String(), Reason: "misconduct"})
	s.Require().NoError(err)
	s.Require().True(res.Jailed)
	s.requireEvent("azora.aegis.v1.EventValidatorRemoved")
	s.Require().Len(st.jailed, 1)
	ok, err := s.k.IsAdmitted(s.ctx, valAddr(1))
	s.Require().NoError(err)
	s.Require().False(ok)

	// A jailed one is not jailed twice; one without a validator just leaves the list.
	res, err = s.ms.RemoveValidator(s.fresh(), &types.MsgRemoveValidator{Authority: s.authority, Operator: valAddr(2).String(), Reason: "r"})
	s.Require().NoError(err)
	s.Require().False(res.Jailed)
	res, err = s.ms.RemoveValidator(s.fresh(), &types.MsgRemoveValidator{Authority: s.authority, Operator: valAddr(3).String(), Reason: "r"})
	s.Require().NoError(err)
	s.Require().False(res.Jailed)
	s.Require().Len(st.jailed, 1)
}

func (s *KeeperSuite) TestMintAndBurnStake() {
	st := s.withValidatorKeepers()
	s.admit(1, 10)
	st.bondValidator(1, mpower(4), false)
	st.unbonding[string(valAddr(1))] = sdkmath.NewInt(mpower(1))
	op := valAddr(1).String()

	badMint := []struct {
		name   string
		msg    *types.MsgMintStake
		expErr error
	}{
		{"not the authority", &types.MsgMintStake{Authority: s.officer, Operator: op, Amount: stakeCoin(1)}, govtypes.ErrInvalidSigner},
		{"wrong denom", &types.MsgMintStake{Authority: s.authority, Operator: op, Amount: sdk.NewInt64Coin("uazr", 1)}, types.ErrInvalidStake},
		{"zero", &types.MsgMintStake{Authority: s.authority, Operator: op, Amount: stakeCoin(0)}, types.ErrInvalidStake},
		{"not admitted", &types.MsgMintStake{Authority: s.authority, Operator: valAddr(2).String(), Amount: stakeCoin(1)}, types.ErrNotAdmitted},
		// 4 bonded + 1 unbonding + 6 = 11 > 10.
		{"over the cap", &types.MsgMintStake{Authority: s.authority, Operator: op, Amount: stakeCoin(mpower(6))}, types.ErrPowerCapExceeded},
	}
	for _, tc := range badMint {
		s.Run(tc.name, func() {
			_, err := s.ms.MintStake(s.fresh(), tc.msg)
			s.Require().ErrorIs(err, tc.expErr)
			s.Require().True(st.minted.IsZero())
		})
	}
	_, err := s.ms.MintStake(s.fresh(), &types.MsgMintStake{Authority: s.authority, Operator: op, Amount: stakeCoin(mpower(5))})
	s.Require().NoError(err)
	s.requireEvent("azora.aegis.v1.EventStakeMinted")
	s.Require().Equal(sdk.NewCoins(stakeCoin(mpower(5))), st.minted)
	s.Require().Equal(int64(mpower(5)), st.liquidOf(accAddr(1)).Int64())
	s.Require().Equal([]bool{true}, st.supplyCtx)

	// Burn: at most the liquid stake; a removed operator's stake too.
	_, err = s.ms.BurnStake(s.fresh(), &types.MsgBurnStake{Authority: s.authority, Operator: op, Amount: stakeCoin(mpower(6))})
	s.Require().ErrorIs(err, types.ErrInvalidStake)
	_, err = s.ms.BurnStake(s.fresh(), &types.MsgBurnStake{Authority: s.officer, Operator: op, Amount: stakeCoin(1)})
	s.Require().ErrorIs(err, govtypes.ErrInvalidSigner)
	_, err = s.ms.RemoveValidator(s.fresh(), &types.MsgRemoveValidator{Authority: s.authority, Operator: op, Reason: "r"})
	s.Require().NoError(err)
	_, err = s.ms.BurnStake(s.fresh(), &types.MsgBurnStake{Authority: s.authority, Operator: op, Amount: stakeCoin(mpower(2))})
	s.Require().NoError(err)
	s.requireEvent("azora.aegis.v1.EventStakeBurned")
	s.Require().Equal(sdk.NewCoins(stakeCoin(mpower(2))), st.burned)
	s.Require().Equal(int64(mpower(3)), st.liquidOf(accAddr(1)).Int64())
}

func (s *KeeperSuite) TestGuardStakingMsg() {
	st := s.withValidatorKeepers()
	s.admit(1, 10)
	st.bondValidator(1, mpower(8), false)
	pk := ed25519.GenPrivKeyFromSecret([]byte("x")).PubKey()
	create := func(i byte, amt int64) sdk.Msg {
		m, err := stakingtypes.NewMsgCreateValidator(valAddr(i).String(), pk, stakeCoin(amt), stakingtypes.Description{Moniker: "m"},
			stakingtypes.NewCommissionRates(sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec()), sdkmath.OneInt())
		s.Require().NoError(err)
		return m
	}
	rate := sdkmath.LegacyNewDecWithPrec(1, 1)
	cases := []struct {
		name   string
		msg    sdk.Msg
		expErr error
	}{
		{"create, not admitted", create(2, 1), types.ErrNotAdmitted},
		{"create, admitted, over the cap", create(1, mpower(3)), types.ErrPowerCapExceeded},
		{"create, admitted, within", create(1, mpower(2)), nil},
		{"delegate to self within", stakingtypes.NewMsgDelegate(acc(1), valAddr(1).String(), stakeCoin(mpower(2))), nil},
		{"delegate to self over", stakingtypes.NewMsgDelegate(acc(1), valAddr(1).String(), stakeCoin(mpower(2)+1)), types.ErrPowerCapExceeded},
		{"delegate to another", stakingtypes.NewMsgDelegate(acc(2), valAddr(1).String(), stakeCoin(1)), types.ErrStakeNotSelf},
		{"delegate, not admitted", stakingtypes.NewMsgDelegate(acc(2), valAddr(2).String(), stakeCoin(1)), types.ErrNotAdmitted},
		{"delegate another denom", stakingtypes.NewMsgDelegate(acc(1), valAddr(1).String(), sdk.NewInt64Coin("uazr", mpower(50))), nil},
		{"redelegate", stakingtypes.NewMsgBeginRedelegate(acc(1), valAddr(1).String(), valAddr(2).String(), stakeCoin(1)), types.ErrStakeNotSelf},
		{"cancel unbonding over", stakingtypes.NewMsgCancelUnbondingDelegation(acc(1), valAddr(1).String(), 1, stakeCoin(mpower(3))), types.ErrPowerCapExceeded},
		{"cancel unbonding, not admitted", stakingtypes.NewMsgCancelUnbondingDelegation(acc(2), valAddr(2).String(), 1, stakeCoin(1)), types.ErrNotAdmitted},
		{"edit commission, not admitted", stakingtypes.NewMsgEditValidator(valAddr(2).String(), stakingtypes.Description{}, &rate, nil), types.ErrNotAdmitted},
		{"edit description, not admitted", stakingtypes.NewMsgEditValidator(valAddr(2).String(), stakingtypes.Description{Moniker: "n"}, nil, nil), nil},
		{"edit commission, admitted", stakingtypes.NewMsgEditValidator(valAddr(1).String(), stakingtypes.Description{}, &rate, nil), nil},
		{"unjail, not admitted", slashingtypes.NewMsgUnjail(valAddr(2).String()), types.ErrNotAdmitted},
		{"unjail, admitted", slashingtypes.NewMsgUnjail(valAddr(1).String()), nil},
		{"undelegate, not admitted", stakingtypes.NewMsgUndelegate(acc(2), valAddr(2).String(), stakeCoin(1)), nil},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			err := s.k.GuardStakingMsg(s.ctx, tc.msg)
			if tc.expErr == nil {
				s.Require().NoError(err)
				return
			}
			s.Require().ErrorIs(err, tc.expErr)
			s.Require().Contains(err.Error(), "article 5 (validator-admission)")
		})
	}

	// The ante sums bonds to one validator over the transaction.
	v, err := s.k.Evaluate(s.ctx, keeper.TxFacts{Msgs: []sdk.Msg{
		stakingtypes.NewMsgDelegate(acc(1), valAddr(1).String(), stakeCoin(mpower(1))),
		stakingtypes.NewMsgDelegate(acc(1), valAddr(1).String(), stakeCoin(mpower(1)+1)),
	}, Signers: [][]byte{accAddr(1)}, SignersCoverTopLevel: true})
	s.Require().NoError(err)
	s.Require().NotNil(v)
	s.Require().ErrorIs(v.Err, types.ErrPowerCapExceeded)
	s.Require().Equal(types.RuleValidatorAdmission, v.Rule)

	// With the article disabled, nothing is refused.
	a, err := s.k.GetArticle(s.ctx, types.ArticleValidatorAdmission)
	s.Require().NoError(err)
	_, err = s.ms.AmendArticle(s.fresh(), &types.MsgAmendArticle{Authority: s.authority, Id: a.Id, Title: a.Title, Text: a.Text, Rule: a.Rule, Enabled: false})
	s.Require().NoError(err)
	s.Require().NoError(s.k.GuardStakingMsg(s.ctx, create(2, mpower(100))))
}

func (s *KeeperSuite) TestStakeNotTransferable() {
	st := s.withValidatorKeepers()
	_ = st
	bonded, notBonded := authtypes.NewModuleAddress(stakingtypes.BondedPoolName), authtypes.NewModuleAddress(stakingtypes.NotBondedPoolName)
	aegisAcc := authtypes.NewModuleAddress(types.ModuleName)
	one := sdk.NewCoins(stakeCoin(1))
	cases := []struct {
		name     string
		ctx      context.Context
		from, to sdk.AccAddress
		amt      sdk.Coins
		expErr   error
	}{
		{"account to account", s.ctx, accAddr(1), accAddr(2), one, types.ErrStakeNotTransferable},
		{"mixed coins", s.ctx, accAddr(1), accAddr(2), one.Add(sdk.NewInt64Coin("uazr", 5)), types.ErrStakeNotTransferable},
		{"to a pool by send", s.ctx, accAddr(1), bonded, one, types.ErrStakeNotTransferable},
		{"to the fee collector", s.ctx, accAddr(1), authtypes.NewModuleAddress(authtypes.FeeCollectorName), one, types.ErrStakeNotTransferable},
		{"pool to pool", s.ctx, bonded, notBonded, one, nil},
		{"mint without the authority", s.ctx, aegisAcc, accAddr(1), one, types.ErrStakeNotTransferable},
		{"mint", types.WithStakeSupply(s.ctx), aegisAcc, accAddr(1), one, nil},
		{"burn", types.WithStakeSupply(s.ctx), accAddr(1), aegisAcc, one, nil},
		{"authority context, other accounts", types.WithStakeSupply(s.ctx), accAddr(1), accAddr(2), one, types.ErrStakeNotTransferable},
		{"other denoms", s.ctx, accAddr(1), accAddr(2), uazr(5), nil},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			_, err := s.k.SendRestriction(tc.ctx, tc.from, tc.to, tc.amt)
			if tc.expErr == nil {
				s.Require().NoError(err)
				return
			}
			s.Require().ErrorIs(err, tc.expErr)
		})
	}
}

func (s *KeeperSuite) TestOperatorsCannotBeFrozen() {
	st := s.withValidatorKeepers()
	s.admit(1, 10)
	st.bondValidator(2, mpower(1), false) // bonded but not admitted (article disabled at some point)
	st.bondValidator(3, mpower(1), false)
	v := st.validators[string(valAddr(3))]
	v.Status = stakingtypes.Unbonded
	st.validators[string(valAddr(3))] = v

	for _, i := range []byte{1, 2} {
		for _, signer := range []string{s.officer, s.authority} {
			_, err := s.ms.FreezeAccount(s.fresh(), &types.MsgFreezeAccount{Officer: signer, Address: acc(i), Reason: "r"})
			s.Require().ErrorIs(err, types.ErrInvalidStanding)
			s.Require().Contains(err.Error(), "votes in governance")
		}
	}
	// Neither admitted nor bonded: the freeze goes through.
	s.freeze(3)
}
