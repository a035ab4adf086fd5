# Sourced by the scenarios that run tests/Edge.Video.Tests' Kernel-category tests inside the
# guest (v4l2-capture, v4l2-m2m), after scenario-lib.sh. The test assembly is built on the host;
# the guest sees it read-only at the same path and runs it with dotnet.

repo=$(cd "$EDGE_BOARD_HOME/../.." && pwd)
tests_dll=$repo/tests/Edge.Video.Tests/bin/Debug/net10.0/Edge.Video.Tests.dll

# video_tests_on_host: the host half of such a scenario: build the tests, boot the guest, exit.
video_tests_on_host() {
  mkdir -p "$EDGE_BOARD_RESULTS"
  dotnet build "$repo/tests/Edge.Video.Tests" -c Debug -v quiet -nologo >"$EDGE_BOARD_RESULTS/build.log" 2>&1 ||
    { tail -20 "$EDGE_BOARD_RESULTS/build.log" >&2; board_die "building tests/Edge.Video.Tests failed"; }
  board_run_guest --timeout "${EDGE_BOARD_SCENARIO_TIMEOUT:-1500}"
  exit
}

# video_tests_in_guest NAME: sets R and report ($R/NAME-report.txt, emptied) and dotnet's
# environment (a writable HOME on the guest's tmpfs).
video_tests_in_guest() {
  R=$EDGE_BOARD_RESULTS
  report=$R/$1-report.txt
  : >"$report"
  export HOME=/tmp/edge-home DOTNET_CLI_HOME=/tmp/edge-home DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=0 VSTEST_CONNECTION_TIMEOUT=900
  mkdir -p "$HOME"
}

# kernel_tests FILTER: the Kernel-category tests matching FILTER, against the devices in the environment.
kernel_tests() {
  dotnet test "$tests_dll" --filter "Category=Kernel&$1" --results-directory /tmp/edge-test-results \
    --logger "console;verbosity=normal"
}

# reported PATTERN: the tests wrote a report line matching PATTERN (an extended regex).
reported() { grep -E -- "$1" "$report"; }
