package system

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"

	"github.com/azora-os/nexus/app"
	forgetypes "github.com/azora-os/nexus/x/forge/types"
)

// forgeGenesis sets short governance periods and, if given, the forge
// params (Config.EditGenesis).
func forgeGenesis(params map[string]any) func(map[string]any) {
	return func(appState map[string]any) {
		if params != nil {
			appState["forge"].(map[string]any)["params"] = params
		}
		gov := appState["gov"].(map[string]any)["params"].(map[string]any)
		gov["voting_period"] = votingPeriod.String()
		gov["max_deposit_period"] = votingPeriod.String()
		gov["expedited_voting_period"] = (votingPeriod / 2).String()
	}
}

// forgeStartWithRoles gives the "custodian" and "arbiter" keys their forge
// roles in genesis and starts the chain. (The harness creates the keys in
// NewChain, so their addresses are known only afterwards.)
func forgeStartWithRoles(t *testing.T, c *Chain) {
	t.Helper()
	editGenesis(t, filepath.Join(c.Nodes[0].Home, "config", "genesis.json"), func(appState map[string]any) {
		appState["forge"].(map[string]any)["roles"] = []any{
			map[string]any{"role": "ROLE_CUSTODIAN", "address": c.Address("custodian")},
			map[string]any{"role": "ROLE_ARBITER", "address": c.Address("arbiter")},
		}
	})
	c.mustRun(c.Nodes[0].Home, "genesis", "validate-genesis")
	c.Start()
}

// forgeAttr returns a typed-event attribute of a tx, JSON-unquoted.
func forgeAttr(t *testing.T, tx *Tx, typ, key string) string {
	t.Helper()
	v, ok := tx.Attr(typ, key)
	if !ok {
		t.Fatalf("tx %s has no %s.%s: %+v", tx.Hash, typ, key, tx.Events)
	}
	var s string
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return v // a number
	}
	return s
}

// forgeGasPaid returns the gas fee (uazr) a tx paid.
func forgeGasPaid(t *testing.T, tx *Tx) int64 {
	t.Helper()
	fee, ok := tx.Attr("tx", "fee")
	if !ok {
		t.Fatalf("tx %s: no fee event", tx.Hash)
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(fee, "uazr"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

type forgeOrder struct {
	Order struct {
		ID          string `json:"id"`
		Status      string `json:"status"`
		CloseReason string `json:"close_reason"`
		Amount      struct{ Denom, Amount string }
		Fee         struct{ Denom, Amount string }
	} `json:"order"`
	Escrow *struct {
		Amount struct{ Denom, Amount string }
		Fee    struct{ Denom, Amount string }
	} `json:"escrow"`
}

type forgeEscrow struct {
	Address    string                           `json:"address"`
	Held       []struct{ Denom, Amount string } `json:"held"`
	Balance    []struct{ Denom, Amount string } `json:"balance"`
	OpenOrders string                           `json:"open_orders"`
}

// open is the number of open orders (the CLI leaves a zero out).
func (e forgeEscrow) open() int64 {
	n, _ := strconv.ParseInt(e.OpenOrders, 10, 64)
	return n
}

// TestForgeTradeCLI runs trades end to end on a real node with the CLI
// commands the module README documents: a goods trade (list, order into
// escrow, accept, confirm: seller paid, PIVC to the pools), an asset trade
// with the custodian's handover, a dispute refunded by the arbiter, and a
// role granted by governance; state is checked over the CLI, REST and gRPC.
func TestForgeTradeCLI(t *testing.T) {
	requireSystem(t)
	c := NewChain(t, Config{Accounts: []Account{
		{Name: "alice", Coins: "100000000000uazr"},
		{Name: "bob", Coins: "100000000000uazr"},
		{Name: "custodian", Coins: "1000000000uazr"},
		{Name: "arbiter", Coins: "1000000000uazr"},
	}, EditGenesis: forgeGenesis(nil)})
	forgeStartWithRoles(t, c)
	alice, bob, custodian := c.Address("alice"), c.Address("bob"), c.Address("custodian")

	// A price in a denom that cannot really be paid is refused (issue 14):
	// only uazr or a chartered a-Token.
	requireRefused(t, c, "alice", []string{"forge", "create-listing", "goods", "x", "1ustake", "1"}, "ustake cannot pay for a listing")
	requireRefused(t, c, "alice", []string{"forge", "create-listing", "goods", "x", "1a/nowhere", "1"}, "a/nowhere cannot pay for a listing")

	// 1. A goods trade.
	tx := c.MustTx("alice", "forge", "create-listing", "goods", "Solar lantern", "2000000uazr", "5")
	listing := forgeAttr(t, tx, "azora.forge.v1.EventListingCreated", "listing_id")
	if listing != "1" {
		t.Fatalf("listing id %q", listing)
	}
	var listings struct {
		Listings []struct {
			ID       string `json:"id"`
			Quantity string `json:"quantity"`
		} `json:"listings"`
	}
	c.QueryJSON(&listings, "forge", "listings", "--kind", "goods")
	if len(listings.Listings) != 1 || listings.Listings[0].Quantity != "5" {
		t.Fatalf("listings: %+v", listings)
	}

	bobBefore := uazrBalance(t, c, bob)
	tx = c.MustTx("bob", "forge", "place-order", "1", "2", "2000000uazr")
	orderID := forgeAttr(t, tx, "azora.forge.v1.EventOrderPlaced", "order_id")
	if orderID != "1-1" {
		t.Fatalf("order id %q", orderID)
	}
	if got, want := bobBefore-uazrBalance(t, c, bob), 4_000_000+200_000+forgeGasPaid(t, tx); got != want {
		t.Fatalf("bob paid %d, want 4,000,000 + 200,000 PIVC + gas = %d", got, want)
	}
	var esc forgeEscrow
	c.QueryJSON(&esc, "forge", "escrow")
	if amountOf(esc.Held, "uazr") != "4200000" || amountOf(esc.Balance, "uazr") != "4200000" || esc.open() != 1 {
		t.Fatalf("escrow after the order: %+v", esc)
	}

	c.MustTx("alice", "forge", "accept-order", orderID)
	aliceBefore := uazrBalance(t, c, alice)
	var totalsBefore, totalsAfter struct {
		Totals []struct {
			Denom    string `json:"denom"`
			Captured string `json:"captured"`
		} `json:"totals"`
	}
	c.QueryJSON(&totalsBefore, "pivc", "totals")
	tx = c.MustTx("bob", "forge", "confirm-delivery", orderID)
	if src := forgeAttr(t, tx, "azora.pivc.v1.EventFeeCaptured", "source"); src != "forge" {
		t.Fatalf("fee captured from %q", src)
	}
	if got := uazrBalance(t, c, alice) - aliceBefore; got != 4_000_000 {
		t.Fatalf("alice received %d, want exactly 4,000,000", got)
	}
	c.QueryJSON(&totalsAfter, "pivc", "totals")
	captured := func(v []struct {
		Denom    string `json:"denom"`
		Captured string `json:"captured"`
	},
	) int64 {
		for _, x := range v {
			if x.Denom == "uazr" {
				n, _ := strconv.ParseInt(x.Captured, 10, 64)
				return n
			}
		}
		return 0
	}
	// The confirm tx's own gas is not PIVC; bob's and alice's txs moved no
	// other value, so the captured total grew by exactly the order's PIVC.
	if got := captured(totalsAfter.Totals) - captured(totalsBefore.Totals); got != 200_000 {
		t.Fatalf("PIVC captured %d, want 200,000", got)
	}
	var o forgeOrder
	c.QueryJSON(&o, "forge", "order", orderID)
	if o.Order.Status != "ORDER_STATUS_SETTLED" || o.Order.CloseReason != "CLOSE_REASON_CONFIRMED" || o.Escrow != nil {
		t.Fatalf("order after confirmation: %+v", o)
	}
	// A second confirmation is refused with a clear error, nothing moves.
	res, _ := c.SubmitTx("bob", "forge", "confirm-delivery", orderID)
	if res.ExitCode == 0 || !strings.Contains(res.Stdout+res.Stderr, "order already closed") {
		t.Fatalf("second confirmation: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}

	// REST and gRPC serve the same order.
	var rest forgeOrder
	if code := c.REST(c.Nodes[0], "/azora/forge/v1/orders/"+orderID, &rest); code != 200 || rest.Order.Status != "ORDER_STATUS_SETTLED" {
		t.Fatalf("REST order: %d %+v", code, rest)
	}
	g, err := forgetypes.NewQueryClient(c.GRPC(c.Nodes[0])).OrdersByBuyer(context.Background(), &forgetypes.QueryOrdersByBuyerRequest{Buyer: bob})
	if err != nil || len(g.Orders) != 1 || g.Orders[0].Status != forgetypes.OrderStatusSettled {
		t.Fatalf("gRPC orders by buyer: %v %+v", err, g)
	}

	// 2. An asset trade: register at the custodian, list, order, handover,
	// confirm; ownership moves.
	hash := "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	tx = c.MustTx("alice", "forge", "register-asset", "vehicle", "Toyota Hilux 2021", custodian,
		"--metadata-uri", "ipfs://bafyhilux", "--metadata-hash", hash)
	assetID := forgeAttr(t, tx, "azora.forge.v1.EventAssetRegistered", "asset_id")
	tx = c.MustTx("alice", "forge", "create-listing", "asset", "Hilux for sale", "50000000uazr", "1", "--asset-id", assetID,
		"--expiry", time.Now().UTC().Add(24*time.Hour).Format(time.RFC3339))
	assetListing := forgeAttr(t, tx, "azora.forge.v1.EventListingCreated", "listing_id")
	tx = c.MustTx("bob", "forge", "place-order", assetListing, "1", "50000000uazr")
	assetOrder := forgeAttr(t, tx, "azora.forge.v1.EventOrderPlaced", "order_id")
	res, _ = c.SubmitTx("bob", "forge", "confirm-delivery", assetOrder)
	if res.ExitCode == 0 || !strings.Contains(res.Stdout+res.Stderr, "custodian has not recorded the handover") {
		t.Fatalf("confirmation before the handover: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	c.MustTx("custodian", "forge", "record-handover", assetOrder, "gate receipt 0042")
	c.MustTx("bob", "forge", "confirm-delivery", assetOrder)
	var asset struct {
		Asset struct {
			Owner     string `json:"owner"`
			ListingID string `json:"listing_id"`
		} `json:"asset"`
	}
	c.QueryJSON(&asset, "forge", "asset", assetID)
	if asset.Asset.Owner != bob || (asset.Asset.ListingID != "" && asset.Asset.ListingID != "0") {
		t.Fatalf("asset after the sale: %+v", asset)
	}
	var owned struct {
		Assets []struct {
			ID string `json:"id"`
		} `json:"assets"`
	}
	c.QueryJSON(&owned, "forge", "assets-by-owner", bob)
	if len(owned.Assets) != 1 || owned.Assets[0].ID != assetID {
		t.Fatalf("bob's assets: %+v", owned)
	}

	// 3. A dispute, refunded by the arbiter: bob gets price and PIVC back.
	tx = c.MustTx("bob", "forge", "place-order", "1", "1", "2000000uazr")
	disputed := forgeAttr(t, tx, "azora.forge.v1.EventOrderPlaced", "order_id")
	c.MustTx("alice", "forge", "accept-order", disputed)
	c.MustTx("bob", "forge", "open-dispute", disputed, "lantern arrived broken")
	bobBefore = uazrBalance(t, c, bob)
	c.MustTx("arbiter", "forge", "resolve-dispute", disputed, "refund", "photos show the damage")
	if got := uazrBalance(t, c, bob) - bobBefore; got != 2_100_000 {
		t.Fatalf("refund to bob %d, want 2,100,000", got)
	}
	o = forgeOrder{}
	c.QueryJSON(&o, "forge", "order", disputed)
	if o.Order.Status != "ORDER_STATUS_REFUNDED" || o.Order.CloseReason != "CLOSE_REASON_ARBITER_REFUND" {
		t.Fatalf("disputed order: %+v", o)
	}

	// 4. Governance grants a second arbiter.
	id := c.proposal("alice", "forge", "grant-role", "arbiter", bob, "--title", "Arbiter", "--summary", "bob arbitrates")
	c.waitPassed(id)
	var roles struct {
		Roles []struct{ Role, Address string } `json:"roles"`
	}
	c.QueryJSON(&roles, "forge", "roles", "--role", "arbiter")
	if len(roles.Roles) != 2 {
		t.Fatalf("arbiters after the proposal: %+v", roles)
	}

	var final forgeEscrow // fresh: the CLI leaves zero fields out
	c.QueryJSON(&final, "forge", "escrow")
	if len(final.Held) != 0 || len(final.Balance) != 0 || final.open() != 0 {
		t.Fatalf("escrow at the end: %+v", final)
	}
}

var forgeTxConfig = func() client.TxConfig {
	enc := app.MakeEncodingConfig()
	forgetypes.RegisterInterfaces(enc.InterfaceRegistry)
	return enc.TxConfig
}()

// forgeSignOrders signs one tx of n MsgPlaceOrder (1 unit each) by the named
// account at sequence seq.
func forgeSignOrders(c *Chain, name string, accNum, seq uint64, listing uint64, price sdk.Coin, n int) ([]byte, error) {
	msgs := make([]sdk.Msg, n)
	for i := range msgs {
		msgs[i] = &forgetypes.MsgPlaceOrder{Buyer: c.Address(name), ListingId: listing, Quantity: 1, UnitPrice: price}
	}
	return forgeSignMsgs(c, name, accNum, seq, msgs...)
}

// forgeSignMsgs signs a tx of msgs by the named account at sequence seq,
// with 150,000 gas per message at the minimum gas price.
func forgeSignMsgs(c *Chain, name string, accNum, seq uint64, msgs ...sdk.Msg) ([]byte, error) {
	priv := c.PrivKey(name)
	b := forgeTxConfig.NewTxBuilder()
	if err := b.SetMsgs(msgs...); err != nil {
		return nil, err
	}
	gas := uint64(len(msgs)) * 150_000
	b.SetGasLimit(gas)
	b.SetFeeAmount(sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, int64((gas+999)/1000))))
	pub := priv.PubKey()
	if err := b.SetSignatures(signing.SignatureV2{PubKey: pub, Data: &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_DIRECT}, Sequence: seq}); err != nil {
		return nil, err
	}
	sd := authsigning.SignerData{Address: c.Address(name), ChainID: ChainID, AccountNumber: accNum, Sequence: seq, PubKey: pub}
	sig, err := clienttx.SignWithPrivKey(context.Background(), signing.SignMode_SIGN_MODE_DIRECT, sd, b, priv, forgeTxConfig, seq)
	if err != nil {
		return nil, err
	}
	if err := b.SetSignatures(sig); err != nil {
		return nil, err
	}
	return forgeTxConfig.TxEncoder()(b.GetTx())
}

// forgeBroadcastAll broadcasts txs back to back to node 0 and waits until
// each is committed with code 0; it returns the heights.
func forgeBroadcastAll(t *testing.T, c *Chain, txs [][]byte) []int64 {
	t.Helper()
	n := c.Nodes[0]
	for _, tx := range txs {
		res, err := c.BroadcastTxSync(n, tx)
		if err != nil || res.Code != 0 {
			t.Fatalf("broadcast: %v %+v", err, res)
		}
	}
	var heights []int64
	deadline := time.Now().Add(45 * time.Second)
	for _, tx := range txs {
		for {
			r, found, err := c.TxByHash(n, TxHash(tx))
			if err != nil {
				t.Fatal(err)
			}
			if found {
				if r.Code != 0 {
					t.Fatalf("tx failed: %d %s", r.Code, r.Log)
				}
				heights = append(heights, r.Height)
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("txs not committed in time")
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	return heights
}

// forgeBlockTimes returns the header times of blocks from..to of node n.
func forgeBlockTimes(c *Chain, n *Node, from, to int64) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	for lo := from; lo <= to; lo += 20 {
		hi := min(lo+19, to)
		var res struct {
			BlockMetas []struct {
				Header struct {
					Height string    `json:"height"`
					Time   time.Time `json:"time"`
				} `json:"header"`
			} `json:"block_metas"`
		}
		if err := c.RPC(n, fmt.Sprintf("blockchain?minHeight=%d&maxHeight=%d", lo, hi), &res); err != nil {
			return nil, err
		}
		for _, m := range res.BlockMetas {
			h, _ := strconv.ParseInt(m.Header.Height, 10, 64)
			out[h] = m.Header.Time
		}
	}
	return out, nil
}

// forgeOpenOrdersAt returns the number of open orders in the state after
// block h (over gRPC at that height).
func forgeOpenOrdersAt(t *testing.T, c *Chain, h int64) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, ctx, err := dialAt(ctx, c.Nodes[0], h)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	res, err := forgetypes.NewQueryClient(conn).EscrowTotals(ctx, &forgetypes.QueryEscrowTotalsRequest{})
	if err != nil {
		t.Fatalf("escrow totals at %d: %v", h, err)
	}
	if !res.Held.Equal(res.Balance) {
		t.Fatalf("height %d: escrow holds %s, the open orders %s", h, res.Balance, res.Held)
	}
	return int64(res.OpenOrders) //nolint:gosec // a test count
}

// TestForgeExpiryBlockTime places 2,000 orders that all expire in the same
// block on a real node: EndBlock refunds at most max_expiries_per_block (the
// default, 200) per block, the rest rolls over, every buyer is refunded in
// full, and block times stay normal while the backlog drains.
func TestForgeExpiryBlockTime(t *testing.T) {
	requireSystem(t)
	const (
		buyers     = 4
		txsPerBuy  = 5
		perTx      = 100
		total      = buyers * txsPerBuy * perTx
		bound      = 200
		ttl        = 8 * time.Second
		unitPrice  = 1000
		buyerCoins = 100_000_000_000
	)
	accounts := []Account{{Name: "seller", Coins: "1000000000uazr"}}
	for i := 0; i < buyers; i++ {
		accounts = append(accounts, Account{Name: fmt.Sprintf("buyer%d", i), Coins: strconv.Itoa(buyerCoins) + "uazr"})
	}
	params := map[string]any{
		"max_expiries_per_block": bound, "order_ttl": ttl.String(),
		"max_listing_duration": "86400s", "closed_order_retention": "3600s", "dispute_ttl": "86400s",
	}
	c := NewChain(t, Config{Accounts: accounts, EditGenesis: forgeGenesis(params)})
	c.Start()
	n := c.Nodes[0]

	c.MustTx("seller", "forge", "create-listing", "goods", "Bread roll", fmt.Sprintf("%duazr", unitPrice), "1000000000")

	// Sign every tx first, then broadcast them back to back so they land in
	// as few blocks as possible (and expire together).
	var txs [][]byte
	for i := 0; i < buyers; i++ {
		name := fmt.Sprintf("buyer%d", i)
		accNum, seq, err := c.AccountAt(n, c.Address(name), 0)
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < txsPerBuy; j++ {
			tx, err := forgeSignOrders(c, name, accNum, seq+uint64(j), 1, sdk.NewInt64Coin("uazr", unitPrice), perTx)
			if err != nil {
				t.Fatal(err)
			}
			txs = append(txs, tx)
		}
	}
	start := c.Height(n)
	placedAt := forgeBroadcastAll(t, c, txs)
	first, last := placedAt[0], placedAt[0]
	for _, h := range placedAt {
		first, last = min(first, h), max(last, h)
	}
	t.Logf("%d orders placed in blocks %d..%d", total, first, last)
	if got := forgeOpenOrdersAt(t, c, last); got != total {
		t.Fatalf("open orders after placing: %d, want %d", got, total)
	}

	// Wait until the escrow is empty.
	deadline := time.Now().Add(ttl + 60*time.Second)
	var end int64
	for {
		end = c.Height(n) - 1 // the latest height may not be queryable yet
		if forgeOpenOrdersAt(t, c, end) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("orders still open at %d", end)
		}
		time.Sleep(300 * time.Millisecond)
	}

	// Block by block: at most `bound` refunds each; the drain took at least
	// total/bound blocks; block times stayed normal.
	times, err := forgeBlockTimes(c, n, start, end)
	if err != nil {
		t.Fatal(err)
	}
	prev := forgeOpenOrdersAt(t, c, last)
	drainBlocks := 0
	var before, during []time.Duration
	for h := last + 1; h <= end; h++ {
		open := forgeOpenOrdersAt(t, c, h)
		refunded := prev - open
		if refunded < 0 || refunded > bound {
			t.Fatalf("block %d refunded %d orders (bound %d)", h, refunded, bound)
		}
		interval := times[h].Sub(times[h-1])
		if refunded > 0 {
			drainBlocks++
			during = append(during, interval)
			if interval > 3*time.Second {
				t.Fatalf("block %d took %s while refunding %d orders", h, interval, refunded)
			}
		} else if drainBlocks == 0 {
			before = append(before, interval)
		}
		prev = open
	}
	if drainBlocks < total/bound {
		t.Fatalf("drained in %d blocks; the bound allows no fewer than %d", drainBlocks, total/bound)
	}
	t.Logf("drained %d orders in %d blocks; block intervals while waiting %v, while draining %v", total, drainBlocks, before, during)

	// Every buyer got price and PIVC back: each paid only gas.
	for i := 0; i < buyers; i++ {
		name := fmt.Sprintf("buyer%d", i)
		gas := int64(0)
		for j := 0; j < txsPerBuy; j++ {
			gas += (perTx*150_000 + 999) / 1000
		}
		if got := uazrBalance(t, c, c.Address(name)); got != buyerCoins-gas {
			t.Fatalf("%s has %d, want %d (everything back but gas)", name, got, buyerCoins-gas)
		}
	}
}

// TestForgeUnderBlockSTM runs trades with the BlockSTM executor: four
// buyers order from four sellers' listings in the same blocks (executed in
// parallel), then confirm them all at once. Each seller receives exactly its
// orders' amounts, the PIVC totals grow by exactly their fees, and at every
// height the escrow account holds exactly what the folded totals say.
func TestForgeUnderBlockSTM(t *testing.T) {
	requireSystem(t)
	const (
		pairs  = 4
		orders = 20
		price  = 10_000
		fee    = 500
	)
	var accs []Account
	for i := 0; i < pairs; i++ {
		accs = append(accs, Account{Name: fmt.Sprintf("seller%d", i), Coins: "1000000000uazr"},
			Account{Name: fmt.Sprintf("buyer%d", i), Coins: "1000000000uazr"})
	}
	c := NewChain(t, Config{Accounts: accs})
	if r := c.CLIOn(c.Nodes[0], "config", "set", "app", "block-executor", "block-stm", "-s"); r.ExitCode != 0 {
		t.Fatal(r.Err())
	}
	c.Start()
	n := c.Nodes[0]

	// One listing per seller, all in the same blocks.
	var txs [][]byte
	for i := 0; i < pairs; i++ {
		name := fmt.Sprintf("seller%d", i)
		accNum, seq, err := c.AccountAt(n, c.Address(name), 0)
		if err != nil {
			t.Fatal(err)
		}
		tx, err := forgeSignMsgs(c, name, accNum, seq, &forgetypes.MsgCreateListing{
			Seller: c.Address(name), Kind: forgetypes.ListingKindGoods, Title: "Crate of tomatoes",
			Price: sdk.NewInt64Coin("uazr", price), Quantity: 1000,
		})
		if err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
	}
	forgeBroadcastAll(t, c, txs)
	var ls struct {
		Listings []struct {
			ID     string `json:"id"`
			Seller string `json:"seller"`
		} `json:"listings"`
	}
	c.QueryJSON(&ls, "forge", "listings")
	listingOf := map[string]uint64{}
	for _, l := range ls.Listings {
		id, _ := strconv.ParseUint(l.ID, 10, 64)
		listingOf[l.Seller] = id
	}

	var totalsBefore struct {
		Totals []struct{ Captured string } `json:"totals"`
	}
	c.QueryJSON(&totalsBefore, "pivc", "totals")
	sellerBefore := map[string]int64{}
	for i := 0; i < pairs; i++ {
		s := c.Address(fmt.Sprintf("seller%d", i))
		sellerBefore[s] = uazrBalance(t, c, s)
	}

	// Each buyer orders 20 units from its seller, one order per message.
	txs = nil
	accNums := map[string]uint64{}
	for i := 0; i < pairs; i++ {
		name := fmt.Sprintf("buyer%d", i)
		accNum, seq, err := c.AccountAt(n, c.Address(name), 0)
		if err != nil {
			t.Fatal(err)
		}
		accNums[name] = accNum
		tx, err := forgeSignOrders(c, name, accNum, seq, listingOf[c.Address(fmt.Sprintf("seller%d", i))], sdk.NewInt64Coin("uazr", price), orders)
		if err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
	}
	placed := forgeBroadcastAll(t, c, txs)
	t.Logf("order txs in blocks %v", placed)

	// Every buyer confirms all its orders in one tx, all at once.
	txs = nil
	for i := 0; i < pairs; i++ {
		name := fmt.Sprintf("buyer%d", i)
		_, seq, err := c.AccountAt(n, c.Address(name), 0)
		if err != nil {
			t.Fatal(err)
		}
		lid := listingOf[c.Address(fmt.Sprintf("seller%d", i))]
		msgs := make([]sdk.Msg, orders)
		for j := range msgs {
			msgs[j] = &forgetypes.MsgConfirmDelivery{Buyer: c.Address(name), OrderId: forgetypes.FormatOrderID(lid, uint64(j+1))}
		}
		tx, err := forgeSignMsgs(c, name, accNums[name], seq, msgs...)
		if err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
	}
	confirmed := forgeBroadcastAll(t, c, txs)
	t.Logf("confirmation txs in blocks %v", confirmed)

	for i := 0; i < pairs; i++ {
		s := c.Address(fmt.Sprintf("seller%d", i))
		if got := uazrBalance(t, c, s) - sellerBefore[s]; got != orders*price {
			t.Fatalf("seller%d received %d, want %d", i, got, orders*price)
		}
	}
	var totalsAfter struct {
		Totals []struct{ Captured string } `json:"totals"`
	}
	c.QueryJSON(&totalsAfter, "pivc", "totals")
	captured := func(v []struct{ Captured string }) int64 {
		if len(v) == 0 {
			return 0
		}
		x, _ := strconv.ParseInt(v[0].Captured, 10, 64)
		return x
	}
	if got := captured(totalsAfter.Totals) - captured(totalsBefore.Totals); got != pairs*orders*fee {
		t.Fatalf("PIVC captured %d, want %d", got, pairs*orders*fee)
	}
	// held == balance at every height (forgeOpenOrdersAt checks it).
	end := c.Height(n) - 1
	for h := placed[0] - 1; h <= end; h++ {
		forgeOpenOrdersAt(t, c, h)
	}
	if open := forgeOpenOrdersAt(t, c, end); open != 0 {
		t.Fatalf("%d orders still open", open)
	}
}
