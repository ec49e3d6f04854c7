package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migration is one versioned schema change: migrations/NNNN_name.sql.
type Migration struct {
	Version int64
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations in version order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		num, rest, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		if !ok {
			return nil, fmt.Errorf("migration %s: want NNNN_name.sql", name)
		}
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: bad version", name)
		}
		b, err := migrationFS.ReadFile("migrations/" + name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: rest, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := range out {
		if out[i].Version != int64(i+1) {
			return nil, fmt.Errorf("migrations must be numbered 1, 2, 3...: found %d at position %d", out[i].Version, i+1)
		}
	}
	return out, nil
}

// statements splits a migration into statements: each ends with a ';' at
// the end of a line; '--' comment lines are dropped.
func statements(sqlText string) []string {
	var (
		out []string
		cur strings.Builder
	)
	for _, line := range strings.Split(sqlText, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}

// migrate applies every migration newer than the schema's version, each in
// its own transaction together with its schema_migrations row. On
// PostgreSQL an advisory lock keeps two agents starting together from
// racing.
func (s *Store) migrate(ctx context.Context) error {
	migs, err := Migrations()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if s.engine == Postgres {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		defer func() { _ = conn.Close() }()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7346127)`); err != nil {
			return fmt.Errorf("store: migrate lock: %w", err)
		}
		defer func() { _, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(7346127)`) }()
	}
	if err := s.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	current, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if current > int64(len(migs)) {
		return fmt.Errorf("store: the database schema is version %d, newer than this agent knows (%d): upgrade the agent", current, len(migs))
	}
	for _, m := range migs[current:] {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migration %d: %w", m.Version, err)
		}
		for _, st := range statements(m.SQL) {
			if _, err := tx.ExecContext(ctx, st); err != nil {
				_ = tx.Rollback()
				return fmt.Errorf("store: migration %d (%s): %w\n%s", m.Version, m.Name, err, st)
			}
		}
		if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)`), m.Version, m.Name, ms(s.now())); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("store: migration %d: %w", m.Version, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %d: %w", m.Version, err)
		}
	}
	return nil
}

// SchemaVersion returns the highest applied migration (0: none).
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}
