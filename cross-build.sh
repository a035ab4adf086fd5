#!/usr/bin/env bash
# Builds edge as NativeAOT single-file binaries for the boards it runs on.
#
#   ./cross-build.sh                 linux-arm64 and linux-x64
#   ./cross-build.sh linux-arm64     just one
#   ./cross-build.sh linux-arm       32-bit ARM: only where its .NET 10 NativeAOT packs can be restored
#
# Output: artifacts/publish/<rid>/edge (stripped) and edge.dbg (its symbols), sizes printed.
#
# NativeAOT compiles to native code on the build machine, so a cross build needs the target's
# C toolchain and a sysroot with its libc: on Debian/Ubuntu this script installs the cross
# compilers (gcc-aarch64-linux-gnu, gcc-arm-linux-gnueabihf) and the target's libc and zlib
# (via multiarch) when they are missing. It also needs the .NET NativeAOT runtime packs for each
# target (Microsoft.NETCore.App.Runtime.NativeAOT.<rid> and the ILCompiler for it) from a NuGet
# feed; where they cannot be restored, it stops and says so. (The feed this project is built
# from serves the linux-arm64 and linux-x64 packs; no feed it uses serves linux-arm's.)
set -euo pipefail
cd "$(dirname "$0")"

rids=("$@")
if ((${#rids[@]} == 0)); then
  rids=(linux-arm64 linux-x64)
fi

configuration=Release
host_arch=$(uname -m)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

fail() {
  echo "cross-build: $*" >&2
  exit 1
}

command -v dotnet >/dev/null || fail "the .NET 10 SDK (dotnet) is not on PATH"

# Installs a cross C toolchain and the target's libc and zlib for NativeAOT's link step.
ensure_toolchain() {
  local rid=$1 triplet debarch
  case "$rid" in
    linux-arm64) triplet=aarch64-linux-gnu debarch=arm64 ;;
    linux-arm) triplet=arm-linux-gnueabihf debarch=armhf ;;
    linux-x64) triplet=x86_64-linux-gnu debarch=amd64 ;;
    *) fail "unknown runtime identifier '$rid'; use linux-arm64, linux-arm or linux-x64" ;;
  esac
  local native=false
  case "$rid:$host_arch" in
    linux-arm64:aarch64 | linux-arm:armv7l | linux-x64:x86_64) native=true ;;
  esac
  if $native; then
    command -v gcc >/dev/null || fail "gcc is missing: sudo apt-get install build-essential zlib1g-dev"
    return
  fi
  command -v apt-get >/dev/null || fail "cross-building for $rid needs $triplet-gcc and a $debarch sysroot; install them with your distribution's tools"
  local packages=()
  command -v "$triplet-gcc" >/dev/null || packages+=("gcc-$triplet" "binutils-$triplet")
  dpkg-query -W -f='${Status}' "zlib1g-dev:$debarch" 2>/dev/null | grep -q "install ok installed" || packages+=("zlib1g-dev:$debarch" "libc6-dev:$debarch")
  if ((${#packages[@]} > 0)); then
    echo "cross-build: installing the $rid toolchain: ${packages[*]} (log: artifacts/publish/apt.log)"
    mkdir -p artifacts/publish
    dpkg --print-foreign-architectures | grep -qx "$debarch" || $sudo dpkg --add-architecture "$debarch"
    $sudo apt-get -o DPkg::Lock::Timeout=900 update -q >>artifacts/publish/apt.log 2>&1 || echo "cross-build: apt-get update reported errors (see artifacts/publish/apt.log); trying the install anyway" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -o DPkg::Lock::Timeout=900 -y -q --no-install-recommends clang lld "${packages[@]}" \
      >>artifacts/publish/apt.log 2>&1 || fail "installing the $rid toolchain failed; see artifacts/publish/apt.log"
  fi
}

# NativeAOT's linker step for a foreign architecture: clang with the target triple, and the
# objcopy of that triple for splitting symbols out.
cross_properties() {
  case "$1:$host_arch" in
    linux-arm64:aarch64 | linux-arm:armv7l | linux-x64:x86_64) ;;
    linux-arm64:*) echo "-p:CppCompilerAndLinker=clang -p:SysRoot=/ -p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy" ;;
    linux-arm:*) echo "-p:CppCompilerAndLinker=clang -p:SysRoot=/ -p:LinkerFlavor=lld -p:ObjCopyName=arm-linux-gnueabihf-objcopy" ;;
    linux-x64:*) echo "-p:CppCompilerAndLinker=clang -p:SysRoot=/ -p:LinkerFlavor=lld -p:ObjCopyName=x86_64-linux-gnu-objcopy" ;;
  esac
}

for rid in "${rids[@]}"; do
  ensure_toolchain "$rid"
  out="artifacts/publish/$rid"
  log="artifacts/publish/$rid.log"
  mkdir -p "$out"
  echo "cross-build: publishing edge for $rid (NativeAOT; log: $log)"
  # shellcheck disable=SC2046
  if ! dotnet publish src/Edge/Edge.csproj -c "$configuration" -r "$rid" -p:PublishAot=true \
      -p:StripSymbols=true $(cross_properties "$rid") -o "$out" -nologo >"$log" 2>&1; then
    if grep -q "NU1101\|NU1102" "$log"; then
      missing=$(grep -o "Unable to find package [^ ]*" "$log" | sort -u | sed 's/Unable to find package //' | tr '\n' ' ')
      fail "the NativeAOT packs for $rid cannot be restored from this machine's NuGet feeds (missing: $missing).
  Run this script where nuget.org (or a mirror carrying those packages) is reachable, or add a
  feed that has them to NuGet.config. Full log: $log"
    fi
    tail -n 30 "$log" >&2
    fail "publishing for $rid failed; full log: $log"
  fi
  size=$(stat -c %s "$out/edge")
  printf 'cross-build: %-12s %s (%d bytes, %.1f MiB); symbols in %s\n' "$rid" "$out/edge" "$size" "$(echo "$size / 1048576" | bc -l)" "$out/edge.dbg"
done
