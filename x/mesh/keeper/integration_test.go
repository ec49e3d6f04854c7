package keeper_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	"github.com/azora-os/nexus/x/mesh/types"
)

// setupMeshApp starts the real app with a registrar and a reporter granted
// in genesis.
func setupMeshApp(t *testing.T) *apptesting.TestApp {
	t.Helper()
	coins := sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1_000_000_000_000))
	names := []string{"alice", "bob", "registrar", "reporter"}
	accounts := map[string]sdk.Coins{}
	for _, n := range names {
		accounts[n] = coins
	}
	ta := apptesting.Setup(t, apptesting.Options{
		Accounts: accounts,
		EditGenesis: func(a *app.App, gen app.GenesisState) {
			gs := types.DefaultGenesis()
			gs.Roles = []types.RoleGrant{
				{Role: types.RoleRegistrar, Address: addrOf("registrar")},
				{Role: types.RoleReporter, Address: addrOf("reporter")},
			}
			gen[types.ModuleName] = a.AppCodec().MustMarshalJSON(gs)
		},
	})
	return ta
}

// addrOf is the address apptesting.Setup gives a named account (it derives
// each key from "nexus-test-account-<name>"); EditGenesis runs before the
// TestApp exists, so the roles are granted by address.
func addrOf(name string) string {
	priv := secp256k1.GenPrivKeyFromSecret([]byte("nexus-test-account-" + name))
	return sdk.AccAddress(priv.PubKey().Address()).String()
}

// requireCode checks a failed tx's codespace and code against a registered
// error.
func requireCode(t *testing.T, r *abci.ExecTxResult, codespace string, code uint32) {
	t.Helper()
	require.Equalf(t, codespace, r.Codespace, "log: %s", r.Log)
	require.Equalf(t, code, r.Code, "log: %s", r.Log)
}

// typedEvents decodes the typed mesh events of a tx result.
func typedEvents(t *testing.T, r *abci.ExecTxResult) []proto.Message {
	t.Helper()
	var out []proto.Message
	for _, e := range r.Events {
		if len(e.Type) < len("azora.mesh.v1.") || e.Type[:len("azora.mesh.v1.")] != "azora.mesh.v1." {
			continue
		}
		msg, err := sdk.ParseTypedEvent(e)
		require.NoError(t, err)
		out = append(out, msg)
	}
	return out
}

// TestConsentGatingIntegration runs signed txs through FinalizeBlock on the
// real app: feedback and federated analysis are refused until the owner
// consents, and again after the owner withdraws consent; a non-owner cannot
// change consent; rejected txs change nothing.
func TestConsentGatingIntegration(t *testing.T) {
	ta := setupMeshApp(t)
	alice, bob, registrar, reporter := ta.Accounts["alice"], ta.Accounts["bob"], ta.Accounts["registrar"], ta.Accounts["reporter"]
	k := ta.MeshKeeper
	mesh := types.ModuleName
	hash := "ab" + evidence[2:]

	ta.MustDeliver(registrar, &types.MsgRegisterNode{Signer: registrar.String(), Id: "emp-amara", Type: types.NodeTypeEmployee, Owner: alice.String()})
	ta.MustDeliver(registrar, &types.MsgRegisterNode{Signer: registrar.String(), Id: "cor-lagos-accra", Type: types.NodeTypeCorridor, Owner: bob.String()})

	feedback := &types.MsgSubmitFeedback{Reporter: reporter.String(), NodeId: "emp-amara", Model: "quality", Score: 900_000, EvidenceHash: hash}

	// No consent yet: refused, nothing changes.
	r := ta.Deliver(reporter, feedback)
	requireCode(t, r, mesh, types.ErrConsentRequired.ABCICode())
	require.Contains(t, r.Log, "data_sharing and model_training")
	n, err := k.GetNode(ta.Ctx(), "emp-amara")
	require.NoError(t, err)
	require.Equal(t, types.DefaultInitialReputation, n.Reputation)
	require.Empty(t, n.Models)

	// bob may not consent for alice.
	r = ta.Deliver(bob, &types.MsgSetConsent{Owner: bob.String(), NodeId: "emp-amara", DataSharing: true, ModelTraining: true, FederatedAnalysis: true})
	requireCode(t, r, mesh, types.ErrNotNodeOwner.ABCICode())

	// Data sharing alone is not enough.
	ta.MustDeliver(alice, &types.MsgSetConsent{Owner: alice.String(), NodeId: "emp-amara", DataSharing: true})
	r = ta.Deliver(reporter, feedback)
	requireCode(t, r, mesh, types.ErrConsentRequired.ABCICode())
	require.Contains(t, r.Log, "model_training")

	// With both, the feedback applies.
	r = ta.MustDeliver(alice, &types.MsgSetConsent{Owner: alice.String(), NodeId: "emp-amara", DataSharing: true, ModelTraining: true})
	require.Equal(t, []proto.Message{
		&types.EventAuditEntryAppended{Entry: types.AuditEntry{
			NodeId: "emp-amara", Seq: 2, Height: ta.LastBlockHeight(), Actor: alice.String(), Action: types.AuditActionConsentSet,
			ReputationBefore: 500_000, ReputationAfter: 500_000, Consent: types.Consent{DataSharing: true, ModelTraining: true},
		}},
		&types.EventConsentSet{NodeId: "emp-amara", Owner: alice.String(), Consent: types.Consent{DataSharing: true, ModelTraining: true}},
	}, typedEvents(t, r))
	r = ta.MustDeliver(reporter, feedback)
	evs := typedEvents(t, r)
	require.Len(t, evs, 2)
	require.Equal(t, uint64(580_000), evs[1].(*types.EventFeedbackSubmitted).ReputationAfter)
	rep, err := k.NodeReputation(ta.Ctx(), "emp-amara")
	require.NoError(t, err)
	require.Equal(t, uint64(580_000), rep)

	// Federated analysis needs its own consent from every named node.
	q := &types.QueryFederatedAnalysisRequest{EmployeeId: "emp-amara", CorridorId: "cor-lagos-accra"}
	_, err = k.FederatedAnalysis(ta.Ctx(), q.EmployeeId, q.DeviceId, q.CorridorId)
	require.ErrorIs(t, err, types.ErrConsentRequired)
	ta.MustDeliver(alice, &types.MsgSetConsent{Owner: alice.String(), NodeId: "emp-amara", DataSharing: true, ModelTraining: true, FederatedAnalysis: true})
	_, err = k.FederatedAnalysis(ta.Ctx(), q.EmployeeId, q.DeviceId, q.CorridorId)
	require.ErrorIs(t, err, types.ErrConsentRequired, "the corridor has not consented")
	ta.MustDeliver(bob, &types.MsgSetConsent{Owner: bob.String(), NodeId: "cor-lagos-accra", FederatedAnalysis: true})
	// Through the app's gRPC query router, as a client would.
	res := queryFederated(t, ta, q)
	require.Equal(t, uint64(534_285), res.Score) // (3000×580000 + 4000×500000) / 7000, rounded down
	require.Len(t, res.Inputs, 2)

	// The corridor consented to analysis only: feedback on it is refused.
	r = ta.Deliver(reporter, &types.MsgSubmitFeedback{Reporter: reporter.String(), NodeId: "cor-lagos-accra", Model: "flow", Score: 1, EvidenceHash: hash})
	requireCode(t, r, mesh, types.ErrConsentRequired.ABCICode())

	// A batch with one gated item is refused whole.
	before, err := k.GetNode(ta.Ctx(), "emp-amara")
	require.NoError(t, err)
	r = ta.Deliver(reporter, &types.MsgSubmitFeedbackBatch{Reporter: reporter.String(), Items: []types.FeedbackItem{
		{NodeId: "emp-amara", Model: "quality", Score: 0, EvidenceHash: hash},
		{NodeId: "cor-lagos-accra", Model: "flow", Score: 0, EvidenceHash: hash},
	}})
	requireCode(t, r, mesh, types.ErrConsentRequired.ABCICode())
	after, err := k.GetNode(ta.Ctx(), "emp-amara")
	require.NoError(t, err)
	require.Equal(t, before, after)

	// Withdrawing model-training consent stops feedback again.
	ta.MustDeliver(alice, &types.MsgSetConsent{Owner: alice.String(), NodeId: "emp-amara", DataSharing: true, FederatedAnalysis: true})
	r = ta.Deliver(reporter, feedback)
	requireCode(t, r, mesh, types.ErrConsentRequired.ABCICode())

	// The audit log records every accepted change, in order.
	log, err := k.ExportGenesis(ta.Ctx())
	require.NoError(t, err)
	var actions []types.AuditAction
	for _, e := range log.AuditLog {
		if e.NodeId == "emp-amara" {
			actions = append(actions, e.Action)
		}
	}
	require.Equal(t, []types.AuditAction{
		types.AuditActionRegistered, types.AuditActionConsentSet, types.AuditActionConsentSet,
		types.AuditActionFeedback, types.AuditActionConsentSet, types.AuditActionConsentSet,
	}, actions)
}

func queryFederated(t *testing.T, ta *apptesting.TestApp, req *types.QueryFederatedAnalysisRequest) *types.QueryFederatedAnalysisResponse {
	t.Helper()
	bz, err := req.Marshal()
	require.NoError(t, err)
	resp, err := ta.Query(ta.Ctx().Context(), &abci.RequestQuery{Path: "/azora.mesh.v1.Query/FederatedAnalysis", Data: bz})
	require.NoError(t, err)
	require.Equalf(t, uint32(0), resp.Code, "query failed: %s", resp.Log)
	var out types.QueryFederatedAnalysisResponse
	require.NoError(t, out.Unmarshal(resp.Value))
	return &out
}

// TestNodeStoreKeyIntegration: the raw store key proofs use
// (client/lightproof proves it) is the Nodes collection's: the value under
// it is the node, byte for byte, and an unknown id has none.
func TestNodeStoreKeyIntegration(t *testing.T) {
	ta := setupMeshApp(t)
	registrar, alice := ta.Accounts["registrar"], ta.Accounts["alice"]
	ta.MustDeliver(registrar, &types.MsgRegisterNode{Signer: registrar.String(), Id: "dev-7", Type: types.NodeTypeDevice, Owner: alice.String()})
	h := ta.LastBlockHeight()

	q, err := ta.Query(ta.Ctx().Context(), &abci.RequestQuery{Path: types.NodeStoreQueryPath, Data: types.NodeStoreKey("dev-7"), Height: h})
	require.NoError(t, err)
	require.Equalf(t, uint32(0), q.Code, "query failed: %s", q.Log)
	n, err := ta.MeshKeeper.Nodes.Get(ta.Ctx(), "dev-7")
	require.NoError(t, err)
	want, err := ta.AppCodec().Marshal(&n)
	require.NoError(t, err)
	require.Equal(t, want, q.Value)
	require.Equal(t, alice.String(), n.Owner)

	q, err = ta.Query(ta.Ctx().Context(), &abci.RequestQuery{Path: types.NodeStoreQueryPath, Data: types.NodeStoreKey("dev-8"), Height: h})
	require.NoError(t, err)
	require.Empty(t, q.Value)
}
