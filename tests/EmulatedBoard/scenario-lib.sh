# Sourced by scenarios/*.sh, on the host and again inside the guest. A scenario is one bash
# script with two halves:
#
#   . "$(dirname "$0")/../scenario-lib.sh"
#   if board_on_host; then
#     board_run_guest --timeout 300          # run-in-guest.sh options; re-runs this file inside
#     exit                                   # exits with the guest half's exit code
#   fi
#   check "vivid loads" "$BOARD_GUEST/load-module.sh" vivid
#   ...
#   board_finish
#
# On the host, EDGE_BOARD_RESULTS is the scenario's results directory (run-all.sh sets it;
# default $EDGE_BOARD_CACHE/results/NAME). The guest sees it writable at the same path.
# shellcheck shell=bash

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck disable=SC2034 # for the scenarios
BOARD_GUEST=$EDGE_BOARD_HOME/guest
board_scenario=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
board_scenario_name=$(basename "$0" .sh)
: "${EDGE_BOARD_RESULTS:=$board_cache/results/$board_scenario_name}"
export EDGE_BOARD_RESULTS
board_checks_failed=0
board_checks_passed=0

board_on_host() { [ "${EDGE_BOARD_GUEST:-}" != 1 ]; }

# Runs this scenario file inside the guest with the given run-in-guest.sh options, with the
# results directory; returns the guest half's exit code.
board_run_guest() {
  mkdir -p "$EDGE_BOARD_RESULTS"
  local rc=0
  "$EDGE_BOARD_HOME/run-in-guest.sh" --results "$EDGE_BOARD_RESULTS" "$@" -- "$board_scenario" || rc=$?
  return "$rc"
}

# check NAME COMMAND [ARGS...]: runs the command, its output into checks.log in the results
# directory, and prints "ok - NAME" or "not ok - NAME" (with the command's last lines).
check() {
  local name=$1 log=$EDGE_BOARD_RESULTS/checks.log start rc=0
  shift
  start=$(board_now)
  printf '\n=== %s: %s\n' "$name" "$*" >>"$log"
  "$@" >>"$log.one" 2>&1 || rc=$?
  cat "$log.one" >>"$log"
  if [ "$rc" = 0 ]; then
    board_checks_passed=$((board_checks_passed + 1))
    printf 'ok - %s (%s s)\n' "$name" "$(board_elapsed "$start")"
  else
    board_checks_failed=$((board_checks_failed + 1))
    printf 'not ok - %s (exit %s, %s s)\n' "$name" "$rc" "$(board_elapsed "$start")"
    tail -n 15 "$log.one" | sed 's/^/    /'
  fi
  rm -f "$log.one"
  return 0
}

# Prints the tally and exits non-zero when a check failed.
board_finish() {
  echo "$board_scenario_name: $board_checks_passed checks passed, $board_checks_failed failed"
  [ "$board_checks_failed" = 0 ]
  exit
}

# node NAME: the /dev path of the video node whose sysfs name is NAME (vivid-000-vid-cap,
# stateful-encoder, ...): nodes are numbered in load order.
node() {
  local n name
  for n in /sys/class/video4linux/video*; do
    read -r name <"$n/name" 2>/dev/null || continue
    [ "$name" = "$1" ] && { echo "/dev/${n##*/}"; return 0; }
  done
  return 1
}

# wait_for_file PATH SECONDS: waits until PATH exists.
wait_for_file() {
  local i=0
  while [ ! -e "$1" ]; do
    ((i++ < $2 * 10)) || return 1
    sleep 0.1
  done
}
