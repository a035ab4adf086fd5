#!/usr/bin/env bash
# Bitrate at equal quality, and CPU time, of the libx264 settings edge uses, on edge's own test
# pattern: baseline/ultrafast (what every camera got before profile and preset took effect),
# main+CABAC/ultrafast (profile = "main" above 720p30) and main+CABAC/superfast (the default up
# to 720p30).
#
#   bench/encoder-quality.sh [WIDTH HEIGHT FPS FRAMES]      default 1280 720 30 300
#
# The pattern is rendered by bench/compare/PatternFeed (the test-pattern source of edge), then
# encoded by the ffmpeg program's libx264 with the options edge sets (tune zerolatency, no
# B-frames, GOP of 2 s, no scene-cut keyframes), each at several bitrates under a one-second VBV
# buffer, decoded again and compared with the original by ffmpeg's psnr and ssim filters.
# Prints one row per encode: config, target kbit/s, actual kbit/s, PSNR Y (dB), SSIM (all).
set -euo pipefail
cd "$(dirname "$0")/.."
width=${1:-1280} height=${2:-720} fps=${3:-30} frames=${4:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build bench/compare/PatternFeed/PatternFeed.csproj -c Release -o "$work/feed" -nologo -v:quiet >&2
"$work/feed/PatternFeed" "$width" "$height" "$fps" 2>/dev/null | head -c $((width * height * 3 / 2 * frames)) >"$work/pattern.yuv" || true
raw=(-f rawvideo -pix_fmt yuv420p -video_size "${width}x${height}" -framerate "$fps" -i "$work/pattern.yuv")

declare -A configs=(
  [baseline-ultrafast]="-preset ultrafast -profile:v baseline"
  [main-cabac-ultrafast]="-preset ultrafast -profile:v main -coder cabac"
  [main-cabac-superfast]="-preset superfast -profile:v main -coder cabac"
)
printf '%-22s %7s %7s %8s %8s\n' config target actual psnr_y ssim
for name in baseline-ultrafast main-cabac-ultrafast main-cabac-superfast; do
  for kbps in 200 350 600 1000 1600; do
    # shellcheck disable=SC2086
    ffmpeg -nostdin -v error "${raw[@]}" -c:v libx264 ${configs[$name]} -tune zerolatency -bf 0 -g $((fps * 2)) \
      -sc_threshold 0 -b:v "${kbps}k" -maxrate "${kbps}k" -bufsize "${kbps}k" -f h264 -y "$work/out.h264"
    actual=$(stat -c %s "$work/out.h264" | awk -v f="$frames" -v r="$fps" '{printf "%.0f", $1 * 8 / 1000 / (f / r)}')
    # Decoded to raw first: two raw inputs of one rate pair frame n with frame n (a raw .h264
    # input has no timestamps, and the filters would pair frames by guessed ones).
    ffmpeg -nostdin -v error -i "$work/out.h264" -f rawvideo -pix_fmt yuv420p -y "$work/out.yuv"
    metrics=$(ffmpeg -nostdin -v info -f rawvideo -pix_fmt yuv420p -video_size "${width}x${height}" -framerate "$fps" -i "$work/out.yuv" \
      "${raw[@]}" -lavfi '[0:v][1:v]psnr;[0:v][1:v]ssim' -f null - 2>&1)
    psnr=$(sed -n 's/.*PSNR y:\([0-9.]*\).*/\1/p' <<<"$metrics" | tail -n1)
    ssim=$(sed -n 's/.*SSIM .* All:\([0-9.]*\).*/\1/p' <<<"$metrics" | tail -n1)
    printf '%-22s %7s %7s %8s %8s\n' "$name" "$kbps" "$actual" "$psnr" "$ssim"
  done
done
