# Sourced, not run: `. scripts/use-node.sh` brings the project's Node when the machine's is too old
# (scripts/setup-node.sh) and puts it first on PATH for the rest of the calling shell, as the
# Makefile does for its recipes. For the scripts that run npm, npx or node outside make
# (flake-check.sh, crash-seeds.sh), and for a shell of your own.
_gauntlet_scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
_gauntlet_node_bin="$(bash "$_gauntlet_scripts/setup-node.sh" --bin-dir)"
if [ -n "$_gauntlet_node_bin" ]; then
  bash "$_gauntlet_scripts/setup-node.sh" >&2 || { unset _gauntlet_scripts _gauntlet_node_bin; return 1; }
  case ":$PATH:" in
    *":$_gauntlet_node_bin:"*) ;;
    *) export PATH="$_gauntlet_node_bin:$PATH" ;;
  esac
fi
unset _gauntlet_scripts _gauntlet_node_bin
