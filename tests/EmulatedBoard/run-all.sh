#!/usr/bin/env bash
# The one command: prepares the emulated board (cached) and runs every scenario under
# scenarios/ (or the ones named: run-all.sh smoke v4l2-dmabuf), each in a freshly booted guest.
# Prints PASS/FAIL per scenario with its time, the harness's own timings, and a closing
# "N passed, N failed" line; exits non-zero if anything failed.
#
# Outside CI a host that cannot run the board (not Debian/x86_64, packages missing and no root)
# is a skip; with CI=true it is a failure.
#
# Environment: EDGE_BOARD_CACHE (the cache), EDGE_BOARD_OUT (where each scenario's results
# directory goes; default $EDGE_BOARD_CACHE/results), EDGE_BOARD_SCENARIO_TIMEOUT (seconds a
# scenario's guest may run).
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

out=${EDGE_BOARD_OUT:-$board_cache/results}
all_start=$(board_now)
ci=0
case ${CI:-} in true | 1 | yes) ci=1 ;; esac

prep_start=$(board_now)
prep_rc=0
"$EDGE_BOARD_HOME/prepare.sh" || prep_rc=$?
prep_time=$(board_elapsed "$prep_start")
if [ "$prep_rc" != 0 ]; then
  if [ "$prep_rc" = "$BOARD_EXIT_MISSING" ] && [ "$ci" = 0 ]; then
    echo "SKIP emulated board: a prerequisite is missing (above); in CI this is a failure"
    exit 0
  fi
  echo "FAIL emulated board: prepare.sh exited $prep_rc after $prep_time s"
  echo "emulated-board: 0 passed, 1 failed"
  exit 1
fi

scenarios=()
if (($#)); then
  for s in "$@"; do scenarios+=("$EDGE_BOARD_HOME/scenarios/${s%.sh}.sh"); done
else
  for s in "$EDGE_BOARD_HOME"/scenarios/*.sh; do scenarios+=("$s"); done
fi

passed=0
failed=0
summary=()
for s in "${scenarios[@]}"; do
  name=$(basename "$s" .sh)
  if [ ! -f "$s" ]; then
    summary+=("FAIL $name (no such scenario: $s)")
    failed=$((failed + 1))
    continue
  fi
  results=$out/$name
  rm -rf "$results" && mkdir -p "$results"
  echo "=== scenario $name (results: $results)"
  start=$(board_now)
  rc=0
  EDGE_BOARD_RESULTS=$results bash "$s" || rc=$?
  took=$(board_elapsed "$start")
  boot=""
  if [ -f "$results/board/guest-uptime-at-start" ]; then
    boot=", guest booted in $(cat "$results/board/guest-uptime-at-start") s"
  fi
  if [ "$rc" = 0 ]; then
    line="PASS $name (${took} s$boot)"
    passed=$((passed + 1))
  else
    line="FAIL $name (exit $rc, ${took} s$boot; logs: $results/board)"
    failed=$((failed + 1))
  fi
  echo "$line"
  summary+=("$line")
done

echo "=== emulated board summary"
for line in "${summary[@]}"; do echo "$line"; done
echo "harness: prepare ${prep_time} s, all ${#scenarios[@]} scenarios and prepare $(board_elapsed "$all_start") s"
echo "emulated-board: $passed passed, $failed failed"
[ "$failed" = 0 ]
