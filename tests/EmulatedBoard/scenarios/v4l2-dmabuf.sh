#!/usr/bin/env bash
# Zero-copy from camera to encoder against the kernel's own drivers: vivid's capture buffers
# exported with VIDIOC_EXPBUF and queued as DMABUF on vicodec's stateful encoder (the M2M API a
# hardware H.264 encoder such as bcm2835-codec has). The probe is C, built on the host.
set -uo pipefail
. "$(dirname "$0")/../scenario-lib.sh"

if board_on_host; then
  mkdir -p "$EDGE_BOARD_RESULTS"
  cc -O2 -Wall -Werror -o "$EDGE_BOARD_RESULTS/v4l2-dmabuf-probe" "$EDGE_BOARD_HOME/probes/v4l2-dmabuf-probe.c" ||
    board_die "cannot build the probe (cc)"
  board_run_guest --timeout "${EDGE_BOARD_SCENARIO_TIMEOUT:-300}"
  exit
fi

check "vivid loads" "$BOARD_GUEST/load-module.sh" vivid
check "vicodec loads" "$BOARD_GUEST/load-module.sh" vicodec
enc=/dev/null
for n in /sys/class/video4linux/video*; do
  if [ "$(cat "$n/name")" = stateful-encoder ]; then enc=/dev/${n##*/}; fi
done
check "vivid capture -> EXPBUF -> DMABUF into vicodec's encoder, 50 frames" \
  bash -c "$EDGE_BOARD_RESULTS/v4l2-dmabuf-probe /dev/video0 $enc 50 | tee /dev/stderr | grep -q '^PASS 50 frames'"
board_finish
