#!/bin/sh
# mmdebstrap setup hook of build-image.sh: files that must be in the tree ($1) before any package
# is installed, because the packages' own scripts read them.
set -eu
root=$1

mkdir -p "$root/boot/firmware" "$root/var/cache/apt/archives" "$root/etc/initramfs-tools/conf.d" \
  "$root/etc/initramfs-tools/hooks"

# The card: FAT boot partition (firmware, kernel, the user's settings) and the ext4 root.
# Written now so that initramfs-tools' fsck hook puts e2fsck for the root into the initramfs.
cat > "$root/etc/fstab" <<'FSTAB'
LABEL=EDGEROOT  /               ext4  defaults,noatime                  0 1
# umask=0077: edge.toml and wifi.txt may hold passwords, so only root reads the card's files.
# nofail: nobody sits at a camera's console, so a damaged FAT partition must not hold the boot
# in systemd's emergency shell; Edge then starts with the configuration it last copied. The
# generous device timeout is for slow cards (and emulation), not for a missing partition.
LABEL=EDGEBOOT  /boot/firmware  vfat  defaults,umask=0077,noatime,nofail,x-systemd.device-timeout=5min  0 2
FSTAB

# The initramfs only has to find the root filesystem on a Pi: with the default MODULES=most,
# mkinitramfs copies some 3,700 modules, and under emulation (every modprobe and cp an arm64
# program run by qemu-user) that takes the better part of an hour, where the list below takes
# seconds. The rest of the kernel's modules load from the root filesystem as usual.
cat > "$root/etc/initramfs-tools/conf.d/edge-pi" <<'CONF'
MODULES=list
CONF
cat > "$root/etc/initramfs-tools/hooks/edge-pi" <<'HOOK'
#!/bin/sh
# The drivers between a 64-bit Raspberry Pi's power-on and its root filesystem: the SD card
# (bcm2835 sdhost on Pi 3/Zero 2 W/CM3, sdhci-iproc for the Pi 4's emmc2), USB disks (dwc2 on
# Pi 3, xhci behind the Pi 4's PCIe, with the firmware reset the VL805 needs) and ext4, and
# virtio's disk and network, so the same card boots in QEMU's generic arm64 machine, where the
# tests reach it over a network (QEMU's emulated Pi 3 has none that Debian's kernel drives).
# fsck: initramfs-tools' own fsck hook finds the root's type from the build machine's devices,
# where the card's label does not exist, and leaves fsck out; the root is checked before it is
# mounted (fsck.repair=yes on the kernel command line), as after a power cut.
PREREQ=""
prereqs() { echo "$PREREQ"; }
case ${1:-} in prereqs) prereqs; exit 0 ;; esac
. /usr/share/initramfs-tools/hook-functions
for module in bcm2835 sdhci-iproc dwc2 reset-raspberrypi xhci-pci usb-storage uas \
  ext4 crc32c_generic virtio_blk virtio_net virtio_pci virtio_mmio; do
  manual_add_modules "$module"
done
copy_exec /sbin/fsck
copy_exec /sbin/fsck.ext4
copy_exec /sbin/logsave
HOOK
chmod 755 "$root/etc/initramfs-tools/hooks/edge-pi"
