#!/usr/bin/env bash
# Live view cost: edge's CPU with 0, 1 and 8 viewers of GET /cameras/cam/live.mp4 (curl, which
# only reads) on a 1280x720@30 test-pattern camera, and the capture-to-socket latency each viewer
# logs when it leaves; see "Live view" in bench/README.md. Never part of CI.
#
#   bench/live/run.sh [seconds per step, default 20]
#
# Publishes the NativeAOT edge binary if artifacts/native/linux-x64/edge is missing
# (EDGE_BINARY=path uses another build); needs curl.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
source bench/edge-binary.sh
seconds=${1:-20}
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT

source bench/test-camera.sh
start_test_camera

ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
measure() { # viewers
  local viewers=$1 curls=()
  for _ in $(seq 1 "$viewers"); do
    curl -s -o /dev/null --max-time $((seconds + 3)) "http://127.0.0.1:$http/cameras/cam/live.mp4" &
    curls+=($!)
  done
  sleep 2
  local before after
  before=$(ticks)
  sleep "$seconds"
  after=$(ticks)
  echo "$viewers viewers: edge CPU $(awk -v t=$((after - before)) -v hz="$hz" -v s="$seconds" 'BEGIN{printf "%.1f", 100 * t / hz / s}') % of one core, RSS $(awk '/VmRSS/{print $2 / 1024}' "/proc/$pid/status") MiB, load $(cut -d' ' -f1 /proc/loadavg)"
  for c in "${curls[@]}"; do wait "$c" || true; done
}
measure 0
measure 1
measure 8
sleep 1
grep -o 'live viewer .* left after .*' "$work/edge.log" | sed 's/^/  /'
