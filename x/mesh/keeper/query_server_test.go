package keeper_test

import (
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/azora-os/nexus/x/mesh/types"
)

func (s *KeeperTestSuite) ids(nodes []types.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.Id
	}
	return out
}

func (s *KeeperTestSuite) TestQueryNodes() {
	s.register("emp-b", types.NodeTypeEmployee, s.alice)
	s.register("cor-a", types.NodeTypeCorridor, s.alice)
	s.register("dev-c", types.NodeTypeDevice, s.bob)
	s.register("emp-a", types.NodeTypeEmployee, s.bob)

	n, err := s.qs.Node(s.ctx, &types.QueryNodeRequest{Id: "dev-c"})
	s.Require().NoError(err)
	s.Require().Equal("dev-c", n.Node.Id)
	_, err = s.qs.Node(s.ctx, &types.QueryNodeRequest{Id: "dev-x"})
	s.Require().ErrorIs(err, types.ErrNodeNotFound)
	_, err = s.qs.Node(s.ctx, &types.QueryNodeRequest{Id: "D"})
	s.Require().ErrorIs(err, types.ErrInvalidNodeID)

	// All nodes by id, paged.
	p1, err := s.qs.Nodes(s.ctx, &types.QueryNodesRequest{Pagination: &query.PageRequest{Limit: 3, CountTotal: true}})
	s.Require().NoError(err)
	s.Require().Equal([]string{"cor-a", "dev-c", "emp-a"}, s.ids(p1.Nodes))
	s.Require().Equal(uint64(4), p1.Pagination.Total)
	p2, err := s.qs.Nodes(s.ctx, &types.QueryNodesRequest{Pagination: &query.PageRequest{Key: p1.Pagination.NextKey}})
	s.Require().NoError(err)
	s.Require().Equal([]string{"emp-b"}, s.ids(p2.Nodes))

	// By owner (index), paged.
	byAlice, err := s.qs.NodesByOwner(s.ctx, &types.QueryNodesByOwnerRequest{Owner: s.str(s.alice), Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	s.Require().NoError(err)
	s.Require().Equal([]string{"cor-a"}, s.ids(byAlice.Nodes))
	s.Require().Equal(uint64(2), byAlice.Pagination.Total)
	byAlice2, err := s.qs.NodesByOwner(s.ctx, &types.QueryNodesByOwnerRequest{Owner: s.str(s.alice), Pagination: &query.PageRequest{Key: byAlice.Pagination.NextKey}})
	s.Require().NoError(err)
	s.Require().Equal([]string{"emp-b"}, s.ids(byAlice2.Nodes))
	byCarol, err := s.qs.NodesByOwner(s.ctx, &types.QueryNodesByOwnerRequest{Owner: s.str(s.carol)})
	s.Require().NoError(err)
	s.Require().Empty(byCarol.Nodes)
	_, err = s.qs.NodesByOwner(s.ctx, &types.QueryNodesByOwnerRequest{Owner: "bad"})
	s.Require().ErrorIs(err, sdkerrors.ErrInvalidAddress)

	// By type (index).
	emps, err := s.qs.NodesByType(s.ctx, &types.QueryNodesByTypeRequest{Type: types.NodeTypeEmployee})
	s.Require().NoError(err)
	s.Require().Equal([]string{"emp-a", "emp-b"}, s.ids(emps.Nodes))
	_, err = s.qs.NodesByType(s.ctx, &types.QueryNodesByTypeRequest{Type: types.NodeTypeUnspecified})
	s.Require().ErrorIs(err, types.ErrInvalidNodeType)

	// The indexes follow a deregistration.
	_, err = s.ms.DeregisterNode(s.ctx, &types.MsgDeregisterNode{Signer: s.str(s.registrar), NodeId: "emp-a"})
	s.Require().NoError(err)
	emps, err = s.qs.NodesByType(s.ctx, &types.QueryNodesByTypeRequest{Type: types.NodeTypeEmployee})
	s.Require().NoError(err)
	s.Require().Equal([]string{"emp-b"}, s.ids(emps.Nodes))
}

func (s *KeeperTestSuite) TestQueryReputationByOwner() {
	s.register("cor-1", types.NodeTypeCorridor, s.alice)
	s.register("dev-1", types.NodeTypeDevice, s.alice)
	s.consent("cor-1", s.alice, true, true, false)
	_, err := s.feedback("cor-1", "flow", 1_000_000) // 500000 → 600000

	s.Require().NoError(err)
	res, err := s.qs.ReputationByOwner(s.ctx, &types.QueryReputationByOwnerRequest{Owner: s.str(s.alice)})
	s.Require().NoError(err)
	s.Require().Equal(uint64(2), res.NodeCount)
	s.Require().Equal(uint64(550_000), res.MeanReputation)
	s.Require().Equal([]types.NodeReputation{
		{NodeId: "cor-1", Type: types.NodeTypeCorridor, Reputation: 600_000},
		{NodeId: "dev-1", Type: types.NodeTypeDevice, Reputation: 500_000},
	}, res.Nodes)

	none, err := s.qs.ReputationByOwner(s.ctx, &types.QueryReputationByOwnerRequest{Owner: s.str(s.carol)})
	s.Require().NoError(err)
	s.Require().Equal(uint64(0), none.NodeCount)
	s.Require().Equal(uint64(0), none.MeanReputation)
	s.Require().Empty(none.Nodes)
}

func (s *KeeperTestSuite) TestQueryRoles() {
	all, err := s.qs.Roles(s.ctx, &types.QueryRolesRequest{})
	s.Require().NoError(err)
	s.Require().Equal([]types.RoleGrant{
		{Role: types.RoleRegistrar, Address: s.str(s.registrar)},
		{Role: types.RoleReporter, Address: s.str(s.reporter)},
	}, all.Roles)
	rep, err := s.qs.Roles(s.ctx, &types.QueryRolesRequest{Role: types.RoleReporter})
	s.Require().NoError(err)
	s.Require().Equal([]types.RoleGrant{{Role: types.RoleReporter, Address: s.str(s.reporter)}}, rep.Roles)
	_, err = s.qs.Roles(s.ctx, &types.QueryRolesRequest{Role: 5})
	s.Require().ErrorIs(err, types.ErrInvalidRole)
}

func (s *KeeperTestSuite) TestFederatedAnalysis() {
	s.register("emp-1", types.NodeTypeEmployee, s.alice)
	s.register("dev-1", types.NodeTypeDevice, s.bob)
	s.register("cor-1", types.NodeTypeCorridor, s.carol)
	s.register("cor-2", types.NodeTypeCorridor, s.carol) // never consents
	s.consent("emp-1", s.alice, true, true, true)
	s.consent("dev-1", s.bob, true, true, true)
	s.consent("cor-1", s.carol, true, true, true)
	// Reputations 900000, 100000, 500000 through feedback with weight 100%.
	s.setParams(func(p *types.Params) { p.EwmaWeightBps = 10_000 })
	for id, score := range map[string]uint64{"emp-1": 900_000, "dev-1": 100_000} {
		_, err := s.feedback(id, "m", score)
		s.Require().NoError(err)
	}

	res, err := s.qs.FederatedAnalysis(s.ctx, &types.QueryFederatedAnalysisRequest{EmployeeId: "emp-1", DeviceId: "dev-1", CorridorId: "cor-1"})
	s.Require().NoError(err)
	// (3000×900000 + 3000×100000 + 4000×500000) / 10000 = 500000
	s.Require().Equal(&types.QueryFederatedAnalysisResponse{
		Score: 500_000, TotalWeightBps: 10_000,
		Inputs: []types.AnalysisInput{
			{NodeId: "emp-1", Type: types.NodeTypeEmployee, Reputation: 900_000, WeightBps: 3000},
			{NodeId: "dev-1", Type: types.NodeTypeDevice, Reputation: 100_000, WeightBps: 3000},
			{NodeId: "cor-1", Type: types.NodeTypeCorridor, Reputation: 500_000, WeightBps: 4000},
		},
	}, res)

	// Omitted inputs: the weights of the others are renormalised.
	res, err = s.qs.FederatedAnalysis(s.ctx, &types.QueryFederatedAnalysisRequest{EmployeeId: "emp-1", DeviceId: "dev-1"})
	s.Require().NoError(err)
	s.Require().Equal(uint64(500_000), res.Score) // (3000×900000 + 3000×100000) / 6000
	s.Require().Equal(uint32(6000), res.TotalWeightBps)
	res, err = s.qs.FederatedAnalysis(s.ctx, &types.QueryFederatedAnalysisRequest{EmployeeId: "emp-1", CorridorId: "cor-1"})
	s.Require().NoError(err)
	s.Require().Equal(uint64(671_428), res.Score) // (2700000000 + 2000000000) / 7000, rounded down

	cases := []struct {
		name   string
		req    *types.QueryFederatedAnalysisRequest
		expErr error
	}{
		{"no input", &types.QueryFederatedAnalysisRequest{}, types.ErrNoAnalysisInput},
		{"no consent", &types.QueryFederatedAnalysisRequest{EmployeeId: "emp-1", CorridorId: "cor-2"}, types.ErrConsentRequired},
		{"wrong type in a slot", &types.QueryFederatedAnalysisRequest{EmployeeId: "dev-1"}, types.ErrNodeTypeMismatch},
		{"unknown node", &types.QueryFederatedAnalysisRequest{DeviceId: "dev-9"}, types.ErrNodeNotFound},
		{"bad id", &types.QueryFederatedAnalysisRequest{DeviceId: "D!"}, types.ErrInvalidNodeID},
	}
	for _, tc := range cases {
		s.Run(tc.name, func() {
			_, err := s.qs.FederatedAnalysis(s.ctx, tc.req)
			s.Require().ErrorIs(err, tc.expErr)
		})
	}

	// Withdrawn consent takes the node out at once.
	s.consent("dev-1", s.bob, true, true, false)
	_, err = s.qs.FederatedAnalysis(s.ctx, &types.QueryFederatedAnalysisRequest{EmployeeId: "emp-1", DeviceId: "dev-1"})
	s.Require().ErrorIs(err, types.ErrConsentRequired)

	// A weight of zero for the only input has nothing to combine.
	s.setParams(func(p *types.Params) { p.EmployeeWeightBps, p.DeviceWeightBps, p.CorridorWeightBps = 0, 5000, 5000 })
	_, err = s.qs.FederatedAnalysis(s.ctx, &types.QueryFederatedAnalysisRequest{EmployeeId: "emp-1"})
	s.Require().ErrorIs(err, types.ErrNoAnalysisInput)
}
