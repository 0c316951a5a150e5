#!/usr/bin/env bash
# Runs the Gauntlet release gate against shop-payments:
#   1. `gauntlet up --json --sut-url ... --webhook stripe=... --webhook-secret stripe=...` (simulators,
#      Toxiproxy in every path; the shop's webhooks cross the core_webhooks proxy);
#   2. the shop, pointed at the world's Stripe proxy, with the same webhook secret;
#   3. `gauntlet gate --driver examples/shop-payments/driver.ts --world-file world.json "$@"`.
# Everything started here is stopped on exit, Ctrl-C or SIGTERM; the exit code is the gate's.
#   examples/shop-payments/gate.sh [--drills a,b] [--seed S] [--out DIR]   (SHOP_BUGS=... passes through)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/shop-gate.XXXXXX")"
UP_PID=""
SHOP_PID=""
GATE_PID=""

stop() { # pid: SIGTERM, then SIGKILL if it is still there after 10 s
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  # A second Ctrl-C or SIGTERM (a CI runner cancelling twice) must not cut the cleanup short and
  # leave the processes or the temp dir behind: it takes at most 10 s a process.
  trap - EXIT
  trap '' INT TERM
  stop "$GATE_PID"; stop "$SHOP_PID"; stop "$UP_PID"
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
json() { node -e "const w=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'));console.log(eval('w.'+process.argv[2]))" "$TMP/world.json" "$1"; }

SECRET="whsec_$(node -e "console.log(require('crypto').randomBytes(24).toString('hex'))")"

# The world must know the shop's URL before the shop can know the world's Stripe proxy, so the
# shop's port is picked free first and bound last: something else may take it in between (the
# world's own listeners, another job on the runner). The shop's "listening" line is the proof it
# holds the port (a health check could be answered by whoever took it); a shop that finds the
# port taken is started again on another, with a world that points at the new one.
start_world_and_shop() { # port: 0 started, 1 port taken (retry), exits 2 on any other failure
  local port="$1"
  SHOP_URL="http://127.0.0.1:$port"
  rm -f "$TMP/world.json" "$TMP/shop.log"
  echo "[shop-gate] starting the live world (shop at $SHOP_URL)" >&2
  node bin/gauntlet.js up --json --sut-url "$SHOP_URL" --webhook "stripe=$SHOP_URL/hooks/stripe" --webhook-secret "stripe=$SECRET" >"$TMP/world.json" 2>"$TMP/up.log" &
  UP_PID=$!
  for _ in $(seq 1 600); do
    [ -s "$TMP/world.json" ] && break
    kill -0 "$UP_PID" 2>/dev/null || { echo "[shop-gate] gauntlet up failed:" >&2; cat "$TMP/up.log" >&2; exit 2; }
    sleep 0.1
  done
  [ -s "$TMP/world.json" ] || { echo "[shop-gate] gauntlet up did not start within 60 s" >&2; exit 2; }
  STRIPE_PROXY="$(json toxiproxy.proxies.stripe.listen)"

  echo "[shop-gate] starting shop-payments (Stripe via $STRIPE_PROXY${SHOP_BUGS:+, SHOP_BUGS=$SHOP_BUGS})" >&2
  PORT="$port" STRIPE_API_BASE="$STRIPE_PROXY" STRIPE_SECRET_KEY="sk_test_gauntlet_shop" STRIPE_WEBHOOK_SECRET="$SECRET" SHOP_BUGS="${SHOP_BUGS:-}" \
    node --import tsx examples/shop-payments/main.ts >"$TMP/shop.log" 2>&1 &
  SHOP_PID=$!
  for _ in $(seq 1 300); do
    grep -qF "[shop] listening on $SHOP_URL " "$TMP/shop.log" 2>/dev/null && return 0
    if ! kill -0 "$SHOP_PID" 2>/dev/null; then
      if grep -q EADDRINUSE "$TMP/shop.log"; then
        echo "[shop-gate] port $port was taken before the shop could bind it" >&2
        stop "$UP_PID"; UP_PID=""; SHOP_PID=""
        return 1
      fi
      echo "[shop-gate] the shop did not start:" >&2; cat "$TMP/shop.log" >&2; exit 2
    fi
    sleep 0.1
  done
  echo "[shop-gate] the shop did not start within 30 s:" >&2; cat "$TMP/shop.log" >&2; exit 2
}

started=""
for attempt in 1 2 3; do
  if start_world_and_shop "${SHOP_PORT:-$(free_port)}"; then started=1; break; fi
  # A port the caller chose is not picked again.
  [ -z "${SHOP_PORT:-}" ] || break
done
[ -n "$started" ] || { echo "[shop-gate] no free port for the shop after $attempt attempts" >&2; exit 2; }
curl -fsS "$SHOP_URL/healthz" >/dev/null || { echo "[shop-gate] the shop does not answer /healthz at $SHOP_URL" >&2; exit 2; }

set +e
node bin/gauntlet.js gate --driver examples/shop-payments/driver.ts --world-file "$TMP/world.json" "$@" &
GATE_PID=$!
wait "$GATE_PID"
CODE=$?
GATE_PID=""
set -e
if [ -n "${SHOP_GATE_KEEP_LOG:-}" ]; then cp "$TMP/shop.log" "$SHOP_GATE_KEEP_LOG"; fi
exit "$CODE"
