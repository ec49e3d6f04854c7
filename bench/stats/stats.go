// Package stats is the arithmetic of nexus-bench: percentiles, summaries,
// the committed-throughput window over observed blocks, medians across
// rounds and ratios. Pure functions, no I/O.
package stats

import (
	"errors"
	"math"
	"slices"
	"time"
)

// Percentile returns the p-th percentile (0 ≤ p ≤ 100) of xs by linear
// interpolation between the closest ranks (Hyndman & Fan type 7, the default
// of R, NumPy and spreadsheets): rank h = (n−1)·p/100, value
// x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). xs need not be sorted and is not
// modified. It returns NaN for an empty xs or a p outside [0, 100].
func Percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 || p < 0 || p > 100 || math.IsNaN(p) {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return sortedPercentile(s, p)
}

func sortedPercentile(s []float64, p float64) float64 {
	h := float64(len(s)-1) * p / 100
	lo := int(math.Floor(h))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

// Median is Percentile(xs, 50).
func Median(xs []float64) float64 { return Percentile(xs, 50) }

// Summary describes a sample.
type Summary struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	Min  float64 `json:"min"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
}

// Summarize returns the summary of xs; every statistic of an empty sample is
// 0 (so that it encodes as JSON), with N = 0 saying there was nothing.
func Summarize(xs []float64) Summary {
	if len(xs) == 0 {
		return Summary{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	sum := 0.0
	for _, x := range s {
		sum += x
	}
	return Summary{
		N:    len(s),
		Mean: sum / float64(len(s)),
		Min:  s[0],
		P50:  sortedPercentile(s, 50),
		P95:  sortedPercentile(s, 95),
		P99:  sortedPercentile(s, 99),
		Max:  s[len(s)-1],
	}
}

// Block is one committed block as the bench saw it: when the node reported
// it committed, how many of the bench's transactions it holds (successful
// ones), and the node's cumulative CPU time when it was seen.
type Block struct {
	Height int64
	Seen   time.Time
	Txs    int
	// CPUSeconds is the node processes' cumulative CPU time (user + system)
	// sampled when the block was seen.
	CPUSeconds float64
}

// Window is the measurement over the blocks seen inside a time window.
type Window struct {
	// FirstHeight and LastHeight are the first and last block in the window.
	FirstHeight int64 `json:"first_height"`
	LastHeight  int64 `json:"last_height"`
	// Blocks is the number of blocks in the window.
	Blocks int `json:"blocks"`
	// Seconds is the time from the last block before the window to the last
	// block in it: the span in which the window's transactions were committed.
	Seconds float64 `json:"seconds"`
	// Txs is the number of transactions in the window's blocks.
	Txs int `json:"txs"`
	// TxPerSecond is Txs / Seconds.
	TxPerSecond float64 `json:"tx_per_second"`
	// CPUSeconds is the node CPU time spent over the same span.
	CPUSeconds float64 `json:"cpu_seconds"`
}

// ErrShortWindow is returned when the window holds too few blocks to measure.
var ErrShortWindow = errors.New("the window holds fewer than one block after a block before it")

// MeasureWindow measures the blocks seen in (start, end]. Throughput is the
// number of transactions of those blocks divided by the time between the
// last block seen at or before start (the boundary) and the last block in
// the window; CPU time is measured over the same span. Counting whole blocks
// between two block boundaries is what makes the rate exact: the
// transactions of a block are committed together, so a window cut between
// two blocks would count a block's transactions without its time, or the
// reverse. blocks must be in height order.
func MeasureWindow(blocks []Block, start, end time.Time) (Window, error) {
	boundary := -1
	var in []int
	for i, b := range blocks {
		switch {
		case !b.Seen.After(start):
			boundary = i
		case !b.Seen.After(end):
			in = append(in, i)
		}
	}
	if boundary < 0 || len(in) == 0 {
		return Window{}, ErrShortWindow
	}
	first, last := blocks[in[0]], blocks[in[len(in)-1]]
	w := Window{
		FirstHeight: first.Height,
		LastHeight:  last.Height,
		Blocks:      len(in),
		Seconds:     last.Seen.Sub(blocks[boundary].Seen).Seconds(),
		CPUSeconds:  last.CPUSeconds - blocks[boundary].CPUSeconds,
	}
	for _, i := range in {
		w.Txs += blocks[i].Txs
	}
	if w.Seconds > 0 {
		w.TxPerSecond = float64(w.Txs) / w.Seconds
	}
	return w, nil
}

// Ratio returns a / b, or NaN when b is 0 or either is NaN.
func Ratio(a, b float64) float64 {
	if b == 0 || math.IsNaN(a) || math.IsNaN(b) {
		return math.NaN()
	}
	return a / b
}

// Intervals returns the differences between consecutive times, in seconds.
func Intervals(ts []time.Time) []float64 {
	if len(ts) < 2 {
		return nil
	}
	out := make([]float64, 0, len(ts)-1)
	for i := 1; i < len(ts); i++ {
		out = append(out, ts[i].Sub(ts[i-1]).Seconds())
	}
	return out
}
