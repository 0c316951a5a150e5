#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARG...]
#
# Runs CMD with GAUNTLET_TEST_DATABASE_URL pointing at a PostgreSQL server, so the core's tests
# (core/db/test-db.ts) run against a real server instead of PGlite:
# - DATABASE_URL set: that server is used as is (nothing is started).
# - otherwise: a throwaway cluster from the Debian binaries (newest /usr/lib/postgresql/<major>/bin,
#   installed by scripts/setup-tools.sh) in a temp dir, on a free loopback port, trust auth, fsync
#   off. As root it runs as the `postgres` OS user (initdb refuses root). The server is stopped
#   and the dir removed however CMD ends; the script exits with CMD's exit code.
set -euo pipefail

die() { printf 'with-postgres: %s\n' "$*" >&2; exit 2; }
[ $# -gt 0 ] || die "usage: $0 CMD [ARG...]"

if [ -n "${DATABASE_URL:-}" ]; then
  export GAUNTLET_TEST_DATABASE_URL="$DATABASE_URL"
  exec "$@"
fi

# Same choice as scripts/setup-tools.sh: the newest major holding postgres + initdb.
find_pg_bindir() {
  local d best="" best_major=-1 major
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/postgres" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/pg_isready" ] || continue
    major="$(basename "$(dirname "$d")")"
    major="${major%%.*}"
    [[ "$major" =~ ^[0-9]+$ ]] || major=0
    if [ "$major" -gt "$best_major" ]; then best="$d"; best_major="$major"; fi
  done
  printf '%s' "$best"
}
BIN="$(find_pg_bindir)"
[ -n "$BIN" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (run: make setup)"

# as_pg CMD...: run as the cluster's owner (the postgres OS user when we are root).
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user to own the cluster"
  if command -v runuser >/dev/null 2>&1; then
    as_pg() { runuser -u postgres -- "$@"; }
  else
    as_pg() { su -s /bin/bash postgres -c "$(printf '%q ' "$@")"; }
  fi
  # The postgres user must reach the dir: /tmp, not a root-only TMPDIR.
  TMP_ROOT=/tmp
else
  as_pg() { "$@"; }
  TMP_ROOT="${TMPDIR:-/tmp}"
fi

PGTMP="$(mktemp -d "$TMP_ROOT/gauntlet-pg.XXXXXX")"
DATA="$PGTMP/data"
LOG="$PGTMP/server.log"
CALLER_PWD="$PWD"
PG_PID=""

stop_server() {
  [ -n "$PG_PID" ] || return 0
  (cd "$PGTMP" && as_pg "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1) || kill "$PG_PID" 2>/dev/null || true
  wait "$PG_PID" 2>/dev/null || true
  PG_PID=""
}
cleanup() {
  stop_server
  rm -rf "$PGTMP"
}
# A signal must not wait for CMD to end by itself (bash runs a trap only once the foreground
# command returns): CMD runs in the background and is waited for, so the trap runs at once, stops
# CMD (SIGTERM: a background command of a non-interactive shell ignores SIGINT), waits for it,
# then the EXIT trap stops the server and removes the dir.
CMD_PID=""
on_signal() {
  trap - INT TERM HUP
  if [ -n "$CMD_PID" ]; then
    kill -TERM "$CMD_PID" 2>/dev/null || true
    wait "$CMD_PID" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PGTMP"; fi
cd "$PGTMP" # the server's user may not be able to read the caller's cwd

as_pg "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$PGTMP/initdb.log" 2>&1 \
  || { cat "$PGTMP/initdb.log" >&2; die "initdb failed"; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# The port is free when we look; another process could take it before the server binds: retry.
PORT=""
for _attempt in 1 2 3 4 5; do
  port="$(free_port)"
  as_pg "$BIN/postgres" -D "$DATA" -p "$port" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories="$PGTMP" -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c max_connections=200 >>"$LOG" 2>&1 &
  PG_PID=$!
  for _ in $(seq 1 300); do # up to 30 s
    if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then PORT="$port"; break; fi
    kill -0 "$PG_PID" 2>/dev/null || break # it exited: port taken, or see the log
    sleep 0.1
  done
  [ -n "$PORT" ] && break
  stop_server
done
[ -n "$PORT" ] || { cat "$LOG" >&2 || true; die "the PostgreSQL server did not become ready"; }

export GAUNTLET_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
printf 'with-postgres: PostgreSQL %s on 127.0.0.1:%s (%s)\n' \
  "$("$BIN/postgres" --version | grep -Eo '[0-9]+(\.[0-9]+)+' | head -n1)" "$PORT" "$PGTMP" >&2

cd "$CALLER_PWD"
set +e
"$@" <&0 &
CMD_PID=$!
wait "$CMD_PID"
rc=$?
CMD_PID=""
set -e
exit "$rc"
