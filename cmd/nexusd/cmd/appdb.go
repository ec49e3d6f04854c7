package cmd

import (
	"path/filepath"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// appDBName is the application state database under <home>/data, the name
// the SDK's own opener uses (server/util.go openDB), so a home written by
// either opens with the other.
const appDBName = "application"

// appDBOptions are the goleveldb options of the application database:
// cosmos-db's (a 10-bit bloom filter per table) plus DisableSeeksCompaction
// and a larger write buffer.
//
// Why: goleveldb charges a "seek" to a table whenever a read had to look in
// it and then in a deeper one, and compacts a table whose seeks run out
// (size / 16 KiB, at least 100) into the level below. Each block's IAVL
// flush lands in level 0 as a table spanning the whole key space, so every
// read that the IAVL caches miss — above all reads of keys that do not
// exist (no usage window yet, no tier limit for a denom), which must look in
// every level — charges one. Under load a fresh level-0 table ran out of
// seeks every ~2 s and was merged into all of level 1, rewriting level 1
// whole each time (6 → 33 MiB within a 30 s bench window; the node's
// LevelDB compaction, all databases together, was 0.59 ms per committed
// transfer against 0.19 ms on a stock SDK chain; docs/performance.md). With seek compactions off, level 0 is
// compacted when it holds 4 tables (goleveldb's size trigger), as on the
// stock chain. The on-disk format is unchanged: a home opened with these
// options opens with the SDK's default ones and vice versa.
//
// And a 32 MiB write buffer (goleveldb's default is 4 MiB): IAVL writes
// keys spread over the whole key space, so every level-0 table overlaps all
// of level 1 and each level-0 compaction rewrites level 1 whole. A buffer
// 8× larger makes level-0 tables, and so those rewrites, 8× rarer, for
// 64 MiB of memory (the buffer and the one being flushed).
func appDBOptions() *opt.Options {
	return &opt.Options{
		Filter:                 filter.NewBloomFilter(10),
		DisableSeeksCompaction: true,
		WriteBuffer:            appDBWriteBuffer,
	}
}

// appDBWriteBuffer is the application database's memtable size.
const appDBWriteBuffer = 32 << 20

// openAppDB opens the application database for `nexusd start` (the SDK's
// StartCmdOptions.DBOpener). goleveldb gets appDBOptions; every other
// backend opens as the SDK opens it.
func openAppDB(rootDir string, backend dbm.BackendType) (dbm.DB, error) {
	dataDir := filepath.Join(rootDir, "data")
	if backend == dbm.GoLevelDBBackend {
		return dbm.NewGoLevelDBWithOpts(appDBName, dataDir, appDBOptions())
	}
	return dbm.NewDB(appDBName, backend, dataDir)
}
