package storeproof

import (
	"context"
	"errors"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
)

// appClient answers store queries the way the SDK does: with no height, at
// the app's last committed height. It has no blocks, so Prove stops at the
// header step; the test looks at what it asked for.
type appClient struct {
	committed   int64 // the app's last committed height
	queryHeight []int64
	commitAsked []int64
}

func (c *appClient) ABCIQueryWithOptions(_ context.Context, _ string, key cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error) {
	c.queryHeight = append(c.queryHeight, opts.Height)
	h := opts.Height
	if h == 0 {
		h = c.committed
	}
	if h > c.committed {
		// What the SDK answers for a version the app has not committed.
		return &coretypes.ResultABCIQuery{Response: abci.ResponseQuery{Code: 7, Codespace: "store", Log: "proof is unexpectedly empty; ensure height has not been pruned"}}, nil
	}
	return &coretypes.ResultABCIQuery{Response: abci.ResponseQuery{
		Key: key, Value: []byte("v"), Height: h,
		ProofOps: &cmtcrypto.ProofOps{Ops: []cmtcrypto.ProofOp{{Type: "ics23:iavl", Key: key}}},
	}}, nil
}

func (c *appClient) Commit(_ context.Context, h *int64) (*coretypes.ResultCommit, error) {
	c.commitAsked = append(c.commitAsked, *h)
	return nil, errors.New("no such block")
}

func (c *appClient) Validators(context.Context, *int64, *int, *int) (*coretypes.ResultValidators, error) {
	return nil, errors.New("no validators")
}

// Without a height, Prove lets the app pick its last committed height and
// then asks for the header of the block after it. (Taking the height from
// CometBFT's status raced block commit: status can report a block the app
// has not committed, and the query at that height finds no version.)
func TestProveLatestUsesTheAppsCommittedHeight(t *testing.T) {
	c := &appClient{committed: 41}
	_, err := Prove(context.Background(), c, Request{StoreName: "mesh", Key: []byte{1}})
	if err == nil || !strings.Contains(err.Error(), "block 42") {
		t.Fatalf("want a missing header of block 42, got %v", err)
	}
	if len(c.queryHeight) != 1 || c.queryHeight[0] != 0 {
		t.Fatalf("query heights %v, want [0]", c.queryHeight)
	}
	if len(c.commitAsked) == 0 || c.commitAsked[0] != 42 {
		t.Fatalf("commit asked for %v, want 42", c.commitAsked)
	}
}

func TestProveExplicitHeight(t *testing.T) {
	c := &appClient{committed: 41}
	if _, err := Prove(context.Background(), c, Request{StoreName: "mesh", Key: []byte{1}, Height: 1}); err == nil || !strings.Contains(err.Error(), "height 2 or more") {
		t.Fatalf("height 1: got %v", err)
	}
	if len(c.queryHeight) != 0 {
		t.Fatalf("height 1 was queried: %v", c.queryHeight)
	}

	_, err := Prove(context.Background(), c, Request{StoreName: "mesh", Key: []byte{1}, Height: 50})
	if err == nil || !strings.Contains(err.Error(), "code 7 (store)") {
		t.Fatalf("uncommitted height: got %v", err)
	}

	_, err = Prove(context.Background(), c, Request{StoreName: "mesh", Key: []byte{1}, Height: 30})
	if err == nil || !strings.Contains(err.Error(), "block 31") {
		t.Fatalf("height 30: got %v", err)
	}
}
