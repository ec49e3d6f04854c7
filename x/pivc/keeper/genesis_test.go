package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections/colltest"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/pivc/types"
)

func (s *KeeperTestSuite) TestGenesisRoundTripAfterActivity() {
	payer, shop := s.uboSetup()
	s.e.setParams(s.T(), func(p *types.Params) { p.ExemptAddresses = []string{s.dave.String()} })
	s.pay(payer, shop)
	s.nextEpoch()
	_, err := s.claim(s.alice)
	s.Require().NoError(err)
	s.setEligible(s.bob, false) // bob keeps 66 accrued
	s.Require().NoError(s.e.endBlock())

	exported, err := s.e.k.ExportGenesis(s.e.ctx)
	s.Require().NoError(err)
	s.Require().NoError(exported.Validate())
	s.Require().Len(exported.UboMembers, 3) // alice, carol eligible; bob accrued
	s.Require().Equal(coins(66*2), exported.UboOutstanding)

	// Import into a fresh chain whose UBO pool holds the same balance.
	e2 := newEnv(s.T())
	e2.fundModule(s.T(), types.UBOPoolName, s.e.bk.GetAllBalances(s.e.ctx, s.ubo))
	s.Require().NoError(e2.k.InitGenesis(e2.ctx, exported))
	again, err := e2.k.ExportGenesis(e2.ctx)
	s.Require().NoError(err)
	s.Require().Equal(exported, again)
	n, err := e2.k.EligibleCount.Get(e2.ctx)
	s.Require().NoError(err)
	s.Require().Equal(uint64(2), n)
	has, err := e2.k.Exempt.Has(e2.ctx, s.dave)
	s.Require().NoError(err)
	s.Require().True(has, "the exempt set is rebuilt from params")
}

func TestInitGenesisRefusesAPoolBelowOutstanding(t *testing.T) {
	e := newEnv(t)
	member := testAddr("member")
	gs := types.DefaultGenesis()
	gs.UboIndex = coins(10)
	gs.UboOutstanding = coins(10)
	gs.UboMembers = []types.UBOMember{{Address: member.String(), Eligible: true, IndexSnapshot: sdk.Coins{}, Accrued: sdk.Coins{}}}
	require.NoError(t, gs.Validate())
	require.ErrorIs(t, e.k.InitGenesis(e.ctx, gs), types.ErrPoolInvariantBroken)

	e.fundModule(t, types.UBOPoolName, coins(10))
	require.NoError(t, e.k.InitGenesis(e.ctx, gs))
	p, _, err := e.k.PendingUBO(e.ctx, member)
	require.NoError(t, err)
	require.Equal(t, coins(10), p)
}

func TestDefaultGenesisRoundTrip(t *testing.T) {
	e := newEnv(t)
	exported, err := e.k.ExportGenesis(e.ctx)
	require.NoError(t, err)
	require.Equal(t, types.DefaultGenesis(), exported)
}

// TestCollectionsEncoding pins each collection's prefix and key/value
// encoding: changing any of them breaks the state of a running chain.
func TestCollectionsEncoding(t *testing.T) {
	e := newEnv(t)
	require.Equal(t, []byte{1}, types.ParamsKey.Bytes())
	require.Equal(t, []byte{2}, types.ExemptKey.Bytes())
	require.Equal(t, []byte{3}, types.TotalsKey.Bytes())
	require.Equal(t, []byte{4}, types.UBOIndexKey.Bytes())
	require.Equal(t, []byte{5}, types.UBOOutstandingKey.Bytes())
	require.Equal(t, []byte{6}, types.EligibleCountKey.Bytes())
	require.Equal(t, []byte{7}, types.UBOMembersKey.Bytes())

	prefixes := map[string]byte{}
	for _, c := range e.k.Schema.ListCollections() {
		prefixes[c.GetName()] = c.GetPrefix()[0]
	}
	require.Equal(t, map[string]byte{
		"params": 1, "exempt": 2, "totals": 3, "ubo_index": 4,
		"ubo_outstanding": 5, "eligible_count": 6, "ubo_members": 7,
	}, prefixes)

	addr := testAddr("pinned")
	colltest.TestKeyCodec(t, e.k.UBOMembers.KeyCodec(), addr)
	colltest.TestKeyCodec(t, e.k.Totals.KeyCodec(), denom)
	colltest.TestValueCodec(t, e.k.UBOIndex.ValueCodec(), sdkmath.NewInt(42))
	bz, err := e.k.UBOMembers.KeyCodec().EncodeJSON(addr)
	require.NoError(t, err)
	require.NotEmpty(t, bz)

	// The raw store key of a member: prefix 7 then the address bytes.
	require.NoError(t, e.k.UBOMembers.Set(e.ctx, addr, types.UBOMember{Address: addr.String(), Eligible: true}))
	kv := e.ctx.KVStore(e.key)
	require.True(t, kv.Has(append([]byte{7}, addr...)))
	require.True(t, kv.Has([]byte{1}), "params at prefix 1")
}
