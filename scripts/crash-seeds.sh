#!/usr/bin/env bash
# Usage: scripts/crash-seeds.sh [FIRST_SEED [COUNT [TIMEOUT_S]]]   (default: 1 30 120)
#
# Runs the live crash drill (`gauntlet drill sut-crash-mid-capture --world live`: the core
# SIGKILLed twice while captures are in flight, restarted on the same database) for COUNT seeds
# in a row, each under a deadline, and after each run checks that nothing of it is left:
#   - hang:   the CLI did not exit within TIMEOUT_S (it is then sent SIGTERM, SIGKILL 15 s later);
#   - orphan: a core it started (by pid, or anything running on its database dir), its
#             toxiproxy-server, or its PGlite temp dir is still there after the CLI exited.
# Whatever is found left is killed and removed, so the next seed starts clean. Prints one line a
# seed and a summary; exits 0 only if every seed passed with no hang and no orphan, 1 otherwise.
# A script, not a timed test: it takes about 30 s a seed.
set -uo pipefail

FIRST="${1:-1}"
COUNT="${2:-30}"
TIMEOUT_S="${3:-120}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOGDIR="$(mktemp -d "${TMPDIR:-/tmp}/gauntlet-crash-seeds.XXXXXX")"
# The project's Node first on PATH (brought when the machine's is too old), as make does.
# shellcheck source=use-node.sh
. "$ROOT/scripts/use-node.sh" || exit 2

# A pid still running (zombies, which some containers' PID 1 never reaps, do not count).
alive() { local s; s="$(ps -o stat= -p "$1" 2>/dev/null)" && [ -n "$s" ] && [ "${s:0:1}" != Z ]; }
# Live pids whose command line contains $1.
matching() { pgrep -f -- "$1" 2>/dev/null | while read -r p; do [ "$p" != "$$" ] && alive "$p" && echo "$p"; done; }

pass=0 fail=0 hangs=0 orphans=0
declare -a bad=()
for ((seed = FIRST; seed < FIRST + COUNT; seed++)); do
  log="$LOGDIR/seed-$seed.log"
  start=$(date +%s)
  timeout --kill-after=15 "$TIMEOUT_S" node "$ROOT/bin/gauntlet.js" drill sut-crash-mid-capture --world live --seed "$seed" >"$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  sleep 0.5

  hang=no
  [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && hang=yes
  verdict="$(grep -oE '^  verdict +[A-Z_ ]+' "$log" | awk '{print $2}' | head -1)"
  # What the run started, from its own log.
  pids="$(grep -oE '\(pid [0-9]+' "$log" | grep -oE '[0-9]+' | sort -u | tr '\n' ' ')"
  tport="$(grep -oE '\[world\] toxiproxy \S+ \(binary\) http://127\.0\.0\.1:[0-9]+' "$log" | grep -oE '[0-9]+$' | head -1)"
  dbdir="$(grep -oE 'db pglite /\S+\)' "$log" | head -1 | sed -E 's/^db pglite //; s/\)$//')"
  left=()
  for p in $pids; do alive "$p" && left+=("core pid $p"); done
  if [ -n "$dbdir" ]; then
    for p in $(matching "$dbdir"); do left+=("pid $p on $dbdir"); done
    [ -e "$dbdir" ] && left+=("temp dir $dbdir")
  fi
  [ -n "$tport" ] && for p in $(matching "toxiproxy-server -host 127.0.0.1 -port $tport"); do left+=("toxiproxy-server pid $p"); done

  status=ok
  if [ "$hang" = yes ]; then status=HANG; hangs=$((hangs + 1)); fi
  if [ "${#left[@]}" -gt 0 ]; then
    status="${status/ok/}${status:+ }ORPHAN"; orphans=$((orphans + 1))
    # Clean up so the next seed starts from nothing.
    for p in $pids $( [ -n "$dbdir" ] && matching "$dbdir" ) $( [ -n "$tport" ] && matching "-port $tport" ); do kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null; done
    [ -n "$dbdir" ] && rm -rf -- "$dbdir"
  fi
  if [ "$status" = ok ] && [ "$rc" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); bad+=("$seed"); fi
  printf 'seed %3d  exit %3d  %4ds  verdict %-8s %s%s\n' "$seed" "$rc" "$secs" "${verdict:-none}" "$status" "${left:+  left: ${left[*]}}"
done

echo
echo "crash drill, seeds $FIRST..$((FIRST + COUNT - 1)): $pass passed, $fail failed ($hangs hung, $orphans left something behind); logs in $LOGDIR"
[ "${#bad[@]}" -gt 0 ] && echo "failed seeds: ${bad[*]}"
echo "after the runs, toxiproxy-server and core processes on this machine (other sessions' tests included):"
ps -eo pid,ppid,etimes,args | grep -E '[t]oxiproxy-server|[g]auntlet.js core' || echo "  none"
[ "$fail" -eq 0 ]
