#!/usr/bin/env bash
# Makes sure the PostgreSQL 15 server binaries (initdb, pg_ctl) are installed,
# for the agent's store tests (agent/internal/pgtest starts a throwaway server
# on a free loopback port). Installs Debian's postgresql-15 with apt-get when
# they are missing; exits non-zero, saying why, when that is not possible.
# Prints the directory that holds the binaries.
set -euo pipefail

find_bindir() {
  local d
  if command -v dpkg >/dev/null 2>&1; then
    d="$(dpkg -L postgresql-15 2>/dev/null | grep -E '/bin/initdb$' | head -n1 || true)"
    if [ -n "$d" ] && [ -x "$d" ]; then dirname "$d"; return 0; fi
  fi
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

if dir="$(find_bindir)"; then
  echo "$dir"
  exit 0
fi

echo "ensure-postgres: PostgreSQL server binaries not found; installing postgresql-15 with apt-get" >&2
if [ "$(id -u)" != 0 ]; then
  echo "ensure-postgres: not root: run 'sudo apt-get install -y postgresql-15' (the agent's store tests need it)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Install without starting anything: Debian's postinst would otherwise start
# a default cluster on port 5432, a process these tests did not ask for.
# policy-rc.d answering 101 ("action forbidden") is Debian's documented way
# to keep package scripts from starting services.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
if ! apt-get install -y --no-install-recommends postgresql-15 >&2; then
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql-15 >&2
fi
if dir="$(find_bindir)"; then
  echo "$dir"
  exit 0
fi
echo "ensure-postgres: postgresql-15 installed but initdb/pg_ctl not found" >&2
exit 1
