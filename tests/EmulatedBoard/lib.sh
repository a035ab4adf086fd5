# Shared by prepare.sh, run-in-guest.sh and run-all.sh (host side). Source it; don't run it.
# shellcheck shell=bash

EDGE_BOARD_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export EDGE_BOARD_HOME
# shellcheck disable=SC2034 # used by the scripts that source this one
board_cache=${EDGE_BOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/edge-emulated-board}

# Exit code for "a prerequisite is missing and could not be installed": run-all.sh turns it into
# a skip outside CI and a failure in CI.
BOARD_EXIT_MISSING=77

board_log() { printf 'edge-board: %s\n' "$*" >&2; }
board_die() { printf 'edge-board: error: %s\n' "$1" >&2; exit "${2:-1}"; }

# Microseconds since the epoch, and the seconds since such a time with one decimal, for the
# timings every script prints (built-ins only: in the guest every process start is costly).
board_now() {
  if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME//[.,]/}"; else date +%s%6N; fi
}
board_elapsed() {
  local d=$(($(board_now) - $1))
  printf '%d.%d' $((d / 1000000)) $((d / 100000 % 10))
}

board_sudo() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return "$BOARD_EXIT_MISSING"
  fi
}

# Prints a TCP port on 127.0.0.1 that nothing listens on now, for run-in-guest.sh --forward.
# Picked below Linux's ephemeral range (32768+), so outgoing connections do not take it meanwhile.
board_free_port() {
  local port tries=0
  while ((tries++ < 200)); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
