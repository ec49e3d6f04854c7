package main

import (
	"os"
	"runtime/debug"
)

// DefaultGCPercent is the Go garbage collector's target nexusd runs with
// when GOGC is not set: the heap may grow to 3× the live heap between
// collections instead of Go's default 2×. A node allocates a lot per
// transaction (decoding, events, cache layers) and most of it dies within
// the block, so collecting half as often halves the collector's CPU for a
// larger peak heap; docs/performance.md has the measurement. GOGC (and
// GOMEMLIMIT, which this leaves alone) in the environment always win.
const DefaultGCPercent = 200

// setGCPercent applies DefaultGCPercent unless GOGC is set.
func setGCPercent() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	debug.SetGCPercent(DefaultGCPercent)
}
