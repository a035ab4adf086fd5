#!/usr/bin/env bash
# Resident memory of edge binaries under the same load: one 640x360@15 test-pattern camera
# encoded by libx264 and one RTSP client over TCP, for comparing builds (before and after a
# change of library, say). Each binary runs alone, in turn.
#
#   bench/rss.sh BINARY...              x86_64 binaries, run natively
#   bench/rss.sh --arm64 BINARY...      aarch64 binaries, run through qemu-aarch64 -L / (the
#                                       figure then includes the emulator's own memory, so only
#                                       differences between binaries mean anything)
#
# Prints, per binary: VmRSS after 10 s alone and after 20 s with the client, VmHWM (the peak),
# and the frames the client decoded. Needs ffmpeg; --arm64 needs qemu-user and libavcodec for
# arm64 (tests/Arm64/smoke.sh installs both).
set -euo pipefail

runner=()
if [ "${1:-}" = --arm64 ]; then
  runner=(qemu-aarch64 -L /)
  shift
fi
[ $# -gt 0 ] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

work=$(mktemp -d)
pid=""
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

printf '%-60s %12s %12s %12s %8s\n' binary "idle RSS" "1 client" "peak (HWM)" frames
for binary in "$@"; do
  [ -x "$binary" ] || { echo "rss: $binary is not an executable file" >&2; exit 2; }
  port=$((20000 + 2 * (RANDOM % 10000)))
  cat >"$work/edge.toml" <<TOML
[rtsp]
listen = "127.0.0.1:$port"
udp_rtp_port = $((port + 2))
multicast_port = $((port + 4))

[camera.cam]
source = "test"
width = 640
height = 360
fps = 15
TOML
  "${runner[@]}" "$binary" run --config "$work/edge.toml" >"$work/edge.log" 2>&1 &
  pid=$!
  sleep 10
  kill -0 "$pid" 2>/dev/null || { echo "rss: $binary stopped; its log:" >&2; cat "$work/edge.log" >&2; exit 1; }
  idle=$(status_kib "$pid" VmRSS)
  frames=$(timeout 60 ffmpeg -hide_banner -nostdin -v error -rtsp_transport tcp -t 20 \
    -i "rtsp://127.0.0.1:$port/cam" -f framemd5 - 2>/dev/null | grep -vc '^#' || true)
  busy=$(status_kib "$pid" VmRSS)
  peak=$(status_kib "$pid" VmHWM)
  kill "$pid" && wait "$pid" 2>/dev/null || true
  pid=""
  printf '%-60s %9s kB %9s kB %9s kB %8s\n' "$binary" "$idle" "$busy" "$peak" "$frames"
done
