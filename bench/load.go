package bench

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
)

// loadResult is what the submitters saw.
type loadResult struct {
	// submitted[j] is when the accepted submission of tx j started (Unix
	// nanoseconds), 0 if tx j was never accepted.
	submitted []int64
	attempts  int
	accepted  int
	skipped   int // txs of accounts whose earlier tx was rejected
	// exhausted is when the first connection ran out of transactions before
	// the end of the load (zero if none did): from then on the offered load
	// is no longer what was asked for.
	exhausted  time.Time
	rejections map[string]int
	samples    map[string]string
}

// Rejection keys for errors of the RPC call itself (the tx never reached
// CheckTx or was refused by the mempool before it).
const (
	RejectMempoolFull = "rpc: mempool is full"
	RejectInCache     = "rpc: tx already in mempool cache"
	RejectRPCOther    = "rpc: other error"
)

func classifyRPCError(err error) string {
	s := err.Error()
	switch {
	case strings.Contains(s, "mempool is full"):
		return RejectMempoolFull
	case strings.Contains(s, "tx already exists in cache"):
		return RejectInCache
	default:
		return RejectRPCOther
	}
}

// runLoad offers plan to the nodes from conns connections (connection c
// talks to node c mod len(nodes)) from start until end: at rate
// transactions per second in total, or with rate 0 as fast as the nodes
// accept them (each connection sends its next transaction when the previous
// broadcast_tx_sync returns). Connection c sends the transactions of the
// accounts a with a mod conns = c, in plan order, so each account's
// sequence numbers arrive in order. A transaction refused by CheckTx stops
// its account (its later sequences could only fail); a full mempool is
// waited out and the same transaction offered again.
func runLoad(ctx context.Context, nodes []*Node, plan *Plan, conns int, rate float64, start, end time.Time) *loadResult {
	res := &loadResult{
		submitted:  make([]int64, len(plan.Txs)),
		rejections: map[string]int{},
		samples:    map[string]string{},
	}
	lists := make([][]int32, conns)
	for j, tx := range plan.Txs {
		c := int(tx.Sender) % conns
		lists[c] = append(lists[c], int32(j))
	}
	broken := make([]bool, plan.Senders) // each account is touched by one connection only
	type connResult struct {
		attempts, accepted, skipped int
		exhausted                   time.Time
		rejections                  map[string]int
		samples                     map[string]string
	}
	results := make(chan connResult, conns)
	for c := range conns {
		node := nodes[c%len(nodes)]
		go func() {
			r := connResult{rejections: map[string]int{}, samples: map[string]string{}}
			defer func() { results <- r }()
			reject := func(key, detail string) {
				r.rejections[key]++
				if _, ok := r.samples[key]; !ok {
					r.samples[key] = truncate(detail, 300)
				}
			}
			// One HTTP client (one keep-alive TCP connection) per connection.
			cli, err := rpchttp.NewWithClient(node.RPC(), "/websocket", &http.Client{
				Transport: &http.Transport{MaxIdleConnsPerHost: 1, MaxConnsPerHost: 1, DisableCompression: true},
				Timeout:   30 * time.Second,
			})
			if err != nil {
				reject(RejectRPCOther, err.Error())
				return
			}
			lctx, cancel := context.WithDeadline(ctx, end)
			defer cancel()
			for _, j := range lists[c] {
				tx := &plan.Txs[j]
				if broken[tx.Sender] {
					r.skipped++
					continue
				}
				if rate > 0 {
					due := start.Add(time.Duration(float64(j) / rate * float64(time.Second)))
					if !sleepUntil(lctx, due) {
						return
					}
				}
				backoff := 5 * time.Millisecond
				for attempt := 0; ; attempt++ {
					if lctx.Err() != nil {
						return
					}
					t := time.Now()
					out, err := cli.BroadcastTxSync(lctx, tx.Bytes)
					if lctx.Err() != nil {
						return
					}
					r.attempts++
					if err != nil {
						key := classifyRPCError(err)
						reject(key, err.Error())
						if key == RejectMempoolFull || (key == RejectRPCOther && attempt < 5) {
							if !sleepUntil(lctx, time.Now().Add(backoff)) {
								return
							}
							backoff = min(2*backoff, 100*time.Millisecond)
							continue
						}
						if key == RejectInCache {
							// An earlier attempt of this very tx made it in.
							res.submitted[j] = t.UnixNano()
							r.accepted++
						} else {
							broken[tx.Sender] = true
						}
						break
					}
					if out.Code != 0 {
						reject(checkTxKey(out.Codespace, out.Code), out.Log)
						broken[tx.Sender] = true
						break
					}
					res.submitted[j] = t.UnixNano()
					r.accepted++
					break
				}
			}
			r.exhausted = time.Now()
		}()
	}
	for range conns {
		r := <-results
		res.attempts += r.attempts
		res.accepted += r.accepted
		res.skipped += r.skipped
		if !r.exhausted.IsZero() && (res.exhausted.IsZero() || r.exhausted.Before(res.exhausted)) {
			res.exhausted = r.exhausted
		}
		for k, v := range r.rejections {
			res.rejections[k] += v
			if _, ok := res.samples[k]; !ok {
				res.samples[k] = r.samples[k]
			}
		}
	}
	return res
}

func checkTxKey(codespace string, code uint32) string {
	return "checktx: " + codespace + "/" + strconv.FormatUint(uint64(code), 10)
}

func deliverKey(codespace string, code uint32) string {
	return "in block: " + codespace + "/" + strconv.FormatUint(uint64(code), 10)
}

func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
