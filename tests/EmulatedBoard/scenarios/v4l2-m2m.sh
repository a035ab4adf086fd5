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
. "$EDGE_BOARD_HOME/video-tests-lib.sh"

if board_on_host; then
  video_tests_on_host
fi

# ---- inside the guest --------------------------------------------------------------------
video_tests_in_guest v4l2-m2m

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
