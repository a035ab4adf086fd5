#!/usr/bin/env bash
# Edge's V4L2 memory-to-memory encoder (src/Edge.Video/Encoders/V4l2M2m) against the kernel's
# vicodec, whose stateful FWHT encoder has the interface of a hardware H.264 encoder such as the
# Raspberry Pi's bcm2835-codec: the KernelEncoderTests of tests/Edge.Video.Tests, run with dotnet
# inside the guest. Checks that every frame comes back encoded (FWHT headers of the right size,
# I-frames at the GOP the driver allows) with its timestamp and frame number, that a drain returns
# the last frames, that missing controls are skipped and out-of-range ones clamped, that the
# probe finds the encoder (and no H.264 one), that vivid's frames go through it, and all of it
# again on vicodec's multi-planar API (the API bcm2835-codec uses).
set -uo pipefail
. "$(dirname "$0")/../scenario-lib.sh"
repo=$(cd "$EDGE_BOARD_HOME/../.." && pwd)
tests_dll=$repo/tests/Edge.Video.Tests/bin/Debug/net10.0/Edge.Video.Tests.dll

if board_on_host; then
  mkdir -p "$EDGE_BOARD_RESULTS"
  dotnet build "$repo/tests/Edge.Video.Tests" -c Debug -v quiet -nologo >"$EDGE_BOARD_RESULTS/build.log" 2>&1 ||
    { tail -20 "$EDGE_BOARD_RESULTS/build.log" >&2; board_die "building tests/Edge.Video.Tests failed"; }
  board_run_guest --timeout "${EDGE_BOARD_SCENARIO_TIMEOUT:-1500}"
  exit
fi

# ---- inside the guest --------------------------------------------------------------------
R=$EDGE_BOARD_RESULTS
report=$R/v4l2-m2m-report.txt
: >"$report"
export HOME=/tmp/edge-home DOTNET_CLI_HOME=/tmp/edge-home DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=0 VSTEST_CONNECTION_TIMEOUT=900
mkdir -p "$HOME"

node() { # node NAME: the /dev path of the video node whose sysfs name is NAME
  local n
  for n in /sys/class/video4linux/video*; do
    [ "$(cat "$n/name" 2>/dev/null)" = "$1" ] && { echo "/dev/${n##*/}"; return 0; }
  done
  return 1
}

kernel_tests() {
  dotnet test "$tests_dll" --filter "Category=Kernel&$1" --results-directory /tmp/edge-test-results \
    --logger "console;verbosity=normal"
}

reported() { grep -E -- "$1" "$report"; }

check "vivid loads" "$BOARD_GUEST/load-module.sh" vivid
check "vicodec loads (single-planar)" "$BOARD_GUEST/load-module.sh" vicodec
export EDGE_V4L2_CAPTURE EDGE_V4L2_ENCODER EDGE_V4L2_REPORT=$report
EDGE_V4L2_CAPTURE=$(node vivid-000-vid-cap) || EDGE_V4L2_CAPTURE=/dev/null
EDGE_V4L2_ENCODER=$(node stateful-encoder) || EDGE_V4L2_ENCODER=/dev/null
echo "vivid: $EDGE_V4L2_CAPTURE, vicodec encoder: $EDGE_V4L2_ENCODER" >>"$R/checks.log"

check "Edge encoder tests pass against vicodec (single-planar)" kernel_tests "FullyQualifiedName~KernelEncoderTests"
check "40 frames in, 40 FWHT units out" reported '^m2m: 40 frames in, 40 units out'
check "I-frames every 15 frames, timestamps carried" reported '^m2m: 3 I-frames in 40 \(GOP 15\)'
check "a GOP beyond vicodec's range is clamped, not fatal" reported '^m2m controls: .*GOP size set to 16 instead of 60'
check "asking vicodec for H.264 names what it offers" reported '^m2m error: /dev/video[0-9]+ \(vicodec\) does not encode H264; its CAPTURE side offers FWHT$'
check "the probe finds vicodec's encoder and no H.264 encoder" reported '^probe: /dev/video[0-9]+ vicodec/vicodec single-planar coded FWHT'
check "vivid frames go through vicodec" reported '^pipeline: vivid .* -> vicodec FWHT: 30 frames, 30 units'

check "vicodec reloads multi-planar" bash -c "/sbin/modprobe -r vicodec && $BOARD_GUEST/load-module.sh vicodec multiplanar=1"
EDGE_V4L2_ENCODER=$(node stateful-encoder) || EDGE_V4L2_ENCODER=/dev/null
export EDGE_V4L2_EXPECT_MPLANE=1
check "Edge encoder tests pass against vicodec (multi-planar)" kernel_tests "FullyQualifiedName~KernelEncoderTests"
check "the multi-planar encoder was probed" reported '^probe: .* multi-planar coded FWHT'
check "40 frames in, 40 units out, multi-planar" bash -c "test \$(grep -c '^m2m: 40 frames in, 40 units out' '$report') = 2"

echo "--- report"
cat "$report"
board_finish
