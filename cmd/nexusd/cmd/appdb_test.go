package cmd

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	dbm "github.com/cosmos/cosmos-db"
)

// TestOpenAppDB: start's opener turns seek compactions off for goleveldb,
// writes the database the SDK's opener writes (data/application.db) in the
// same format, and leaves other backends to the SDK.
func TestOpenAppDB(t *testing.T) {
	require.True(t, appDBOptions().DisableSeeksCompaction)
	require.NotNil(t, appDBOptions().Filter, "keep cosmos-db's bloom filter")
	require.Equal(t, 32<<20, appDBOptions().WriteBuffer)

	home := t.TempDir()
	db, err := openAppDB(home, dbm.GoLevelDBBackend)
	require.NoError(t, err)
	require.NoError(t, db.Set([]byte("k"), []byte("v")))
	require.NoError(t, db.Close())
	require.DirExists(t, filepath.Join(home, "data", "application.db"))

	// The SDK's own opener (export, rollback, snapshots) reads it back.
	again, err := dbm.NewDB("application", dbm.GoLevelDBBackend, filepath.Join(home, "data"))
	require.NoError(t, err)
	v, err := again.Get([]byte("k"))
	require.NoError(t, err)
	require.Equal(t, []byte("v"), v)
	require.NoError(t, again.Close())

	mem, err := openAppDB(t.TempDir(), dbm.MemDBBackend)
	require.NoError(t, err)
	require.IsType(t, &dbm.MemDB{}, mem)
}
