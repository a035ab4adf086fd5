#!/usr/bin/env bash
# Snapshot cost: time to answer an uncached and a cached GET /cameras/NAME/snapshot.jpg at
# 1280x720, the memory it adds, and the CPU at two requests a second, for a test-pattern camera
# (raw frames) and an H.264 file camera (decoded); see "Snapshots" in bench/README.md. Never part of CI.
#
#   bench/snapshot/run.sh
#
# Publishes the NativeAOT edge binary if artifacts/native/linux-x64/edge is missing
# (EDGE_BINARY=path uses another build); needs ffmpeg.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
source bench/edge-binary.sh

exec python3 bench/snapshot/snapshot.py --edge "$edge" "$@"
