// Package pgtest starts a throwaway PostgreSQL server for tests: initdb into
// a temporary directory, pg_ctl start on a free loopback port, one database
// per test, pg_ctl stop and the directory removed at the end. It finds the
// server binaries with scripts/ensure-postgres.sh, which installs Debian's
// postgresql-15 when they are missing. A machine without them fails the
// test loudly: the store must be proven on PostgreSQL, not skipped.
package pgtest

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Server is a running PostgreSQL server.
type Server struct {
	dir    string
	port   int
	bindir string
	cred   *syscall.Credential
	n      atomic.Int64
	mu     sync.Mutex
	closed bool
}

// Start starts a server. Call Close when done (TestMain).
func Start() (*Server, error) {
	bindir, err := binDir()
	if err != nil {
		return nil, err
	}
	s := &Server{bindir: bindir}
	base := os.TempDir()
	dir, err := os.MkdirTemp(base, "nexus-agent-pg-")
	if err != nil {
		return nil, err
	}
	s.dir = dir
	// The server refuses to run as root: run initdb and pg_ctl as the
	// postgres user (created by the Debian package) and give it the dir.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			_ = os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: running as root and there is no postgres user to run the server as: %w", err)
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		s.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, int(uid), int(gid)); err != nil {
			_ = os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run("initdb", "-D", data, "-A", "trust", "-U", "nexus", "-E", "UTF8", "--no-sync"); err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: initdb: %w\n%s", err, out)
	}
	for attempt := 0; attempt < 5; attempt++ {
		s.port, err = freePort()
		if err != nil {
			break
		}
		opts := fmt.Sprintf("-k %s -p %d -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", dir, s.port)
		var out []byte
		out, err = s.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "60", "start")
		if err == nil {
			break
		}
		err = fmt.Errorf("pgtest: pg_ctl start on port %d: %w\n%s\n%s", s.port, err, out, s.log())
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

func (s *Server) log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
	return string(b)
}

func (s *Server) run(tool string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(s.bindir, tool), args...) //nolint:gosec // test tool from the package's bin dir
	cmd.Dir = s.dir
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// Port is the server's loopback port.
func (s *Server) Port() int { return s.port }

// URL returns the URL of database db.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://nexus@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

// NewDatabase creates a fresh database and returns its URL.
func (s *Server) NewDatabase(ctx context.Context) (string, error) {
	name := fmt.Sprintf("t%d", s.n.Add(1))
	db, err := sql.Open("pgx", s.URL("postgres"))
	if err != nil {
		return "", err
	}
	defer func() { _ = db.Close() }()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("pgtest: create database: %w", err)
	}
	return s.URL(name), nil
}

// Close stops the server and removes its files.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	_, _ = s.run("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "-t", "30", "stop")
	_ = os.RemoveAll(s.dir)
}

// binDir finds initdb and pg_ctl through scripts/ensure-postgres.sh (which
// installs the package when it can) or, outside the repository, the
// PostgreSQL install directories.
func binDir() (string, error) {
	if d := os.Getenv("NEXUS_PG_BINDIR"); d != "" {
		return d, nil
	}
	if script, err := findScript(); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "bash", script)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("pgtest: PostgreSQL server binaries are missing and could not be installed (%s): %w\n%s", script, err, errb.String())
		}
		return strings.TrimSpace(out.String()), nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) > 0 {
		return filepath.Dir(matches[len(matches)-1]), nil
	}
	return "", errors.New("pgtest: PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql-15 (scripts/ensure-postgres.sh)")
}

func findScript() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "scripts", "ensure-postgres.sh")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}
