// Package store is the agent's database: observations, derived aggregates,
// the last processed height, the reconciliation results and the action log,
// on SQLite (embedded, pure Go) or PostgreSQL, with one schema and versioned
// migrations applied at open. Everything a block changes is written in one
// transaction (Store.Block), so a crash never leaves them out of step.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Engines.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// ErrNotFound is returned by getters for a missing row.
var ErrNotFound = errors.New("not found")

// ErrChainMismatch is returned when the store belongs to another chain.
var ErrChainMismatch = errors.New("store belongs to another chain")

// Store is an open database.
type Store struct {
	db     *sql.DB
	engine string
	// now is the wall clock (tests replace it).
	now func() time.Time
	// observe, if set, is told how long each named operation took.
	observe func(op string, d time.Duration)
}

// Open opens (creating if needed) the database and applies the migrations.
// engine is SQLite (dsn: a file path) or Postgres (dsn: a postgres:// URL).
func Open(ctx context.Context, engine, dsn string) (*Store, error) {
	var (
		db  *sql.DB
		err error
	)
	switch engine {
	case SQLite:
		if dir := filepath.Dir(dsn); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
		}
		// WAL: readers (the API) do not block the writer. synchronous=NORMAL
		// in WAL mode survives a process crash (SIGKILL) without loss; after
		// a power loss the last blocks may be lost and are processed again,
		// consistently, because the cursor is in the same transactions.
		// _txlock=immediate takes the write lock at BEGIN, so two writers
		// wait for each other (busy_timeout) instead of failing on upgrade.
		q := "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_txlock=immediate"
		db, err = sql.Open("sqlite", "file:"+dsn+"?"+q)
		if err == nil {
			db.SetMaxOpenConns(4)
		}
	case Postgres:
		db, err = sql.Open("pgx", dsn)
		if err == nil {
			db.SetMaxOpenConns(8)
		}
	default:
		return nil, fmt.Errorf("store: unknown engine %q", engine)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", engine, err)
	}
	s := &Store{db: db, engine: engine, now: time.Now}
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: connect %s: %w", engine, err)
	}
	if err := s.migrate(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Engine returns SQLite or Postgres.
func (s *Store) Engine() string { return s.engine }

// DB returns the database handle (tests and tools).
func (s *Store) DB() *sql.DB { return s.db }

// SetClock replaces the wall clock (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// SetObserver sets a function told the duration of each store operation
// (the agent's DB latency metric).
func (s *Store) SetObserver(f func(op string, d time.Duration)) { s.observe = f }

func (s *Store) timed(op string) func() {
	if s.observe == nil {
		return func() {}
	}
	start := time.Now()
	return func() { s.observe(op, time.Since(start)) }
}

// rebind turns ? placeholders into $1, $2... for PostgreSQL. Queries here
// never contain a literal question mark.
func (s *Store) rebind(q string) string {
	if s.engine != Postgres {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func (s *Store) exec(ctx context.Context, q string, args ...any) error {
	_, err := s.db.ExecContext(ctx, s.rebind(q), args...)
	return err
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, s.rebind(q), args...)
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, s.rebind(q), args...)
}

func ms(t time.Time) int64 { return t.UnixMilli() }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// InitChain binds an empty store to chainID, or checks that a used store
// belongs to it. It returns the last processed height (0 when empty).
func (s *Store) InitChain(ctx context.Context, chainID string) (int64, error) {
	var (
		have string
		last int64
	)
	err := s.queryRow(ctx, `SELECT chain_id, last_height FROM cursor WHERE id = 1`).Scan(&have, &last)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if err := s.exec(ctx, `INSERT INTO cursor (id, chain_id, last_height) VALUES (1, ?, 0)`, chainID); err != nil {
			return 0, fmt.Errorf("store: init cursor: %w", err)
		}
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("store: read cursor: %w", err)
	case have != chainID:
		return 0, fmt.Errorf("%w: the store holds %q, the config says %q", ErrChainMismatch, have, chainID)
	}
	return last, nil
}

// LastHeight returns the last processed height (0 when none).
func (s *Store) LastHeight(ctx context.Context) (int64, error) {
	var last int64
	err := s.queryRow(ctx, `SELECT last_height FROM cursor WHERE id = 1`).Scan(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return last, err
}
