package metabolism

import (
	"context"
	"fmt"

	gogogrpc "github.com/cosmos/gogoproto/grpc"
	"github.com/cosmos/gogoproto/proto"
	"google.golang.org/grpc"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	abci "github.com/cometbft/cometbft/abci/types"

	forgetypes "github.com/azora-os/nexus/x/forge/types"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	pivctypes "github.com/azora-os/nexus/x/pivc/types"
)

// QueryApp is what QueryReader needs of the app: a query context at a
// committed height and the gRPC query router (baseapp provides both).
type QueryApp interface {
	CreateQueryContext(height int64, prove bool) (sdk.Context, error)
	GRPCQueryRouter() *baseapp.GRPCQueryRouter
}

// QueryReader reads the Levels through the modules' public gRPC queries at
// a committed height, in process — the same answers a client gets — so the
// exporter depends on no keeper.
type QueryReader struct {
	App QueryApp
	Cdc codec.Codec
	// MaxDenoms bounds the supply pages read (default 1000 denoms).
	MaxDenoms int
}

var _ StateReader = QueryReader{}

// Read implements StateReader.
func (r QueryReader) Read(ctx context.Context, height int64) (Levels, error) {
	sctx, err := r.App.CreateQueryContext(height, false)
	if err != nil {
		return Levels{}, err
	}
	conn := routerConn{router: r.App.GRPCQueryRouter(), cdc: r.Cdc, ctx: sctx}
	var lv Levels

	pools, err := pivctypes.NewQueryClient(conn).Pools(ctx, &pivctypes.QueryPoolsRequest{})
	if err != nil {
		return Levels{}, fmt.Errorf("pivc pools: %w", err)
	}
	lv.GrowthPool, lv.UBOPool = pools.GrowthBalance, pools.UboBalance

	escrow, err := forgetypes.NewQueryClient(conn).EscrowTotals(ctx, &forgetypes.QueryEscrowTotalsRequest{})
	if err != nil {
		return Levels{}, fmt.Errorf("forge escrow totals: %w", err)
	}
	lv.EscrowHeld, lv.OpenOrders = escrow.Held, escrow.OpenOrders

	head, err := ledgertypes.NewQueryClient(conn).Head(ctx, &ledgertypes.QueryHeadRequest{})
	if err != nil {
		return Levels{}, fmt.Errorf("ledger head: %w", err)
	}
	lv.JournalLastSequence = head.Head.LastSequence
	if head.LatestCheckpoint != nil {
		lv.LastCheckpointHeight = head.LatestCheckpoint.Height
	}

	maxDenoms := r.MaxDenoms
	if maxDenoms <= 0 {
		maxDenoms = 1000
	}
	bank := banktypes.NewQueryClient(conn)
	var key []byte
	for {
		res, err := bank.TotalSupply(ctx, &banktypes.QueryTotalSupplyRequest{Pagination: &query.PageRequest{Key: key, Limit: 200}})
		if err != nil {
			return Levels{}, fmt.Errorf("bank total supply: %w", err)
		}
		lv.Supply = append(lv.Supply, res.Supply...)
		key = res.Pagination.GetNextKey()
		if len(key) == 0 || len(lv.Supply) >= maxDenoms {
			break
		}
	}
	return lv, nil
}

// routerConn is a gRPC client connection that calls the app's query
// handlers directly with a fixed query context (as baseapp's
// QueryServiceTestHelper does, for production use).
type routerConn struct {
	router *baseapp.GRPCQueryRouter
	cdc    codec.Codec
	ctx    sdk.Context
}

var _ gogogrpc.ClientConn = routerConn{}

// Invoke implements gogogrpc.ClientConn.
func (c routerConn) Invoke(_ context.Context, method string, args, reply any, _ ...grpc.CallOption) error {
	handler := c.router.Route(method)
	if handler == nil {
		return fmt.Errorf("no query handler for %s", method)
	}
	in, ok := args.(proto.Message)
	if !ok {
		return fmt.Errorf("%s: request %T is not a proto message", method, args)
	}
	out, ok := reply.(proto.Message)
	if !ok {
		return fmt.Errorf("%s: response %T is not a proto message", method, reply)
	}
	req, err := c.cdc.Marshal(in)
	if err != nil {
		return err
	}
	res, err := handler(c.ctx, &abci.RequestQuery{Data: req, Path: method, Height: c.ctx.BlockHeight()})
	if err != nil {
		return err
	}
	return c.cdc.Unmarshal(res.Value, out)
}

// NewStream implements gogogrpc.ClientConn (queries are unary).
func (routerConn) NewStream(context.Context, *grpc.StreamDesc, string, ...grpc.CallOption) (grpc.ClientStream, error) {
	return nil, fmt.Errorf("streaming queries are not supported")
}
