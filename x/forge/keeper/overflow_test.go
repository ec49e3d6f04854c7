package keeper_test

import (
	"math/big"
	"strconv"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/forge/types"
)

// TestEscrowFlowsCannotOverflow (issue 14): the escrow totals of a block
// were kept as separate locked and released sums, which grow with every
// order placed and cancelled however often the same coins go round. With
// a 2^251 price, 40 place-and-cancel pairs in one block lock 40 × 2^251 >
// 2^256, and EndBlock's sum overflowed a math.Int (a halt). The block's
// change is now kept net, which is bounded by the escrow balance. (bob is
// PIVC-exempt here only so that the test's fake 5% fee needs no 265-bit
// product.)
func (s *KeeperTestSuite) TestEscrowFlowsCannotOverflow() {
	const bigDenom = "a/big"
	price := sdk.NewCoin(bigDenom, math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), 251)))
	s.balances[string(s.bob)] = s.balances[string(s.bob)].Add(sdk.NewCoin(bigDenom, price.Amount.MulRaw(2)))
	s.exempt[string(s.bob)] = true
	listing := s.list(types.ListingKindGoods, price, 1)

	block := s.ctx
	for i := 0; i < 40; i++ {
		s.ctx = block.WithTxBytes([]byte("tx")).WithTxIndex(2 * i)
		id := s.order(s.bobS, listing, 1, price)
		s.ctx = block.WithTxBytes([]byte("tx")).WithTxIndex(2*i + 1)
		s.ok(&types.MsgCancelOrder{Signer: s.bobS, OrderId: id})
		s.Require().Equal(types.FormatOrderID(listing, uint64(i+1)), id, "order %s", strconv.Itoa(i))
	}
	s.ctx = block
	s.endBlock(block.BlockTime()) // panicked before the fix

	held, open, err := s.k.EscrowTotals(s.ctx)
	s.Require().NoError(err)
	s.Require().True(held.IsZero(), "held %s", held)
	s.Require().Zero(open)
	s.Require().True(s.balances[string(s.escrow)].AmountOf(bigDenom).IsZero())
	s.invariant()
}
