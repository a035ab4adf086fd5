#!/usr/bin/env bash
# Builds the flashable SD-card image for 64-bit Raspberry Pi boards (3, 3+, 4, 400, Zero 2 W,
# CM3, CM4) from Debian packages only: bookworm arm64 with Debian's kernel and raspi-firmware,
# systemd, DHCP networking (systemd-networkd), avahi (the board answers as NAME.local),
# libavcodec59 with libx264, and Edge from its own arm64 .deb.
#
#   packaging/pi-image/build-image.sh [--deb PATH] [--out DIR] [--raw-only]
#
# Output: DIR/edge-pi-arm64.img (raw, for dd) and DIR/edge-pi-arm64.img.xz (for Raspberry Pi
# Imager; --raw-only skips it, as the tests that boot the raw image do), DIR defaulting to
# artifacts/pi-image. Without --deb it builds the .deb first
# (./cross-build.sh linux-arm64, then packaging/build-deb.sh).
#
# Runs as root (mmdebstrap installs packages into a directory tree, running arm64 maintainer
# scripts through qemu-user-static and binfmt_misc). Needs no loop devices: the partitions are
# made as files (mkfs.vfat + mtools, mkfs.ext4 -d) and put in place with dd.
#
# Two stages, each cached under ${XDG_CACHE_HOME:-$HOME/.cache}/edge-pi-image: the base (Debian
# and its packages, installed by mmdebstrap with every arm64 maintainer script emulated: tens of
# minutes) is keyed by what it is made from (setup.sh, the package list, the mirror), so a new
# Edge does not rebuild it; the image (the base, the overlay, Edge's .deb, the card's files:
# about a minute) is keyed by everything, so a second run with the same inputs only copies it
# out. The newest two of each are kept, and a base is made again after 14 days
# (EDGE_PI_IMAGE_BASE_DAYS) for Debian's updates. EDGE_PI_IMAGE_MIRROR overrides the Debian mirror.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
started=$(date +%s)

fail() {
  echo "build-image: $*" >&2
  exit 1
}
say() {
  echo "build-image: $*"
}

deb=""
raw_only=0
outdir="$repo/artifacts/pi-image"
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb=${2:?--deb needs a path}; shift 2 ;;
    --out) outdir=${2:?--out needs a directory}; shift 2 ;;
    --raw-only) raw_only=1; shift ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument '$1'; usage: packaging/pi-image/build-image.sh [--deb PATH] [--out DIR] [--raw-only]" ;;
  esac
done

mirror=${EDGE_PI_IMAGE_MIRROR:-http://deb.debian.org/debian}
security_mirror=${EDGE_PI_IMAGE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
suite=bookworm
components="main non-free-firmware"
image_name=edge-pi-arm64.img
# The FAT partition holds the firmware, kernel, initramfs and device trees (about 90 MiB).
boot_mib=256
# Debian's packages, beyond the apt variant's essentials. libavcodec59 brings libx264.
packages=(
  linux-image-arm64 raspi-firmware firmware-brcm80211 initramfs-tools
  systemd systemd-sysv systemd-resolved systemd-timesyncd udev dbus kmod
  avahi-daemon libnss-mdns iproute2 wpasupplicant openssh-server
  cloud-guest-utils e2fsprogs dosfstools fdisk
  libavcodec59 libx264-164 libssl3 ca-certificates
  procps less
)

# ---------------------------------------------------------------------------------- checks --

[ "$(id -u)" = 0 ] || fail "run as root (mmdebstrap installs packages as root): sudo $0 $*"

missing=()
for tool in mmdebstrap:mmdebstrap mkfs.vfat:dosfstools mcopy:mtools sfdisk:fdisk mkfs.ext4:e2fsprogs \
  xz:xz-utils curl:curl qemu-aarch64-static:qemu-user-static; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
[ ${#missing[@]} -eq 0 ] || fail "missing tools; install them with: sudo apt-get install -y ${missing[*]}"

# arm64 maintainer scripts run through qemu-user-static; the kernel finds it through binfmt_misc.
binfmt=/proc/sys/fs/binfmt_misc
if [ ! -e "$binfmt/register" ]; then
  mount -t binfmt_misc binfmt_misc "$binfmt" 2>/dev/null ||
    fail "binfmt_misc is not mounted and cannot be (mount -t binfmt_misc binfmt_misc $binfmt failed); on a container host, enable binfmt_misc there (apt-get install qemu-user-static binfmt-support)"
fi
if ! grep -qx enabled "$binfmt/qemu-aarch64" 2>/dev/null; then
  conf=/usr/lib/binfmt.d/qemu-aarch64.conf
  [ -f "$conf" ] || fail "$conf is missing; reinstall qemu-user-static"
  # The F flag makes the kernel open the interpreter now, so it works inside the chroot too.
  sed 's#:[^:]*:[A-Z]*$#:/usr/bin/qemu-aarch64-static:OCF#' "$conf" > "$binfmt/register" 2>/dev/null ||
    fail "cannot register qemu-aarch64-static with binfmt_misc (writing $binfmt/register failed); arm64 packages cannot be configured on this machine"
fi
grep -q 'flags:.*F' "$binfmt/qemu-aarch64" ||
  fail "binfmt_misc's qemu-aarch64 handler lacks the F flag, so it cannot run inside a chroot; re-register it (echo -1 > $binfmt/qemu-aarch64, then run this again)"

curl -fsS --max-time 20 -o /dev/null "$mirror/dists/$suite/Release" ||
  fail "the Debian archive $mirror is unreachable (fetching dists/$suite/Release failed); check the network or set EDGE_PI_IMAGE_MIRROR"

if [ -z "$deb" ]; then
  version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/src/Edge/Edge.csproj" | head -n1)
  deb="$repo/artifacts/deb/edge_${version}-1_arm64.deb"
  if [ ! -f "$deb" ]; then
    say "no arm64 .deb yet; building it (./cross-build.sh linux-arm64, packaging/build-deb.sh arm64)"
    "$repo/cross-build.sh" linux-arm64 || fail "./cross-build.sh linux-arm64 failed (see above); the image needs Edge's arm64 .deb"
    "$repo/packaging/build-deb.sh" arm64 "$repo/artifacts/publish/linux-arm64/edge" "$repo/artifacts/deb" ||
      fail "packaging/build-deb.sh arm64 failed (see above)"
  fi
fi
[ -f "$deb" ] || fail "$deb does not exist; build it with ./cross-build.sh linux-arm64 && packaging/build-deb.sh arm64 artifacts/publish/linux-arm64/edge"
[ "$(dpkg-deb -f "$deb" Architecture 2>/dev/null)" = arm64 ] || fail "$deb is not an arm64 Debian package"
deb=$(realpath "$deb")

# ----------------------------------------------------------------------------------- cache --

cache="${XDG_CACHE_HOME:-$HOME/.cache}/edge-pi-image"
mkdir -p "$cache/apt" "$cache/bases" "$cache/images" || fail "cannot create the cache directory $cache"
base_key=$(
  {
    sha256sum < "$here/setup.sh"
    echo "$mirror $security_mirror $suite $components ${packages[*]}"
  } | sha256sum | cut -c1-16
)
key=$(
  {
    echo "$base_key $boot_mib"
    (cd "$here" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    sha256sum < "$deb"
    sha256sum < "$repo/config/edge.toml"
  } | sha256sum | cut -c1-16
)
base="$cache/bases/$base_key"
cached="$cache/images/$key"

# Keeps the newest two entries of a cache directory: every new .deb makes a new image (1.4 GiB).
prune() {
  local dir=$1
  # shellcheck disable=SC2012 # the names are our own 16-hex-digit keys
  ls -1t "$dir" | tail -n +3 | while read -r old; do rm -rf --one-file-system "${dir:?}/$old"; done
}

copy_out() {
  local tmp="$outdir/.$1.partial"
  cp --sparse=always "$cached/$1" "$tmp" || { rm -f "$tmp"; fail "cannot copy $1 to $outdir (disk full?)"; }
  mv "$tmp" "$outdir/$1"
}
# The compressed image is made once per cached image, when first asked for.
compress() {
  [ ! -f "$cached/$image_name.xz" ] || (cd "$cached" && sha256sum --quiet -c "$image_name.xz.sha256" >/dev/null 2>&1) && return 0
  say "compressing ($(du -h --apparent-size "$cached/$image_name" | cut -f1))"
  xz -T0 -6 -c "$cached/$image_name" > "$cached/.$image_name.xz.partial" || { rm -f "$cached/.$image_name.xz.partial"; fail "xz failed (disk full?)"; }
  mv "$cached/.$image_name.xz.partial" "$cached/$image_name.xz"
  (cd "$cached" && sha256sum "$image_name.xz" > "$image_name.xz.sha256")
}
publish() {
  mkdir -p "$outdir"
  copy_out "$image_name"
  say "$outdir/$image_name ($(du -h --apparent-size "$outdir/$image_name" | cut -f1) raw, $(du -h "$outdir/$image_name" | cut -f1) on disk)"
  [ "$raw_only" = 0 ] || return 0
  compress
  copy_out "$image_name.xz"
  say "$outdir/$image_name.xz ($(du -h "$outdir/$image_name.xz" | cut -f1))"
}

base_days=${EDGE_PI_IMAGE_BASE_DAYS:-14}
if [ -f "$cached/SHA256SUMS" ] && [ -n "$(find "$cached/SHA256SUMS" -mtime "+$base_days" 2>/dev/null)" ]; then
  say "the cached image in $cached is more than $base_days days old; making it again"
elif [ -f "$cached/SHA256SUMS" ]; then
  if (cd "$cached" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1); then
    say "using the cached image $cached (same inputs)"
    touch "$cached"
    publish
    say "done in $(($(date +%s) - started)) s (cached)"
    exit 0
  fi
  say "the cached image in $cached is corrupt (checksums differ); building it again"
fi
rm -rf "$cached"
base_ok=0
# A base older than this is built again, so the image takes Debian's updates (security fixes
# among them) and not only those of the day the base was first made (the image above likewise).
if [ -f "$base/SHA256SUMS" ]; then
  if [ -n "$(find "$base/SHA256SUMS" -mtime "+$base_days" 2>/dev/null)" ]; then
    say "the cached base in $base is more than $base_days days old; building it again with Debian's updates"
  elif (cd "$base" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1); then
    base_ok=1
  else
    say "the cached base in $base is corrupt (checksums differ); building it again"
  fi
fi
[ "$base_ok" = 1 ] || rm -rf "$base"

# Space: the root tree (~700 MiB) and its tar, its filesystem image, the disk image and its copy out.
need_mib=$([ "$base_ok" = 1 ] && echo 3072 || echo 4096)
for dir in "$cache" "$(dirname "$outdir")"; do
  mkdir -p "$dir"
  free_mib=$(($(df -Pk "$dir" | awk 'NR==2 {print $4}') / 1024))
  [ "$free_mib" -ge "$need_mib" ] ||
    fail "only $free_mib MiB free under $dir; building the image needs about $need_mib MiB"
done

# ----------------------------------------------------------------------------------- build --

work=$(mktemp -d "$cache/build.XXXXXX")
cleanup() {
  [ -n "${work:-}" ] && [ -d "$work" ] || return 0
  # A killed mmdebstrap leaves /proc, /sys, /dev and friends mounted in the tree; removing the
  # tree before unmounting them would reach into the build machine's own /dev. So: unmount
  # (deepest first), and remove nothing while anything under the tree is still mounted.
  local mounts
  mounts=$(awk -v w="$work/" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r)
  [ -z "$mounts" ] || echo "$mounts" | xargs -r -n1 umount -l 2>/dev/null
  if awk -v w="$work/" 'index($2, w) == 1 {found=1} END {exit !found}' /proc/mounts; then
    echo "build-image: left $work in place: something is still mounted under it" >&2
    return 0
  fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM
root="$work/root"
fat="$work/fat"
mkdir -p "$fat"

# The overlay (units, network files, udev rules, the card-setup scripts) goes in as root-owned
# files, before Edge's package, whose postinst adds the edge user to the gpio group made here
# (Debian has none; Raspberry Pi OS has).
# Debian 12 has merged /usr: /lib, /bin and /sbin are symlinks into /usr, and a directory of
# that name in the tar would replace the symlink and take the dynamic loader with it.
for dir in lib lib64 bin sbin; do
  [ ! -e "$here/overlay/$dir" ] || fail "overlay/$dir would replace the /$dir symlink of merged /usr; put its files under overlay/usr/$dir"
done
tar -C "$here/overlay" --owner=0 --group=0 --mode=u+rw,go+r,go-w -cf "$work/overlay.tar" .

sources="deb $mirror $suite $components
deb $mirror $suite-updates $components
deb $security_mirror $suite-security $components"

# --- the base: Debian and its packages (cached without Edge) ---
if [ "$base_ok" = 0 ]; then
  say "installing Debian $suite arm64 with ${#packages[@]} packages into $root (log: $work/mmdebstrap.log)"
  include=$(IFS=,; echo "${packages[*]}")
  if ! mmdebstrap --mode=root --variant=apt --architectures=arm64 --components="${components// /,}" \
    --include="$include" \
    --skip=essential/unlink \
    --setup-hook="$here/setup.sh \"\$1\"" \
    --setup-hook="sync-in '$cache/apt' /var/cache/apt/archives/" \
    --customize-hook="sync-out /var/cache/apt/archives '$cache/apt'" \
    "$suite" "$root" "$sources" >"$work/mmdebstrap.log" 2>&1; then
    tail -n 25 "$work/mmdebstrap.log" >&2
    grep -qiE 'Failed to fetch|Could not resolve|Temporary failure|Unable to connect' "$work/mmdebstrap.log" &&
      fail "mmdebstrap could not download packages from $mirror (see above); check the network"
    grep -qi 'No space left' "$work/mmdebstrap.log" && fail "no space left on the disk under $cache"
    fail "mmdebstrap failed (the end of its log is above)"
  fi
  say "caching the base as $base"
  mkdir -p "$work/base"
  tar -C "$root" --xattrs --xattrs-include='*' --acls --numeric-owner -cf "$work/base/root.tar" . ||
    fail "cannot write the base's tar under $work (disk full?)"
  cp "$work/mmdebstrap.log" "$work/base/"
  (cd "$work/base" && sha256sum root.tar > SHA256SUMS)
  rm -rf "$base" && mv "$work/base" "$base"
  prune "$cache/bases"
else
  say "using the cached base $base (Debian $suite arm64 with ${#packages[@]} packages)"
  mkdir -p "$root"
  tar -C "$root" --xattrs --xattrs-include='*' --acls --numeric-owner -xpf "$base/root.tar" ||
    fail "cannot unpack the cached base $base/root.tar (disk full?)"
fi
touch "$base"

# --- Edge and the card's setup on top ---
# Commands inside the tree run through chroot (arm64, by qemu-user-static); dpkg and the
# package's scripts want /proc and /dev, which cleanup() unmounts whatever happens.
say "installing Edge ($(basename "$deb")) and the card's setup"
tar -C "$root" -xf "$work/overlay.tar" || fail "cannot unpack the overlay into $root"
chroot "$root" groupadd --system gpio || fail "groupadd gpio failed in the image's tree"
cp "$deb" "$root/tmp/edge.deb"
mount -t proc proc "$root/proc" && mount --bind /dev "$root/dev" ||
  fail "cannot mount /proc and /dev into $root"
if ! chroot "$root" dpkg -i /tmp/edge.deb >"$work/edge-install.log" 2>&1; then
  cat "$work/edge-install.log" >&2
  fail "installing $(basename "$deb") into the image failed (above); its Depends must be in this script's package list"
fi
rm -f "$root/tmp/edge.deb"
cp "$repo/config/edge.toml" "$root/etc/edge/edge.toml"
"$here/customize.sh" "$root" || fail "customize.sh failed (above)"
umount "$root/dev" "$root/proc" || fail "cannot unmount /proc and /dev from $root"
cp -a "$root/boot/firmware/." "$fat/" && rm -rf "$root"/boot/firmware/* ||
  fail "cannot move the boot partition's files out of $root"

# The card's own files: Edge's default config (the same as the package's), the name and the
# instructions.
cp "$repo/config/edge.toml" "$here/card/hostname.txt" "$here/card/wifi.txt.example" "$here/card/README.txt" "$fat/"
for file in config.txt cmdline.txt vmlinuz-* initrd.img-* bcm2837-rpi-3-b.dtb bootcode.bin start.elf; do
  ls "$fat"/$file >/dev/null 2>&1 || fail "the boot partition lacks $file; raspi-firmware's kernel hook did not run (see $base/mmdebstrap.log)"
done

say "making the partitions"
boot_sectors=$((boot_mib * 2048))
root_used_mib=$(($(du -sxm "$root" | cut -f1)))
# Room for the first boot (journal, ssh keys) before the root grows to the card.
root_mib=$(((root_used_mib * 115 / 100 + 128 + 3) / 4 * 4))
root_sectors=$((root_mib * 2048))
image="$work/$image_name"
total_sectors=$((2048 + boot_sectors + root_sectors))

truncate -s $((total_sectors * 512)) "$image"
sfdisk --quiet "$image" <<EOF || fail "sfdisk could not write the partition table"
label: dos
start=2048, size=$boot_sectors, type=c, bootable
start=$((2048 + boot_sectors)), size=$root_sectors, type=83
EOF

mkfs.vfat -F 32 -n EDGEBOOT -C "$work/boot.part" $((boot_mib * 1024)) >/dev/null || fail "mkfs.vfat failed"
mcopy -s -i "$work/boot.part" "$fat"/* ::/ || fail "mcopy could not fill the boot partition"
mkfs.ext4 -q -L EDGEROOT -d "$root" "$work/root.part" "${root_mib}M" ||
  fail "mkfs.ext4 -d could not make the root filesystem (e2fsprogs 1.43 or later is needed)"
dd if="$work/boot.part" of="$image" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$work/root.part" of="$image" bs=1M seek=$((1 + boot_mib)) conv=notrunc,sparse status=none
rm -f "$work/boot.part" "$work/root.part"

(cd "$work" && sha256sum "$image_name" > SHA256SUMS)

mkdir -p "$cached"
mv "$image" "$work/SHA256SUMS" "$cached/"
cp "$work/edge-install.log" "$cached/"
prune "$cache/images"
publish
say "done in $(($(date +%s) - started)) s"
