#!/usr/bin/env bash
# Installs what the test suite needs on Debian 12+/Ubuntu 22.04+/Raspberry Pi OS:
# the peers the end-to-end tests talk to (ffmpeg, GStreamer, chromium), the FFmpeg libraries and
# headers the encoder binds to and checks its struct offsets against, and the native toolchain that
# NativeAOT links with; then the browser driver (playwright-core from npm, pinned by
# tests/Edge.EndToEnd.Tests/Browser/package-lock.json) and the two ONVIF clients (the npm onvif
# package, pinned by tests/Edge.EndToEnd.Tests/Onvif/package-lock.json, and the npm node-onvif
# package, written apart from it, pinned by tests/Edge.EndToEnd.Tests/NodeOnvif/package-lock.json)
# into a cache outside the repository.
# The .NET 10 SDK itself must already be installed (dotnet on PATH).
set -euo pipefail

packages=(
  # NativeAOT links with the system C toolchain.
  build-essential zlib1g-dev
  # FFmpeg: libavcodec for the encoder, headers for the ABI tests, ffmpeg/ffprobe as test clients.
  ffmpeg libavcodec-dev libavutil-dev
  # GStreamer: rtspsrc as a second RTSP client, gst-rtsp-server for the benchmarks.
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-libav gstreamer1.0-rtsp python3-gi gir1.2-gst-rtsp-server-1.0
  # Cross compilers and kernel headers: the V4L2 and GPIO ABI tests compile the C headers for
  # arm64 and armhf (time32 and time64) and compare every size, offset and ioctl number.
  linux-libc-dev gcc-aarch64-linux-gnu libc6-dev-arm64-cross linux-libc-dev-arm64-cross
  gcc-arm-linux-gnueabihf libc6-dev-armhf-cross linux-libc-dev-armhf-cross
  # RTMP ingest peers: nginx with the RTMP module, stunnel as the RTMPS terminator, openssl for
  # the test certificates.
  nginx libnginx-mod-rtmp stunnel4 openssl
  # MQTT: the mosquitto broker, and mosquitto_sub/mosquitto_pub as the Home Assistant side.
  mosquitto mosquitto-clients
  # Packaging checks: lintian on the .deb, systemd-analyze on the unit.
  lintian systemd
  # mDNS: a private system bus (dbus-daemon) and avahi-daemon that edge announces through, and
  # avahi-browse/avahi-publish (avahi-utils) as the network's side.
  dbus avahi-daemon avahi-utils
  # promtool (in Debian's prometheus package) parses and lints what /metrics serves.
  prometheus
  # The browser tests: Debian's chromium (H.264 through Media Source Extensions) driven by
  # playwright-core under node.
  chromium nodejs
  # ONVIF discovery: ip(8) makes the network namespaces and veth pair the multicast probe crosses.
  iproute2
)
# Debian's nodejs comes without npm; NodeSource's nodejs carries its own and conflicts with
# Debian's npm package, so npm is asked for only where nothing provides the command.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

# Installed here, with the system packages, rather than by the tests: a test run then never
# reaches the network, and parallel test processes never race one install. Cached per lock file.
install_npm_peers() {
  echo "prerequisites: browser driver in $("$(dirname "${BASH_SOURCE[0]}")/Edge.EndToEnd.Tests/Browser/install.sh")"
  echo "prerequisites: ONVIF client in $("$(dirname "${BASH_SOURCE[0]}")/Edge.EndToEnd.Tests/Onvif/install.sh")"
  echo "prerequisites: second ONVIF client in $("$(dirname "${BASH_SOURCE[0]}")/Edge.EndToEnd.Tests/NodeOnvif/install.sh")"
}

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "prerequisites: all ${#packages[@]} packages present"
  install_npm_peers
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "prerequisites: installing ${missing[*]}"
# A mirror with one stale index still leaves the rest usable, so a failed update is not fatal;
# the install below fails clearly if a package really cannot be found.
$sudo apt-get -o DPkg::Lock::Timeout=900 update -q || echo "prerequisites: apt-get update reported errors; trying the install anyway"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -o DPkg::Lock::Timeout=900 -y -q --no-install-recommends "${missing[@]}"
install_npm_peers
