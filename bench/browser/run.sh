#!/usr/bin/env bash
# The browser live view's figures (see "Live view in a browser" in bench/README.md). Never part
# of CI. On one 1280x720@30 test-pattern camera encoded with libx264, on 127.0.0.1:
#
#  1. glass-to-glass latency: headless chromium plays /cameras/cam; every picture it composites
#     has its burned-in capture time read off a canvas and compared with the time chromium
#     expects to show it (bench/browser/latency.cjs), for LATENCY_SECONDS (default 60);
#  2. edge's CPU and RSS with 0, 1, 10 and 50 WebSocket viewers of /cameras/cam/live that read
#     everything (bench/browser/viewers.cjs, no browser), STEP_SECONDS each (default 15).
#
#   bench/browser/run.sh [LATENCY_SECONDS] [STEP_SECONDS]
#
# Needs what tests/prerequisites.sh installs (chromium, node, the browser driver). Publishes the
# NativeAOT edge binary if artifacts/native/linux-x64/edge is missing (EDGE_BINARY=path uses
# another build). About 3 minutes with the defaults.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
source bench/edge-binary.sh
latency_seconds=${1:-60}
step_seconds=${2:-15}
driver=$(tests/Edge.EndToEnd.Tests/Browser/install.sh)
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

source bench/test-camera.sh
echo "machine: $(nproc) CPUs, $(uname -m), $(chromium --version 2>/dev/null | head -1), node $(node --version)"
echo "load before: $(uptime)"
start_test_camera "live_viewers_per_camera = 60"

echo "latency, ${latency_seconds} s in headless chromium:"
node bench/browser/latency.cjs "$driver" "http://127.0.0.1:$http/cameras/cam" "$latency_seconds"

ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
for viewers in 0 1 10 50; do
  clients=
  if ((viewers > 0)); then
    node --experimental-websocket bench/browser/viewers.cjs "ws://127.0.0.1:$http/cameras/cam/live" "$viewers" $((step_seconds + 3)) >"$work/viewers.json" &
    clients=$!
  fi
  sleep 2
  before=$(ticks)
  sleep "$step_seconds"
  after=$(ticks)
  cpu=$(awk -v t=$((after - before)) -v hz="$hz" -v s="$step_seconds" 'BEGIN{printf "%.1f", 100 * t / hz / s}')
  rss=$(awk '/VmRSS/{printf "%.1f", $2 / 1024}' "/proc/$pid/status")
  echo "$viewers viewers: edge CPU $cpu % of one core, RSS $rss MiB, load $(cut -d' ' -f1 /proc/loadavg)"
  if [ -n "$clients" ]; then
    wait "$clients" || true
    echo "  $(cat "$work/viewers.json")"
  fi
done
echo "load after: $(uptime)"
grep -c 'live viewer .* left after' "$work/edge.log" | sed 's/^/viewers that logged their leaving: /' || true
