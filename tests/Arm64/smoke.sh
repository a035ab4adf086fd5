#!/usr/bin/env bash
# The arm64 product on an x86_64 machine, on every CI run:
#
#   1. ./cross-build.sh linux-arm64: the aarch64 NativeAOT edge;
#   2. packaging/build-deb.sh arm64: its .deb, checked with dpkg-deb, lintian (no errors) and
#      apt's resolver (its Depends resolve against Debian's arm64 packages);
#   3. the binary run under qemu-user (qemu-aarch64 -L /, arm64 libraries from Debian's multiarch):
#      the test pattern encoded by arm64 libx264 through arm64 libavcodec, served over RTSP and
#      pulled by the host's ffmpeg over TCP and UDP: frames counted, no decoder message.
#
#   tests/Arm64/smoke.sh            everything above
#   EDGE_ARM64_BINARY=path ...      skip the build and test that binary
#
# Installs what it needs with apt on Debian/Ubuntu (qemu-user, the arm64 libavcodec through
# multiarch). Prints "ok"/"not ok" per check and closes with "arm64-smoke: N passed, N failed";
# exits non-zero if anything failed. Outside CI a host where the prerequisites cannot be
# installed is a skip; with CI=true it is a failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"

passed=0
failed=0
work=$(mktemp -d)
edge_pid=""
cleanup() {
  [ -z "$edge_pid" ] || kill "$edge_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

ci=0
case ${CI:-} in true | 1 | yes) ci=1 ;; esac

log() { echo "arm64-smoke: $*"; }
finish() {
  echo "arm64-smoke: $passed passed, $failed failed"
  [ "$failed" = 0 ]
  exit
}
# check NAME COMMAND...: runs it, prints ok/not ok with the output's last lines on failure.
check() {
  local name=$1 start rc
  shift
  start=$(date +%s.%N)
  "$@" >"$work/check.log" 2>&1
  rc=$?
  local took
  took=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc -l)")
  if [ "$rc" = 0 ]; then
    echo "ok - $name (${took} s)"
    passed=$((passed + 1))
  else
    echo "not ok - $name (exit $rc, ${took} s)"
    tail -n 25 "$work/check.log" | sed 's/^/    /'
    failed=$((failed + 1))
  fi
  return "$rc"
}
skip_or_fail() {
  if [ "$ci" = 1 ]; then
    echo "not ok - $1"
    failed=$((failed + 1))
    finish
  fi
  log "SKIP: $1 (in CI this is a failure)"
  exit 0
}

# ---- prerequisites ------------------------------------------------------------------------
# qemu-user runs aarch64 programs; Debian's multiarch gives it the arm64 libc, libavcodec and
# libx264 at their usual paths under / (qemu-aarch64 -L /). libc6:arm64 and zlib come with the
# cross toolchain that cross-build.sh installs.
packages=(qemu-user libavcodec59:arm64 lintian ffmpeg bc)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  command -v apt-get >/dev/null || skip_or_fail "no apt-get to install ${missing[*]}"
  log "installing ${missing[*]} (log: artifacts/arm64-smoke-apt.log)"
  mkdir -p artifacts
  {
    dpkg --print-foreign-architectures | grep -qx arm64 || $sudo dpkg --add-architecture arm64
    $sudo apt-get -o DPkg::Lock::Timeout=900 update -q || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -o DPkg::Lock::Timeout=900 -y -q \
      --no-install-recommends "${missing[@]}"
  } >artifacts/arm64-smoke-apt.log 2>&1 || {
    tail -n 15 artifacts/arm64-smoke-apt.log >&2
    skip_or_fail "installing ${missing[*]} failed (see artifacts/arm64-smoke-apt.log)"
  }
fi

# ---- build --------------------------------------------------------------------------------
binary=${EDGE_ARM64_BINARY:-}
if [ -z "$binary" ]; then
  check "cross-build.sh linux-arm64 publishes an aarch64 NativeAOT edge" ./cross-build.sh linux-arm64 || finish
  binary=artifacts/publish/linux-arm64/edge
fi
check "the binary is an aarch64 ELF executable" sh -c "file -L '$binary' | grep -q 'ARM aarch64'"
log "binary: $binary, $(stat -c %s "$binary") bytes"

# ---- the .deb -----------------------------------------------------------------------------
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/Edge/Edge.csproj | head -n1)
deb=$work/deb/edge_${version}-1_arm64.deb
check "build-deb.sh arm64 packages it on $(uname -m)" packaging/build-deb.sh arm64 "$binary" "$work/deb"
if [ -f "$deb" ]; then
  dpkg-deb -I "$deb" >"$work/deb-info.txt"
  sed 's/^/    /' "$work/deb-info.txt"
  check "the package says arm64 and the project's version" \
    sh -c "grep -qx ' Architecture: arm64' '$work/deb-info.txt' && grep -qx ' Version: $version-1' '$work/deb-info.txt'"
  check "the packaged edge is the aarch64 binary" sh -c "dpkg-deb --fsys-tarfile '$deb' | tar -xO ./usr/bin/edge > '$work/edge' && file '$work/edge' | grep -q 'ARM aarch64'"
  # lintian's errors fail; its warnings are explained in packaging/README.md.
  lintian --no-tag-display-limit "$deb" >"$work/lintian.txt" 2>&1
  sed 's/^/    lintian: /' "$work/lintian.txt"
  check "lintian reports no errors" sh -c "! grep -q '^E:' '$work/lintian.txt'"
  # apt resolves the package's Depends and Recommends against the arm64 packages Debian offers
  # (a simulation: nothing is installed).
  check "apt resolves its Depends and Recommends for arm64" \
    apt-get install -s -o Debug::NoLocking=1 -o APT::Install-Recommends=1 "$deb"
  grep -E '^Inst (libc6|adduser|passwd|libavcodec|libssl)' "$work/check.log" | sed 's/^/    /'
  # Where packaging/pi-image/build-image.sh (and so tests/PiBoard) takes Edge's .deb from: the
  # image the Pi board boots then carries this very package.
  mkdir -p artifacts/deb && cp "$deb" artifacts/deb/
fi

# ---- the binary under qemu-user -----------------------------------------------------------
check "edge --version under qemu-aarch64 prints the project's version" \
  sh -c "qemu-aarch64 -L / '$binary' --version | grep -q ' $version'"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
rtsp_port=$(free_port)
udp_port=$(python3 -c '
import socket
while True:
    a=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); a.bind(("127.0.0.1",0)); p=a.getsockname()[1]
    if p % 2: a.close(); continue
    b=socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try: b.bind(("127.0.0.1",p+1)); print(p); break
    except OSError: a.close()
')
cat >"$work/edge.toml" <<EOF
[device]
name = "arm64-smoke"

[rtsp]
listen = "127.0.0.1:$rtsp_port"
transports = ["udp", "tcp"]
udp_rtp_port = $udp_port

[camera.cam]
source = "test"
width = 320
height = 240
fps = 10

[camera.cam.encoder]
kind = "ffmpeg"
codec = "libx264"
bitrate_kbps = 500

[http]
enabled = false

[log]
level = "debug"
EOF

qemu-aarch64 -L / "$binary" run --config "$work/edge.toml" >"$work/edge.log" 2>&1 &
edge_pid=$!
started=$(date +%s.%N)
streaming() {
  for _ in $(seq 1 120); do
    grep -q 'at rtsp://' "$work/edge.log" && return 0
    kill -0 "$edge_pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
if check "edge starts under qemu-aarch64 and lists its RTSP URL" streaming; then
  log "edge listed its URL $(printf '%.1f' "$(echo "$(date +%s.%N) - $started" | bc -l)") s after start"
fi

# pull TRANSPORT: 5 s decoded by the host's ffmpeg; at least 40 of the 50 frames, no message.
pull() {
  local transport=$1 out frames
  out=$work/pull-$transport
  timeout 60 ffmpeg -nostdin -hide_banner -loglevel warning -rtsp_transport "$transport" -t 5 \
    -i "rtsp://127.0.0.1:$rtsp_port/cam" -f framemd5 "$out.framemd5" 2>"$out.err"
  local rc=$?
  frames=$(grep -vc '^#' "$out.framemd5" 2>/dev/null || echo 0)
  distinct=$(grep -v '^#' "$out.framemd5" 2>/dev/null | awk -F', *' '{print $6}' | sort -u | wc -l)
  echo "$transport: exit $rc, $frames frames, $distinct distinct pictures, ffmpeg said: $(wc -l <"$out.err") lines"
  cat "$out.err"
  [ "$rc" = 0 ] && [ "$frames" -ge 40 ] && [ "$distinct" -ge 40 ] && [ ! -s "$out.err" ]
}
check "the host's ffmpeg decodes 5 s over RTSP/TCP: >= 40 distinct frames, no message" pull tcp
sed -n 1p "$work/check.log" | sed 's/^/    /'
check "the host's ffmpeg decodes 5 s over RTSP/UDP: >= 40 distinct frames, no message" pull udp
sed -n 1p "$work/check.log" | sed 's/^/    /'

if [ -n "$edge_pid" ] && kill -0 "$edge_pid" 2>/dev/null; then
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$edge_pid/status" 2>/dev/null)
  log "edge's peak RSS under qemu-aarch64: ${rss:-?} kB (qemu's own memory included)"
fi
stop_clean() {
  kill -TERM "$edge_pid"
  local rc=0
  wait "$edge_pid" || rc=$?
  edge_pid=""
  [ "$rc" = 0 ]
}
check "edge stops cleanly on SIGTERM (exit 0)" stop_clean
# Warnings are allowed: an emulated CPU on a busy machine can fall behind the test pattern's
# clock, which edge rightly reports ("Test pattern behind"). Errors are not.
check "edge's log has no error" sh -c "! grep -E '^[0-9:.]+ (fail|crit):' '$work/edge.log'" ||
  sed 's/^/    edge: /' "$work/edge.log" | tail -n 20
# FFmpeg's messages reach edge's logger formatted from their va_list, which the AArch64 ABI
# passes differently from x86_64: libx264's "profile High, level 2.1, 4:2:0, 8-bit" has its
# arguments filled in, and no raw "[libx264 @ 0x...]" line is printed.
check "FFmpeg's messages come through edge's logger, formatted (aarch64 va_list)" \
  sh -c "grep -E 'dbug: FFmpeg\[[0-9]+\] libx264: profile [A-Za-z ]+, level [0-9.]+' '$work/edge.log' && ! grep -E '\[[A-Za-z0-9_/.-]+ @ 0x[0-9a-f]+\]' '$work/edge.log'"
log "edge's log: $(grep -c ' info: ' "$work/edge.log") info lines, $(grep -c ' warn: ' "$work/edge.log") warnings"

finish
