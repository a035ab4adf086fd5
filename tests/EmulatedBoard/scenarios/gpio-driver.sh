#!/usr/bin/env bash
# Edge's GpioController driver (src/Edge.Gpio/Driver: GpioChardevDriver over the GPIO character
# device, uAPI v2) against the kernel's gpio-sim: the Kernel-category tests of
# tests/Edge.Gpio.Tests, run with dotnet inside the guest. They open the chip by path, name and
# label; drive outputs active-high and active-low and see the simulated line follow; find a busy
# line's holder; read an input's bias and active level; get edges through callbacks with the
# kernel's timestamps (on the clock TimeProvider.System reads) and through WaitForEvent; and see
# every line released when the controller is disposed.
set -uo pipefail
. "$(dirname "$0")/../scenario-lib.sh"

repo=$(cd "$EDGE_BOARD_HOME/../.." && pwd)
tests_dll=$repo/tests/Edge.Gpio.Tests/bin/Debug/net10.0/Edge.Gpio.Tests.dll

if board_on_host; then
  mkdir -p "$EDGE_BOARD_RESULTS"
  dotnet build "$repo/tests/Edge.Gpio.Tests" -c Debug -v quiet -nologo >"$EDGE_BOARD_RESULTS/build.log" 2>&1 ||
    { tail -20 "$EDGE_BOARD_RESULTS/build.log" >&2; board_die "building tests/Edge.Gpio.Tests failed"; }
  board_run_guest --timeout "${EDGE_BOARD_SCENARIO_TIMEOUT:-900}"
  exit
fi

# ---- inside the guest --------------------------------------------------------------------
export HOME=/tmp/edge-home DOTNET_CLI_HOME=/tmp/edge-home DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
  DOTNET_CLI_TELEMETRY_OPTOUT=1 VSTEST_CONNECTION_TIMEOUT=900
mkdir -p "$HOME"

gpio_env=$("$BOARD_GUEST/make-gpio-sim.sh" --pi-names --label pinctrl-bcm2835 2>>"$EDGE_BOARD_RESULTS/checks.log")
eval "$gpio_env"
export EDGE_GPIO_CHIP EDGE_GPIO_CHIP_LABEL EDGE_GPIO_SYSFS
check "a gpio-sim chip with Raspberry Pi line names (${EDGE_GPIO_CHIP:-none})" test -c "${EDGE_GPIO_CHIP:-/nonexistent}"

# kernel_tests: the Kernel-category tests, every one of them run (a test skipped for want of the
# chip would pass without proving anything).
kernel_tests() {
  local out=$EDGE_BOARD_RESULTS/dotnet-test.log rc=0
  dotnet test "$tests_dll" --filter "Category=Kernel" --results-directory /tmp/edge-test-results \
    --logger "console;verbosity=normal" >"$out" 2>&1 || rc=$?
  grep -E "^ +(Passed|Failed|Skipped) |^Total tests|^ +(Passed|Failed|Skipped):" "$out"
  [ "$rc" = 0 ] && grep -qE "^Total tests: 5$" "$out" && grep -qE "^ +Passed: 5$" "$out"
}
check "GpioChardevDriver under GpioController passes against gpio-sim (5 tests, none skipped)" kernel_tests
board_finish
