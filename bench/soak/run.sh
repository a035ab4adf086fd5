#!/usr/bin/env bash
# A long run of edge under churn (clients, upstream restarts, hostile connections) that samples
# its memory, descriptors, threads and CPU; see the "Long run" section of bench/README.md. Never
# part of CI.
#
#   bench/soak/run.sh                  one hour
#   bench/soak/run.sh --minutes 10     a shorter try
#   bench/soak/run.sh --help           every option
#
# Installs ffmpeg if missing and publishes the NativeAOT edge binary if
# artifacts/native/linux-x64/edge is missing (EDGE_BINARY=path uses another build).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
as_root=$(if [ "$(id -u)" -ne 0 ]; then command -v sudo || true; fi)

if ! command -v ffmpeg >/dev/null; then
  echo "Installing ffmpeg (apt-get)..." >&2
  $as_root apt-get install -y --no-install-recommends ffmpeg >&2
fi

source bench/edge-binary.sh

exec python3 bench/soak/soak.py --edge "$edge" --command-line "bench/soak/run.sh${*:+ $*}" "$@"
