#!/bin/sh
# mmdebstrap customize hook of build-image.sh: turns the installed tree ($1) into the board's
# root filesystem. Runs on the build machine; commands inside the tree run through chroot.
set -eu
root=$1

# /etc/fstab and the initramfs settings were written by setup.sh, before the packages.

# The package's first install gave /etc/edge/edge.toml a viewer with a random password; in an
# image that password would be the same on every card flashed from it, so the build put the
# package's own config back (the same file as the card's) and each card makes its own password at
# its first boot (card-setup). Owned as the package owns it: readable by root and edge only.
if grep -q '^\[\[rtsp.users\]\]' "$root/etc/edge/edge.toml"; then
  echo "customize.sh: /etc/edge/edge.toml still carries the install's password" >&2
  exit 1
fi
chroot "$root" chgrp edge /etc/edge/edge.toml
chmod 0640 "$root/etc/edge/edge.toml"
echo edge-cam > "$root/etc/hostname"
cat > "$root/etc/hosts" <<'HOSTS'
127.0.0.1	localhost
::1		localhost ip6-localhost ip6-loopback
127.0.1.1	edge-cam
HOSTS

# Name resolution: systemd-resolved for DNS, avahi (through nss-mdns) for NAME.local.
ln -sf ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"

chroot "$root" systemctl enable systemd-networkd.service systemd-resolved.service \
  systemd-timesyncd.service avahi-daemon.service edge.service \
  edge-card-setup.service edge-card-config.path edge-grow-root.service
# SSH stays off until the card carries authorized_keys (card-setup starts it then), and the
# image carries no host keys: each board makes its own.
chroot "$root" systemctl disable ssh.service ssh.socket 2>/dev/null || true
rm -f "$root"/etc/ssh/ssh_host_*
# Nobody sits at the console of a camera: systemd-firstboot's questions (locale, time zone,
# root password) would hold the first boot forever.
chroot "$root" systemctl mask systemd-firstboot.service
# Every board gets its own machine id on first boot.
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
# The journal on the card survives reboots (for "what happened before it restarted").
mkdir -p "$root/var/log/journal"

# raspi-firmware's kernel hook wrote cmdline.txt while /etc/default/raspi-firmware still had
# its defaults (root found from the build machine's mounts); run it again with ours.
kernel=$(cd "$root/boot" && ls vmlinuz-* | sed 's/^vmlinuz-//' | sort -V | tail -n1)
chroot "$root" env DEB_MAINT_PARAMS=configure /etc/kernel/postinst.d/z50-raspi-firmware "$kernel"
grep -q 'root=LABEL=EDGEROOT' "$root/boot/firmware/cmdline.txt"
