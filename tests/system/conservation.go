package system

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	grpctypes "github.com/cosmos/cosmos-sdk/types/grpc"
	"github.com/cosmos/cosmos-sdk/types/query"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/app"
)

// clientCodec decodes the Any-packed accounts of auth queries.
var clientCodec = func() *codec.ProtoCodec {
	enc := app.MakeEncodingConfig()
	authtypes.RegisterInterfaces(enc.InterfaceRegistry)
	banktypes.RegisterInterfaces(enc.InterfaceRegistry)
	return codec.NewProtoCodec(enc.InterfaceRegistry)
}()

// dialAt returns a gRPC connection to node n whose queries read the state
// at height (0: latest), and a context for them.
func dialAt(ctx context.Context, n *Node, height int64) (*grpc.ClientConn, context.Context, error) {
	conn, err := grpc.NewClient(n.GRPCAddr(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(clientCodec.GRPCCodec())))
	if err != nil {
		return nil, nil, err
	}
	if height > 0 {
		ctx = metadata.AppendToOutgoingContext(ctx, grpctypes.GRPCBlockHeightHeader, strconv.FormatInt(height, 10))
	}
	return conn, ctx, nil
}

// SupplyReport is the outcome of CheckConservation.
type SupplyReport struct {
	Height int64
	// Supply is the bank's total supply.
	Supply sdk.Coins
	// Accounts is the number of auth accounts whose balances were summed.
	Accounts int
	// ModuleBalances are the balances of the module accounts (pools).
	ModuleBalances map[string]sdk.Coins
}

// CheckConservation checks, at one height of node n, that the balances of
// every account (users and module accounts alike) add up to the bank's
// total supply, per denom. It sums twice, independently: over the accounts
// that x/auth lists (module accounts included), and over the holders that
// bank's denom-owner index lists for each denom of the supply. Both sums
// must equal the supply. A height of 0 picks the node's latest height.
func (c *Chain) CheckConservation(n *Node, height int64) (SupplyReport, error) {
	if height == 0 {
		h := c.Height(n)
		if h < 2 {
			return SupplyReport{}, fmt.Errorf("node %d has no committed state to check yet", n.Index)
		}
		height = h - 1
	}
	rep := SupplyReport{Height: height, ModuleBalances: map[string]sdk.Coins{}}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, ctx, err := dialAt(ctx, n, height)
	if err != nil {
		return rep, err
	}
	defer func() { _ = conn.Close() }()
	bank := banktypes.NewQueryClient(conn)
	auth := authtypes.NewQueryClient(conn)

	// The supply.
	var page []byte
	for {
		res, err := bank.TotalSupply(ctx, &banktypes.QueryTotalSupplyRequest{Pagination: &query.PageRequest{Key: page, Limit: 200}})
		if err != nil {
			return rep, fmt.Errorf("total supply at %d: %w", height, err)
		}
		rep.Supply = rep.Supply.Add(res.Supply...)
		if page = res.Pagination.GetNextKey(); len(page) == 0 {
			break
		}
	}

	// Σ balances over every auth account, module accounts included.
	byAccounts := sdk.NewCoins()
	page = nil
	for {
		res, err := auth.Accounts(ctx, &authtypes.QueryAccountsRequest{Pagination: &query.PageRequest{Key: page, Limit: 200}})
		if err != nil {
			return rep, fmt.Errorf("accounts at %d: %w", height, err)
		}
		for _, packed := range res.Accounts {
			var acc sdk.AccountI
			if err := clientCodec.UnpackAny(packed, &acc); err != nil {
				return rep, fmt.Errorf("decode account %s: %w", packed.TypeUrl, err)
			}
			bal, err := allBalances(ctx, bank, acc.GetAddress().String())
			if err != nil {
				return rep, fmt.Errorf("balances of %s at %d: %w", acc.GetAddress(), height, err)
			}
			byAccounts = byAccounts.Add(bal...)
			if macc, ok := acc.(sdk.ModuleAccountI); ok {
				rep.ModuleBalances[macc.GetName()] = bal
			}
			rep.Accounts++
		}
		if page = res.Pagination.GetNextKey(); len(page) == 0 {
			break
		}
	}

	// Σ holders per denom from bank's own index.
	byOwners := sdk.NewCoins()
	for _, coin := range rep.Supply {
		sum := sdkmath.ZeroInt()
		page = nil
		for {
			res, err := bank.DenomOwners(ctx, &banktypes.QueryDenomOwnersRequest{Denom: coin.Denom, Pagination: &query.PageRequest{Key: page, Limit: 200}})
			if err != nil {
				return rep, fmt.Errorf("owners of %s at %d: %w", coin.Denom, height, err)
			}
			for _, o := range res.DenomOwners {
				sum = sum.Add(o.Balance.Amount)
			}
			if page = res.Pagination.GetNextKey(); len(page) == 0 {
				break
			}
		}
		byOwners = byOwners.Add(sdk.NewCoin(coin.Denom, sum))
	}

	var problems []string
	if !byAccounts.Equal(rep.Supply) {
		problems = append(problems, fmt.Sprintf("Σ balances of %d accounts = %s, supply = %s", rep.Accounts, byAccounts, rep.Supply))
	}
	if !byOwners.Equal(rep.Supply) {
		problems = append(problems, fmt.Sprintf("Σ denom owners = %s, supply = %s", byOwners, rep.Supply))
	}
	if len(problems) > 0 {
		names := make([]string, 0, len(rep.ModuleBalances))
		for name := range rep.ModuleBalances {
			names = append(names, name+"="+rep.ModuleBalances[name].String())
		}
		sort.Strings(names)
		return rep, fmt.Errorf("conservation broken at height %d on node %d: %s (module accounts: %s)",
			height, n.Index, strings.Join(problems, "; "), strings.Join(names, " "))
	}
	return rep, nil
}

// BalanceAt returns the balance of addr in denom at height (0: latest) on
// node n.
func (c *Chain) BalanceAt(n *Node, addr, denom string, height int64) (sdkmath.Int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, ctx, err := dialAt(ctx, n, height)
	if err != nil {
		return sdkmath.Int{}, err
	}
	defer func() { _ = conn.Close() }()
	res, err := banktypes.NewQueryClient(conn).Balance(ctx, &banktypes.QueryBalanceRequest{Address: addr, Denom: denom})
	if err != nil {
		return sdkmath.Int{}, err
	}
	return res.Balance.Amount, nil
}

// AccountAt returns the account number and sequence of addr at height (0:
// latest) on node n.
func (c *Chain) AccountAt(n *Node, addr string, height int64) (accNum, seq uint64, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, ctx, err := dialAt(ctx, n, height)
	if err != nil {
		return 0, 0, err
	}
	defer func() { _ = conn.Close() }()
	res, err := authtypes.NewQueryClient(conn).Account(ctx, &authtypes.QueryAccountRequest{Address: addr})
	if err != nil {
		return 0, 0, err
	}
	var acc sdk.AccountI
	if err := clientCodec.UnpackAny(res.Account, &acc); err != nil {
		return 0, 0, err
	}
	return acc.GetAccountNumber(), acc.GetSequence(), nil
}

func allBalances(ctx context.Context, bank banktypes.QueryClient, addr string) (sdk.Coins, error) {
	var out sdk.Coins
	var page []byte
	for {
		res, err := bank.AllBalances(ctx, &banktypes.QueryAllBalancesRequest{Address: addr, Pagination: &query.PageRequest{Key: page, Limit: 200}})
		if err != nil {
			return nil, err
		}
		out = out.Add(res.Balances...)
		if page = res.Pagination.GetNextKey(); len(page) == 0 {
			return out, nil
		}
	}
}
