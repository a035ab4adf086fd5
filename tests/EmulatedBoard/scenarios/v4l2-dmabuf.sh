#!/usr/bin/env bash
# Zero-copy from camera to encoder against the kernel's own drivers: vivid's capture buffers
# exported with VIDIOC_EXPBUF and imported, as DMABUF, by the OUTPUT queue of vicodec's stateful
# encoder (the M2M API a hardware H.264 encoder such as bcm2835-codec has).
#
# First a C probe (built on the host, no Edge code) as the baseline that the kernel path works,
# and to tabulate which raw formats vivid and vicodec share import as they are. Then Edge's own
# path: the KernelZeroCopyTests of tests/Edge.Video.Tests, run with dotnet inside the guest, which
# check that every frame comes out encoded from the camera's own layout with its timestamp and
# sequence number, that the pictures decode (vicodec's decoder) to what the camera showed, that
# the loop allocates nothing, that an encoder refusing the layout falls back with its reason,
# that a holder keeping every buffer starves the camera visibly, and measure the copy path
# against the zero-copy one; then the daemon's V4L2 pipeline (tests/Edge.Tests), which must choose
# zero-copy when the encoder takes the camera's layout and otherwise copy, saying why; then the
# library tests again on the drivers' multi-planar API (bcm2835-codec's).
set -uo pipefail
. "$(dirname "$0")/../scenario-lib.sh"
. "$EDGE_BOARD_HOME/video-tests-lib.sh"

if board_on_host; then
  mkdir -p "$EDGE_BOARD_RESULTS"
  cc -O2 -Wall -Werror -o "$EDGE_BOARD_RESULTS/v4l2-dmabuf-probe" "$EDGE_BOARD_HOME/probes/v4l2-dmabuf-probe.c" ||
    board_die "cannot build the probe (cc)"
  dotnet build "$repo/tests/Edge.Tests" -c Debug -v quiet -nologo >"$EDGE_BOARD_RESULTS/build-edge-tests.log" 2>&1 ||
    { tail -20 "$EDGE_BOARD_RESULTS/build-edge-tests.log" >&2; board_die "building tests/Edge.Tests failed"; }
  video_tests_on_host
fi

# ---- inside the guest --------------------------------------------------------------------
video_tests_in_guest v4l2-dmabuf
probe=$R/v4l2-dmabuf-probe

check "vivid loads" "$BOARD_GUEST/load-module.sh" vivid
check "vicodec loads" "$BOARD_GUEST/load-module.sh" vicodec
export EDGE_V4L2_CAPTURE EDGE_V4L2_ENCODER EDGE_V4L2_DECODER EDGE_V4L2_REPORT=$report
EDGE_V4L2_CAPTURE=$(node vivid-000-vid-cap) || EDGE_V4L2_CAPTURE=/dev/null
EDGE_V4L2_ENCODER=$(node stateful-encoder) || EDGE_V4L2_ENCODER=/dev/null
EDGE_V4L2_DECODER=$(node stateful-decoder) || EDGE_V4L2_DECODER=/dev/null
echo "vivid: $EDGE_V4L2_CAPTURE, vicodec encoder: $EDGE_V4L2_ENCODER, decoder: $EDGE_V4L2_DECODER" >>"$R/checks.log"

check "baseline (C probe): vivid -> EXPBUF -> DMABUF into vicodec's encoder, 50 frames" \
  bash -c "'$probe' $EDGE_V4L2_CAPTURE $EDGE_V4L2_ENCODER 50 | tee /dev/stderr | grep -q '^PASS 50 frames'"

# Which raw formats both drivers offer, and which of them the encoder imports as vivid lays them out.
formats() { v4l2-ctl -d "$1" "$2" | sed -n "s/^[[:space:]]*\[[0-9]*\]: '\(....\)'.*/\1/p" | sort -u; }
shared=$(comm -12 <(formats "$EDGE_V4L2_CAPTURE" --list-formats) <(formats "$EDGE_V4L2_ENCODER" --list-formats-out))
{
  echo "formats shared by vivid and vicodec's encoder: $(tr '\n' ' ' <<<"$shared")"
  for f in $shared; do
    out=$("$probe" "$EDGE_V4L2_CAPTURE" "$EDGE_V4L2_ENCODER" 5 "$f" 2>&1)
    case $? in
      0) echo "probe-format: $f zero-copy ($(grep -o '^capture format.*bytes per line' <<<"$out"))" ;;
      3) echo "probe-format: $f not as it is: $(grep '^SKIP' <<<"$out")" ;;
      *) echo "probe-format: $f FAILED: $(tail -1 <<<"$out")" ;;
    esac
  done
} >>"$report"
check "the probe imports YUYV, NV12 and YU12 (Edge's capture formats)" \
  bash -c "for f in YUYV NV12 YU12; do grep -q \"^probe-format: \$f zero-copy\" '$report' || exit 1; done"

check "Edge's zero-copy tests pass against vivid and vicodec (single-planar)" kernel_tests "FullyQualifiedName~KernelZeroCopyTests"
check "Edge: 40 YUYV frames encoded in place, 40 FWHT units with the camera's timestamps" \
  reported '^zero-copy: 40 frames YUYV 640x360 in, 40 FWHT units out \(4:2:2 headers, 3 I-frames\), capture timestamps and sequence'
check "Edge: the zero-copy loop allocates nothing per frame" reported '^zero-copy: .*[;,] [0-2] of [0-9]+ frames allocated on the capture thread'
check "Edge: NV12 and YU12 cameras go zero-copy too" reported '^zero-copy formats: NV12 8/8 units .*, YU12 8/8 units'
check "Edge: decoded pictures follow the camera (white, then black) and match the copy path's" \
  reported '^roundtrip: YUYV zero-copy -> 24 FWHT units -> .*: 24 pictures'
check "Edge: a layout vicodec cannot import falls back to copying, with the reason" \
  reported '^zero-copy refused: copy: /dev/video[0-9]+ lays out YUYV 320x180 as 640x360 with 1280 bytes per line'
check "Edge: vicodec pads 4:2:0 to a height multiple of 16, so 640x360 NV12 is copied" \
  reported '^zero-copy refused: copy: /dev/video[0-9]+ lays out NV12 640x360 as 640x368'
check "Edge: a holder keeping every buffer starves the camera, counted and logged" \
  reported '^starvation: all [0-9]+ buffers held for 0.6 s: [1-9][0-9]* starvations counted.* Warning: .*ran out of buffers'
check "Edge: a buffer held across runs is refilled only after its release" reported '^ownership: buffer [0-9]+ held across runs'
check "Edge: copy and zero-copy paths measured" reported '^measure: '

check "the daemon's V4L2 pipeline tests pass against vivid and vicodec" \
  dotnet test "$repo/tests/Edge.Tests/bin/Debug/net10.0/Edge.Tests.dll" --filter "Category=Kernel" \
  --results-directory /tmp/edge-test-results --logger "console;verbosity=normal"
check "daemon: a YUYV camera streams zero-copy, and the log says so" \
  reported '^pipeline: V4L2 .*, zero-copy: 20 units; camera vivid: zero-copy: camera YUYV 640x360 buffers imported by the encoder /dev/video[0-9]+ \(DMABUF\)$'
check "daemon: a layout the encoder cannot import is copied, and the log says why" \
  reported '^pipeline fallback: camera vivid: copy: /dev/video[0-9]+ lays out NV12 640x360 as 640x368'
check "daemon: libavcodec is fed by the copy path, and the log says why" \
  reported '^pipeline: .*: 3 units; camera vivid: copy: the encoder is libavcodec'

check "vivid and vicodec reload multi-planar" \
  bash -c "/sbin/modprobe -r vivid vicodec && $BOARD_GUEST/load-module.sh vivid multiplanar=2 && $BOARD_GUEST/load-module.sh vicodec multiplanar=1"
EDGE_V4L2_CAPTURE=$(node vivid-000-vid-cap) || EDGE_V4L2_CAPTURE=/dev/null
EDGE_V4L2_ENCODER=$(node stateful-encoder) || EDGE_V4L2_ENCODER=/dev/null
EDGE_V4L2_DECODER=$(node stateful-decoder) || EDGE_V4L2_DECODER=/dev/null
export EDGE_V4L2_EXPECT_MPLANE=1
check "Edge's zero-copy tests pass (multi-planar)" kernel_tests \
  "FullyQualifiedName~KernelZeroCopyTests&FullyQualifiedName!~measured&FullyQualifiedName!~starves"
check "multi-planar YUYV (vivid starts it 128 bytes in) is refused at the first frame" \
  reported '^zero-copy refused at the first frame: .*the camera puts its pictures 128 bytes into its buffers'
check "multi-planar NV12 and YU12 go zero-copy" bash -c "test \$(grep -c '^zero-copy formats: NV12 8/8' '$report') = 2"
check "multi-planar: decoded pictures follow the camera" reported '^roundtrip: NV12 zero-copy -> 24 FWHT units -> .*: 24 pictures'

echo "--- report"
cat "$report"
board_finish
