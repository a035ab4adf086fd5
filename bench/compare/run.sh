#!/usr/bin/env bash
# Benchmarks Edge against GStreamer's RTSP server on this machine and prints a table; see the
# "Edge against GStreamer's RTSP server" section of bench/README.md. Never part of CI.
#
#   bench/compare/run.sh              the full run (3 runs of everything; about 25 minutes)
#   bench/compare/run.sh --quick      a short try (1 run, 5 s windows, 1 and 10 clients)
#   bench/compare/run.sh --help       every option (runs, clients, durations, --only, --edge-share)
#
# Installs the Debian packages it needs (GStreamer's RTSP server for Python, x264enc, avdec_h264,
# ffmpeg), publishes the NativeAOT edge binary if artifacts/native/linux-x64/edge is missing (as
# the end-to-end tests do; EDGE_BINARY=path uses another build) and builds the small program that
# feeds Edge's test pattern to GStreamer.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

# GObject introspection lives in Debian's own Python, whatever python3 is first on PATH.
python=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree
as_root=$(if [ "$(id -u)" -ne 0 ]; then command -v sudo || true; fi)

if ! "$python" -c 'import gi; gi.require_version("GstRtspServer", "1.0"); from gi.repository import GstRtspServer' 2>/dev/null \
  || ! gst-inspect-1.0 x264enc >/dev/null 2>&1 || ! gst-inspect-1.0 avdec_h264 >/dev/null 2>&1 \
  || ! gst-inspect-1.0 rtspsrc >/dev/null 2>&1 || ! command -v ffmpeg >/dev/null || ! command -v ss >/dev/null; then
  echo "Installing GStreamer, its RTSP server for Python, ffmpeg and iproute2 (apt-get)..." >&2
  $as_root apt-get install -y --no-install-recommends python3-gi gir1.2-gst-rtsp-server-1.0 \
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly \
    gstreamer1.0-libav gstreamer1.0-tools ffmpeg iproute2 >&2
fi

source bench/edge-binary.sh

feed_dir=$repo/artifacts/bench/pattern-feed
dotnet build bench/compare/PatternFeed/PatternFeed.csproj -c Release -o "$feed_dir" -nologo -v:quiet >&2

exec "$python" bench/compare/compare.py --edge "$edge" --pattern-feed "$feed_dir/PatternFeed" \
  --command-line "bench/compare/run.sh${*:+ $*}" "$@"
