#!/usr/bin/env bash
# Prepares the emulated board: Debian's own kernel, its modules plus the test drivers Debian does
# not build (vicodec, v4l2-mem2mem, vim2m, gpio-sim, gpio-mockup, irq_sim; v4l2loopback from
# Debian's v4l2loopback-dkms sources), and a busybox
# initramfs that mounts this machine's root filesystem over 9p. Everything lands in the cache
# (EDGE_BOARD_CACHE, default ${XDG_CACHE_HOME:-$HOME/.cache}/edge-emulated-board), never in the
# repository and never in this machine's /boot. Idempotent: a second run only checks (seconds).
#
# Environment:
#   EDGE_BOARD_CACHE   the cache directory
#   EDGE_BOARD_ABI     use this kernel ABI (e.g. 6.1.0-56-amd64) instead of linux-image-amd64's
#   EDGE_BOARD_REFRESH=1  run apt-get update first, to pick up a newer kernel upload
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

start=$(board_now)
step_start=$start
step() { step_start=$(board_now); board_log "$*"; }
done_step() { board_log "  $* ($(board_elapsed "$step_start") s)"; }

apt_updated=0
apt_update() {
  if [ "$apt_updated" = 1 ]; then return 0; fi
  board_log "  apt-get update"
  # One stale repository index still leaves the others usable: the install below fails clearly
  # if a package really cannot be found.
  board_sudo apt-get update -q >/dev/null 2>&1 || board_log "  apt-get update reported errors; going on"
  apt_updated=1
}

missing_packages() {
  local installed p
  installed=" $(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null | awk '$2 == "install" && $4 == "installed" { printf "%s ", $1 }' || true)"
  for p in "$@"; do
    [[ $installed == *" $p "* ]] || echo "$p"
  done
}

apt_install() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  if ((${#missing[@]} == 0)); then return 0; fi
  if ! board_sudo true; then
    board_die "missing packages ${missing[*]}, and not root (nor passwordless sudo) to install them" "$BOARD_EXIT_MISSING"
  fi
  apt_update
  board_log "  apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive board_sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >"$board_cache/apt.log" 2>&1 ||
    { tail -20 "$board_cache/apt.log" >&2; board_die "apt-get install failed (log: $board_cache/apt.log)" "$BOARD_EXIT_MISSING"; }
}

command -v dpkg-query >/dev/null 2>&1 || board_die "this harness needs a Debian-based host (dpkg/apt)" "$BOARD_EXIT_MISSING"
[ "$(uname -m)" = x86_64 ] || board_die "this harness needs an x86_64 host (it boots Debian's amd64 kernel)" "$BOARD_EXIT_MISSING"
mkdir -p "$board_cache"
# One preparation at a time per cache (a developer's run and a test run may overlap).
exec 9>"$board_cache/.lock"
flock 9

# 1. Host tools. ffmpeg and v4l2-ctl run inside the guest from this machine's own /usr/bin.
step "host packages"
host_packages=(qemu-system-x86 busybox-static v4l-utils gpiod kmod cpio gzip xz-utils make gcc libc6-dev libelf1 ffmpeg)
if [ "${EDGE_BOARD_REFRESH:-0}" = 1 ]; then apt_update; fi
apt_install "${host_packages[@]}"
done_step "${#host_packages[@]} present"

# 2. Which kernel: the ABI that linux-image-amd64 depends on now (security uploads change it).
step "kernel ABI"
resolve_abi() {
  apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*-amd64\)$/\1/p' | head -1
}
abi=${EDGE_BOARD_ABI:-}
if [ -z "$abi" ]; then
  abi=$(resolve_abi)
  if [ -z "$abi" ] || [ ! -f "$board_cache/$abi/.ready" ]; then
    # Nothing cached for it (or no package lists at all): the lists may be old, and the archive
    # only keeps the newest security upload, so refresh them before downloading anything.
    apt_update
    abi=$(resolve_abi)
  fi
  if [ -z "$abi" ]; then
    # Offline developer machine: fall back to what was prepared before.
    if [ -f "$board_cache/current.env" ]; then
      abi=$(sed -n 's/^EDGE_BOARD_ABI=//p' "$board_cache/current.env")
      board_log "  apt knows no linux-image-amd64; using the cached $abi"
    else
      board_die "cannot resolve linux-image-amd64's kernel ABI (apt-cache depends linux-image-amd64)" "$BOARD_EXIT_MISSING"
    fi
  fi
fi
case $abi in *[!A-Za-z0-9._+-]*) board_die "odd kernel ABI '$abi'" ;; esac
series=${abi%%.0-*}                     # 6.1.0-56-amd64 -> 6.1
dir=$board_cache/$abi
root=$dir/root                          # the kernel package, extracted
moddir=$root/lib/modules/$abi
# Bump when the module build below changes (the cache then rebuilds them).
modules_recipe=2
# The initramfs is rebuilt whenever what goes into it changes.
initramfs_recipe=$(cat "$EDGE_BOARD_HOME/guest/init.sh" "$EDGE_BOARD_HOME/guest/udhcpc.script" | sha256sum | cut -c1-16)
boot_module_names="virtio_pci 9pnet_virtio 9p overlay virtio_net configfs"
done_step "$abi"
mkdir -p "$dir"
has_module() { modprobe -d "$root" -S "$abi" --show-depends "$1" >/dev/null 2>&1; }

# 3. The kernel package, downloaded and extracted into the cache (not installed: the host's
#    /boot and bootloader stay as they are).
step "kernel image linux-image-$abi"
if [ -f "$root/boot/vmlinuz-$abi" ] && [ -f "$dir/kernel-version" ] && [ -f "$moddir/modules.dep" ]; then
  done_step "kept $(cat "$dir/kernel-version")"
else
  rm -rf "$root" "$dir/dl" "$dir/vmlinux" "$dir/.modules-ready" && mkdir -p "$dir/dl"
  (cd "$dir/dl" && apt-get download -q "linux-image-$abi" >/dev/null 2>"$dir/dl/apt.err") ||
    { cat "$dir/dl/apt.err" >&2; board_die "apt-get download linux-image-$abi failed" "$BOARD_EXIT_MISSING"; }
  deb=$(ls "$dir"/dl/linux-image-"$abi"_*.deb)
  dpkg-deb -x "$deb" "$root"
  dpkg-deb -f "$deb" Version >"$dir/kernel-version"
  rm -rf "$dir/dl"
  depmod -b "$root" "$abi"
  done_step "downloaded and extracted $(cat "$dir/kernel-version")"
fi
kver=$(cat "$dir/kernel-version")

# The uncompressed kernel boots through its PVH entry point: QEMU loads the ELF directly and
# the guest skips decompressing itself, which under emulation saves about 5 s a boot.
step "uncompressed kernel for PVH boot"
if [ -f "$dir/vmlinux" ]; then
  done_step "kept"
else
  vmlinuz=$root/boot/vmlinuz-$abi
  rm -f "$dir/vmlinux.new"
  for magic in '\xfd7zXZ:xz -dc' '\x28\xb5\x2f\xfd:zstd -dc' '\x1f\x8b\x08:gzip -dc'; do
    off=$(LC_ALL=C grep -abo "$(printf "${magic%%:*}")" "$vmlinuz" 2>/dev/null | head -1 | cut -d: -f1 || true)
    [ -n "$off" ] || continue
    tail -c +$((off + 1)) "$vmlinuz" | ${magic#*:} >"$dir/vmlinux.new" 2>/dev/null || true
    if [ "$(head -c 4 "$dir/vmlinux.new" | od -An -c | tr -d ' ')" = '177ELF' ] &&
      readelf -n "$dir/vmlinux.new" 2>/dev/null | grep -q '0x00000012'; then
      mv "$dir/vmlinux.new" "$dir/vmlinux"
      break
    fi
  done
  rm -f "$dir/vmlinux.new"
  if [ -f "$dir/vmlinux" ]; then done_step "extracted $(du -h "$dir/vmlinux" | cut -f1)"
  else done_step "not possible; booting the compressed vmlinuz"; fi
fi
kernel_image=$root/boot/vmlinuz-$abi
[ -f "$dir/vmlinux" ] && kernel_image=$dir/vmlinux

# 4. The test drivers Debian's config leaves out, built out of tree from linux-source-$series
#    against linux-headers-$abi. Only the ones the image really lacks are built.
step "out-of-tree test drivers"
if [ "$(cat "$dir/.modules-ready" 2>/dev/null || true)" = "$modules_recipe $kver" ]; then
  done_step "kept: $(cd "$moddir/extra" 2>/dev/null && ls | tr '\n' ' ')"
else
  rm -f "$dir/.modules-ready"
  rm -rf "$moddir/extra"
  depmod -b "$root" "$abi"
  # name | source files, relative to the kernel tree
  declare -A module_sources=(
    [irq_sim]="kernel/irq/irq_sim.c"
    [gpio-sim]="drivers/gpio/gpio-sim.c drivers/gpio/gpiolib.h"
    [gpio-mockup]="drivers/gpio/gpio-mockup.c drivers/gpio/gpiolib.h"
    [v4l2-mem2mem]="drivers/media/v4l2-core/v4l2-mem2mem.c"
    [vicodec]="drivers/media/test-drivers/vicodec/vicodec-core.c drivers/media/test-drivers/vicodec/codec-fwht.c drivers/media/test-drivers/vicodec/codec-fwht.h drivers/media/test-drivers/vicodec/codec-v4l2-fwht.c drivers/media/test-drivers/vicodec/codec-v4l2-fwht.h"
    [vim2m]="drivers/media/test-drivers/vim2m.c"
  )
  build_list=()
  for m in irq_sim gpio-sim gpio-mockup v4l2-mem2mem vicodec vim2m; do
    has_module "$m" || build_list+=("$m")
  done
  if ((${#build_list[@]} == 0)); then
    done_step "the kernel package already has them all"
  else
    apt_install "linux-headers-$abi"
    headers=/usr/src/linux-headers-$abi
    [ -f "$headers/Makefile" ] || board_die "$headers is missing after installing linux-headers-$abi" "$BOARD_EXIT_MISSING"
    files=()
    for m in "${build_list[@]}"; do
      for f in ${module_sources[$m]}; do files+=("linux-source-$series/$f"); done
    done
    mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u)
    src=$dir/src
    rm -rf "$src" && mkdir -p "$src"
    # The matching source: linux-source-$series at the kernel package's version, from the
    # installed package if it is that version, else downloaded into the cache and dropped after.
    # Only the few files needed are extracted.
    tarball=/usr/src/linux-source-$series.tar.xz
    if [ "$(dpkg-query -W -f='${Version}' "linux-source-$series" 2>/dev/null || true)" = "$kver" ] && [ -f "$tarball" ]; then
      srcver=$kver
    else
      mkdir -p "$dir/dl"
      if ! (cd "$dir/dl" && apt-get download -q "linux-source-$series=$kver" >/dev/null 2>&1); then
        board_log "  linux-source-$series=$kver is not in the archive; taking its newest version"
        (cd "$dir/dl" && apt-get download -q "linux-source-$series" >/dev/null 2>"$dir/dl/apt.err") ||
          { cat "$dir/dl/apt.err" >&2; board_die "apt-get download linux-source-$series failed" "$BOARD_EXIT_MISSING"; }
      fi
      sdeb=$(ls "$dir"/dl/linux-source-"$series"_*.deb)
      srcver=$(dpkg-deb -f "$sdeb" Version)
      tarball=$dir/dl/linux-source-$series.tar.xz
      dpkg-deb --fsys-tarfile "$sdeb" | tar -xO "./usr/src/linux-source-$series.tar.xz" >"$tarball"
      rm -f "$sdeb"
    fi
    # xz decompresses the tarball's blocks in parallel; tar stops once it has every file.
    { xz -T0 -dc "$tarball" 2>/dev/null || true; } | tar -x -C "$src" --occurrence "${files[@]}"
    for f in "${files[@]}"; do
      [ -f "$src/$f" ] || board_die "$f is not in linux-source-$series $srcver"
    done
    rm -rf "$dir/dl"
    build=$dir/build
    rm -rf "$build" && mkdir -p "$build"
    for f in "${files[@]}"; do cp "$src/$f" "$build/"; done
    # irq_sim.c calls irq_to_desc(), which the kernel does not export to modules:
    # generic_handle_domain_irq() resolves the same mapping and calls the same handler
    # (handle_simple_irq, set by irq_sim_domain_map), and is exported. Also give it a licence,
    # which a built-in file does not need and a module does.
    if [ -f "$build/irq_sim.c" ]; then
      if grep -q 'irq_to_desc' "$build/irq_sim.c"; then
        awk '
          /^static void irq_sim_handle_irq\(/ { infn = 1 }
          infn && /^}/ { infn = 0 }
          infn && /^[ \t]*int irqnum;[ \t]*$/ { next }
          infn && /irqnum = irq_find_mapping\(work_ctx->domain, offset\);/ {
            sub(/irqnum = irq_find_mapping\(work_ctx->domain, offset\);/, "generic_handle_domain_irq(work_ctx->domain, offset);")
          }
          infn && /handle_simple_irq\(irq_to_desc\(irqnum\)\);/ { next }
          { print }
        ' "$build/irq_sim.c" >"$build/irq_sim.c.new"
        mv "$build/irq_sim.c.new" "$build/irq_sim.c"
        if grep -q 'irq_to_desc' "$build/irq_sim.c" || ! grep -q 'generic_handle_domain_irq(work_ctx->domain, offset);' "$build/irq_sim.c"; then
          board_die "the irq_sim.c patch did not apply to linux-source-$series $srcver; update prepare.sh"
        fi
      fi
      grep -q 'MODULE_LICENSE' "$build/irq_sim.c" ||
        printf '\n#include <linux/module.h>\nMODULE_DESCRIPTION("Interrupt simulator (built out of tree by tests/EmulatedBoard)");\nMODULE_LICENSE("GPL");\n' >>"$build/irq_sim.c"
    fi
    {
      for m in "${build_list[@]}"; do echo "obj-m += $m.o"; done
      echo "vicodec-objs := vicodec-core.o codec-fwht.o codec-v4l2-fwht.o"
    } >"$build/Kbuild"
    if ! make -C "$headers" M="$build" -j"$(nproc)" modules >"$build/build.log" 2>&1; then
      tail -30 "$build/build.log" >&2
      board_die "building ${build_list[*]} failed (log: $build/build.log)"
    fi
    mkdir -p "$moddir/extra"
    for m in "${build_list[@]}"; do cp "$build/$m.ko" "$moddir/extra/"; done
    rm -rf "$src" "$build"
    done_step "built ${build_list[*]} from linux-source-$series $srcver"
  fi
  # v4l2loopback (a video device whose frames another program writes: the emulated board's MJPEG
  # camera) is not in the kernel tree: Debian ships its sources as v4l2loopback-dkms. The .deb is
  # downloaded into the cache (not installed: no DKMS hooks on this machine), its two source files
  # built like the modules above, and the rest thrown away.
  if ! has_module v4l2loopback; then
    apt_install "linux-headers-$abi"
    headers=/usr/src/linux-headers-$abi
    lb=$dir/v4l2loopback
    rm -rf "$lb" && mkdir -p "$lb/dl" "$lb/build"
    (cd "$lb/dl" && apt-get download -q v4l2loopback-dkms >/dev/null 2>"$lb/dl/apt.err") ||
      { cat "$lb/dl/apt.err" >&2; board_die "apt-get download v4l2loopback-dkms failed" "$BOARD_EXIT_MISSING"; }
    lbdeb=$(ls "$lb"/dl/v4l2loopback-dkms_*.deb)
    lbver=$(dpkg-deb -f "$lbdeb" Version)
    dpkg-deb -x "$lbdeb" "$lb/x"
    lbsrc=$(find "$lb/x/usr/src" -mindepth 1 -maxdepth 1 -name 'v4l2loopback-*' -type d -print -quit 2>/dev/null)
    if [ -z "$lbsrc" ] || [ ! -f "$lbsrc/v4l2loopback.c" ]; then
      board_die "v4l2loopback-dkms $lbver has no usr/src/v4l2loopback-*/v4l2loopback.c"
    fi
    cp "$lbsrc"/*.c "$lbsrc"/*.h "$lb/build/"
    echo "obj-m += v4l2loopback.o" >"$lb/build/Kbuild"
    if ! make -C "$headers" M="$lb/build" -j"$(nproc)" modules >"$lb/build.log" 2>&1; then
      tail -30 "$lb/build.log" >&2
      board_die "building v4l2loopback from v4l2loopback-dkms $lbver failed (log: $lb/build.log)"
    fi
    mkdir -p "$moddir/extra"
    cp "$lb/build/v4l2loopback.ko" "$moddir/extra/"
    rm -rf "$lb"
    board_log "  built v4l2loopback from v4l2loopback-dkms $lbver"
  fi
  # Every module must resolve against the kernel's exported symbols (Module.symvers of
  # linux-headers-$abi) and the modules next to it.
  if [ -f "/usr/src/linux-headers-$abi/Module.symvers" ]; then
    depmod -b "$root" -e -E "/usr/src/linux-headers-$abi/Module.symvers" "$abi" 2>"$dir/depmod.log" || true
    if grep 'extra/' "$dir/depmod.log" >&2; then
      board_die "depmod reports unresolved symbols in the built modules (above)"
    fi
  else
    depmod -b "$root" "$abi"
  fi
  for m in vivid vicodec gpio-sim gpio-mockup vim2m v4l2loopback configfs 9p overlay virtio_net; do
    has_module "$m" || board_die "module $m is not available for $abi after preparing"
  done
  echo "$modules_recipe $kver" >"$dir/.modules-ready"
fi

# 5. The initramfs: static busybox, /init, the DHCP script, and just the modules needed to reach
#    the host's root over virtio 9p, lay a tmpfs overlay on it, and bring up eth0 and configfs.
#    Everything else loads later from the full module tree, which the guest sees through 9p at
#    /lib/modules/$abi.
step "initramfs"
if [ -f "$dir/initramfs.cpio.gz" ] && [ "$(cat "$dir/.initramfs-ready" 2>/dev/null || true)" = "$initramfs_recipe $kver" ]; then
  done_step "kept"
else
  ird=$dir/initramfs.d
  rm -rf "$ird" && mkdir -p "$ird"/{bin,dev,etc,proc,sys,lib/boot,newroot}
  cp /bin/busybox "$ird/bin/busybox"
  ln -s busybox "$ird/bin/sh"
  install -m 0755 "$EDGE_BOARD_HOME/guest/init.sh" "$ird/init"
  install -m 0755 "$EDGE_BOARD_HOME/guest/udhcpc.script" "$ird/etc/udhcpc.script"
  : >"$ird/lib/boot/order"
  # shellcheck disable=SC2086
  while read -r verb path _; do
    [ "$verb" = insmod ] || continue
    name=$(basename "$path")
    grep -qx "$name" "$ird/lib/boot/order" && continue
    cp "$path" "$ird/lib/boot/$name"
    echo "$name" >>"$ird/lib/boot/order"
  done < <(for m in $boot_module_names; do modprobe -d "$root" -S "$abi" --show-depends "$m"; done)
  (cd "$ird" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$dir/initramfs.cpio.gz.new"
  mv "$dir/initramfs.cpio.gz.new" "$dir/initramfs.cpio.gz"
  boot_modules=$(sed 's/\.ko$//' "$ird/lib/boot/order" | tr '\n' ' ')
  rm -rf "$ird"
  echo "$initramfs_recipe $kver" >"$dir/.initramfs-ready"
  done_step "$(du -h "$dir/initramfs.cpio.gz" | cut -f1); boot modules: $boot_modules"
fi
echo ok >"$dir/.ready"

cat >"$board_cache/current.env.new" <<EOF
EDGE_BOARD_ABI=$abi
EDGE_BOARD_KERNEL_IMAGE=$kernel_image
EDGE_BOARD_INITRAMFS=$dir/initramfs.cpio.gz
EDGE_BOARD_MODULE_TREE=$moddir
EOF
mv "$board_cache/current.env.new" "$board_cache/current.env"

board_log "ready: kernel $abi ($(cat "$dir/kernel-version")), cache $board_cache, prepared in $(board_elapsed "$start") s"
board_log "  built modules: $(cd "$moddir/extra" 2>/dev/null && ls | tr '\n' ' ')"
