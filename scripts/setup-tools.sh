#!/usr/bin/env bash
# Installs the pinned native tools Gauntlet's live world needs, into a cache outside the repo:
#   ${GAUNTLET_TOOLS_DIR:-$HOME/.cache/gauntlet/tools}/bin
# - toxiproxy-server (Shopify/toxiproxy, MIT)  via go install
# - vegeta           (tsenart/vegeta, MIT)     via go install; our HTTP load tool
# - stripe-mock      (stripe/stripe-mock, MIT) via go install; only `npm run bench` uses it, as the
#                    yardstick for the Stripe simulator's speed, so a failed build only warns
# and makes sure PostgreSQL server binaries exist (Debian package `postgresql`).
#
# Idempotent: a tool already present at the pinned version is left alone.
# npm is not touched here (the Makefile runs `npm ci`).
#
# The pins below must match harness/toolchain/versions.ts (a test checks it).
#
# `go install` stamps no release version into these binaries (toxiproxy-server prints
# "version git", vegeta prints an empty "Version:", stripe-mock "master"), so we set it with
# -ldflags -X, the same way the projects' release builds do. After that, `toxiproxy-server --version` and
# `vegeta -version` report the truth and serve as the "already present" check.
set -euo pipefail

TOXIPROXY_VERSION=2.12.0
VEGETA_VERSION=12.13.0
STRIPE_MOCK_VERSION=0.203.0

TOOLS_DIR="${GAUNTLET_TOOLS_DIR:-$HOME/.cache/gauntlet/tools}"
BIN_DIR="$TOOLS_DIR/bin"

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/gauntlet-tools.XXXXXX")"
trap 'rm -rf "$WORK_DIR"' EXIT

log() { printf '%s\n' "$*"; }
# report <tool> <state> <path> <version>: one aligned line per tool.
report() { printf '%-17s %-15s %s  v%s\n' "$1:" "$2" "$3" "$4"; }
die() { printf 'setup-tools: %s\n' "$*" >&2; exit 1; }

# tool_version <binary> <flag> <line-regex>: prints the x.y.z on the first output line matching
# <line-regex> (vegeta also prints "Runtime: go1.x.y", which is not its version), or nothing.
tool_version() {
  local bin="$1" flag="$2" line="$3"
  [ -x "$bin" ] || return 0
  { timeout 10 "$bin" "$flag" 2>&1 || true; } | grep -E "$line" | head -n1 \
    | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true
}

need_go() {
  command -v go >/dev/null 2>&1 && return 0
  die "Go is not installed (Go >= 1.23 is needed to build toxiproxy-server and vegeta). Install Go, then re-run: make setup"
}

# go_install <module/pkg@version> <ldflags> <built-binary-name> <target-name>
go_install() {
  local pkg="$1" ldflags="$2" built="$3" target="$4"
  local tmp="$WORK_DIR/$target"
  mkdir -p "$tmp"
  (cd "$tmp" && GOBIN="$tmp" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install -ldflags "$ldflags" "$pkg") \
    || die "go install $pkg failed"
  [ -x "$tmp/$built" ] || die "go install $pkg produced no $built binary"
  mkdir -p "$BIN_DIR"
  # Move via a temp name in the same dir so a concurrent reader never sees half a binary.
  mv -f "$tmp/$built" "$BIN_DIR/.$target.new"
  mv -f "$BIN_DIR/.$target.new" "$BIN_DIR/$target"
}

ensure_tool() {
  local name="$1" flag="$2" line="$3" want="$4" pkg="$5" ldflags="$6" built="$7"
  local path="$BIN_DIR/$name" have
  have="$(tool_version "$path" "$flag" "$line")"
  if [ "$have" = "$want" ]; then
    report "$name" "already present" "$path" "$have"
    return 0
  fi
  need_go
  go_install "$pkg" "$ldflags" "$built" "$name"
  have="$(tool_version "$path" "$flag" "$line")"
  [ "$have" = "$want" ] || die "$name installed at $path but reports version '${have:-?}', expected $want"
  report "$name" "installed" "$path" "$have"
}

ensure_tool toxiproxy-server --version '^toxiproxy-server version ' "$TOXIPROXY_VERSION" \
  "github.com/Shopify/toxiproxy/v2/cmd/server@v$TOXIPROXY_VERSION" \
  "-X github.com/Shopify/toxiproxy/v2.Version=$TOXIPROXY_VERSION" \
  server

ensure_tool vegeta -version '^Version: ' "$VEGETA_VERSION" \
  "github.com/tsenart/vegeta/v12@v$VEGETA_VERSION" \
  "-X main.Version=v$VEGETA_VERSION" \
  vegeta

# In a subshell: a failure (no network for its modules, say) costs the bench one comparison,
# which it then reports as unavailable, and must not stop the rest of the setup.
( ensure_tool stripe-mock -version '^stripe-mock ' "$STRIPE_MOCK_VERSION" \
  "github.com/stripe/stripe-mock@v$STRIPE_MOCK_VERSION" \
  "-X main.version=$STRIPE_MOCK_VERSION" \
  stripe-mock ) \
  || log "stripe-mock:      NOT BUILT       the bench will report the stripe-mock comparison as unavailable"

# --- PostgreSQL server binaries -------------------------------------------------------------
# Prints the bin dir of the newest /usr/lib/postgresql/<major>/bin holding postgres + initdb.
find_pg_bindir() {
  local d best="" best_major=-1 major
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/postgres" ] && [ -x "$d/initdb" ] || continue
    major="$(basename "$(dirname "$d")")"
    major="${major%%.*}"
    [[ "$major" =~ ^[0-9]+$ ]] || major=0
    if [ "$major" -gt "$best_major" ]; then best="$d"; best_major="$major"; fi
  done
  printf '%s' "$best"
}

pg_report() {
  local dir="$1" state="$2" ver
  ver="$({ "$dir/postgres" --version 2>/dev/null || true; } | grep -Eo '[0-9]+(\.[0-9]+)+' | head -n1 || true)"
  report postgres "$state" "$dir/postgres" "${ver:-?}"
}

PG_BINDIR="$(find_pg_bindir)"
if [ -n "$PG_BINDIR" ]; then
  pg_report "$PG_BINDIR" "already present"
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "postgres: server binaries missing; installing Debian package postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends postgresql >/dev/null
  PG_BINDIR="$(find_pg_bindir)"
  [ -n "$PG_BINDIR" ] || die "installed postgresql but found no postgres/initdb under /usr/lib/postgresql/*/bin"
  pg_report "$PG_BINDIR" "installed"
else
  log "postgres:         MISSING         no postgres/initdb under /usr/lib/postgresql/*/bin"
  log "                  install with: sudo apt-get update && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql"
fi

# --- Chromium (headless; reports/browser.test.ts renders the gate report in it) -----------------
if command -v chromium >/dev/null 2>&1; then
  report chromium "already present" "$(command -v chromium)" "$({ chromium --version 2>/dev/null || true; } | grep -Eo '[0-9]+(\.[0-9]+)+' | head -n1 || true)"
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "chromium: missing; installing Debian package chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends chromium >/dev/null
  command -v chromium >/dev/null 2>&1 || die "installed chromium but no chromium on PATH"
  report chromium "installed" "$(command -v chromium)" "$({ chromium --version 2>/dev/null || true; } | grep -Eo '[0-9]+(\.[0-9]+)+' | head -n1 || true)"
else
  log "chromium:         MISSING         the report's browser test will skip"
  log "                  install with: sudo apt-get update && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium"
fi
