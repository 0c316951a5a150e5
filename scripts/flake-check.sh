#!/usr/bin/env bash
# Usage: scripts/flake-check.sh [--consumer-runs N] [--make-runs N] [--load N] [--logs DIR]
#
# Is the suite flaky? On a fresh clone of this repository's committed HEAD (a `git clone` into a
# temp dir; uncommitted changes are not in it), run:
#   1. the Pact consumer tests N times (default 20), as `make test` runs them (one file at a time);
#   2. the whole `make test` N times (default 3), each from the same clone.
# and print a pass/fail tally per part. Exit 0 only when every run passed.
#
#   --consumer-runs N  consumer-test runs (0 skips the part)
#   --make-runs N      `make test` runs (0 skips the part)
#   --load N           keep N CPU hogs (`yes`) busy during the consumer runs: the Pact flake
#                      (contracts/mock-server-record.ts) only showed on a loaded machine
#   --logs DIR         where each run's output goes (default: a new /tmp/flake-check-logs.*,
#                      kept; the failed runs' FAIL lines are printed at the end)
#
# The clone, and every process this script started (each run in its own process group, the
# hogs), are removed on exit, including on SIGINT and SIGTERM.
set -uo pipefail

consumer_runs=20
make_runs=3
load=0
logs=""
die() { printf 'flake-check: %s\n' "$*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --consumer-runs) consumer_runs="${2:-}"; shift 2 ;;
    --make-runs) make_runs="${2:-}"; shift 2 ;;
    --load) load="${2:-}"; shift 2 ;;
    --logs) logs="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
for n in "$consumer_runs" "$make_runs" "$load"; do [[ "$n" =~ ^[0-9]+$ ]] || die "counts must be whole numbers, got '$n'"; done

repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)" || die "not inside a git repository"
logs="${logs:-$(mktemp -d /tmp/flake-check-logs.XXXXXX)}"
mkdir -p "$logs"
clone="$(mktemp -d /tmp/flake-check-clone.XXXXXX)"
hogs=()
child=""

# SIGTERM to a run's process group, SIGKILL after 5 s (npm ci, for one, takes its time over SIGTERM).
stop_group() {
  local pgid="$1" i
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pgid" 2>/dev/null
  wait "$pgid" 2>/dev/null
}

cleanup() {
  # Only what this script started: the current run's process group, then the hogs, by id.
  if [ -n "$child" ]; then stop_group "$child"; child=""; fi
  for p in "${hogs[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  hogs=()
  rm -rf "$clone"
}
trap 'cleanup' EXIT
trap 'echo "flake-check: interrupted, cleaning up" >&2; cleanup; exit 130' INT
trap 'echo "flake-check: terminated, cleaning up" >&2; cleanup; exit 143' TERM

# Runs "$@" in the clone in its own process group (so an interrupt stops all of it), output to a
# log; `wait` returns as soon as a trapped signal arrives, so SIGTERM is handled mid-run.
run_logged() {
  local log="$1"; shift
  (cd "$clone" && exec setsid "$@") >"$log" 2>&1 &
  child=$!
  wait "$child"
  local rc=$?
  child=""
  return $rc
}

start_load() {
  local i
  for ((i = 0; i < load; i++)); do yes >/dev/null & hogs+=("$!"); done
}
stop_load() {
  local p
  for p in "${hogs[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  hogs=()
}

echo "flake-check: cloning $repo (its committed HEAD) into $clone; logs in $logs"
git clone --quiet "$repo" "$clone" || die "git clone failed"
head="$(git -C "$clone" rev-parse --short HEAD)"
# The clone's Node (brought from the npm registry when the machine's is too old), for npm ci and
# the consumer runs below; the make runs get it from the Makefile too.
# shellcheck source=use-node.sh
. "$clone/scripts/use-node.sh" || die "no Node new enough for the clone (scripts/setup-node.sh failed)"

failed_logs=()
consumer_pass=0 consumer_fail=0 make_pass=0 make_fail=0

if [ "$consumer_runs" -gt 0 ]; then
  echo "flake-check: npm ci in the clone"
  run_logged "$logs/npm-ci.log" npm ci --no-audit --no-fund || die "npm ci failed (see $logs/npm-ci.log)"
  [ "$load" -gt 0 ] && { echo "flake-check: $load CPU hog(s) running during the consumer runs"; start_load; }
  for ((i = 1; i <= consumer_runs; i++)); do
    log="$logs/consumer-$i.log"
    if run_logged "$log" npx --no-install vitest run --no-file-parallelism .consumer.test.ts; then
      consumer_pass=$((consumer_pass + 1)); echo "  consumer run $i/$consumer_runs: pass"
    else
      consumer_fail=$((consumer_fail + 1)); failed_logs+=("$log"); echo "  consumer run $i/$consumer_runs: FAIL ($log)"
    fi
  done
  stop_load
fi

if [ "$make_runs" -gt 0 ]; then
  for ((i = 1; i <= make_runs; i++)); do
    log="$logs/make-test-$i.log"
    if run_logged "$log" make test; then
      make_pass=$((make_pass + 1)); echo "  make test run $i/$make_runs: pass"
    else
      make_fail=$((make_fail + 1)); failed_logs+=("$log"); echo "  make test run $i/$make_runs: FAIL ($log)"
    fi
  done
fi

echo
echo "flake-check tally (HEAD $head, load $load):"
[ "$consumer_runs" -gt 0 ] && echo "  consumer tests: $consumer_pass passed, $consumer_fail failed of $consumer_runs"
[ "$make_runs" -gt 0 ] && echo "  make test:      $make_pass passed, $make_fail failed of $make_runs"
for log in "${failed_logs[@]}"; do
  echo "  failures in $log:"
  grep -aE 'FAIL |expected but not received' "$log" | sed 's/\x1b\[[0-9;]*m//g' | sort -u | head -10 | sed 's/^/    /'
done
[ $((consumer_fail + make_fail)) -eq 0 ]
