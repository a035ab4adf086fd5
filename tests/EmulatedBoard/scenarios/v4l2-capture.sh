#!/usr/bin/env bash
# Edge's V4L2 capture source (src/Edge.Video/Sources/V4l2) against the kernel's vivid driver:
# the KernelCaptureTests of tests/Edge.Video.Tests, run with dotnet inside the guest. Checks that
# frames arrive at the requested size and rate without allocating, that YUYV, NV12 and YU12
# convert to the same picture, that a mode vivid lacks fails with a message listing what it
# offers, that dispose leaves no descriptor or mapping, that a camera delivering nothing fails
# with "no frame for N s", that vivid's "Disconnect" control ends the run with
# CameraDisconnectedException and that the camera reopens after vivid is unloaded (which fails if
# anything still holds it) and loaded again; then the same capture on vivid's multi-planar API.
set -uo pipefail
. "$(dirname "$0")/../scenario-lib.sh"
. "$EDGE_BOARD_HOME/video-tests-lib.sh"

if board_on_host; then
  # Without KVM the guest is emulated and vivid draws slowly: expect fewer delivered frames.
  if [ ! -w /dev/kvm ]; then export EDGE_V4L2_MIN_FPS=${EDGE_V4L2_MIN_FPS:-10}; fi
  video_tests_on_host
fi

# ---- inside the guest --------------------------------------------------------------------
video_tests_in_guest v4l2-capture

check "vivid loads (single-planar)" "$BOARD_GUEST/load-module.sh" vivid
export EDGE_V4L2_CAPTURE
EDGE_V4L2_CAPTURE=$(node vivid-000-vid-cap) || EDGE_V4L2_CAPTURE=/dev/null
export EDGE_V4L2_REPORT=$report
export EDGE_V4L2_RELOAD_CAPTURE="/sbin/modprobe -r vivid && $BOARD_GUEST/load-module.sh vivid"
echo "vivid capture node: $EDGE_V4L2_CAPTURE" >>"$R/checks.log"

check "Edge capture tests pass against vivid (single-planar)" kernel_tests "FullyQualifiedName~KernelCaptureTests"
check "60 frames of 320x180 and 640x360 were captured (rates checked by the test)" \
  bash -c "test \$(grep -cE '^capture: 60 frames YUYV (320x180|640x360) in .* fps delivered, vivid paced' '$report') = 2"
check "the negotiation error lists what vivid offers" \
  reported "^negotiation error: /dev/video[0-9]+ cannot capture 640x480 YUYV at 30 fps; it offers: YUYV/.* 320x180@60,.* 640x480@25,.*; set camera.vivid.width/height/fps/format to one of these$"
check "YUYV, NV12 and YU12 convert to the same picture" reported '^convert: 100% red as Yuyv'
check "dispose leaves no descriptor or mapping" reported '^teardown: 3 open/capture/dispose rounds'
check "vivid's Disconnect control ends the run with CameraDisconnectedException" \
  reported '^disconnect: after [0-9]+ frames the run ended in .* s with: /dev/video[0-9]+ is gone'
check "the camera reopens after vivid is unloaded and loaded again" reported '^reconnect: vivid reloaded'
check "capture buffers export as DMABUFs" reported '^expbuf: 4 buffers exported'
check "a camera that stops delivering fails with \"no frame for N s\"" \
  reported '^timeout: with every buffer dropped the run failed after .* s: /dev/video[0-9]+: no frame for 1'
check "the capture loop allocates nothing per frame" \
  bash -c "test \$(grep -cE '^capture: .*, [0-9]{1,3} bytes allocated by the capture thread' '$report') -ge 2"

# The same source on the multi-planar API (vivid multiplanar=2).
check "vivid reloads multi-planar" bash -c "/sbin/modprobe -r vivid && $BOARD_GUEST/load-module.sh vivid multiplanar=2"
EDGE_V4L2_CAPTURE=$(node vivid-000-vid-cap) || EDGE_V4L2_CAPTURE=/dev/null
export EDGE_V4L2_EXPECT_MPLANE=1
unset EDGE_V4L2_RELOAD_CAPTURE
check "Edge capture tests pass against vivid (multi-planar)" kernel_tests \
  "(FullyQualifiedName~Vivid_is_described|FullyQualifiedName~Captures_frames|FullyQualifiedName~Dispose_unmaps)"
check "the multi-planar capture ran" reported '^describe: .* multi-planar'

echo "--- report"
cat "$report"
board_finish
