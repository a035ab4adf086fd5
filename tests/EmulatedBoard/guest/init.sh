#!/bin/sh
# /init of the emulated board's initramfs (busybox sh). prepare.sh copies it in, with
# udhcpc.script as /etc/udhcpc.script; run-in-guest.sh passes, on the kernel command line (the
# kernel hands unknown name=value parameters to init as environment variables):
#   edge_home     the host path of tests/EmulatedBoard (guest/stage2.sh runs from there)
#   edge_results  the host path of the results directory, mounted writable at the same path
#   edge_abi      the kernel ABI, edge_modules the host path of its module tree
# It mounts the host's root filesystem (9p tag "hostroot", read-only) under a tmpfs overlay,
# so the guest sees the host's files at the same paths and may write anywhere (writes stay in
# guest memory), sets up /dev, /run, configfs and the network, then switches into it and runs
# stage2.sh as PID 1. Everything here is busybox from RAM: under emulation, starting the host's
# dynamically linked programs over 9p costs far more.
/bin/busybox mkdir -p /proc /sys /dev /usr/bin /sbin /usr/sbin
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1

fail() {
  echo "edge-board init: $*"
  echo o >/proc/sysrq-trigger 2>/dev/null || echo o >/newroot/proc/sysrq-trigger
  sleep 10
}

for m in $(cat /lib/boot/order); do
  insmod "/lib/boot/$m" || fail "insmod $m failed"
done

mkdir -p /lower /rw /newroot
tries=0
until mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /lower 2>/dev/null; do
  tries=$((tries + 1))
  [ "$tries" -lt 100 ] || fail "cannot mount the host's root (9p tag hostroot)"
  sleep 0.05
done
mount -t tmpfs -o mode=0755 tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot ||
  fail "cannot mount the overlay"

n=/newroot
if [ -n "${edge_results:-}" ]; then
  mkdir -p "$n$edge_results"
  mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=none edgeresults "$n$edge_results" ||
    fail "cannot mount the results directory (9p tag edgeresults)"
fi
if [ -n "${edge_modules:-}" ] && [ -n "${edge_abi:-}" ]; then
  mkdir -p "$n/lib/modules/$edge_abi"
  mount --bind "$n$edge_modules" "$n/lib/modules/$edge_abi" || fail "cannot bind the module tree"
fi

# Network: QEMU's user-mode network answers DHCP at once (10.0.2.15, gateway 10.0.2.2).
hostname edge-board
printf '127.0.0.1\tlocalhost\n127.0.1.1\tedge-board\n::1\tlocalhost ip6-localhost ip6-loopback\n' >$n/etc/hosts
ip link set lo up
log=/dev/null
[ -n "${edge_results:-}" ] && mkdir -p "$n$edge_results/board" && log=$n$edge_results/board/dhcp.log
if [ -e /sys/class/net/eth0 ]; then
  rm -f $n/etc/resolv.conf
  EDGE_ROOT=$n udhcpc -i eth0 -f -q -n -t 5 -T 1 -S -s /etc/udhcpc.script >"$log" 2>&1 ||
    echo "edge-board init: DHCP on eth0 failed"
fi

for d in dev proc sys; do
  mount --move "/$d" "/newroot/$d"
done
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs $n/run
mkdir -p $n/dev/pts $n/dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts $n/dev/pts
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs $n/dev/shm
ln -sf /proc/self/fd $n/dev/fd
ln -sf /proc/self/fd/0 $n/dev/stdin
ln -sf /proc/self/fd/1 $n/dev/stdout
ln -sf /proc/self/fd/2 $n/dev/stderr
mount -t configfs configfs $n/sys/kernel/config 2>/dev/null || true

[ -f "$n$edge_home/guest/stage2.sh" ] || fail "no $edge_home/guest/stage2.sh in the host's root"
exec switch_root $n /bin/sh "$edge_home/guest/stage2.sh"
