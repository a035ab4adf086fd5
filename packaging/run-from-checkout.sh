#!/usr/bin/env bash
# Runs edge from this source checkout: README's run command.
#
#   packaging/run-from-checkout.sh                  edge run --config config/edge.toml
#   packaging/run-from-checkout.sh --config my.toml any `edge run` options instead
#
# Needs the .NET 10 SDK. Edge loads one system library, libavcodec (with libx264, which Debian,
# Ubuntu and Raspberry Pi OS link into it); when it is missing this installs just that with apt,
# not the ffmpeg program (which would bring mesa, vulkan and some hundred packages more). apt runs
# while the build does, and waits for a lock another apt holds (unattended-upgrades on a fresh
# machine) instead of failing. The build shows its progress; edge then prints the URLs to open.
set -euo pipefail
cd "$(dirname "$0")/.."

say() {
  printf 'run-from-checkout: %s\n' "$*" >&2
}

if ! command -v dotnet >/dev/null 2>&1; then
  say "the .NET 10 SDK (dotnet) is not installed; see https://learn.microsoft.com/dotnet/core/install/linux"
  exit 1
fi

# Edge probes libavcodec.so.58 (FFmpeg 4.4) to .so.63; any Debian package of one will do, for
# this machine's own architecture (a multiarch arm64 copy on an x86_64 machine does not count).
have_libavcodec() {
  if command -v dpkg-query >/dev/null 2>&1; then
    local arch
    arch=$(dpkg --print-architecture)
    dpkg-query -W -f='${binary:Package} ${db:Status-Abbrev}\n' 'libavcodec*' 2>/dev/null |
      grep -Eq "^libavcodec(-extra)?(5[89]|6[0-3])(:$arch)? ii"
  else
    ldconfig -p 2>/dev/null | grep -Eq 'libavcodec\.so\.(5[89]|6[0-3]) '
  fi
}

apt_pid=""
if ! have_libavcodec; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "libavcodec is missing and this is not a Debian-like system: install your distribution's FFmpeg libraries (libavcodec 58 to 63, with libx264)"
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
    # Asked now, in the foreground, so the password prompt is not lost in the build's output.
    sudo -v
  fi
  # The package is libavcodec59 on Debian 12 and Raspberry Pi OS 12, libavcodec60 on Ubuntu
  # 24.04, libavcodec61 on Debian 13: a regular expression names them all, and each release
  # carries one. DPkg::Lock::Timeout makes apt wait for another apt's lock (it says so).
  install_libavcodec() {
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 -y -q)
    "${apt[@]}" install --no-install-recommends '^libavcodec[0-9]+$' && return 0
    # A machine that never ran apt-get update (a fresh container) knows no packages yet.
    say "apt found no libavcodec package; updating the package lists and trying again"
    "${apt[@]}" update && "${apt[@]}" install --no-install-recommends '^libavcodec[0-9]+$'
  }
  say "installing libavcodec with apt while edge builds (only the library, not the ffmpeg program)"
  # apt repeats its "Waiting for cache lock" line every second it waits: once is enough here.
  install_libavcodec 2>&1 |
    awk '/Waiting for cache lock/ { if (waiting++) next } { print "apt: " $0; fflush() }' &
  apt_pid=$!
fi

say "building edge (dotnet build -c Release src/Edge; about a minute the first time)"
# The analyzers and code-style checks are for development (dotnet test and the CI run them all);
# leaving them out here makes the first build markedly shorter.
dotnet build -c Release src/Edge -nologo -p:RunAnalyzers=false -p:EnforceCodeStyleInBuild=false

if [ -n "$apt_pid" ]; then
  # The pipeline's status is awk's, not apt's: whether libavcodec is there now is the answer.
  wait "$apt_pid" || true
  if ! have_libavcodec; then
    say "installing libavcodec failed (apt's output is above); edge needs it to encode H.264"
    exit 1
  fi
fi

arguments=("$@")
((${#arguments[@]} > 0)) || arguments=(--config config/edge.toml)
say "starting: edge run ${arguments[*]}   (stop with Ctrl-C)"
exec src/Edge/bin/Release/net10.0/edge run "${arguments[@]}"
