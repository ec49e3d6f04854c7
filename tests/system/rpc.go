package system

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// CometBFT RPC helpers. They return errors instead of failing the test, so
// callers can poll nodes that are down, paused or catching up.

// RPCURL is the CometBFT RPC base URL of the node.
func (n *Node) RPCURL() string { return fmt.Sprintf("http://127.0.0.1:%d", n.Ports.RPC) }

// rpcClient bounds every RPC request, so that a paused node cannot block a
// caller for long.
var rpcClient = &http.Client{Timeout: 5 * time.Second}

// RPCError is a JSON-RPC error returned by CometBFT.
type RPCError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    string `json:"data"`
}

func (e *RPCError) Error() string {
	return fmt.Sprintf("rpc error %d: %s: %s", e.Code, e.Message, e.Data)
}

// RPC calls the CometBFT RPC route path (e.g. "block?height=5") on node n
// and decodes the result into out.
func (c *Chain) RPC(n *Node, path string, out any) error {
	resp, err := rpcClient.Get(n.RPCURL() + "/" + path) //nolint:noctx // loopback test URL
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	var env struct {
		Result json.RawMessage `json:"result"`
		Error  *RPCError       `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return fmt.Errorf("node %d %s: decode: %w", n.Index, path, err)
	}
	if env.Error != nil {
		return env.Error
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(env.Result, out)
}

// NodeStatus is the part of /status the tests use.
type NodeStatus struct {
	Height     int64
	BlockHash  string
	AppHash    string
	CatchingUp bool
}

// Status returns the node's /status.
func (c *Chain) Status(n *Node) (NodeStatus, error) {
	var st struct {
		SyncInfo struct {
			LatestBlockHash   string `json:"latest_block_hash"`
			LatestAppHash     string `json:"latest_app_hash"`
			LatestBlockHeight string `json:"latest_block_height"`
			CatchingUp        bool   `json:"catching_up"`
		} `json:"sync_info"`
	}
	if err := c.RPC(n, "status", &st); err != nil {
		return NodeStatus{}, err
	}
	h, err := strconv.ParseInt(st.SyncInfo.LatestBlockHeight, 10, 64)
	if err != nil {
		return NodeStatus{}, err
	}
	return NodeStatus{Height: h, BlockHash: st.SyncInfo.LatestBlockHash, AppHash: st.SyncInfo.LatestAppHash, CatchingUp: st.SyncInfo.CatchingUp}, nil
}

// PeerCount returns the number of peers of node n (/net_info).
func (c *Chain) PeerCount(n *Node) (int, error) {
	var ni struct {
		NPeers string `json:"n_peers"`
	}
	if err := c.RPC(n, "net_info", &ni); err != nil {
		return 0, err
	}
	return strconv.Atoi(ni.NPeers)
}

// BlockMeta identifies one block as a node stores it.
type BlockMeta struct {
	Height int64
	// Hash is the block hash (the hash of the header).
	Hash string
	// AppHash is the app hash in the header: the application state after
	// block Height-1.
	AppHash string
	// LastBlockHash is the hash of block Height-1 the header commits to.
	LastBlockHash string
	NumTxs        int
}

// BlockMetas returns the metas of blocks from..to (inclusive, ascending) of
// node n, through /blockchain (20 per request).
func (c *Chain) BlockMetas(n *Node, from, to int64) ([]BlockMeta, error) {
	metas := make([]BlockMeta, 0, max(0, to-from+1))
	for lo := from; lo <= to; lo += 20 {
		hi := min(lo+19, to)
		var res struct {
			BlockMetas []struct {
				BlockID struct {
					Hash string `json:"hash"`
				} `json:"block_id"`
				Header struct {
					Height      string `json:"height"`
					AppHash     string `json:"app_hash"`
					LastBlockID struct {
						Hash string `json:"hash"`
					} `json:"last_block_id"`
				} `json:"header"`
				NumTxs string `json:"num_txs"`
			} `json:"block_metas"`
		}
		if err := c.RPC(n, fmt.Sprintf("blockchain?minHeight=%d&maxHeight=%d", lo, hi), &res); err != nil {
			return nil, fmt.Errorf("node %d blocks %d..%d: %w", n.Index, lo, hi, err)
		}
		if int64(len(res.BlockMetas)) != hi-lo+1 {
			return nil, fmt.Errorf("node %d blocks %d..%d: got %d metas", n.Index, lo, hi, len(res.BlockMetas))
		}
		// /blockchain answers newest first.
		for i := len(res.BlockMetas) - 1; i >= 0; i-- {
			m := res.BlockMetas[i]
			h, _ := strconv.ParseInt(m.Header.Height, 10, 64)
			k, _ := strconv.Atoi(m.NumTxs)
			metas = append(metas, BlockMeta{Height: h, Hash: m.BlockID.Hash, AppHash: m.Header.AppHash, LastBlockHash: m.Header.LastBlockID.Hash, NumTxs: k})
		}
	}
	return metas, nil
}

// BlockTx is one tx of a block with its result.
type BlockTx struct {
	Hash   string // upper-case hex SHA-256 of the tx bytes, as CometBFT shows it
	Height int64
	Code   uint32
	Log    string
}

// BlockTxs returns the txs of block h of node n with their results.
func (c *Chain) BlockTxs(n *Node, h int64) ([]BlockTx, error) {
	var blk struct {
		Block struct {
			Data struct {
				Txs []string `json:"txs"`
			} `json:"data"`
		} `json:"block"`
	}
	if err := c.RPC(n, fmt.Sprintf("block?height=%d", h), &blk); err != nil {
		return nil, err
	}
	txs := blk.Block.Data.Txs
	if len(txs) == 0 {
		return nil, nil
	}
	var res struct {
		TxsResults []struct {
			Code uint32 `json:"code"`
			Log  string `json:"log"`
		} `json:"txs_results"`
	}
	if err := c.RPC(n, fmt.Sprintf("block_results?height=%d", h), &res); err != nil {
		return nil, err
	}
	if len(res.TxsResults) != len(txs) {
		return nil, fmt.Errorf("node %d block %d: %d txs but %d results", n.Index, h, len(txs), len(res.TxsResults))
	}
	out := make([]BlockTx, len(txs))
	for i, b64 := range txs {
		bz, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return nil, err
		}
		out[i] = BlockTx{Hash: TxHash(bz), Height: h, Code: res.TxsResults[i].Code, Log: res.TxsResults[i].Log}
	}
	return out, nil
}

// TxHash is the CometBFT hash of tx bytes (upper-case hex SHA-256).
func TxHash(tx []byte) string {
	sum := sha256.Sum256(tx)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// ABCIInfo returns the height and app hash (upper-case hex) that the
// application of node n reports it has committed.
func (c *Chain) ABCIInfo(n *Node) (int64, string, error) {
	var info struct {
		Response struct {
			LastBlockHeight  string `json:"last_block_height"`
			LastBlockAppHash string `json:"last_block_app_hash"`
		} `json:"response"`
	}
	if err := c.RPC(n, "abci_info", &info); err != nil {
		return 0, "", err
	}
	h, _ := strconv.ParseInt(info.Response.LastBlockHeight, 10, 64)
	bz, err := base64.StdEncoding.DecodeString(info.Response.LastBlockAppHash)
	if err != nil {
		return 0, "", err
	}
	return h, strings.ToUpper(hex.EncodeToString(bz)), nil
}

// BroadcastResult is the outcome of broadcast_tx_sync (CheckTx).
type BroadcastResult struct {
	Hash      string
	Code      uint32
	Codespace string
	Log       string
}

// BroadcastTxSync submits tx bytes to node n and returns the CheckTx result.
// An error is a transport or RPC error (e.g. "tx already exists in cache").
func (c *Chain) BroadcastTxSync(n *Node, tx []byte) (BroadcastResult, error) {
	var res struct {
		Code      uint32 `json:"code"`
		Codespace string `json:"codespace"`
		Log       string `json:"log"`
		Hash      string `json:"hash"`
	}
	if err := c.RPC(n, "broadcast_tx_sync?tx=0x"+hex.EncodeToString(tx), &res); err != nil {
		return BroadcastResult{}, err
	}
	return BroadcastResult{Hash: res.Hash, Code: res.Code, Codespace: res.Codespace, Log: res.Log}, nil
}

// TxResult is a committed tx as node n's tx index reports it.
type TxResult struct {
	Hash   string
	Height int64
	Code   uint32
	Log    string
}

// TxByHash looks a committed tx up in node n's index. found is false (and
// err nil) if the node does not know the tx.
func (c *Chain) TxByHash(n *Node, hash string) (res TxResult, found bool, err error) {
	var r struct {
		Hash     string `json:"hash"`
		Height   string `json:"height"`
		TxResult struct {
			Code uint32 `json:"code"`
			Log  string `json:"log"`
		} `json:"tx_result"`
	}
	err = c.RPC(n, "tx?hash=0x"+url.QueryEscape(hash), &r)
	if rpcErr, ok := err.(*RPCError); ok && strings.Contains(rpcErr.Data, "not found") {
		return TxResult{}, false, nil
	}
	if err != nil {
		return TxResult{}, false, err
	}
	h, _ := strconv.ParseInt(r.Height, 10, 64)
	return TxResult{Hash: r.Hash, Height: h, Code: r.TxResult.Code, Log: r.TxResult.Log}, true, nil
}
