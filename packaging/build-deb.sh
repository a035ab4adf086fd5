#!/usr/bin/env bash
# Builds the edge .deb for one architecture from a published NativeAOT binary.
#
#   packaging/build-deb.sh amd64 artifacts/native/linux-x64/edge
#   packaging/build-deb.sh arm64 artifacts/publish/linux-arm64/edge [OUTDIR]
#
# Architectures: amd64, arm64, armhf. The package holds /usr/bin/edge (stripped),
# /etc/edge/edge.toml (a conffile: a user's edits survive upgrades), the systemd unit, the man
# page and the Debian docs (edge announces itself over mDNS through avahi's D-Bus API, so no
# avahi service file); its maintainer scripts create the "edge" system user, enable the
# service, check the config before restarting it on upgrade, remove the static avahi service
# file earlier packages shipped, and on purge remove the user and the config.
# Output: OUTDIR/edge_<version>_<arch>.deb (default OUTDIR: artifacts/deb).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"

fail() {
  echo "build-deb: $*" >&2
  exit 1
}

[ $# -ge 2 ] || fail "usage: packaging/build-deb.sh amd64|arm64|armhf PATH-TO-edge-BINARY [OUTDIR]"
arch=$1
binary=$2
outdir=${3:-$repo/artifacts/deb}
case "$arch" in
  amd64) strip_tool=strip objdump_tool=objdump ;;
  arm64) strip_tool=aarch64-linux-gnu-strip objdump_tool=aarch64-linux-gnu-objdump ;;
  armhf) strip_tool=arm-linux-gnueabihf-strip objdump_tool=arm-linux-gnueabihf-objdump ;;
  *) fail "unknown architecture '$arch'; use amd64, arm64 or armhf" ;;
esac
[ -f "$binary" ] || fail "$binary does not exist; build it first (cross-build.sh, or dotnet publish with PublishAot)"
command -v dpkg-deb >/dev/null || fail "dpkg-deb is missing: sudo apt-get install dpkg"

# The version is the project's (src/Edge/Edge.csproj), which is also what `edge --version`
# prints; reading it from the project works for a foreign-architecture binary that cannot run here.
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/src/Edge/Edge.csproj" | head -n1)
[ -n "$version" ] || fail "could not read <Version> from src/Edge/Edge.csproj"

stage=$(mktemp -d)
chmod 0755 "$stage"
trap 'rm -rf "$stage"' EXIT
umask 022

install -d "$stage/DEBIAN" "$stage/usr/bin" "$stage/etc/edge" "$stage/lib/systemd/system" \
  "$stage/usr/share/doc/edge" "$stage/usr/share/man/man1" "$stage/usr/share/lintian/overrides" "$stage/usr/lib/edge"
install -m 0755 "$binary" "$stage/usr/bin/edge"
if command -v "$strip_tool" >/dev/null; then
  "$strip_tool" --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/edge"
else
  echo "build-deb: $strip_tool not found; packaging the binary unstripped" >&2
fi
install -m 0644 "$repo/config/edge.toml" "$stage/etc/edge/edge.toml"
# The first-install password, also run by the Raspberry Pi image at each card's first boot.
install -m 0755 "$here/debian/add-first-viewer" "$stage/usr/lib/edge/add-first-viewer"
install -m 0644 "$repo/systemd/edge.service" "$stage/lib/systemd/system/edge.service"
install -m 0644 "$here/debian/copyright" "$stage/usr/share/doc/edge/copyright"
install -m 0644 "$here/debian/lintian-overrides" "$stage/usr/share/lintian/overrides/edge"
install -m 0644 "$repo/README.md" "$stage/usr/share/doc/edge/README.md"
gzip -9n < "$here/debian/edge.1" > "$stage/usr/share/man/man1/edge.1.gz"
chmod 0644 "$stage/usr/share/man/man1/edge.1.gz"
{
  echo "edge ($version-1) unstable; urgency=medium"
  echo
  echo "  * Release $version."
  echo
  echo " -- Edge developers <dev@edge.invalid>  $(date -R -d "@${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n > "$stage/usr/share/doc/edge/changelog.Debian.gz"
chmod 0644 "$stage/usr/share/doc/edge/changelog.Debian.gz"

printf '%s\n' /etc/edge/edge.toml > "$stage/DEBIAN/conffiles"
for script in preinst postinst prerm postrm; do
  install -m 0755 "$here/debian/$script" "$stage/DEBIAN/$script"
done
# The oldest glibc the binary runs on: the newest GLIBC_x.y symbol version it imports (2.34 for
# .NET 10's NativeAOT runtime; Debian 12 and Raspberry Pi OS Bookworm ship 2.36).
glibc=2.34
if command -v "$objdump_tool" >/dev/null; then
  glibc=$("$objdump_tool" -T "$stage/usr/bin/edge" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n1)
  [ -n "$glibc" ] || fail "$objdump_tool found no glibc symbol versions in $binary"
else
  echo "build-deb: $objdump_tool not found; assuming the binary needs glibc $glibc" >&2
fi
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version-1/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@GLIBC@/$glibc/" \
  "$here/debian/control.in" > "$stage/DEBIAN/control"
(cd "$stage" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/conffiles" "$stage/DEBIAN/md5sums"

mkdir -p "$outdir"
package="$outdir/edge_${version}-1_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$package" >/dev/null
echo "build-deb: $package ($(du -h "$package" | cut -f1))"
