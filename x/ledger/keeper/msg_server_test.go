package keeper_test

import (
	"strings"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/types/movement"
	"github.com/azora-os/nexus/x/ledger/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

const transferURL = "/azora.ledger.v1.MsgTransfer"

func (s *KeeperTestSuite) transfer(from, to sdk.AccAddress, amt sdk.Coins, ref string) (sdk.Events, error) {
	return s.transferBy(from, to, amt, ref, testDeadline)
}

// transferBy pays with a given deadline.
func (s *KeeperTestSuite) transferBy(from, to sdk.AccAddress, amt sdk.Coins, ref string, deadline time.Time) (sdk.Events, error) {
	msg := &types.MsgTransfer{Deadline: &deadline, From: from.String(), To: to.String(), Amount: amt, Reference: ref, Memo: "rent"}
	return s.e.tx(func(ctx sdk.Context) error {
		_, err := s.msgServer.Transfer(ctx, msg)
		return err
	}, transferURL)
}

func (s *KeeperTestSuite) TestTransferRecordsOneEntryWithFeeAndReference() {
	h := s.e.head(s.T())
	events, err := s.transfer(s.alice, s.bob, uazr(1000), "INV-1")
	s.Require().NoError(err)
	// One EventPaymentSent with the fee.
	var found bool
	for _, ev := range events {
		if ev.Type == "azora.ledger.v1.EventPaymentSent" {
			found = true
			for _, a := range ev.Attributes {
				if a.Key == "fee" {
					s.Require().Contains(a.Value, `"amount":"50"`)
				}
			}
		}
	}
	s.Require().True(found)
	// Nothing is numbered before the end of the block.
	s.Require().Equal(h.LastSequence, s.e.head(s.T()).LastSequence)
	s.e.endBlock(s.T())

	e := s.e.entry(s.T(), h.LastSequence+1)
	s.Require().Equal(s.alice.String(), e.From)
	s.Require().Equal(s.bob.String(), e.To)
	s.Require().Equal(uazr(1000), e.Coins)
	s.Require().Equal(uazr(50), e.Fee)
	s.Require().Equal("INV-1", e.Reference)
	s.Require().Equal(transferURL, e.MsgType)
	s.Require().Equal(s.e.ctx.BlockHeight()-1, e.Height)
	s.Require().Equal(h.LastSequence+1, s.e.head(s.T()).LastSequence, "the fee moves are not entries of their own")
	s.Require().Equal(math.NewInt(1_000_000-1050), s.e.bk.GetBalance(s.e.ctx, s.alice, "uazr").Amount)
}

func (s *KeeperTestSuite) TestBadInputIsRefusedWithoutStateChange() {
	// alice already used "USED".
	_, err := s.transfer(s.alice, s.bob, uazr(10), "USED")
	s.Require().NoError(err)
	s.e.endBlock(s.T())
	params, err := s.e.k.Params.Get(s.e.ctx)
	s.Require().NoError(err)

	// Valid from the block time up to max_payment_deadline (7 days) after it.
	past := genesisTime.Add(-time.Nanosecond)
	tooFar := genesisTime.Add(types.DefaultMaxPaymentDeadline + time.Nanosecond)
	outputs := func(n int) []types.BatchOutput {
		out := make([]types.BatchOutput, n)
		for i := range out {
			out[i] = types.BatchOutput{To: testAddr("payee" + string(rune('a'+i%26)) + string(rune('a'+i/26))).String(), Amount: uazr(1)}
		}
		return out
	}
	escrow := s.escrow.String()
	cases := []struct {
		name   string
		msg    sdk.Msg
		expErr *errorsmod.Error
	}{
		{"duplicate reference", &types.MsgTransfer{Deadline: &testDeadline, From: s.alice.String(), To: s.bob.String(), Amount: uazr(10), Reference: "USED"}, types.ErrDuplicateReference},
		{"duplicate reference in a batch", &types.MsgBatchTransfer{Deadline: &testDeadline, From: s.alice.String(), Outputs: outputs(1), Reference: "USED"}, types.ErrDuplicateReference},
		{"no deadline", &types.MsgTransfer{From: s.alice.String(), To: s.bob.String(), Amount: uazr(10), Reference: "D0"}, types.ErrInvalidDeadline},
		{"deadline passed", &types.MsgTransfer{Deadline: &past, From: s.alice.String(), To: s.bob.String(), Amount: uazr(10), Reference: "D1"}, types.ErrPaymentExpired},
		{"deadline too far ahead", &types.MsgTransfer{Deadline: &tooFar, From: s.alice.String(), To: s.bob.String(), Amount: uazr(10), Reference: "D2"}, types.ErrInvalidDeadline},
		{"batch deadline passed", &types.MsgBatchTransfer{Deadline: &past, From: s.alice.String(), Outputs: outputs(1), Reference: "D3"}, types.ErrPaymentExpired},
		{"empty reference", &types.MsgTransfer{Deadline: &testDeadline, From: s.alice.String(), To: s.bob.String(), Amount: uazr(10)}, types.ErrInvalidReference},
		{"65-byte reference", &types.MsgTransfer{Deadline: &testDeadline, From: s.alice.String(), To: s.bob.String(), Amount: uazr(10), Reference: strings.Repeat("r", 65)}, types.ErrInvalidReference},
		{"control character", &types.MsgTransfer{Deadline: &testDeadline, From: s.alice.String(), To: s.bob.String(), Amount: uazr(10), Reference: "a\nb"}, types.ErrInvalidReference},
		{"non-ASCII", &types.MsgTransfer{Deadline: &testDeadline, From: s.alice.String(), To: s.bob.String(), Amount: uazr(10), Reference: "façade"}, types.ErrInvalidReference},
		{"zero amount", &types.MsgTransfer{Deadline: &testDeadline, From: s.alice.String(), To: s.bob.String(), Amount: sdk.Coins{}, Reference: "Z"}, types.ErrInvalidAmount},
		{"unsorted coins", &types.MsgTransfer{Deadline: &testDeadline, From: s.alice.String(), To: s.bob.String(), Amount: sdk.Coins{sdk.NewInt64Coin("uazr", 1), sdk.NewInt64Coin("a/kasi", 1)}, Reference: "U"}, types.ErrInvalidAmount},
		{"self-transfer", &types.MsgTransfer{Deadline: &testDeadline, From: s.alice.String(), To: s.alice.String(), Amount: uazr(10), Reference: "S"}, types.ErrSelfTransfer},
		{"module account recipient", &types.MsgTransfer{Deadline: &testDeadline, From: s.alice.String(), To: escrow, Amount: uazr(10), Reference: "M"}, types.ErrInvalidRecipient},
		{"memo too long", &types.MsgTransfer{Deadline: &testDeadline, From: s.alice.String(), To: s.bob.String(), Amount: uazr(10), Reference: "L", Memo: strings.Repeat("m", 257)}, types.ErrMemoTooLong},
		{"more than amount + PIVC", &types.MsgTransfer{Deadline: &testDeadline, From: s.alice.String(), To: s.bob.String(), Amount: uazr(1_000_000), Reference: "F"}, pivctypes.ErrInsufficientFunds},
		{"bad sender address", &types.MsgTransfer{Deadline: &testDeadline, From: "azora1bad", To: s.bob.String(), Amount: uazr(10), Reference: "A"}, sdkerrors.ErrInvalidAddress},
		{"batch over max_batch_size", &types.MsgBatchTransfer{Deadline: &testDeadline, From: s.alice.String(), Outputs: outputs(int(params.MaxBatchSize) + 1), Reference: "B1"}, types.ErrBatchTooLarge},
		{"empty batch", &types.MsgBatchTransfer{Deadline: &testDeadline, From: s.alice.String(), Reference: "B2"}, types.ErrEmptyBatch},
		{"duplicate recipient", &types.MsgBatchTransfer{Deadline: &testDeadline, From: s.alice.String(), Reference: "B3", Outputs: []types.BatchOutput{
			{To: s.bob.String(), Amount: uazr(1)}, {To: s.bob.String(), Amount: uazr(2)},
		}}, types.ErrDuplicateRecipient},
		{"batch paying the payer", &types.MsgBatchTransfer{Deadline: &testDeadline, From: s.alice.String(), Reference: "B4", Outputs: []types.BatchOutput{
			{To: s.bob.String(), Amount: uazr(1)}, {To: s.alice.String(), Amount: uazr(2)},
		}}, types.ErrSelfTransfer},
		{"batch over the balance at its last output", &types.MsgBatchTransfer{Deadline: &testDeadline, From: s.alice.String(), Reference: "B5", Outputs: []types.BatchOutput{
			{To: s.bob.String(), Amount: uazr(500_000)}, {To: s.carol.String(), Amount: uazr(490_000)},
		}}, pivctypes.ErrInsufficientFunds},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			h := s.e.head(s.T())
			before := s.e.bk.GetAllBalances(s.e.ctx, s.alice)
			_, err := s.e.tx(func(ctx sdk.Context) error {
				var err error
				switch m := tc.msg.(type) {
				case *types.MsgTransfer:
					_, err = s.msgServer.Transfer(ctx, m)
				case *types.MsgBatchTransfer:
					_, err = s.msgServer.BatchTransfer(ctx, m)
				}
				return err
			})
			s.Require().ErrorIs(err, tc.expErr)
			s.e.endBlock(s.T())
			s.Require().Equal(h.LastSequence, s.e.head(s.T()).LastSequence, "no entry")
			s.Require().Equal(before, s.e.bk.GetAllBalances(s.e.ctx, s.alice), "no balance change")
		})
	}
	// The stateless checks agree with the keeper's for what they can see.
	for _, tc := range cases {
		if v, ok := tc.msg.(sdk.HasValidateBasic); ok {
			if err := v.ValidateBasic(); err != nil {
				s.Require().ErrorIs(err, tc.expErr, tc.name)
			}
		}
	}
	// None of the refused references was reserved.
	for _, ref := range []string{"Z", "S", "M", "F", "B1", "B3", "B5"} {
		has, err := s.e.k.UsedReferences.Has(s.e.ctx, collectionsJoin(s.alice, ref))
		s.Require().NoError(err)
		s.Require().False(has, ref)
	}
}

func (s *KeeperTestSuite) TestBatchTransfer() {
	h := s.e.head(s.T())
	msg := &types.MsgBatchTransfer{Deadline: &testDeadline, From: s.alice.String(), Reference: "PAYROLL", Memo: "march", Outputs: []types.BatchOutput{
		{To: s.bob.String(), Amount: uazr(1000)}, {To: s.carol.String(), Amount: uazr(39)}, {To: s.dave.String(), Amount: uazr(21)},
	}}
	var res *types.MsgBatchTransferResponse
	_, err := s.e.tx(func(ctx sdk.Context) error {
		var err error
		res, err = s.msgServer.BatchTransfer(ctx, msg)
		return err
	}, "/azora.ledger.v1.MsgBatchTransfer")
	s.Require().NoError(err)
	s.Require().Equal(uazr(50+2+2), res.Fee)
	s.e.endBlock(s.T())
	for i, want := range []struct {
		to       sdk.AccAddress
		amt, fee int64
	}{{s.bob, 1000, 50}, {s.carol, 39, 2}, {s.dave, 21, 2}} {
		e := s.e.entry(s.T(), h.LastSequence+1+uint64(i))
		s.Require().Equal(want.to.String(), e.To)
		s.Require().Equal(uazr(want.amt), e.Coins)
		s.Require().Equal(uazr(want.fee), e.Fee)
		s.Require().Equal("PAYROLL", e.Reference)
	}
	res2, err := s.queryServer.EntriesByReference(s.e.ctx, &types.QueryEntriesByReferenceRequest{Sender: s.alice.String(), Reference: "PAYROLL"})
	s.Require().NoError(err)
	s.Require().Len(res2.Entries, 3)
	s.Require().True(res2.Used)
}

func (s *KeeperTestSuite) TestUpdateParams() {
	p := types.DefaultParams()
	p.MaxBatchSize = 7
	_, err := s.msgServer.UpdateParams(s.e.ctx, &types.MsgUpdateParams{Authority: s.alice.String(), Params: p})
	s.Require().ErrorIs(err, govtypes.ErrInvalidSigner)
	bad := p
	bad.CheckpointInterval = 0
	_, err = s.msgServer.UpdateParams(s.e.ctx, &types.MsgUpdateParams{Authority: s.e.gov.String(), Params: bad})
	s.Require().ErrorIs(err, types.ErrInvalidParams)

	ctx := s.e.ctx.WithEventManager(sdk.NewEventManager())
	_, err = s.msgServer.UpdateParams(ctx, &types.MsgUpdateParams{Authority: s.e.gov.String(), Params: p})
	s.Require().NoError(err)
	s.Require().Equal("azora.ledger.v1.EventParamsUpdated", ctx.EventManager().Events()[0].Type)
	got, err := s.e.k.Params.Get(s.e.ctx)
	s.Require().NoError(err)
	s.Require().Equal(p, got)
}

func (s *KeeperTestSuite) TestRestrictionRules() {
	h := s.e.head(s.T())
	feeCollector := authtypesModuleAddress("fee_collector")
	_, err := s.e.tx(func(ctx sdk.Context) error {
		// A gas fee: not journalled.
		if err := s.e.bk.SendCoins(ctx, s.alice, feeCollector, uazr(7)); err != nil {
			return err
		}
		// An escrow deposit (account → module, no PIVC) under a reference.
		if err := s.e.bk.SendCoins(movement.WithReference(ctx, "ORDER-9"), s.alice, s.escrow, uazr(300)); err != nil {
			return err
		}
		// The escrow captures PIVC from its own account (a forge
		// settlement): an entry whose coins are empty and whose fee moved.
		if err := s.e.pk.CaptureFromModule(ctx, escrowModule, s.alice, uazr(15)); err != nil {
			return err
		}
		// A payout to bob.
		return s.e.bk.SendCoins(movement.WithReference(ctx, "ORDER-9"), s.escrow, s.bob, uazr(285))
	})
	s.Require().NoError(err)
	// An invalid reference attached by a module fails the movement.
	_, err = s.e.tx(func(ctx sdk.Context) error {
		return s.e.bk.SendCoins(movement.WithReference(ctx, "bad\x00ref"), s.alice, s.bob, uazr(1))
	})
	s.Require().ErrorIs(err, types.ErrInvalidReference)
	s.e.endBlock(s.T())

	var got []types.JournalEntry
	for seq := h.LastSequence + 1; seq <= s.e.head(s.T()).LastSequence; seq++ {
		got = append(got, s.e.entry(s.T(), seq))
	}
	s.Require().Len(got, 4)
	s.Require().Equal(s.escrow.String(), got[0].To)
	s.Require().Equal("ORDER-9", got[0].Reference)
	s.Require().True(got[0].Fee.IsZero())
	// The capture: split into growth and UBO parts (60/40).
	s.Require().Equal(s.escrow.String(), got[1].From)
	s.Require().Equal(s.growth.String(), got[1].To)
	s.Require().True(got[1].Coins.IsZero())
	s.Require().Equal(uazr(9), got[1].Fee)
	s.Require().Equal(s.ubo.String(), got[2].To)
	s.Require().Equal(uazr(6), got[2].Fee)
	s.Require().Equal(s.bob.String(), got[3].To)
	s.Require().Equal("ORDER-9", got[3].Reference)
}

func (s *KeeperTestSuite) TestRecordMovementValidation() {
	ctx := s.e.ctx.WithTxBytes([]byte("tx")).WithTxIndex(0)
	cases := []struct {
		name       string
		from, to   sdk.AccAddress
		coins, fee sdk.Coins
		ref        string
	}{
		{"no from", nil, s.bob, uazr(1), nil, ""},
		{"no to", s.alice, nil, uazr(1), nil, ""},
		{"nothing moved", s.alice, s.bob, nil, nil, ""},
		{"invalid coins", s.alice, s.bob, sdk.Coins{sdk.Coin{Denom: "uazr", Amount: math.NewInt(-1)}}, nil, ""},
		{"bad reference", s.alice, s.bob, uazr(1), nil, " padded"},
	}
	for _, tc := range cases {
		err := s.e.k.RecordMovement(ctx, tc.from, tc.to, tc.coins, tc.fee, tc.ref, "")
		s.Require().Error(err, tc.name)
	}
}
